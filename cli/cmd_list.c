/*
 * cli/cmd_list.c - `dagshub-auth list`: the tokens every store keeps.
 *
 * Shows host, type, expiry, source and a fingerprint: never a whole token
 * (the library hands the CLI only fingerprints).
 */
#include "config.h"

#include <stdio.h>
#include <string.h>

#include "cli.h"

static const char s_usage[] =
"Usage: dagshub-auth list [-c FILE]\n"
"\n"
"Lists the tokens kept by every entry of the configuration that keeps\n"
"tokens (the token cache, the keyring), one line each: host, type,\n"
"expiry, source module and a fingerprint (first and last 4 characters).\n"
"Whole tokens are never shown.  Problems (a file that does not parse, a\n"
"file others can read) are reported on stderr.\n"
"\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n"
"\n"
"Exit status: 0 tokens were listed, 1 none are stored, 2 configuration\n"
"error, 3 an entry failed (what could be listed still is).\n";

#define S_ROW "%-40s %-10s %-24s %-8s %s%s%s\n"

static int s_print(const dagshub_token_listing *item, void *payload)
{
	size_t *count = payload;
	char exp[64];

	if ((*count)++ == 0)
		printf(S_ROW, "HOST", "TYPE", "EXPIRES", "SOURCE", "TOKEN", "",
		       "");
	/* Host keys, types and logins come from files others may write. */
	printf(S_ROW, cli_esc(item->host),
	       item->type ? cli_esc(item->type) : "-",
	       cli_format_expiry(exp, sizeof(exp), item->expires_us),
	       cli_esc(item->source), cli_esc(item->fingerprint),
	       item->username ? "  user " : "",
	       item->username ? cli_esc(item->username) : "");
	return 0;
}

int cmd_list(int argc, char **argv)
{
	dagshub_auth *a = NULL;
	size_t count = 0, failed = 0;
	int rc;

	if ((rc = cli_parse(argc, argv, NULL, s_usage, NULL, NULL)))
		return rc;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_list_tokens(a, s_print, &count);
	if (rc != DAGSHUB_OK) {
		cli_error("%s", dagshub_auth_last_error(a));
		dagshub_auth_close(a);
		return cli_exit_code(rc);
	}
	for (size_t i = 0; i < dagshub_auth_trace_count(a); i++) {
		const dagshub_trace *t = dagshub_auth_trace_at(a, i);

		for (size_t w = 0; t->warnings[w]; w++)
			cli_error("warning: %s: %s", t->module, t->warnings[w]);
		if (t->result == DAGSHUB_TRACE_ERROR ||
		    t->result == DAGSHUB_TRACE_UNAVAILABLE) {
			cli_error("%s: %s", t->module, t->reason);
			failed += t->result == DAGSHUB_TRACE_ERROR;
		}
	}
	if (fflush(stdout) != 0) {
		cli_error("cannot write to stdout");
		failed++;
	}
	if (failed)
		rc = CLI_EXIT_PROVIDER;
	else if (count == 0) {
		cli_error("no stored tokens");
		rc = CLI_EXIT_NOTFOUND;
	} else {
		rc = CLI_EXIT_OK;
	}
	dagshub_auth_close(a);
	return rc;
}
