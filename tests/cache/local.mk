# Tests of the cache provider and its CLI commands (login, logout, list,
# clear-cache); included from tests/local.mk.

# Reads a cache file with the provider's reader, writes it back with its
# writer (libyaml's emitter).
check_PROGRAMS += tests/cache/cache_roundtrip
tests_cache_cache_roundtrip_SOURCES = \
	tests/cache/cache_roundtrip.c \
	providers/cache/cachefile.h \
	providers/cache/cachefile.c \
	providers/cache/cachemodel.c \
	providers/cache/cacheemit.c \
	providers/cache/cacheyaml.c \
	providers/common/lazylib.h \
	providers/common/lazylib.c
tests_cache_cache_roundtrip_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
tests_cache_cache_roundtrip_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
tests_cache_cache_roundtrip_LDADD = core/libdagshub-auth.la

# One library handle driven from stdin, with an injected clock.
check_PROGRAMS += tests/cache/cache_get
tests_cache_cache_get_SOURCES = tests/cache/cache_get.c
tests_cache_cache_get_LDADD = core/libdagshub-auth.la

# LD_PRELOAD shim: a predictable temporary file name (symlink.sh).
check_LTLIBRARIES += tests/cache/fixed_random.la
tests_cache_fixed_random_la_SOURCES = tests/cache/fixed_random.c
tests_cache_fixed_random_la_LDFLAGS = -module -avoid-version -shared \
	-rpath $(abs_builddir)

CACHE_TESTS = \
	tests/cache/format.sh \
	tests/cache/cli.sh \
	tests/cache/clock.sh \
	tests/cache/concurrency.sh \
	tests/cache/inprogress.sh \
	tests/cache/symlink.sh \
	tests/cache/fastpath.sh
TESTS += $(CACHE_TESTS)
EXTRA_DIST += $(CACHE_TESTS) \
	tests/cache/lib-cache.sh \
	tests/cache/pyyaml_fuzz.py \
	tests/cache/pyyaml_compare.py \
	tests/cache/fastpath_files.py \
	tests/cache/pyclient_load.py \
	tests/cache/fixtures/python-client.yaml \
	tests/cache/fixtures/handwritten.json
