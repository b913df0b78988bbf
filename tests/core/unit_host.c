/*
 * tests/core/unit_host.c - host normalisation and fingerprints, through
 * the public API.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dagshub/auth.h"

static void s_expect(const char *in, const char *want)
{
	char *out = NULL;
	int rc = dagshub_normalize_host(&out, in);

	if (!want) {
		assert_int_equal(rc, DAGSHUB_EINVAL);
		assert_null(out);
		return;
	}
	assert_int_equal(rc, DAGSHUB_OK);
	assert_string_equal(out, want);
	free(out);
}

static void test_design_examples(void **state)
{
	s_expect("https://DagsHub.com/", "https://dagshub.com");
	s_expect("https://dagshub.com", "https://dagshub.com");
	s_expect("HTTPS://DAGSHUB.COM", "https://dagshub.com");
}

static void test_default_ports_dropped(void **state)
{
	s_expect("https://dagshub.com:443", "https://dagshub.com");
	s_expect("http://localhost:80/", "http://localhost");
	s_expect("https://h.example:0443", "https://h.example");
	s_expect("https://dagshub.com:", "https://dagshub.com");
	s_expect("HtTpS://h.example:00443", "https://h.example");
}

static void test_other_ports_kept(void **state)
{
	s_expect("http://127.0.0.1:38271", "http://127.0.0.1:38271");
	s_expect("https://h.example:80", "https://h.example:80");
	s_expect("http://h.example:443", "http://h.example:443");
	s_expect("https://h.example:65535", "https://h.example:65535");
	s_expect("https://h.example:00001", "https://h.example:1");
	/* leading zeros do not count against the five digits */
	s_expect("http://127.0.0.1:041565", "http://127.0.0.1:41565");
	s_expect("https://h.example:0000000443", "https://h.example");
	s_expect("https://h.example:00065535", "https://h.example:65535");
}

static void test_path_prefix_kept(void **state)
{
	s_expect("https://Corp.Example/DagsHub/", "https://corp.example/DagsHub");
	s_expect("https://corp.example/a/b///", "https://corp.example/a/b");
}

static void test_ipv6(void **state)
{
	s_expect("http://[::1]:8080/", "http://[::1]:8080");
	s_expect("http://[::1]:80", "http://[::1]");
	s_expect("http://[::1", NULL);
}

static void test_refused(void **state)
{
	s_expect("", NULL);
	s_expect("dagshub.com", NULL);
	s_expect("ftp://dagshub.com", NULL);
	s_expect("https://", NULL);
	s_expect("https://:443", NULL);
	s_expect("https://user:pw@dagshub.com", NULL);
	s_expect("https://dagshub.com/?q=1", NULL);
	s_expect("https://dagshub.com#frag", NULL);
	s_expect("https://dags hub.com", NULL);
	s_expect("https://dagshub.com:99999", NULL);
	s_expect("https://dagshub.com:65536", NULL);
	s_expect("https://dagshub.com:0", NULL);
	s_expect("https://dagshub.com:000000", NULL);
	s_expect("https://dagshub.com:1x", NULL);
	s_expect("httpx://dagshub.com", NULL);
	s_expect("https://dagshub.com:http", NULL);
	s_expect("https://dagshub.com:0065536", NULL);
	/* host names are ASCII without quotes, brackets and the like */
	s_expect("https://a\"b.com", NULL);
	s_expect("https://a<b>.com", NULL);
	s_expect("https://a\\b.com", NULL);
	s_expect("https://a{b}.com", NULL);
	s_expect("https://x\xc2\x9b" "2J.com", NULL);       /* C1 CSI */
	s_expect("https://x\xe2\x80\xae" "y.com", NULL);   /* RLO */
	s_expect("https://d\xc3\xbc" "b.example", NULL);    /* IDN, not xn-- */
	s_expect("https://xn--db-zka.example", "https://xn--db-zka.example");
	/* the path prefix is not a host name: kept as written */
	s_expect("https://h.example/caf\xc3\xa9", "https://h.example/caf\xc3\xa9");
	assert_int_equal(dagshub_normalize_host(NULL, "https://x"), DAGSHUB_EINVAL);
}

static void test_fingerprint(void **state)
{
	char buf[DAGSHUB_FINGERPRINT_SIZE];

	assert_string_equal(dagshub_fingerprint(buf, "abcd0123456789wxyz"),
	                    "abcd\xe2\x80\xa6wxyz");
	assert_string_equal(dagshub_fingerprint(buf, "short"), "****");
	assert_string_equal(dagshub_fingerprint(buf, NULL), "****");
}

static void test_strerror_never_null(void **state)
{
	for (int i = -20; i <= 1; i++)
		assert_non_null(dagshub_strerror(i));
	assert_string_equal(dagshub_strerror(DAGSHUB_ENOTOKEN), "no token found");
	assert_string_equal(dagshub_auth_last_error(NULL), "out of memory");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_design_examples),
		cmocka_unit_test(test_default_ports_dropped),
		cmocka_unit_test(test_other_ports_kept),
		cmocka_unit_test(test_path_prefix_kept),
		cmocka_unit_test(test_ipv6),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_strerror_never_null),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
