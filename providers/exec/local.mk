# The exec provider: a token printed by a command (vault, op, an SSO
# helper), with a hard bound, and optionally remembered in the kernel user
# keyring (libkeyutils).  cJSON reads JSON output; it is loaded only then
# (providers/common/cjson.h), not linked.  See man/dagshub-auth-exec.7.
provider_LTLIBRARIES += providers/exec/exec.la
providers_exec_exec_la_SOURCES = \
	providers/exec/exec.h \
	providers/exec/exec.c \
	providers/exec/run.c \
	providers/exec/remember.c \
	providers/common/childenv.h \
	providers/common/childenv.c \
	providers/common/hosts.h \
	providers/common/hosts.c \
	providers/oauth/expiry.h \
	providers/oauth/expiry.c \
	providers/common/civil.h \
	providers/common/cjson.h \
	providers/common/cjson.c \
	providers/common/lazylib.h \
	providers/common/lazylib.c
providers_exec_exec_la_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) $(KEYUTILS_CFLAGS)
providers_exec_exec_la_LDFLAGS = $(PROVIDER_LDFLAGS)
providers_exec_exec_la_LIBADD = $(KEYUTILS_LIBS)

dist_man_MANS += man/dagshub-auth-exec.7
