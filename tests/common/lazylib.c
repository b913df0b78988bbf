/*
 * tests/common/lazylib.c - providers/common/lazylib.h when the library is
 * not there, or is not the one a module was built for: the load says so,
 * naming the library and the function, and a function called anyway fails
 * as the library's own do on error instead of jumping to NULL.  (That a
 * loaded library's functions are reached is what every cache, file and
 * exec test shows.)  Prints TAP.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "providers/common/lazylib.h"

/* Functions of the two libraries below: declared as a header would. */
int dh_test_missing_fn(int x);
int dh_test_not_in_libc(int x);

#define S_MISSING(F, V) F(int, dh_test_missing_fn, (int x), (x))
DH_LAZYLIB(s_missing, "libdagshub-auth-no-such-library.so.9", S_MISSING)

/* libc.so.6 is there, but has no such function. */
#define S_NOSYM(F, V) F(int, dh_test_not_in_libc, (int x), (x))
DH_LAZYLIB(s_nosym, "libc.so.6", S_NOSYM)

static int s_n, s_failed;

static void s_ok(int cond, const char *what)
{
	printf("%sok %d - %s\n", cond ? "" : "not ", ++s_n, what);
	if (!cond)
		s_failed = 1;
}

int main(void)
{
	const char *why = NULL;

	s_ok(s_missing_load(&why) == -1, "a library that is not there: -1");
	s_ok(why && strstr(why, "libdagshub-auth-no-such-library.so.9"),
	     "...and the reason names it");
	why = NULL;
	s_ok(s_missing_load(&why) == -1 && why,
	     "...and asked again, the same answer");
	s_ok(dh_test_missing_fn(7) == 0,
	     "a function called anyway returns 0, not a jump to NULL");
	why = NULL;
	s_ok(s_nosym_load(&why) == -1, "a library without the function: -1");
	s_ok(why && strstr(why, "dh_test_not_in_libc") && strstr(why, "libc.so.6"),
	     "...and the reason names the library and the function");
	s_ok(dh_test_not_in_libc(7) == 0, "...and that function returns 0");
	printf("1..%d\n", s_n);
	return s_failed;
}
