/*
 * core/http/http.c - the HTTP module: every libcurl and cJSON call of
 * dagshub-auth.  libdagshub-auth dlopen()s it on the first request
 * (core/http_glue.c); see http_module.h for why.
 *
 * What every request gets:
 * - User-Agent: dagshub-auth/<version>;
 * - a whole-request timeout (the core passes one, never 0);
 * - certificate and host-name checks on (set explicitly: never relaxed);
 * - proxies from the usual environment variables (libcurl's default);
 * - only http and https;
 * - redirects followed by hand, only to the same origin (policy.c), so an
 *   Authorization header never reaches another host, whatever the libcurl
 *   version's own rule for CURLOPT_FOLLOWLOCATION is.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "http_module.h"
#include "policy.h"
#include "../../providers/common/wipe.h" /* dh_wipe */

#define S_EXPORT __attribute__((visibility("default")))

typedef struct s_buf {
	char *data;
	size_t len;
	size_t cap;
	int too_big;
} s_buf;

static char *s_strdup_printf(const char *fmt, ...)
	__attribute__((format(printf, 1, 2)));
static char *s_strdup_printf(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

static size_t s_write(char *ptr, size_t size, size_t nmemb, void *userdata)
{
	s_buf *b = userdata;
	size_t n = size * nmemb;

	if (b->len + n > DH_HTTP_MAX_BODY) {
		b->too_big = 1;
		return 0; /* makes curl stop with CURLE_WRITE_ERROR */
	}
	if (b->len + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 1024;
		char *d;

		while (cap < b->len + n + 1)
			cap *= 2;
		if (!(d = realloc(b->data, cap)))
			return 0;
		b->data = d;
		b->cap = cap;
	}
	memcpy(b->data + b->len, ptr, n);
	b->len += n;
	b->data[b->len] = '\0';
	return n;
}

static void s_buf_wipe(s_buf *b)
{
	if (b->data)
		dh_wipe(b->data, b->cap); /* OAuth answers hold tokens */
	free(b->data);
	memset(b, 0, sizeof(*b));
}

/* What went wrong, for a person: curl's error buffer when it has text. */
static char *s_curl_why(CURLcode rc, const char *errbuf, const char *host,
                        long timeout_ms, const s_buf *b)
{
	if (rc == CURLE_OPERATION_TIMEDOUT)
		return s_strdup_printf("%s did not answer within %ld.%03ld s "
		                       "(DAGSHUB_HTTP_TIMEOUT)", host,
		                       timeout_ms / 1000, timeout_ms % 1000);
	if (rc == CURLE_WRITE_ERROR && b->too_big)
		return s_strdup_printf("%s sent more than %d bytes; not an API "
		                       "answer", host, DH_HTTP_MAX_BODY);
	return s_strdup_printf("request to %s failed: %s", host,
	                       *errbuf ? errbuf : curl_easy_strerror(rc));
}

static int s_setup(CURL *c, const dh_http_call *call, const char *url,
                   const char *method, struct curl_slist *hdrs, s_buf *b,
                   char *errbuf)
{
	CURLcode rc = CURLE_OK;

#define S_SET(opt, val) do { if (rc == CURLE_OK) \
	rc = curl_easy_setopt(c, opt, val); } while (0)
	S_SET(CURLOPT_URL, url);
	S_SET(CURLOPT_USERAGENT, call->user_agent);
	S_SET(CURLOPT_TIMEOUT_MS, call->timeout_ms);
	S_SET(CURLOPT_NOSIGNAL, 1L);
	S_SET(CURLOPT_SSL_VERIFYPEER, 1L);
	S_SET(CURLOPT_SSL_VERIFYHOST, 2L);
	S_SET(CURLOPT_FOLLOWLOCATION, 0L); /* by hand: see s_request */
	S_SET(CURLOPT_UNRESTRICTED_AUTH, 0L);
#if LIBCURL_VERSION_NUM >= 0x075500
	S_SET(CURLOPT_PROTOCOLS_STR, "http,https");
#else
	S_SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	S_SET(CURLOPT_HTTPHEADER, hdrs);
	S_SET(CURLOPT_WRITEFUNCTION, s_write);
	S_SET(CURLOPT_WRITEDATA, b);
	S_SET(CURLOPT_ERRORBUFFER, errbuf);
	if (!strcmp(method, "POST")) {
		S_SET(CURLOPT_POST, 1L);
		S_SET(CURLOPT_POSTFIELDS,
		      call->form_body ? call->form_body : "");
	} else {
		S_SET(CURLOPT_HTTPGET, 1L);
	}
#undef S_SET
	return rc == CURLE_OK ? 0 : -1;
}

static int s_request(dagshub_http_response *resp, const dh_http_call *call,
                     char **why)
{
	CURL *c = NULL;
	struct curl_slist *hdrs = NULL, *h;
	char *auth = NULL, *url = NULL;
	const char *method = call->method;
	char errbuf[CURL_ERROR_SIZE];
	s_buf b = { 0 };
	dh_url_parts parts;
	int rc = -1;

	*why = NULL;
	memset(resp, 0, sizeof(*resp));
	if (dh_url_parse(&parts, call->url) != 0 ||
	    dh_url_check(call->url, call->allow_insecure_http, why) != 0) {
		if (!*why)
			*why = s_strdup_printf("not an http(s) URL");
		return -1;
	}
	if (!(c = curl_easy_init()) || !(url = strdup(call->url)))
		goto oom;
	if (call->bearer) {
		if (!(auth = s_strdup_printf("Authorization: Bearer %s",
		                             call->bearer)) ||
		    !(h = curl_slist_append(hdrs, auth)))
			goto oom;
		hdrs = h;
	}
	if (!(h = curl_slist_append(hdrs, "Accept: application/json")))
		goto oom;
	hdrs = h;

	for (int hops = 0;; hops++) {
		CURLcode cc;
		long status = 0;
		char *next = NULL;

		errbuf[0] = '\0';
		s_buf_wipe(&b);
		if (s_setup(c, call, url, method, hdrs, &b, errbuf) != 0) {
			*why = s_strdup_printf("libcurl refused an option");
			goto out;
		}
		if ((cc = curl_easy_perform(c)) != CURLE_OK) {
			*why = s_curl_why(cc, errbuf, parts.host, call->timeout_ms,
			                  &b);
			goto out;
		}
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
		if (status < 300 || status > 399 || status == 304) {
			resp->status = status;
			break;
		}
		curl_easy_getinfo(c, CURLINFO_REDIRECT_URL, &next);
		if (!next) {
			resp->status = status;
			break;
		}
		if (hops >= DH_HTTP_MAX_REDIRECTS) {
			*why = s_strdup_printf("%s redirected more than %d times",
			                       parts.host, DH_HTTP_MAX_REDIRECTS);
			goto out;
		}
		if (!dh_url_redirect_ok(url, next)) {
			dh_url_parts to;

			if (dh_url_parse(&to, next) != 0)
				snprintf(to.host, sizeof(to.host), "a non-http URL");
			*why = s_strdup_printf("%s redirected to another origin "
			                       "(%s); not followed, so no credential "
			                       "goes there", parts.host, to.host);
			goto out;
		}
		if (dh_url_check(next, call->allow_insecure_http, why) != 0)
			goto out;
		/* 301/302/303 turn a POST into a GET, as browsers do. */
		if (status != 307 && status != 308)
			method = "GET";
		free(url);
		if (!(url = strdup(next)))
			goto oom;
	}
	resp->body = b.data ? b.data : calloc(1, 1);
	resp->body_len = b.len;
	if (!resp->body)
		goto oom;
	b.data = NULL;
	rc = 0;
	goto out;
oom:
	free(*why);
	*why = s_strdup_printf("out of memory");
out:
	if (c) {
		/* the header list is freed below; do not leave it on the handle */
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
		curl_easy_cleanup(c);
	}
	curl_slist_free_all(hdrs);
	if (auth) {
		dh_wipe(auth, strlen(auth));
		free(auth);
	}
	free(url);
	s_buf_wipe(&b);
	return rc;
}

static int s_parse_user(char **login, const char *body, size_t len,
                        char **why)
{
	cJSON *j = cJSON_ParseWithLength(body, len);
	const cJSON *l, *u;
	int rc = -1;

	*login = NULL;
	*why = NULL;
	if (!j || !cJSON_IsObject(j)) {
		*why = s_strdup_printf("the answer is not a JSON object");
		goto out;
	}
	l = cJSON_GetObjectItemCaseSensitive(j, "login");
	u = cJSON_GetObjectItemCaseSensitive(j, "username");
	if (!cJSON_IsString(l) || !cJSON_IsString(u) || !*l->valuestring) {
		*why = s_strdup_printf("the answer lacks `login` or `username`");
		goto out;
	}
	if (!(*login = strdup(l->valuestring))) {
		*why = s_strdup_printf("out of memory");
		goto out;
	}
	rc = 0;
out:
	cJSON_Delete(j);
	return rc;
}

/*
 * The authenticator's half.  The token goes in as libcurl's own Bearer
 * auth (CURLOPT_XOAUTH2_BEARER), not as a custom header: that leaves the
 * caller's CURLOPT_HTTPHEADER list alone, and libcurl never sends its own
 * auth to another host on a redirect (CURLOPT_UNRESTRICTED_AUTH off).
 */
static int s_easy_apply(void *curl, const char *url, const char *token,
                        char **why)
{
	CURL *c = curl;
	CURLcode rc;

	*why = NULL;
	if (token) {
		rc = curl_easy_setopt(c, CURLOPT_URL, url);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, token);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(c, CURLOPT_HTTPAUTH,
			                      (long)CURLAUTH_BEARER);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(c, CURLOPT_UNRESTRICTED_AUTH, 0L);
	} else {
		rc = curl_easy_setopt(c, CURLOPT_XOAUTH2_BEARER, NULL);
		if (rc == CURLE_OK)
			rc = curl_easy_setopt(c, CURLOPT_HTTPAUTH,
			                      (long)CURLAUTH_BASIC);
	}
	if (rc != CURLE_OK) {
		*why = s_strdup_printf("libcurl: %s", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

static int s_easy_perform(long *status, char **final_url, void *curl,
                          char **why)
{
	char *eff = NULL;
	CURLcode rc;

	*why = *final_url = NULL;
	*status = 0;
	rc = curl_easy_perform((CURL *)curl);
	if (rc != CURLE_OK) {
		*why = s_strdup_printf("libcurl: %s", curl_easy_strerror(rc));
		return -1;
	}
	curl_easy_getinfo((CURL *)curl, CURLINFO_RESPONSE_CODE, status);
	if (curl_easy_getinfo((CURL *)curl, CURLINFO_EFFECTIVE_URL, &eff) ==
	        CURLE_OK && eff)
		*final_url = strdup(eff);
	return 0;
}

static int s_init(char **why)
{
	CURLcode rc = curl_global_init(CURL_GLOBAL_DEFAULT);

	*why = NULL;
	if (rc != CURLE_OK) {
		*why = s_strdup_printf("libcurl: %s", curl_easy_strerror(rc));
		return -1;
	}
	return 0;
}

static void s_fini(void)
{
	curl_global_cleanup();
}

static const dh_http_module_ops s_ops = {
	.version = DH_HTTP_MODULE_VERSION,
	.struct_size = sizeof(dh_http_module_ops),
	.init = s_init,
	.fini = s_fini,
	.request = s_request,
	.parse_user = s_parse_user,
	.easy_apply = s_easy_apply,
	.easy_perform = s_easy_perform,
};

const dh_http_module_ops *dh_http_module_entry(uint32_t version);
S_EXPORT const dh_http_module_ops *dh_http_module_entry(uint32_t version)
{
	return version == DH_HTTP_MODULE_VERSION ? &s_ops : NULL;
}
