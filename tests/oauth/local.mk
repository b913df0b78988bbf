# Tests of the oauth provider, `dagshub-auth login` through OAuth and the
# demo; included from tests/local.mk.  The shell tests drive the built CLI
# against the fake DagsHub (tests/fake_dagshub.py) on 127.0.0.1.
OAUTH_SH_TESTS = \
	tests/oauth/flow.sh \
	tests/oauth/noninteractive.sh \
	tests/oauth/timeout.sh \
	tests/oauth/concurrent.sh \
	tests/oauth/login.sh \
	tests/oauth/args.sh \
	tests/oauth/demo.sh \
	tests/oauth/opener.sh
TESTS += $(OAUTH_SH_TESTS)
EXTRA_DIST += $(OAUTH_SH_TESTS) tests/oauth/browser.sh

if HAVE_CMOCKA
check_PROGRAMS += tests/oauth/expiry_test
TESTS += tests/oauth/expiry_test
tests_oauth_expiry_test_SOURCES = tests/oauth/expiry_test.c \
	providers/oauth/expiry.c providers/oauth/expiry.h
tests_oauth_expiry_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
tests_oauth_expiry_test_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_oauth_expiry_test_LDADD = $(CMOCKA_LIBS)
endif

# providers/common/childenv: what the processes providers start inherit.
check_PROGRAMS += tests/oauth/childenv_test
TESTS += tests/oauth/childenv_test
tests_oauth_childenv_test_SOURCES = tests/oauth/childenv_test.c \
	providers/common/childenv.c providers/common/childenv.h
tests_oauth_childenv_test_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
