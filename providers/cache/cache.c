/*
 * providers/cache/cache.c - the `cache` provider: tokens in the DagsHub
 * Python client's cache file (cache-format.md), shared with that client in
 * both directions.  This file is the ABI glue; the file format lives in
 * cachefile.c / cachemodel.c / cacheemit.c and the safe rewrite in
 * cachelock.c.  See dagshub-auth-cache(7).
 *
 * args:
 *   path = "...";   the cache file.  Default: the handle's cache_path
 *                   option, else $DAGSHUB_CLIENT_TOKENS_CACHE, else
 *                   $XDG_CACHE_HOME/dagshub/tokens, else
 *                   ~/.cache/dagshub/tokens.
 *
 * A long-running program calls get() often: the parsed file is kept and
 * re-read only when stat() says it changed (device, inode, size, mtime and
 * ctime in ns: a chmod or chown changes only the ctime, and the
 * readable-by-others warning and the owner check must see it), so an
 * unchanged file costs one stat() and a binary search.
 *
 * get() reads the file with the fast reader (cachefast.c: a strict line
 * lexer over the whole file, libyaml only on the asked host's lines), so
 * a 10,000-host file costs about what a one-host file does; the kept
 * model then holds that host only (partial_host).  Files outside the
 * layout the Python client writes, and every write, use the full parse.
 *
 * DAGSHUB_AUTH_CACHE_READ (tests only): "full" always runs the full
 * parse; "fast" makes a file the fast reader declines an error that says
 * where and why, so the tests can see which path answered.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dagshub/provider.h"
#include "cachefile.h"
#include "cachelock.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */
#include "../common/join.h" /* DH_JOIN */

/* How long a writer waits for another one (without a request deadline). */
#define S_LOCK_WAIT_MS 10000

static const dagshub_provider_services *svc;

typedef struct s_state {
	char *path;       /* the cache file */
	char *lock_path;  /* path + ".lock" */
	char *dir;        /* its folder */
	/* what the last read found, valid while the file is unchanged */
	bool cached;      /* stamp and (model or error) describe the file */
	bool missing;     /* the last read found no file */
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct timespec ctime; /* chmod/chown change only this */
	mode_t mode;
	cf_file model;
	char *error;      /* the file's parse error, or NULL */
	/* The model holds only what get() needs for this host (the fast
	 * reader), or NULL when it holds the whole file. */
	char *partial_host;
} s_state;

/* How get() reads the file (DAGSHUB_AUTH_CACHE_READ, for tests). */
typedef enum s_read_mode { S_READ_AUTO, S_READ_FULL, S_READ_FAST } s_read_mode;

/* ---- helpers ---- */

static char *s_norm(void *payload, const char *url)
{
	return svc->normalize_host(payload, url);
}

static void s_forget(s_state *st)
{
	cf_file_free(&st->model);
	free(st->error);
	st->error = NULL;
	free(st->partial_host);
	st->partial_host = NULL;
	st->cached = false;
	st->missing = false;
}

static void s_stamp(s_state *st, const struct stat *sb)
{
	st->dev = sb->st_dev;
	st->ino = sb->st_ino;
	st->size = sb->st_size;
	st->mtime = sb->st_mtim;
	st->ctime = sb->st_ctim;
	st->mode = sb->st_mode;
	st->cached = true;
}

static bool s_same(const s_state *st, const struct stat *sb)
{
	return st->cached && st->dev == sb->st_dev && st->ino == sb->st_ino &&
	       st->size == sb->st_size &&
	       st->mtime.tv_sec == sb->st_mtim.tv_sec &&
	       st->mtime.tv_nsec == sb->st_mtim.tv_nsec &&
	       st->ctime.tv_sec == sb->st_ctim.tv_sec &&
	       st->ctime.tv_nsec == sb->st_ctim.tv_nsec;
}

static void s_free_buf(char *buf, size_t len)
{
	if (buf) {
		dh_wipe(buf, len);
		free(buf);
	}
}

static s_read_mode s_read_mode_env(void)
{
	const char *v = secure_getenv("DAGSHUB_AUTH_CACHE_READ");

	if (v && !strcmp(v, "full"))
		return S_READ_FULL;
	if (v && !strcmp(v, "fast"))
		return S_READ_FAST;
	return S_READ_AUTO;
}

/* Parses the len bytes read from the file into *model (and frees buf):
 * all of it, or when host is not NULL maybe only what get() needs for
 * host (then *partial is set).  Returns 0, or -1 with *err (parse error,
 * other version). */
static int s_parse(dagshub_provider_ctx *ctx, const s_state *st,
                   cf_file *model, char *buf, size_t len, const char *host,
                   bool *partial, char **err)
{
	s_read_mode mode = host ? s_read_mode_env() : S_READ_FULL;
	int rc = CF_DECLINED;

	if (partial)
		*partial = false;
	if (mode != S_READ_FULL) {
		const char *why = NULL;
		int line = 0;

		rc = cf_parse_host(model, buf, len, st->path, host, s_norm,
		                   ctx, &line, &why);
		if (rc == CF_OK && partial)
			*partial = true;
		if (rc == CF_DECLINED && mode == S_READ_FAST) {
			if (err && asprintf(err, "%s:%d: the fast reader "
			                    "declined: %s", st->path, line,
			                    why) < 0)
				*err = NULL;
			s_free_buf(buf, len);
			return -1;
		}
	}
	if (rc == CF_DECLINED)
		rc = cf_parse(model, buf, len, st->path, s_norm, ctx, err);
	s_free_buf(buf, len);
	if (rc == CF_ENOMEM && err && !*err)
		*err = strdup("out of memory");
	return rc == CF_OK ? 0 : -1;
}

/* Reads and parses the file into *model, as s_parse().  Returns 0, 1
 * when there is no file, or -1 with *err (parse error, other version,
 * I/O). */
static int s_load(dagshub_provider_ctx *ctx, const s_state *st,
                  cf_file *model, struct stat *sb, const char *host,
                  bool *partial, char **err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = cl_read(st->path, &buf, &len, sb, err);

	if (rc != 0) {
		if (partial)
			*partial = false;
		return rc;
	}
	return s_parse(ctx, st, model, buf, len, host, partial, err);
}

/* Whether the bytes read can be a whole file, not one that another
 * program is writing right now.  The Python client saves in place and
 * without a lock: open(path, "w") empties the file, then yaml.dump fills
 * it.  It never leaves an empty file, and PyYAML ends every file in a
 * newline, as cf_emit() does: an empty file, or one without a final
 * newline, is taken for a write in progress.  A JSON file written by hand
 * (json.dump writes no final newline) needs none when its first character
 * is `{` and its last `}`: the client never writes such a file, and a
 * JSON object cut short does not parse (cf_parse() then says where). */
static bool s_whole(const char *buf, size_t len)
{
	size_t i = 0;

	if (len == 0)
		return false;
	if (buf[len - 1] == '\n')
		return true;
	while (i < len && (buf[i] == ' ' || buf[i] == '\t' ||
	                   buf[i] == '\r' || buf[i] == '\n'))
		i++;
	return i < len && buf[i] == '{' && buf[len - 1] == '}';
}

/* s_load() for a writer, with the lock held: a file that another program
 * is writing (s_whole) is read again, with a growing pause, until it is
 * whole or until deadline_ms; then the writer gives up and leaves it as
 * it is.  Rewriting it as read would keep only what had been written so
 * far, and the rename would throw away what the other program writes
 * next.  Returns as s_load(). */
static int s_load_whole(dagshub_provider_ctx *ctx, const s_state *st,
                        cf_file *model, struct stat *sb, int64_t deadline_ms,
                        char **err)
{
	int64_t start = svc->monotonic_ms(NULL);
	unsigned int pause_us = 5000; /* 5, 10, 20 ... 100 ms */
	bool empty;

	for (;;) {
		char *buf = NULL;
		size_t len = 0;
		int rc = cl_read(st->path, &buf, &len, sb, err);

		if (rc != 0)
			return rc;
		if (s_whole(buf, len))
			return s_parse(ctx, st, model, buf, len, NULL, NULL,
			               err);
		empty = len == 0;
		s_free_buf(buf, len);
		if (!cl_pause(&pause_us, 100000, deadline_ms))
			break;
	}
	if (err && asprintf(err, "%s %s: another program (the DagsHub Python "
	                    "client?) seems to be writing it, and it stayed so "
	                    "for %.1f s.  The file was left untouched: try "
	                    "again, or %s", st->path,
	                    empty ? "is empty" : "does not end in a newline",
	                    (double)(svc->monotonic_ms(NULL) - start) / 1000,
	                    empty ? "if it really is meant to be empty, remove "
	                            "it" : "if it is complete, end it with a "
	                            "newline") < 0)
		*err = NULL;
	return -1;
}

/* Brings the kept model up to date with the file: the whole file, or
 * when host is not NULL at least what get() needs for host.  Returns 0
 * (the model is current; st->error may say the file is broken), 1 when
 * there is no file, -1 with the reason set on an I/O problem. */
static int s_refresh(s_state *st, dagshub_provider_ctx *ctx, const char *host)
{
	struct stat sb;
	char *err = NULL;
	bool partial = false;
	int rc;

	/* With a model kept, or after a read found no file, one stat() says
	 * whether that still holds (a long-lived handle asks at every get).
	 * On the first get there is nothing to compare: the read's own open
	 * says whether there is a file, and its fstat() of the descriptor
	 * read is the stamp. */
	if (st->cached || st->missing) {
		if (stat(st->path, &sb) < 0) {
			if (errno == ENOENT) {
				s_forget(st);
				st->missing = true;
				return 1;
			}
			svc->set_reason(ctx, "cannot stat %s: %s", st->path,
			                strerror(errno));
			return -1;
		}
		if (s_same(st, &sb) &&
		    (!st->partial_host ||
		     (host && !strcmp(st->partial_host, host))))
			return 0;
	}
	s_forget(st);
	memset(&sb, 0, sizeof(sb)); /* not a regular file unless read */
	rc = s_load(ctx, st, &st->model, &sb, host, &partial, &err);
	if (rc == 1) {
		st->missing = true;
		return 1;
	}
	if (partial) {
		st->partial_host = strdup(host);
		if (!st->partial_host) {
			cf_file_free(&st->model);
			svc->set_reason(ctx, "out of memory");
			return -1;
		}
	}
	if (rc < 0 && !S_ISREG(sb.st_mode) && err) {
		svc->set_reason(ctx, "%s", err);
		free(err);
		return -1;
	}
	st->error = err; /* kept: an unchanged broken file stays broken */
	s_stamp(st, &sb);
	return 0;
}

static void s_warn_mode(s_state *st, dagshub_provider_ctx *ctx)
{
	if (st->cached && (st->mode & 077))
		svc->warn(ctx, "%s is readable or writable by others (mode "
		          "%04o): the next write makes it 0600 (or chmod 600 "
		          "it now)", st->path, (unsigned)(st->mode & 07777));
}

static int64_t s_deadline(const dagshub_provider_request *req)
{
	int64_t d = svc->monotonic_ms(NULL) + S_LOCK_WAIT_MS;

	if (req && req->deadline_ms > 0 && req->deadline_ms < d)
		return req->deadline_ms;
	return d;
}

/* ---- open / close ---- */

static void s_close(void *state)
{
	s_state *st = state;

	if (!st)
		return;
	s_forget(st);
	free(st->path);
	free(st->lock_path);
	free(st->dir);
	free(st);
}

/* The file named by cache-format.md, "Where it is".  malloc()ed. */
static char *s_default_path(dagshub_provider_ctx *ctx)
{
	const char *v = NULL;

	/* The application's cache_path option (dagshub_auth_options), which
	 * the core lends from ABI 1.1 on. */
	if (DAGSHUB_HAS_FIELD(svc, dagshub_provider_services, caller_cache_path))
		v = svc->caller_cache_path(ctx);
	if (v && *v)
		return strdup(v);
	v = secure_getenv("DAGSHUB_CLIENT_TOKENS_CACHE");
	if (v && *v)
		return strdup(v);
	v = secure_getenv("XDG_CACHE_HOME");
	if (v && *v)
		return DH_JOIN(v, "/dagshub/tokens");
	v = secure_getenv("HOME");
	if (!v || !*v) {
		svc->set_reason(ctx, "neither $DAGSHUB_CLIENT_TOKENS_CACHE, "
		                "$XDG_CACHE_HOME nor $HOME is set: set "
		                "args.path to the token cache file");
		return NULL;
	}
	return DH_JOIN(v, "/.cache/dagshub/tokens");
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "path", NULL };
	const char *path = NULL;
	s_state *st;
	int rc;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	rc = svc->arg_string(ctx, "path", &path);
	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (rc == DAGSHUB_ARG_OK && !*path) {
		svc->set_reason(ctx, "args.path is empty");
		return -1;
	}
	st = calloc(1, sizeof(*st));
	if (!st)
		goto nomem;
	st->path = rc == DAGSHUB_ARG_OK ? strdup(path) : s_default_path(ctx);
	if (!st->path) {
		s_close(st);
		return -1; /* reason set, or out of memory */
	}
	st->dir = cl_dirname(st->path);
	st->lock_path = DH_JOIN(st->path, ".lock");
	if (!st->dir || !st->lock_path) {
		s_close(st);
		goto nomem;
	}
	*state = st;
	return 0;
nomem:
	svc->set_reason(ctx, "out of memory");
	return -1;
}

/* ---- get / list ---- */

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	s_state *st = state;
	const cf_host *h;
	const cf_token *t;
	dagshub_provider_token tok = { sizeof(tok), NULL, NULL, NULL, 0, NULL };
	size_t bad = 0;
	int rc = s_refresh(st, ctx, req->host);

	if (rc < 0)
		return DAGSHUB_PROVIDER_ERROR;
	if (rc == 1) {
		svc->set_reason(ctx, "no token cache at %s", st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	s_warn_mode(st, ctx);
	if (st->error) {
		svc->set_reason(ctx, "%s", st->error);
		return DAGSHUB_PROVIDER_ERROR;
	}
	h = cf_find_host(&st->model, req->host);
	if (!h || h->ntok == 0) {
		svc->set_reason(ctx, "no token for %s in %s", req->host,
		                st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	for (size_t i = 0; i < h->ntok; i++)
		bad += h->tok[i].bad != NULL;
	if (bad)
		svc->warn(ctx, "%s: %zu token(s) of %s cannot be used (see "
		          "their lines; the Python client cannot load this file "
		          "either)", st->path, bad, req->host);
	t = cf_pick(h, svc->now_us(ctx));
	if (!t) {
		svc->set_reason(ctx, "only expired or unusable tokens for %s "
		                "in %s; log in again", req->host, st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	tok.host = req->host;
	tok.value = t->value;
	tok.type = t->type;
	tok.expires_us = t->expires_us;
	if (svc->set_token(ctx, &tok, 0) < 0) {
		svc->set_reason(ctx, "out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	svc->set_reason(ctx, "%s from %s (line %d)", t->type, st->path,
	                t->line);
	return DAGSHUB_PROVIDER_TOKEN;
}

static dagshub_provider_result s_list(void *state, dagshub_provider_ctx *ctx)
{
	s_state *st = state;
	size_t n = 0;
	int rc = s_refresh(st, ctx, NULL);

	if (rc < 0)
		return DAGSHUB_PROVIDER_ERROR;
	if (rc == 1) {
		svc->set_reason(ctx, "no token cache at %s", st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	s_warn_mode(st, ctx);
	if (st->error) {
		svc->set_reason(ctx, "%s", st->error);
		return DAGSHUB_PROVIDER_ERROR;
	}
	for (size_t i = 0; i < st->model.nhost; i++) {
		const cf_host *h = &st->model.host[i];

		for (size_t j = 0; j < h->ntok; j++) {
			const cf_token *t = &h->tok[j];
			dagshub_provider_token tok = {
				sizeof(tok), h->key, t->value, t->type,
				t->expires_us, NULL
			};

			if (!t->value)
				continue;
			svc->list_item(ctx, &tok);
			n++;
		}
	}
	svc->set_reason(ctx, "%zu token(s) in %s", n, st->path);
	return n ? DAGSHUB_PROVIDER_TOKEN : DAGSHUB_PROVIDER_NOTFOUND;
}

/* ---- store / erase: read-modify-write under the lock ---- */

typedef enum s_edit_kind { S_STORE, S_ERASE } s_edit_kind;

typedef struct s_edit {
	s_edit_kind kind;
	const char *host;
	const char *value;   /* NULL for erase: every token of the host */
	const char *type;
	int64_t expires_us;
} s_edit;

/* Applies the edit under the lock and rewrites the file when something
 * changed.  The kept model is updated to what was written. */
static dagshub_provider_result s_rewrite(s_state *st,
                                         dagshub_provider_ctx *ctx,
                                         const dagshub_provider_request *req,
                                         const s_edit *ed)
{
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	cf_file model = { 0 };
	struct stat sb;
	char *err = NULL, *out = NULL;
	size_t outlen = 0, changed = 0, pruned;
	int64_t now = svc->now_us(ctx), deadline = s_deadline(req);
	bool exists;
	int lock = -1, rc;

	if (ed->kind == S_ERASE && access(st->dir, F_OK) < 0) {
		svc->set_reason(ctx, "no token cache at %s", st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (cl_mkdirs(st->dir, &err) < 0)
		goto fail;
	lock = cl_lock(st->lock_path, deadline, &err);
	if (lock < 0)
		goto fail;
	/* Re-read under the lock: another writer may have just changed it
	 * (and the Python client, which takes no lock, may be writing it). */
	rc = s_load_whole(ctx, st, &model, &sb, deadline, &err);
	if (rc < 0)
		goto fail; /* a broken file is left exactly as it is */
	exists = rc == 0;
	if (!exists && ed->kind == S_ERASE) {
		svc->set_reason(ctx, "no token cache at %s", st->path);
		res = DAGSHUB_PROVIDER_NOTFOUND;
		goto out;
	}
	if (cf_check_writable(&model, st->path, &err) < 0)
		goto fail;
	if (ed->kind == S_STORE) {
		rc = cf_add(&model, ed->host, ed->value, ed->type,
		            ed->expires_us);
		if (rc < 0)
			goto nomem;
		changed = (size_t)rc;
	} else {
		changed = cf_erase(&model, ed->host, ed->value);
		if (!changed) {
			svc->set_reason(ctx, "no %s for %s in %s",
			                ed->value ? "such token" : "token",
			                ed->host, st->path);
			res = DAGSHUB_PROVIDER_NOTFOUND;
			goto out;
		}
	}
	pruned = cf_prune_expired(&model, now);
	if (!changed && !pruned && exists && !(sb.st_mode & 077)) {
		/* Nothing to write: leave the file (and its mtime) alone. */
		svc->set_reason(ctx, "the token is already in %s", st->path);
		res = DAGSHUB_PROVIDER_TOKEN;
		goto out;
	}
	if (cf_emit(&model, &out, &outlen, &err) < 0)
		goto fail;
	if (cl_replace(st->path, out, outlen, &sb, &err) < 0)
		goto fail;
	/* Documented (only scalar extras are kept), but never silent. */
	if (model.dropped)
		svc->log(ctx, DAGSHUB_LOG_INFO, "dropped %zu nested value(s) "
		         "of token keys other than access_token, expiry and "
		         "token_type from %s (only scalar values are kept)",
		         model.dropped, st->path);
	/* What we wrote is what the file holds now. */
	s_forget(st);
	st->model = model;
	memset(&model, 0, sizeof(model));
	s_stamp(st, &sb);
	if (ed->kind == S_STORE)
		svc->set_reason(ctx, "%s %s in %s", changed ? "stored" :
		                "already", ed->host, st->path);
	else
		svc->set_reason(ctx, "erased %zu token(s) of %s from %s",
		                changed, ed->host, st->path);
	if (pruned)
		svc->log(ctx, DAGSHUB_LOG_INFO, "dropped %zu expired token(s) "
		         "from %s", pruned, st->path);
	res = DAGSHUB_PROVIDER_TOKEN;
	goto out;
nomem:
	svc->set_reason(ctx, "out of memory");
	goto out;
fail:
	svc->set_reason(ctx, "%s", err ? err : "out of memory");
out:
	cl_unlock(lock);
	cf_file_free(&model);
	s_free_buf(out, outlen);
	free(err);
	return res;
}

static dagshub_provider_result s_store(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const dagshub_provider_token *tok)
{
	s_edit ed = { S_STORE, req->host, tok->value,
	              tok->type ? tok->type : DAGSHUB_TOKEN_TYPE_APP,
	              tok->expires_us };

	/* Refuse what would break the Python client's loader. */
	if (!tok->value || !*tok->value || !cf_valid_utf8(tok->value)) {
		svc->set_reason(ctx, "refusing to store an empty or non-UTF-8 "
		                "token");
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (strcmp(ed.type, DAGSHUB_TOKEN_TYPE_APP) &&
	    strcmp(ed.type, DAGSHUB_TOKEN_TYPE_BEARER)) {
		svc->set_reason(ctx, "the token cache holds only app-token and "
		                "bearer tokens, not %s", ed.type);
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (!strcmp(ed.type, DAGSHUB_TOKEN_TYPE_BEARER) && !ed.expires_us) {
		svc->set_reason(ctx, "a bearer token needs an expiry in the "
		                "token cache");
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (ed.expires_us && ed.expires_us <= svc->now_us(ctx)) {
		svc->set_reason(ctx, "the token has already expired; not "
		                "stored");
		return DAGSHUB_PROVIDER_ERROR;
	}
	return s_rewrite(state, ctx, req, &ed);
}

static dagshub_provider_result s_erase(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const char *value)
{
	s_edit ed = { S_ERASE, req->host, value, NULL, 0 };

	return s_rewrite(state, ctx, req, &ed);
}

/* ---- clear: delete the file under the lock; nothing else ---- */

static dagshub_provider_result s_clear(void *state, dagshub_provider_ctx *ctx)
{
	s_state *st = state;
	char *err = NULL;
	int lock;

	if (access(st->path, F_OK) < 0 && errno == ENOENT) {
		svc->set_reason(ctx, "no token cache at %s", st->path);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	lock = cl_lock(st->lock_path, s_deadline(NULL), &err);
	if (lock < 0) {
		svc->set_reason(ctx, "%s", err ? err : "out of memory");
		free(err);
		return DAGSHUB_PROVIDER_ERROR;
	}
	s_forget(st);
	if (unlink(st->path) < 0) {
		int e = errno;

		cl_unlock(lock);
		if (e == ENOENT) {
			svc->set_reason(ctx, "no token cache at %s", st->path);
			return DAGSHUB_PROVIDER_NOTFOUND;
		}
		svc->set_reason(ctx, "cannot delete %s: %s", st->path,
		                strerror(e));
		return DAGSHUB_PROVIDER_ERROR;
	}
	cl_unlock(lock);
	svc->set_reason(ctx, "deleted %s", st->path);
	return DAGSHUB_PROVIDER_TOKEN;
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "cache",
	.flags = DAGSHUB_PROVIDER_KEEPS_TOKENS,
	.open = s_open,
	.get = s_get,
	.store = s_store,
	.erase = s_erase,
	.list = s_list,
	.clear = s_clear,
	.close = s_close,
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *core_svc);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *core_svc)
{
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR || !core_svc ||
	    /* ABI 1.0's services suffice (caller_cache_path, from 1.1,
	     * is tested before use): never refuse an older core */
	    !DAGSHUB_HAS_FIELD(core_svc, dagshub_provider_services, state_dir))
		return NULL;
	svc = core_svc;
	return &s_ops;
}
