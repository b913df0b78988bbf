/*
 * providers/file/file.c - a token from a file that something else keeps
 * current: a Kubernetes secret volume, a Vault Agent sink, a systemd
 * credential (LoadCredential=), a Docker or Podman secret.
 *
 * args:
 *   path          = "/var/run/secrets/dagshub/token";   absolute
 *   credential    = "dagshub-token";  $CREDENTIALS_DIRECTORY/NAME instead
 *   format        = "raw";            or "json"
 *   field         = "token";          json: the member holding the token
 *   expires_field = "expires";        json: optional; Unix seconds or
 *                                     an RFC 3339 string
 *   hosts, any_host                   as the env provider
 *
 * Rotation.  The engines that write these files replace them atomically:
 * the kubelet writes a new hidden folder and swaps the `..data` symlink
 * by rename(); Vault Agent writes a temporary file and renames it over
 * the sink.  So the name resolves to a new inode after every update.
 * Each get() stat()s the name (following every symlink) and compares the
 * file's device, inode, size, modification time and status-change time
 * (ctime: a chmod or chown changes only that, and the trust check and the
 * readable-by-others warning must see it) with the ones of the copy it
 * holds; when any differs it reads the file again.  A long-lived
 * handle thus follows a rotation on its very next get, and costs one
 * stat() when nothing changed.
 *
 * Reading.  The name itself is passed to svc->open_trusted(), which
 * resolves its symlinks one component at a time (no realpath() first: a
 * swap between the two would open a file that was not checked) and checks
 * the owner and mode of every folder and symlink on the way and of the
 * open file.  The resolved name, for reasons and the exemptions, is then
 * read back from the descriptor (/proc/self/fd/N).  The identity kept is
 * fstat() of that descriptor, taken before and after the read: if the
 * file changed while it was read (someone writing it in place), the read
 * is repeated, so a get never hands out half of an old and half of a new
 * token.
 */
#define _GNU_SOURCE /* secure_getenv */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "dagshub/provider.h"
#include "../common/cjson.h"
#include "../common/hosts.h"
#include "../oauth/expiry.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

#define S_MAX_SIZE (64 * 1024) /* bytes read at most */
#define S_TRIES 3              /* reads when the file changes underneath */

static const dagshub_provider_services *svc;

/* What identifies one version of the file. */
typedef struct s_ident {
	dev_t dev;
	ino_t ino;
	off_t size;
	struct timespec mtime;
	struct timespec ctime; /* chmod/chown change only this */
} s_ident;

struct s_file {
	const char *path;       /* args.path, or NULL; owned by the config */
	const char *credential; /* args.credential, or NULL */
	bool json;
	const char *field, *expires_field;
	ph_hosts hosts;

	/* The copy held: valid when value != NULL. */
	char *value;
	size_t value_len;
	int64_t expires_us;
	s_ident ident;
	char *warning;  /* readable-by-others warning, shown on every get */
	char *resolved; /* the file the copy came from */
};

static void s_forget(struct s_file *st)
{
	dh_free_wiped(st->value, st->value_len);
	st->value = NULL;
	st->value_len = 0;
	free(st->warning);
	st->warning = NULL;
	free(st->resolved);
	st->resolved = NULL;
}

static void s_close(void *state)
{
	struct s_file *st = state;

	if (!st)
		return;
	s_forget(st);
	ph_hosts_free(&st->hosts);
	free(st);
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "path", "credential", "format",
	                                      "field", "expires_field",
	                                      "hosts", "any_host", NULL };
	const char *format = "raw", *field = NULL;
	struct s_file *st;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (!(st = calloc(1, sizeof(*st)))) {
		svc->set_reason(ctx, "out of memory");
		return -1;
	}
	st->field = "token";
	if (svc->arg_string(ctx, "path", &st->path) == DAGSHUB_ARG_INVALID ||
	    svc->arg_string(ctx, "credential", &st->credential) ==
	            DAGSHUB_ARG_INVALID ||
	    svc->arg_string(ctx, "format", &format) == DAGSHUB_ARG_INVALID ||
	    svc->arg_string(ctx, "field", &field) == DAGSHUB_ARG_INVALID ||
	    svc->arg_string(ctx, "expires_field", &st->expires_field) ==
	            DAGSHUB_ARG_INVALID)
		goto fail;
	if (!st->path == !st->credential) {
		svc->set_reason(ctx, "set args.path (an absolute file name) or "
		                "args.credential (a systemd credential's name), "
		                "not %s", st->path ? "both" : "neither");
		goto fail;
	}
	if (st->path && st->path[0] != '/') {
		svc->set_reason(ctx, "args.path = \"%s\" is not absolute",
		                st->path);
		goto fail;
	}
	if (st->credential && (!*st->credential || strchr(st->credential, '/') ||
	                       !strcmp(st->credential, ".") ||
	                       !strcmp(st->credential, ".."))) {
		svc->set_reason(ctx, "args.credential = \"%s\" is not a credential "
		                "name (a file name in $CREDENTIALS_DIRECTORY, "
		                "without '/')", st->credential);
		goto fail;
	}
	if (!strcmp(format, "json")) {
		st->json = true;
	} else if (strcmp(format, "raw") != 0) {
		svc->set_reason(ctx, "args.format = \"%s\": use \"raw\" or "
		                "\"json\"", format);
		goto fail;
	}
	if (!st->json && (field || st->expires_field)) {
		svc->set_reason(ctx, "args.field and args.expires_field need "
		                "format = \"json\"");
		goto fail;
	}
	if (field)
		st->field = field;
	if (!*st->field) {
		svc->set_reason(ctx, "args.field is empty");
		goto fail;
	}
	if (ph_hosts_read(svc, ctx, &st->hosts) != 0)
		goto fail;
	*state = st;
	return 0;
fail:
	s_close(st);
	return -1;
}

static void s_ident_of(s_ident *id, const struct stat *sb)
{
	id->dev = sb->st_dev;
	id->ino = sb->st_ino;
	id->size = sb->st_size;
	id->mtime = sb->st_mtim;
	id->ctime = sb->st_ctim;
}

static bool s_ident_eq(const s_ident *a, const s_ident *b)
{
	return a->dev == b->dev && a->ino == b->ino && a->size == b->size &&
	       a->mtime.tv_sec == b->mtime.tv_sec &&
	       a->mtime.tv_nsec == b->mtime.tv_nsec &&
	       a->ctime.tv_sec == b->ctime.tv_sec &&
	       a->ctime.tv_nsec == b->ctime.tv_nsec;
}

/* Whether `path` (resolved) lies under folder `dir` (resolved first). */
static bool s_under(const char *path, const char *dir)
{
	char real[PATH_MAX];
	size_t n;

	if (!dir || !*dir || !realpath(dir, real))
		return false;
	n = strlen(real);
	while (n > 1 && real[n - 1] == '/')
		n--;
	return !strncmp(path, real, n) && path[n] == '/';
}

/*
 * Places whose engines make token files readable by a group on purpose,
 * so a group- or other-readable file there gets no warning (listed in
 * dagshub-auth-file(7)):
 *   /run/secrets/...        Docker and Podman secrets (/var/run -> /run)
 *   $CREDENTIALS_DIRECTORY  systemd credentials
 *   a Kubernetes secret volume: the kubelet's atomic writer keeps the
 *   files in a hidden "..<timestamp>" folder reached through "..data",
 *   and its volumes live under /var/lib/kubelet/pods/ on the node and
 *   under /var/run/secrets/ (-> /run/secrets) in the pod.
 */
/* Whether the folder name c (n bytes, no '/') is one the kubelet's atomic
 * writer makes: "..data", or "..2006_01_02_15_04_05.NNN" (a UTC time
 * and the digits os.MkdirTemp adds).  Not any name starting with "..". */
static bool s_kubelet_dir(const char *c, size_t n)
{
	static const char pat[] = "..dddd_dd_dd_dd_dd_dd.";
	size_t k = sizeof(pat) - 1;

	if (n == 6 && !memcmp(c, "..data", 6))
		return true;
	if (n <= k)
		return false;
	for (size_t i = 0; i < n; i++) {
		char want = i < k ? pat[i] : 'd';
		if (want == 'd' ? (c[i] < '0' || c[i] > '9') : c[i] != want)
			return false;
	}
	return true;
}

static bool s_exempt(const char *resolved)
{
	if (!strncmp(resolved, "/run/secrets/", 13) ||
	    !strncmp(resolved, "/var/run/secrets/", 17) ||
	    !strncmp(resolved, "/var/lib/kubelet/pods/", 22))
		return true;
	/* A folder on the way (not the file's own name) made by the kubelet. */
	for (const char *c = resolved; (c = strchr(c, '/'));) {
		const char *end = strchr(++c, '/');
		if (!end)
			break;
		if (s_kubelet_dir(c, (size_t)(end - c)))
			return true;
		c = end;
	}
	return s_under(resolved, secure_getenv("CREDENTIALS_DIRECTORY"));
}

/* The file a descriptor reads, for reasons and the exemptions above:
 * /proc/self/fd/N names it; without /proc, realpath() of the name. */
static void s_fd_path(int fd, const char *name, char out[PATH_MAX])
{
	char link[64];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	n = readlink(link, out, PATH_MAX - 1);
	if (n > 0 && out[0] == '/') {
		out[n] = '\0';
		return;
	}
	if (!realpath(name, out))
		snprintf(out, PATH_MAX, "%s", name);
}

/* Reads the open file into a malloc()ed NUL-terminated buffer.  Returns
 * its length, -1 on a read error (errno), -2 when larger than the cap.
 * Only the length read and its NUL are ever written: free the buffer
 * with s_free_read(), which wipes those and not the untouched rest (a
 * wipe of all 64 KiB cost every read 16 page faults). */
static ssize_t s_read_all(int fd, char **out)
{
	char *buf = malloc(S_MAX_SIZE + 2);
	size_t len = 0;

	*out = NULL;
	if (!buf) {
		errno = ENOMEM;
		return -1;
	}
	for (;;) {
		ssize_t n = pread(fd, buf + len, S_MAX_SIZE + 1 - len, (off_t)len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			int e = errno;
			dh_free_wiped(buf, len);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		len += (size_t)n;
		if (len > S_MAX_SIZE) {
			dh_free_wiped(buf, len);
			return -2;
		}
	}
	buf[len] = '\0';
	*out = buf;
	return (ssize_t)len;
}

static void s_free_read(char *buf, ssize_t len)
{
	dh_free_wiped(buf, (size_t)len + 1);
}

/* The token and expiry from a JSON document.  Returns a malloc()ed value,
 * or NULL with the reason set. */
static char *s_from_json(struct s_file *st, dagshub_provider_ctx *ctx,
                         const char *file, const char *text, size_t len,
                         int64_t *expires_us)
{
	cJSON *doc, *v, *tokv;
	char *value = NULL;
	const char *why, *end = NULL;

	*expires_us = 0;
	/* As a raw file's NUL byte (s_load): the token would end there. */
	if ((why = dh_json_nul(text, len)) != NULL) {
		svc->set_reason(ctx, "%s holds %s: not a token file (format = "
		                "\"json\")", file, why);
		return NULL;
	}
	if (dh_cjson_load(&why) != 0) {
		svc->set_reason(ctx, "%s cannot be read (format = \"json\"): %s",
		                file, why);
		return NULL;
	}
	/* cJSON stops after the first value: what follows it (a second
	 * object, a half-written copy) must be only white space, or the
	 * file is not one JSON document and which token is meant is a
	 * guess. */
	doc = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (!cJSON_IsObject(doc)) {
		svc->set_reason(ctx, "%s is not a JSON object (format = \"json\")",
		                file);
		goto out;
	}
	/* text is NUL-terminated and holds no NUL (dh_json_nul above). */
	if (end)
		end += strspn(end, " \t\r\n");
	if (!end || end != text + len) {
		svc->set_reason(ctx, "%s is not one JSON object (format = "
		                "\"json\"): something follows it at byte %zu",
		                file, end ? (size_t)(end - text) + 1 : len);
		goto out;
	}
	v = tokv = cJSON_GetObjectItemCaseSensitive(doc, st->field);
	if (!v) {
		svc->set_reason(ctx, "%s has no \"%s\" member (args.field)", file,
		                st->field);
		goto out;
	}
	if (!cJSON_IsString(v) || !v->valuestring) {
		svc->set_reason(ctx, "%s: \"%s\" is not a string", file,
		                st->field);
		goto out;
	}
	if (!*v->valuestring) {
		svc->set_reason(ctx, "%s: \"%s\" is empty", file, st->field);
		goto out;
	}
	if (st->expires_field &&
	    (v = cJSON_GetObjectItemCaseSensitive(doc, st->expires_field)) &&
	    !cJSON_IsNull(v)) {
		if (cJSON_IsNumber(v) && v->valuedouble > 0 &&
		    v->valuedouble < 253402300800.0) {
			*expires_us = (int64_t)v->valuedouble * 1000000;
		} else if (!cJSON_IsString(v) ||
		           oauth_parse_expiry(expires_us, v->valuestring) != 0) {
			svc->set_reason(ctx, "%s: \"%s\" is not a time (Unix "
			                "seconds or RFC 3339)", file,
			                st->expires_field);
			goto out;
		}
	}
	if (!(value = strdup(tokv->valuestring)))
		svc->set_reason(ctx, "out of memory");
out:
	/* cJSON_Delete frees without wiping: wipe the strings first. */
	for (cJSON *it = cJSON_IsObject(doc) ? doc->child : NULL; it;
	     it = it->next)
		if (cJSON_IsString(it) && it->valuestring)
			dh_wipe(it->valuestring, strlen(it->valuestring));
	cJSON_Delete(doc);
	return value;
}

/* Reads the file anew into st.  Returns TOKEN (st's copy set), NOTFOUND
 * or ERROR with the reason set. */
static dagshub_provider_result s_load(struct s_file *st,
                                      dagshub_provider_ctx *ctx,
                                      const char *name)
{
	for (int attempt = 0; attempt < S_TRIES; attempt++) {
		char resolved[PATH_MAX];
		struct stat before, after;
		char *buf = NULL, *value;
		int64_t expires = 0;
		ssize_t len;
		int fd = -1, rc;

		/* open_trusted resolves the symlinks (kubelet's ..data) one
		 * component at a time, checking each folder on the way. */
		rc = svc->open_trusted(ctx, name, O_NONBLOCK, "token file", &fd);
		if (rc == 1 && attempt + 1 < S_TRIES)
			continue; /* renamed or swapped away while resolving */
		if (rc == 1)
			return DAGSHUB_PROVIDER_NOTFOUND; /* reason set */
		if (rc != 0)
			return DAGSHUB_PROVIDER_ERROR; /* reason set */
		s_fd_path(fd, name, resolved);
		if (fstat(fd, &before) != 0) {
			svc->set_reason(ctx, "%s: %s", resolved, strerror(errno));
			close(fd);
			return DAGSHUB_PROVIDER_ERROR;
		}
		len = s_read_all(fd, &buf);
		if (len >= 0 && fstat(fd, &after) != 0)
			after = before;
		close(fd);
		if (len == -2) {
			svc->set_reason(ctx, "%s is larger than %d KiB: not a token "
			                "file", resolved, S_MAX_SIZE / 1024);
			return DAGSHUB_PROVIDER_ERROR;
		}
		if (len < 0) {
			svc->set_reason(ctx, "reading %s: %s", resolved,
			                strerror(errno));
			return DAGSHUB_PROVIDER_ERROR;
		}
		{
			s_ident a, b;
			s_ident_of(&a, &before);
			s_ident_of(&b, &after);
			if (!s_ident_eq(&a, &b) || (off_t)len != after.st_size) {
				/* Written in place while we read: read again,
				 * and never hand out what may be a mix. */
				s_free_read(buf, len);
				continue;
			}
		}
		if (!st->json) {
			size_t n = (size_t)len;
			/* One trailing newline (an editor's or `echo`'s). */
			if (n && buf[n - 1] == '\n') {
				n--;
				if (n && buf[n - 1] == '\r')
					n--;
			}
			buf[n] = '\0';
			if (!n) {
				svc->set_reason(ctx, "%s is empty", resolved);
				s_free_read(buf, len);
				return DAGSHUB_PROVIDER_ERROR;
			}
			/* strdup would stop at it and hand out a cut token. */
			if (memchr(buf, '\0', n)) {
				svc->set_reason(ctx, "%s holds a NUL byte: not a "
				                "token file", resolved);
				s_free_read(buf, len);
				return DAGSHUB_PROVIDER_ERROR;
			}
			value = strdup(buf);
		} else {
			value = s_from_json(st, ctx, resolved, buf, (size_t)len,
			                    &expires);
			if (!value) {
				s_free_read(buf, len);
				return DAGSHUB_PROVIDER_ERROR;
			}
		}
		s_free_read(buf, len);
		if (!value) {
			svc->set_reason(ctx, "out of memory");
			return DAGSHUB_PROVIDER_ERROR;
		}
		s_forget(st);
		st->value = value;
		st->value_len = strlen(value);
		st->expires_us = expires;
		s_ident_of(&st->ident, &after);
		st->resolved = strdup(resolved);
		if ((after.st_mode & (S_IRGRP | S_IROTH)) && !s_exempt(resolved)) {
			char *w = NULL;
			if (asprintf(&w, "token file %s is readable by %s (mode "
			             "%04o); run: chmod go-r %s", resolved,
			             (after.st_mode & S_IROTH) ? "others"
			                                       : "its group",
			             (unsigned)(after.st_mode & 07777), resolved) > 0)
				st->warning = w;
		}
		return DAGSHUB_PROVIDER_TOKEN;
	}
	svc->set_reason(ctx, "%s kept changing while it was read", name);
	return DAGSHUB_PROVIDER_ERROR;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_file *st = state;
	dagshub_provider_token tok;
	dagshub_provider_result res;
	char name[PATH_MAX];
	const char *how = "unchanged";
	struct stat sb;

	if (!ph_hosts_match(&st->hosts, req)) {
		ph_hosts_miss(svc, ctx, &st->hosts, req, "the token file");
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (st->credential) {
		const char *dir = secure_getenv("CREDENTIALS_DIRECTORY");
		if (!dir || !*dir) {
			svc->set_reason(ctx, "$CREDENTIALS_DIRECTORY is not set, so "
			                "no credential \"%s\" (set it up with "
			                "LoadCredential= in the service's unit)",
			                st->credential);
			return DAGSHUB_PROVIDER_NOTFOUND;
		}
		/* systemd sets an absolute folder; a relative one would name
		 * a file that depends on the current folder (as args.path
		 * must be absolute). */
		if (dir[0] != '/') {
			svc->set_reason(ctx, "$CREDENTIALS_DIRECTORY = \"%s\" is "
			                "not absolute (systemd sets an absolute "
			                "folder), so no credential \"%s\"", dir,
			                st->credential);
			return DAGSHUB_PROVIDER_ERROR;
		}
		if ((size_t)snprintf(name, sizeof(name), "%s/%s", dir,
		                     st->credential) >= sizeof(name)) {
			svc->set_reason(ctx, "$CREDENTIALS_DIRECTORY is too long");
			return DAGSHUB_PROVIDER_ERROR;
		}
	} else if ((size_t)snprintf(name, sizeof(name), "%s", st->path) >=
	           sizeof(name)) {
		/* The cut copy would name another file, maybe one that
		 * exists. */
		svc->set_reason(ctx, "args.path is %zu bytes long: at most %zu",
		                strlen(st->path), sizeof(name) - 1);
		return DAGSHUB_PROVIDER_ERROR;
	}
	/* One stat() of the name, through every symlink: the same file as
	 * the copy held means the copy is current. */
	if (stat(name, &sb) != 0) {
		int e = errno;
		s_forget(st);
		if (e == ENOENT) {
			svc->set_reason(ctx, "no file %s", name);
			return DAGSHUB_PROVIDER_NOTFOUND;
		}
		svc->set_reason(ctx, "%s: %s", name, strerror(e));
		return DAGSHUB_PROVIDER_ERROR;
	}
	{
		s_ident now;
		s_ident_of(&now, &sb);
		if (!st->value || !s_ident_eq(&now, &st->ident)) {
			how = st->value ? "changed; read again" : "read";
			res = s_load(st, ctx, name);
			if (res != DAGSHUB_PROVIDER_TOKEN) {
				s_forget(st);
				return res;
			}
		}
	}
	if (st->warning)
		svc->warn(ctx, "%s", st->warning);
	if (st->expires_us && st->expires_us <= svc->now_us(ctx)) {
		svc->set_reason(ctx, "the token in %s has expired (its \"%s\")",
		                st->resolved ? st->resolved : name,
		                st->expires_field);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	memset(&tok, 0, sizeof(tok));
	tok.struct_size = sizeof(tok);
	tok.value = st->value;
	tok.expires_us = st->expires_us;
	if (svc->set_token(ctx, &tok, 0) != 0) {
		/* The core set the reason: which rule the value broke.  Do not
		 * keep a copy the core refuses. */
		s_forget(st);
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (st->resolved && strcmp(st->resolved, name) != 0)
		svc->set_reason(ctx, "from %s (-> %s; %s)", name, st->resolved,
		                how);
	else
		svc->set_reason(ctx, "from %s (%s)", name, how);
	return DAGSHUB_PROVIDER_TOKEN;
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "file",
	.flags = 0,
	.open = s_open,
	.get = s_get,
	.close = s_close,
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services)
{
	(void)core_abi_minor;
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR)
		return NULL;
	/* open_trusted is ABI 1.1: an older core cannot check the file. */
	if (!DAGSHUB_HAS_FIELD(services, dagshub_provider_services,
	                       open_trusted))
		return NULL;
	svc = services;
	return &s_ops;
}
