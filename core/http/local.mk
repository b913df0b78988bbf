# core/http: the HTTP module (libcurl, cJSON), and the core files that
# load it lazily (http_glue.c), validate tokens (validate.c) and
# renegotiate them for libcurl callers (authenticator.c).
#
# The module is not a provider: it is installed as
# $(pkglibdir)/core/http.so (by default /usr/local/lib/dagshub-auth/core/
# http.so, beside the providers but in its own folder so `module = "http"`
# can never name it).  The path is compiled into libdagshub-auth as
# HTTP_MODULE_PATH; tests in the build tree override it with
# DAGSHUB_AUTH_HTTP_MODULE (read with secure_getenv; the file must still
# pass the module ownership/permission check).
corehttpdir = $(pkglibdir)/core
corehttp_LTLIBRARIES = core/http/http.la
core_http_http_la_SOURCES = \
	core/http/http.c \
	core/http/http_module.h \
	core/http/policy.c \
	core/http/policy.h
core_http_http_la_CFLAGS = $(AM_CFLAGS) $(LIBCURL_CFLAGS) $(CJSON_CFLAGS) \
	-fvisibility=hidden
core_http_http_la_LIBADD = $(LIBCURL_LIBS) $(CJSON_LIBS)
core_http_http_la_LDFLAGS = -module -avoid-version -shared -no-undefined \
	-Wl,--no-undefined -export-symbols-regex '^dh_http_module_entry$$'

# The core's side (libdagshub-auth links neither libcurl nor cJSON).
core_libdagshub_auth_la_SOURCES += \
	core/http_glue.c \
	core/http_glue.h \
	core/validate.c \
	core/sha256.c \
	core/sha256.h \
	core/authenticator.c \
	core/http/policy.c \
	core/http/policy.h \
	core/http/http_module.h
core_libdagshub_auth_la_CPPFLAGS += \
	-DHTTP_MODULE_PATH='"$(corehttpdir)/http.so"'
dagshubinclude_HEADERS += core/include/dagshub/authenticator.h

# dagshub-auth whoami
cli_dagshub_auth_SOURCES += cli/cmd_whoami.c

dist_man_MANS += man/dagshub_authenticator.3
