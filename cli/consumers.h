/*
 * cli/consumers.h - what the commands that hand a token to another
 * program share (git-credential, setup-git, exec, env,
 * aws-credential-process): the variables they set, value checks and a
 * JSON string writer.
 */
#ifndef DAGSHUB_CLI_CONSUMERS_H
#define DAGSHUB_CLI_CONSUMERS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

/* True when s holds a byte below 0x20 or 0x7f (newline, CR, escape...).
 * No such value is ever written to git, a shell or an environment. */
bool cli_has_control(const char *s);

/* host[:port][/...] names a loopback address (127.x.y.z, [::1],
 * localhost). */
bool cli_loopback_authority(const char *host);

/* The git helper answers only over https, or plain http to loopback: a
 * token never goes out in clear text over a network. */
bool cli_git_may_send(const char *url);

/*
 * The login to send with the token: tok->username when it is set and has
 * no control character (servers are not trusted to send clean names),
 * else NULL.
 */
const char *cli_token_login(const dagshub_token *tok);

/*
 * Writes s as a JSON string (with the quotes) to f.  Returns 0, or -1
 * when s is not valid UTF-8 (nothing sensible can be written then).
 *
 * Why not cJSON: the CLI links libdagshub-auth only (no cJSON, no
 * libcurl; tests/core/nolibcurl.sh checks the second), and writing a
 * string is the only JSON it needs: escape '"', '\\' and every byte below
 * 0x20, check the UTF-8, pass the rest through.
 */
int cli_json_string(FILE *f, const char *s);

/* "2026-12-01T19:44:47Z" for microseconds since the epoch. */
const char *cli_iso8601(char *buf, size_t n, long long us);

/* The variables `exec` and `env` set, in order. */
struct cli_var {
	const char *name;
	char *value;   /* owned; a secret for the token variables */
	bool secret;
};

struct cli_vars {
	struct cli_var v[12];
	size_t n;
};

/* Which variables besides DAGSHUB_USER_TOKEN and DAGSHUB_CLIENT_HOST. */
enum { CLI_VARS_MLFLOW = 1u << 0, CLI_VARS_AWS = 1u << 1 };

/*
 * Gets the token for the run's host and fills `out` with the variables.
 * On failure prints the chain's message and returns the exit code; 0 on
 * success.  For --mlflow the login is asked
 * of the server when the chain did not learn it, and is the token itself
 * when the server cannot say (DagsHub's basic auth accepts that).
 */
int cli_token_vars(struct cli_vars *out, unsigned int which);

/* Wipes and frees the values. */
void cli_vars_free(struct cli_vars *vars);

#endif /* DAGSHUB_CLI_CONSUMERS_H */
