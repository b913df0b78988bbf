# dagshub-auth, the command-line front end.  Links libdagshub-auth only
# (never libcurl: HTTP is loaded by the library when first needed).
bin_PROGRAMS += cli/dagshub-auth
cli_dagshub_auth_SOURCES = \
	cli/cli.h \
	cli/commands.def \
	cli/main.c \
	cli/common.c \
	cli/cmd_token.c \
	cli/say.c
cli_dagshub_auth_CFLAGS = $(AM_CFLAGS) -pthread
cli_dagshub_auth_LDADD = core/libdagshub-auth.la -lpthread
