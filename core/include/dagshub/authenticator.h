/*
 * dagshub/authenticator.h - DagsHub credentials for your own libcurl
 * requests, with the DagsHub Python client's renegotiation.
 *
 *     #include <curl/curl.h>
 *     #include <dagshub/authenticator.h>
 *
 *     dagshub_authenticator *au;
 *     long status;
 *
 *     dagshub_authenticator_new(&au, a, NULL);        // a: a dagshub_auth
 *     CURL *c = curl_easy_init();
 *     // ... your own options: write callback, headers ...
 *     if (dagshub_authenticator_perform(&status, au, c,
 *             "https://dagshub.com/api/v1/user/repos") != DAGSHUB_OK)
 *             fprintf(stderr, "%s\n", dagshub_auth_last_error(a));
 *     curl_easy_cleanup(c);
 *     dagshub_authenticator_free(au);
 *
 * See dagshub_authenticator(3) for a complete example.
 *
 * What it does
 * ------------
 * The authenticator takes a token for one host from the chain
 * (dagshub_get_token()), puts it on your easy handle as
 * `Authorization: Bearer` (libcurl's own Bearer auth, so your
 * CURLOPT_HTTPHEADER list is left alone), and runs the request.  When the
 * server answers 401, the token is erased from the provider that gave it
 * (dagshub_erase_tokens() with that provider's module), the next one is
 * taken from the chain (which may run OAuth when a person is there) and
 * the request is made once more.  A token from the `env` provider
 * (DAGSHUB_USER_TOKEN) is not replaced, as in the Python client: the call
 * fails and says the env token was rejected.
 *
 * CURL handles cross this API as `void *`, so this header does not need
 * <curl/curl.h> and libdagshub-auth does not link libcurl (its HTTP module
 * does, loaded on first use).  Your program links libcurl itself; the
 * module uses that same library.
 *
 * A token is only put on a handle for an https URL, or an http URL to a
 * loopback address (127.0.0.0/8, ::1, localhost), unless the
 * configuration sets allow_insecure_http.  Redirects: libcurl never sends
 * this Bearer token to another host (CURLOPT_UNRESTRICTED_AUTH is turned
 * off).
 *
 * Conventions are those of <dagshub/auth.h>: int results (DAGSHUB_OK or a
 * negative dagshub_status) with the message in dagshub_auth_last_error()
 * of the handle the authenticator was made from.  An authenticator
 * borrows that handle: free the authenticator first.  Like the handle, it
 * must not be used by two threads at once.
 */
#ifndef DAGSHUB_AUTHENTICATOR_H
#define DAGSHUB_AUTHENTICATOR_H

#include "dagshub/auth.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Credentials for one host, renegotiated on a 401.  Opaque. */
typedef struct dagshub_authenticator dagshub_authenticator;

/**
 * Makes an authenticator for `host` (NULL: the handle's default host).
 * No token is looked up yet: that happens on first use.
 * @param out  a new authenticator; free with dagshub_authenticator_free().
 * @return DAGSHUB_OK, DAGSHUB_EINVAL (host is not a URL), DAGSHUB_ENOMEM.
 */
int dagshub_authenticator_new(dagshub_authenticator **out, dagshub_auth *a,
                              const char *host);

/** Wipes the token it holds and frees it.  NULL is allowed. */
void dagshub_authenticator_free(dagshub_authenticator *au);

/**
 * Sets CURLOPT_URL to `url` and the Bearer token on `curl` (a CURL *),
 * getting a token from the chain first if the authenticator has none.
 * For callers that run the transfer themselves (curl_multi); the token
 * stays on the handle until dagshub_authenticator_detach().  Prefer
 * dagshub_authenticator_perform(), which also renegotiates.
 * @return DAGSHUB_OK; DAGSHUB_ENOTOKEN (the message lists every provider's
 *         answer); DAGSHUB_EINVAL (url refused: plain http to a
 *         non-loopback host); DAGSHUB_ERROR (the HTTP module could not be
 *         loaded).
 */
int dagshub_authenticator_apply(dagshub_authenticator *au, void *curl,
                                const char *url);

/** Removes the Bearer token from `curl`, so a handle reused for another
 *  URL does not carry it.  DAGSHUB_OK or DAGSHUB_ERROR. */
int dagshub_authenticator_detach(dagshub_authenticator *au, void *curl);

/**
 * Called before the request is made again after a 401, so the caller can
 * reset what its callbacks collected (the refused response's body has
 * already gone to the write callback).  `curl` is the handle, `payload`
 * what was given to dagshub_authenticator_on_retry().
 */
typedef void (*dagshub_authenticator_retry_cb)(void *curl, void *payload);

/** Sets (or with NULL removes) the retry callback. */
void dagshub_authenticator_on_retry(dagshub_authenticator *au,
                                    dagshub_authenticator_retry_cb cb,
                                    void *payload);

/**
 * Applies the token to `curl` for `url`, runs curl_easy_perform(), and on
 * a 401 renegotiates once (see above).  The token is detached from the
 * handle before this returns.  If the request sends a body from a read
 * callback, set CURLOPT_SEEKFUNCTION too so it can be sent again.
 * @param http_status  the final HTTP status (0 when none arrived).
 * @return DAGSHUB_OK when a response arrived that is not a 401 (check
 *         *http_status for the rest); DAGSHUB_EREJECTED (401 with the
 *         replacement token too, or the token came from `env`);
 *         DAGSHUB_ENOTOKEN (no token, or none left after erasing the
 *         rejected one); DAGSHUB_ENETWORK (libcurl failed: the message has
 *         its text); DAGSHUB_EINVAL (url refused); DAGSHUB_ERROR.
 */
int dagshub_authenticator_perform(long *http_status,
                                  dagshub_authenticator *au, void *curl,
                                  const char *url);

/**
 * Asks the host who the token belongs to (GET {host}/api/v1/user), with
 * the same renegotiation on a 401.  For `dagshub-auth whoami`.
 * @param login  the DagsHub login, malloc()ed; the caller frees it.
 * @return as dagshub_authenticator_perform(), and DAGSHUB_ENETWORK also
 *         for an answer that is not 200 with a DagsHub user object.
 */
int dagshub_authenticator_whoami(char **login, dagshub_authenticator *au);

/** The token in use (NULL before the first use or after a failure).
 *  Owned by the authenticator; valid until its next call. */
const dagshub_token *dagshub_authenticator_token(
	const dagshub_authenticator *au);

#ifdef __cplusplus
}
#endif

#endif /* DAGSHUB_AUTHENTICATOR_H */
