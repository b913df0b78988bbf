/*
 * core/validate.c - is this token good for this host?  (DESIGN.md,
 * "Check".)
 *
 * Asking: GET {host}/api/v1/user with the token as Bearer.  Good only on
 * 200 with a JSON object holding both `login` and `username` (what the
 * Python client checks).  401/403 is a rejection: the chain erases the
 * token.  Anything else (no connection, timeout, 5xx, a 200 that is not
 * the API's answer, a refused URL) is "unknown": the token is kept,
 * because a network failure must never destroy a credential.
 *
 * Remembering: a good answer is written to <state dir>/validated as
 *
 *     <hex SHA-256(host "\n" token)> <unix seconds> <login or ->
 *
 * one line per token, so later processes within validate_ttl make no
 * request and never load libcurl.  The token itself is not written
 * anywhere new.  The file is 0600 in the 0700 state folder, rewritten
 * whole (temporary file + rename) on each change, holds at most
 * S_MAX_LINES lines, and loses lines older than the TTL.  Two processes
 * writing at once may lose one line: that only costs one extra request
 * later, so there is no lock.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/policy.h"
#include "http_glue.h"
#include "sha256.h"

#define S_MEMO_FILE "validated"
#define S_MAX_LINES 64
#define S_MAX_FILE (S_MAX_LINES * 512)
#define S_MAX_LOGIN 128

typedef struct s_memo_line {
	char hash[DH_SHA256_HEX_SIZE];
	long long when;
	char login[S_MAX_LOGIN];
} s_memo_line;

_Static_assert(S_MAX_LOGIN == 128, "the sscanf width in s_memo_read");

static void s_key(char out[DH_SHA256_HEX_SIZE], const char *host,
                  const char *token)
{
	dh_sha256_ctx c;
	uint8_t d[DH_SHA256_SIZE];

	dh_sha256_init(&c);
	dh_sha256_update(&c, host, strlen(host));
	dh_sha256_update(&c, "\n", 1);
	dh_sha256_update(&c, token, strlen(token));
	dh_sha256_final(d, &c);
	dh_sha256_hex(out, d);
}

/* A login as stored: DagsHub logins are [A-Za-z0-9._-]; anything else is
 * not written (the file stays one line per entry, three fields). */
static bool s_login_ok(const char *s)
{
	size_t n = 0;

	for (; s && s[n]; n++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		            "0123456789._-", s[n]))
			return false;
	return n > 0 && n < S_MAX_LOGIN;
}

static char *s_memo_path(struct dagshub_auth *a)
{
	char *why = NULL;
	const char *d = dh_state_dir(a, &why);

	free(why); /* no state folder: nothing remembered, checks still work */
	return d ? dh_asprintf("%s/%s", d, S_MEMO_FILE) : NULL;
}

/* Reads the memo (at most S_MAX_LINES well-formed lines).  A file that is
 * not ours, or is writable by others, is ignored: it could vouch for any
 * token. */
static size_t s_memo_read(s_memo_line *lines, const char *path)
{
	char buf[S_MAX_FILE + 1], *p, *nl, *why = NULL;
	struct stat st;
	size_t n = 0;
	ssize_t got;
	size_t len = 0;
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0)
		return 0;
	if (fstat(fd, &st) != 0 ||
	    dh_check_trusted_stat(&st, path, "validation memory", &why) != 0 ||
	    (st.st_mode & 044)) {
		free(why);
		close(fd);
		return 0;
	}
	while (len < S_MAX_FILE &&
	       (got = read(fd, buf + len, S_MAX_FILE - len)) > 0)
		len += (size_t)got;
	close(fd);
	buf[len] = '\0';
	for (p = buf; n < S_MAX_LINES && (nl = strchr(p, '\n')); p = nl + 1) {
		s_memo_line *l = &lines[n];

		*nl = '\0';
		/* 127: S_MAX_LOGIN - 1 (checked by the static assert above) */
		if (sscanf(p, "%64[0-9a-f] %lld %127s", l->hash, &l->when,
		           l->login) == 3 &&
		    strlen(l->hash) == 64)
			n++;
	}
	return n;
}

static bool s_fresh(const s_memo_line *l, long long now, long long ttl)
{
	return l->when <= now && now - l->when < ttl;
}

/* Writes lines to the memo: a temporary file (mkstemp: 0600, O_EXCL, so a
 * planted symlink is never followed) renamed over the old one. */
static void s_memo_write(const char *path, const s_memo_line *lines,
                         size_t n)
{
	char *tmp = dh_asprintf("%s.XXXXXX", path);
	FILE *f;
	int fd;

	if (!tmp)
		return;
	if ((fd = mkstemp(tmp)) < 0)
		goto out;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		goto out;
	}
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s %lld %s\n", lines[i].hash, lines[i].when,
		        lines[i].login);
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
out:
	free(tmp);
}

/* Rewrites the memo without `key` and without stale lines, then adds
 * `add` (if not NULL) as the newest line. */
static void s_memo_update(struct dagshub_auth *a, const char *key,
                          const s_memo_line *add)
{
	s_memo_line *lines = calloc(S_MAX_LINES + 1, sizeof(*lines));
	long long now = dh_now_us(a) / 1000000;
	char *path = s_memo_path(a);
	size_t n, kept = 0;
	bool changed = add != NULL;

	if (!lines || !path)
		goto out;
	n = s_memo_read(lines, path);
	for (size_t i = 0; i < n; i++) {
		if (!strcmp(lines[i].hash, key) ||
		    !s_fresh(&lines[i], now, a->validate_ttl)) {
			changed = true;
			continue;
		}
		lines[kept++] = lines[i];
	}
	if (add) {
		/* full: drop the oldest (the first) */
		if (kept == S_MAX_LINES)
			memmove(lines, lines + 1, --kept * sizeof(*lines));
		lines[kept++] = *add;
	}
	if (changed)
		s_memo_write(path, lines, kept);
out:
	free(lines);
	free(path);
}

static bool s_memo_lookup(struct dagshub_auth *a, const char *key,
                          long long *age, char **login)
{
	s_memo_line *lines = calloc(S_MAX_LINES, sizeof(*lines));
	long long now = dh_now_us(a) / 1000000;
	char *path = s_memo_path(a);
	bool found = false;
	size_t n;

	if (!lines || !path)
		goto out;
	n = s_memo_read(lines, path);
	for (size_t i = n; i-- > 0;) {
		if (strcmp(lines[i].hash, key) != 0)
			continue;
		if (s_fresh(&lines[i], now, a->validate_ttl)) {
			found = true;
			*age = now - lines[i].when;
			if (strcmp(lines[i].login, "-") != 0)
				*login = dh_strdup(lines[i].login);
		}
		break;
	}
out:
	free(lines);
	free(path);
	return found;
}

static void s_memo_remember(struct dagshub_auth *a, const char *key,
                            const char *login)
{
	s_memo_line l = { .when = dh_now_us(a) / 1000000 };

	if (a->validate_ttl <= 0)
		return;
	memcpy(l.hash, key, sizeof(l.hash));
	snprintf(l.login, sizeof(l.login), "%s", s_login_ok(login) ? login : "-");
	s_memo_update(a, key, &l);
}

void dh_validate_vouch(struct dagshub_auth *a, const char *host,
                       const char *token, const char *login)
{
	char key[DH_SHA256_HEX_SIZE];

	s_key(key, host, token);
	s_memo_remember(a, key, login);
}

void dh_validate_forget(struct dagshub_auth *a, const char *host,
                        const char *token)
{
	char key[DH_SHA256_HEX_SIZE];

	s_key(key, host, token);
	s_memo_update(a, key, NULL);
}

/*
 * Asks the server.  *status is the HTTP status (0 when none arrived);
 * *login the login on GOOD; *why says what happened when not GOOD.
 */
static dh_validity s_ask(struct dagshub_auth *a, const char *host,
                         const char *token, long *status, char **login,
                         char **why)
{
	dagshub_http_request req = { .struct_size = sizeof(req) };
	dagshub_http_response resp = { 0 };
	const dh_http_module_ops *ops;
	char *url = dh_asprintf("%s/api/v1/user", host), *pwhy = NULL;
	dh_validity v = DH_VALID_UNKNOWN;

	*status = 0;
	*login = *why = NULL;
	if (!url) {
		*why = dh_strdup("out of memory");
		return v;
	}
	req.method = "GET";
	req.url = url;
	req.bearer_token = token;
	if (dh_http(a, &req, &resp, why) != 0)
		goto out;
	*status = resp.status;
	if (resp.status == 401 || resp.status == 403) {
		v = DH_VALID_REJECTED;
		*why = dh_asprintf("%s refused it (HTTP %ld)", host, resp.status);
	} else if (resp.status != 200) {
		*why = dh_asprintf("%s answered HTTP %ld", host, resp.status);
	} else if (!(ops = dh_http_module(a, why))) {
		/* loaded already: dh_http() just used it */
	} else if (ops->parse_user(login, resp.body, resp.body_len, &pwhy) != 0) {
		*why = dh_asprintf("%s answered 200 but %s; is this a DagsHub "
		                   "host?", host, pwhy ? pwhy : "not as expected");
	} else {
		v = DH_VALID_GOOD;
	}
out:
	free(pwhy);
	free(url);
	dh_http_response_clear(&resp);
	return v;
}

dh_validity dh_validate(struct dagshub_auth *a, const char *host,
                        const char *token, char **note, char **username)
{
	char key[DH_SHA256_HEX_SIZE], *why = NULL, *login = NULL;
	long long age = 0;
	long status;
	dh_validity v;

	*note = *username = NULL;
	s_key(key, host, token);
	if (a->validate_ttl > 0 && s_memo_lookup(a, key, &age, &login)) {
		*username = login;
		*note = dh_asprintf("valid (checked %lld s ago; remembered for "
		                    "validate_ttl = %lld s)", age, a->validate_ttl);
		return DH_VALID_GOOD;
	}
	v = s_ask(a, host, token, &status, &login, &why);
	switch (v) {
	case DH_VALID_GOOD:
		s_memo_remember(a, key, login);
		*note = dh_asprintf("valid: checked now, %s says it is %s's", host,
		                    login);
		*username = login;
		login = NULL;
		break;
	case DH_VALID_REJECTED:
		*note = dh_asprintf("rejected: %s; erased from this entry",
		                    why ? why : "refused");
		break;
	case DH_VALID_UNKNOWN:
		*note = dh_asprintf("could not be checked: %s; the token is kept "
		                    "and used", why ? why : "out of memory");
		break;
	}
	free(why);
	free(login);
	return v;
}

DH_API int dagshub_validate_token(dagshub_auth *a, const char *host,
                                  const char *token, long *http_status,
                                  char **username)
{
	char *h = NULL, *why = NULL, *login = NULL, key[DH_SHA256_HEX_SIZE];
	long status = 0;
	dh_validity v;
	int rc;

	if (http_status)
		*http_status = 0;
	if (username)
		*username = NULL;
	if (!a)
		return DAGSHUB_EINVAL;
	if (!token || !*token)
		return dh_set_error(a, DAGSHUB_EINVAL, "no token to validate");
	if ((rc = dh_token_check(token, &why)) != 0) {
		/* Never sent: a value that is not a token could inject a
		 * header line. */
		rc = why ? dh_set_error(a, rc, "%s", why) : rc;
		free(why);
		return rc;
	}
	if ((rc = dh_resolve_host(a, host, &h)) != 0)
		goto out;
	/* What the caller must fix (EINVAL), before any request: a URL the
	 * policy refuses, a bad DAGSHUB_HTTP_TIMEOUT. */
	{
		char *url = dh_asprintf("%s/api/v1/user", h);
		long ms;
		int bad = !url || dh_url_check(url, a->allow_insecure_http,
		                               &why) != 0 ||
		          dh_http_timeout_ms(&ms, &why) != 0;

		free(url);
		if (bad) {
			rc = dh_set_error(a, DAGSHUB_EINVAL, "the token cannot be "
			                  "checked with %s: %s", h,
			                  why ? why : "out of memory");
			goto out;
		}
	}
	v = s_ask(a, h, token, &status, &login, &why);
	if (http_status)
		*http_status = status;
	switch (v) {
	case DH_VALID_GOOD:
		s_key(key, h, token);
		s_memo_remember(a, key, login);
		if (username) {
			*username = login;
			login = NULL;
		}
		dh_clear_error(a);
		rc = DAGSHUB_OK;
		break;
	case DH_VALID_REJECTED:
		rc = dh_set_error(a, DAGSHUB_EREJECTED, "the token was rejected "
		                  "by %s (HTTP %ld)", h, status);
		break;
	default:
		rc = dh_set_error(a, DAGSHUB_ENETWORK, "the token could not be "
		                  "checked with %s: %s", h,
		                  why ? why : "out of memory");
		break;
	}
out:
	free(h);
	free(why);
	free(login);
	return rc;
}
