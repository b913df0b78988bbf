# Tests of the HTTP layer, validation, whoami and the authenticator,
# against the fake DagsHub (tests/fake_dagshub.py); included from
# tests/local.mk.
HTTP_SH_TESTS = \
	tests/http/fake_selftest.sh \
	tests/http/validate.sh \
	tests/http/failures.sh \
	tests/http/insecure.sh \
	tests/http/redirect.sh \
	tests/http/whoami.sh \
	tests/http/authenticator.sh \
	tests/http/authn_oauth.sh \
	tests/http/hot_path.sh \
	tests/http/login_validate.sh \
	tests/http/proxy.sh \
	tests/http/http_abi.sh \
	tests/http/deadline.sh \
	tests/http/coalesce.sh \
	tests/http/retry.sh
TESTS += $(HTTP_SH_TESTS)
EXTRA_DIST += $(HTTP_SH_TESTS) tests/http/http_lib.sh tests/http/listener.py

# A libcurl program using <dagshub/authenticator.h>, and a probe that links
# only libdagshub-auth and looks for libcurl in its own maps.
check_PROGRAMS += tests/http/authn_client tests/http/maps_probe
tests_http_authn_client_SOURCES = tests/http/authn_client.c
tests_http_authn_client_CFLAGS = $(AM_CFLAGS) $(LIBCURL_CFLAGS)
tests_http_authn_client_LDADD = core/libdagshub-auth.la $(LIBCURL_LIBS)
tests_http_maps_probe_SOURCES = tests/http/maps_probe.c
tests_http_maps_probe_LDADD = core/libdagshub-auth.la

# LD_PRELOAD shim: secure_getenv() blind to the proxy variables, as in a
# setuid program, while getenv() (libcurl's) still reads them (proxy.sh).
check_LTLIBRARIES += tests/http/setuid_env.la
tests_http_setuid_env_la_SOURCES = tests/http/setuid_env.c
tests_http_setuid_env_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)

if HAVE_CMOCKA
check_PROGRAMS += tests/http/test_sha256 tests/http/test_policy
TESTS += tests/http/test_sha256 tests/http/test_policy
tests_http_test_sha256_SOURCES = tests/http/test_sha256.c core/sha256.c
tests_http_test_sha256_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core
tests_http_test_sha256_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_http_test_sha256_LDADD = $(CMOCKA_LIBS)
tests_http_test_policy_SOURCES = tests/http/test_policy.c core/http/policy.c
tests_http_test_policy_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core
tests_http_test_policy_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS) $(LIBCURL_CFLAGS)
tests_http_test_policy_LDADD = $(CMOCKA_LIBS) $(LIBCURL_LIBS)
endif
