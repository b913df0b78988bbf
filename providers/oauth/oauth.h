/*
 * providers/oauth/oauth.h - what the files of the oauth provider share.
 * Not installed.  File map:
 *
 *   oauth.c     the provider table: args, the lock, the flow in order
 *   link.c      random ids (getrandom), URL encoding, the authorize link
 *   exchange.c  the middleman wait and the code-for-token exchange (HTTP)
 *   expiry.c    RFC 3339 expiry -> epoch microseconds
 *   lock.c      the per-host lock that makes concurrent logins one flow
 *   browser.c   xdg-open through posix_spawn, never waited on unbounded
 *   spinner.c   "waiting..." progress messages while the middleman call blocks
 */
#ifndef DAGSHUB_OAUTH_H
#define DAGSHUB_OAUTH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "dagshub/provider.h"

#include "../common/wipe.h" /* dh_wipe */

/* DagsHub's public OAuth client id: the one the Python client uses. */
#define OAUTH_DEFAULT_CLIENT_ID \
	"32b60ba385aa7cecf24046d8195a71c07dd345d9657977863b52e7748e0f0f28"
#define OAUTH_DEFAULT_TIMEOUT_S 300

/* ---- link.c ---- */

/* One login attempt's random ids. */
typedef struct oauth_ids {
	char state[37];      /* a random (version 4) UUID, lower-case */
	char request_id[65]; /* 64 lower-case hex digits */
} oauth_ids;

/* Fills ids from getrandom().  0, or -1 with errno set. */
int oauth_ids_new(oauth_ids *ids);

/* application/x-www-form-urlencoded / query escaping of s (unreserved
 * characters kept, everything else %XX).  malloc()ed, NULL on ENOMEM. */
char *oauth_url_encode(const char *s);

/* {host}/login/oauth/authorize?state=..&client_id=..&middleman_request_id=..
 * [&referrer=..].  malloc()ed, NULL on ENOMEM. */
char *oauth_authorize_link(const char *host, const char *client_id,
                           const oauth_ids *ids, const char *referrer);

/* ---- exchange.c ---- */

/* What the access_token endpoint answered.  Strings malloc()ed; free with
 * oauth_grant_clear(), which wipes the token. */
typedef struct oauth_grant {
	char *access_token;
	int64_t expires_us;
	char *token_type;
} oauth_grant;

void oauth_grant_clear(oauth_grant *g);

/*
 * POST {host}/login/oauth/middleman until the person approves or the
 * monotonic deadline passes; on success *code is the malloc()ed code.
 * Returns DAGSHUB_PROVIDER_TOKEN (code set), or ERROR/UNAVAILABLE with the
 * reason set.
 */
dagshub_provider_result oauth_wait_for_code(char **code,
                                            const dagshub_provider_services *svc,
                                            dagshub_provider_ctx *ctx,
                                            const char *host,
                                            const oauth_ids *ids,
                                            int64_t deadline_ms);

/* POST {host}/login/oauth/access_token; fills *g.  TOKEN or ERROR. */
dagshub_provider_result oauth_exchange_code(oauth_grant *g,
                                            const dagshub_provider_services *svc,
                                            dagshub_provider_ctx *ctx,
                                            const char *host,
                                            const char *client_id,
                                            const char *code,
                                            const oauth_ids *ids,
                                            int64_t deadline_ms);

/* ---- lock.c ---- */

/* Opens (creating it 0600) <state_dir>/oauth-<host>.lock, the per-host
 * login lock, into *fd (O_CLOEXEC).  0, or -1 with the reason set. */
int oauth_lock_open(int *fd, const dagshub_provider_services *svc,
                    dagshub_provider_ctx *ctx, const char *host);
/* Takes the flock on fd, polling until the monotonic time until_ms.
 * Returns 1 when held, 0 when another process still holds it at until_ms,
 * -1 on an error (reason set). */
int oauth_lock_take(int fd, const dagshub_provider_services *svc,
                    dagshub_provider_ctx *ctx, int64_t until_ms);
/* Releases and closes a lock fd (*fd >= 0) and sets *fd to -1. */
void oauth_unlock(int *fd);

/* ---- browser.c ---- */

typedef enum oauth_browser_mode {
	OAUTH_BROWSER_AUTO = 0,   /* when DISPLAY or WAYLAND_DISPLAY is set */
	OAUTH_BROWSER_NEVER = 1,
	OAUTH_BROWSER_ALWAYS = 2
} oauth_browser_mode;

/* Starts `xdg-open link` when the mode says so.  Returns the child's pid,
 * 0 when none was started (mode, no display, spawn failed: logged). */
pid_t oauth_browser_open(const dagshub_provider_services *svc,
                         dagshub_provider_ctx *ctx, oauth_browser_mode mode,
                         const char *link);
/* Reaps the child if it has exited (never blocks); *pid 0 afterwards when
 * it was reaped. */
void oauth_browser_reap(pid_t *pid);

/* ---- spinner.c ---- */

typedef struct oauth_spinner oauth_spinner;

/* Starts sending svc->progress() messages about the wait (the CLI draws
 * them as a spinner); NULL when the core has no progress service or a
 * thread cannot be made (the wait works without it). */
oauth_spinner *oauth_spinner_start(const dagshub_provider_services *svc,
                                   dagshub_provider_ctx *ctx,
                                   int64_t deadline_ms);
/* Stops it (within ~100 ms), sends progress_done(), frees it.  NULL
 * allowed. */
void oauth_spinner_stop(oauth_spinner *sp);

#endif /* DAGSHUB_OAUTH_H */
