# libdagshub-auth: config, chain, module loading, tokens.  It links
# libconfig and libdl only; HTTP lives in core/http and is dlopen()ed on
# first need, so nothing here pulls in libcurl.
lib_LTLIBRARIES += core/libdagshub-auth.la

dagshubincludedir = $(includedir)/dagshub
dagshubinclude_HEADERS = \
	core/include/dagshub/auth.h \
	core/include/dagshub/provider.h

core_libdagshub_auth_la_SOURCES = \
	core/internal.h \
	core/error.c \
	core/host.c \
	core/files.h \
	core/token.c \
	core/escape.h \
	core/escape.c \
	core/files.c \
	core/config.c \
	core/loader.c \
	core/services.c \
	core/chain.c \
	core/auth.c \
	core/store.c
core_libdagshub_auth_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/core \
	-DPROVIDER_DIR='"$(providerdir)"' \
	-DSYSCONFDIR='"$(sysconfdir)"'
core_libdagshub_auth_la_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS) \
	-fvisibility=hidden -pthread
core_libdagshub_auth_la_LIBADD = $(LIBCONFIG_LIBS) -lpthread
# current:revision:age — see the libtool manual before changing.
core_libdagshub_auth_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-export-symbols-regex '^dagshub_'
