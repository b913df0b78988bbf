/*
 * core/internal.h - what the files of libdagshub-auth share.  Not installed.
 *
 * Internal names start with dh_ (functions) or dh_ (types); file-static
 * ones with s_.
 */
#ifndef DAGSHUB_CORE_INTERNAL_H
#define DAGSHUB_CORE_INTERNAL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libconfig.h>

#include "dagshub/auth.h"
#include "dagshub/provider.h"
#include "files.h"
#include "../providers/common/wipe.h" /* dh_wipe, dh_free_secret */
#include "../providers/common/ascii.h" /* dh_is_digit, dh_span, ... */
#include "../providers/common/join.h" /* dh_join, DH_JOIN */

/* Marks the functions of the public API (the library hides the rest). */
#define DH_API __attribute__((visibility("default")))

#define DH_DEFAULT_HOST "https://dagshub.com"
#define DH_DEFAULT_VALIDATE_TTL 3600
#define DH_DEFAULT_VALIDATE_RETRY 60
#define DH_BUILTIN_CONFIG_NAME "(built-in default)"

#ifndef PROVIDER_DIR
#define PROVIDER_DIR "/usr/local/lib/dagshub-auth"
#endif
#ifndef SYSCONFDIR
#define SYSCONFDIR "/usr/local/etc"
#endif

/* ---- the action table of a control (chain.c) ---- */

typedef enum dh_action {
	DH_ACT_DONE = 0,     /* stop the walk with this result */
	DH_ACT_DIE = 1,      /* stop the walk: no token, blamed on this entry */
	DH_ACT_CONTINUE = 2, /* go on; an error is reported at the end */
	DH_ACT_IGNORE = 3    /* go on quietly */
} dh_action;

/* One action per provider result, indexed by dagshub_provider_result. */
typedef struct dh_control {
	dh_action on[4];
	char *text; /* as configured, for explain: "sufficient" or long form */
} dh_control;

/* ---- a loaded module (loader.c) ---- */

typedef struct dh_module {
	void *dl;                          /* dlopen() handle */
	const dagshub_provider_ops *ops;   /* the provider's table */
	size_t ops_size;                   /* min(ops->struct_size, ours) */
	char *path;                        /* resolved file */
} dh_module;

/* An operation of a module's table, or NULL when the module's table is too
 * small to have it (built against an older minor version). */
#define DH_OP(m, field) \
	((offsetof(dagshub_provider_ops, field) + sizeof((m)->ops->field) <= \
	  (m)->ops_size) ? (m)->ops->field : NULL)

/* ---- one configured entry (config.c) and its runtime state ---- */

struct dagshub_provider_ctx {
	struct dagshub_auth *auth;
	struct dh_entry *entry;
	/* answer of the current get() */
	char *reason;
	char **warnings; /* NULL-terminated */
	size_t nwarnings;
	bool have_token;
	dagshub_provider_token tok; /* strings owned here (copies) */
	unsigned int tok_flags;
	/* why the last set_token() was refused (not a token), or NULL: the
	 * entry's answer is then an error with this reason, whatever the
	 * provider returns or sets as its reason after. */
	char *tok_refused;
	/* an args service (args_check, arg_*) reported a bad argument since
	 * the last reset: an open() failing then is a config error */
	bool args_error;
	/* the request and chain being served, for recheck_stores() */
	const dagshub_provider_request *req;
	const struct dh_chain *chain;
	/* list() callback while listing */
	int (*list_cb)(struct dagshub_provider_ctx *ctx,
	               const dagshub_provider_token *tok, void *payload);
	void *list_payload;
};

typedef struct dh_entry {
	char *module;          /* as written in the config */
	dh_control control;
	config_setting_t *args; /* the `args` group or NULL; owned by config */
	bool store;
	int validate;          /* 1, 0, or -1: the provider's default */
	const char *file;      /* config file name (owned by the handle) */
	int line;              /* line of the entry in the file */
	/* runtime */
	bool opened;           /* open() was attempted */
	bool open_failed;
	char *open_error;
	dh_module mod;
	void *state;
	struct dagshub_provider_ctx ctx;
} dh_entry;

typedef struct dh_chain {
	char *url;             /* normalised host, NULL for the default chain */
	dh_entry *entries;
	size_t n;
} dh_chain;

/* ---- the handle ---- */

typedef struct dh_trace_entry {
	dagshub_trace pub;
	char *reason;
	char *fingerprint;
	char *validation;
	char **warnings;
} dh_trace_entry;

struct dagshub_auth {
	char *error;               /* last error text, "" when none */
	char *config_path;         /* file read, or DH_BUILTIN_CONFIG_NAME */
	config_t cfg;              /* kept alive: entries point into it */
	bool cfg_loaded;
	config_t builtin_cfg;      /* the built-in chain, when used */
	bool builtin_loaded;
	char *config_note;         /* e.g. why a user file was ignored */
	char *default_host;        /* normalised: DAGSHUB_CLIENT_HOST, the
	                              config's host, or DH_DEFAULT_HOST */
	char *asked_host;          /* options.host (normalised), or NULL */
	char *config_host;         /* the config's host (or the built-in one)
	                              when DAGSHUB_CLIENT_HOST replaced it */
	char *provider_dir;
	char *cache_path;          /* from options, or NULL */
	long long validate_ttl;
	long long validate_retry;  /* s a failed check is remembered; 0: never */
	bool allow_insecure_http;
	unsigned int flags;        /* DAGSHUB_AUTH_* */
	bool interactive;          /* decided once per handle */
	int64_t (*clock_us)(void *payload);
	void *clock_payload;
	dagshub_message_cb message; /* options.message, or NULL */
	void *message_payload;
	dagshub_log_cb log;         /* options.log, or NULL */
	void *log_payload;
	dh_chain default_chain;
	dh_chain *hosts;
	size_t nhosts;
	/* trace of the last walk */
	char *trace_host;
	dh_trace_entry *trace;
	size_t ntrace;
	/* lazily loaded HTTP client (http_glue.c); NULL until first use */
	void *http;
	/* CLOCK_MONOTONIC ms by which the core's own requests of the current
	 * command must end (dh_http_deadline_begin); 0: each request has its
	 * own DAGSHUB_HTTP_TIMEOUT */
	int64_t http_deadline_ms;
	char *state_dir;
	/* folders found trusted by this handle (files.c) */
	dh_trust_memo trust_memo;
	/* argcheck.c: key of the config text parsed ("" for the built-in
	 * chain) */
	char config_key[65];
};

/* error.c */
int dh_set_error(struct dagshub_auth *a, int code, const char *fmt, ...)
	DAGSHUB_PRINTF(3, 4);
int dh_set_errorv(struct dagshub_auth *a, int code, const char *fmt,
                  va_list ap) DAGSHUB_PRINTF(3, 0);
void dh_clear_error(struct dagshub_auth *a);
/* Adds a line to the handle's notes (explain shows them). */
int dh_add_note(struct dagshub_auth *a, const char *fmt, ...)
	DAGSHUB_PRINTF(2, 3);
char *dh_strdup(const char *s);
char *dh_asprintf(const char *fmt, ...) DAGSHUB_PRINTF(1, 2);
/* Writes v in decimal at out (no NUL; at most 20 bytes, 10 for a value
 * of an unsigned int); returns the number of bytes written. */
size_t dh_put_uint(char *out, unsigned long long v);
char *dh_vasprintf(const char *fmt, va_list ap) DAGSHUB_PRINTF(1, 0);
const char *dh_getenv(const char *name); /* secure_getenv */

/* token.c: the one rule for what a token is (RFC 6750 b64token, 1 byte
 * to DH_TOKEN_MAX).  0 when value is a token; DAGSHUB_EINVAL with *why
 * (malloc()ed, may be NULL when why is NULL) naming the rule broken and
 * the position and class of the first bad byte, never the token;
 * DAGSHUB_ENOMEM. */
#define DH_TOKEN_MAX 4096
int dh_token_check(const char *value, char **why);
/* The same for len bytes that may hold NUL bytes (stdin, files). */
int dh_token_check_len(const char *value, size_t len, char **why);
/* dh_token_check() for a value given to a public function: the reason
 * goes to the handle's last error.  0, DAGSHUB_EINVAL, DAGSHUB_ENOMEM. */
int dh_token_check_api(struct dagshub_auth *a, const char *value);
/* say.c: the only way the library reaches a person (the caller's
 * callbacks; nothing is written when they are NULL). */
void dh_say(const struct dagshub_auth *a, int kind, const char *fmt, ...)
	DAGSHUB_PRINTF(3, 4);
void dh_sayv(const struct dagshub_auth *a, int kind, const char *fmt,
             va_list ap) DAGSHUB_PRINTF(3, 0);
void dh_logv(const struct dagshub_auth *a, int level, const char *source,
             const char *fmt, va_list ap) DAGSHUB_PRINTF(4, 0);
void dh_log(const struct dagshub_auth *a, int level, const char *source,
            const char *fmt, ...) DAGSHUB_PRINTF(4, 5);

/* host.c */
int dh_normalize_host(char **out, const char *url, char **why);

/* config.c */
int dh_config_load(struct dagshub_auth *a, const char *path);
void dh_config_free(struct dagshub_auth *a);
const dh_chain *dh_config_chain_for(const struct dagshub_auth *a,
                                    const char *host);

/* argcheck.c: every entry's args checked at load, remembered by the
 * config's key (see the file's comment). */
void dh_argcheck_digest(struct dagshub_auth *a, const char *text);
int dh_argcheck(struct dagshub_auth *a);

/* files.c: the trust rule for configs, modules, caches (see files.h) */

/* loader.c */
int dh_module_load(struct dagshub_auth *a, dh_entry *e, char **why);
void dh_module_unload(dh_module *m);

/* services.c */
extern const dagshub_provider_services dh_services;
void dh_ctx_reset(struct dagshub_provider_ctx *ctx);
int dh_entry_open(struct dagshub_auth *a, dh_entry *e);
void dh_ctx_warn(struct dagshub_provider_ctx *ctx, const char *msg);
/* The state folder's name (XDG_STATE_HOME or ~/.local/state, then
 * dagshub-auth), unchecked; NULL with *why (when why is given) if neither
 * variable is set, NULL alone when out of memory.  Caller frees. */
char *dh_state_path(char **why);
/* The state folder, checked (owned by root or the caller, up to /) and
 * created 0700 when missing; kept in the handle. */
const char *dh_state_dir(struct dagshub_auth *a, char **why);
void dh_entry_close(dh_entry *e);
int64_t dh_now_us(const struct dagshub_auth *a);
int64_t dh_monotonic_ms(void);
int64_t dh_monotonic_us(void);

/* chain.c */
int dh_chain_walk(struct dagshub_auth *a, const dh_chain *chain,
                  const dagshub_provider_request *req, dagshub_token **out);
/* Offers a fresh token to the chain's `store = true` entries except `from`
 * (write-back).  Failures become warnings of `from`
 * (so they show in its trace). */
void dh_chain_writeback(struct dagshub_auth *a, const dh_chain *chain,
                        const dagshub_provider_request *req,
                        dh_entry *from, const dagshub_provider_token *tok);
/* Asks entry e (opening it if needed) for a token; fills e->ctx. */
dagshub_provider_result dh_entry_get(struct dagshub_auth *a, dh_entry *e,
                                     const dh_chain *chain,
                                     const dagshub_provider_request *req);
/* Builds the request for host (normalised) with the handle's flags. */
void dh_request_init(struct dagshub_auth *a, dagshub_provider_request *req,
                     const char *host);
/* Normalises the host a caller asked for (NULL: the default host); sets
 * the handle's error when it is not a URL. */
int dh_resolve_host(struct dagshub_auth *a, const char *host, char **out);
/* Starts a public call that works on a host: refuses a handle whose open
 * failed, clears the last error, normalises host into *norm. */
int dh_request_begin(struct dagshub_auth *a, const char *host, char **norm);
/* The caller's token from an entry's answer. */
int dh_token_from_ctx(dagshub_token **out, const dh_entry *e, size_t index,
                      const char *host);
void dh_trace_free(struct dagshub_auth *a);
/* Starts a trace of n entries (all "not reached"). */
int dh_trace_init(struct dagshub_auth *a, dh_entry *const *entries, size_t n,
                  const char *host);
/* Fills a trace line from what entry e said (its ctx). */
void dh_trace_record(dh_trace_entry *t, dh_entry *e, int result,
                     const char *action, int64_t t0);
const char *dh_control_name(const dh_control *c);
int dh_control_parse_action(const char *s, dh_action *out);

/* validate.c: token validation by policy (validate, validate_ttl in
 * dagshub-auth.conf(5)) */
typedef enum dh_validity {
	DH_VALID_GOOD = 0,      /* the server accepted it, or a recent check did */
	DH_VALID_REJECTED = 1,  /* 401/403: erase it and go on */
	DH_VALID_UNKNOWN = 2    /* could not ask (network, 5xx): keep it */
} dh_validity;
dh_validity dh_validate(struct dagshub_auth *a, const char *host,
                        const char *token, char **note, char **username);

/* http_glue.c: the lazily loaded HTTP client (core/http).  dh_http()
 * returns 0 when an answer arrived (any status), -1 when the request
 * failed on the way (connection, DNS, timeout, a refused redirect), or
 * DH_HTTP_REFUSED when it was refused before anything was sent (the URL
 * or proxy rule, a bad DAGSHUB_HTTP_TIMEOUT, no HTTP module): *why says
 * which. */
#define DH_HTTP_REFUSED (-2)
int dh_http(struct dagshub_auth *a, const dagshub_http_request *req,
            dagshub_http_response *resp, char **why);
void dh_http_response_clear(dagshub_http_response *resp);
/* svc->http and svc->http_response_clear: resp is the provider's struct,
 * read in the layout of the calling entry's ABI minor (1.0 had no
 * struct_size; see provider.h). */
int dh_http_for_provider(dagshub_provider_ctx *ctx,
                         const dagshub_http_request *req, void *resp,
                         char **why);
void dh_http_response_clear_for(dagshub_provider_ctx *ctx, void *resp);
void dh_http_unload(struct dagshub_auth *a);
/* One deadline for every request the core itself makes (validation, whoami)
 * until dh_http_deadline_end: now + DAGSHUB_HTTP_TIMEOUT, unless an outer
 * call has set one already.  Providers' requests (svc->http) keep their
 * own bounds.  Returns what to pass to dh_http_deadline_end. */
int64_t dh_http_deadline_begin(struct dagshub_auth *a);
void dh_http_deadline_end(struct dagshub_auth *a, int64_t saved);

#endif /* DAGSHUB_CORE_INTERNAL_H */
