/*
 * cli/cmd_env.c - `dagshub-auth env`: the variables `exec` sets, printed
 * for a shell, a dotenv file, JSON or GitHub Actions.
 *
 * Quoting is the whole job here: a value must come back byte for byte in
 * the consumer, whatever it holds.  Tokens and hosts are plain ASCII by
 * the core's rules; the MLflow username comes from the server, so every
 * format is written for any value (or refuses the ones it cannot carry).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "consumers.h"

static const char s_usage[] =
"Usage: dagshub-auth env [--host URL] [--mlflow] [--aws]\n"
"                        [--format sh|dotenv|json|github] [-c FILE]\n"
"\n"
"Prints the variables 'dagshub-auth exec' sets (DAGSHUB_USER_TOKEN and\n"
"DAGSHUB_CLIENT_HOST, with --mlflow MLFLOW_TRACKING_USERNAME and\n"
"MLFLOW_TRACKING_PASSWORD, with --aws AWS_ACCESS_KEY_ID and\n"
"AWS_SECRET_ACCESS_KEY, and AWS_SESSION_TOKEN, AWS_SECURITY_TOKEN and\n"
"AWS_CREDENTIAL_EXPIRATION empty) on stdout:\n"
"  sh      export NAME='VALUE' lines, for eval \"$(dagshub-auth env)\"\n"
"  dotenv  NAME='VALUE' lines (values with ' or \\ are refused: dotenv\n"
"          readers disagree on escapes)\n"
"  json    one JSON object\n"
"  github  the ::add-mask:: line for the token on stdout, and NAME=VALUE\n"
"          lines appended to the file $GITHUB_ENV names\n"
"With no token, exits 1 with the chain's message and prints nothing.\n"
"\n"
"  --format FORMAT       sh (the default), dotenv, json or github\n"
"  --mlflow              add MLflow's variables\n"
"  --aws                 add AWS's variables\n"
"  --host URL            the DagsHub host\n"
"  --non-interactive     never ask a person (OAuth, keyring unlock)\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n";

enum { S_OPT_MLFLOW = CLI_OPT_FIRST_COMMAND, S_OPT_AWS, S_OPT_FORMAT };
enum s_format { S_SH, S_DOTENV, S_JSON, S_GITHUB };

struct s_opts {
	unsigned int which;
	enum s_format format;
};

static int s_own(int c, char *arg, void *payload)
{
	struct s_opts *o = payload;

	switch (c) {
	case S_OPT_MLFLOW:
		o->which |= CLI_VARS_MLFLOW;
		return 0;
	case S_OPT_AWS:
		o->which |= CLI_VARS_AWS;
		return 0;
	case S_OPT_FORMAT:
		if (!strcmp(arg, "sh"))
			o->format = S_SH;
		else if (!strcmp(arg, "dotenv"))
			o->format = S_DOTENV;
		else if (!strcmp(arg, "json"))
			o->format = S_JSON;
		else if (!strcmp(arg, "github"))
			o->format = S_GITHUB;
		else
			return cli_usage_error("env", "unknown format '%s' (sh, "
			                       "dotenv, json, github)", arg);
		return 0;
	}
	return CLI_EXIT_USAGE;
}

/* POSIX sh single quotes keep every byte but ' itself, written '\''. */
static void s_sh_quote(FILE *f, const char *s)
{
	fputc('\'', f);
	for (; *s; s++) {
		if (*s == '\'')
			fputs("'\\''", f);
		else
			fputc(*s, f);
	}
	fputc('\'', f);
}

static int s_print(const struct cli_vars *vars, enum s_format format)
{
	switch (format) {
	case S_SH:
		for (size_t i = 0; i < vars->n; i++) {
			printf("export %s=", vars->v[i].name);
			s_sh_quote(stdout, vars->v[i].value);
			putchar('\n');
		}
		return 0;
	case S_DOTENV:
		for (size_t i = 0; i < vars->n; i++)
			if (strpbrk(vars->v[i].value, "'\\") ||
			    cli_has_control(vars->v[i].value)) {
				cli_error("env: %s has a quote, a backslash or a "
				          "control character, which dotenv files "
				          "cannot carry the same way in every reader; "
				          "use --format sh or json", vars->v[i].name);
				return CLI_EXIT_PROVIDER;
			}
		for (size_t i = 0; i < vars->n; i++)
			printf("%s='%s'\n", vars->v[i].name, vars->v[i].value);
		return 0;
	case S_JSON: {
		/* built in memory first, as aws-credential-process does: a
		 * value that cannot be written (not UTF-8) must not leave half
		 * an object, with the token in it, on stdout */
		char *json = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&json, &len);
		int bad = -1;

		if (f) {
			bad = 0;
			fputc('{', f);
			for (size_t i = 0; i < vars->n && !bad; i++) {
				fprintf(f, "%s\"%s\": ", i ? ", " : "",
				        vars->v[i].name);
				if (cli_json_string(f, vars->v[i].value)) {
					cli_error("env: %s is not UTF-8",
					          vars->v[i].name);
					bad = 1;
				}
			}
			fputs("}\n", f);
			if (fclose(f) && !bad)
				bad = -1;
		}
		if (!bad)
			fputs(json, stdout);
		else if (bad < 0)
			cli_error("out of memory");
		cli_free_secret(json);
		return bad ? CLI_EXIT_PROVIDER : 0;
	}
	case S_GITHUB:
		break;
	}
	return -1;
}

/*
 * GitHub Actions: the runner reads workflow commands (::add-mask::) from
 * the step's stdout, and variables for later steps from the file
 * $GITHUB_ENV names.  The mask goes out first, so the token is hidden in
 * every log line after it.
 */
static int s_github(const struct cli_vars *vars)
{
	const char *path = getenv("GITHUB_ENV"); /* checked by cmd_env */
	FILE *f;
	int fd;

	for (size_t i = 0; i < vars->n; i++) {
		bool seen = false;

		if (!vars->v[i].secret)
			continue;
		for (size_t j = 0; j < i; j++)
			seen |= vars->v[j].secret &&
			        !strcmp(vars->v[j].value, vars->v[i].value);
		if (!seen)
			printf("::add-mask::%s\n", vars->v[i].value);
	}
	if (fflush(stdout) != 0) {
		cli_error("env: cannot write to stdout");
		return CLI_EXIT_PROVIDER;
	}
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | O_NOCTTY,
	          0600);
	if (fd < 0 || !(f = fdopen(fd, "a"))) {
		cli_error("env: cannot open %s: %s", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return CLI_EXIT_PROVIDER;
	}
	/* no value has a newline (checked), so NAME=VALUE is one line */
	for (size_t i = 0; i < vars->n; i++)
		fprintf(f, "%s=%s\n", vars->v[i].name, vars->v[i].value);
	if (fclose(f) != 0) {
		cli_error("env: cannot write %s: %s", path, strerror(errno));
		return CLI_EXIT_PROVIDER;
	}
	return 0;
}

int cmd_env(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "mlflow", no_argument, NULL, S_OPT_MLFLOW },
		{ "aws", no_argument, NULL, S_OPT_AWS },
		{ "format", required_argument, NULL, S_OPT_FORMAT },
		CLI_COMMON_LONGOPTS, { 0 }
	};
	struct s_opts o = { 0, S_SH };
	struct cli_vars vars;
	int rc;

	if ((rc = cli_parse(argc, argv, longopts, s_usage, s_own, &o)))
		return rc;
	/* before the token: no one is asked to log in for a run that
	 * cannot write it anywhere */
	if (o.format == S_GITHUB &&
	    (!getenv("GITHUB_ENV") || !*getenv("GITHUB_ENV"))) {
		cli_error("env --format github: GITHUB_ENV is not set (run it in "
		          "a GitHub Actions step)");
		return CLI_EXIT_USAGE;
	}
	if ((rc = cli_token_vars(&vars, o.which)))
		return rc;
	for (size_t i = 0; i < vars.n && !rc; i++)
		if (cli_has_control(vars.v[i].value)) {
			cli_error("env: %s has a control character", vars.v[i].name);
			rc = CLI_EXIT_PROVIDER;
		}
	if (!rc)
		rc = o.format == S_GITHUB ? s_github(&vars) : s_print(&vars, o.format);
	if (!rc && fflush(stdout) != 0) {
		cli_error("env: cannot write to stdout");
		rc = CLI_EXIT_PROVIDER;
	}
	cli_vars_free(&vars);
	return rc;
}
