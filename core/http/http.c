/*
 * core/http/http.c - the HTTP module: every libcurl and cJSON call of
 * dagshub-auth.  libdagshub-auth dlopen()s it on the first request
 * (core/http_glue.c); see http_module.h for why.
 *
 * What every request gets:
 * - User-Agent: dagshub-auth/<version>;
 * - a whole-request timeout (the core passes one, never 0);
 * - certificate and host-name checks on (set explicitly: never relaxed);
 * - proxies (s_proxy_setup): never for a loopback host; https through the
 *   usual environment variables' proxy (CONNECT: the proxy sees only the
 *   host name, never a header); plain http that would go through a proxy
 *   is refused before anything is sent, because the proxy would read the
 *   Authorization header (and could answer for the server);
 * - only http and https;
 * - every URL (the first and each redirect target) read once, by libcurl's
 *   own parser (curl_url), and that same parsed handle is what the transfer
 *   uses (CURLOPT_CURLU): the policy check and the connection cannot read a
 *   URL two ways.  The core's reading (policy.c, before the module is
 *   loaded) must agree with libcurl's, or the URL is refused; userinfo
 *   (user@host) is refused, as core/host.c refuses it;
 * - redirects followed by hand, only to the same origin (policy.c), so an
 *   Authorization header never reaches another host, whatever the libcurl
 *   version's own rule for CURLOPT_FOLLOWLOCATION is;
 * - secrets (the header with the token, bodies that may hold tokens) wiped
 *   with explicit_bzero before they are freed.
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <arpa/inet.h>

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
	*b = (s_buf){ 0 };
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

/* A URL as libcurl reads it: the parsed handle (what the transfer uses)
 * and its parts. */
typedef struct s_url {
	CURLU *u;
	dh_url_parts parts;
} s_url;

static void s_url_free(s_url *x)
{
	curl_url_cleanup(x->u);
	x->u = NULL;
}

/*
 * Reads `url` with curl_url() and checks it by the policy: http(s) only,
 * no userinfo, libcurl's host, port and scheme the same as the core's
 * reading (dh_url_parse, which the core used before the module was
 * loaded), then dh_url_check's rule on that host.  0 with *out filled, or
 * -1 with *why (naming the host at most, never the rest of the URL).
 */
static int s_url_read(s_url *out, const char *url, bool allow_insecure,
                      char **why)
{
	char *scheme = NULL, *host = NULL, *port = NULL, *user = NULL;
	dh_url_parts core;
	int rc = -1;
	size_t n;

	*why = NULL;
	*out = (s_url){ 0 };
	if (!(out->u = curl_url())) {
		*why = s_strdup_printf("out of memory");
		return -1;
	}
	if (curl_url_set(out->u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(out->u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK ||
	    curl_url_get(out->u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    curl_url_get(out->u, CURLUPART_PORT, &port,
	                 CURLU_DEFAULT_PORT) != CURLUE_OK) {
		*why = s_strdup_printf("refusing a request to a URL that is not "
		                       "http(s)://host[:port]/...");
		goto out;
	}
	if (curl_url_get(out->u, CURLUPART_USER, &user, 0) == CURLUE_OK ||
	    curl_url_get(out->u, CURLUPART_PASSWORD, &user, 0) == CURLUE_OK ||
	    curl_url_get(out->u, CURLUPART_OPTIONS, &user, 0) == CURLUE_OK) {
		*why = s_strdup_printf("refusing a URL with user info (user@host): "
		                       "the host it names is ambiguous");
		goto out;
	}
	out->parts.https = !strcasecmp(scheme, "https");
	if (!out->parts.https && strcasecmp(scheme, "http") != 0) {
		*why = s_strdup_printf("refusing a request to a URL that is not "
		                       "http(s)://host[:port]/...");
		goto out;
	}
	/* libcurl gives an IPv6 address in brackets; the policy without. */
	n = strlen(host);
	if (n >= 2 && host[0] == '[' && host[n - 1] == ']') {
		memmove(host, host + 1, n - 2);
		host[n - 2] = '\0';
		n -= 2;
	}
	if (n == 0 || n >= sizeof(out->parts.host)) {
		*why = s_strdup_printf("refusing a URL whose host is empty or too "
		                       "long");
		goto out;
	}
	for (size_t i = 0; i <= n; i++)
		out->parts.host[i] = (char)tolower((unsigned char)host[i]);
	out->parts.port = (unsigned)strtoul(port, NULL, 10);
	/* The core read it too (before loading this module); a disagreement
	 * means one of the two parsers is being fooled. */
	if (dh_url_parse(&core, url) != 0 ||
	    core.https != out->parts.https || core.port != out->parts.port ||
	    !dh_url_same_host(core.host, out->parts.host)) {
		*why = s_strdup_printf("refusing a URL that libcurl and "
		                       "dagshub-auth read differently (host %s)",
		                       out->parts.host);
		goto out;
	}
	if (out->parts.https || allow_insecure ||
	    dh_url_host_is_loopback(out->parts.host))
		rc = 0;
	else if (dh_url_check(url, false, why) != 0 && !*why)
		*why = s_strdup_printf("out of memory");
out:
	curl_free(scheme);
	curl_free(host);
	curl_free(port);
	curl_free(user);
	if (rc != 0)
		s_url_free(out);
	return rc;
}

/* true when `host` matches the no_proxy list `list` as libcurl reads it:
 * "*" as the whole list (libcurl, like Python's urllib, reads a "*" among
 * other names as a name that matches nothing), or comma/space separated
 * names, each matching the host itself or a domain above it (a leading
 * '.' is optional); an IP address only as itself, written the same way
 * (libcurl compares addresses, never their tails).  What this does not
 * understand (CIDR ranges) is taken as not matching: the request is then
 * refused rather than sent in clear.  For our own handles the answer is
 * also what libcurl is told (s_proxy_setup), so a reading that differs
 * from libcurl's cannot send a request through a proxy. */
static bool s_no_proxy_match(const char *list, const char *host)
{
	size_t hl = strlen(host);
	unsigned char addr[16];
	bool ip = inet_pton(AF_INET, host, addr) == 1 ||
	          inet_pton(AF_INET6, host, addr) == 1;

	if (!strcmp(list, "*"))
		return true;
	while (*list) {
		size_t n;
		const char *e;

		list += strspn(list, ", \t");
		n = strcspn(list, ", \t");
		e = list;
		list += n;
		if (ip) {
			if (n == hl && !strncasecmp(e, host, n))
				return true;
			continue;
		}
		if (n && *e == '.') {
			e++;
			n--;
		}
		while (n && e[n - 1] == '.')
			n--; /* "example.com." */
		if (n == 0 || n > hl)
			continue;
		if (strncasecmp(host + hl - n, e, n) != 0)
			continue;
		if (n == hl || host[hl - n - 1] == '.')
			return true;
	}
	return false;
}

static const char *s_env(const char *name)
{
	const char *v = secure_getenv(name);

	return v && *v ? v : NULL;
}

/*
 * Whether a plain-http request to `host` would go through a proxy, by the
 * variables libcurl reads (http_proxy; HTTP_PROXY too, which some builds
 * honour; all_proxy / ALL_PROXY), unless no_proxy / NO_PROXY matches.
 */
static bool s_http_would_proxy(const char *host)
{
	/* As libcurl: no_proxy when it is set, even empty, else NO_PROXY. */
	const char *np = secure_getenv("no_proxy");

	if (!np)
		np = secure_getenv("NO_PROXY");
	if (!s_env("http_proxy") && !s_env("HTTP_PROXY") &&
	    !s_env("all_proxy") && !s_env("ALL_PROXY"))
		return false;
	return !(np && s_no_proxy_match(np, host));
}

/* No proxy for this handle, whatever the environment says. */
static int s_direct(CURL *c, char **why)
{
	if (curl_easy_setopt(c, CURLOPT_PROXY, "") != CURLE_OK ||
	    curl_easy_setopt(c, CURLOPT_NOPROXY, "*") != CURLE_OK) {
		*why = s_strdup_printf("libcurl refused the proxy options");
		return -1;
	}
	return 0;
}

/*
 * The proxy rule for one URL (see the top of the file).  0 with the
 * handle's proxy options set, or -1 with *why when the request must not
 * be made.  `own`: the handle is ours, not the caller's (the
 * authenticator's), so no proxy set on it is anyone's choice.
 *
 * Plain http that the environment's variables, as read here, send
 * direct is made direct on our own handles: libcurl reads the variables
 * again itself, with getenv() where this reads secure_getenv() (a setuid
 * program) and by its own version's no_proxy rules, and either could
 * otherwise send the request through a proxy this check never saw.
 */
static int s_proxy_setup(CURL *c, const dh_url_parts *p, bool own, char **why)
{
	*why = NULL;
	if (dh_url_host_is_loopback(p->host)) {
		/* Direct, whatever the environment says: a loopback server is
		 * on this machine, a proxy is not needed and must not see it. */
		return s_direct(c, why);
	}
	if (!p->https && s_http_would_proxy(p->host)) {
		*why = s_strdup_printf("refusing to send a request for %s over "
		                       "plain http through a proxy (http_proxy, "
		                       "HTTP_PROXY or ALL_PROXY is set): the proxy "
		                       "would read the token; use https, or add the "
		                       "host to no_proxy", p->host);
		return -1;
	}
	return !p->https && own ? s_direct(c, why) : 0;
}

static int s_setup(CURL *c, const dh_http_call *call, const s_url *url,
                   const char *method, struct curl_slist *hdrs, s_buf *b,
                   char *errbuf, char **why)
{
	CURLcode rc = CURLE_OK;

	*why = NULL;
#define S_SET(opt, val) do { if (rc == CURLE_OK) \
	rc = curl_easy_setopt(c, opt, val); } while (0)
	/* The handle the policy checked is the one the transfer reads. */
	S_SET(CURLOPT_CURLU, url->u);
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
	if (rc != CURLE_OK) {
		*why = s_strdup_printf("libcurl refused an option");
		return -1;
	}
	return s_proxy_setup(c, &url->parts, true, why);
}

static int s_request(dagshub_http_response *resp, const dh_http_call *call,
                     char **why)
{
	CURL *c = NULL;
	struct curl_slist *hdrs = NULL, *h;
	char *auth = NULL;
	const char *method = call->method;
	char errbuf[CURL_ERROR_SIZE];
	s_buf b = { 0 };
	s_url url = { 0 };
	char first_host[sizeof(url.parts.host)];
	int rc = -1;

	*why = NULL;
	memset(resp, 0, sizeof(*resp));
	resp->struct_size = sizeof(*resp);
	if (s_url_read(&url, call->url, call->allow_insecure_http, why) != 0)
		return -2; /* nothing sent */
	memcpy(first_host, url.parts.host, sizeof(first_host));
	if (!(c = curl_easy_init()))
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
		s_url to;

		errbuf[0] = '\0';
		s_buf_wipe(&b);
		if (s_setup(c, call, &url, method, hdrs, &b, errbuf, why) != 0) {
			if (hops == 0)
				rc = -2; /* nothing sent */
			goto out;
		}
		if ((cc = curl_easy_perform(c)) != CURLE_OK) {
			*why = s_curl_why(cc, errbuf, first_host, call->timeout_ms,
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
		/* The server did answer: say so even if the redirect is not
		 * followed (a refused redirect is not an unreachable server). */
		resp->status = status;
		if (hops >= DH_HTTP_MAX_REDIRECTS) {
			*why = s_strdup_printf("%s redirected more than %d times",
			                       first_host, DH_HTTP_MAX_REDIRECTS);
			goto out;
		}
		/* The target as libcurl reads it, checked by the same rule. */
		if (s_url_read(&to, next, call->allow_insecure_http, why) != 0) {
			char *inner = *why;

			*why = s_strdup_printf("%s redirected to a URL that is "
			                       "refused: %s", first_host,
			                       inner ? inner : "out of memory");
			free(inner);
			goto out;
		}
		if (!dh_url_parts_redirect_ok(&url.parts, &to.parts)) {
			*why = s_strdup_printf("%s redirected to another origin "
			                       "(%s); not followed, so no credential "
			                       "goes there", first_host, to.parts.host);
			s_url_free(&to);
			goto out;
		}
		/* 301/302/303 turn a POST into a GET, as browsers do. */
		if (status != 307 && status != 308)
			method = "GET";
		/* the handle still points at url.u: give it the new one first */
		curl_easy_setopt(c, CURLOPT_CURLU, to.u);
		s_url_free(&url);
		url = to;
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
		/* the header list and URL are freed below; do not leave them on
		 * the handle */
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
		curl_easy_setopt(c, CURLOPT_CURLU, NULL);
		curl_easy_cleanup(c);
	}
	curl_slist_free_all(hdrs);
	if (auth) {
		dh_wipe(auth, strlen(auth));
		free(auth);
	}
	s_url_free(&url);
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
		s_url u;

		/* The proxy rule holds for the caller's handle too (a proxy the
		 * environment names; one the caller set on the handle is the
		 * caller's choice).  The core has applied the plain-http rule
		 * (allow_insecure_http) already. */
		if (s_url_read(&u, url, true, why) != 0)
			return -1;
		if (s_proxy_setup(c, &u.parts, false, why) != 0) {
			s_url_free(&u);
			return -1;
		}
		s_url_free(&u);
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
