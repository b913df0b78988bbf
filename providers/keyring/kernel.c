/*
 * providers/keyring/kernel.c - the kernel keyring backend (libkeyutils),
 * for servers and CI runners without a desktop session.
 *
 * A token is a key of type "user" whose description is
 * "dagshub:<normalised host>" and whose payload is the token itself, so
 * `keyctl print %user:dagshub:https://dagshub.com` shows it to its owner.
 * One key per host: add_key() replaces the payload of a key with the same
 * description, so a value is never stored twice.
 *
 * Which keyring (args.keyring):
 *   "persistent" (default)  the user's persistent keyring, which outlives
 *                           login sessions (keyctl_get_persistent); where
 *                           the kernel has none, the user keyring.
 *   "user"                  the user keyring (lives while a process of the
 *                           user runs).
 *   "session"               the session keyring of the calling process.
 *   a positive number       that keyring, by id.
 * Only the keyring's own keys are looked at, not keyrings linked into it,
 * so erase() removes exactly what get() found.  An expiry is kept with
 * keyctl_set_timeout(): the kernel drops the key when the token expires.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>

#include "keyring.h"

int kr_kernel_check_keyring(const char *name, const char **why)
{
	char *end;
	long v;

	if (!strcmp(name, "persistent") || !strcmp(name, "user") ||
	    !strcmp(name, "session"))
		return 0;
	errno = 0;
	v = strtol(name, &end, 10);
	if (*name && !*end && errno == 0 && v > 0 && v <= INT32_MAX)
		return 0;
	*why = "use \"persistent\", \"user\", \"session\" or a keyring id "
	       "(a positive number, as `keyctl show` prints)";
	return -1;
}

/* The keyring to use: its id and a name for reasons. */
typedef struct s_ring {
	key_serial_t id;
	char what[96];
} s_ring;

/* A failed keyctl: unavailable when the kernel (or a container's seccomp
 * profile) offers no keyrings, else an error. */
static dagshub_provider_result s_fail(kr_state *st, dagshub_provider_ctx *ctx,
                                      const char *doing, int err)
{
	if (err == ENOSYS || err == EPERM || err == EOPNOTSUPP) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": the kernel keyring is not "
		          "available here (%s: %s; a container's seccomp profile "
		          "may block keyctl)", doing, strerror(err));
		return DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	kr_reason(st, ctx, KR_KERNEL_NAME ": %s: %s", doing, strerror(err));
	return DAGSHUB_PROVIDER_ERROR;
}

/* Finds the keyring of args.keyring.  create: make the user keyring when
 * the process has none yet (for store()).  Returns 1 found,
 * 0 none (only when !create), -1 failed (result in *res). */
static int s_ring_open(kr_state *st, dagshub_provider_ctx *ctx, int create,
                       s_ring *ring, dagshub_provider_result *res)
{
	const char *name = st->keyring;
	key_serial_t spec = 0;
	char *desc = NULL;
	long id;

	if (!strcmp(name, "persistent")) {
		/* Linked into our process keyring: that gives us possession
		 * (so the default "possessor may read" permission applies)
		 * without touching the user's session keyring. */
		id = keyctl_get_persistent((uid_t)-1, KEY_SPEC_PROCESS_KEYRING);
		if (id >= 0) {
			ring->id = (key_serial_t)id;
			snprintf(ring->what, sizeof(ring->what),
			         "persistent keyring %ld", id);
			return 1;
		}
		if (errno != EOPNOTSUPP) {
			*res = s_fail(st, ctx, "keyctl_get_persistent", errno);
			return -1;
		}
		spec = KEY_SPEC_USER_KEYRING;
	} else if (!strcmp(name, "user")) {
		spec = KEY_SPEC_USER_KEYRING;
	} else if (!strcmp(name, "session")) {
		spec = KEY_SPEC_SESSION_KEYRING;
	}
	if (spec) {
		/* Never create a session keyring: a process that has none uses
		 * the user-session keyring, and a keyring made now would be
		 * this process's alone and die with it, taking the token. */
		id = keyctl_get_keyring_ID(spec, spec == KEY_SPEC_SESSION_KEYRING
		                                 ? 0 : create);
		if (id < 0) {
			if (!create && errno == ENOKEY)
				return 0;
			*res = s_fail(st, ctx, "keyctl_get_keyring_ID", errno);
			return -1;
		}
		ring->id = (key_serial_t)id;
		snprintf(ring->what, sizeof(ring->what), "%s keyring %ld%s",
		         spec == KEY_SPEC_SESSION_KEYRING ? "session" : "user", id,
		         strcmp(name, "persistent") ? "" : " (this kernel has no "
		         "persistent keyrings)");
		return 1;
	}
	/* A keyring named by id: it must exist and be a keyring. */
	ring->id = (key_serial_t)strtol(name, NULL, 10);
	if (keyctl_describe_alloc(ring->id, &desc) < 0) {
		*res = s_fail(st, ctx, "keyctl_describe (args.keyring)", errno);
		return -1;
	}
	if (strncmp(desc, "keyring;", 8) != 0) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": args.keyring = %s is not a "
		          "keyring", name);
		free(desc);
		*res = DAGSHUB_PROVIDER_ERROR;
		return -1;
	}
	free(desc);
	snprintf(ring->what, sizeof(ring->what), "keyring %s", name);
	return 1;
}

/* "dagshub:<host>" for key `id`, or NULL when it is not one of ours
 * (another type, another description, or not viewable).  malloc()ed;
 * points at the host with *host. */
static char *s_our_desc(key_serial_t id, const char **host)
{
	char *d = NULL, *p;
	int field = 0;

	if (keyctl_describe_alloc(id, &d) < 0)
		return NULL;
	/* "type;uid;gid;perm;description": the description may hold ';'. */
	if (strncmp(d, "user;", 5) != 0)
		goto no;
	for (p = d; *p && field < 4; p++)
		if (*p == ';')
			field++;
	if (field < 4 || strncmp(p, KR_KERNEL_PREFIX,
	                         strlen(KR_KERNEL_PREFIX)) != 0)
		goto no;
	*host = p + strlen(KR_KERNEL_PREFIX);
	return d;
no:
	free(d);
	return NULL;
}

/* Calls fn for each of our keys in the keyring (host NULL: every host).
 * Stops when fn returns non-zero.  Returns 0, or -1 with errno set. */
static int s_each_key(key_serial_t ring, const char *host,
                      int (*fn)(key_serial_t key, const char *host, void *p),
                      void *payload)
{
	void *buf = NULL;
	int len;

	if ((len = keyctl_read_alloc(ring, &buf)) < 0)
		return -1;
	for (size_t i = 0; i < (size_t)len / sizeof(key_serial_t); i++) {
		key_serial_t key = ((key_serial_t *)buf)[i];
		const char *h = NULL;
		char *d = s_our_desc(key, &h);
		int stop;

		if (!d)
			continue;
		stop = (!host || !strcmp(h, host)) ? fn(key, h, payload) : 0;
		free(d);
		if (stop)
			break;
	}
	free(buf);
	return 0;
}

static int s_first(key_serial_t key, const char *host, void *p)
{
	(void)host;
	*(key_serial_t *)p = key;
	return 1;
}

/* Reads a key's payload as a NUL-terminated token; *len its length.
 * Returns NULL with errno set, or EINVAL when it is not a token. */
static char *s_read_token(key_serial_t key, size_t *len)
{
	void *buf = NULL;
	int n = keyctl_read_alloc(key, &buf);

	if (n < 0)
		return NULL;
	*len = (size_t)n;
	/* keyctl_read_alloc() adds a NUL after the payload. */
	if (n == 0 || strlen(buf) != (size_t)n) {
		dh_free_wiped(buf, (size_t)n);
		errno = EINVAL;
		return NULL;
	}
	return buf;
}

static dagshub_provider_result s_find(kr_state *st, dagshub_provider_ctx *ctx,
                                      const char *host, int create,
                                      s_ring *ring, key_serial_t *key)
{
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	int r = s_ring_open(st, ctx, create, ring, &res);

	*key = 0;
	if (r < 0)
		return res;
	if (r == 0) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": no %s keyring yet, so no key "
		          "\"" KR_KERNEL_PREFIX "%s\"", st->keyring, host);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (s_each_key(ring->id, host, s_first, key) != 0)
		return s_fail(st, ctx, "reading the keyring", errno);
	if (!*key) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": no key \"" KR_KERNEL_PREFIX
		          "%s\" in the %s", host, ring->what);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	return DAGSHUB_PROVIDER_TOKEN;
}

dagshub_provider_result kr_kernel_get(kr_state *st, dagshub_provider_ctx *ctx,
                                      const dagshub_provider_request *req)
{
	dagshub_provider_token tok = { 0 };
	dagshub_provider_result res;
	key_serial_t key;
	char *value = NULL;
	size_t len = 0;
	s_ring ring;

	res = s_find(st, ctx, req->host, 0, &ring, &key);
	if (res != DAGSHUB_PROVIDER_TOKEN)
		goto out;
	if (!(value = s_read_token(key, &len))) {
		if (errno == EKEYEXPIRED || errno == EKEYREVOKED ||
		    errno == ENOKEY) {
			kr_reason(st, ctx, KR_KERNEL_NAME ": key %d in the %s has "
			          "expired", (int)key, ring.what);
			res = DAGSHUB_PROVIDER_NOTFOUND;
		} else if (errno == EINVAL) {
			kr_reason(st, ctx, KR_KERNEL_NAME ": key %d in the %s does "
			          "not hold a token (empty or binary)", (int)key,
			          ring.what);
			res = DAGSHUB_PROVIDER_ERROR;
		} else {
			res = s_fail(st, ctx, "reading the key", errno);
		}
		goto out;
	}
	tok.struct_size = sizeof(tok);
	tok.host = req->host;
	tok.value = value;
	if (st->svc->set_token(ctx, &tok, 0) != 0) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": out of memory");
		res = DAGSHUB_PROVIDER_ERROR;
		goto out;
	}
	kr_reason(st, ctx, KR_KERNEL_NAME ": key %d in the %s", (int)key,
	          ring.what);
	res = DAGSHUB_PROVIDER_TOKEN;
out:
	dh_free_wiped(value, len);
	return res;
}

dagshub_provider_result kr_kernel_store(kr_state *st, dagshub_provider_ctx *ctx,
                                        const dagshub_provider_request *req,
                                        const dagshub_provider_token *tok)
{
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	unsigned int timeout = 0;
	char desc[1024];
	key_serial_t key;
	s_ring ring;

	if (tok->expires_us) {
		int64_t left = tok->expires_us - st->svc->now_us(ctx);
		if (left <= 0) {
			kr_reason(st, ctx, KR_KERNEL_NAME ": the token has already "
			          "expired; not stored");
			return DAGSHUB_PROVIDER_ERROR;
		}
		left = (left + 999999) / 1000000;
		timeout = left > (int64_t)UINT32_MAX ? UINT32_MAX
		                                     : (unsigned int)left;
	}
	if ((size_t)snprintf(desc, sizeof(desc), KR_KERNEL_PREFIX "%s",
	                     req->host) >= sizeof(desc)) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": host name too long");
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (s_ring_open(st, ctx, 1, &ring, &res) < 0)
		return res;
	key = add_key("user", desc, tok->value, strlen(tok->value), ring.id);
	if (key < 0) {
		if (errno == EDQUOT)
			kr_reason(st, ctx, KR_KERNEL_NAME ": the key quota of this "
			          "user is full (see /proc/sys/kernel/keys/maxbytes)");
		else
			return s_fail(st, ctx, "add_key", errno);
		return DAGSHUB_PROVIDER_ERROR;
	}
	/* Also clears the timeout an earlier token of the host had. */
	if (keyctl_set_timeout(key, timeout) < 0)
		st->svc->log(ctx, DAGSHUB_LOG_WARNING, "key %d: cannot set its "
		             "timeout: %s", (int)key, strerror(errno));
	kr_reason(st, ctx, KR_KERNEL_NAME ": key %d in the %s", (int)key,
	          ring.what);
	return DAGSHUB_PROVIDER_TOKEN;
}

dagshub_provider_result kr_kernel_erase(kr_state *st, dagshub_provider_ctx *ctx,
                                        const dagshub_provider_request *req,
                                        const char *value)
{
	dagshub_provider_result res;
	key_serial_t key;
	char *held = NULL;
	size_t len = 0;
	s_ring ring;

	res = s_find(st, ctx, req->host, 0, &ring, &key);
	if (res != DAGSHUB_PROVIDER_TOKEN)
		return res;
	if (value) {
		if (!(held = s_read_token(key, &len)) && errno != EINVAL)
			return s_fail(st, ctx, "reading the key", errno);
		if (!held || strcmp(held, value) != 0) {
			dh_free_wiped(held, len);
			kr_reason(st, ctx, KR_KERNEL_NAME ": key %d in the %s holds "
			          "another token; kept", (int)key, ring.what);
			return DAGSHUB_PROVIDER_NOTFOUND;
		}
		dh_free_wiped(held, len);
	}
	/* Invalidate rather than unlink: the key may be linked elsewhere
	 * too, and a forgotten token should be gone everywhere. */
	if (keyctl_invalidate(key) < 0 &&
	    (errno != EOPNOTSUPP || keyctl_unlink(key, ring.id) < 0))
		return s_fail(st, ctx, "removing the key", errno);
	kr_reason(st, ctx, KR_KERNEL_NAME ": removed key %d from the %s",
	          (int)key, ring.what);
	return DAGSHUB_PROVIDER_TOKEN;
}

struct s_list_ctx {
	kr_state *st;
	dagshub_provider_ctx *ctx;
	size_t listed;
};

static int s_list_one(key_serial_t key, const char *host, void *p)
{
	struct s_list_ctx *lc = p;
	dagshub_provider_token tok = { 0 };
	size_t len = 0;
	char *value = s_read_token(key, &len);

	if (!value)
		return 0;
	tok.struct_size = sizeof(tok);
	tok.host = host;
	tok.value = value;
	lc->st->svc->list_item(lc->ctx, &tok);
	lc->listed++;
	dh_free_wiped(value, len);
	return 0;
}

dagshub_provider_result kr_kernel_list(kr_state *st, dagshub_provider_ctx *ctx)
{
	struct s_list_ctx lc = { st, ctx, 0 };
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	s_ring ring;
	int r = s_ring_open(st, ctx, 0, &ring, &res);

	if (r < 0)
		return res;
	if (r == 0) {
		kr_reason(st, ctx, KR_KERNEL_NAME ": no %s keyring yet",
		          st->keyring);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (s_each_key(ring.id, NULL, s_list_one, &lc) != 0)
		return s_fail(st, ctx, "reading the keyring", errno);
	kr_reason(st, ctx, KR_KERNEL_NAME ": %zu token%s in the %s", lc.listed,
	          lc.listed == 1 ? "" : "s", ring.what);
	return lc.listed ? DAGSHUB_PROVIDER_TOKEN : DAGSHUB_PROVIDER_NOTFOUND;
}
