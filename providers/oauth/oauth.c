/*
 * providers/oauth/oauth.c - a fresh DagsHub token through OAuth, the way
 * the DagsHub Python client's `dagshub login` gets one.
 *
 * args (checked with svc->args_check):
 *   client_id    = "...";    OAuth client id (default: $DAGSHUB_CLIENT_ID,
 *                            else DagsHub's public client id)
 *   timeout      = 300;      seconds to wait for the person, in total
 *   open_browser = "auto";   "auto" (when DISPLAY or WAYLAND_DISPLAY is
 *                            set) | "never" | "always"
 *
 * get() in order:
 *   1. Neither interactive nor explicit (`dagshub-auth login`): UNAVAILABLE
 *      at once, no request made; a CI job never waits for a person.
 *   2. The per-host lock (lock.c), waiting at most the timeout, and
 *      svc->recheck_stores() each second while waiting and once the lock
 *      is ours: if another process finished a login meanwhile, its token
 *      is the answer and no second link is shown.
 *   3. The flow (exchange.c): link to the person (svc->message, and
 *      xdg-open when there is a display), the middleman wait with
 *      svc->progress() messages (the CLI's spinner), the code-for-token
 *      exchange.
 *   4. svc->set_token(DAGSHUB_TOKEN_FRESH): the core writes the token back
 *      to the `store = true` entries right after get() returns.
 *
 * The lock is held from step 2 until that write-back is done, so the
 * process that waits finds the token in step 2 instead of starting a
 * second flow.  The core gives no "write-back done" call, so the lock fd
 * stays in the state and is released in close() and at the start of the
 * next get() (the core has finished the previous request's write-back by
 * then).  A failed flow releases it at once: there is nothing to wait for.
 * Since a program may keep its handle (and so the lock) long after its
 * login, a waiting process does not rely on the lock alone: it looks in
 * the stores every second while it waits.
 *
 * Ctrl-C: the wait is one long middleman POST (its server holds it open
 * until the person approves), not short polls, because an abandoned
 * middleman call could be the one the server answers with the code.  A
 * Ctrl-C therefore ends the wait by ending the process (SIGINT's default
 * action; a provider installs no handlers): the kernel drops the flock,
 * nothing has been written, and the cache is only ever replaced by
 * rename, so nothing is left half-done.  The spinner thread blocks all
 * signals so a signal reaches the threads of the host program.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "oauth.h"

#define S_MAX_TIMEOUT_S 86400
/* While another process holds the login lock, look in the stores this
 * often (a token there ends the wait). */
#define S_RECHECK_MS 1000

static const dagshub_provider_services *s_svc;

typedef struct s_oauth {
	char *client_id;
	long long timeout_s;
	oauth_browser_mode browser;
	int lock_fd;       /* held login lock, or -1 */
	pid_t browser_pid; /* xdg-open not reaped yet, or 0 */
} s_oauth;

static void s_close(void *state)
{
	s_oauth *st = state;

	if (!st)
		return;
	oauth_unlock(&st->lock_fd);
	oauth_browser_reap(&st->browser_pid);
	free(st->client_id);
	free(st);
}

static int s_read_args(s_oauth *st, dagshub_provider_ctx *ctx)
{
	const char *cid = NULL, *browser = NULL;
	long long timeout = OAUTH_DEFAULT_TIMEOUT_S;
	int rc;

	rc = s_svc->arg_string(ctx, "client_id", &cid);
	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (rc == DAGSHUB_ARG_ABSENT) {
		cid = secure_getenv("DAGSHUB_CLIENT_ID");
		if (!cid || !*cid)
			cid = OAUTH_DEFAULT_CLIENT_ID;
	}
	if (!*cid) {
		s_svc->set_reason(ctx, "args.client_id is empty");
		return -1;
	}
	if (s_svc->arg_int(ctx, "timeout", &timeout) == DAGSHUB_ARG_INVALID)
		return -1;
	if (timeout < 1 || timeout > S_MAX_TIMEOUT_S) {
		s_svc->set_reason(ctx, "args.timeout = %lld: give the seconds to "
		                  "wait for the person, 1 to %d", timeout,
		                  S_MAX_TIMEOUT_S);
		return -1;
	}
	rc = s_svc->arg_string(ctx, "open_browser", &browser);
	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (rc == DAGSHUB_ARG_ABSENT || !strcmp(browser, "auto")) {
		st->browser = OAUTH_BROWSER_AUTO;
	} else if (!strcmp(browser, "never")) {
		st->browser = OAUTH_BROWSER_NEVER;
	} else if (!strcmp(browser, "always")) {
		st->browser = OAUTH_BROWSER_ALWAYS;
	} else {
		s_svc->set_reason(ctx, "args.open_browser = \"%s\": expected "
		                  "\"auto\", \"never\" or \"always\"", browser);
		return -1;
	}
	st->timeout_s = timeout;
	if (!(st->client_id = strdup(cid))) {
		s_svc->set_reason(ctx, "out of memory");
		return -1;
	}
	return 0;
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "client_id", "timeout",
	                                      "open_browser", NULL };
	s_oauth *st;

	if (s_svc->args_check(ctx, known) != 0)
		return -1;
	if (!(st = calloc(1, sizeof(*st)))) {
		s_svc->set_reason(ctx, "out of memory");
		return -1;
	}
	st->lock_fd = -1;
	if (s_read_args(st, ctx) != 0) {
		s_close(st);
		return -1;
	}
	*state = st;
	return 0;
}

/* Tells the person what to do: the link, on a line of its own. */
static void s_show_link(dagshub_provider_ctx *ctx, const char *host,
                        const char *link)
{
	s_svc->message(ctx, "To log in to %s, open this link in a browser and "
	               "authorize the access:", host);
	s_svc->message(ctx, "  %s", link);
}

/* Steps 3 and 4 of get(): the flow itself, with the lock held. */
static dagshub_provider_result s_flow(s_oauth *st, dagshub_provider_ctx *ctx,
                                      const dagshub_provider_request *req,
                                      int64_t deadline_ms)
{
	dagshub_provider_result r;
	dagshub_provider_token tok;
	oauth_grant grant = { 0 };
	oauth_spinner *spin;
	oauth_ids ids;
	char *link = NULL, *code = NULL, *forward = NULL;

	if (oauth_ids_new(&ids) != 0) {
		s_svc->set_reason(ctx, "getrandom() failed; no login link made");
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (!(link = oauth_authorize_link(req->host, st->client_id, &ids,
	                                  req->referrer))) {
		s_svc->set_reason(ctx, "out of memory");
		r = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	s_show_link(ctx, req->host, link);
	oauth_browser_reap(&st->browser_pid);
	if (!st->browser_pid)
		st->browser_pid = oauth_browser_open(s_svc, ctx, st->browser,
		                                     link, &forward);
	spin = oauth_spinner_start(s_svc, ctx, deadline_ms);
	r = oauth_wait_for_code(&code, s_svc, ctx, req->host, &ids, deadline_ms);
	oauth_spinner_stop(spin);
	/* The browser has had the whole wait to read the file. */
	oauth_browser_forget(&forward);
	oauth_browser_reap(&st->browser_pid);
	if (r != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	r = oauth_exchange_code(&grant, s_svc, ctx, req->host, st->client_id,
	                        code, &ids, deadline_ms);
	if (r != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	/* A token that has expired already is no token: not handed out,
	 * and the stores would refuse it anyway. */
	if (grant.expires_us <= s_svc->now_us(ctx)) {
		s_svc->set_reason(ctx, "DagsHub at %s answered a token that has "
		                  "already expired (is this machine's clock "
		                  "right?); run `dagshub-auth login` to try again",
		                  req->host);
		r = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	if (grant.token_type && strcasecmp(grant.token_type, "bearer"))
		s_svc->log(ctx, DAGSHUB_LOG_WARNING, "DagsHub called the token "
		           "\"%s\"; keeping it as a bearer token", grant.token_type);
	memset(&tok, 0, sizeof(tok));
	tok.struct_size = sizeof(tok);
	tok.value = grant.access_token;
	/* The cache's Python readers know only app-token and bearer. */
	tok.type = DAGSHUB_TOKEN_TYPE_BEARER;
	tok.expires_us = grant.expires_us;
	if (s_svc->set_token(ctx, &tok, DAGSHUB_TOKEN_FRESH) != 0) {
		/* set_token said why (not a token, or out of memory). */
		r = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	s_svc->set_reason(ctx, "logged in through OAuth at %s", req->host);
	r = DAGSHUB_PROVIDER_TOKEN;
out:
	oauth_grant_clear(&grant);
	if (code) {
		dh_wipe(code, strlen(code));
		free(code);
	}
	free(link);
	dh_wipe(&ids, sizeof(ids));
	return r;
}

/*
 * Step 2 of get(): the per-host lock.  Returns TOKEN with st->lock_fd
 * held; NOTFOUND when, while we waited, another process stored a token
 * (it is set already: answer TOKEN without the lock); ERROR (reason set).
 * *waited says whether another process held the lock first.
 */
static dagshub_provider_result s_lock(s_oauth *st, dagshub_provider_ctx *ctx,
                                      const dagshub_provider_request *req,
                                      int64_t deadline_ms, bool *waited)
{
	int fd, held;

	*waited = false;
	if (oauth_lock_open(&fd, s_svc, ctx, req->host) != 0)
		return DAGSHUB_PROVIDER_ERROR;
	for (;;) {
		int64_t until = s_svc->monotonic_ms(ctx) + S_RECHECK_MS;

		held = oauth_lock_take(fd, s_svc, ctx, until < deadline_ms
		                                       ? until : deadline_ms);
		if (held != 0)
			break;
		if (!*waited)
			s_svc->log(ctx, DAGSHUB_LOG_INFO, "another process is "
			           "logging in to %s; waiting for it", req->host);
		*waited = true;
		/*
		 * The other process keeps the lock until its handle is closed,
		 * which may be long after its token was written back, so look
		 * in the stores while waiting.  Not for an explicit login: a
		 * token stored before it started is not what it asked for.
		 */
		if (!(req->flags & DAGSHUB_REQUEST_EXPLICIT) &&
		    s_svc->recheck_stores(ctx) == DAGSHUB_PROVIDER_TOKEN) {
			close(fd);
			return DAGSHUB_PROVIDER_NOTFOUND;
		}
		if (s_svc->monotonic_ms(ctx) >= deadline_ms) {
			s_svc->set_reason(ctx, "another process has been logging in "
			                  "to %s for the whole timeout (args.timeout)",
			                  req->host);
			held = -1;
			break;
		}
	}
	if (held < 0) {
		close(fd);
		return DAGSHUB_PROVIDER_ERROR;
	}
	st->lock_fd = fd;
	return DAGSHUB_PROVIDER_TOKEN;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	s_oauth *st = state;
	dagshub_provider_result r;
	int64_t deadline_ms;
	bool waited;

	/* The previous request's write-back is done: let others in. */
	oauth_unlock(&st->lock_fd);
	if (!(req->flags & (DAGSHUB_REQUEST_INTERACTIVE |
	                    DAGSHUB_REQUEST_EXPLICIT))) {
		s_svc->set_reason(ctx, "not interactive, so no OAuth login (it "
		                  "needs a person); run `dagshub-auth login`, or "
		                  "store a token with `dagshub-auth login "
		                  "--token-stdin`");
		return DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	deadline_ms = s_svc->monotonic_ms(ctx) + st->timeout_s * 1000;
	if (req->deadline_ms > 0 && req->deadline_ms < deadline_ms)
		deadline_ms = req->deadline_ms;
	r = s_lock(st, ctx, req, deadline_ms, &waited);
	if (r == DAGSHUB_PROVIDER_NOTFOUND) {
		s_svc->log(ctx, DAGSHUB_LOG_INFO, "another process logged in "
		           "while we waited; no second login");
		return DAGSHUB_PROVIDER_TOKEN;
	}
	if (r != DAGSHUB_PROVIDER_TOKEN)
		return r;
	/*
	 * A token may have been stored between the walk's look at the stores
	 * and this lock, not only while we waited for it, so a walk always
	 * asks.  An explicit login (`dagshub-auth login`) is a request for a
	 * new token: it takes a stored one only from a login it waited for.
	 */
	if ((waited || !(req->flags & DAGSHUB_REQUEST_EXPLICIT)) &&
	    s_svc->recheck_stores(ctx) == DAGSHUB_PROVIDER_TOKEN) {
		s_svc->log(ctx, DAGSHUB_LOG_INFO, "%s; no second login",
		           waited ? "another process logged in while we waited"
		                  : "a token was stored meanwhile");
		return DAGSHUB_PROVIDER_TOKEN;
	}
	r = s_flow(st, ctx, req, deadline_ms);
	if (r != DAGSHUB_PROVIDER_TOKEN)
		oauth_unlock(&st->lock_fd);
	return r;
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "oauth",
	.flags = DAGSHUB_PROVIDER_MAKES_TOKENS, /* the login provider */
	.open = s_open,
	.get = s_get,
	.close = s_close,
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services)
{
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR)
		return NULL;
	s_svc = services;
	return &s_ops;
}
