/*
 * cli/common.c - option handling, opening the library, messages.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

struct cli_common cli_opts;
const char *cli_program = "dagshub-auth";

int cli_common_option(int c, const char *usage)
{
	switch (c) {
	case 'c':
		cli_opts.config = optarg;
		return 1;
	case 'v':
		cli_opts.flags |= DAGSHUB_AUTH_VERBOSE;
		return 1;
	case CLI_OPT_HOST:
		cli_opts.host = optarg;
		return 1;
	case CLI_OPT_NONINTERACTIVE:
		cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
		return 1;
	case 'h':
		fputs(usage, stdout);
		exit(CLI_EXIT_OK);
	case '?':
	case ':':
		fprintf(stderr, "Try '%s --help'.\n", cli_program);
		exit(CLI_EXIT_USAGE);
	}
	return 0;
}

int cli_parse(int argc, char **argv, const struct option *longopts,
              const char *usage,
              int (*own)(int c, char *arg, void *payload), void *payload)
{
	static const struct option common[] = { CLI_COMMON_LONGOPTS, { 0 } };
	int c, rc;

	optind = 1;
	while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS,
	                        longopts ? longopts : common, NULL)) != -1) {
		if (cli_common_option(c, usage))
			continue;
		if (own && (rc = own(c, optarg, payload)) != 0)
			return rc;
	}
	if (optind < argc)
		return cli_usage_error(argv[0], "unexpected argument '%s'",
		                       argv[optind]);
	return 0;
}

char *cli_host(const dagshub_auth *a)
{
	char *h = NULL;

	if (cli_opts.host &&
	    dagshub_normalize_host(&h, cli_opts.host) == DAGSHUB_OK)
		return h;
	return strdup(dagshub_auth_default_host(a));
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s %s: ", cli_program, cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry '%s %s --help'.\n", cli_program, cmd);
	return CLI_EXIT_USAGE;
}

void cli_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_program);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_exit_code(int status)
{
	switch (status) {
	case DAGSHUB_OK:
		return CLI_EXIT_OK;
	case DAGSHUB_ENOTOKEN:
		return CLI_EXIT_NOTFOUND;
	case DAGSHUB_ECONFIG:
	case DAGSHUB_EINVAL:
	case DAGSHUB_ENOSTORE:
		return CLI_EXIT_USAGE;
	default:
		return CLI_EXIT_PROVIDER;
	}
}

int cli_open(dagshub_auth **out)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	int rc;

	o.config_path = cli_opts.config;
	o.host = cli_opts.host;
	o.flags = cli_opts.flags;
	o.message = cli_message;
	o.log = cli_log;
	rc = dagshub_auth_open(out, &o);
	if (rc != DAGSHUB_OK) {
		cli_error("%s", dagshub_auth_last_error(*out));
		dagshub_auth_close(*out);
		*out = NULL;
		return cli_exit_code(rc);
	}
	return 0;
}

void cli_free_secret(char *s)
{
	dh_free_secret(s);
}

char *cli_read_secret_stdin(void)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO);
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;

	if (tty) {
		fprintf(stderr, "Token: ");
		fflush(stderr);
		if (tcgetattr(STDIN_FILENO, &old) == 0) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		} else {
			tty = false;
		}
	}
	n = getline(&line, &cap, stdin);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		cli_error("no token on standard input");
		return NULL;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	if (n == 0) {
		cli_free_secret(line);
		cli_error("the token on standard input is empty");
		return NULL;
	}
	return line;
}

const char *cli_format_expiry(char *buf, size_t n, long long expires_us)
{
	time_t t = (time_t)(expires_us / 1000000);
	struct tm tm;

	if (expires_us == 0) {
		snprintf(buf, n, "never");
		return buf;
	}
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%d %H:%M:%S UTC", &tm);
	return buf;
}
