/*
 * cli/cmd_exec.c - `dagshub-auth exec [--mlflow] [--aws] -- COMMAND...`:
 * run COMMAND with the token in its environment.
 *
 * The token goes into the environment only (never argv, where `ps` shows
 * it to every user).  COMMAND replaces this process (execvp), so signals
 * reach it directly and its exit status is the status of the run.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "consumers.h"

static const char s_usage[] =
"Usage: dagshub-auth exec [--host URL] [--mlflow] [--aws] [-c FILE]\n"
"                         [--] COMMAND [ARGS...]\n"
"\n"
"Runs COMMAND with the token of the host in its environment, never on a\n"
"command line: DAGSHUB_USER_TOKEN and DAGSHUB_CLIENT_HOST (the host it is\n"
"for), which the DagsHub Python client and CLI read.  COMMAND replaces\n"
"dagshub-auth, so its signals and exit status are its own.  It keeps the\n"
"token it started with.  With no token, exits 1 with the chain's message\n"
"and COMMAND is not run; 126/127 when COMMAND cannot be run.\n"
"\n"
"  --mlflow              also MLFLOW_TRACKING_USERNAME (the DagsHub login)\n"
"                        and MLFLOW_TRACKING_PASSWORD (the token)\n"
"  --aws                 also AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,\n"
"                        both the token (DagsHub's S3 endpoint), and\n"
"                        AWS_SESSION_TOKEN, AWS_SECURITY_TOKEN and\n"
"                        AWS_CREDENTIAL_EXPIRATION set empty\n"
"  --host URL            the DagsHub host\n"
"  --non-interactive     never ask a person (OAuth, keyring unlock)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n";

enum { S_OPT_MLFLOW = CLI_OPT_FIRST_COMMAND, S_OPT_AWS };

int cmd_exec(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mlflow", no_argument, NULL, S_OPT_MLFLOW },
		{ "aws", no_argument, NULL, S_OPT_AWS },
		CLI_COMMON_LONGOPTS, { 0 }
	};
	struct cli_vars vars;
	unsigned int which = 0;
	int c, rc;

	optind = 1;
	/* '+': options end at COMMAND, whose own options are its own */
	while ((c = getopt_long(argc, argv, "+" CLI_COMMON_SHORTOPTS, longopts,
	                        NULL)) != -1) {
		if (cli_common_option(c, s_usage))
			continue;
		which |= c == S_OPT_MLFLOW ? CLI_VARS_MLFLOW : CLI_VARS_AWS;
	}
	if (optind >= argc)
		return cli_usage_error(argv[0], "no COMMAND to run");
	if ((rc = cli_token_vars(&vars, which)))
		return rc;
	for (size_t i = 0; i < vars.n; i++)
		if (setenv(vars.v[i].name, vars.v[i].value, 1) != 0) {
			cli_error("exec: cannot set %s: %s", vars.v[i].name,
			          strerror(errno));
			cli_vars_free(&vars);
			return CLI_EXIT_PROVIDER;
		}
	cli_vars_free(&vars);
	fflush(NULL);
	/* COMMAND gets the signal dispositions its caller gave us. */
	cli_callers_sigchld();
	execvp(argv[optind], argv + optind);
	rc = errno;
	cli_error("exec: cannot run %s: %s", argv[optind], strerror(rc));
	return rc == ENOENT ? 127 : 126;
}
