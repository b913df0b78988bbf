# libdagshub-auth: config, chain, module loading, tokens.  It links
# libconfig and libdl only; HTTP lives in core/http and is dlopen()ed on
# first need, so nothing here pulls in libcurl.
lib_LTLIBRARIES += core/libdagshub-auth.la

dagshubincludedir = $(includedir)/dagshub
dagshubinclude_HEADERS = \
	core/include/dagshub/auth.h \
	core/include/dagshub/provider.h \
	core/include/dagshub/authenticator.h

# The library's code is built once, as a convenience library: the shared
# library is made of it, and the CLI links the same objects directly (as
# git links libgit.a), so `dagshub-auth token` pays no search for and no
# loading of a second shared object on its hot path (bench/RESULTS.md).
noinst_LTLIBRARIES += core/libdagshub-core.la
core_libdagshub_core_la_SOURCES = \
	core/internal.h \
	core/error.c \
	core/host.c \
	core/files.h \
	core/token.c \
	core/argcheck.c \
	core/escape.h \
	core/escape.c \
	core/files.c \
	core/config.c \
	core/loader.c \
	core/services.c \
	core/chain.c \
	core/auth.c \
	core/store.c \
	core/http_glue.c \
	core/http_glue.h \
	core/validate.c \
	core/sha256.c \
	core/sha256.h \
	core/authenticator.c \
	core/http/policy.c \
	core/http/policy.h \
	core/http/http_module.h \
	core/say.c \
	core/login.c \
	providers/common/wipe.h \
	providers/common/ascii.h \
	providers/common/join.h \
	providers/common/mkdirp.h
# HTTP_MODULE_PATH: where core/http/local.mk installs the HTTP module
# (libdagshub-auth links neither libcurl nor cJSON; it loads that module).
core_libdagshub_core_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/core \
	-DPROVIDER_DIR='"$(providerdir)"' \
	-DSYSCONFDIR='"$(sysconfdir)"' \
	-DHTTP_MODULE_PATH='"$(corehttpdir)/http.so"'
core_libdagshub_core_la_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS) \
	-fvisibility=hidden -pthread
core_libdagshub_auth_la_SOURCES =
core_libdagshub_auth_la_LIBADD = core/libdagshub-core.la $(LIBCONFIG_LIBS) -lpthread
# current:revision:age — see the libtool manual before changing.
# Exports: the GNU version script core/libdagshub-auth.sym (dagshub_* in
# node DAGSHUB_AUTH_0.1, the rest local).  It replaces libtool's
# -export-symbols-regex, whose own generated script cannot be combined
# with a second one.
core_libdagshub_auth_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-Wl,--version-script=$(top_srcdir)/core/libdagshub-auth.sym
core_libdagshub_auth_la_DEPENDENCIES = core/libdagshub-core.la \
	core/libdagshub-auth.sym
EXTRA_DIST += core/libdagshub-auth.sym

# The default chain, compiled into the library as the built-in default
# from etc/dagshub/auth.conf (one source of truth; etc/local.mk installs
# the file).
BUILT_SOURCES += core/builtin-conf.h
CLEANFILES += core/builtin-conf.h
core/builtin-conf.h: $(top_srcdir)/etc/dagshub/auth.conf
	$(AM_V_GEN)$(MKDIR_P) core && { \
	  echo '/* made from etc/dagshub/auth.conf by core/local.mk */'; \
	  echo 'static const char DH_BUILTIN_CONF[] ='; \
	  sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/^/"/' -e 's/$$/\\n"/' \
	    $(top_srcdir)/etc/dagshub/auth.conf; \
	  echo ';'; } > $@-t && mv $@-t $@
