/*
 * cli/cmd_git_credential.c - the git credential helper:
 * `git-credential-dagshub get|store|erase` (git runs it for
 * `credential.helper = dagshub`) and `dagshub-auth git-credential OP`.
 *
 * The protocol (git-credential(1), gitcredentials(7)): git writes
 * `key=value` lines and an empty line (or EOF) on our stdin; for `get` we
 * answer with `key=value` lines on stdout.  Anything we print goes back
 * into git, so nothing with a newline ever reaches stdout, and git's
 * input is parsed strictly: a line without '=', with a NUL or a CR is
 * refused (git itself refuses such values; a helper seeing one is being
 * fed by something else).
 *
 * What each operation does:
 * - get: only for a host this configuration serves (dagshub_auth_host_at),
 *   over https or http to a loopback address; else nothing, exit 0, so
 *   git goes on to its next helper or its prompt.
 * - store: nothing.  The chain's tokens already live where they came
 *   from, and a password someone typed at git's prompt is never copied
 *   into the chain.
 * - erase: git sends it after any 401, also when a good token lacks
 *   access to one repository.  The server decides: the token is erased
 *   from the entry holding it only when GET /api/v1/user says 401/403.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "consumers.h"
#include "../providers/common/ascii.h" /* dh_cspan, dh_find: the common path */

static const char s_usage[] =
"Usage: dagshub-auth git-credential [-c FILE] [-v] get|store|erase\n"
"       git-credential-dagshub [-c FILE] [-v] get|store|erase\n"
"\n"
"The git credential helper (credential.helper = dagshub; set it up with\n"
"'dagshub-auth setup-git').  git writes the request on stdin.\n"
"  get    print username and password (the token) for a host this\n"
"         configuration serves (https, or http to loopback); nothing for\n"
"         any other host or when there is no token\n"
"  store  nothing: typed passwords are never copied into the chain\n"
"  erase  ask the server; erase the token only when it says 401/403\n"
"\n"
"The username is the DagsHub login when known, else the one git sent,\n"
"else the token itself.  A person is asked (OAuth) only when a terminal\n"
"is there, CI is not set and GIT_TERMINAL_PROMPT is not false as git\n"
"reads it (0, false, no, off, or empty).\n"
"\n"
"  -c, --config FILE     use FILE as the configuration\n"
"  -v, --verbose         show provider log lines on stderr\n";

/* Bounds on what git may send: far above any real request. */
#define S_MAX_LINE 65536
#define S_MAX_TOTAL (1024 * 1024)

struct s_request {
	char *protocol;
	char *host;
	char *path;
	char *username;
	char *password; /* a secret: wiped */
};

static void s_request_free(struct s_request *r)
{
	free(r->protocol);
	free(r->host);
	free(r->path);
	free(r->username);
	cli_free_secret(r->password);
}

static int s_bad_input(unsigned int line, const char *what)
{
	cli_error("git-credential: line %u of the request: %s", line, what);
	return CLI_EXIT_USAGE;
}

/* One line of the request (without its newline, NUL-terminated in
 * place): its key's value is kept in r.  0, or an exit code after a
 * message. */
static int s_request_line(struct s_request *r, char *line, size_t n,
                          unsigned int no)
{
	char **slot = NULL;
	char *eq;

	if (memchr(line, '\0', n))
		return s_bad_input(no, "a NUL byte");
	if (memchr(line, '\r', n))
		return s_bad_input(no, "a carriage return");
	if (!(eq = strchr(line, '=')) || eq == line)
		return s_bad_input(no, "not key=value");
	*eq = '\0';
	if (!strcmp(line, "protocol"))
		slot = &r->protocol;
	else if (!strcmp(line, "host"))
		slot = &r->host;
	else if (!strcmp(line, "path"))
		slot = &r->path;
	else if (!strcmp(line, "username"))
		slot = &r->username;
	else if (!strcmp(line, "password"))
		slot = &r->password;
	/* other keys (wwwauth[], capability[], ...) are git's to add */
	if (!slot)
		return 0;
	if (slot == &r->password)
		cli_free_secret(*slot);
	else
		free(*slot);
	if (!(*slot = strdup(eq + 1))) {
		cli_error("out of memory");
		return CLI_EXIT_PROVIDER;
	}
	return 0;
}

/* Reads git's request from fd: key=value lines up to an empty line or
 * the end.  read(2) into a buffer of our own, not stdio: git sends a
 * password line with store and erase, and stdio's buffer is one we
 * could not wipe.  Reads no further once the empty line is in (git keeps
 * the pipe open until we answer).  0, or an exit code after a message. */
static int s_read_request(struct s_request *r, int fd)
{
	/* git's requests are a few hundred bytes: a first buffer that shares
	 * its heap page with the rest of the start */
	size_t cap = 512, len = 0, start = 0;
	unsigned int no = 0;
	char *buf = malloc(cap), *nl;
	int rc = 0;
	bool eof = false;

	if (!buf) {
		cli_error("out of memory");
		return CLI_EXIT_PROVIDER;
	}
	for (;;) {
		ssize_t got;
		size_t n;

		/* every whole line in the buffer; at the end, the rest too */
		while ((nl = memchr(buf + start, '\n', len - start)) ||
		       (eof && start < len)) {
			char *line = buf + start;

			n = nl ? (size_t)(nl - line) : len - start;
			no++;
			if (n + 1 > S_MAX_LINE) {
				rc = s_bad_input(no, "too long");
				goto out;
			}
			line[n] = '\0';
			start += n + (nl != NULL);
			if (n == 0)
				goto out; /* the empty line ends the request */
			if ((rc = s_request_line(r, line, n, no)))
				goto out;
		}
		if (eof)
			break;
		if (len - start + 1 > S_MAX_LINE) {
			rc = s_bad_input(no + 1, "too long");
			break;
		}
		if (len == cap) {
			char *bigger;

			if (cap >= S_MAX_TOTAL) {
				rc = s_bad_input(no + 1, "too long");
				break;
			}
			/* not realloc: the old buffer is wiped before it goes */
			if (!(bigger = malloc(cap * 2))) {
				cli_error("out of memory");
				rc = CLI_EXIT_PROVIDER;
				break;
			}
			memcpy(bigger, buf, len);
			dh_wipe(buf, len);
			free(buf);
			buf = bigger;
			cap *= 2;
		}
		got = read(fd, buf + len, cap - len);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			cli_error("git-credential: reading the request: %s",
			          strerror(errno));
			rc = CLI_EXIT_USAGE;
			break;
		}
		if (got == 0)
			eof = true;
		len += (size_t)got;
	}
out:
	dh_wipe(buf, len); /* bytes past len never held anything */
	free(buf);
	return rc;
}

/* Length of "scheme://authority" of a normalised host URL. */
static size_t s_origin_len(const char *url)
{
	const char *p = dh_find(url, "://");

	if (!p)
		return strlen(url);
	p += 3;
	return (size_t)(p - url) + dh_cspan(p, "/");
}

/*
 * The served host git's request is for, malloc()ed, or NULL when this
 * configuration does not serve it.  A served host with a path prefix
 * (https://example.com/dagshub) matches when git sent a path under it
 * (credential.useHttpPath), the longest prefix winning; without a path
 * from git it matches only when no served host is the bare origin.
 */
static char *s_served_host(const dagshub_auth *a, const struct s_request *r)
{
	char *url, *origin = NULL;
	const char *bare = NULL, *under = NULL, *any_prefixed = NULL, *h;
	size_t under_len = 0;

	if (!r->protocol || !r->host || !*r->host ||
	    r->host[dh_cspan(r->host, "/@?#\\ ")])
		return NULL;
	if (strcmp(r->protocol, "https") &&
	    !(!strcmp(r->protocol, "http") && cli_loopback_authority(r->host)))
		return NULL;
	if (!(url = DH_JOIN(r->protocol, "://", r->host)))
		return NULL;
	if (dagshub_normalize_host(&origin, url) != DAGSHUB_OK)
		origin = NULL;
	free(url);
	if (!origin)
		return NULL;
	for (size_t i = 0; (h = dagshub_auth_host_at(a, i)); i++) {
		size_t ol = s_origin_len(h);
		const char *prefix = h + ol; /* "" or "/path" */
		size_t pl = strlen(prefix);

		if (strlen(origin) != ol || strncmp(h, origin, ol))
			continue;
		if (pl == 0) {
			if (!bare)
				bare = h;
		} else if (!r->path) {
			if (!any_prefixed)
				any_prefixed = h;
		} else if (!strncmp(r->path, prefix + 1, pl - 1) &&
		           (r->path[pl - 1] == '\0' || r->path[pl - 1] == '/') &&
		           pl > under_len) {
			under = h;
			under_len = pl;
		}
	}
	free(origin);
	h = under ? under : bare ? bare : any_prefixed;
	return h ? strdup(h) : NULL;
}

/*
 * May git prompt?  GIT_TERMINAL_PROMPT as git reads it (git_env_bool):
 * unset is true; true, yes, on and a non-zero integer (0x10, 1k) are
 * true; false, no, off, a zero integer (00, 0k) and the empty value are
 * false.  Anything else makes git die rather than prompt, so it is false
 * here too.
 */
static bool s_git_may_prompt(void)
{
	const char *v = getenv("GIT_TERMINAL_PROMPT");
	char *end;
	long long n;

	if (!v)
		return true;
	if (!strcasecmp(v, "true") || !strcasecmp(v, "yes") ||
	    !strcasecmp(v, "on"))
		return true;
	errno = 0;
	n = strtoll(v, &end, 0);
	if (end == v || errno == ERANGE ||
	    (*end && (end[1] || !strchr("kKmMgG", *end))))
		return false;
	return n != 0;
}

/*
 * Is a person there?  Our stdin is git's pipe, so the library's own test
 * (stdin and stderr are terminals) would always say no.  A person is
 * there when the controlling terminal can be opened, git may prompt
 * (s_git_may_prompt) and CI is not set; the request has been read, so the
 * terminal then takes stdin's place and the library sees it.
 */
static bool s_person_there(void)
{
	const char *ci = getenv("CI");
	int fd;

	if (!s_git_may_prompt() || (ci && *ci))
		return false;
	fd = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC);
	if (fd < 0)
		return false;
	if (fd != STDIN_FILENO) {
		if (dup2(fd, STDIN_FILENO) < 0) {
			close(fd);
			return false;
		}
		close(fd);
	}
	return true;
}

/* A value safe to hand to git: no control character, no space. */
static bool s_clean(const char *s)
{
	return s && *s && !cli_has_control(s) && !strchr(s, ' ');
}

static int s_get(dagshub_auth *a, const char *host, const struct s_request *r)
{
	dagshub_token *tok = NULL;
	const char *user;
	int rc = dagshub_get_token(&tok, a, host);

	if (rc != DAGSHUB_OK) {
		/* No token: git goes on (its next helper, its prompt).  Say why
		 * only when asked to (-v): git runs us on every request. */
		if (cli_opts.flags & DAGSHUB_AUTH_VERBOSE)
			cli_library_error(a, rc);
		return rc == DAGSHUB_ENOTOKEN || rc == DAGSHUB_EUNAVAILABLE
		       ? CLI_EXIT_OK : cli_exit_code(rc);
	}
	if (!s_clean(tok->value)) {
		cli_error("the token from entry %zu (%s) has a space or a control "
		          "character; not giving it to git", tok->entry + 1,
		          tok->source);
		dagshub_token_free(tok);
		return CLI_EXIT_PROVIDER;
	}
	user = cli_token_login(tok);
	if (!user && r->username && *r->username &&
	    !cli_has_control(r->username))
		user = r->username;
	if (!user)
		user = tok->value;
	{
		char expiry[64] = "";
		const char *out[] = { "username=", user, "\npassword=",
		                      tok->value, "\n", expiry, NULL };

		if (tok->expires_us > 0)
			snprintf(expiry, sizeof(expiry),
			         "password_expiry_utc=%lld\n",
			         (long long)(tok->expires_us / 1000000));
		rc = cli_write_secret(out);
	}
	dagshub_token_free(tok);
	if (rc != 0) {
		cli_error("git-credential: cannot write to git");
		return CLI_EXIT_PROVIDER;
	}
	return CLI_EXIT_OK;
}

/*
 * The walk of `erase` may itself have found a token rejected (its
 * remembered validation had run out): the chain then erased it and went
 * on, and git's password is no longer the chain's answer.  Pass on what
 * the chain says it did (the trace does not name the token).
 */
static void s_report_walk_rejection(const dagshub_auth *a)
{
	for (size_t i = 0; i < dagshub_auth_trace_count(a); i++) {
		const dagshub_trace *t = dagshub_auth_trace_at(a, i);

		if (t->validation && !strncmp(t->validation, "rejected", 8))
			cli_error("entry %zu (%s): %s", i + 1, t->module,
			          t->validation);
	}
}

static int s_erase(dagshub_auth *a, const char *host, const struct s_request *r)
{
	dagshub_token *tok = NULL;
	char *login = NULL;
	long status = 0;
	size_t erased = 0;
	int rc;

	if (!r->password || !*r->password)
		return CLI_EXIT_OK;
	/* Whose token is it?  Only the one the chain gives now is ours. */
	if (dagshub_get_token(&tok, a, host) != DAGSHUB_OK ||
	    strcmp(tok->value, r->password)) {
		s_report_walk_rejection(a);
		dagshub_token_free(tok);
		return CLI_EXIT_OK;
	}
	rc = dagshub_validate_token(a, host, tok->value, &status, &login);
	if (rc == DAGSHUB_OK) {
		cli_error("%s accepts the token (user %s), so it is kept: the "
		          "refusal was for this repository only (no access?)",
		          host, login && !cli_has_control(login) ? login : "?");
		rc = CLI_EXIT_OK;
	} else if (rc != DAGSHUB_EREJECTED) {
		cli_error("could not ask %s whether the token is still good, so "
		          "it is kept: %s", host, dagshub_auth_last_error(a));
		rc = CLI_EXIT_OK;
	} else if (!strcmp(tok->source, "env")) {
		cli_error("%s rejected the token from the environment "
		          "(DAGSHUB_USER_TOKEN, HTTP %ld); it is not erased: unset "
		          "or replace it", host, status);
		rc = CLI_EXIT_OK;
	} else if (dagshub_erase_tokens(a, host, tok->value, tok->source,
	                                &erased) != DAGSHUB_OK) {
		cli_error("%s rejected the token (HTTP %ld) but it could not be "
		          "erased from entry %zu (%s): %s", host, status,
		          tok->entry + 1, tok->source, dagshub_auth_last_error(a));
		rc = CLI_EXIT_PROVIDER;
	} else {
		cli_error("%s rejected the token (HTTP %ld); erased it from entry "
		          "%zu (%s)%s", host, status, tok->entry + 1, tok->source,
		          erased ? "" : " (it was no longer there)");
		rc = CLI_EXIT_OK;
	}
	free(login);
	dagshub_token_free(tok);
	return rc;
}

int cmd_git_credential(int argc, char **argv)
{
	static const struct option longopts[] = { CLI_COMMON_LONGOPTS, { 0 } };
	struct s_request req = { 0 };
	dagshub_auth *a = NULL;
	char *host = NULL;
	const char *op;
	int c, rc;

	optind = 1;
	/* git runs a helper as `git-credential-dagshub OP`: nothing for
	 * getopt_long to do, and its first call costs a start a page of libc
	 * (a fault, about 2 us) on the path git takes for every operation */
	if (argc != 2 || argv[1][0] == '-')
		while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS,
		                        longopts, NULL)) != -1)
			cli_common_option(c, s_usage);
	if (optind + 1 != argc)
		return cli_usage_error(argv[0], optind >= argc
		                       ? "which operation? get, store or erase"
		                       : "one operation only");
	op = argv[optind];
	/* gitcredentials(7): a helper ignores operations it does not know. */
	if (strcmp(op, "get") && strcmp(op, "store") && strcmp(op, "erase"))
		return CLI_EXIT_OK;
	if ((rc = s_read_request(&req, STDIN_FILENO)))
		goto out;
	if (!strcmp(op, "store"))
		goto out; /* see the top of this file */
	if (strcmp(op, "get") || !s_person_there())
		cli_opts.flags |= DAGSHUB_AUTH_NON_INTERACTIVE;
	if ((rc = cli_open(&a)))
		goto out;
	if (!(host = s_served_host(a, &req))) {
		if (cli_opts.flags & DAGSHUB_AUTH_VERBOSE)
			cli_error("git-credential: %s://%s is not a host this "
			          "configuration serves", req.protocol ? req.protocol
			          : "?", req.host ? req.host : "?");
		goto out;
	}
	rc = !strcmp(op, "get") ? s_get(a, host, &req) : s_erase(a, host, &req);
out:
	free(host);
	dagshub_auth_close(a);
	s_request_free(&req);
	return rc;
}
