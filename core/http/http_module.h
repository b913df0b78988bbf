/*
 * core/http/http_module.h - the private interface between libdagshub-auth
 * and its HTTP module (core/http/http.so).  Not installed.
 *
 * Why a module: libcurl (with OpenSSL, nghttp2, libssh2...) costs a
 * process about 10 ms of dynamic loading.  The common path (a cached,
 * recently validated token) makes no request, so the core keeps every
 * libcurl and cJSON call here and dlopen()s this file on the first request
 * (core/http_glue.c).  The core never links libcurl; `ldd` proves it.
 *
 * The module exports one symbol, DH_HTTP_MODULE_SYMBOL, returning its
 * table.  Both sides are built from the same tree, so the table only has
 * to guard against a stale installed module: version and struct_size must
 * match exactly.
 *
 * Strings returned through `why` are malloc()ed by the module and freed by
 * the core with free() (both use the process's one malloc).
 */
#ifndef DAGSHUB_CORE_HTTP_MODULE_H
#define DAGSHUB_CORE_HTTP_MODULE_H

#include <stddef.h>
#include <stdint.h>

#include "dagshub/provider.h"

#define DH_HTTP_MODULE_SYMBOL "dh_http_module_entry"
#define DH_HTTP_MODULE_VERSION 1

/* Largest response body kept; a DagsHub API answer is a few hundred bytes. */
#define DH_HTTP_MAX_BODY (1024 * 1024)
/* Redirects followed (same host only, see dh_url_redirect_ok). */
#define DH_HTTP_MAX_REDIRECTS 5

/* One request, as the core hands it to the module.  Checked by the core
 * (method, URL policy, timeout) before the module is even loaded. */
typedef struct dh_http_call {
	const char *method;       /* "GET" or "POST" */
	const char *url;
	const char *bearer;       /* or NULL */
	const char *form_body;    /* or NULL */
	const char *user_agent;   /* "dagshub-auth/<version>" */
	long timeout_ms;          /* > 0: the whole request, redirects included */
	int allow_insecure_http;  /* the config's allow_insecure_http */
} dh_http_call;

typedef struct dh_http_module_ops {
	uint32_t version;     /* DH_HTTP_MODULE_VERSION */
	size_t struct_size;   /* sizeof(dh_http_module_ops) */

	/* Once after dlopen (curl_global_init) and once before dlclose. */
	int (*init)(char **why);
	void (*fini)(void);

	/* Makes a request.  0: a response arrived (any status), *resp filled
	 * (body malloc()ed, NUL-terminated); -1: transport failure, timeout,
	 * refused redirect, with *why set (and resp->status the redirect's
	 * status when one arrived); -2 (DH_HTTP_REFUSED): refused
	 * before anything was sent (URL or proxy rule), *why set. */
	int (*request)(dagshub_http_response *resp, const dh_http_call *call,
	               char **why);

	/* Reads GET /api/v1/user's body: 0 and *login (malloc()ed) when it is
	 * a JSON object holding string `login` and `username`; -1 otherwise
	 * with *why saying what was wrong (never quoting the body). */
	int (*parse_user)(char **login, const char *body, size_t len,
	                  char **why);

	/* For the authenticator: sets (token != NULL) or removes (NULL) a
	 * Bearer token on a caller's CURL easy handle, with the URL to use,
	 * and performs it. */
	int (*easy_apply)(void *curl, const char *url, const char *token,
	                  char **why);
	/* *final_url: where the answer came from after the caller's own
	 * redirects (malloc()ed, may be NULL). */
	int (*easy_perform)(long *status, char **final_url, void *curl,
	                    char **why);
} dh_http_module_ops;

typedef const dh_http_module_ops *(*dh_http_module_entry_fn)(uint32_t version);

#endif /* DAGSHUB_CORE_HTTP_MODULE_H */
