/*
 * cli/cmd_token.c - `dagshub-auth token` and `dagshub-auth explain`.
 *
 * Both walk the chain the same way; `token` prints only the token on
 * stdout, `explain` prints the walk and never the token.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char s_token_usage[] =
"Usage: dagshub-auth token [--host URL] [--non-interactive] [-c FILE]\n"
"\n"
"Prints the token for the host and a newline on stdout, nothing else.\n"
"With no token, exits 1 with one message on stderr that lists what every\n"
"entry of the chain found and why.\n"
"\n"
"  --host URL            the DagsHub host (default: DAGSHUB_CLIENT_HOST,\n"
"                        the config's host, https://dagshub.com)\n"
"  --non-interactive     never ask a person (OAuth, keyring unlock);\n"
"  --fail-if-no-token    the same (the DagsHub Python client's name)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n";

static const char s_explain_usage[] =
"Usage: dagshub-auth explain [--host URL] [--non-interactive] [-c FILE]\n"
"\n"
"Shows the config file used, the normalised host, and for every entry of\n"
"the chain: module, control, result, time taken and reason; marks the\n"
"entry that answered.  Tokens are shown only as fingerprints.\n"
"explain never asks a person: an entry that would (OAuth, unlocking a\n"
"keyring) shows as unavailable.\n"
"Exits 0 when a token was found, 1 when not, 2 on a config error, 3 on\n"
"other errors.\n";

/* Errors under `continue` are reported even when a later entry answered
 * (the control table's "continue, report at the end"). */
static void s_report_errors(const dagshub_auth *a)
{
	for (size_t i = 0; i < dagshub_auth_trace_count(a); i++) {
		const dagshub_trace *t = dagshub_auth_trace_at(a, i);
		if (t->result == DAGSHUB_TRACE_ERROR &&
		    !strcmp(t->action, "continue"))
			cli_error("warning: entry %zu (%s): %s", i + 1, t->module,
			          t->reason);
	}
}

int cmd_token(int argc, char **argv)
{
	dagshub_auth *a = NULL;
	dagshub_token *tok = NULL;
	int rc;

	if ((rc = cli_parse(argc, argv, NULL, s_token_usage, NULL, NULL)))
		return rc;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_get_token(&tok, a, NULL);
	if (rc == DAGSHUB_OK) {
		const char *out[] = { tok->value, "\n", NULL };

		s_report_errors(a);
		if (cli_write_secret(out) != 0) {
			cli_error("cannot write the token to stdout");
			rc = DAGSHUB_ERROR;
		}
		dagshub_token_free(tok);
	} else {
		cli_library_error(a, rc);
	}
	dagshub_auth_close(a);
	return cli_exit_code(rc);
}

/* Everything explain shows came from outside (module names, providers'
 * reasons and warnings, the config path and notes, the host): each goes
 * through cli_esc(). */
static void s_print_trace(const dagshub_auth *a)
{
	size_t n = dagshub_auth_trace_count(a);
	int w = 12, indent;

	/* The module column is as wide as its longest entry, so a module
	 * written as an absolute path does not push the other columns out of
	 * line; the lines under an entry start below its result. */
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(dagshub_auth_trace_at(a, i)->module);
		if (len > (size_t)w && len < 1024)
			w = (int)len;
	}
	indent = 2 + 1 + 3 + 1 + w + 1 + 12 + 1;
	printf("   %-3s %-*s %-12s %-12s %9s  %s\n", "#", w, "module", "control",
	       "result", "time", "reason");
	for (size_t i = 0; i < n; i++) {
		const dagshub_trace *t = dagshub_auth_trace_at(a, i);

		char took[32] = "-";

		if (t->result != DAGSHUB_TRACE_NOT_REACHED)
			snprintf(took, sizeof(took), "%.1f ms",
			         (double)t->elapsed_us / 1000.0);
		printf("%s %-3zu %-*s %-12s %-12s %9s  %s\n",
		       t->answered ? "=>" : "  ", i + 1, w, cli_esc(t->module),
		       cli_esc(t->control), dagshub_trace_result_str(t->result),
		       took, *t->reason ? cli_esc(t->reason) : "-");
		if (t->fingerprint)
			printf("%*s token %s\n", indent, "", cli_esc(t->fingerprint));
		if (t->validation)
			printf("%*s validation: %s\n", indent, "",
			       cli_esc(t->validation));
		for (size_t w2 = 0; t->warnings[w2]; w2++)
			printf("%*s warning: %s\n", indent, "",
			       cli_esc(t->warnings[w2]));
	}
}

int cmd_explain(int argc, char **argv)
{
	dagshub_auth *a = NULL;
	dagshub_token *tok = NULL;
	char fp[DAGSHUB_FINGERPRINT_SIZE], exp[64];
	const char *note;
	int rc;

	if ((rc = cli_parse(argc, argv, NULL, s_explain_usage, NULL, NULL)))
		return rc;
	/* Looking must not start a browser login or an unlock prompt. */
	cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
	/* ...and must change nothing: a token the server rejects is shown
	 * as "rejected (would be erased by token)", not erased. */
	cli_opts.flags |= DAGSHUB_AUTH_DRY_RUN;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_get_token(&tok, a, NULL);
	printf("config: %s\n", cli_esc(dagshub_auth_config_path(a)));
	for (note = dagshub_auth_config_note(a); note && *note;) {
		size_t n = strcspn(note, "\n");
		char *line = strndup(note, n);

		printf("note:   %s\n", line ? cli_esc(line) : "(out of memory)");
		free(line);
		note += n + (note[n] == '\n');
	}
	printf("host:   %s\n", cli_esc(dagshub_auth_trace_host(a)
	                                   ? dagshub_auth_trace_host(a)
	                                   : dagshub_auth_default_host(a)));
	s_print_trace(a);
	if (rc == DAGSHUB_OK) {
		printf("answer: entry %zu (%s): %s %s, expires %s%s%s\n",
		       tok->entry + 1, cli_esc(tok->source),
		       tok->type ? cli_esc(tok->type) : "token",
		       cli_esc(dagshub_fingerprint(fp, tok->value)),
		       cli_format_expiry(exp, sizeof(exp), tok->expires_us),
		       tok->username ? ", user " : "",
		       tok->username ? cli_esc(tok->username) : "");
		dagshub_token_free(tok);
	} else if (rc == DAGSHUB_ENOTOKEN) {
		printf("answer: none (no entry gave a token)\n");
	} else {
		cli_library_error(a, rc);
	}
	dagshub_auth_close(a);
	return cli_exit_code(rc);
}
