# Test-only provider modules (never installed).  -rpath makes libtool
# build a shared object, which check_LTLIBRARIES alone would not.
TEST_MODULE_LDFLAGS = -module -avoid-version -shared -no-undefined \
	-rpath $(abs_builddir)
check_LTLIBRARIES += tests/modules/fixed.la tests/modules/badabi.la \
	tests/modules/smalltable.la tests/modules/notprovider.la \
	tests/modules/old10.la
tests_modules_fixed_la_SOURCES = tests/modules/fixed.c
tests_modules_fixed_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
tests_modules_badabi_la_SOURCES = tests/modules/badabi.c
tests_modules_badabi_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
tests_modules_smalltable_la_SOURCES = tests/modules/smalltable.c
tests_modules_smalltable_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
tests_modules_notprovider_la_SOURCES = tests/modules/notprovider.c
tests_modules_notprovider_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
# svc->http with ABI 1.0's response layout (no struct_size) and 1.1's
# (tests/http/http_abi.sh).
check_LTLIBRARIES += tests/modules/httpabi0.la tests/modules/httpabi1.la
tests_modules_httpabi0_la_SOURCES = tests/modules/httpabi.c
tests_modules_httpabi0_la_CPPFLAGS = $(AM_CPPFLAGS) -DHTTPABI_MINOR=0
tests_modules_httpabi0_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
tests_modules_httpabi1_la_SOURCES = tests/modules/httpabi.c
tests_modules_httpabi1_la_CPPFLAGS = $(AM_CPPFLAGS) -DHTTPABI_MINOR=1
tests_modules_httpabi1_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
# Built against provider ABI 1.0's table layouts (copies in the file).
tests_modules_old10_la_SOURCES = tests/modules/old10.c
tests_modules_old10_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
# Reads a token file through svc->open_trusted (tests/core/trust_rules.sh).
check_LTLIBRARIES += tests/modules/trusted.la
tests_modules_trusted_la_SOURCES = tests/modules/trusted.c
tests_modules_trusted_la_LDFLAGS = $(TEST_MODULE_LDFLAGS)
