# The cache provider: the DagsHub Python client's token cache file (YAML,
# read and written with libyaml: its event parser and its emitter).
# libyaml is not linked but loaded on first use (cacheyaml.c): the common
# get() reads without it.
provider_LTLIBRARIES += providers/cache/cache.la
providers_cache_cache_la_SOURCES = \
	providers/cache/cache.c \
	providers/cache/cachefile.h \
	providers/cache/cachefile.c \
	providers/cache/cachefast.c \
	providers/cache/cachemodel.c \
	providers/common/civil.h \
	providers/cache/cacheemit.c \
	providers/cache/cacheyaml.c \
	providers/common/lazylib.h \
	providers/common/lazylib.c \
	providers/cache/cachelock.h \
	providers/cache/cachelock.c \
	core/files.h \
	core/files.c
providers_cache_cache_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)
providers_cache_cache_la_LDFLAGS = $(PROVIDER_LDFLAGS)
providers_cache_cache_la_CFLAGS = $(AM_CFLAGS) $(YAML_CFLAGS)

dist_man_MANS += man/dagshub-auth-cache.7
