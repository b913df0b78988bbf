/*
 * tests/http/test_policy.c - core/http/policy.c: which URLs a request
 * (and a token) may go to, and which redirects keep credentials.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

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
	/* userinfo is not the host */
	assert_int_equal(dh_url_parse(&u, "http://evil.com@127.0.0.1/"), 0);
	assert_string_equal(u.host, "127.0.0.1");
	assert_int_equal(dh_url_parse(&u, "http://127.0.0.1@evil.com/"), 0);
	assert_string_equal(u.host, "evil.com");
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_splits_urls),
		cmocka_unit_test(loopback_hosts),
		cmocka_unit_test(check_refuses_plain_http_elsewhere),
		cmocka_unit_test(redirects_stay_on_the_origin),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
