/*
 * cli/cli.h - what the subcommands of dagshub-auth share.
 *
 * The CLI is thin: parse, call libdagshub-auth, print.  Exit codes are part
 * of the interface (dagshub-auth(1)) and never renumbered.
 */
#ifndef DAGSHUB_CLI_H
#define DAGSHUB_CLI_H

#include <stdbool.h>
#include <getopt.h>

#include "dagshub/auth.h"
#include "../providers/common/wipe.h" /* dh_wipe, dh_free_secret */
#include "../providers/common/join.h" /* dh_join, DH_JOIN */

enum {
	CLI_EXIT_OK = 0,       /* success */
	CLI_EXIT_NOTFOUND = 1, /* no token / nothing to do */
	CLI_EXIT_USAGE = 2,    /* usage or configuration error */
	CLI_EXIT_PROVIDER = 3  /* a provider or the server failed */
};

/* Options every subcommand takes, set by cli_common_option(). */
struct cli_common {
	const char *config;   /* -c, --config FILE */
	const char *host;     /* --host URL */
	unsigned int flags;   /* DAGSHUB_AUTH_* from --non-interactive, -v */
};

extern struct cli_common cli_opts;
extern const char *cli_program;

/* getopt_long entries for the common options; end a command's table
 * with CLI_COMMON_LONGOPTS, { 0 } and its short options with
 * CLI_COMMON_SHORTOPTS. */
enum { CLI_OPT_HOST = 1000, CLI_OPT_NONINTERACTIVE, CLI_OPT_HELP,
       CLI_OPT_FIRST_COMMAND = 1100 };
#define CLI_COMMON_SHORTOPTS "c:vh"
#define CLI_COMMON_LONGOPTS \
	{ "config", required_argument, NULL, 'c' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "host", required_argument, NULL, CLI_OPT_HOST }, \
	{ "non-interactive", no_argument, NULL, CLI_OPT_NONINTERACTIVE }, \
	{ "fail-if-no-token", no_argument, NULL, CLI_OPT_NONINTERACTIVE }, \
	{ "help", no_argument, NULL, 'h' }

/*
 * Handles a common option returned by getopt_long.  Returns 1 when it was
 * one (and 'h' prints `usage` and exits 0), 0 when it is the command's own,
 * and exits 2 with a message on '?' (getopt has printed the problem).
 */
int cli_common_option(int c, const char *usage);

/*
 * Parses a subcommand's argv: the common options are handled here, every
 * other option is handed to own(c, optarg, payload) (which returns 0, or
 * an exit code to stop with).  longopts is the command's table ending
 * with CLI_COMMON_LONGOPTS, { 0 }; NULL for a command with no options of
 * its own.  Returns 0, or 2 after printing a usage error.
 */
int cli_parse(int argc, char **argv, const struct option *longopts,
              const char *usage,
              int (*own)(int c, char *arg, void *payload), void *payload);

/* The host of this run for messages: --host normalised, else the default
 * host.  malloc()ed (NULL when out of memory). */
char *cli_host(const dagshub_auth *a);

/* Prints "dagshub-auth CMD: message" and a hint on stderr; returns 2. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prints "dagshub-auth: message" on stderr, the whole message escaped by
 * the rule of core/escape.h (no control character reaches the terminal;
 * a line break shows as \n). */
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Prints the library's last error for `status` like cli_error(); the
 * multi-line "no token" message (DAGSHUB_ENOTOKEN) line by line. */
void cli_library_error(const dagshub_auth *a, int status);

/* Writes "dagshub-auth: " and the lines of msg, each escaped like
 * cli_error()'s message, with sep between them ("\n": one a line; "; ":
 * all on one), empty lines left out, then a newline. */
void cli_error_lines(const char *msg, const char *sep);

/*
 * Text from outside (a server's login, a host key from a cache file, a
 * provider's reason or warning, a module name, a config note) as it may be
 * shown: control characters escaped (ESC as \x1b, newline as \n, ...),
 * printable UTF-8 kept; see core/escape.h.  The result stays valid for the
 * next 7 calls of this thread (so a few fit in one printf).  NULL: NULL.
 * Every command prints outside text only through this or cli_error().
 */
const char *cli_esc(const char *s);

/* The same escaping as a malloc()ed string the caller frees (NULL when out
 * of memory): for threads other than the main one, such as the OAuth
 * spinner's, whose cli_esc() buffers would outlive them. */
char *cli_esc_dup(const char *s);

/*
 * Opens the library with the common options.  On failure prints the
 * library's message and returns the exit code (2 for config errors);
 * returns 0 with *out set on success.
 */
int cli_open(dagshub_auth **out);

/* Makes the process non-dumpable (prctl PR_SET_DUMPABLE 0): no core dump
 * holds a token, and other processes of the same user can no longer
 * ptrace it or read its memory.  Called first thing in main(). */
void cli_no_dump(void);
/* Takes SIGCHLD back to its default when the caller left it ignored, so
 * that the children of this process (the exec provider's command, git)
 * can be waited for; called first thing in main().  cli_callers_sigchld()
 * gives the caller's disposition back, for a program that replaces this
 * one (exec). */
void cli_own_sigchld(void);
void cli_callers_sigchld(void);
/* cli/say.c: the library's message and log callbacks (stderr, a spinner
 * on a terminal), installed by cli_open(). */
void cli_message(int kind, const char *text, void *payload);
void cli_log(int level, const char *source, const char *text, void *payload);
/* The last DAGSHUB_MESSAGE_NOTE ("stored in cache"), or "". */
const char *cli_note(void);

/* Maps a library status to an exit code. */
int cli_exit_code(int status);

/* Reads a secret from stdin: one line, trailing CR/LF removed, never
 * echoed.  Returns a malloc()ed string (wipe with cli_free_secret) or NULL
 * with a message printed. */
char *cli_read_secret_stdin(void);
void cli_free_secret(char *s);

/* Writes the concatenation of parts (NULL-terminated) to standard output
 * with write(2), not stdio: stdio would keep a copy of the secret in its
 * buffer, freed at exit without a wipe (and allocating that buffer costs
 * every start page faults).  The text is built in one buffer, wiped after.
 * Returns 0, or -1 when it could not all be written. */
int cli_write_secret(const char *const *parts);

/* Formats microseconds since the epoch as "2026-11-27 18:51:22 UTC", or
 * "never" for 0. */
const char *cli_format_expiry(char *buf, size_t n, long long expires_us);

/* The subcommands (cli/commands.def). */
#define DH_COMMAND(name, fn, summary) int fn(int argc, char **argv);
#include "commands.def"
#undef DH_COMMAND

#endif /* DAGSHUB_CLI_H */
