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
	core/files.c \
	core/config.c \
	core/loader.c \
	core/services.c \
	core/chain.c \
	core/auth.c \
	core/say.c \
	core/store.c \
	core/login.c \
	providers/common/wipe.h \
	providers/common/mkdirp.h
core_libdagshub_auth_la_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_builddir)/core \
	-DPROVIDER_DIR='"$(providerdir)"' \
	-DSYSCONFDIR='"$(sysconfdir)"'
core_libdagshub_auth_la_CFLAGS = $(AM_CFLAGS) $(LIBCONFIG_CFLAGS) \
	-fvisibility=hidden -pthread
core_libdagshub_auth_la_LIBADD = $(LIBCONFIG_LIBS) -lpthread
# current:revision:age — see the libtool manual before changing.
# Exports: the GNU version script core/libdagshub-auth.sym (dagshub_* in
# node DAGSHUB_AUTH_0.1, the rest local).  It replaces libtool's
# -export-symbols-regex, whose own generated script cannot be combined
# with a second one.
core_libdagshub_auth_la_LDFLAGS = -version-info 0:0:0 -no-undefined \
	-Wl,--version-script=$(top_srcdir)/core/libdagshub-auth.sym
core_libdagshub_auth_la_DEPENDENCIES = core/libdagshub-auth.sym
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
