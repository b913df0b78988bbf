# The cache provider: the DagsHub Python client's token cache file (YAML,
# read with libyaml; written by our own PyYAML-compatible emitter).
provider_LTLIBRARIES += providers/cache/cache.la
providers_cache_cache_la_SOURCES = \
	providers/cache/cache.c \
	providers/cache/cachefile.h \
	providers/cache/cachefile.c \
	providers/cache/cachefast.c \
	providers/cache/cachemodel.c \
	providers/common/civil.h \
	providers/cache/cacheemit.c \
	providers/cache/cachelock.h \
	providers/cache/cachelock.c \
	core/files.h \
	core/files.c
providers_cache_cache_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
providers_cache_cache_la_LDFLAGS = $(PROVIDER_LDFLAGS)
providers_cache_cache_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)
providers_cache_cache_la_LIBADD = $(YAML_LIBS)

dist_man_MANS += man/dagshub-auth-cache.7

# The in-process benchmark of a cached get (bench/run builds and runs it).
# `make bench/cache_get_loop`; bench/make-cache.sh FILE N writes a cache
# with N hosts for it.
EXTRA_PROGRAMS += bench/cache_get_loop
bench_cache_get_loop_SOURCES = bench/cache_get_loop.c
bench_cache_get_loop_LDADD = core/libdagshub-auth.la
CLEANFILES += bench/cache_get_loop
EXTRA_DIST += bench/make-cache.sh

# CLI commands on top of the library's store/erase/list/clear.
cli_dagshub_auth_SOURCES += \
	cli/cmd_login.c \
	cli/cmd_logout.c \
	cli/cmd_list.c \
	cli/cmd_clear_cache.c
