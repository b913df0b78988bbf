/*
 * tests/core/unit_format.c - dh_asprintf() joins formats of only %s, %d,
 * %ld, %lld, %u and %% itself (core/error.c); every answer must be what
 * glibc's printf gives, and any other format must still reach printf.
 * The same for the ASCII stand-ins of providers/common/ascii.h: they
 * must answer as <ctype.h>, strncasecmp, strspn, strcspn and strstr do
 * in the C locale.
 */
#include "config.h"

#include <ctype.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cmocka.h>

#include "internal.h"

/* dh_asprintf and snprintf of the same format and arguments agree */
#define S_SAME(...)                                                     \
	do {                                                            \
		char want[256], *got = dh_asprintf(__VA_ARGS__);        \
		snprintf(want, sizeof(want), __VA_ARGS__);              \
		assert_non_null(got);                                   \
		assert_string_equal(got, want);                         \
		free(got);                                              \
	} while (0)

static void test_text_only(void **state)
{
	(void)state;
	S_SAME("%s", "");
	S_SAME("no conversions at all");
	S_SAME("100%% sure, %%s stays %%");
}

static void test_strings(void **state)
{
	char *null_s;

	(void)state;
	S_SAME("from $%s", "DAGSHUB_USER_TOKEN");
	S_SAME("%s%s%s", "a", "", "bc");
	S_SAME("%s: %s", "/etc/dagshub/auth.conf", "no such file");
	/* glibc prints "(null)" for a NULL %s; so does the joiner.  (The
	 * NULL comes from getenv, where the compiler cannot see it.) */
	unsetenv("DH_UNIT_FORMAT_UNSET");
	null_s = dh_asprintf("[%s]", getenv("DH_UNIT_FORMAT_UNSET"));
	assert_non_null(null_s);
	assert_string_equal(null_s, "[(null)]");
	free(null_s);
}

static void test_integers(void **state)
{
	(void)state;
	S_SAME("%d", 0);
	S_SAME("%d", 7);
	S_SAME("%d", -7);
	S_SAME("%d|%d", INT_MAX, INT_MIN);
	S_SAME("%u|%u|%u", 0u, 10u, UINT_MAX);
	S_SAME("%s from %s (line %d)", "app-token", "/home/u/.cache/dagshub/tokens", 12);
	S_SAME("%ld|%ld|%ld", 0L, LONG_MAX, LONG_MIN);
	S_SAME("%lld|%lld|%lld", -1LL, LLONG_MAX, LLONG_MIN);
	S_SAME("valid (checked %lld s ago; remembered for validate_ttl = "
	       "%lld s)", 12LL, 3600LL);
}

static void test_others_reach_printf(void **state)
{
	(void)state;
	S_SAME("%zu token(s) in %s", (size_t)3, "f");
	S_SAME("%5s|%-3d|%.2s", "ab", 4, "xyz");
	S_SAME("%x %lld %c", 255u, -5LL, 'q');
	S_SAME("%lu", ULONG_MAX);
	S_SAME("%llu %lx", ULLONG_MAX, 255UL);
	S_SAME("HTTP %ld at %s", 503L, "12:00:00");
}

static void test_ascii_classes(void **state)
{
	(void)state;
	for (int c = -128; c < 256; c++) {
		char ch = (char)c;
		unsigned char u = (unsigned char)ch;

		assert_int_equal(dh_is_digit(ch), isdigit(u) != 0);
		assert_int_equal(dh_is_alpha(ch), isalpha(u) != 0);
		assert_int_equal((unsigned char)dh_to_lower(ch), tolower(u));
	}
}

static void test_ascii_prefix(void **state)
{
	static const char *const s[] = { "https://x", "HTTPS://x", "HtTpS:",
	                                 "http://", "https:/", "", "localhost",
	                                 "LOCALHOST:80", "localhos", "\xc3\xa9" };
	static const char *const p[] = { "https://", "http://", "localhost",
	                                 "" };

	(void)state;
	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++)
		for (size_t j = 0; j < sizeof(p) / sizeof(*p); j++)
			assert_int_equal(dh_has_prefix_nocase(s[i], p[j]),
			                 strncasecmp(s[i], p[j], strlen(p[j])) == 0);
}

static void test_spans(void **state)
{
	static const char *const s[] = { "", "/", "//a/b", "abc/def",
	                                 "127.0.0.1:8080/x", "h?q#f",
	                                 " \tx", "0x1fZ", "12.5e+3,",
	                                 "no-set-chars-here" };
	static const char *const set[] = { "", "/", ":/", "/?#", " \t",
	                                   "\n", "0123456789abcdefABCDEF",
	                                   "0123456789.eE+-" };

	(void)state;
	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++)
		for (size_t j = 0; j < sizeof(set) / sizeof(*set); j++) {
			assert_int_equal(dh_span(s[i], set[j]),
			                 strspn(s[i], set[j]));
			assert_int_equal(dh_cspan(s[i], set[j]),
			                 strcspn(s[i], set[j]));
		}
}

static void test_find(void **state)
{
	static const char *const s[] = { "", ".", "..", "a..b", "a.b.c",
	                                 "/x/.y./../z", "env..", "https://h",
	                                 "x:/y://z", "::/://", "http:/", ":" };
	static const char *const n[] = { "", ".", "..", "://", ":", "z" };

	(void)state;
	for (size_t i = 0; i < sizeof(s) / sizeof(*s); i++)
		for (size_t j = 0; j < sizeof(n) / sizeof(*n); j++)
			assert_ptr_equal(dh_find(s[i], n[j]), strstr(s[i], n[j]));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_others_reach_printf),
		cmocka_unit_test(test_ascii_classes),
		cmocka_unit_test(test_ascii_prefix),
		cmocka_unit_test(test_spans),
		cmocka_unit_test(test_find),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
