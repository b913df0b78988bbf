# dagshub-auth, the command-line front end.  Links the library's own
# objects (core/libdagshub-core.la, the code libdagshub-auth.so is made of)
# and libconfig's archive where one is installed ($(CLI_LIBCONFIG_LIBS),
# see configure.ac): each shared object a process loads costs its start
# tens of microseconds.  Never libcurl: HTTP is loaded by the library when
# first needed.
bin_PROGRAMS += cli/dagshub-auth
cli_dagshub_auth_SOURCES = \
	cli/cli.h \
	cli/commands.def \
	cli/main.c \
	cli/common.c \
	cli/cmd_token.c \
	cli/cmd_whoami.c \
	cli/say.c
cli_dagshub_auth_CFLAGS = $(AM_CFLAGS) -pthread
# setup-git writes the installed helper's path (cmd_setup_git.c).
cli_dagshub_auth_CPPFLAGS = $(AM_CPPFLAGS) -DBINDIR='"$(bindir)"'
cli_dagshub_auth_LDADD = core/libdagshub-core.la $(CLI_LIBCONFIG_LIBS) -lpthread
# full RELRO (configure.ac, BINDNOW_LDFLAGS)
cli_dagshub_auth_LDFLAGS = $(BINDNOW_LDFLAGS)

# CLI commands on top of the library's store/erase/list/clear.
cli_dagshub_auth_SOURCES += \
	cli/cmd_login.c \
	cli/cmd_logout.c \
	cli/cmd_list.c \
	cli/cmd_clear_cache.c

# Consumers: the git credential helper, setup-git, exec, env and
# aws-credential-process (issue 10).
cli_dagshub_auth_SOURCES += \
	cli/consumers.h \
	cli/consumers.c \
	cli/cmd_git_credential.c \
	cli/cmd_setup_git.c \
	cli/cmd_exec.c \
	cli/cmd_env.c \
	cli/cmd_aws.c
# git runs `git credential-dagshub OP` for credential.helper = dagshub: the
# same program under a second name (main() looks at argv[0]), built from
# the same objects so it needs no install hook and works in the build tree.
bin_PROGRAMS += cli/git-credential-dagshub
cli_git_credential_dagshub_SOURCES = $(cli_dagshub_auth_SOURCES)
cli_git_credential_dagshub_CFLAGS = $(cli_dagshub_auth_CFLAGS)
cli_git_credential_dagshub_CPPFLAGS = $(cli_dagshub_auth_CPPFLAGS)
cli_git_credential_dagshub_LDADD = $(cli_dagshub_auth_LDADD)
cli_git_credential_dagshub_LDFLAGS = $(cli_dagshub_auth_LDFLAGS)
