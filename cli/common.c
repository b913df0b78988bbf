/*
 * cli/common.c - option handling, opening the library, messages.
 */
#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
/* The library's escaping rule, compiled in here as a file-static copy
 * (the library exports only dagshub_* names): one rule for both. */
#define DH_ESCAPE_LINKAGE static
#include "../core/escape.c"

struct cli_common cli_opts;
const char *cli_program = "dagshub-auth";

void cli_no_dump(void)
{
	/* Also stops same-user ptrace (the kernel ties both to "dumpable"),
	 * and makes /proc/PID/{mem,environ,fd,...} root's.  The process
	 * itself still reads its own /proc/self/fd.  Failure (not Linux's
	 * prctl) is not fatal: nothing else depends on it. */
	(void)prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
}

/* Whether the caller handed us SIGCHLD ignored (cli_own_sigchld). */
static bool s_sigchld_ignored;

void cli_own_sigchld(void)
{
	struct sigaction sa;

	/* An ignored SIGCHLD survives execve: a caller that ignores it (a
	 * daemon, a Python program) would have the kernel reap the exec
	 * provider's command and setup-git's git before we learn how they
	 * ended (ECHILD), and the exec entry would always fail.  The
	 * library leaves a host's dispositions alone; this process is
	 * ours. */
	if (sigaction(SIGCHLD, NULL, &sa) != 0 || sa.sa_handler != SIG_IGN)
		return;
	s_sigchld_ignored = true;
	signal(SIGCHLD, SIG_DFL);
}

void cli_callers_sigchld(void)
{
	if (s_sigchld_ignored)
		signal(SIGCHLD, SIG_IGN);
}

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
		/* `--host "$UNSET"` must not mean the default host. */
		if (!*optarg) {
			cli_error("--host is empty (an unset variable?): give a "
			          "URL, or no --host for the default host");
			exit(CLI_EXIT_USAGE);
		}
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
	/* The command alone (`dagshub-auth token`, what every consumer
	 * runs): nothing to parse, and getopt_long's code page and its
	 * POSIXLY_CORRECT lookup are work a start need not do
	 * (bench/RESULTS.md, 2026-12-08). */
	if (argc <= 1)
		return 0;
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
	char *msg = NULL;
	int n;

	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "%s %s: %s\nTry '%s %s --help'.\n", cli_program,
	        cli_esc(cmd), n < 0 ? "out of memory" : cli_esc(msg),
	        cli_program, cli_esc(cmd));
	free(msg);
	return CLI_EXIT_USAGE;
}

/* ---- showing text from outside (core/escape.h has the rule) ---- */

/* The last few escaped strings, so several can be in one printf; each
 * slot is reused (and its old string freed) eight calls later. */
#define S_ESC_SLOTS 8
static _Thread_local char *s_esc_ring[S_ESC_SLOTS];
static _Thread_local unsigned s_esc_next;

const char *cli_esc(const char *s)
{
	char **slot;

	if (!s)
		return NULL;
	slot = &s_esc_ring[s_esc_next++ % S_ESC_SLOTS];
	free(*slot);
	*slot = dh_escape(s);
	/* Out of memory: show nothing of it rather than the raw text. */
	return *slot ? *slot : "(out of memory)";
}

char *cli_esc_dup(const char *s)
{
	return dh_escape(s ? s : "");
}

/* Writes "dagshub-auth: " and the line, escaped. */
static void s_error_line(const char *line)
{
	char *e = dh_escape(line);

	fprintf(stderr, "%s: %s\n", cli_program, e ? e : "(out of memory)");
	free(e);
}

void cli_error(const char *fmt, ...)
{
	va_list ap;
	char *msg = NULL;
	int n;

	/* The whole message is escaped: it holds text from outside
	 * (providers' reasons, the library's errors, logins, host keys) and
	 * is one line. */
	va_start(ap, fmt);
	n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0) {
		fprintf(stderr, "%s: out of memory\n", cli_program);
		return;
	}
	s_error_line(msg);
	free(msg);
}

void cli_library_error(const dagshub_auth *a, int status)
{
	const char *msg = dagshub_auth_last_error(a);

	if (status != DAGSHUB_ENOTOKEN) {
		cli_error("%s", msg);
		return;
	}
	/* The "no token" message is one line per entry; the library has
	 * escaped the outside text in each, so its line breaks are its own. */
	cli_error_lines(msg, "\n");
}

void cli_error_lines(const char *msg, const char *sep)
{
	fprintf(stderr, "%s: ", cli_program);
	for (const char *p = msg; *p;) {
		size_t n = strcspn(p, "\n");
		char *line = strndup(p, n), *e = line ? dh_escape(line) : NULL;

		if (p != msg)
			fputs(sep, stderr);
		fputs(e ? e : "(out of memory)", stderr);
		free(e);
		free(line);
		p += n;
		while (*p == '\n')
			p++;
	}
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

int cli_write_secret(const char *const *parts)
{
	size_t len, off;
	char *buf = dh_join(parts, &len);
	int rc = 0;

	if (!buf)
		return -1;
	/* anything stdio holds goes first, in order (asked first: fflush
	 * is a part of libc the common path need not fault in) */
	if (__fpending(stdout) > 0 && fflush(stdout) != 0)
		rc = -1;
	for (off = 0; rc == 0 && off < len;) {
		ssize_t n = write(STDOUT_FILENO, buf + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			rc = -1;
		else
			off += (size_t)n;
	}
	dh_wipe(buf, len);
	free(buf);
	return rc;
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
	/* One line ending is removed ("\n" or "\r\n"), no more: the rest is
	 * the token, checked by the library's rule (a CR left inside is
	 * refused there, never stored). */
	if (n > 0 && line[n - 1] == '\n') {
		line[--n] = '\0';
		if (n > 0 && line[n - 1] == '\r')
			line[--n] = '\0';
	}
	if (memchr(line, '\0', (size_t)n)) {
		/* A C string would end at the NUL: the token would be cut
		 * short without a word. */
		explicit_bzero(line, (size_t)n);
		free(line);
		cli_error("the token on standard input holds a NUL byte: not a "
		          "token");
		return NULL;
	}
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
