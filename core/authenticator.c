/*
 * core/authenticator.c - DagsHub credentials for a caller's libcurl
 * requests, renegotiated on a 401 as the Python client's
 * get_authenticator() does (see <dagshub/authenticator.h>).
 *
 * The curl calls themselves live in the HTTP module (core/http); this file
 * only decides which token to use and what to do when it is refused.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "dagshub/authenticator.h"
#include "http/policy.h"
#include "http_glue.h"

struct dagshub_authenticator {
	dagshub_auth *a;
	char *host;                 /* normalised */
	dagshub_token *tok;         /* current token, or NULL */
	dagshub_authenticator_retry_cb on_retry;
	void *payload;
};

/* One request with the current token: DAGSHUB_OK and *status when an
 * answer arrived; S_FINAL when that answer must not be renegotiated. */
#define S_FINAL 1
typedef int (*s_attempt_fn)(long *status, dagshub_authenticator *au,
                            void *arg);

DH_API int dagshub_authenticator_new(dagshub_authenticator **out,
                                     dagshub_auth *a, const char *host)
{
	dagshub_authenticator *au;
	int rc;

	if (!out || !a)
		return DAGSHUB_EINVAL;
	*out = NULL;
	if (!(au = calloc(1, sizeof(*au))))
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	au->a = a;
	if ((rc = dh_resolve_host(a, host, &au->host)) != 0) {
		free(au);
		return rc;
	}
	*out = au;
	return DAGSHUB_OK;
}

DH_API void dagshub_authenticator_free(dagshub_authenticator *au)
{
	if (!au)
		return;
	dagshub_token_free(au->tok);
	free(au->host);
	free(au);
}

DH_API void dagshub_authenticator_on_retry(dagshub_authenticator *au,
                                           dagshub_authenticator_retry_cb cb,
                                           void *payload)
{
	if (!au)
		return;
	au->on_retry = cb;
	au->payload = payload;
}

DH_API const dagshub_token *dagshub_authenticator_token(
	const dagshub_authenticator *au)
{
	return au ? au->tok : NULL;
}

static int s_ensure_token(dagshub_authenticator *au)
{
	if (au->tok)
		return DAGSHUB_OK;
	return dagshub_get_token(&au->tok, au->a, au->host);
}

/* True when the entry that gave tok hands out a token its user set by
 * hand (DAGSHUB_PROVIDER_USER_SET, the env provider): what the provider
 * declares, never what its module is called. */
static bool s_user_set(dagshub_authenticator *au)
{
	const dh_chain *c = dh_config_chain_for(au->a, au->host);
	const dh_entry *e;

	if (!c || au->tok->entry >= c->n)
		return false;
	e = &c->entries[au->tok->entry];
	return e->mod.ops && (e->mod.ops->flags & DAGSHUB_PROVIDER_USER_SET);
}

/*
 * The server refused the current token (401): erase it from its source,
 * forget that it was once good, and take the next one from the chain.
 */
static int s_renegotiate(dagshub_authenticator *au)
{
	char fp[DAGSHUB_FINGERPRINT_SIZE], *old = NULL, *src = NULL;
	dagshub_auth *a = au->a;
	int rc;

	dagshub_fingerprint(fp, au->tok->value);
	if (s_user_set(au))
		return dh_set_error(a, DAGSHUB_EREJECTED, "the token from the "
		                    "environment (provider %s, %s) was rejected by "
		                    "%s (HTTP 401); a token from the environment is "
		                    "not replaced: set DAGSHUB_USER_TOKEN (or the "
		                    "variable your config names) to a valid token, "
		                    "or unset it", au->tok->source, fp, au->host);
	if (!(old = dh_strdup(au->tok->value)) ||
	    !(src = dh_strdup(au->tok->source))) {
		rc = dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
		goto out;
	}
	dh_validate_forget(a, au->host, old);
	/* An erase failure is not fatal by itself: the check below catches a
	 * chain that gives the same token again. */
	dagshub_erase_tokens(a, au->host, old, src, NULL);
	dagshub_token_free(au->tok);
	au->tok = NULL;
	if ((rc = dagshub_get_token(&au->tok, a, au->host)) != DAGSHUB_OK) {
		char *chain = dh_strdup(dagshub_auth_last_error(a));

		rc = dh_set_error(a, rc, "the token from %s (%s) was rejected by "
		                  "%s (HTTP 401) and erased; no other token: %s",
		                  src, fp, au->host, chain ? chain : "");
		free(chain);
		goto out;
	}
	if (!strcmp(au->tok->value, old)) {
		rc = dh_set_error(a, DAGSHUB_EREJECTED, "the token from %s (%s) "
		                  "was rejected by %s (HTTP 401) and could not be "
		                  "erased from it; remove it by hand "
		                  "(dagshub-auth logout)", src, fp, au->host);
		dagshub_token_free(au->tok);
		au->tok = NULL;
		goto out;
	}
	rc = DAGSHUB_OK;
out:
	dh_free_secret(old);
	free(src);
	return rc;
}

/* Runs attempt() with the current token; on a 401 renegotiates once. */
static int s_run(long *status, dagshub_authenticator *au,
                 s_attempt_fn attempt, void *arg, void *curl)
{
	int rc;

	*status = 0;
	for (int round = 0;; round++) {
		char fp[DAGSHUB_FINGERPRINT_SIZE];

		if ((rc = s_ensure_token(au)) != DAGSHUB_OK)
			return rc;
		if ((rc = attempt(status, au, arg)) == S_FINAL)
			return DAGSHUB_OK;
		if (rc != DAGSHUB_OK)
			return rc;
		if (*status != 401)
			return DAGSHUB_OK;
		if (round > 0) {
			dagshub_fingerprint(fp, au->tok->value);
			return dh_set_error(au->a, DAGSHUB_EREJECTED, "the "
			                    "replacement token from %s (%s) was "
			                    "rejected by %s too (HTTP 401)",
			                    au->tok->source, fp, au->host);
		}
		if ((rc = s_renegotiate(au)) != DAGSHUB_OK)
			return rc;
		if (au->on_retry)
			au->on_retry(curl, au->payload);
	}
}

static const dh_http_module_ops *s_module(dagshub_authenticator *au)
{
	char *why = NULL;
	const dh_http_module_ops *ops = dh_http_module(au->a, &why);

	if (!ops)
		dh_set_error(au->a, DAGSHUB_ERROR, "%s", why ? why : "out of memory");
	free(why);
	return ops;
}

/* A token for au->host goes only to au->host, and only over https or
 * loopback http. */
static int s_check_url(dagshub_authenticator *au, const char *url)
{
	char *why = NULL;
	dh_url_parts u;
	int rc;

	if (!url || dh_url_parse(&u, url) != 0)
		return dh_set_error(au->a, DAGSHUB_EINVAL, "not an http(s) URL");
	if (!dh_url_redirect_ok(au->host, url) &&
	    !dh_url_redirect_ok(url, au->host))
		return dh_set_error(au->a, DAGSHUB_EINVAL, "refusing to send the "
		                    "token for %s to another host (%s)", au->host,
		                    u.host);
	if (dh_url_check(url, au->a->allow_insecure_http, &why) == 0)
		return DAGSHUB_OK;
	rc = dh_set_error(au->a, DAGSHUB_EINVAL, "%s", why ? why : "refused");
	free(why);
	return rc;
}

DH_API int dagshub_authenticator_apply(dagshub_authenticator *au, void *curl,
                                       const char *url)
{
	const dh_http_module_ops *ops;
	char *why = NULL;
	int rc;

	if (!au || !curl)
		return DAGSHUB_EINVAL;
	dh_clear_error(au->a);
	if ((rc = s_check_url(au, url)) != DAGSHUB_OK ||
	    (rc = s_ensure_token(au)) != DAGSHUB_OK)
		return rc;
	if (!(ops = s_module(au)))
		return DAGSHUB_ERROR;
	if (ops->easy_apply(curl, url, au->tok->value, &why) != 0) {
		rc = dh_set_error(au->a, DAGSHUB_ERROR, "%s", why ? why : "failed");
		free(why);
	}
	return rc;
}

DH_API int dagshub_authenticator_detach(dagshub_authenticator *au,
                                        void *curl)
{
	const dh_http_module_ops *ops;
	char *why = NULL;
	int rc = DAGSHUB_OK;

	if (!au || !curl)
		return DAGSHUB_EINVAL;
	if (!(ops = s_module(au)))
		return DAGSHUB_ERROR;
	if (ops->easy_apply(curl, NULL, NULL, &why) != 0) {
		rc = dh_set_error(au->a, DAGSHUB_ERROR, "%s", why ? why : "failed");
		free(why);
	}
	return rc;
}

struct s_easy_arg {
	void *curl;
	const char *url;
};

static int s_easy_attempt(long *status, dagshub_authenticator *au, void *arg)
{
	struct s_easy_arg *e = arg;
	const dh_http_module_ops *ops = s_module(au);
	char *why = NULL, *final_url = NULL;
	int rc = DAGSHUB_OK;

	if (!ops)
		return DAGSHUB_ERROR;
	if (ops->easy_apply(e->curl, e->url, au->tok->value, &why) != 0)
		rc = dh_set_error(au->a, DAGSHUB_ERROR, "%s", why ? why : "failed");
	else if (ops->easy_perform(status, &final_url, e->curl, &why) != 0)
		rc = dh_set_error(au->a, DAGSHUB_ENETWORK, "request to %s failed: "
		                  "%s", au->host, why ? why : "unknown error");
	/* A 401 from another host (the caller's handle followed a redirect,
	 * without our token) says nothing about our token: keep it. */
	else if (*status == 401 && final_url &&
	         !dh_url_redirect_ok(au->host, final_url))
		rc = S_FINAL;
	free(final_url);
	free(why);
	why = NULL;
	/* never leave the token on the caller's handle */
	ops->easy_apply(e->curl, NULL, NULL, &why);
	free(why);
	return rc;
}

DH_API int dagshub_authenticator_perform(long *http_status,
                                         dagshub_authenticator *au,
                                         void *curl, const char *url)
{
	struct s_easy_arg arg = { curl, url };
	long status = 0;
	int rc;

	if (http_status)
		*http_status = 0;
	if (!au || !curl)
		return DAGSHUB_EINVAL;
	dh_clear_error(au->a);
	if ((rc = s_check_url(au, url)) != DAGSHUB_OK)
		return rc;
	rc = s_run(&status, au, s_easy_attempt, &arg, curl);
	if (http_status)
		*http_status = status;
	return rc;
}

struct s_whoami_arg {
	char *login;
	char *why;
};

static int s_whoami_attempt(long *status, dagshub_authenticator *au,
                            void *arg)
{
	struct s_whoami_arg *w = arg;
	dagshub_http_request req = { .struct_size = sizeof(req) };
	dagshub_http_response resp = { 0 };
	const dh_http_module_ops *ops;
	char *url = dh_asprintf("%s/api/v1/user", au->host), *why = NULL;
	int rc = DAGSHUB_OK;

	free(w->why);
	free(w->login);
	w->why = w->login = NULL;
	if (!url)
		return dh_set_error(au->a, DAGSHUB_ENOMEM, "out of memory");
	req.method = "GET";
	req.url = url;
	req.bearer_token = au->tok->value;
	/* A refused URL or a bad DAGSHUB_HTTP_TIMEOUT is the caller's to fix
	 * (EINVAL), not a network failure. */
	if ((rc = s_check_url(au, url)) != DAGSHUB_OK)
		goto out;
	if (dh_http_timeout_ms(&req.timeout_ms, &why) != 0) {
		rc = dh_set_error(au->a, DAGSHUB_EINVAL, "%s",
		                  why ? why : "out of memory");
		goto out;
	}
	if (dh_http(au->a, &req, &resp, &why) != 0) {
		rc = dh_set_error(au->a, DAGSHUB_ENETWORK, "%s",
		                  why ? why : "request failed");
		goto out;
	}
	*status = resp.status;
	if (resp.status == 200 && (ops = dh_http_module(au->a, &why)))
		ops->parse_user(&w->login, resp.body, resp.body_len, &w->why);
out:
	free(why);
	free(url);
	dh_http_response_clear(&resp);
	return rc;
}

DH_API int dagshub_authenticator_whoami(char **login,
                                        dagshub_authenticator *au)
{
	struct s_whoami_arg w = { NULL, NULL };
	long status = 0;
	int rc;

	if (!login || !au)
		return DAGSHUB_EINVAL;
	*login = NULL;
	dh_clear_error(au->a);
	rc = s_run(&status, au, s_whoami_attempt, &w, NULL);
	if (rc == DAGSHUB_OK && status != 200)
		rc = dh_set_error(au->a, status == 403 ? DAGSHUB_EREJECTED
		                                       : DAGSHUB_ENETWORK,
		                  "%s answered HTTP %ld to GET /api/v1/user",
		                  au->host, status);
	else if (rc == DAGSHUB_OK && !w.login)
		rc = dh_set_error(au->a, DAGSHUB_ENETWORK, "%s answered 200 but %s; "
		                  "is this a DagsHub host?", au->host,
		                  w.why ? w.why : "not as expected");
	if (rc == DAGSHUB_OK) {
		*login = w.login;
		w.login = NULL;
	}
	free(w.login);
	free(w.why);
	return rc;
}
