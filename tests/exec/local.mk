# Tests of the exec provider (issue 11).  Included from tests/local.mk.
check_PROGRAMS += tests/exec/inproc tests/exec/nokeyring
tests_exec_inproc_SOURCES = tests/exec/inproc.c
tests_exec_inproc_LDADD = core/libdagshub-auth.la
tests_exec_nokeyring_SOURCES = tests/exec/nokeyring.c

EXEC_TESTS = \
	tests/exec/exec.sh \
	tests/exec/timeout.sh \
	tests/exec/remember.sh \
	tests/exec/interactive.sh
TESTS += $(EXEC_TESTS)
EXTRA_DIST += $(EXEC_TESTS) tests/exec/lib-exec.sh
