/*
 * cli/cmd_clear_cache.c - `dagshub-auth clear-cache`: delete the token
 * cache file, after asking (the Python client's clear_token_cache()).
 *
 * Deleting tokens cannot be undone, so without --force it asks y/N on a
 * terminal, and with no terminal to ask it refuses (exit 2) rather than
 * guess.  Only the cache file goes; other stores are not touched.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const char s_usage[] =
"Usage: dagshub-auth clear-cache [--force] [-c FILE]\n"
"\n"
"Deletes the token cache file of every `cache` entry of the configuration\n"
"(nothing else: the keyring and other stores are not touched).  Asks y/N\n"
"on the terminal first; with no terminal it refuses unless --force.\n"
"\n"
"  --force               delete without asking\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n"
"\n"
"Exit status: 0 deleted, 1 there was nothing to delete or the answer was\n"
"no, 2 usage or configuration error (also: no terminal and no --force),\n"
"3 the file could not be deleted, or an entry could not be opened.\n";

enum { S_OPT_FORCE = CLI_OPT_FIRST_COMMAND };

/* Asks on the terminal; true only for an explicit yes. */
static bool s_confirm(void)
{
	char line[16];

	fprintf(stderr, "Delete the DagsHub token cache? Every token stored in "
	        "it is lost. [y/N] ");
	fflush(stderr);
	if (!fgets(line, sizeof(line), stdin))
		return false;
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, "y") || !strcmp(line, "Y") ||
	       !strcmp(line, "yes") || !strcmp(line, "YES") ||
	       !strcmp(line, "Yes");
}

static int s_option(int c, char *arg, void *payload)
{
	if (c == S_OPT_FORCE)
		*(bool *)payload = true;
	return 0;
}

int cmd_clear_cache(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, S_OPT_FORCE },
		CLI_COMMON_LONGOPTS,
		{ 0 }
	};
	dagshub_auth *a = NULL;
	bool force = false;
	int rc;

	if ((rc = cli_parse(argc, argv, longopts, s_usage, s_option, &force)))
		return rc;
	if (!force && !(isatty(STDIN_FILENO) && isatty(STDERR_FILENO)))
		return cli_usage_error(argv[0], "refusing to delete the token "
		                       "cache without a terminal to ask; add "
		                       "--force to delete it anyway");
	if ((rc = cli_open(&a)))
		return rc;
	if (!force && !s_confirm()) {
		cli_error("not deleted");
		rc = CLI_EXIT_NOTFOUND;
		goto out;
	}
	rc = dagshub_clear_token_cache(a);
	if (rc != DAGSHUB_OK) {
		cli_error("%s", dagshub_auth_last_error(a));
		rc = cli_exit_code(rc);
	} else if (*dagshub_auth_last_error(a)) {
		/* OK with a note: there was no file to delete. */
		cli_error("%s", dagshub_auth_last_error(a));
		rc = CLI_EXIT_NOTFOUND;
	} else {
		cli_error("deleted the token cache");
		rc = CLI_EXIT_OK;
	}
out:
	dagshub_auth_close(a);
	return rc;
}
