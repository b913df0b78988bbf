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
	if (ops->init(&init_why) != 0) {
		*why = dh_asprintf("the HTTP module %s failed to start: %s", path,
		                   init_why ? init_why : "unknown error");
		free(init_why);
		return NULL;
	}
	if (!(st = calloc(1, sizeof(*st)))) {
		ops->fini();
		*why = dh_strdup("out of memory");
		return NULL;
	}
	st->ops = ops;
	a->http = st;
	return ops;
}

int dh_http(struct dagshub_auth *a, const dagshub_http_request *req,
            dagshub_http_response *resp, char **why)
{
	dagshub_http_request r = { 0 };
	const dh_http_module_ops *ops;
	dh_http_call call = { 0 };

	*why = NULL;
	if (resp)
		memset(resp, 0, sizeof(*resp));
	if (!req || !resp || !req->struct_size) {
		*why = dh_strdup("bad HTTP request (no request, response or "
		                 "struct_size)");
		return -1;
	}
	/* Read only the fields the caller's struct has. */
	memcpy(&r, req, req->struct_size < sizeof(r) ? req->struct_size
	                                             : sizeof(r));
	if (!r.url || !r.method ||
	    (strcmp(r.method, "GET") != 0 && strcmp(r.method, "POST") != 0)) {
		*why = dh_strdup("bad HTTP request: a URL and the method GET or "
		                 "POST are needed");
		return -1;
	}
	/* Refuse before anything is loaded or connected. */
	if (dh_url_check(r.url, a->allow_insecure_http, why) != 0) {
		if (!*why)
			*why = dh_strdup("out of memory");
		return -1;
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
		return -1;
	if (!(ops = dh_http_module(a, why)))
		return -1;
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
}

void dh_http_unload(struct dagshub_auth *a)
{
	struct dh_http_state *st = a ? a->http : NULL;

	if (!st)
		return;
	/* the module stays loaded for the process (s_http_modules) */
	st->ops->fini();
	free(st);
	a->http = NULL;
}
