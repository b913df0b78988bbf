/*
 * core/services.c - the services the core lends to providers (the
 * dagshub_provider_services table), and opening/closing an entry.
 *
 * Everything a provider hands over is copied here, so a provider never
 * has to know how long the core keeps it.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include "internal.h"
#include "escape.h"
#include "../providers/common/mkdirp.h"

/* dagshub_provider_token as ABI 1.0 has it: a struct_size of 0 means
 * this size (a provider that never set the field), not ours. */
#define S_TOKEN_V0_SIZE (offsetof(dagshub_provider_token, username) + \
	sizeof(((dagshub_provider_token *)0)->username))

int64_t dh_now_us(const struct dagshub_auth *a)
{
	struct timespec ts;

	if (a && a->clock_us)
		return a->clock_us(a->clock_payload);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t dh_monotonic_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

int64_t dh_monotonic_ms(void)
{
	return dh_monotonic_us() / 1000;
}

/* ---- answers ---- */

static void s_clear_token(dagshub_provider_token *t)
{
	dh_free_secret((char *)t->value);
	free((char *)t->type);
	free((char *)t->username);
	free((char *)t->host);
	memset(t, 0, sizeof(*t));
}

void dh_ctx_reset(struct dagshub_provider_ctx *ctx)
{
	free(ctx->reason);
	ctx->reason = NULL;
	for (size_t i = 0; i < ctx->nwarnings; i++)
		free(ctx->warnings[i]);
	free(ctx->warnings);
	ctx->warnings = NULL;
	ctx->nwarnings = 0;
	s_clear_token(&ctx->tok);
	ctx->have_token = false;
	ctx->tok_flags = 0;
	free(ctx->tok_refused);
	ctx->tok_refused = NULL;
	ctx->args_error = false;
}

/* Log lines and messages go to the caller's callbacks (say.c). */
static void s_log(dagshub_provider_ctx *ctx, int level, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_logv(ctx->auth, level, ctx->entry->module, fmt, ap);
	va_end(ap);
}

static void s_set_reason(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *r;

	va_start(ap, fmt);
	r = dh_vasprintf(fmt, ap);
	va_end(ap);
	if (!r)
		return;
	free(ctx->reason);
	ctx->reason = r;
}

void dh_ctx_warn(struct dagshub_provider_ctx *ctx, const char *msg)
{
	char **w = realloc(ctx->warnings,
	                   (ctx->nwarnings + 2) * sizeof(*ctx->warnings));
	if (!w)
		return;
	ctx->warnings = w;
	if (!(w[ctx->nwarnings] = dh_strdup(msg)))
		return;
	w[++ctx->nwarnings] = NULL;
}

static void s_warn(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;
	char *m;

	va_start(ap, fmt);
	m = dh_vasprintf(fmt, ap);
	va_end(ap);
	if (m)
		dh_ctx_warn(ctx, m);
	free(m);
}

static void s_message(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_sayv(ctx->auth, DAGSHUB_MESSAGE_INFO, fmt, ap);
	va_end(ap);
}

/* May run on a provider's own thread while get() waits: it reads only
 * what does not change during a call (the handle's callback). */
static void s_progress(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_sayv(ctx->auth, DAGSHUB_MESSAGE_PROGRESS, fmt, ap);
	va_end(ap);
}

static void s_progress_done(dagshub_provider_ctx *ctx)
{
	dh_say(ctx->auth, DAGSHUB_MESSAGE_PROGRESS_DONE, "%s", "");
}

static const char *s_caller_cache_path(dagshub_provider_ctx *ctx)
{
	return ctx->auth->cache_path;
}

static int s_copy_token(dagshub_provider_token *dst,
                        const dagshub_provider_token *src, const char *host)
{
	memset(dst, 0, sizeof(*dst));
	dst->struct_size = sizeof(*dst);
	dst->value = dh_strdup(src->value);
	dst->type = dh_strdup(src->type);
	dst->username = dh_strdup(src->username);
	dst->host = dh_strdup(host);
	dst->expires_us = src->expires_us;
	if (!dst->value || (src->type && !dst->type) ||
	    (src->username && !dst->username) || (host && !dst->host)) {
		s_clear_token(dst);
		return -1;
	}
	return 0;
}

static int s_set_token(dagshub_provider_ctx *ctx,
                       const dagshub_provider_token *tok, unsigned int flags)
{
	dagshub_provider_token t = { 0 };
	char *why = NULL;

	/* A refused value also drops a token set before: the answer is an
	 * error, not an older value. */
	s_clear_token(&ctx->tok);
	ctx->have_token = false;
	free(ctx->tok_refused);
	ctx->tok_refused = NULL;
	if (!tok) {
		s_set_reason(ctx, "set_token() without a token");
		return -1;
	}
	/* Read only the fields the provider's struct has; 0 is ABI 1.0's. */
	memcpy(&t, tok, !tok->struct_size ? S_TOKEN_V0_SIZE
	                : tok->struct_size < sizeof(t) ? tok->struct_size
	                                               : sizeof(t));
	/* The one rule for what a token is (core/token.c); the reason never
	 * holds the value. */
	if (dh_token_check(t.value, &why) != 0) {
		ctx->tok_refused = why ? why : dh_strdup("not a token");
		s_set_reason(ctx, "%s", ctx->tok_refused ? ctx->tok_refused
		                                        : "not a token");
		return -1;
	}
	if (s_copy_token(&ctx->tok, &t, ctx->req ? ctx->req->host : NULL)) {
		s_set_reason(ctx, "out of memory");
		return -1;
	}
	ctx->have_token = true;
	ctx->tok_flags = flags;
	return 0;
}

/* ---- args ---- */

static config_setting_t *s_arg(dagshub_provider_ctx *ctx, const char *name)
{
	if (!ctx->entry->args)
		return NULL;
	return config_setting_get_member(ctx->entry->args, name);
}

static int s_arg_type_error(dagshub_provider_ctx *ctx, config_setting_t *s,
                            const char *name, const char *want)
{
	ctx->args_error = true;
	s_set_reason(ctx, "%s:%u: args.%s: expected %s",
	             config_setting_source_file(s) ? config_setting_source_file(s)
	                                           : ctx->auth->config_path,
	             config_setting_source_line(s), name, want);
	return DAGSHUB_ARG_INVALID;
}

static int s_arg_string(dagshub_provider_ctx *ctx, const char *name,
                        const char **out)
{
	config_setting_t *s = s_arg(ctx, name);

	if (!s)
		return DAGSHUB_ARG_ABSENT;
	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return s_arg_type_error(ctx, s, name, "a string");
	*out = config_setting_get_string(s);
	return DAGSHUB_ARG_OK;
}

static int s_arg_int(dagshub_provider_ctx *ctx, const char *name,
                     long long *out)
{
	config_setting_t *s = s_arg(ctx, name);

	if (!s)
		return DAGSHUB_ARG_ABSENT;
	if (config_setting_type(s) != CONFIG_TYPE_INT &&
	    config_setting_type(s) != CONFIG_TYPE_INT64)
		return s_arg_type_error(ctx, s, name, "an integer");
	*out = config_setting_get_int64(s);
	return DAGSHUB_ARG_OK;
}

static int s_arg_bool(dagshub_provider_ctx *ctx, const char *name, int *out)
{
	config_setting_t *s = s_arg(ctx, name);

	if (!s)
		return DAGSHUB_ARG_ABSENT;
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return s_arg_type_error(ctx, s, name, "true or false");
	*out = config_setting_get_bool(s);
	return DAGSHUB_ARG_OK;
}

static int s_arg_strings(dagshub_provider_ctx *ctx, const char *name,
                         const char **items, size_t cap, size_t *count)
{
	config_setting_t *s = s_arg(ctx, name);
	size_t n;

	if (!s)
		return DAGSHUB_ARG_ABSENT;
	if (config_setting_type(s) != CONFIG_TYPE_LIST &&
	    config_setting_type(s) != CONFIG_TYPE_ARRAY)
		return s_arg_type_error(ctx, s, name, "a list of strings");
	n = (size_t)config_setting_length(s);
	for (size_t i = 0; i < n; i++) {
		config_setting_t *el = config_setting_get_elem(s, (unsigned)i);
		if (config_setting_type(el) != CONFIG_TYPE_STRING)
			return s_arg_type_error(ctx, el, name, "a list of strings");
		if (items && i < cap)
			items[i] = config_setting_get_string(el);
	}
	*count = n;
	return DAGSHUB_ARG_OK;
}

static int s_args_check(dagshub_provider_ctx *ctx, const char *const *known)
{
	config_setting_t *args = ctx->entry->args;

	if (!args)
		return 0;
	for (unsigned i = 0; i < (unsigned)config_setting_length(args); i++) {
		config_setting_t *s = config_setting_get_elem(args, i);
		const char *k = config_setting_name(s);
		size_t j;
		char list[256] = "";

		for (j = 0; known && known[j]; j++)
			if (!strcmp(k, known[j]))
				break;
		if (known && known[j])
			continue;
		for (j = 0; known && known[j]; j++) {
			if (j)
				strncat(list, ", ", sizeof(list) - strlen(list) - 1);
			strncat(list, known[j], sizeof(list) - strlen(list) - 1);
		}
		ctx->args_error = true;
		s_set_reason(ctx, "%s:%u: args.%s: unknown setting for provider %s "
		             "(known: %s)",
		             config_setting_source_file(s) ? config_setting_source_file(s)
		                                           : ctx->auth->config_path,
		             config_setting_source_line(s), k, ctx->entry->module,
		             *list ? list : "none");
		return -1;
	}
	return 0;
}

/* ---- time, hosts, lists ---- */

static int64_t s_now_us(dagshub_provider_ctx *ctx)
{
	return dh_now_us(ctx->auth);
}

static int64_t s_monotonic_ms(dagshub_provider_ctx *ctx)
{
	return dh_monotonic_ms();
}

static char *s_normalize_host(dagshub_provider_ctx *ctx, const char *url)
{
	char *out = NULL, *why = NULL;

	if (dh_normalize_host(&out, url, &why) != 0) {
		s_set_reason(ctx, "%s: %s", url ? url : "(null)",
		             why ? why : "out of memory");
		free(why);
		return NULL;
	}
	return out;
}

static void s_list_item(dagshub_provider_ctx *ctx,
                        const dagshub_provider_token *tok)
{
	if (ctx->list_cb && tok)
		ctx->list_cb(ctx, tok, ctx->list_payload);
}

static dagshub_provider_result s_recheck_stores(dagshub_provider_ctx *ctx)
{
	const dh_chain *c = ctx->chain;

	if (!c || !ctx->req)
		return DAGSHUB_PROVIDER_NOTFOUND;
	for (size_t i = 0; i < c->n; i++) {
		dh_entry *e = &c->entries[i];

		if (!e->store || e == ctx->entry)
			continue;
		if (dh_entry_get(ctx->auth, e, c, ctx->req) ==
		        DAGSHUB_PROVIDER_TOKEN && e->ctx.have_token) {
			s_clear_token(&ctx->tok);
			if (s_copy_token(&ctx->tok, &e->ctx.tok, ctx->req->host))
				return DAGSHUB_PROVIDER_ERROR;
			ctx->have_token = true;
			ctx->tok_flags = 0; /* stored already: no write-back */
			s_set_reason(ctx, "another process stored a token in %s",
			             e->module);
			return DAGSHUB_PROVIDER_TOKEN;
		}
	}
	return DAGSHUB_PROVIDER_NOTFOUND;
}

char *dh_state_path(char **why)
{
	const char *x = dh_getenv("XDG_STATE_HOME"), *home = dh_getenv("HOME");

	if (x && *x == '/')
		return DH_JOIN(x, "/dagshub-auth");
	if (home && *home)
		return DH_JOIN(home, "/.local/state/dagshub-auth");
	if (why)
		*why = dh_strdup("neither XDG_STATE_HOME nor HOME is set");
	return NULL;
}

const char *dh_state_dir(struct dagshub_auth *a, char **why)
{
	char *d;
	int rc;

	if (a->state_dir)
		return a->state_dir;
	if (!(d = dh_state_path(why)))
		return NULL;
	/* Owned by root or the caller, the folder and those above it: lock
	 * files and the memories written in a folder another user controls
	 * could be planted or taken.  Checked before anything is created
	 * (what exists so far must pass), and again after.  (A lookup in a
	 * memory reads by dh_state_path() without this walk and checks the
	 * file itself: argcheck.c, validate.c.) */
	rc = dh_check_trusted_dir(d, DH_TRUST_OWNER, "state folder",
	                          &a->trust_memo, why);
	if (rc == 1) {
		free(*why);
		*why = NULL;
		if (dh_mkdir_p(d, 0700, NULL) != 0) {
			*why = dh_asprintf("cannot create %s: %s", d,
			                   strerror(errno));
			free(d);
			return NULL;
		}
		rc = dh_check_trusted_dir(d, DH_TRUST_OWNER, "state folder",
		                          &a->trust_memo, why);
	}
	if (rc != 0) {
		if (!*why)
			*why = dh_strdup("out of memory");
		free(d);
		return NULL;
	}
	a->state_dir = d;
	return d;
}

static const char *s_state_dir(dagshub_provider_ctx *ctx)
{
	char *why = NULL;
	const char *d = dh_state_dir(ctx->auth, &why);

	if (!d) {
		s_set_reason(ctx, "%s", why ? why : "out of memory");
		free(why);
	}
	return d;
}

static int s_open_trusted(dagshub_provider_ctx *ctx, const char *path,
                          int flags, const char *what, int *fd_out)
{
	char *why = NULL;
	int rc;

	if (!fd_out)
		return -1;
	/* No trust memo: a provider opens its file again when it changed
	 * (file: a rotated token; exec: each run), possibly hours into a
	 * long-lived handle, and every folder must pass then, not as it was
	 * when the handle first walked it (a folder made group-writable
	 * since would let its group plant a token).  The walk costs a few
	 * lstat()s per rotation. */
	rc = dh_open_trusted(fd_out, path, flags, DH_TRUST_STRICT,
	                     what && *what ? what : "file", NULL, NULL, &why);
	if (rc != 0)
		s_set_reason(ctx, "%s", why ? why : "out of memory");
	free(why);
	return rc;
}

static int s_http(dagshub_provider_ctx *ctx, const dagshub_http_request *req,
                  dagshub_http_response *resp)
{
	char *why = NULL;
	int rc = dh_http_for_provider(ctx, req, resp, &why);

	if (rc != 0) {
		s_set_reason(ctx, "%s", why ? why : "HTTP request failed");
		free(why);
		return -1;
	}
	return 0;
}

static void s_http_response_clear(dagshub_provider_ctx *ctx,
                                  dagshub_http_response *resp)
{
	dh_http_response_clear_for(ctx, resp);
}

/*
 * One table for the whole process: the services take the entry's ctx, so
 * nothing in the table belongs to a handle, and a provider loaded by two
 * handles may keep the pointer it was given for as long as it is loaded.
 */
const dagshub_provider_services dh_services = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_services),
	.log = s_log,
	.set_reason = s_set_reason,
	.warn = s_warn,
	.message = s_message,
	.set_token = s_set_token,
	.arg_string = s_arg_string,
	.arg_int = s_arg_int,
	.arg_bool = s_arg_bool,
	.arg_strings = s_arg_strings,
	.args_check = s_args_check,
	.now_us = s_now_us,
	.monotonic_ms = s_monotonic_ms,
	.normalize_host = s_normalize_host,
	.http = s_http,
	.http_response_clear = s_http_response_clear,
	.list_item = s_list_item,
	.recheck_stores = s_recheck_stores,
	.state_dir = s_state_dir,
	/* Minor version 1: */
	.open_trusted = s_open_trusted,
	.progress = s_progress,
	.progress_done = s_progress_done,
	.caller_cache_path = s_caller_cache_path,
};

/* ---- opening and closing an entry ---- */

int dh_entry_open(struct dagshub_auth *a, dh_entry *e)
{
	char *why = NULL;

	if (e->opened)
		return e->open_failed ? -1 : 0;
	e->opened = true;
	e->ctx.auth = a;
	e->ctx.entry = e;
	if (dh_module_load(a, e, &why) != 0) {
		e->open_failed = true;
		e->open_error = why ? why : dh_strdup("out of memory");
		return -1;
	}
	dh_ctx_reset(&e->ctx);
	if (e->mod.ops->open(&e->ctx, &e->state) != 0) {
		e->open_failed = true;
		e->open_error = e->ctx.reason ? dh_strdup(e->ctx.reason)
		                              : dh_asprintf("provider %s failed to "
		                                            "open", e->module);
		dh_module_unload(&e->mod);
		return -1;
	}
	return 0;
}

void dh_entry_close(dh_entry *e)
{
	if (e->opened && !e->open_failed && e->mod.ops)
		e->mod.ops->close(e->state);
	e->state = NULL;
	dh_module_unload(&e->mod);
	dh_ctx_reset(&e->ctx);
	free(e->open_error);
	e->open_error = NULL;
	e->opened = e->open_failed = false;
}
