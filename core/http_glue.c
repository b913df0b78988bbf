/*
 * core/http_glue.c - the core's side of HTTP: checks a request, then
 * loads core/http/http.so (libcurl, cJSON) on the first one and hands it
 * over.  Nothing here links libcurl: a process that never makes a request
 * never maps it (tests/http/no_curl_hot_path.sh checks).
 *
 * Which module: HTTP_MODULE_PATH, compiled in from core/http/local.mk
 * ($(pkglibdir)/core/http.so).  Tests in the build tree point
 * DAGSHUB_AUTH_HTTP_MODULE at the built one; it is read with
 * secure_getenv, so a setuid program ignores it, and the file must pass the
 * same checks as a provider module (files.h: owner and mode on the open
 * descriptor, every folder up to /), and is loaded through that
 * descriptor (/proc/self/fd/N).
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "http/policy.h"
#include "http_glue.h"

#ifndef HTTP_MODULE_PATH
#define HTTP_MODULE_PATH "/usr/local/lib/dagshub-auth/core/http.so"
#endif

#define S_DEFAULT_TIMEOUT_S 30
#define S_MAX_TIMEOUT_S 86400

struct dh_http_state {
	const dh_http_module_ops *ops;
};

/*
 * HTTP modules loaded by this process (normally one), by file.  The
 * module is RTLD_NODELETE and loaded through /proc/self/fd/N; glibc keeps
 * answering dlopen() of that name with it, so fd N stays open for the
 * life of the process (see core/loader.c), and a later handle reuses the
 * loaded module when the file it checked is the same (device, inode)
 * instead of opening a second name for it.
 */
struct s_http_loaded {
	dev_t dev;
	ino_t ino;
	int fd;
	void *dl;
	struct s_http_loaded *next;
};

static pthread_mutex_t s_http_lock = PTHREAD_MUTEX_INITIALIZER;
static struct s_http_loaded *s_http_modules;

/* dlopen() of the checked descriptor fd, or the object already loaded
 * from that file.  Takes fd.  NULL with *why. */
static void *s_http_dlopen(int fd, const struct stat *st, const char *path,
                           char **why)
{
	struct s_http_loaded *l;
	char name[32];
	void *dl = NULL;

	pthread_mutex_lock(&s_http_lock);
	for (l = s_http_modules; l; l = l->next)
		if (l->dev == st->st_dev && l->ino == st->st_ino) {
			close(fd);
			dl = l->dl;
			goto out;
		}
	if (!(l = calloc(1, sizeof(*l)))) {
		close(fd);
		*why = dh_strdup("out of memory");
		goto out;
	}
	snprintf(name, sizeof(name), "/proc/self/fd/%d", fd);
	/* RTLD_NODELETE: never unmapped.  libcurl and OpenSSL leave
	 * thread-local data and exit handlers behind; unmapping them under a
	 * running process crashes LeakSanitizer at exit and is fragile
	 * anyway. */
	if (!(dl = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE))) {
		const char *e = dlerror();

		*why = dh_asprintf("cannot load the HTTP module %s: %s", path,
		                   e ? e : "unknown error");
		close(fd);
		free(l);
		goto out;
	}
	l->dev = st->st_dev;
	l->ino = st->st_ino;
	l->fd = fd;
	l->dl = dl;
	l->next = s_http_modules;
	s_http_modules = l;
out:
	pthread_mutex_unlock(&s_http_lock);
	return dl;
}

int dh_http_timeout_ms(long *out, char **why)
{
	const char *v = dh_getenv("DAGSHUB_HTTP_TIMEOUT");
	char *end = NULL;
	double s;

	*why = NULL;
	*out = S_DEFAULT_TIMEOUT_S * 1000L;
	if (!v)
		return 0;
	errno = 0;
	s = strtod(v, &end);
	if (!*v || end == v || *end || errno || !isfinite(s) || s <= 0 ||
	    s > S_MAX_TIMEOUT_S) {
		*why = dh_asprintf("DAGSHUB_HTTP_TIMEOUT=\"%s\" is not a timeout: "
		                   "give a number of seconds greater than 0 and at "
		                   "most %d (default %d), or unset it", v,
		                   S_MAX_TIMEOUT_S, S_DEFAULT_TIMEOUT_S);
		return -1;
	}
	*out = (long)(s * 1000.0 + 0.5);
	if (*out < 1)
		*out = 1;
	return 0;
}

/*
 * The module's init() and fini() are curl_global_init() and
 * curl_global_cleanup(), which each handle calls once.  Before libcurl 7.84
 * (configure accepts 7.64) they are not thread-safe, so two handles of two
 * threads must never run them at the same time: this lock serialises them
 * (the thread statement in <dagshub/auth.h> relies on it).
 */
static pthread_mutex_t s_curl_global_lock = PTHREAD_MUTEX_INITIALIZER;

static int s_module_init(const dh_http_module_ops *ops, char **why)
{
	int rc;

	pthread_mutex_lock(&s_curl_global_lock);
	rc = ops->init(why);
	pthread_mutex_unlock(&s_curl_global_lock);
	return rc;
}

static void s_module_fini(const dh_http_module_ops *ops)
{
	pthread_mutex_lock(&s_curl_global_lock);
	ops->fini();
	pthread_mutex_unlock(&s_curl_global_lock);
}

static const char *s_module_path(void)
{
	const char *p = dh_getenv("DAGSHUB_AUTH_HTTP_MODULE");

	return p && *p ? p : HTTP_MODULE_PATH;
}

const dh_http_module_ops *dh_http_module(struct dagshub_auth *a, char **why)
{
	struct dh_http_state *st = a->http;
	const char *path = s_module_path();
	dh_http_module_entry_fn entry;
	const dh_http_module_ops *ops;
	char *init_why = NULL;
	struct stat sb;
	void *dl;
	int fd;

	*why = NULL;
	if (st)
		return st->ops;
	/* Load what was checked: the descriptor, not the name again. */
	if (dh_open_trusted(&fd, path, 0, DH_TRUST_STRICT, "HTTP module",
	                    &a->trust_memo, &sb, why) != 0) {
		if (!*why)
			*why = dh_strdup("out of memory");
		return NULL;
	}
	if (!(dl = s_http_dlopen(fd, &sb, path, why)))
		return NULL;
	*(void **)&entry = dlsym(dl, DH_HTTP_MODULE_SYMBOL);
	ops = entry ? entry(DH_HTTP_MODULE_VERSION) : NULL;
	if (!ops || ops->version != DH_HTTP_MODULE_VERSION ||
	    ops->struct_size != sizeof(*ops)) {
		*why = dh_asprintf("the HTTP module %s does not belong to this "
		                   "library (%s, module interface %d); reinstall "
		                   "dagshub-auth", path, PACKAGE_VERSION,
		                   DH_HTTP_MODULE_VERSION);
		return NULL; /* stays mapped (RTLD_NODELETE), unused */
	}
	if (s_module_init(ops, &init_why) != 0) {
		*why = dh_asprintf("the HTTP module %s failed to start: %s", path,
		                   init_why ? init_why : "unknown error");
		free(init_why);
		return NULL;
	}
	if (!(st = calloc(1, sizeof(*st)))) {
		s_module_fini(ops);
		*why = dh_strdup("out of memory");
		return NULL;
	}
	st->ops = ops;
	a->http = st;
	return ops;
}

int64_t dh_http_deadline_begin(struct dagshub_auth *a)
{
	int64_t saved = a->http_deadline_ms;
	char *why = NULL;
	long ms;

	if (!saved && dh_http_timeout_ms(&ms, &why) == 0)
		a->http_deadline_ms = dh_monotonic_ms() + ms;
	free(why); /* a bad DAGSHUB_HTTP_TIMEOUT is reported by dh_http */
	return saved;
}

void dh_http_deadline_end(struct dagshub_auth *a, int64_t saved)
{
	a->http_deadline_ms = saved;
}

/* Shortens *timeout_ms to what is left of the command's deadline; -1
 * with *why when nothing is left. */
static int s_apply_deadline(struct dagshub_auth *a, long *timeout_ms,
                            char **why)
{
	int64_t left;

	if (!a->http_deadline_ms)
		return 0;
	left = a->http_deadline_ms - dh_monotonic_ms();
	if (left <= 0) {
		*why = dh_strdup("no time left for another request: "
		                 "DAGSHUB_HTTP_TIMEOUT bounds the whole command");
		return -1;
	}
	if (*timeout_ms > left)
		*timeout_ms = (long)left;
	return 0;
}

static int s_http(struct dagshub_auth *a, const dagshub_http_request *req,
                  dagshub_http_response *resp, bool core_request, char **why);

int dh_http(struct dagshub_auth *a, const dagshub_http_request *req,
            dagshub_http_response *resp, char **why)
{
	return s_http(a, req, resp, true, why);
}

static int s_http(struct dagshub_auth *a, const dagshub_http_request *req,
                  dagshub_http_response *resp, bool core_request, char **why)
{
	dagshub_http_request r = { 0 };
	const dh_http_module_ops *ops;
	dh_http_call call = { 0 };

	*why = NULL;
	if (resp) {
		memset(resp, 0, sizeof(*resp));
		resp->struct_size = sizeof(*resp);
	}
	if (!req || !resp || !req->struct_size) {
		*why = dh_strdup("bad HTTP request (no request, response or "
		                 "struct_size)");
		return DH_HTTP_REFUSED;
	}
	/* Read only the fields the caller's struct has. */
	memcpy(&r, req, req->struct_size < sizeof(r) ? req->struct_size
	                                             : sizeof(r));
	if (!r.url || !r.method ||
	    (strcmp(r.method, "GET") != 0 && strcmp(r.method, "POST") != 0)) {
		*why = dh_strdup("bad HTTP request: a URL and the method GET or "
		                 "POST are needed");
		return DH_HTTP_REFUSED;
	}
	/* Refuse before anything is loaded or connected. */
	if (dh_url_check(r.url, a->allow_insecure_http, why) != 0) {
		if (!*why)
			*why = dh_strdup("out of memory");
		return DH_HTTP_REFUSED;
	}
	call.method = r.method;
	call.url = r.url;
	call.bearer = r.bearer_token;
	call.form_body = r.form_body;
	call.user_agent = PACKAGE_NAME "/" PACKAGE_VERSION;
	call.allow_insecure_http = a->allow_insecure_http;
	if (r.timeout_ms > 0)
		call.timeout_ms = r.timeout_ms;
	else if (dh_http_timeout_ms(&call.timeout_ms, why) != 0)
		return DH_HTTP_REFUSED;
	if (core_request && s_apply_deadline(a, &call.timeout_ms, why) != 0)
		return -1; /* out of time: as a timeout */
	if (!(ops = dh_http_module(a, why)))
		return DH_HTTP_REFUSED;
	return ops->request(resp, &call, why);
}

void dh_http_response_clear(dagshub_http_response *resp)
{
	if (!resp)
		return;
	if (resp->body) {
		/* OAuth answers carry tokens */
		dh_wipe(resp->body, resp->body_len);
		free(resp->body);
	}
	memset(resp, 0, sizeof(*resp));
	resp->struct_size = sizeof(*resp);
}

/*
 * The provider's side of svc->http (provider.h, dagshub_http_response).
 * ABI 1.0's response had no struct_size: { status, body, body_len }.  Which
 * layout a provider's struct has is told by the calling entry's
 * ops->abi_minor, never guessed from its bytes.
 */
typedef struct s_response_v0 {
	long status;
	char *body;
	size_t body_len;
} s_response_v0;

#define S_RESPONSE_MIN (offsetof(dagshub_http_response, body_len) + \
                        sizeof(size_t))

static bool s_caller_is_v0(const dagshub_provider_ctx *ctx)
{
	const dh_entry *e = ctx ? ctx->entry : NULL;

	return e && e->mod.ops && e->mod.ops->abi_major == 1 &&
	       e->mod.ops->abi_minor == 0;
}

int dh_http_for_provider(dagshub_provider_ctx *ctx,
                         const dagshub_http_request *req, void *resp,
                         char **why)
{
	dagshub_http_response full = { 0 };
	int rc;

	*why = NULL;
	if (!resp) {
		*why = dh_strdup("bad HTTP request (no response)");
		return -1;
	}
	if (s_caller_is_v0(ctx)) {
		s_response_v0 *old = resp;

		memset(old, 0, sizeof(*old));
		rc = s_http(ctx->auth, req, &full, false, why);
		old->status = full.status;
		old->body = full.body;
		old->body_len = full.body_len;
		return rc;
	}
	{
		dagshub_http_response *r = resp;
		size_t n = r->struct_size;

		if (n < S_RESPONSE_MIN) {
			*why = dh_asprintf("bad HTTP request: the response's "
			                   "struct_size (%zu) is smaller than ABI "
			                   "1.1's (%zu); set it to sizeof(response)",
			                   n, (size_t)S_RESPONSE_MIN);
			return -1;
		}
		if (n > sizeof(full))
			n = sizeof(full);
		/* filled (or left zero on failure) in our own struct, then
		 * copied as far as both know: struct_size says how far */
		rc = s_http(ctx->auth, req, &full, false, why);
		full.struct_size = n;
		memcpy(r, &full, n);
		return rc;
	}
}

void dh_http_response_clear_for(dagshub_provider_ctx *ctx, void *resp)
{
	if (!resp)
		return;
	if (s_caller_is_v0(ctx)) {
		s_response_v0 *old = resp;

		if (old->body) {
			dh_wipe(old->body, old->body_len);
			free(old->body);
		}
		memset(old, 0, sizeof(*old));
		return;
	}
	{
		dagshub_http_response *r = resp;
		size_t n = r->struct_size;

		if (n < S_RESPONSE_MIN)
			return; /* not a response we filled */
		if (r->body) {
			dh_wipe(r->body, r->body_len);
			free(r->body);
		}
		if (n > sizeof(*r))
			n = sizeof(*r);
		memset((char *)r + sizeof(r->struct_size), 0,
		       n - sizeof(r->struct_size));
	}
}

void dh_http_unload(struct dagshub_auth *a)
{
	struct dh_http_state *st = a ? a->http : NULL;

	if (!st)
		return;
	/* the module stays loaded for the process (s_http_modules) */
	s_module_fini(st->ops);
	free(st);
	a->http = NULL;
}
