# The file provider: a token file kept current by something else (a
# Kubernetes secret volume, Vault Agent, systemd LoadCredential=, Docker
# secrets).  cJSON reads format = "json"; it is loaded only then
# (providers/common/cjson.h), not linked.  See man/dagshub-auth-file.7.
provider_LTLIBRARIES += providers/file/file.la
providers_file_file_la_SOURCES = \
	providers/file/file.c \
	providers/common/hosts.h \
	providers/common/hosts.c \
	providers/oauth/expiry.h \
	providers/oauth/expiry.c \
	providers/common/civil.h \
	providers/common/cjson.h \
	providers/common/cjson.c \
	providers/common/lazylib.h \
	providers/common/lazylib.c
providers_file_file_la_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS)
providers_file_file_la_LDFLAGS = $(PROVIDER_LDFLAGS)

dist_man_MANS += man/dagshub-auth-file.7
