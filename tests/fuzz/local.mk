# Fuzz targets (libFuzzer's LLVMFuzzerTestOneInput) for the parsers that
# read untrusted input.  Here each is linked with tests/fuzz/replay.c and
# built with the project's compiler, so `make check` replays its seed
# corpus (tests/fuzz/corpus/<target>/), one TAP check per input; the CI's
# sanitizer build turns every input into an ASan/UBSan/LSan test.
# tests/fuzz/fuzz.sh builds the same targets with clang's libFuzzer for
# real fuzzing (not part of `make check`).
FUZZ_TARGETS = \
	tests/fuzz/fuzz_host \
	tests/fuzz/fuzz_config \
	tests/fuzz/fuzz_cache \
	tests/fuzz/fuzz_expiry \
	tests/fuzz/fuzz_token
check_PROGRAMS += $(FUZZ_TARGETS)
TESTS += $(FUZZ_TARGETS)

FUZZ_COMMON = tests/fuzz/replay.c tests/fuzz/fuzz.h

# dagshub_normalize_host(), through the public API.
tests_fuzz_fuzz_host_SOURCES = tests/fuzz/fuzz_host.c $(FUZZ_COMMON)
tests_fuzz_fuzz_host_LDADD = core/libdagshub-auth.la

# The config loader, through dagshub_auth_open().
tests_fuzz_fuzz_config_SOURCES = tests/fuzz/fuzz_config.c $(FUZZ_COMMON)
tests_fuzz_fuzz_config_LDADD = core/libdagshub-auth.la

# The cache provider's readers and writer, built from its sources.
FUZZ_CACHE_SOURCES = \
	providers/cache/cachefile.h \
	providers/cache/cachefile.c \
	providers/cache/cachefast.c \
	providers/cache/cachemodel.c \
	providers/cache/cacheemit.c \
	providers/cache/cacheyaml.c \
	providers/common/lazylib.h \
	providers/common/lazylib.c \
	providers/common/civil.h
tests_fuzz_fuzz_cache_SOURCES = tests/fuzz/fuzz_cache.c $(FUZZ_COMMON) \
	$(FUZZ_CACHE_SOURCES)
tests_fuzz_fuzz_cache_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
tests_fuzz_fuzz_cache_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
tests_fuzz_fuzz_cache_LDADD = core/libdagshub-auth.la

# The oauth provider's RFC 3339 reader, checked against the cache's.
tests_fuzz_fuzz_expiry_SOURCES = tests/fuzz/fuzz_expiry.c $(FUZZ_COMMON) \
	providers/oauth/expiry.h providers/oauth/expiry.c \
	$(FUZZ_CACHE_SOURCES)
tests_fuzz_fuzz_expiry_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
tests_fuzz_fuzz_expiry_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)

# The token rule and the escaping rule, built from the core's sources
# (their functions are internal to the library).
tests_fuzz_fuzz_token_SOURCES = tests/fuzz/fuzz_token.c $(FUZZ_COMMON) \
	core/token.c core/error.c core/escape.c core/escape.h core/internal.h
tests_fuzz_fuzz_token_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/core
tests_fuzz_fuzz_token_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS)

EXTRA_DIST += tests/fuzz/fuzz.sh tests/fuzz/corpus
