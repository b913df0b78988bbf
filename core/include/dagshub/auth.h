/*
 * dagshub/auth.h - the client API of libdagshub-auth.
 *
 * Answers one question: which token do I send to DagsHub host H?  The
 * answer comes from an ordered chain of provider plug-ins configured in
 * dagshub-auth.conf(5); see dagshub-auth(1) for the command-line front end.
 *
 *     dagshub_auth *a;
 *     dagshub_auth_options opts = DAGSHUB_AUTH_OPTIONS_INIT;
 *     dagshub_token *tok;
 *
 *     if (dagshub_auth_open(&a, &opts) != DAGSHUB_OK) {
 *             fprintf(stderr, "%s\n", dagshub_auth_last_error(a));
 *             dagshub_auth_close(a);
 *             return 1;
 *     }
 *     if (dagshub_get_token(&tok, a, NULL) == DAGSHUB_OK) {
 *             use(tok->value);
 *             dagshub_token_free(tok);
 *     } else {
 *             fprintf(stderr, "%s\n", dagshub_auth_last_error(a));
 *     }
 *     dagshub_auth_close(a);
 *
 * Conventions
 * -----------
 * - Functions return an int: DAGSHUB_OK (0) or a negative dagshub_status.
 *   The handle's dagshub_auth_last_error() then says what went wrong and
 *   what to do; it never returns NULL.
 * - Out-parameters come first and are named `out`.  Objects returned
 *   through a pointer-to-pointer are owned by the caller and freed with the
 *   matching *_free() function.  `const char *` results are owned by the
 *   handle and stay valid until the next call on that handle.
 * - Tokens are secrets: dagshub_token_free() wipes them before freeing.
 * - The library never writes to stderr, stdout or a terminal by itself.
 *   What is meant for a person (an OAuth link, "still waiting", "stored in
 *   cache") reaches the application through dagshub_auth_options.message,
 *   and providers' log lines through dagshub_auth_options.log; with both
 *   NULL nothing is shown anywhere.  The dagshub-auth CLI installs
 *   callbacks that write to stderr.
 * - Structs the caller fills (dagshub_auth_options, dagshub_token_input)
 *   start with a `version` and have an *_INIT initializer: a program built
 *   against an older header keeps working with a newer library, which
 *   reads only the fields that version has.
 *
 * Threads
 * -------
 * Separate handles may be used from separate threads at the same time.  One
 * handle must not be used by two threads at once: it holds the state of the
 * last walk (trace, last error) and the providers' open state.  Share a
 * handle only behind your own mutex.  The only state the library shares
 * between handles is its table of loaded provider modules, guarded by a
 * mutex, so that a module loaded by two handles is entered once, and the
 * start and stop of libcurl (curl_global_init and curl_global_cleanup, run
 * when a handle first makes a request and when it closes), which the
 * library serialises with a mutex of its own: before libcurl 7.84 those
 * two are not thread-safe.  An application that also uses libcurl itself
 * from several threads calls curl_global_init() before it starts them, as
 * libcurl asks; then the library's calls only count references.
 *
 * Callbacks (dagshub_auth_options.message and .log) are called from the
 * thread that is inside a call on the handle, except PROGRESS and
 * PROGRESS_DONE messages, which a provider may send from a thread of its
 * own while that call waits (the OAuth spinner).  They must not call back
 * into the same handle.
 */
#ifndef DAGSHUB_AUTH_H
#define DAGSHUB_AUTH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Version of the library these headers describe. */
#define DAGSHUB_AUTH_VERSION_MAJOR 0
#define DAGSHUB_AUTH_VERSION_MINOR 1

/**
 * Status codes.  Values are only ever added, never renumbered;
 * dagshub_strerror() has fixed text for each.
 */
typedef enum dagshub_status {
	DAGSHUB_OK = 0,
	DAGSHUB_ERROR = -1,         /**< any other failure; see last error */
	DAGSHUB_ENOTOKEN = -2,      /**< no entry of the chain gave a token */
	DAGSHUB_ECONFIG = -3,       /**< the configuration is invalid */
	DAGSHUB_EINVAL = -4,        /**< a bad argument (e.g. not a URL) */
	DAGSHUB_ENOMEM = -5,        /**< out of memory */
	DAGSHUB_ENOSTORE = -6,      /**< no entry can store tokens */
	DAGSHUB_EPROVIDER = -7,     /**< a provider failed (store, erase...) */
	DAGSHUB_EREJECTED = -8,     /**< the server rejected the token */
	DAGSHUB_ENETWORK = -9,      /**< the server could not be reached */
	DAGSHUB_EUNAVAILABLE = -10  /**< the source cannot be asked now */
} dagshub_status;

/** Fixed text for a status code (never NULL). */
const char *dagshub_strerror(int status);

/** Library version as "MAJOR.MINOR.PATCH" (never NULL). */
const char *dagshub_auth_version(void);

/** The handle: a loaded configuration and its providers.  Opaque. */
typedef struct dagshub_auth dagshub_auth;

/** Bits of dagshub_auth_options.flags. */
enum {
	/** Never ask a person: providers that need one report
	 *  `unavailable` (the Python client's fail_if_no_token). */
	DAGSHUB_AUTH_NON_INTERACTIVE = 1u << 0,
	/** Pass providers' DEBUG and INFO log lines to the log callback too
	 *  (without it only warnings reach it). */
	DAGSHUB_AUTH_VERBOSE = 1u << 1,
	/** Look only (`dagshub-auth explain`): the walk changes nothing.
	 *  A token the server rejects is reported as `rejected` ("would be
	 *  erased") but not erased; nothing is written back.  Implies
	 *  nothing about interactivity: add DAGSHUB_AUTH_NON_INTERACTIVE. */
	DAGSHUB_AUTH_DRY_RUN = 1u << 2
};

/** Kinds of message for dagshub_auth_options.message.  Values are fixed. */
enum {
	/** A line for the person: the OAuth link, a hint. */
	DAGSHUB_MESSAGE_INFO = 0,
	/** Still waiting (about 10 times a second); text is a short status,
	 *  e.g. "Waiting for you to authorize in the browser (42s left,
	 *  Ctrl-C to cancel)".  Draw it as a spinner, or ignore it. */
	DAGSHUB_MESSAGE_PROGRESS = 1,
	/** The wait is over (clear a spinner); text is "". */
	DAGSHUB_MESSAGE_PROGRESS_DONE = 2,
	/** A success note, e.g. "stored in cache" after a login. */
	DAGSHUB_MESSAGE_NOTE = 3
};

/**
 * Receives a message for the person.  `text` is one line without a
 * newline, owned by the library and valid during the call; it never holds
 * a token.  See "Threads" above for the thread it runs on.
 */
typedef void (*dagshub_message_cb)(int kind, const char *text, void *payload);

/**
 * Receives a log line.  `level` is a DAGSHUB_LOG_* value of
 * <dagshub/provider.h> (0 debug, 1 info, 2 warning); `source` is the
 * module of the entry that logged, as configured, or "core".  `text` is
 * one line without a newline, valid during the call.
 */
typedef void (*dagshub_log_cb)(int level, const char *source,
                               const char *text, void *payload);

/*
 * Version 1: version .. clock_payload (library 0.1).
 * Version 2: adds message, message_payload, log, log_payload.
 * dagshub_auth_open() accepts every version from 1 to this one and reads
 * only the fields of the version given.
 */
#define DAGSHUB_AUTH_OPTIONS_VERSION 2

/**
 * Options for dagshub_auth_open().  Initialise with
 * DAGSHUB_AUTH_OPTIONS_INIT so that fields added later get their defaults.
 * Every string is copied by dagshub_auth_open().
 */
typedef struct dagshub_auth_options {
	unsigned int version;     /**< DAGSHUB_AUTH_OPTIONS_VERSION */
	/** Config file to read; NULL: DAGSHUB_AUTH_CONFIG, the user file,
	 *  the system file, the built-in chain (dagshub-auth.conf(5)).  An
	 *  empty string is DAGSHUB_EINVAL (an unset variable, not NULL). */
	const char *config_path;
	/** Default host; NULL: DAGSHUB_CLIENT_HOST, the config's `host`,
	 *  then https://dagshub.com. */
	const char *host;
	/** Token cache file for the `cache` provider when its args do not
	 *  name one; NULL: DAGSHUB_CLIENT_TOKENS_CACHE or the XDG default. */
	const char *cache_path;
	unsigned int flags;       /**< DAGSHUB_AUTH_* bits */
	/** Wall clock in microseconds since the epoch; NULL: the system
	 *  clock.  For tests of expiry. */
	int64_t (*clock_us)(void *payload);
	void *clock_payload;
	/* Version 1 ends here. */
	/** Messages for the person (DAGSHUB_MESSAGE_*); NULL: none shown. */
	dagshub_message_cb message;
	void *message_payload;
	/** Log lines; NULL: none written anywhere. */
	dagshub_log_cb log;
	void *log_payload;
	/* Version 2 ends here. */
} dagshub_auth_options;

#define DAGSHUB_AUTH_OPTIONS_INIT { DAGSHUB_AUTH_OPTIONS_VERSION, NULL, NULL, \
	NULL, 0u, NULL, NULL, NULL, NULL, NULL, NULL }

/**
 * Reads the configuration and prepares the chain.  No provider is loaded
 * yet: modules open when a request first reaches them.
 *
 * On success *out is a new handle.  On failure *out is still a handle that
 * carries the error text (read it with dagshub_auth_last_error(), then
 * dagshub_auth_close() it), or NULL when memory ran out.
 *
 * @return DAGSHUB_OK, DAGSHUB_ECONFIG (the message names file, line and
 *         setting), DAGSHUB_EINVAL (bad options, or an options version
 *         this library does not know: 0 or newer than
 *         DAGSHUB_AUTH_OPTIONS_VERSION), DAGSHUB_ENOMEM.
 */
int dagshub_auth_open(dagshub_auth **out, const dagshub_auth_options *opts);

/** Closes the providers and frees the handle.  NULL is allowed. */
void dagshub_auth_close(dagshub_auth *a);

/** What the last failing call on `a` said; "" if none.  Never NULL
 *  (also not for a NULL handle: then "out of memory"). */
const char *dagshub_auth_last_error(const dagshub_auth *a);

/** The config file in use, or "(built-in default)".  Owned by a. */
const char *dagshub_auth_config_path(const dagshub_auth *a);

/** The normalised default host.  Owned by a. */
const char *dagshub_auth_default_host(const dagshub_auth *a);

/**
 * Host i (from 0) of those the configuration serves, each once: the default
 * host, the config's `host` (or https://dagshub.com) when
 * DAGSHUB_CLIENT_HOST replaced it as the default, then every `hosts`
 * entry's url, all normalised.  NULL past the last one (and for a handle
 * whose open failed).  Owned by a.  The git credential helper answers for
 * these hosts only.
 */
const char *dagshub_auth_host_at(const dagshub_auth *a, size_t i);

/** Remarks about the configuration, one per line (e.g. "~/.config/dagshub/
 *  auth.conf is ignored: ... allow_user_config = false", or a warning that
 *  allow_insecure_http is set), or NULL.  Owned by a. */
const char *dagshub_auth_config_note(const dagshub_auth *a);

/**
 * Normalises a DagsHub URL: scheme://host[:port][/path], scheme and host
 * lower-case, default port dropped, no trailing slash, a path prefix
 * kept.  "https://DagsHub.com/" gives "https://dagshub.com".
 * @param out  a malloc()ed string the caller frees.
 * @return DAGSHUB_OK, DAGSHUB_EINVAL (not an http(s) URL), DAGSHUB_ENOMEM.
 */
int dagshub_normalize_host(char **out, const char *url);

/** A token and where it came from.  Owned by the caller. */
typedef struct dagshub_token {
	char *value;         /**< the secret */
	char *type;          /**< "app-token", "bearer", or NULL if unknown */
	int64_t expires_us;  /**< microseconds since the epoch; 0 = never */
	char *host;          /**< normalised host it is for */
	char *source;        /**< module of the entry that gave it */
	char *username;      /**< DagsHub login when known, else NULL */
	/** Index of that entry in the host's chain, counted from 0 (explain
	 *  and the "no token" message number entries from 1, so their entry
	 *  N is entry N-1 here). */
	size_t entry;
} dagshub_token;

/** Wipes and frees a token.  NULL is allowed. */
void dagshub_token_free(dagshub_token *tok);

/**
 * Walks the chain for `host` (NULL: the default host) and returns the
 * first token an entry gives, by the entries' controls.
 * @return DAGSHUB_OK; DAGSHUB_ENOTOKEN with a last error that lists every
 *         entry's result and reason; DAGSHUB_EINVAL; DAGSHUB_ENOMEM.
 */
int dagshub_get_token(dagshub_token **out, dagshub_auth *a, const char *host);

/**
 * Writes a fingerprint of a secret into buf: the first and last 4
 * characters with "…" between (UTF-8), or "****" for short secrets.
 * Returns buf.  buf must hold DAGSHUB_FINGERPRINT_SIZE bytes.
 */
#define DAGSHUB_FINGERPRINT_SIZE 16
char *dagshub_fingerprint(char *buf, const char *secret);

/* ---- what the last walk did (for `dagshub-auth explain`) ---- */

/** What happened at one entry in the last walk. */
typedef enum dagshub_trace_result {
	DAGSHUB_TRACE_TOKEN = 0,
	DAGSHUB_TRACE_NOTFOUND = 1,
	DAGSHUB_TRACE_UNAVAILABLE = 2,
	DAGSHUB_TRACE_ERROR = 3,
	DAGSHUB_TRACE_NOT_REACHED = 4,  /**< the walk stopped before it */
	DAGSHUB_TRACE_REJECTED = 5      /**< gave a token the server refused */
} dagshub_trace_result;

/** Fixed text for a trace result: "token", "notfound", ... */
const char *dagshub_trace_result_str(int result);

/** One entry of the last walk.  Strings owned by the handle, valid until
 *  the next request on it. */
typedef struct dagshub_trace {
	const char *module;      /**< as configured */
	const char *control;     /**< "sufficient", ... or the long form */
	int result;              /**< dagshub_trace_result */
	const char *reason;      /**< why; "" if the provider gave none */
	const char *fingerprint; /**< of the token given, or NULL */
	const char *validation;  /**< what validation said, or NULL */
	const char *const *warnings; /**< NULL-terminated; never NULL */
	int64_t elapsed_us;      /**< time spent in the entry */
	int answered;            /**< 1 for the entry whose token was used */
	const char *action;      /**< the action taken: "done", "continue"... */
} dagshub_trace;

/** Number of entries in the last walk's chain. */
size_t dagshub_auth_trace_count(const dagshub_auth *a);

/** Entry i of the last walk; NULL when i is out of range. */
const dagshub_trace *dagshub_auth_trace_at(const dagshub_auth *a, size_t i);

/** The host the last walk was for (normalised), or NULL. */
const char *dagshub_auth_trace_host(const dagshub_auth *a);

/* ---- storing and forgetting tokens ---- */

/**
 * Stores a token for `host` (NULL: default host) in the entry whose module
 * is `store_module`, or when NULL in the first entry of the host's chain
 * with `store = true`.  A value already stored is not added twice.
 * `type` NULL means "app-token"; expires_us 0 means never.
 * @return DAGSHUB_OK, DAGSHUB_ENOSTORE, DAGSHUB_EPROVIDER, DAGSHUB_EINVAL.
 */
int dagshub_add_token(dagshub_auth *a, const char *host, const char *token,
                      const char *type, int64_t expires_us,
                      const char *store_module);

/**
 * A token to store (dagshub_store_token).  Filled by the caller, who owns
 * every string; the library copies what it keeps.  Initialise with
 * DAGSHUB_TOKEN_INPUT_INIT so that fields added later get their defaults.
 */
typedef struct dagshub_token_input {
	unsigned int version;  /**< DAGSHUB_TOKEN_INPUT_VERSION */
	const char *value;     /**< the secret (required) */
	const char *type;      /**< NULL: "app-token" */
	int64_t expires_us;    /**< microseconds since the epoch; 0 = never */
	const char *host;      /**< NULL: the default host */
	/** The DagsHub login, kept by stores that record it (the keyring);
	 *  may be NULL. */
	const char *username;
	/* Version 1 ends here. */
} dagshub_token_input;

#define DAGSHUB_TOKEN_INPUT_VERSION 1
#define DAGSHUB_TOKEN_INPUT_INIT { DAGSHUB_TOKEN_INPUT_VERSION, NULL, NULL, \
	0, NULL, NULL }

/**
 * dagshub_add_token() with every field of `in`.  On success the message
 * callback receives a DAGSHUB_MESSAGE_NOTE such as "stored in cache".
 * @return as dagshub_add_token(); DAGSHUB_EINVAL also for an `in->version`
 *         this library does not know.
 */
int dagshub_store_token(dagshub_auth *a, const dagshub_token_input *in,
                        const char *store_module);

/** dagshub_add_token() for an app token (the Python add_app_token). */
int dagshub_add_app_token(dagshub_auth *a, const char *host,
                          const char *token, const char *store_module);

/**
 * Erases the tokens of `host` (NULL: default host) from the entry with
 * module `store_module`, or when NULL from every entry of the host's chain
 * that can erase (has an erase operation): `store = true` or not, so a
 * token a keyring entry kept is gone too and the next get finds none of
 * them.  Entries that cannot erase (env, oauth) are skipped; an entry
 * without `store = true` that cannot be opened or asked now (no keyring
 * daemon) is skipped quietly, one with `store = true` is an error.
 * `value` NULL erases every token of the host, else only that one (it
 * must be a token: DAGSHUB_EINVAL).  *erased (may be NULL) counts the
 * entries that held something.
 */
int dagshub_erase_tokens(dagshub_auth *a, const char *host, const char *value,
                         const char *store_module, size_t *erased);

/**
 * Deletes the token cache: calls clear() on every entry of the
 * configuration whose provider has one (the cache provider removes its
 * file; the keyring has none, so nothing else is touched).  Entries are
 * found by what their provider can do, never by module name, so a module
 * written as a path (or a company's own cache provider) counts too.
 * @return DAGSHUB_OK; the last error is then "" when a cache was deleted,
 *         or a note such as "there was no token cache to delete".
 *         DAGSHUB_ENOSTORE when no entry can clear (the message names the
 *         entries that could not be opened, if any); DAGSHUB_EPROVIDER.
 *         Entries that could not be opened while others were cleared are
 *         named in a DAGSHUB_LOG_WARNING line to the log callback.
 */
int dagshub_clear_token_cache(dagshub_auth *a);

/** One stored token as `list` shows it: never the whole secret. */
typedef struct dagshub_token_listing {
	const char *host;
	const char *type;         /**< or NULL */
	int64_t expires_us;       /**< 0 = never */
	const char *source;       /**< module of the entry */
	const char *fingerprint;
	const char *username;     /**< or NULL */
} dagshub_token_listing;

/** Called once per stored token; return non-zero to stop listing. */
typedef int (*dagshub_token_list_cb)(const dagshub_token_listing *item,
                                     void *payload);

/**
 * Lists the tokens kept by every entry of the default chain and of the
 * `hosts` chains that can list (cache, keyring...), each module once.
 * Entries that fail are reported in the trace (dagshub_auth_trace_*) and
 * do not stop the listing.
 */
int dagshub_list_tokens(dagshub_auth *a, dagshub_token_list_cb cb,
                        void *payload);

/* ---- logging in (OAuth) ---- */

/**
 * Logs in to `host` (NULL: the default host) through the first entry of
 * the host's chain whose provider makes tokens (the `oauth` provider): the
 * Python client's `dagshub login` / add_oauth_token().  The provider shows
 * the person a link (through the message callback, and in a browser when
 * there is a display), reports PROGRESS messages while it waits,
 * and waits, bounded by its `timeout`, until they approve.  It runs even
 * when the handle is not interactive, since the person asked for it (the
 * link may be read in a notebook or a log).  The new token is written to
 * the chain's `store = true` entries, with its expiry.
 *
 * @param out       the new token (owned by the caller; free with
 *                  dagshub_token_free()).  Its `source` is the module that
 *                  made it and `username` the DagsHub login when the server
 *                  said.
 * @param referrer  text DagsHub shows as the reason for the login (the
 *                  OAuth `referrer`), or NULL.
 * @return DAGSHUB_OK, with a DAGSHUB_MESSAGE_NOTE for the person such as
 *         "stored in cache" (never the token) sent to the message callback;
 *         DAGSHUB_ENOTOKEN when no entry makes tokens (DAGSHUB_EPROVIDER
 *         when some entries could not be opened: the message names them);
 *         DAGSHUB_ENOSTORE when no entry can keep the token (checked before
 *         the person is asked);
 *         DAGSHUB_EUNAVAILABLE, DAGSHUB_EPROVIDER (timeout, refused code,
 *         no entry could store the token), DAGSHUB_EREJECTED,
 *         DAGSHUB_EINVAL, DAGSHUB_ENOMEM.  The trace
 *         (dagshub_auth_trace_at(a, 0)) then shows the login entry.
 */
int dagshub_login_oauth(dagshub_token **out, dagshub_auth *a,
                        const char *host, const char *referrer);

/* ---- checking a token with the server ---- */

/**
 * Asks `host` (NULL: the default host) whether `token` is good:
 * GET {host}/api/v1/user with it as Bearer; good only on 200 with a JSON
 * object holding `login` and `username`.  Always asks (no remembered
 * answer is used), and a good answer is remembered for validate_ttl so the
 * next dagshub_get_token() makes no request.  The first call loads the
 * HTTP module (libcurl).  Requests go only over https, or plain http to a
 * loopback address, unless the config sets allow_insecure_http.
 *
 * @param http_status  (may be NULL) the HTTP status, 0 when none arrived.
 * @param username     (may be NULL) the DagsHub login on success, a
 *                     malloc()ed string the caller frees; else NULL.
 * @return DAGSHUB_OK (good); DAGSHUB_EREJECTED (401/403: the last error
 *         names the host and the status); DAGSHUB_ENETWORK (could not ask:
 *         no connection, timeout, 5xx, an answer that is not DagsHub's; the
 *         last error says which); DAGSHUB_EINVAL (no token, a host that is
 *         not a URL, plain http to a non-loopback host without
 *         allow_insecure_http, a bad DAGSHUB_HTTP_TIMEOUT: nothing was
 *         sent).
 */
int dagshub_validate_token(dagshub_auth *a, const char *host,
                           const char *token, long *http_status,
                           char **username);

#ifdef __cplusplus
}
#endif

#endif /* DAGSHUB_AUTH_H */
