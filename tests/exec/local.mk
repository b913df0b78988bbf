# Tests of the exec provider (issue 11).  Included from tests/local.mk.
check_PROGRAMS += tests/exec/inproc tests/exec/nokeyring
tests_exec_inproc_SOURCES = tests/exec/inproc.c
tests_exec_inproc_LDADD = core/libdagshub-auth.la
tests_exec_nokeyring_SOURCES = tests/exec/nokeyring.c

# LD_PRELOAD shim: close_range() fails, as on an older kernel (exec.sh).
check_LTLIBRARIES += tests/exec/no_close_range.la
tests_exec_no_close_range_la_SOURCES = tests/exec/no_close_range.c
tests_exec_no_close_range_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)

EXEC_TESTS = \
	tests/exec/exec.sh \
	tests/exec/timeout.sh \
	tests/exec/remember.sh \
	tests/exec/interactive.sh
TESTS += $(EXEC_TESTS)
EXTRA_DIST += $(EXEC_TESTS) tests/exec/lib-exec.sh
