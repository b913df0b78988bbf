/*
 * cli/cmd_login.c - `dagshub-auth login`: store a token for a host.
 *
 * The token goes to the first entry of the host's chain with
 * `store = true` (the cache by default), or to --store MODULE; the library
 * does the choosing (dagshub_add_token).  The token is read from stdin
 * (--token-stdin, never echoed) or, as the Python client's
 * `dagshub login --token T` allows, from the command line.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const char s_usage[] =
"Usage: dagshub-auth login --token-stdin [--host URL] [--store MODULE]\n"
"                          [--no-validate]\n"
"       dagshub-auth login --token TOKEN [--host URL] [--store MODULE]\n"
"                          [--no-validate]\n"
"       dagshub-auth login [--referrer TEXT] [--host URL]\n"
"\n"
"Stores a DagsHub token for the host in the first entry of its chain with\n"
"`store = true` (the token cache by default), like the Python client's\n"
"`dagshub login --token`.  A token already stored is not added twice.\n"
"Without a token it logs in through the browser (OAuth, like `dagshub\n"
"login`): it prints a link to open, waits for the approval and stores the\n"
"new token in the `store = true` entries (see dagshub-auth-oauth(7));\n"
"with --non-interactive it fails at once instead (exit 3).\n"
"\n"
"  --token-stdin         read the token from standard input (one line;\n"
"                        one trailing LF or CRLF is removed; not echoed)\n"
"  --token TOKEN         the token on the command line (other users may\n"
"                        see it in the process list: prefer --token-stdin)\n"
"  --store MODULE        store in the entry with this module instead\n"
"  --no-validate         store the token without asking the server\n"
"                        (GET {host}/api/v1/user) whether it is good\n"
"  --referrer TEXT       OAuth: what DagsHub shows as the reason to log in\n"
"  --host URL            the DagsHub host (default: DAGSHUB_CLIENT_HOST,\n"
"                        the config's host, https://dagshub.com)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n"
"\n"
"Exit status: 0 stored, 2 usage or configuration error (no token given,\n"
"no entry can store), 3 the server rejected the token or could not be\n"
"reached, or the store failed (e.g. a cache file that does not parse: it\n"
"is left untouched).\n";

enum { S_OPT_TOKEN = CLI_OPT_FIRST_COMMAND, S_OPT_TOKEN_STDIN, S_OPT_STORE,
       S_OPT_REFERRER, S_OPT_NO_VALIDATE };

/* What login's own options say. */
struct s_opts {
	char *token;          /* --token, a copy (wiped at the end) */
	bool from_stdin;
	bool no_validate;
	const char *store;
	const char *referrer;
};

static int s_option(int c, char *arg, void *payload)
{
	struct s_opts *o = payload;

	switch (c) {
	case S_OPT_TOKEN:
		cli_free_secret(o->token);
		o->token = strdup(arg);
		/* Hide it from /proc/PID/cmdline from now on. */
		dh_wipe(arg, strlen(arg));
		if (!o->token) {
			cli_error("out of memory");
			return CLI_EXIT_PROVIDER;
		}
		break;
	case S_OPT_TOKEN_STDIN:
		o->from_stdin = true;
		break;
	case S_OPT_STORE:
		o->store = arg;
		break;
	case S_OPT_REFERRER:
		o->referrer = arg;
		break;
	case S_OPT_NO_VALIDATE:
		o->no_validate = true;
		break;
	}
	return 0;
}

/*
 * Asks the server whether the token is good before it is stored, as the
 * Python client's add_app_token() does; a token that is refused, or that
 * cannot be checked, is not stored.  Returns 0 or an exit code.
 */
static int s_validate(dagshub_auth *a, const char *host, const char *token,
                      char **user)
{
	long status = 0;
	int rc = dagshub_validate_token(a, NULL, token, &status, user);

	if (rc == DAGSHUB_OK) {
		cli_error("validated: %s says the token belongs to %s",
		          host ? host : "the host", *user ? *user : "(unknown)");
		return 0;
	}
	if (rc == DAGSHUB_ENETWORK)
		cli_error("%s; not stored (--no-validate stores it unchecked)",
		          dagshub_auth_last_error(a));
	else
		cli_error("%s; not stored", dagshub_auth_last_error(a));
	return cli_exit_code(rc);
}

int cmd_login(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "token", required_argument, NULL, S_OPT_TOKEN },
		{ "token-stdin", no_argument, NULL, S_OPT_TOKEN_STDIN },
		{ "store", required_argument, NULL, S_OPT_STORE },
		{ "referrer", required_argument, NULL, S_OPT_REFERRER },
		{ "no-validate", no_argument, NULL, S_OPT_NO_VALIDATE },
		CLI_COMMON_LONGOPTS,
		{ 0 }
	};
	char fp[DAGSHUB_FINGERPRINT_SIZE];
	struct s_opts o = { 0 };
	char *host = NULL, *user = NULL;
	dagshub_token_input in = DAGSHUB_TOKEN_INPUT_INIT;
	dagshub_auth *a = NULL;
	int rc;

	if ((rc = cli_parse(argc, argv, longopts, s_usage, s_option, &o)))
		goto out;
	if (o.token && o.from_stdin) {
		rc = cli_usage_error(argv[0], "give --token or --token-stdin, "
		                     "not both");
		goto out;
	}
	if (!o.token && !o.from_stdin) {
		/* No token given: log in through OAuth, asked for explicitly,
		 * so it runs even without a terminal (dagshub_login_oauth). */
		dagshub_token *tok = NULL;

		if (o.store) {
			rc = cli_usage_error(argv[0], "--store goes with a token; an "
			                     "OAuth login stores in the `store = "
			                     "true` entries");
			goto out;
		}
		/* --non-interactive: never ask a person, so no login to wait
		 * for (dagshub_login_oauth runs on handles that are not
		 * interactive, since a library caller asking for it is one). */
		if (cli_opts.flags & DAGSHUB_AUTH_NON_INTERACTIVE) {
			cli_error("login without a token needs a person in a "
			          "browser, and --non-interactive says there is "
			          "none; store a token with --token-stdin");
			rc = CLI_EXIT_PROVIDER;
			goto out;
		}
		if ((rc = cli_open(&a)))
			goto out;
		rc = dagshub_login_oauth(&tok, a, NULL, o.referrer);
		if (rc != DAGSHUB_OK) {
			cli_error("%s", dagshub_auth_last_error(a));
			rc = cli_exit_code(rc);
			goto out;
		}
		/* The note is "stored in <modules>"; never the token. */
		printf("Logged in to %s%s%s; token %s\n", cli_esc(tok->host),
		       tok->username ? " as " : "",
		       tok->username ? cli_esc(tok->username) : "",
		       cli_esc(cli_note()));
		dagshub_token_free(tok);
		rc = CLI_EXIT_OK;
		goto out;
	}
	if (o.referrer) {
		rc = cli_usage_error(argv[0], "--referrer is for a login through "
		                     "the browser (without a token)");
		goto out;
	}
	if (o.from_stdin && !(o.token = cli_read_secret_stdin())) {
		rc = CLI_EXIT_USAGE;
		goto out;
	}
	if (!*o.token) {
		rc = cli_usage_error(argv[0], "the token is empty");
		goto out;
	}
	if ((rc = cli_open(&a)))
		goto out;

	host = cli_host(a);
	if (o.no_validate)
		cli_error("not validated (--no-validate): the token for %s is "
		          "stored without asking the server whether it is good",
		          host ? host : "the host");
	else if ((rc = s_validate(a, host, o.token, &user)) != 0)
		goto out;

	/* The login the server named goes with the token, for stores that
	 * record it (the keyring's `username` attribute). */
	in.value = o.token;
	in.type = "app-token";
	in.username = user;
	rc = dagshub_store_token(a, &in, o.store);
	if (rc != DAGSHUB_OK) {
		cli_error("%s", dagshub_auth_last_error(a));
		rc = cli_exit_code(rc);
		goto out;
	}
	cli_error("stored token %s for %s (%s)",
	          dagshub_fingerprint(fp, o.token), host ? host : "the host",
	          cli_note());
	rc = CLI_EXIT_OK;
out:
	free(host);
	free(user);
	cli_free_secret(o.token);
	dagshub_auth_close(a);
	return rc;
}
