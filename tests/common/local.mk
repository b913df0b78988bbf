# Helpers the providers share (providers/common/); included from
# tests/local.mk.
check_PROGRAMS += tests/common/lazylib
TESTS += tests/common/lazylib
tests_common_lazylib_SOURCES = tests/common/lazylib.c \
	providers/common/lazylib.h providers/common/lazylib.c
tests_common_lazylib_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
tests_common_lazylib_CFLAGS = $(AM_CFLAGS) -pthread
tests_common_lazylib_LDADD = -lpthread
