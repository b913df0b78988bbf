# The exec provider: a token printed by a command (vault, op, an SSO
# helper), with a hard bound, and optionally remembered in the kernel user
# keyring (libkeyutils).  cJSON reads JSON output; it is linked here, not
# into the core.  See man/dagshub-auth-exec.7.
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
	providers/common/civil.h
providers_exec_exec_la_CFLAGS = $(AM_CFLAGS) $(CJSON_CFLAGS) $(KEYUTILS_CFLAGS)
providers_exec_exec_la_LDFLAGS = $(PROVIDER_LDFLAGS)
providers_exec_exec_la_LIBADD = $(CJSON_LIBS) $(KEYUTILS_LIBS)

dist_man_MANS += man/dagshub-auth-exec.7
