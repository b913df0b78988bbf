# Tests of the file provider, and of exec and file in a chain (issue 11).
# Included from tests/local.mk.
check_PROGRAMS += tests/file/rotloop
tests_file_rotloop_SOURCES = tests/file/rotloop.c
tests_file_rotloop_LDADD = core/libdagshub-auth.la

FILE_TESTS = \
	tests/file/file.sh \
	tests/file/rotate.sh \
	tests/file/chain.sh
TESTS += $(FILE_TESTS)
EXTRA_DIST += $(FILE_TESTS)
