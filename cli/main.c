/*
 * cli/main.c - dagshub-auth: global options, then a subcommand.
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
} s_commands[] = {
#define DH_COMMAND(name, fn, summary) { name, fn, summary },
#include "commands.def"
#undef DH_COMMAND
};

#define S_NCOMMANDS (sizeof(s_commands) / sizeof(s_commands[0]))

static void s_usage(FILE *f)
{
	fprintf(f,
"Usage: dagshub-auth [-c FILE] [-v] COMMAND [OPTIONS]\n"
"       dagshub-auth --help | --version\n"
"\n"
"Hands out DagsHub tokens from the provider chain configured in\n"
"dagshub-auth.conf(5).\n"
"\n"
"Commands:\n");
	for (size_t i = 0; i < S_NCOMMANDS; i++)
		fprintf(f, "  %-22s %s\n", s_commands[i].name, s_commands[i].summary);
	fprintf(f,
"\n"
"Options (before or after the command):\n"
"  -c, --config FILE     read FILE instead of the usual config lookup\n"
"  -v, --verbose         show provider log lines on stderr\n"
"      --host URL        the DagsHub host (default: DAGSHUB_CLIENT_HOST,\n"
"                        the config's host, https://dagshub.com)\n"
"      --non-interactive never ask a person (alias: --fail-if-no-token)\n"
"  -h, --help            show help (also: dagshub-auth COMMAND --help)\n"
"      --version         show the version\n"
"\n"
"Exit status: 0 success, 1 no token or nothing to do, 2 usage or\n"
"configuration error, 3 a provider or the server failed.\n"
"See dagshub-auth(1).\n");
}

/*
 * Installed a second time as git-credential-dagshub (git runs
 * `git credential-dagshub OP` for credential.helper = dagshub): under that
 * name it is `dagshub-auth git-credential`.  "lt-" is libtool's prefix for
 * the uninstalled program in the build tree.
 */
static int s_is_git_helper(const char *argv0)
{
	const char *b = argv0 ? strrchr(argv0, '/') : NULL;

	b = b ? b + 1 : argv0;
	if (b && !strncmp(b, "lt-", 3))
		b += 3;
	return b && !strcmp(b, "git-credential-dagshub");
}

int main(int argc, char **argv)
{
	int i = 1;

	/* Before anything reads a secret (a token from stdin, the cache, the
	 * keyring, the environment): no core dump of this process, and no
	 * ptrace attach or /proc/PID/mem read by other processes of the same
	 * user (only root, with CAP_SYS_PTRACE, still can).  See
	 * dagshub-auth(1), SECURITY. */
	cli_no_dump();
	cli_own_sigchld();
	if (argc > 0 && s_is_git_helper(argv[0])) {
		argv[0] = (char *)"git-credential";
		return cmd_git_credential(argc, argv);
	}

	/* Global options before the command; the command's own parser takes
	 * the same options after it. */
	while (i < argc && argv[i][0] == '-') {
		const char *a = argv[i];

		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			s_usage(stdout);
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "--version")) {
			printf("dagshub-auth %s\n", dagshub_auth_version());
			return CLI_EXIT_OK;
		} else if (!strcmp(a, "-v") || !strcmp(a, "--verbose")) {
			cli_opts.flags |= DAGSHUB_AUTH_VERBOSE;
			i++;
		} else if ((!strcmp(a, "-c") || !strcmp(a, "--config")) &&
		           i + 1 < argc) {
			cli_opts.config = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "--config=", 9)) {
			cli_opts.config = a + 9;
			i++;
		} else if (!strcmp(a, "--host") && i + 1 < argc) {
			cli_opts.host = argv[i + 1];
			i += 2;
		} else if (!strncmp(a, "--host=", 7)) {
			cli_opts.host = a + 7;
			i++;
		} else if (!strcmp(a, "--non-interactive") ||
		           !strcmp(a, "--fail-if-no-token")) {
			cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
			i++;
		} else if (!strcmp(a, "-c") || !strcmp(a, "--config") ||
		           !strcmp(a, "--host")) {
			fprintf(stderr, "%s: option '%s' requires an argument\n",
			        cli_program, a);
			s_usage(stderr);
			return CLI_EXIT_USAGE;
		} else {
			fprintf(stderr, "%s: unknown option '%s' before the command\n",
			        cli_program, cli_esc(a));
			s_usage(stderr);
			return CLI_EXIT_USAGE;
		}
	}
	if (i >= argc) {
		s_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	for (size_t k = 0; k < S_NCOMMANDS; k++)
		if (!strcmp(argv[i], s_commands[k].name))
			return s_commands[k].fn(argc - i, argv + i);
	fprintf(stderr, "%s: unknown command '%s'\n", cli_program,
	        cli_esc(argv[i]));
	s_usage(stderr);
	return CLI_EXIT_USAGE;
}
