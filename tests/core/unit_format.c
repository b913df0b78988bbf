/*
 * tests/core/unit_format.c - dh_asprintf() joins formats of only %s, %d,
 * %ld, %lld, %u and %% itself (core/error.c); every answer must be what
 * glibc's printf gives, and any other format must still reach printf.
 */
#include "config.h"

#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text_only),
		cmocka_unit_test(test_strings),
		cmocka_unit_test(test_integers),
		cmocka_unit_test(test_others_reach_printf),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
