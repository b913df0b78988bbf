/*
 * tests/oauth/expiry_test.c - the oauth provider's RFC 3339 expiry parser
 * (providers/oauth/expiry.c), compiled into this program.
 *
 * The reference instant is 2026-11-27T18:51:22Z = 1795805482 s since the
 * epoch (python3: calendar.timegm((2026,11,27,18,51,22))).
 */
#include "config.h"

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "providers/oauth/expiry.h"

#define S_REF_S INT64_C(1795805482)
#define S_REF_US (S_REF_S * 1000000)

/* Parses s; fails the test unless it gives `want`. */
static void s_ok(const char *s, int64_t want)
{
	int64_t got = -1;

	if (oauth_parse_expiry(&got, s) != 0)
		fail_msg("\"%s\" was refused", s);
	if (got != want)
		fail_msg("\"%s\": got %lld, want %lld", s, (long long)got,
		         (long long)want);
}

/* Fails the test unless s is refused and the output is left alone. */
static void s_bad(const char *s)
{
	int64_t got = 42;

	if (oauth_parse_expiry(&got, s) == 0)
		fail_msg("\"%s\" was accepted as %lld", s ? s : "(null)",
		         (long long)got);
	assert_int_equal(got, 42);
}

static void test_no_fraction(void **unused)
{
	s_ok("2026-11-27T18:51:22Z", S_REF_US);
}

static void test_fraction_digits(void **unused)
{
	s_ok("2026-11-27T18:51:22.0Z", S_REF_US);
	s_ok("2026-11-27T18:51:22.5Z", S_REF_US + 500000);
	s_ok("2026-11-27T18:51:22.593Z", S_REF_US + 593000);
	s_ok("2026-11-27T18:51:22.593920Z", S_REF_US + 593920);
	/* what DagsHub (Go) sends: nine digits */
	s_ok("2026-11-27T18:51:22.593920000Z", S_REF_US + 593920);
	/* past microseconds: dropped, never rounded up */
	s_ok("2026-11-27T18:51:22.593920999Z", S_REF_US + 593920);
	s_ok("2026-11-27T18:51:22.000000000000001Z", S_REF_US);
}

static void test_offsets(void **unused)
{
	s_ok("2026-11-27T18:51:22+00:00", S_REF_US);
	s_ok("2026-11-27T18:51:22.593920000+00:00", S_REF_US + 593920);
	s_ok("2026-11-27T18:51:22-00:00", S_REF_US);
	/* 21:21:22 at +02:30 is 18:51:22 UTC */
	s_ok("2026-11-27T21:21:22+02:30", S_REF_US);
	/* 13:51:22 at -05:00 is 18:51:22 UTC */
	s_ok("2026-11-27T13:51:22.25-05:00", S_REF_US + 250000);
	s_ok("2026-11-27t18:51:22z", S_REF_US);
	s_ok("2026-11-27 18:51:22Z", S_REF_US);
}

static void test_calendar(void **unused)
{
	s_ok("1970-01-01T00:00:00Z", 0);
	s_ok("2000-02-29T00:00:00Z", INT64_C(951782400) * 1000000);
	s_ok("2024-12-31T23:59:59.999999Z", INT64_C(1735689599999999));
	s_ok("2100-03-01T00:00:00Z", INT64_C(4107542400) * 1000000);
}

static void test_bad_input(void **unused)
{
	s_bad(NULL);
	s_bad("");
	s_bad("never");
	s_bad("2026-11-27");
	s_bad("2026-11-27T18:51:22");          /* no offset */
	s_bad("2026-11-27T18:51:22.Z");        /* empty fraction */
	s_bad("2026-11-27T18:51Z");            /* no seconds */
	s_bad("2026-11-27T18:51:22Zjunk");     /* trailing text */
	s_bad("2026-11-27T18:51:22+0000");     /* offset without colon */
	s_bad("2026-11-27T18:51:22+24:00");
	s_bad("2026-13-01T00:00:00Z");
	s_bad("2026-00-01T00:00:00Z");
	s_bad("2026-02-29T00:00:00Z");         /* not a leap year */
	s_bad("2026-04-31T00:00:00Z");
	s_bad("2026-11-27T24:00:00Z");
	s_bad("2026-11-27T18:60:00Z");
	s_bad("26-11-27T18:51:22Z");
	s_bad("1969-12-31T23:59:59Z");         /* before the epoch */
	s_bad("1970-01-01T01:00:00+02:00");    /* also before the epoch */
	s_bad(" 2026-11-27T18:51:22Z");
	s_bad("2026-11-27T18:51:22.5 Z");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_fraction),
		cmocka_unit_test(test_fraction_digits),
		cmocka_unit_test(test_offsets),
		cmocka_unit_test(test_calendar),
		cmocka_unit_test(test_bad_input),
	};

	return cmocka_run_group_tests_name("oauth expiry parser", tests, NULL,
	                                   NULL);
}
