/*
 * cli/cmd_whoami.c - `dagshub-auth whoami`: who does DagsHub say the
 * chain's token belongs to?
 *
 * It asks the server every time (GET {host}/api/v1/user) through the
 * authenticator, so a token the server refuses is erased from its source
 * and the next one is tried, exactly as a program using
 * dagshub_authenticator(3) would see it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "dagshub/authenticator.h"

static const char s_usage[] =
"Usage: dagshub-auth whoami [--host URL] [--non-interactive] [-c FILE]\n"
"\n"
"Prints the DagsHub username of the token the chain gives for the host,\n"
"as the server reports it (GET {host}/api/v1/user).  When the server\n"
"rejects the token (401), it is erased from where it came from and the\n"
"next one is tried once; a token from the environment is not replaced.\n"
"Exits 0 and prints the username; 1 when there is no token; 3 when the\n"
"server rejected the token or could not be reached.\n"
"\n"
"  --host URL            the DagsHub host (default: DAGSHUB_CLIENT_HOST,\n"
"                        the config's host, https://dagshub.com)\n"
"  --non-interactive     never ask a person (OAuth, keyring unlock)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n"
"\n"
"Environment: DAGSHUB_HTTP_TIMEOUT (seconds, default 30).\n";

int cmd_whoami(int argc, char **argv)
{
	dagshub_authenticator *au = NULL;
	dagshub_auth *a = NULL;
	char *login = NULL;
	int rc;

	if ((rc = cli_parse(argc, argv, NULL, s_usage, NULL, NULL)))
		return rc;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_authenticator_new(&au, a, NULL);
	if (rc == DAGSHUB_OK)
		rc = dagshub_authenticator_whoami(&login, au);
	if (rc == DAGSHUB_OK) {
		printf("%s\n", cli_esc(login));
		if (fflush(stdout) != 0) {
			cli_error("cannot write to stdout");
			rc = DAGSHUB_ERROR;
		}
	} else {
		cli_library_error(a, rc);
	}
	free(login);
	dagshub_authenticator_free(au);
	dagshub_auth_close(a);
	return cli_exit_code(rc);
}
