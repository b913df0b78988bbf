# Tests of the core chain and the CLI's token/explain.
CORE_SH_TESTS = \
	tests/core/order.sh \
	tests/core/controls.sh \
	tests/core/hosts.sh \
	tests/core/loading.sh \
	tests/core/config.sh \
	tests/core/explain.sh \
	tests/core/headers.sh \
	tests/core/nolibcurl.sh \
	tests/core/install.sh \
	tests/core/docs.sh \
	tests/core/example.sh \
	tests/core/sysconf.sh \
	tests/core/trust_race.sh \
	tests/core/trust_rules.sh \
	tests/core/trust_cache.sh \
	tests/core/tokens.sh \
	tests/core/escape.sh \
	tests/core/dumpable.sh \
	tests/core/limits.sh \
	tests/core/lookonly.sh \
	tests/core/argsload.sh \
	tests/core/abi.sh \
	tests/core/callbacks.sh \
	tests/core/abspath.sh \
	tests/core/nomem.sh
TESTS += $(CORE_SH_TESTS)
EXTRA_DIST += $(CORE_SH_TESTS) tests/core/trust_lib.sh

# Separate handles in separate threads (TAP of its own; no cmocka).
check_PROGRAMS += tests/core/threads
TESTS += tests/core/threads
tests_core_threads_SOURCES = tests/core/threads.c
tests_core_threads_CFLAGS = $(AM_CFLAGS) -pthread
tests_core_threads_LDADD = core/libdagshub-auth.la -lpthread

# Applications of the client API: one with the message/log callbacks set,
# one built against the version-1 options struct.
check_PROGRAMS += tests/core/callbacks tests/core/oldoptions
tests_core_callbacks_SOURCES = tests/core/callbacks.c
tests_core_callbacks_CFLAGS = $(AM_CFLAGS) -pthread
tests_core_callbacks_LDADD = core/libdagshub-auth.la -lpthread
tests_core_oldoptions_SOURCES = tests/core/oldoptions.c
tests_core_oldoptions_LDADD = core/libdagshub-auth.la

if HAVE_CMOCKA
check_PROGRAMS += tests/core/unit_host tests/core/unit_api tests/core/unit_tokens
TESTS += tests/core/unit_host tests/core/unit_api tests/core/unit_tokens
tests_core_unit_host_SOURCES = tests/core/unit_host.c
tests_core_unit_host_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_core_unit_host_LDADD = core/libdagshub-auth.la $(CMOCKA_LIBS)
tests_core_unit_api_SOURCES = tests/core/unit_api.c
tests_core_unit_api_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_core_unit_api_LDADD = core/libdagshub-auth.la $(CMOCKA_LIBS)
tests_core_unit_tokens_SOURCES = tests/core/unit_tokens.c
tests_core_unit_tokens_CFLAGS = $(AM_CFLAGS) $(CMOCKA_CFLAGS)
tests_core_unit_tokens_LDADD = core/libdagshub-auth.la $(CMOCKA_LIBS)
# the core's own string helpers, not exported: linked from its objects
check_PROGRAMS += tests/core/unit_format
TESTS += tests/core/unit_format
tests_core_unit_format_SOURCES = tests/core/unit_format.c
tests_core_unit_format_CPPFLAGS = $(core_libdagshub_core_la_CPPFLAGS) -I$(top_srcdir)/core
tests_core_unit_format_CFLAGS = $(core_libdagshub_core_la_CFLAGS) $(CMOCKA_CFLAGS)
tests_core_unit_format_LDADD = core/libdagshub-core.la $(LIBCONFIG_LIBS) -lpthread $(CMOCKA_LIBS)
endif

# The CLI and the library built once more into one program whose system
# config folder is a test folder (curl's "static test build" idea), so the
# tests can write the system file and check allow_user_config.
check_PROGRAMS += tests/core/dagshub-auth-sysconf
tests_core_dagshub_auth_sysconf_SOURCES = $(cli_dagshub_auth_SOURCES) \
	$(core_libdagshub_core_la_SOURCES)
tests_core_dagshub_auth_sysconf_CPPFLAGS = $(core_libdagshub_core_la_CPPFLAGS) \
	-USYSCONFDIR -DSYSCONFDIR='"$(abs_top_builddir)/tests/core/sysconf"' \
	-DBINDIR='"$(bindir)"'
tests_core_dagshub_auth_sysconf_CFLAGS = $(core_libdagshub_core_la_CFLAGS)
tests_core_dagshub_auth_sysconf_LDADD = $(LIBCONFIG_LIBS) -lpthread

# LD_PRELOAD shim: the Nth allocation fails (nomem.sh).
check_LTLIBRARIES += tests/core/fail_malloc.la
tests_core_fail_malloc_la_SOURCES = tests/core/fail_malloc.c
tests_core_fail_malloc_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)
