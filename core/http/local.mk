# core/http: the HTTP module (libcurl, cJSON).  The core files that load
# it lazily (http_glue.c), validate tokens (validate.c) and renegotiate
# them for libcurl callers (authenticator.c) are built by core/local.mk;
# this file builds only what is in this folder.
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
