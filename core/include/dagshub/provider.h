/*
 * dagshub/provider.h - the provider ABI of dagshub-auth.
 *
 * This is the only header a provider (a plug-in shared object that hands
 * out DagsHub tokens) includes.  It is deliberately self-contained: no
 * libconfig, cJSON, libcurl or other library type crosses this boundary, so
 * a provider builds with nothing but
 *
 *     cc -shared -fPIC $(pkg-config --cflags dagshub-auth) -o mine.so mine.c
 *
 * The picture
 * -----------
 * A provider exports exactly one symbol, DAGSHUB_PROVIDER_ENTRY_SYMBOL:
 *
 *     const dagshub_provider_ops *
 *     dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
 *                            const dagshub_provider_services *svc);
 *
 * The core calls it once, right after dlopen(), with its own ABI version and
 * the table of services it lends.  The provider returns a pointer to its
 * constant operations table (static storage; the core never frees it), or
 * NULL when it cannot work with that core (for instance another major
 * version).  The core then refuses the module, naming both versions, when
 * ops->abi_major differs from its own or the table is smaller than
 * ABI 1.0's.
 *
 * For each configured entry the core then calls open() once (lazily: only
 * when a request first reaches the entry), get() for each request, store()
 * and erase() when asked to, and close() once.
 *
 * Conventions kept everywhere in this header
 * ------------------------------------------
 * - Strings handed to the provider by the core (`const char *`) are owned by
 *   the core and valid only for the duration of the call that received them.
 *   Copy what you keep.
 * - Strings the provider hands to the core through a service are copied by
 *   the core before the service returns.  The provider keeps ownership of its
 *   own memory and frees it (and wipes secrets with explicit_bzero()).
 * - A provider never writes to stdout, never calls exit(), never installs
 *   signal handlers for the whole process, and frees everything it allocates
 *   by the time close() returns.
 * - Reasons (svc->set_reason) are for a person reading `dagshub-auth explain`:
 *   say what was looked at and what to do, and never include a token.
 *
 * Versioning
 * ----------
 * The major version changes only when an existing field changes meaning or
 * position; the core refuses modules of another major version.  Minor
 * versions only append fields at the end of a table; `struct_size` tells
 * each side how much of the other's table exists.  Fields past a table's
 * struct_size must be treated as absent (NULL).
 *
 * Growing without breaking anyone (the rules both sides keep):
 * - A new field goes after the `Minor version N ends here.` line of its
 *   table, under a `Minor version N+1:` comment; nothing is ever moved,
 *   removed or given another type, and DAGSHUB_PROVIDER_ABI_MINOR goes up.
 * - A provider built against a newer header tests a service before it
 *   calls it: DAGSHUB_HAS_FIELD(svc, dagshub_provider_services, progress)
 *   is true only when the core's table is big enough to hold it (and the
 *   core lends every service its table holds).  A provider built against
 *   an older header simply never sees the newer fields.
 * - The core reads a provider's table (ops, a token, an HTTP request)
 *   only up to that table's struct_size, so a provider built against ABI
 *   1.0 keeps working with a 1.x core; optional operations past the end
 *   count as NULL.  A struct_size of 0 in a token means ABI 1.0's size.
 * - New bits may appear in dagshub_provider_request.flags and in the
 *   flags the core passes; a provider ignores request flags it does not
 *   know.  The core ignores unknown bits of ops->flags and set_token()
 *   flags.
 * - Fields whose meaning changes, or tables that shrink, need a new
 *   major version, which the core refuses to mix with its own.
 *
 * Thread safety: the core never calls into one entry's state from two
 * threads at once.  Separate entries (separate open() states) may be used
 * from separate threads at the same time, so a provider keeps no mutable
 * global state (or guards it).
 */
#ifndef DAGSHUB_PROVIDER_H
#define DAGSHUB_PROVIDER_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** ABI version this header describes. */
#define DAGSHUB_PROVIDER_ABI_MAJOR 1
#define DAGSHUB_PROVIDER_ABI_MINOR 1

/** Name of the one symbol a provider exports. */
#define DAGSHUB_PROVIDER_ENTRY_SYMBOL "dagshub_provider_entry"

#if defined(__GNUC__)
#define DAGSHUB_PROVIDER_EXPORT __attribute__((visibility("default")))
#define DAGSHUB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define DAGSHUB_PROVIDER_EXPORT
#define DAGSHUB_PRINTF(f, a)
#endif

/**
 * True when the table `ptr` points to (a struct of type `type` that has a
 * struct_size, as every table of this ABI does: the request, a token and
 * the HTTP request and response start with it; the ops and the services
 * have it after the ABI version, abi_major and abi_minor) is big enough to
 * hold `field`, i.e. it was built against a header that has the field:
 *
 *     if (DAGSHUB_HAS_FIELD(svc, dagshub_provider_services, progress))
 *             svc->progress(ctx, "waiting (%ds left)", left);
 */
#define DAGSHUB_HAS_FIELD(ptr, type, field) \
	(offsetof(type, field) + sizeof(((type *)0)->field) <= \
	 (ptr)->struct_size)

/**
 * What get() found.  The values are fixed and never renumbered.
 */
typedef enum dagshub_provider_result {
	/** A token for the requested host was set with svc->set_token(). */
	DAGSHUB_PROVIDER_TOKEN = 0,
	/** Not mine, or nothing stored for this host.  Not a failure. */
	DAGSHUB_PROVIDER_NOTFOUND = 1,
	/** Cannot ask now: no D-Bus session, no terminal, keyring locked,
	 *  not interactive.  Nothing is wrong with the configuration. */
	DAGSHUB_PROVIDER_UNAVAILABLE = 2,
	/** Broken: a file that does not parse, bad output, a timeout, bad
	 *  args.  The reason set with svc->set_reason() says which. */
	DAGSHUB_PROVIDER_ERROR = 3
} dagshub_provider_result;

/**
 * The core's handle for one configured entry (one line of `providers`).
 * Opaque; passed back to every service.  Owned by the core.
 */
typedef struct dagshub_provider_ctx dagshub_provider_ctx;

/** Bits of dagshub_provider_request.flags. */
enum {
	/** A person is there to answer (a terminal, no CI).  A provider that
	 *  needs a person returns UNAVAILABLE at once when this is clear. */
	DAGSHUB_REQUEST_INTERACTIVE = 1u << 0,
	/** The user asked for this provider by name (`dagshub-auth login`
	 *  with no token runs OAuth explicitly).  A provider may then reach
	 *  the person by other means (a link in a log) even when not
	 *  interactive. */
	DAGSHUB_REQUEST_EXPLICIT = 1u << 1
	/* Later minor versions may add bits: ignore the ones you do not
	 * know. */
};

/**
 * One request, as the core hands it to get(), store(), erase().
 * Owned by the core; valid for the duration of the call.
 */
typedef struct dagshub_provider_request {
	size_t struct_size;       /**< sizeof as the core knows it */
	const char *host;         /**< normalised: scheme://host[:port][/path] */
	const char *default_host; /**< the normalised default host of the run */
	unsigned int flags;       /**< DAGSHUB_REQUEST_* bits */
	/** CLOCK_MONOTONIC milliseconds by which get() must have returned;
	 *  0 means no deadline beyond the provider's own bounds. */
	int64_t deadline_ms;
	/** Free text the caller wants shown to the DagsHub server as the
	 *  reason for a login (OAuth `referrer`); may be NULL. */
	const char *referrer;
	/* Minor version 0 ends here. */
} dagshub_provider_request;

/** Known token types.  Other strings may be used; the core passes them on. */
#define DAGSHUB_TOKEN_TYPE_APP "app-token"
#define DAGSHUB_TOKEN_TYPE_BEARER "bearer"

/**
 * A token in transit between the core and a provider.  Who owns the
 * strings depends on the direction and is said at each use.
 */
typedef struct dagshub_provider_token {
	size_t struct_size;   /**< sizeof as the writer knows it */
	const char *host;     /**< normalised host the token is for */
	const char *value;    /**< the secret itself */
	const char *type;     /**< DAGSHUB_TOKEN_TYPE_* or NULL if unknown */
	/** Expiry in microseconds since the Unix epoch (UTC); 0 = never. */
	int64_t expires_us;
	/** Who the token belongs to (DagsHub login), when known; else NULL. */
	const char *username;
	/* Minor version 0 ends here. */
} dagshub_provider_token;

/** Bits for svc->set_token(). */
enum {
	/** The token was just issued by the server (OAuth): the core offers
	 *  it to the entries with `store = true` (write-back) and counts it as
	 *  validated for validate_ttl, so the next process does not ask. */
	DAGSHUB_TOKEN_FRESH = 1u << 0
};

/** Log levels for svc->log(). */
enum {
	DAGSHUB_LOG_DEBUG = 0,
	DAGSHUB_LOG_INFO = 1,
	DAGSHUB_LOG_WARNING = 2
};

/** Return values of the svc->arg_*() readers. */
enum {
	DAGSHUB_ARG_OK = 0,      /**< found, *out set */
	DAGSHUB_ARG_ABSENT = 1,  /**< not in args, *out untouched */
	DAGSHUB_ARG_INVALID = -1 /**< present but of another type; the
	                              reason (file, line, setting) is set */
};

/** An HTTP request made through the core (svc->http). */
typedef struct dagshub_http_request {
	size_t struct_size;      /**< sizeof as the provider knows it */
	const char *method;      /**< "GET" or "POST" */
	const char *url;         /**< absolute URL */
	/** Sent as `Authorization: Bearer <token>`; NULL for none.  The core
	 *  refuses to send it over plain http to a non-loopback host and
	 *  never carries it across a redirect to another host. */
	const char *bearer_token;
	/** application/x-www-form-urlencoded body for POST, or NULL. */
	const char *form_body;
	/** Whole-request bound in milliseconds; 0 = DAGSHUB_HTTP_TIMEOUT
	 *  (default 30 s).  Never unbounded. */
	long timeout_ms;
	/* Minor version 0 ends here. */
} dagshub_http_request;

/**
 * An HTTP response.  The core fills it; free it with svc->http_response_clear.
 *
 * Since ABI 1.1 it begins with struct_size: set it to sizeof as you know it
 * (`dagshub_http_response resp = { .struct_size = sizeof(resp) };`).  The
 * core writes (and http_response_clear clears) only the first struct_size
 * bytes, so fields added later never write past a provider's struct.
 *
 * ABI 1.0's response had no struct_size: it was { status, body, body_len }.
 * This is the one change of a field's position the ABI has made, and it is
 * told apart by the provider's own version, not by guessing from bytes: the
 * core knows which entry calls svc->http, and for a provider whose
 * ops->abi_minor is 0 it reads and writes the 1.0 layout, unchanged.  A
 * provider built with minor 1 or later must set struct_size; a struct_size
 * smaller than offsetof(body_len) + sizeof(size_t) is refused (-1, reason
 * set).
 */
typedef struct dagshub_http_response {
	size_t struct_size; /**< sizeof as the provider knows it (ABI >= 1.1) */
	long status;       /**< HTTP status code */
	char *body;        /**< NUL-terminated body; owned by the core */
	size_t body_len;   /**< bytes in body, not counting the NUL */
	/* Minor version 1 ends here. */
} dagshub_http_response;

/**
 * Services the core lends to every provider.  One constant table for the
 * whole process, owned by the core: a provider may keep the pointer it got
 * in its entry call for as long as it is loaded (also when several handles
 * load it).  Every function is safe to call from open(), get(), store(),
 * erase(), list() and clear(), and takes the ctx of that call.
 */
typedef struct dagshub_provider_services {
	uint32_t abi_major;   /**< the core's DAGSHUB_PROVIDER_ABI_MAJOR */
	uint32_t abi_minor;   /**< the core's DAGSHUB_PROVIDER_ABI_MINOR */
	size_t struct_size;   /**< sizeof this table as the core knows it */

	/** Debug/diagnostic log line.  It reaches the application's log
	 *  callback (dagshub_auth_options.log) with the entry's module as its
	 *  source: warnings always, DEBUG and INFO only with
	 *  DAGSHUB_AUTH_VERBOSE (the CLI's -v).  Never pass a token. */
	void (*log)(dagshub_provider_ctx *ctx, int level, const char *fmt, ...)
		DAGSHUB_PRINTF(3, 4);

	/** Sets the reason for this call's result, shown by `explain` and in
	 *  the "no token" message.  The last call wins.  Copied. */
	void (*set_reason)(dagshub_provider_ctx *ctx, const char *fmt, ...)
		DAGSHUB_PRINTF(2, 3);

	/** Adds a warning about this entry that `explain` and `list` show
	 *  even when the entry answered (e.g. "file is readable by others").
	 *  Copied. */
	void (*warn)(dagshub_provider_ctx *ctx, const char *fmt, ...)
		DAGSHUB_PRINTF(2, 3);

	/** Sends a line to the person, e.g. an OAuth link.  It reaches the
	 *  application's message callback (dagshub_auth_options.message, kind
	 *  DAGSHUB_MESSAGE_INFO; the CLI writes it on stderr); with no
	 *  callback it goes nowhere.  Not for diagnostics: use log(). */
	void (*message)(dagshub_provider_ctx *ctx, const char *fmt, ...)
		DAGSHUB_PRINTF(2, 3);

	/** From get() only: the answer.  The core copies tok (value, type,
	 *  expiry, username; tok->host is ignored: the token is for the
	 *  request's host).  flags: DAGSHUB_TOKEN_* bits.  Returns 0, or -1
	 *  when out of memory.  Return DAGSHUB_PROVIDER_TOKEN after it. */
	int (*set_token)(dagshub_provider_ctx *ctx,
	                 const dagshub_provider_token *tok, unsigned int flags);

	/** Reads the entry's `args` group.  Strings returned stay valid until
	 *  close() returns.  DAGSHUB_ARG_* results. */
	int (*arg_string)(dagshub_provider_ctx *ctx, const char *name,
	                  const char **out);
	int (*arg_int)(dagshub_provider_ctx *ctx, const char *name,
	               long long *out);
	int (*arg_bool)(dagshub_provider_ctx *ctx, const char *name, int *out);
	/** A list or array of strings: *count and, when items is not NULL,
	 *  items[0 .. *count-1] as long as *count <= cap. */
	int (*arg_strings)(dagshub_provider_ctx *ctx, const char *name,
	                   const char **items, size_t cap, size_t *count);
	/** Refuses unknown settings: returns 0 when every name in `args` is in
	 *  the NULL-terminated `known` list, else -1 with the reason set to
	 *  "<file>:<line>: unknown setting args.<name> ...". */
	int (*args_check)(dagshub_provider_ctx *ctx, const char *const *known);

	/** Wall clock, microseconds since the epoch (tests may inject it). */
	int64_t (*now_us)(dagshub_provider_ctx *ctx);
	/** CLOCK_MONOTONIC in milliseconds, for deadlines. */
	int64_t (*monotonic_ms)(dagshub_provider_ctx *ctx);

	/** Normalises a host URL as the core does.  Returns a malloc()ed
	 *  string the caller frees, or NULL (reason set) if it is not a URL. */
	char *(*normalize_host)(dagshub_provider_ctx *ctx, const char *url);

	/** Makes an HTTP request through the core's client, which is loaded on
	 *  first use.  Returns 0 when a response arrived (any status) and
	 *  fills *resp; -1 on a transport failure, refused URL or timeout, with
	 *  the reason set.  Free a filled *resp with http_response_clear. */
	int (*http)(dagshub_provider_ctx *ctx, const dagshub_http_request *req,
	            dagshub_http_response *resp);
	void (*http_response_clear)(dagshub_provider_ctx *ctx,
	                            dagshub_http_response *resp);

	/** From list() only: reports one stored token.  The core copies what
	 *  it shows (host, type, expiry, username) and keeps only a
	 *  fingerprint of the value. */
	void (*list_item)(dagshub_provider_ctx *ctx,
	                  const dagshub_provider_token *tok);

	/** From get() only, for providers that make tokens (OAuth): asks the
	 *  entries with `store = true` whether one now holds a token for the
	 *  request's host (another process may have just stored one).  On
	 *  DAGSHUB_PROVIDER_TOKEN the answer is already set for this entry;
	 *  return DAGSHUB_PROVIDER_TOKEN from get() without set_token(). */
	dagshub_provider_result (*recheck_stores)(dagshub_provider_ctx *ctx);

	/** Path of a per-user state folder (created 0700), e.g. for lock
	 *  files: $XDG_STATE_HOME/dagshub-auth or ~/.local/state/dagshub-auth.
	 *  Owned by the core.  NULL (reason set) when it cannot be made. */
	const char *(*state_dir)(dagshub_provider_ctx *ctx);
	/* Minor version 0 ends here. */

	/* Minor version 1: */

	/** Opens a file the provider trusts with code or secrets (a command
	 *  to run, a token file) the way the core opens configs and modules,
	 *  and checks it ON THE OPEN DESCRIPTOR, so what the provider then
	 *  reads or runs (fexecve, /proc/self/fd/N) is what was checked:
	 *  - the file is opened O_RDONLY|O_CLOEXEC|O_NOCTTY, never blocking
	 *    on a FIFO; symlinks in `path` are resolved by the core one
	 *    component at a time and the last component is opened with
	 *    O_NOFOLLOW, so a symlink flipped after the check changes
	 *    nothing;
	 *  - it must be a regular file owned by root or the calling user
	 *    (effective uid) and not writable by group or others;
	 *  - every folder from it up to `/`, also the folders of every
	 *    symlink's target, must be owned by root or the calling user and
	 *    not writable by group or others (OpenSSH's safe_path rule); a
	 *    root-owned sticky folder such as /tmp passes, and then what is
	 *    found in it (the file, a symlink, a folder) must be owned by root
	 *    or the calling user.
	 *  `flags`: 0, or O_NONBLOCK (kept on the descriptor) and/or
	 *  O_NOATIME; other bits are refused.  `what` names the file's role
	 *  in the reason ("command", "token file").  A relative path is taken
	 *  from the current folder.
	 *  Returns 0 with *fd_out set: the descriptor is the provider's, which
	 *  closes it.  Returns 1 when the file does not exist (the folders
	 *  that exist passed), -1 when refused or failed; on 1 and -1 *fd_out
	 *  is -1 and the reason is set, naming the file or folder, why, and
	 *  the fix (e.g. "folder /opt/x is writable by its group (mode 0775)
	 *  ...; run: chmod g-w /opt/x"). */
	int (*open_trusted)(dagshub_provider_ctx *ctx, const char *path,
	                    int flags, const char *what, int *fd_out);

	/** Tells the person that a wait goes on, e.g. "Waiting for you to
	 *  authorize in the browser (42s left, Ctrl-C to cancel)": a short
	 *  status, about 10 times a second at most.  It reaches the
	 *  application's message callback as DAGSHUB_MESSAGE_PROGRESS (the CLI
	 *  draws a spinner on a terminal); the provider writes no terminal
	 *  escapes itself.  Unlike the other services it may be called from a
	 *  thread the provider started while its get() blocks in another (in
	 *  svc->http, say); it must not be called after that get() returned. */
	void (*progress)(dagshub_provider_ctx *ctx, const char *fmt, ...)
		DAGSHUB_PRINTF(2, 3);
	/** The wait that progress() reported is over (the CLI clears its
	 *  spinner): DAGSHUB_MESSAGE_PROGRESS_DONE.  Same thread rule. */
	void (*progress_done)(dagshub_provider_ctx *ctx);

	/** The token cache file the application asked for
	 *  (dagshub_auth_options.cache_path), or NULL when it named none.  For
	 *  providers that keep the DagsHub client's token cache: use it when
	 *  the entry's args name no file, before DAGSHUB_CLIENT_TOKENS_CACHE
	 *  and the XDG default.  Owned by the core. */
	const char *(*caller_cache_path)(dagshub_provider_ctx *ctx);
} dagshub_provider_services;

/** Bits of dagshub_provider_ops.flags. */
enum {
	/** The provider keeps tokens (a cache, a keyring): its tokens are
	 *  validated by default (`validate = true`) and may be erased when the
	 *  server rejects them. */
	DAGSHUB_PROVIDER_KEEPS_TOKENS = 1u << 0,
	/** The provider makes fresh tokens (OAuth): `dagshub-auth login`
	 *  (dagshub_login_oauth) runs the first entry with this bit. */
	DAGSHUB_PROVIDER_MAKES_TOKENS = 1u << 1,
	/* Minor version 1: */
	/** The provider hands out a token the user set in the environment
	 *  (the env provider: DAGSHUB_USER_TOKEN).  When the server refuses
	 *  it, the authenticator neither erases it nor looks for another
	 *  token: it fails, saying the variable holds a bad token. */
	DAGSHUB_PROVIDER_USER_SET = 1u << 2
	/* The core ignores bits it does not know. */
};

/**
 * The operations table a provider returns from its entry function.  Static
 * storage owned by the provider.
 */
typedef struct dagshub_provider_ops {
	uint32_t abi_major;  /**< DAGSHUB_PROVIDER_ABI_MAJOR the provider was built with */
	uint32_t abi_minor;  /**< DAGSHUB_PROVIDER_ABI_MINOR the provider was built with */
	size_t struct_size;  /**< sizeof(dagshub_provider_ops) as built */
	const char *name;    /**< short name, e.g. "env" */
	unsigned int flags;  /**< DAGSHUB_PROVIDER_* bits */

	/** Required.  Reads args (svc->arg_*), checks them (svc->args_check)
	 *  and allocates state.  Must be cheap: no network, no waiting.
	 *  Returns 0 and sets *state (may be NULL), or -1 with the reason set;
	 *  the entry then reports `error` and close() is not called. */
	int (*open)(dagshub_provider_ctx *ctx, void **state);

	/** Required.  Looks for a token for req->host.  On success calls
	 *  svc->set_token() and returns DAGSHUB_PROVIDER_TOKEN; otherwise
	 *  returns another result with svc->set_reason() saying why. */
	dagshub_provider_result (*get)(void *state, dagshub_provider_ctx *ctx,
	                               const dagshub_provider_request *req);

	/** Optional (NULL: the entry cannot be a write-back target).  Keeps
	 *  tok for req->host; a value already stored is not added twice.
	 *  tok is owned by the core.  Returns TOKEN when stored, UNAVAILABLE
	 *  or ERROR with the reason set. */
	dagshub_provider_result (*store)(void *state, dagshub_provider_ctx *ctx,
	                                 const dagshub_provider_request *req,
	                                 const dagshub_provider_token *tok);

	/** Optional.  Forgets `value` for req->host, or every token of
	 *  req->host when value is NULL.  Returns TOKEN when something was
	 *  erased, NOTFOUND when there was nothing, UNAVAILABLE or ERROR with
	 *  the reason set.  A provider never erases because it could not
	 *  look (a locked keyring is UNAVAILABLE, not NOTFOUND). */
	dagshub_provider_result (*erase)(void *state, dagshub_provider_ctx *ctx,
	                                 const dagshub_provider_request *req,
	                                 const char *value);

	/** Optional.  Reports every stored token with svc->list_item().
	 *  Returns TOKEN when at least one was listed, NOTFOUND, UNAVAILABLE
	 *  or ERROR. */
	dagshub_provider_result (*list)(void *state, dagshub_provider_ctx *ctx);

	/** Optional.  Removes everything the provider stores (the cache
	 *  provider deletes its file).  `dagshub-auth clear-cache`
	 *  (dagshub_clear_token_cache) calls it on every entry that has it,
	 *  so only a provider whose whole store is a disposable cache of
	 *  tokens should have it (the keyring does not).  Same results as
	 *  erase(). */
	dagshub_provider_result (*clear)(void *state, dagshub_provider_ctx *ctx);

	/** Required.  Frees state (wiping any secret it holds). */
	void (*close)(void *state);
	/* Minor version 0 ends here. */
} dagshub_provider_ops;

/** The entry function's type. */
typedef const dagshub_provider_ops *(*dagshub_provider_entry_fn)(
	uint32_t core_abi_major, uint32_t core_abi_minor,
	const dagshub_provider_services *svc);

#ifdef __cplusplus
}
#endif

#endif /* DAGSHUB_PROVIDER_H */
