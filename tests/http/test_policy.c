/*
 * tests/http/test_policy.c - core/http/policy.c: which URLs a request
 * (and a token) may go to, and which redirects keep credentials.
 */
#include "config.h"

#include <ctype.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "http/policy.h"

static void parse_splits_urls(void **state)
{
	dh_url_parts u;
	(void)state;

	assert_int_equal(dh_url_parse(&u, "https://DagsHub.com/api"), 0);
	assert_true(u.https);
	assert_string_equal(u.host, "dagshub.com");
	assert_int_equal(u.port, 443);
	assert_int_equal(dh_url_parse(&u, "http://127.0.0.1:8080"), 0);
	assert_false(u.https);
	assert_string_equal(u.host, "127.0.0.1");
	assert_int_equal(u.port, 8080);
	assert_int_equal(dh_url_parse(&u, "http://[::1]:99/x?y#z"), 0);
	assert_string_equal(u.host, "::1");
	assert_int_equal(u.port, 99);
	/* userinfo is refused (as core/host.c refuses it), whichever '@' */
	assert_int_equal(dh_url_parse(&u, "http://evil.com@127.0.0.1/"), -1);
	assert_int_equal(dh_url_parse(&u, "http://127.0.0.1@evil.com/"), -1);
	assert_int_equal(dh_url_parse(&u, "http://a:b@127.0.0.1/"), -1);
	/* an '@' after the authority is path, query or fragment */
	assert_int_equal(dh_url_parse(&u, "http://evil#@127.0.0.1"), 0);
	assert_string_equal(u.host, "evil");
	assert_int_equal(dh_url_parse(&u, "http://evil/@127.0.0.1"), 0);
	assert_string_equal(u.host, "evil");
	assert_int_equal(dh_url_parse(&u, "http://evil?@127.0.0.1"), 0);
	assert_string_equal(u.host, "evil");
	assert_int_equal(dh_url_parse(&u, "ftp://dagshub.com"), -1);
	assert_int_equal(dh_url_parse(&u, "http://"), -1);
	assert_int_equal(dh_url_parse(&u, "http://h:99999"), -1);
	assert_int_equal(dh_url_parse(&u, "http://h:8x"), -1);
	assert_int_equal(dh_url_parse(&u, "http://[::1"), -1);
}

static void loopback_hosts(void **state)
{
	(void)state;
	assert_true(dh_url_host_is_loopback("127.0.0.1"));
	assert_true(dh_url_host_is_loopback("127.255.3.4"));
	assert_true(dh_url_host_is_loopback("::1"));
	assert_true(dh_url_host_is_loopback("localhost"));
	assert_true(dh_url_host_is_loopback("LOCALHOST"));
	assert_false(dh_url_host_is_loopback("128.0.0.1"));
	assert_false(dh_url_host_is_loopback("10.0.0.1"));
	assert_false(dh_url_host_is_loopback("::2"));
	assert_false(dh_url_host_is_loopback("localhost.evil.com"));
	assert_false(dh_url_host_is_loopback("127.0.0.1.evil.com"));
	assert_false(dh_url_host_is_loopback("127.1")); /* not parsed: refused */
}

static void check_refuses_plain_http_elsewhere(void **state)
{
	char *why = NULL;
	(void)state;

	assert_int_equal(dh_url_check("https://dagshub.com/x", false, &why), 0);
	assert_null(why);
	assert_int_equal(dh_url_check("http://127.0.0.1:1/x", false, &why), 0);
	assert_int_equal(dh_url_check("http://localhost/x", false, &why), 0);
	assert_int_equal(dh_url_check("http://[::1]/x", false, &why), 0);
	assert_int_equal(dh_url_check("http://dagshub.com/x?secret", false,
	                              &why), -1);
	assert_non_null(why);
	assert_non_null(strstr(why, "dagshub.com"));
	assert_non_null(strstr(why, "allow_insecure_http"));
	assert_null(strstr(why, "secret")); /* only the host is named */
	free(why);
	assert_int_equal(dh_url_check("http://dagshub.com/x", true, &why), 0);
	assert_int_equal(dh_url_check("file:///etc/passwd", true, &why), -1);
	free(why);
}

static void redirects_stay_on_the_origin(void **state)
{
	(void)state;
	assert_true(dh_url_redirect_ok("http://127.0.0.1:5/a",
	                               "http://127.0.0.1:5/b"));
	assert_true(dh_url_redirect_ok("https://dagshub.com/a",
	                               "https://DAGSHUB.com:443/b"));
	assert_true(dh_url_redirect_ok("http://dagshub.com/a",
	                               "https://dagshub.com/b"));
	/* another port is another origin */
	assert_false(dh_url_redirect_ok("http://127.0.0.1:5/a",
	                                "http://127.0.0.1:6/a"));
	assert_false(dh_url_redirect_ok("http://127.0.0.1:5/a",
	                                "http://127.0.0.2:5/a"));
	assert_false(dh_url_redirect_ok("http://127.0.0.1:5/a",
	                                "http://localhost:5/a"));
	assert_false(dh_url_redirect_ok("https://dagshub.com/a",
	                                "http://dagshub.com/a"));
	assert_false(dh_url_redirect_ok("https://dagshub.com/a",
	                                "https://dagshub.com.evil.com/a"));
	assert_false(dh_url_redirect_ok("https://dagshub.com/a", "/relative"));
}

/* URLs written to make two parsers disagree, and whether plain http may
 * go there without allow_insecure_http (only when it is certainly a
 * loopback host: anything doubtful is refused). */
static const struct { const char *url; int ok; } s_tricky[] = {
	{ "http://127.0.0.1@evil", 0 },
	{ "http://127.0.0.1@evil/", 0 },
	{ "http://evil@127.0.0.1/", 0 },       /* userinfo: refused */
	{ "http://evil#@127.0.0.1", 0 },       /* host is evil */
	{ "http://evil?@127.0.0.1", 0 },
	{ "http://evil/@127.0.0.1", 0 },
	{ "http://evil\\@127.0.0.1/", 0 },     /* backslashes */
	{ "http://127.0.0.1\\@evil/", 0 },
	{ "http://127.0.0.1\\.evil/", 0 },
	{ "http:\\\\127.0.0.1/", 0 },
	{ "http://127.0.0.1/\\x", 0 },
	{ "http://127.0.0.1:80\\@evil/", 0 },
	{ "http://127.0.0.1 .evil/", 0 },
	{ "http://127.0.0.1\t/", 0 },
	{ "http://127.0.0.1%00.evil/", 0 },
	{ "http://127.0.0.1%2f@evil/", 0 },
	{ "http://%31%32%37.0.0.1/", 0 },
	{ "http://127.0.0.1./", 0 },
	{ "http://localhost./", 0 },
	{ "http://localhost.evil/", 0 },
	{ "http://127.0.0.1.evil/", 0 },
	{ "http://LOCALHOST:8080/x", 1 },
	{ "http://localhost/", 1 },
	{ "http://127.0.0.1/", 1 },
	{ "http://127.0.0.1:1/", 1 },
	{ "http://127.1.2.3:9/", 1 },          /* all of 127.0.0.0/8 */
	{ "http://127.255.255.254/", 1 },
	{ "http://127.1/", 0 },                /* short forms: refused */
	{ "http://2130706433/", 0 },
	{ "http://0x7f.0.0.1/", 0 },
	{ "http://0177.0.0.1/", 0 },
	{ "http://128.0.0.1/", 0 },
	{ "http://[::1]/", 1 },
	{ "http://[::1]:8080/a", 1 },
	{ "http://[0:0:0:0:0:0:0:1]/", 1 },
	{ "http://[::ffff:127.0.0.1]/", 0 },
	{ "http://[::1%25lo]/", 0 },
	{ "http://[::2]/", 0 },
	{ "http://[::1]evil/", 0 },
	{ "http://[::1/", 0 },
	{ "http://::1/", 0 },
	{ "HTTP://127.0.0.1/", 1 },
	{ "ftp://127.0.0.1/", 0 },
	{ "http:/127.0.0.1/", 0 },
	{ "http:127.0.0.1/", 0 },
	{ "//127.0.0.1/", 0 },
	{ "http://127.0.0.1:65536/", 0 },
	{ "http://127.0.0.1:-1/", 0 },
	{ "http://127.0.0.1:+80/", 0 },
	{ "http://", 0 },
	{ "http:///127.0.0.1", 0 },
	{ "https://evil@dagshub.com/", 0 },    /* never userinfo, even https */
};
#define S_NTRICKY (sizeof(s_tricky) / sizeof(*s_tricky))

static void tricky_urls(void **state)
{
	(void)state;
	for (size_t i = 0; i < S_NTRICKY; i++) {
		char *why = NULL;
		int rc = dh_url_check(s_tricky[i].url, false, &why);

		if (rc == 0)
			assert_null(why);
		else
			assert_non_null(why);
		free(why);
		if ((rc == 0) != s_tricky[i].ok)
			fail_msg("%s: %s for plain http", s_tricky[i].url,
			         rc == 0 ? "accepted" : "refused");
	}
}

/* Every URL the policy accepts is read the same way by libcurl's parser
 * (what the transfer uses): same scheme, host and port.  The HTTP module
 * refuses a URL on which they disagree; this shows none of the accepted
 * tricky ones gets there. */
static void libcurl_reads_accepted_urls_alike(void **state)
{
	(void)state;
	for (size_t i = 0; i < S_NTRICKY; i++) {
		const char *url = s_tricky[i].url;
		dh_url_parts p;
		CURLU *u;
		char *host = NULL, *port = NULL, *scheme = NULL, *user = NULL;
		char h[300];

		if (dh_url_parse(&p, url) != 0)
			continue;
		assert_non_null(u = curl_url());
		if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK) {
			/* libcurl refuses it: the module refuses it too */
			curl_url_cleanup(u);
			continue;
		}
		assert_int_equal(curl_url_get(u, CURLUPART_HOST, &host, 0),
		                 CURLUE_OK);
		assert_int_equal(curl_url_get(u, CURLUPART_PORT, &port,
		                              CURLU_DEFAULT_PORT), CURLUE_OK);
		assert_int_equal(curl_url_get(u, CURLUPART_SCHEME, &scheme, 0),
		                 CURLUE_OK);
		assert_int_not_equal(curl_url_get(u, CURLUPART_USER, &user, 0),
		                     CURLUE_OK);
		if (p.https || !dh_url_host_is_loopback(p.host)) {
			curl_free(host); curl_free(port); curl_free(scheme);
			curl_url_cleanup(u);
			continue;
		}
		/* allowed as loopback: libcurl must see that same host */
		snprintf(h, sizeof(h), "%s", host);
		if (h[0] == '[' && strlen(h) > 2) {
			memmove(h, h + 1, strlen(h));
			h[strlen(h) - 1] = '\0';
		}
		for (char *c = h; *c; c++)
			*c = (char)tolower((unsigned char)*c);
		if (!dh_url_same_host(p.host, h) ||
		    (unsigned)strtoul(port, NULL, 10) != p.port ||
		    strcasecmp(scheme, "http") != 0)
			fail_msg("%s: policy reads %s:%u, libcurl %s:%s", url,
			         p.host, p.port, host, port);
		curl_free(host); curl_free(port); curl_free(scheme);
		curl_url_cleanup(u);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_splits_urls),
		cmocka_unit_test(loopback_hosts),
		cmocka_unit_test(check_refuses_plain_http_elsewhere),
		cmocka_unit_test(redirects_stay_on_the_origin),
		cmocka_unit_test(tricky_urls),
		cmocka_unit_test(libcurl_reads_accepted_urls_alike),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
