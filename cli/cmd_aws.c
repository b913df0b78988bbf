/*
 * cli/cmd_aws.c - `dagshub-auth aws-credential-process`: the token as
 * botocore's credential_process output, for DagsHub's S3-compatible
 * storage (which takes the token as both key id and secret).
 *
 * botocore runs it with stderr captured and no person to answer, so it
 * never asks anyone, and on failure says why in one line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "consumers.h"

static const char s_usage[] =
"Usage: dagshub-auth aws-credential-process [--host URL] [-c FILE]\n"
"\n"
"Prints the token as the JSON botocore and the aws CLI read from a\n"
"credential_process (~/.aws/config):\n"
"  {\"Version\": 1, \"AccessKeyId\": TOKEN, \"SecretAccessKey\": TOKEN,\n"
"   \"Expiration\": \"2026-12-01T20:00:00Z\"}\n"
"Expiration only for a token that expires.  Never asks a person.  With no\n"
"token, exits 1 with one line on stderr.\n"
"\n"
"  --host URL            the DagsHub host\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n";

int cmd_aws_credential_process(int argc, char **argv)
{
	dagshub_auth *a = NULL;
	dagshub_token *tok = NULL;
	char when[32], *json = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((rc = cli_parse(argc, argv, NULL, s_usage, NULL, NULL)))
		return rc;
	cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_get_token(&tok, a, NULL);
	if (rc != DAGSHUB_OK) {
		/* the chain's message, one line an entry, on one line */
		cli_error_lines(dagshub_auth_last_error(a), "; ");
		dagshub_auth_close(a);
		return cli_exit_code(rc);
	}
	/* built in memory first: nothing half-written reaches botocore */
	if (!(f = open_memstream(&json, &len))) {
		rc = -1;
	} else {
		fprintf(f, "{\"Version\": 1, \"AccessKeyId\": ");
		rc = cli_json_string(f, tok->value);
		fprintf(f, ", \"SecretAccessKey\": ");
		rc |= cli_json_string(f, tok->value);
		if (tok->expires_us > 0)
			fprintf(f, ", \"Expiration\": \"%s\"",
			        cli_iso8601(when, sizeof(when), tok->expires_us));
		fprintf(f, "}\n");
		rc |= fclose(f);
	}
	dagshub_token_free(tok);
	dagshub_auth_close(a);
	if (rc) {
		cli_free_secret(json);
		cli_error("the token cannot be written as JSON");
		return CLI_EXIT_PROVIDER;
	}
	fputs(json, stdout);
	cli_free_secret(json);
	if (fflush(stdout) != 0) {
		cli_error("cannot write to stdout");
		return CLI_EXIT_PROVIDER;
	}
	return CLI_EXIT_OK;
}
