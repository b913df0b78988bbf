/*
 * cli/cmd_setup_git.c - `dagshub-auth setup-git`: point git at the
 * credential helper for every DagsHub host this configuration serves.
 *
 * Per host it writes, as `gh auth setup-git` does,
 *
 *     [credential "https://dagshub.com"]
 *             helper =
 *             helper = /usr/bin/git-credential-dagshub
 *
 * The empty value first resets the helpers inherited from wider scopes,
 * so no other helper (credential-store, a keychain) is asked for a
 * DagsHub token or handed one to keep; a helper line git reads after
 * ours still is (s_warn_later_helpers).  The helper is named by its path
 * (s_helper_value), as gh names itself.  The file is changed by running
 * `git config` (argv, no shell): git owns its file format, quoting and
 * locking, and we never rewrite a file we only half understand.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "consumers.h"

#ifndef BINDIR
#error "cli/local.mk defines BINDIR, where git-credential-dagshub is installed"
#endif

/* The short name (git runs `git credential-dagshub`), and the file name
 * of the helper program. */
#define S_HELPER "dagshub"
#define S_HELPER_FILE "git-credential-dagshub"
/* What --remove takes out: "", the short name, or any path of the helper
 * (git config's value-pattern: an extended regex). */
#define S_OURS "^(" S_HELPER "|/.*/" S_HELPER_FILE ")?$"

static const char s_usage[] =
"Usage: dagshub-auth setup-git [--host URL] [--global|--system|--file F]\n"
"                              [--remove] [-c FILE]\n"
"\n"
"Configures git to ask dagshub-auth for the token of every DagsHub host\n"
"this configuration serves (the default host, the config's host and its\n"
"hosts entries; with --host, that host only).  Per host it writes\n"
"credential.<host>.helper = \"\" (no other helper sees the token), then\n"
"credential.<host>.helper = the path of git-credential-dagshub beside\n"
"this program (or dagshub, when it is not there).  Running it again\n"
"changes nothing.\n"
"\n"
"  --global              ~/.gitconfig (or GIT_CONFIG_GLOBAL; the default)\n"
"  --system              the system-wide git config\n"
"  --file F              the git config file F\n"
"  --remove              take exactly those lines out again\n"
"  --host URL            only this host\n"
"  -c, --config FILE     use FILE as the configuration\n";

enum { S_OPT_GLOBAL = CLI_OPT_FIRST_COMMAND, S_OPT_SYSTEM, S_OPT_FILE,
       S_OPT_REMOVE };

struct s_opts {
	const char *scope[2]; /* git config's scope argument(s) */
	bool remove;
};

static int s_own(int c, char *arg, void *payload)
{
	struct s_opts *o = payload;
	const char *scope = c == S_OPT_GLOBAL ? "--global"
	                  : c == S_OPT_SYSTEM ? "--system"
	                  : c == S_OPT_FILE ? "--file" : NULL;

	if (c == S_OPT_REMOVE) {
		o->remove = true;
		return 0;
	}
	if (!scope)
		return CLI_EXIT_USAGE;
	if (o->scope[0])
		return cli_usage_error("setup-git", "give one of --global, "
		                       "--system, --file");
	o->scope[0] = scope;
	o->scope[1] = c == S_OPT_FILE ? arg : NULL;
	return 0;
}

/*
 * Runs git with `args` (NULL-terminated, args[0] = "git"), stdin from
 * /dev/null; stdout into *out (malloc()ed, NUL-terminated) when out is not
 * NULL, else to our stderr; with quiet, git's stderr to /dev/null.
 * Returns git's exit status, or -1 when it did not run (message printed).
 */
static int s_git(char *const *args, char **out, size_t *outlen, bool quiet)
{
	int pfd[2] = { -1, -1 }, status;
	size_t len = 0, cap = 0;
	char *buf = NULL;
	pid_t pid;

	if (out && pipe2(pfd, O_CLOEXEC) < 0) {
		cli_error("setup-git: pipe: %s", strerror(errno));
		return -1;
	}
	fflush(stdout);
	if ((pid = fork()) < 0) {
		cli_error("setup-git: fork: %s", strerror(errno));
		if (out) {
			close(pfd[0]);
			close(pfd[1]);
		}
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_RDWR | O_CLOEXEC);

		dup2(out ? pfd[1] : STDERR_FILENO, STDOUT_FILENO);
		if (null >= 0) {
			dup2(null, STDIN_FILENO);
			if (quiet)
				dup2(null, STDERR_FILENO);
		}
		execvp(args[0], args);
		fprintf(stderr, "dagshub-auth setup-git: cannot run git: %s\n",
		        strerror(errno));
		_exit(127);
	}
	if (out) {
		close(pfd[1]);
		for (;;) {
			ssize_t n;

			if (cap - len < 4096) {
				char *nb = realloc(buf, cap + 65536);
				if (!nb)
					break;
				buf = nb;
				cap += 65536;
			}
			n = read(pfd[0], buf + len, cap - len - 1);
			if (n < 0 && errno == EINTR)
				continue;
			if (n <= 0)
				break;
			len += (size_t)n;
		}
		close(pfd[0]);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			free(buf);
			return -1;
		}
	if (out) {
		if (!buf && !(buf = malloc(1))) {
			cli_error("out of memory");
			return -1;
		}
		buf[len] = '\0';
		*out = buf;
		*outlen = len;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* git config <scope> ARGS...: builds the argv and runs it. */
static int s_git_config(const struct s_opts *o, const char *a1,
                        const char *a2, const char *a3, const char *a4,
                        char **out, size_t *outlen, bool quiet)
{
	const char *argv[10];
	size_t n = 0;

	argv[n++] = "git";
	argv[n++] = "config";
	argv[n++] = o->scope[0];
	if (o->scope[1])
		argv[n++] = o->scope[1];
	argv[n++] = a1;
	if (a2)
		argv[n++] = a2;
	if (a2 && a3)
		argv[n++] = a3;
	if (a2 && a3 && a4)
		argv[n++] = a4;
	argv[n] = NULL;
	return s_git((char *const *)argv, out, outlen, quiet);
}

/*
 * The helper git is told to run: git-credential-dagshub beside this
 * program, by its absolute path.  For `helper = dagshub` git starts `git
 * credential-dagshub`, a second git process, to start the helper, at
 * every request; an absolute path it runs itself (through sh -c, which
 * execs it), about 1 ms less per request (bench/RESULTS.md), and what
 * runs no longer depends on PATH.  When that file is the installed one,
 * the bindir spelling is written (it stays right when bindir is reached
 * through a symlink).  "dagshub" when there is no helper beside this
 * program, or when its path has a character the shell would read.
 * NULL when out of memory.
 */
static char *s_helper_value(void)
{
	static const char safe[] = "abcdefghijklmnopqrstuvwxyz"
	                           "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/._+-";
	char exe[4096], *slash, *path;
	struct stat here, inst;
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);

	if (n <= 0 || (size_t)n >= sizeof(exe) - 1)
		return strdup(S_HELPER);
	exe[n] = '\0';
	if (!(slash = strrchr(exe, '/')) || slash == exe)
		return strdup(S_HELPER);
	*slash = '\0';
	if (!(path = DH_JOIN(exe, "/" S_HELPER_FILE)))
		return NULL;
	if (stat(path, &here) != 0 || !S_ISREG(here.st_mode) ||
	    access(path, X_OK) != 0) {
		free(path);
		return strdup(S_HELPER);
	}
	if (stat(BINDIR "/" S_HELPER_FILE, &inst) == 0 &&
	    inst.st_dev == here.st_dev && inst.st_ino == here.st_ino) {
		free(path);
		if (!(path = strdup(BINDIR "/" S_HELPER_FILE)))
			return NULL;
	}
	if (path[0] != '/' || path[strspn(path, safe)] != '\0') {
		free(path);
		return strdup(S_HELPER);
	}
	return path;
}

/* Is the helper list of `key` exactly "", helper? */
static int s_is_set(const struct s_opts *o, const char *key,
                    const char *helper, bool *set, bool *any)
{
	char *out = NULL;
	size_t len = 0, hlen = strlen(helper);
	int rc = s_git_config(o, "-z", "--get-all", key, NULL, &out, &len,
	                      false);

	*set = *any = false;
	if (rc == 0) {
		*any = true;
		/* -z ends each value with a NUL: "" NUL helper NUL */
		*set = len == hlen + 2 && out[0] == '\0' &&
		       !memcmp(out + 1, helper, hlen + 1);
	} else if (rc != 1) { /* 1: no such key */
		free(out);
		return -1;
	}
	free(out);
	return 0;
}

/* Is any key left in section credential.<host>? */
static int s_section_used(const struct s_opts *o, const char *host,
                          bool *used)
{
	char *out = NULL, *prefix;
	size_t len = 0, plen;
	int rc = s_git_config(o, "-z", "--list", "--name-only", NULL, &out,
	                      &len, false);

	*used = false;
	if (rc != 0) {
		free(out);
		return rc == 1 ? 0 : -1;
	}
	if (asprintf(&prefix, "credential.%s.", host) < 0) {
		free(out);
		return -1;
	}
	plen = strlen(prefix);
	for (size_t i = 0; i < len; i += strlen(out + i) + 1)
		if (!strncmp(out + i, prefix, plen))
			*used = true;
	free(prefix);
	free(out);
	return 0;
}

/*
 * git lists a host's helpers in the order it reads the lines: a plain
 * credential.helper line further down the same file (a [credential]
 * section after ours) comes after our helper, and git then hands it
 * every token that worked (store): credential-store would keep the
 * DagsHub token in ~/.git-credentials.  git config cannot move a line,
 * so say which line it is and what to do.
 */
static void s_warn_later_helpers(const struct s_opts *o, const char *host,
                                 const char *key)
{
	char *out = NULL;
	size_t len = 0, after = 0;

	if (s_git_config(o, "-z", "--get-regexp", "^credential\\..*helper$",
	                 NULL, &out, &len, true) != 0) {
		free(out);
		return;
	}
	/* -z: each entry is "name\nvalue" and a NUL, in the file's order */
	for (size_t i = 0; i < len; i += strlen(out + i) + 1) {
		size_t kl = strlen(key);

		if (!strncmp(out + i, key, kl) && out[i + kl] == '\n')
			after = i + strlen(out + i) + 1;
	}
	for (size_t i = after; after && i < len; i += strlen(out + i) + 1)
		if (!strncmp(out + i, "credential.helper\n", 18) &&
		    out[i + 18] != '\0')
			cli_error("setup-git: warning: credential.helper = %s "
			          "comes after the lines for %s, so git still "
			          "hands that helper the token to keep; move the "
			          "[credential] section above [credential \"%s\"] "
			          "or remove that line", out + i + 18, host, host);
	free(out);
}

static int s_setup(const struct s_opts *o, const char *host,
                   const char *helper)
{
	char *key = NULL;
	bool set, any;
	int rc = CLI_EXIT_PROVIDER;

	if (asprintf(&key, "credential.%s.helper", host) < 0) {
		cli_error("out of memory");
		return CLI_EXIT_PROVIDER;
	}
	if (s_is_set(o, key, helper, &set, &any))
		goto fail;
	if (!o->remove) {
		if (set) {
			printf("%s: already set up\n", host);
		} else if (s_git_config(o, "--replace-all", key, "", NULL,
		                        NULL, NULL, false) != 0 ||
		           s_git_config(o, "--add", key, helper, NULL,
		                        NULL, NULL, false) != 0) {
			goto fail;
		} else {
			printf("%s: git asks dagshub-auth for the token\n", host);
		}
		s_warn_later_helpers(o, host, key);
	} else if (!any) {
		printf("%s: nothing to remove\n", host);
	} else {
		bool used;
		char *section = NULL;

		/* only our values: "", "dagshub" and the helper's path,
		 * wherever it was (5: none of them) */
		rc = s_git_config(o, "--unset-all", key, S_OURS, NULL, NULL,
		                  NULL, false);
		if ((rc != 0 && rc != 5) || s_section_used(o, host, &used))
			goto fail;
		/* An emptied section: recent gits drop it with its last key,
		 * older ones leave the header, which this takes out.  "No such
		 * section" is the usual answer, so git's stderr is not shown. */
		if (!used) {
			if (asprintf(&section, "credential.%s", host) < 0)
				goto fail;
			(void)s_git_config(o, "--remove-section", section, NULL,
			                   NULL, NULL, NULL, true);
			free(section);
		}
		printf("%s: removed\n", host);
	}
	free(key);
	return CLI_EXIT_OK;
fail:
	cli_error("setup-git: git config failed for %s (see above)", key);
	free(key);
	return CLI_EXIT_PROVIDER;
}

int cmd_setup_git(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "global", no_argument, NULL, S_OPT_GLOBAL },
		{ "system", no_argument, NULL, S_OPT_SYSTEM },
		{ "file", required_argument, NULL, S_OPT_FILE },
		{ "remove", no_argument, NULL, S_OPT_REMOVE },
		CLI_COMMON_LONGOPTS, { 0 }
	};
	struct s_opts o = { { NULL, NULL }, false };
	dagshub_auth *a = NULL;
	const char *h;
	char *helper;
	int rc;

	if ((rc = cli_parse(argc, argv, longopts, s_usage, s_own, &o)))
		return rc;
	if (!o.scope[0])
		o.scope[0] = "--global";
	cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
	if (!(helper = s_helper_value())) {
		cli_error("out of memory");
		return CLI_EXIT_PROVIDER;
	}
	if ((rc = cli_open(&a))) {
		free(helper);
		return rc;
	}
	if (cli_opts.host) {
		char *one = cli_host(a);

		if (!one) {
			cli_error("out of memory");
			rc = CLI_EXIT_PROVIDER;
		} else if (!cli_git_may_send(one)) {
			/* the helper would never answer there (as below) */
			cli_error("setup-git: %s: plain http to a host that is "
			          "not loopback: the helper never gives a token "
			          "there, so git is not pointed at it",
			          one);
			rc = CLI_EXIT_USAGE;
			free(one);
		} else {
			rc = s_setup(&o, one, helper);
			free(one);
		}
	} else {
		for (size_t i = 0; (h = dagshub_auth_host_at(a, i)); i++) {
			int r;

			if (!cli_git_may_send(h)) {
				/* allow_insecure_http: the helper would not
				 * answer there, so git is not pointed at it */
				printf("%s: skipped (plain http to a host that is not "
				       "loopback)\n", h);
				continue;
			}
			if ((r = s_setup(&o, h, helper)) && !rc)
				rc = r;
		}
	}
	dagshub_auth_close(a);
	free(helper);
	if (fflush(stdout) != 0 && !rc)
		rc = CLI_EXIT_PROVIDER;
	return rc;
}
