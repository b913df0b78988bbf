/*
 * core/files.c - the rule for files the core trusts with code,
 * configuration or tokens (see files.h for the rule itself).
 *
 * Why a walk of our own instead of stat(path) and open(path): a check by
 * name and a later open by name can see two different files (a symlink
 * flipped in between).  Here every folder is checked as it is traversed,
 * symlinks are read and followed by this code (so their targets' folders
 * are checked too), the last component is opened with O_NOFOLLOW, and the
 * file is checked with fstat() on the descriptor the caller then uses.
 * Nothing another user can change lies between the check and the use: a
 * folder that passed can be changed only by root or the caller.
 *
 * Cost: one lstat() per path component (the folders' checks), one open
 * and one fstat; a folder already walked for the same handle (memo) is
 * not walked again.
 *
 * libc only: the cache provider compiles this file in.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "files.h"
#include "../providers/common/ascii.h" /* dh_span, dh_cspan, dh_find */

/* As the kernel's MAXSYMLINKS. */
#define S_MAX_LINKS 40

/*
 * One check, as every step of its walk needs it: the rule, the words of
 * its messages, the caller's effective uid and the symlinks followed so
 * far.  The uid is asked once per check, not once per folder: it does
 * not change in between, and strace showed a geteuid() after every
 * lstat() of the walk.
 */
typedef struct s_check {
	dh_trust_rule rule;
	const char *what;    /* the file's role in messages ("module") */
	const char *subject; /* the path as given, for messages */
	uid_t me;            /* geteuid() */
	int links;           /* symlinks followed, up to S_MAX_LINKS */
} s_check;

static char *s_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static char *s_fmt(const char *fmt, ...)
{
	va_list ap;
	char *s = NULL;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	return s;
}

/* dir "/" the first len bytes of name ("/" is not doubled); malloc()ed.
 * By hand, not with asprintf(): it runs once per component of every walk,
 * and vasprintf() costs about ten times as many instructions. */
static char *s_join(const char *dir, const char *name, size_t len)
{
	size_t dl = strlen(dir);
	size_t sep = strcmp(dir, "/") ? 1 : 0;
	char *s = malloc(dl + sep + len + 1);

	if (!s)
		return NULL;
	memcpy(s, dir, dl);
	if (sep)
		s[dl] = '/';
	memcpy(s + dl + sep, name, len);
	s[dl + sep + len] = '\0';
	return s;
}

static const char *s_writers(mode_t m)
{
	if ((m & S_IWGRP) && (m & S_IWOTH))
		return "its group and others";
	return (m & S_IWGRP) ? "its group" : "others";
}

static const char *s_chmod(mode_t m)
{
	if ((m & S_IWGRP) && (m & S_IWOTH))
		return "go-w";
	return (m & S_IWGRP) ? "g-w" : "o-w";
}

/* ---- the memo ---- */

void dh_trust_memo_free(dh_trust_memo *memo)
{
	if (!memo)
		return;
	for (unsigned i = 0; i < DH_TRUST_MEMO_SIZE; i++) {
		free(memo->given[i]);
		free(memo->resolved[i]);
	}
	memset(memo, 0, sizeof(*memo));
}

static const char *s_memo_find(const dh_trust_memo *memo, const char *given,
                               dh_trust_rule rule, bool *open_dir)
{
	if (!memo)
		return NULL;
	for (unsigned i = 0; i < DH_TRUST_MEMO_SIZE; i++)
		/* a folder that passed the strict rule passes the owner rule */
		if (memo->given[i] && memo->rule[i] <= rule &&
		    !strcmp(memo->given[i], given)) {
			*open_dir = memo->open_dir[i];
			return memo->resolved[i];
		}
	return NULL;
}

/* The remembered folder that is the longest leading part of abs (ending at
 * a '/' of abs), so a walk goes on from there instead of from "/": the
 * config, the state folder and provider_dir usually share most of their
 * folders.  *len is the length of that part. */
static const char *s_memo_prefix(const dh_trust_memo *memo, const char *abs,
                                 dh_trust_rule rule, bool *open_dir,
                                 size_t *len)
{
	const char *best = NULL;

	*len = 0;
	if (!memo)
		return NULL;
	for (unsigned i = 0; i < DH_TRUST_MEMO_SIZE; i++) {
		size_t n = memo->given[i] ? strlen(memo->given[i]) : 0;

		/* strncmp first: it stops at abs's end, so abs[n] is
		 * read only when abs is at least n long */
		if (n > *len && memo->rule[i] <= rule &&
		    !strncmp(memo->given[i], abs, n) && abs[n] == '/') {
			*len = n;
			*open_dir = memo->open_dir[i];
			best = memo->resolved[i];
		}
	}
	return best;
}

static void s_memo_add(dh_trust_memo *memo, const char *given,
                       const char *resolved, dh_trust_rule rule,
                       bool open_dir)
{
	unsigned i;
	char *g, *r;

	if (!memo)
		return;
	for (i = 0; i < DH_TRUST_MEMO_SIZE; i++)
		if (memo->given[i] && memo->rule[i] <= rule &&
		    !strcmp(memo->given[i], given))
			return; /* known already */
	g = strdup(given);
	r = strdup(resolved);
	if (!g || !r) {
		free(g);
		free(r);
		return; /* only a lost shortcut */
	}
	i = memo->next++ % DH_TRUST_MEMO_SIZE;
	free(memo->given[i]);
	free(memo->resolved[i]);
	memo->given[i] = g;
	memo->resolved[i] = r;
	memo->rule[i] = (unsigned char)rule;
	memo->open_dir[i] = open_dir;
}

/* ---- the checks ---- */

static int s_check_file(const struct stat *st, const char *path,
                        dh_trust_rule rule, const char *what, uid_t me,
                        char **why)
{
	*why = NULL;
	if (!S_ISREG(st->st_mode)) {
		*why = s_fmt("%s %s is refused: not a regular file", what, path);
		return -1;
	}
	if (st->st_uid != 0 && st->st_uid != me) {
		*why = s_fmt("%s %s is refused: it is owned by uid %u, not by "
		             "root or by you (uid %u); use a file of yours or "
		             "root's", what, path, (unsigned)st->st_uid,
		             (unsigned)me);
		return -1;
	}
	if (rule == DH_TRUST_STRICT && (st->st_mode & (S_IWGRP | S_IWOTH))) {
		*why = s_fmt("%s %s is refused: it is writable by %s (mode "
		             "%04o); run: chmod go-w %s", what, path,
		             (st->st_mode & S_IWOTH) ? "others" : "its group",
		             (unsigned)(st->st_mode & 07777), path);
		return -1;
	}
	return 0;
}

int dh_check_trusted_file_stat(const struct stat *st, const char *path,
                               dh_trust_rule rule, const char *what,
                               char **why)
{
	return s_check_file(st, path, rule, what, geteuid(), why);
}

int dh_check_trusted_stat(const struct stat *st, const char *path,
                          const char *what, char **why)
{
	return dh_check_trusted_file_stat(st, path, DH_TRUST_STRICT, what, why);
}

/*
 * One folder on the way to `subject`.  *open_dir: others may create
 * entries in it (a root-owned sticky folder; any group/other-writable
 * folder under the owner rule), so what is traversed in it must be owned
 * by root or the caller.
 */
static int s_check_dir(const struct stat *st, const char *dir,
                       const s_check *c, bool *open_dir, char **why)
{
	mode_t m = st->st_mode;

	*open_dir = false;
	if (st->st_uid != 0 && st->st_uid != c->me) {
		*why = s_fmt("%s %s is refused: folder %s is owned by uid %u, "
		             "not by root or by you (uid %u); whoever owns it "
		             "can replace what is in it: move the file to a "
		             "folder of yours or root's", c->what, c->subject,
		             dir, (unsigned)st->st_uid, (unsigned)c->me);
		return -1;
	}
	if (!(m & (S_IWGRP | S_IWOTH)))
		return 0;
	if (c->rule == DH_TRUST_OWNER || ((m & S_ISVTX) && st->st_uid == 0)) {
		*open_dir = true;
		return 0;
	}
	*why = s_fmt("%s %s is refused: folder %s is writable by %s (mode "
	             "%04o), who could replace what is in it; run: chmod %s %s",
	             c->what, c->subject, dir, s_writers(m), (unsigned)(m & 07777),
	             s_chmod(m), dir);
	return -1;
}

/* An entry found in an open folder (see s_check_dir) must be ours. */
static int s_check_entry_owner(const struct stat *st, const char *entry,
                               const char *kind, const s_check *c,
                               char **why)
{
	if (st->st_uid == 0 || st->st_uid == c->me)
		return 0;
	*why = s_fmt("%s %s is refused: %s %s is owned by uid %u, not by root "
	             "or by you (uid %u), in a folder others can write to",
	             c->what, c->subject, kind, entry, (unsigned)st->st_uid,
	             (unsigned)c->me);
	return -1;
}

static int s_check_root(const s_check *c, bool *open_dir, char **why)
{
	struct stat st;

	if (lstat("/", &st) != 0) {
		*why = s_fmt("%s %s: cannot check /: %s", c->what, c->subject,
		             strerror(errno));
		return -1;
	}
	return s_check_dir(&st, "/", c, open_dir, why);
}

/* The parent of a canonical folder ("/" stays "/"). */
static char *s_parent(const char *dir)
{
	const char *slash = strrchr(dir, '/');

	if (!slash || slash == dir)
		return strdup("/");
	return strndup(dir, (size_t)(slash - dir));
}

static char *s_readlink(const char *path)
{
	size_t cap = 128;

	for (;;) {
		char *buf = malloc(cap);
		ssize_t n;

		if (!buf)
			return NULL;
		n = readlink(path, buf, cap);
		if (n < 0) {
			free(buf);
			return NULL;
		}
		if ((size_t)n < cap) {
			buf[n] = '\0';
			return buf;
		}
		free(buf);
		if (cap > 65536) {
			errno = ENAMETOOLONG;
			return NULL;
		}
		cap *= 2;
	}
}

/*
 * Walks `rest` from the checked folder *done_io (canonical, malloc()ed;
 * *open_io says whether it is open, see s_check_dir), checking each
 * folder and following symlinks.  With name_out, the last component is
 * not looked at: *name_out gets it (malloc()ed) and *done_io the checked
 * folder holding it.  Without, every component is a folder to check.
 * Returns 0, 1 when something on the way does not exist, -1 refused or
 * failed; *why set on 1 and -1.
 */
static int s_walk(char **done_io, bool *open_io, const char *rest,
                  s_check *c, char **name_out, char **why)
{
	char *todo = strdup(rest), *p, *done = *done_io;
	bool open_dir = *open_io;
	int rc = -1;

	if (!todo)
		goto nomem;
	p = todo;
	for (;;) {
		struct stat st;
		char *cand;
		const char *comp;
		size_t len;

		while (*p == '/')
			p++;
		if (!*p) {
			if (name_out && !(*name_out = strdup(".")))
				goto nomem;
			break;
		}
		comp = p;
		len = dh_cspan(p, "/");
		p += len;
		if (name_out && !p[dh_span(p, "/")]) { /* the last one */
			if (!(*name_out = strndup(comp, len)))
				goto nomem;
			break;
		}
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			char *up = s_parent(done);

			if (!up)
				goto nomem;
			free(done);
			done = up;
			/* not checked on the way down when we started from a
			 * remembered folder: check it now */
			if (lstat(done, &st) != 0) {
				*why = s_fmt("%s %s: cannot check %s: %s", c->what,
				             c->subject, done, strerror(errno));
				goto out;
			}
			if (s_check_dir(&st, done, c, &open_dir, why))
				goto out;
			continue;
		}
		if (!(cand = s_join(done, comp, len)))
			goto nomem;
		if (lstat(cand, &st) != 0) {
			int e = errno;

			*why = s_fmt("%s %s: %s", c->what, c->subject, strerror(e));
			free(cand);
			rc = e == ENOENT ? 1 : -1;
			goto out;
		}
		if (S_ISLNK(st.st_mode)) {
			char *target, *next;

			if (open_dir && s_check_entry_owner(&st, cand, "symlink",
			                                    c, why)) {
				free(cand);
				goto out;
			}
			if (++c->links > S_MAX_LINKS) {
				*why = s_fmt("%s %s: too many levels of symbolic "
				             "links", c->what, c->subject);
				free(cand);
				goto out;
			}
			target = s_readlink(cand);
			if (!target) {
				*why = s_fmt("%s %s: cannot read symlink %s: %s",
				             c->what, c->subject, cand,
				             strerror(errno));
				free(cand);
				goto out;
			}
			free(cand);
			next = s_fmt("%s/%s", target, p);
			if (!next) {
				free(target);
				goto nomem;
			}
			free(todo);
			todo = p = next;
			if (target[0] == '/') {
				free(done);
				if (!(done = strdup("/"))) {
					free(target);
					goto nomem;
				}
				if (s_check_root(c, &open_dir, why)) {
					free(target);
					goto out;
				}
			}
			free(target);
			continue;
		}
		if (!S_ISDIR(st.st_mode)) {
			*why = s_fmt("%s %s: %s is not a folder", c->what,
			             c->subject, cand);
			free(cand);
			goto out;
		}
		if ((open_dir && s_check_entry_owner(&st, cand, "folder", c,
		                                     why)) ||
		    s_check_dir(&st, cand, c, &open_dir, why)) {
			free(cand);
			goto out;
		}
		free(done);
		done = cand;
	}
	rc = 0;
	goto out;
nomem:
	free(*why);
	*why = NULL; /* out of memory */
	rc = -1;
out:
	free(todo);
	*done_io = done;
	*open_io = open_dir;
	return rc;
}

/* An absolute version of path (relative ones are taken from the current
 * folder, as open() would).  malloc()ed. */
static char *s_absolute(const char *path)
{
	char *cwd, *abs;

	if (path[0] == '/')
		return strdup(path);
	if (!(cwd = getcwd(NULL, 0)))
		return NULL;
	abs = s_join(cwd, path, strlen(path));
	free(cwd);
	return abs;
}

/* The folder part of an absolute path, as text ("/" for "/x"). */
static char *s_dir_text(const char *abs)
{
	return s_parent(abs);
}

/* Starts a walk of abs: from the longest remembered folder abs lies in
 * (then *rest is what follows it), else from "/". */
static int s_start(const char *abs, const s_check *c, dh_trust_memo *memo,
                   char **done, bool *open_dir, const char **rest,
                   char **why)
{
	size_t len;
	const char *hit = s_memo_prefix(memo, abs, c->rule, open_dir, &len);

	*rest = abs;
	if (hit) {
		if (!(*done = strdup(hit)))
			return -1;
		*rest = abs + len + 1;
		return 0;
	}
	if (!(*done = strdup("/")))
		return -1;
	return s_check_root(c, open_dir, why);
}

int dh_check_trusted_dir(const char *dir, dh_trust_rule rule,
                         const char *what, dh_trust_memo *memo, char **why)
{
	s_check c = { .rule = rule, .what = what, .subject = dir };
	char *abs = NULL, *done = NULL;
	const char *rest;
	bool open_dir = false;
	int rc = -1;

	*why = NULL;
	if (!dir || !*dir) {
		*why = s_fmt("%s: no folder given", what);
		return -1;
	}
	if (!(abs = s_absolute(dir)))
		goto out;
	if (s_memo_find(memo, abs, rule, &open_dir)) {
		rc = 0;
		goto out;
	}
	/* the folder itself is walked too: from a remembered folder above
	 * it, else from "/" */
	c.me = geteuid();
	if (s_start(abs, &c, memo, &done, &open_dir, &rest, why))
		goto out;
	rc = s_walk(&done, &open_dir, rest, &c, NULL, why);
	if (rc == 0)
		s_memo_add(memo, abs, done, rule, open_dir);
out:
	free(abs);
	free(done);
	return rc;
}

int dh_open_trusted(int *fd_out, const char *path, int flags,
                    dh_trust_rule rule, const char *what,
                    dh_trust_memo *memo, struct stat *st_out, char **why)
{
	const int allowed = O_NONBLOCK | O_NOATIME;
	s_check c = { .rule = rule, .what = what, .subject = path };
	char *abs = NULL, *done = NULL, *name = NULL, *full = NULL;
	char *cur = NULL; /* the path being resolved after a final symlink */
	const char *rest;
	bool open_dir = false, first = true;
	struct stat st;
	int rc = -1, fd = -1;

	*fd_out = -1;
	*why = NULL;
	if (!path || !*path) {
		*why = s_fmt("%s: no file name given", what);
		return -1;
	}
	if (flags & ~allowed) {
		*why = s_fmt("%s %s: open flags %#x are not accepted (only "
		             "O_NONBLOCK and O_NOATIME)", what, path,
		             (unsigned)(flags & ~allowed));
		return -1;
	}
	if (!(abs = s_absolute(path)))
		goto out;
	c.me = geteuid();
	if (s_start(abs, &c, memo, &done, &open_dir, &rest, why))
		goto out;
	for (;;) {
		char *given_dir = NULL;

		rc = s_walk(&done, &open_dir, rest, &c, &name, why);
		if (rc != 0)
			goto out;
		rc = -1;
		if (first && (given_dir = s_dir_text(abs))) {
			if (strcmp(given_dir, "/"))
				s_memo_add(memo, given_dir, done, rule, open_dir);
			free(given_dir);
		}
		first = false;
		free(full);
		if (!(full = s_join(done, name, strlen(name))))
			goto out;
		/* O_NONBLOCK always: a FIFO planted at the name must not
		 * block us; it is refused below as not a regular file. */
		fd = open(full, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NOFOLLOW |
		                O_NONBLOCK | flags);
		if (fd >= 0)
			break;
		if (errno == ELOOP) {
			/* the last component is a symlink: follow it here */
			char *target;

			if (lstat(full, &st) != 0 || !S_ISLNK(st.st_mode)) {
				*why = s_fmt("%s %s: %s", what, path,
				             strerror(ELOOP));
				goto out;
			}
			if (open_dir && s_check_entry_owner(&st, full, "symlink",
			                                    &c, why))
				goto out;
			if (++c.links > S_MAX_LINKS) {
				*why = s_fmt("%s %s: too many levels of symbolic "
				             "links", what, path);
				goto out;
			}
			if (!(target = s_readlink(full))) {
				*why = s_fmt("%s %s: cannot read symlink %s: %s",
				             what, path, full, strerror(errno));
				goto out;
			}
			free(cur);
			cur = target;
			rest = cur;
			free(name);
			name = NULL;
			if (cur[0] == '/') {
				free(done);
				if (!(done = strdup("/")) ||
				    s_check_root(&c, &open_dir, why))
					goto out;
			}
			continue;
		}
		rc = errno == ENOENT ? 1 : -1;
		*why = s_fmt("%s %s: %s", what, path, strerror(errno));
		goto out;
	}
	if (fstat(fd, &st) != 0) {
		*why = s_fmt("%s %s: %s", what, path, strerror(errno));
		goto out;
	}
	if ((open_dir && s_check_entry_owner(&st, full, "file", &c, why)) ||
	    s_check_file(&st, path, rule, what, c.me, why))
		goto out;
	if (!(flags & O_NONBLOCK) &&
	    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) != 0) {
		*why = s_fmt("%s %s: %s", what, path, strerror(errno));
		goto out;
	}
	if (st_out)
		*st_out = st;
	*fd_out = fd;
	fd = -1;
	rc = 0;
out:
	if (fd >= 0)
		close(fd);
	free(abs);
	free(done);
	free(name);
	free(full);
	free(cur);
	return rc;
}

/* ---- module names ---- */

/* s with control characters (and backslashes) as \xNN; malloc()ed. */
static char *s_escaped(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(n * 4 + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p < 0x20 || *p == 0x7f || *p == '\\')
			o += sprintf(o, "\\x%02x", *p);
		else
			*o++ = (char)*p;
	}
	*o = '\0';
	return out;
}

#define S_NAME_CHARS "abcdefghijklmnopqrstuvwxyz" \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-"

/* Byte number (from 1) of the first control character of s, or 0. */
static size_t s_first_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return (size_t)(p - (const unsigned char *)s) + 1;
	return 0;
}

int dh_check_module_name(const char *m, char **why)
{
	enum { OK, DOTDOT, CONTROL, SLASH, CHARS } bad = OK;
	size_t at = 0;
	char *shown;

	*why = NULL;
	if (!m || !*m) {
		*why = s_fmt("empty module name");
		return -1;
	}
	if (dh_find(m, ".."))
		bad = DOTDOT;
	else if (m[0] == '/')
		bad = (at = s_first_control(m)) ? CONTROL : OK;
	else if (strchr(m, '/'))
		bad = SLASH;
	else if (m[at = dh_span(m, S_NAME_CHARS)])
		bad = CHARS;
	if (bad == OK)
		return 0;
	/* the name as shown, escaped, only for a refusal: every config
	 * entry and every module load passes here */
	if (!(shown = s_escaped(m)))
		return -1;
	switch (bad) {
	case DOTDOT:
		*why = s_fmt("module \"%s\" is refused: names with \"..\" could "
		             "leave the provider folder", shown);
		break;
	case CONTROL:
		*why = s_fmt("module \"%s\" is refused: a path with a control "
		             "character (at byte %zu) is a typo or a trick (it "
		             "is shown as \\xNN); write the file's real name",
		             shown, at);
		break;
	case SLASH:
		*why = s_fmt("module \"%s\": use a bare name (looked up in "
		             "provider_dir) or an absolute path", shown);
		break;
	default: /* CHARS */
		*why = s_fmt("module \"%s\" is refused: a bare module name "
		             "is made of letters, digits, '_', '.' and '-' "
		             "([A-Za-z0-9_.-]+; byte %zu is not), or give an "
		             "absolute path", shown, at + 1);
		break;
	}
	free(shown);
	return -1;
}
