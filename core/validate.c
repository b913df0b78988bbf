/*
 * core/validate.c - is this token good for this host?  (validate and
 * validate_ttl in dagshub-auth.conf(5).)
 *
 * Asking: GET {host}/api/v1/user with the token as Bearer.  Good only on
 * 200 with a JSON object holding both `login` and `username` (what the
 * Python client checks).  401/403 is a rejection: the chain erases the
 * token.  Anything else (no connection, timeout, 5xx, a 200 that is not
 * the API's answer, a refused URL) is "unknown": the token is kept,
 * because a network failure must never destroy a credential.
 *
 * Remembering (the "validation memory"): answers are written to
 * <state dir>/validated, one line per (host, token):
 *
 *     <key> <unix seconds> <login or ->      good, for validate_ttl
 *     ?<key> <unix seconds> <HTTP status>    could not reach the server
 *                                            (no answer: status 0, or a
 *                                            5xx), for validate_retry
 *     x<key> <unix seconds> <HTTP status>    rejected, for S_REJECTED_KEEP_S,
 *                                            or until the token is stored
 *                                            again (store.c)
 *
 * where <key> is the hex SHA-256 of host "\n" token.  Later processes
 * within those windows make no request and never load libcurl.  The token
 * itself is not written anywhere new.  Lines of the two newer kinds start
 * with a byte older readers do not take for a key, so an older version
 * sharing the folder skips them (and never mistakes them for "good").
 * The file is 0600 in the 0700 state folder, rewritten whole (temporary
 * file + rename) under an exclusive lock on <state dir>/validated.lock,
 * so two writers never lose each other's lines; readers need no lock.
 * It holds at most S_MAX_LINES lines.
 *
 * Coalescing: when the memory has no answer, the check is single-flight
 * across processes per (host, token): each process tries a non-blocking
 * flock() on <state dir>/validating-<key prefix>.lock.  The one that gets
 * it reads the memory once more, asks, writes the answer, then removes the
 * lock file and lets go.  The others wait for the lock, bounded by the same
 * DAGSHUB_HTTP_TIMEOUT the asking process has (plus S_WAIT_SLACK_MS), and
 * read its answer from the memory; one that waited in vain is told
 * "unknown" (the token is kept and used), never made to wait longer.
 * Without a state folder nothing is remembered or shared; checks still
 * work.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "http/policy.h"
#include "http_glue.h"
#include "sha256.h"

#define S_MEMO_FILE "validated"
#define S_MEMO_LOCK "validated.lock"
#define S_KEY_LOCK_PREFIX "validating-"
#define S_KEY_LOCK_HEX 32          /* of the key's 64, in the lock's name */
#define S_MAX_LINES 64
#define S_MAX_FILE (S_MAX_LINES * 512)
#define S_MAX_LOGIN 128
/* A rejection is remembered only long enough for the processes that were
 * waiting on the same check to share it. */
#define S_REJECTED_KEEP_S 30
/* How long a writer waits for the memory's lock.  A rewrite of a few KiB
 * takes a millisecond, but dozens of processes may queue for it (a
 * parallel build on a loaded machine); this is only a bound for a holder
 * that is stuck (stopped), and writes are never on the common path. */
#define S_MEMO_LOCK_MS 10000
/* Waiting processes give the asking one this much beyond its timeout to
 * write its answer. */
#define S_WAIT_SLACK_MS 250

/* Kinds of line (the first byte of a line, see the top of the file). */
enum { S_GOOD = 0, S_UNREACHABLE = '?', S_REJECTED = 'x' };

typedef struct s_memo_line {
	int kind;                  /* S_GOOD, S_UNREACHABLE, S_REJECTED */
	char hash[DH_SHA256_HEX_SIZE];
	long long when;
	char login[S_MAX_LOGIN];   /* login or "-"; the HTTP status otherwise */
} s_memo_line;

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
	return d ? DH_JOIN(d, "/" S_MEMO_FILE) : NULL;
}

/* The memo file's name for a lookup, without the state folder's walk
 * (four or five stat calls, on every start that uses a kept token).
 * s_memo_text takes only a file that is ours (or root's), not a link,
 * and neither writable nor readable by others, checked on the
 * descriptor: someone who controls a folder above can move such files
 * but cannot write one, and a file of ours only vouches for checks we
 * made, each for its window.  Everything that writes in the folder (the
 * memo, the single-flight locks) goes through dh_state_dir(). */
static char *s_memo_lookup_path(void)
{
	char *d = dh_state_path(NULL), *path;

	if (!d)
		return NULL;
	path = DH_JOIN(d, "/" S_MEMO_FILE);
	free(d);
	return path;
}

/* Reads the memo file into a malloc()ed NUL-terminated buffer sized to
 * it (at most S_MAX_FILE bytes), or NULL.  A file that is not ours, or is
 * writable or readable by others, is ignored: it could vouch for any
 * token. */
static char *s_memo_text(const char *path)
{
	char *buf = NULL, *why = NULL;
	struct stat st;
	size_t len = 0, size;
	ssize_t got;
	/* O_NONBLOCK: the lookup skips the folder walk, so a FIFO planted
	 * here must not hang the run in open(); it is then refused as not a
	 * regular file */
	int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
	                    O_NOCTTY);

	if (fd < 0)
		return NULL;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    dh_check_trusted_stat(&st, path, "validation memory", &why) != 0 ||
	    (st.st_mode & 044)) {
		free(why);
		close(fd);
		return NULL;
	}
	/* sized to the file, not to S_MAX_FILE: the common read touches no
	 * fresh memory (a 32 KiB buffer cost page faults at every start) */
	size = st.st_size < S_MAX_FILE ? (size_t)st.st_size : S_MAX_FILE;
	if ((buf = malloc(size + 1)))
		while (len < size &&
		       (got = read(fd, buf + len, size - len)) > 0)
			len += (size_t)got;
	close(fd);
	if (buf)
		buf[len] = '\0';
	return buf;
}

/* One line of the memo after its kind mark: 64 hex digits (lower case),
 * blanks, the time (a decimal integer), blanks, the login (1 to
 * S_MAX_LOGIN - 1 characters, no blank); anything after a further blank
 * is left for later versions.  (Parsed by hand, not with sscanf: this is
 * on the common path, and scanf's engine is a part of libc it would
 * fault in for this line alone.) */
static bool s_memo_parse(const char *line, s_memo_line *l)
{
	const char *p = line;
	long long when;
	size_t n;
	bool neg;

	n = dh_span(p, "0123456789abcdef");
	if (n != DH_SHA256_HEX_SIZE - 1 || (p[n] != ' ' && p[n] != '\t'))
		return false;
	memcpy(l->hash, p, n);
	l->hash[n] = '\0';
	p += n;
	p += dh_span(p, " \t");
	/* the time: an optional '-' and 1 to 18 digits (no strtoll, whose
	 * code and locale tables would be faulted in for this alone) */
	neg = *p == '-';
	p += neg;
	n = dh_span(p, "0123456789");
	if (n == 0 || n > 18 || (p[n] != ' ' && p[n] != '\t'))
		return false;
	/* summed only once the count is known: 19 digits or more would
	 * overflow a long long */
	when = 0;
	for (size_t i = 0; i < n; i++)
		when = when * 10 + (p[i] - '0');
	l->when = neg ? -when : when;
	p += n;
	p += dh_span(p, " \t");
	n = dh_cspan(p, " \t\r");
	if (n == 0 || n >= S_MAX_LOGIN)
		return false;
	memcpy(l->login, p, n);
	l->login[n] = '\0';
	return true;
}

/* The next well-formed line of the memo text at *p (moved past it) into
 * *l; false at the end.  A line that is not well-formed is skipped. */
static bool s_memo_next(char **p, s_memo_line *l)
{
	char *nl;

	while ((nl = strchr(*p, '\n'))) {
		char *line = *p;

		*nl = '\0';
		*p = nl + 1;
		l->kind = S_GOOD;
		if (*line == S_UNREACHABLE || *line == S_REJECTED)
			l->kind = *line++;
		if (s_memo_parse(line, l))
			return true;
	}
	return false;
}

/* Reads the memo (at most S_MAX_LINES well-formed lines) into lines. */
static size_t s_memo_read(s_memo_line *lines, const char *path)
{
	char *text = s_memo_text(path), *p = text;
	size_t n = 0;

	while (p && n < S_MAX_LINES && s_memo_next(&p, &lines[n]))
		n++;
	free(text);
	return n;
}

/* How long a line of this kind is believed. */
static long long s_window(const struct dagshub_auth *a, int kind)
{
	switch (kind) {
	case S_GOOD:
		return a->validate_ttl;
	case S_UNREACHABLE:
		return a->validate_retry;
	default:
		return a->validate_ttl > 0 ? S_REJECTED_KEEP_S : 0;
	}
}

static bool s_fresh(const struct dagshub_auth *a, const s_memo_line *l,
                    long long now)
{
	long long w = s_window(a, l->kind);

	return l->when <= now && now - l->when < w;
}

/*
 * Opens (creating it 0600) a lock file in the state folder and takes an
 * exclusive flock() on it, trying without blocking first, then every few
 * milliseconds until wait_ms have passed.  Returns the descriptor, or -1
 * (could not open it, or it is not ours: then nothing is shared) or -2
 * (still held by another process after wait_ms).  *waited says whether it
 * was held by another process at first.
 */
static int s_lock(const char *path, int64_t wait_ms, long nap_max_ms,
                  bool *waited)
{
	int fd = open(path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
	int64_t end = dh_monotonic_ms() + wait_ms;
	struct timespec nap = { 0, 1000000L };
	struct stat st;
	char *why = NULL;

	*waited = false;
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    dh_check_trusted_stat(&st, path, "lock file", &why) != 0) {
		free(why);
		close(fd);
		return -1;
	}
	while (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			close(fd);
			return -1;
		}
		*waited = true;
		if (dh_monotonic_ms() >= end) {
			close(fd);
			return -2;
		}
		nanosleep(&nap, NULL);
		if (nap.tv_nsec < nap_max_ms * 1000000L)
			nap.tv_nsec += 1000000L;
	}
	return fd;
}

/* Lets go of a key lock, removing its file first when it is still the one
 * at `path` (so the folder does not fill with them; a process that opened
 * it already holds the same inode and simply finds the answer). */
static void s_unlock_remove(int fd, const char *path)
{
	struct stat a, b;

	if (fd < 0)
		return;
	if (path && fstat(fd, &a) == 0 && stat(path, &b) == 0 &&
	    a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		unlink(path);
	close(fd); /* releases the flock */
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
	for (size_t i = 0; i < n; i++) {
		if (lines[i].kind != S_GOOD)
			fputc(lines[i].kind, f);
		fprintf(f, "%s %lld %s\n", lines[i].hash, lines[i].when,
		        lines[i].login);
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
out:
	free(tmp);
}

/* Rewrites the memo without `key`'s lines (only its rejections, with
 * `rejections_only`) and without stale lines, then adds `add` (if not
 * NULL) as the newest line; under the memory's lock, so concurrent writers
 * never lose each other's lines. */
static void s_memo_update(struct dagshub_auth *a, const char *key,
                          bool rejections_only, const s_memo_line *add)
{
	s_memo_line *lines = calloc(S_MAX_LINES + 1, sizeof(*lines));
	long long now;
	char *path = s_memo_path(a), *lpath = NULL;
	size_t n, kept = 0;
	bool changed = add != NULL, waited;
	int lock = -1;

	if (!lines || !path || !(lpath = dh_asprintf("%s.lock", path)))
		goto out;
	if ((lock = s_lock(lpath, S_MEMO_LOCK_MS, 3, &waited)) == -2)
		goto out; /* a writer is stuck: skip (costs a request later) */
	/* The time after the wait: a line another writer added meanwhile
	 * must not look as if it came from the future (and be dropped). */
	now = dh_now_us(a) / 1000000;
	n = s_memo_read(lines, path);
	for (size_t i = 0; i < n; i++) {
		if ((!strcmp(lines[i].hash, key) &&
		     (!rejections_only || lines[i].kind == S_REJECTED)) ||
		    !s_fresh(a, &lines[i], now)) {
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
	if (lock >= 0)
		close(lock);
	free(lines);
	free(path);
	free(lpath);
}

/* What the memory says about a key. */
typedef struct s_memo_hit {
	int kind;
	long long when;
	long long age;
	long status;     /* S_UNREACHABLE, S_REJECTED */
	char *login;     /* S_GOOD, when known; malloc()ed */
} s_memo_hit;

static bool s_memo_lookup(struct dagshub_auth *a, const char *key,
                          s_memo_hit *hit)
{
	long long now = dh_now_us(a) / 1000000;
	char *path = s_memo_lookup_path(), *text = NULL, *p;
	s_memo_line l, last;
	bool seen = false, found = false;
	size_t n = 0;

	memset(hit, 0, sizeof(*hit));
	if (!path || !(text = s_memo_text(path)))
		goto out;
	/* The newest line for the key (the last one, among the lines
	 * s_memo_read would keep) decides, fresh or not. */
	for (p = text; n < S_MAX_LINES && s_memo_next(&p, &l); n++)
		if (!strcmp(l.hash, key)) {
			last = l;
			seen = true;
		}
	if (seen && s_fresh(a, &last, now)) {
		found = true;
		hit->kind = last.kind;
		hit->when = last.when;
		hit->age = now - last.when;
		if (last.kind != S_GOOD)
			hit->status = strtol(last.login, NULL, 10);
		else if (strcmp(last.login, "-") != 0)
			hit->login = dh_strdup(last.login);
	}
out:
	free(text);
	free(path);
	return found;
}

static void s_memo_remember(struct dagshub_auth *a, const char *key,
                            const char *login)
{
	s_memo_line l = { .kind = S_GOOD, .when = dh_now_us(a) / 1000000 };

	if (a->validate_ttl <= 0)
		return;
	memcpy(l.hash, key, sizeof(l.hash));
	snprintf(l.login, sizeof(l.login), "%s", s_login_ok(login) ? login : "-");
	s_memo_update(a, key, false, &l);
}

/* Remembers a failed check (S_UNREACHABLE) or a rejection (S_REJECTED). */
static void s_memo_remember_failure(struct dagshub_auth *a, const char *key,
                                    int kind, long status)
{
	s_memo_line l = { .kind = kind, .when = dh_now_us(a) / 1000000 };

	if (s_window(a, kind) <= 0)
		return;
	memcpy(l.hash, key, sizeof(l.hash));
	snprintf(l.login, sizeof(l.login), "%ld", status);
	s_memo_update(a, key, false, &l);
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
	s_memo_update(a, key, false, NULL);
}

void dh_validate_forget_rejection(struct dagshub_auth *a, const char *host,
                                  const char *token)
{
	char key[DH_SHA256_HEX_SIZE];
	s_memo_hit hit;
	bool rejected;

	s_key(key, host, token);
	/* Read first: most stores find nothing to drop, and then neither
	 * take the memory's lock nor create its files. */
	if (!s_memo_lookup(a, key, &hit))
		return;
	rejected = hit.kind == S_REJECTED;
	free(hit.login);
	if (rejected)
		s_memo_update(a, key, true, NULL);
}

/*
 * Asks the server.  *status is the HTTP status (0 when none arrived, -1
 * when the request was refused before anything was sent);
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
	int hrc;

	*status = 0;
	*login = *why = NULL;
	if (!url) {
		*why = dh_strdup("out of memory");
		return v;
	}
	req.method = "GET";
	req.url = url;
	req.bearer_token = token;
	if ((hrc = dh_http(a, &req, &resp, why)) != 0) {
		if (hrc == DH_HTTP_REFUSED)
			*status = -1; /* nothing was sent: not the server's fault */
		else
			*status = resp.status; /* a refused redirect's, or 0 */
		goto out;
	}
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

/* A check that could not reach the server: worth remembering for
 * validate_retry (no answer at all, or the server failing). */
static bool s_unreachable(long status)
{
	return status == 0 || status >= 500;
}

/* The answer the memory holds, as dh_validate gives it. */
static dh_validity s_from_memo(struct dagshub_auth *a, const char *host,
                               s_memo_hit *hit, bool shared, char **note,
                               char **username)
{
	const char *by = shared ? "by another process, just now" : NULL;
	char at[16] = "?";
	struct tm tm;
	time_t t = (time_t)hit->when;

	/* The clock time only the notes of a failure show: localtime_r()
	 * reads /etc/localtime, six system calls the common path (a good
	 * token) does not need. */
	if (hit->kind != S_GOOD && localtime_r(&t, &tm))
		strftime(at, sizeof(at), "%H:%M:%S", &tm);
	switch (hit->kind) {
	case S_GOOD:
		*username = hit->login;
		hit->login = NULL;
		*note = by ? dh_asprintf("valid (checked %s; remembered for "
		                         "validate_ttl = %lld s)", by,
		                         a->validate_ttl)
		           : dh_asprintf("valid (checked %lld s ago; remembered "
		                         "for validate_ttl = %lld s)", hit->age,
		                         a->validate_ttl);
		return DH_VALID_GOOD;
	case S_REJECTED:
		/* what is done about it the walk adds (chain.c) */
		*note = dh_asprintf("rejected: %s refused it (HTTP %ld) at %s, "
		                    "checked by another process", host,
		                    hit->status, at);
		return DH_VALID_REJECTED;
	default:
		if (hit->status)
			*note = dh_asprintf("not checked: the server answered HTTP "
			                    "%ld at %s; retry after %lld s "
			                    "(validate_retry = %lld s); the token is "
			                    "kept and used", hit->status, at,
			                    a->validate_retry - hit->age,
			                    a->validate_retry);
		else
			*note = dh_asprintf("not checked: server unreachable at %s; "
			                    "retry after %lld s (validate_retry = "
			                    "%lld s); the token is kept and used", at,
			                    a->validate_retry - hit->age,
			                    a->validate_retry);
		return DH_VALID_UNKNOWN;
	}
}

/* How long a process waits for another one's check of the same token:
 * what that one's request may take, within this command's deadline. */
static int64_t s_wait_ms(struct dagshub_auth *a)
{
	char *why = NULL;
	long ms = 0;
	int64_t w;

	if (dh_http_timeout_ms(&ms, &why) != 0) {
		free(why);
		return 0; /* dh_http() says what is wrong with it */
	}
	w = ms + S_WAIT_SLACK_MS;
	if (a->http_deadline_ms) {
		int64_t left = a->http_deadline_ms - dh_monotonic_ms();

		if (left < w)
			w = left > 0 ? left : 0;
	}
	return w;
}

dh_validity dh_validate(struct dagshub_auth *a, const char *host,
                        const char *token, char **note, char **username)
{
	char key[DH_SHA256_HEX_SIZE], *why = NULL, *login = NULL;
	char *lpath = NULL;
	const char *dir;
	s_memo_hit hit;
	long status;
	bool waited = false;
	int lock = -1;
	dh_validity v;

	*note = *username = NULL;
	s_key(key, host, token);
	/* with both windows 0 nothing is remembered: no file to read */
	if ((a->validate_ttl > 0 || a->validate_retry > 0) &&
	    s_memo_lookup(a, key, &hit))
		return s_from_memo(a, host, &hit, false, note, username);
	/* Single-flight: one process asks, the others wait for its answer. */
	if (a->validate_ttl > 0 && (dir = dh_state_dir(a, &why)) &&
	    (lpath = dh_asprintf("%s/" S_KEY_LOCK_PREFIX "%.*s.lock", dir,
	                         S_KEY_LOCK_HEX, key))) {
		lock = s_lock(lpath, s_wait_ms(a), 20, &waited);
		if (lock == -2) {
			*note = dh_strdup("not checked: another process has been "
			                  "checking this token for longer than "
			                  "DAGSHUB_HTTP_TIMEOUT; the token is kept and "
			                  "used");
			free(lpath);
			return DH_VALID_UNKNOWN;
		}
		/* The answer may have been written since the first look. */
		if (lock >= 0 && s_memo_lookup(a, key, &hit)) {
			v = s_from_memo(a, host, &hit, waited, note, username);
			s_unlock_remove(lock, lpath);
			free(lpath);
			return v;
		}
	}
	free(why);
	why = NULL;
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
		s_memo_remember_failure(a, key, S_REJECTED, status);
		/* what is done about it (erased, or not in a dry run) the
		 * walk adds: it is the one that erases (chain.c) */
		*note = dh_asprintf("rejected: %s", why ? why : "refused");
		break;
	case DH_VALID_UNKNOWN:
		if (s_unreachable(status))
			s_memo_remember_failure(a, key, S_UNREACHABLE, status);
		*note = dh_asprintf("could not be checked: %s; the token is kept "
		                    "and used%s", why ? why : "out of memory",
		                    s_unreachable(status) && a->validate_retry > 0
		                        ? " (not asked again within "
		                          "validate_retry)" : "");
		break;
	}
	s_unlock_remove(lock, lpath);
	free(lpath);
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
	/* Never sent: a value that is not a token could inject a header
	 * line. */
	if ((rc = dh_token_check_api(a, token)))
		return rc;
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
		*http_status = status > 0 ? status : 0;
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
