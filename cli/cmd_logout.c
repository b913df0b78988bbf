/*
 * cli/cmd_logout.c - `dagshub-auth logout`: forget a host's tokens.
 *
 * Erases every token of the host from every entry of its chain that can
 * erase (or from --store MODULE); dagshub_erase_tokens().
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char s_usage[] =
"Usage: dagshub-auth logout [--host URL] [--store MODULE] [-c FILE]\n"
"\n"
"Erases every stored token of the host from every entry of its chain\n"
"that can erase (the token cache, a keyring, with `store = true` or\n"
"not), or from --store MODULE only; afterwards no entry that keeps tokens\n"
"gives one for the host.\n"
"\n"
"  --store MODULE        erase from the entry with this module only\n"
"  --host URL            the DagsHub host (default: DAGSHUB_CLIENT_HOST,\n"
"                        the config's host, https://dagshub.com)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n"
"\n"
"Exit status: 0 tokens were erased, 1 there were none, 2 usage or\n"
"configuration error, 3 a store failed (it is left untouched).\n";

enum { S_OPT_STORE = CLI_OPT_FIRST_COMMAND };

static int s_option(int c, char *arg, void *payload)
{
	if (c == S_OPT_STORE)
		*(const char **)payload = arg;
	return 0;
}

int cmd_logout(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "store", required_argument, NULL, S_OPT_STORE },
		CLI_COMMON_LONGOPTS,
		{ 0 }
	};
	const char *store = NULL;
	char *host = NULL;
	dagshub_auth *a = NULL;
	size_t erased = 0;
	int rc;

	if ((rc = cli_parse(argc, argv, longopts, s_usage, s_option, &store)))
		return rc;
	if ((rc = cli_open(&a)))
		return rc;
	host = cli_host(a);
	rc = dagshub_erase_tokens(a, NULL, NULL, store, &erased);
	if (rc != DAGSHUB_OK) {
		/* Some entries may have erased before another failed. */
		cli_library_error(a, rc);
		rc = cli_exit_code(rc);
	} else if (erased == 0) {
		cli_error("no stored token for %s: nothing to do",
		          host ? host : "the host");
		rc = CLI_EXIT_NOTFOUND;
	} else {
		cli_error("erased the tokens of %s from %zu store(s)",
		          host ? host : "the host", erased);
		rc = CLI_EXIT_OK;
	}
	free(host);
	dagshub_auth_close(a);
	return rc;
}
