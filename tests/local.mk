# Tests: every test speaks TAP, so .ci/run counts individual checks.
TEST_EXTENSIONS = .sh
LOG_DRIVER = env AM_TAP_AWK='$(AWK)' $(SHELL) $(top_srcdir)/build-aux/tap-driver.sh
SH_LOG_DRIVER = $(LOG_DRIVER)
SH_LOG_COMPILER = $(SHELL)
AM_TESTS_ENVIRONMENT = \
	top_srcdir='$(abs_top_srcdir)'; export top_srcdir; \
	top_builddir='$(abs_top_builddir)'; export top_builddir; \
	CMOCKA_MESSAGE_OUTPUT=TAP; export CMOCKA_MESSAGE_OUTPUT; \
	PYTHON='$(PYTHON3)'; export PYTHON; \
	MAKE='$(MAKE)'; export MAKE; CC='$(CC)'; export CC; \
	SYSCONFDIR='$(sysconfdir)'; export SYSCONFDIR; \
	PROVIDERDIR='$(providerdir)'; export PROVIDERDIR; \
	PROVIDER_TEST_DIR='$(abs_top_builddir)/tests/modules/.libs'; export PROVIDER_TEST_DIR; \
	PREFIX='$(prefix)'; LIBDIR='$(libdir)'; BINDIR='$(bindir)'; \
	INCLUDEDIR='$(includedir)'; MANDIR='$(mandir)'; \
	PKGCONFIGDIR='$(pkgconfigdir)'; DOCDIR='$(docdir)'; \
	export PREFIX LIBDIR BINDIR INCLUDEDIR MANDIR PKGCONFIGDIR DOCDIR;

EXTRA_DIST += tests/lib.sh tests/fake.sh tests/fake_dagshub.py

include tests/modules/local.mk
include tests/core/local.mk
include tests/cache/local.mk
include tests/keyring/local.mk
include tests/http/local.mk
include tests/oauth/local.mk
include tests/exec/local.mk
include tests/file/local.mk
include tests/common/local.mk
include tests/fuzz/local.mk
include tests/consumers/local.mk
include tests/python/local.mk
