/*
 * tests/keyring/krdrive.c - drives the keyring provider module directly
 * through the provider ABI, without the core, so the tests can hand it
 * what the CLI cannot (a username, an expiry, the interactive flag, a
 * deadline) and can dlopen/dlclose it many times.
 *
 *   krdrive MODULE.so [-a NAME=VALUE]... [-i] [-d MS] [-n N] OP ARGS...
 *
 *   get HOST                            prints   token VALUE TYPE EXP USER
 *   store HOST VALUE [TYPE [EXP [USER]]]
 *   erase HOST [VALUE]
 *   list                                prints   item HOST VALUE TYPE EXP USER
 *
 * -a   an args setting: digits make an int, true/false a bool, else a string
 * -i   the request is interactive (DAGSHUB_REQUEST_INTERACTIVE)
 * -d   the request's deadline, MS milliseconds from now
 * -n   repeat N times: dlopen, entry, open, OP, close, dlclose
 *
 * Always prints "result NAME" (token, notfound, unavailable, error, or
 * open-failed) and "reason: TEXT" for the last round, then "elapsed_ms MS"
 * of that round's operation.  Exit status 0 whatever the result; 2 on bad
 * usage or a module that does not load.
 * Test tokens only: printing them is the point of this helper.
 */
#include "config.h"

#include <dlfcn.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "dagshub/provider.h"

struct dagshub_provider_ctx {
	char reason[2048];
	char *names[32];
	char *values[32];
	size_t nargs;
};

static void s_log(dagshub_provider_ctx *ctx, int level, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	fprintf(stderr, "log[%d]: ", level);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void s_set_reason(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ctx->reason, sizeof(ctx->reason), fmt, ap);
	va_end(ap);
}

static void s_warn(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	printf("warning: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void s_message(dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	va_list ap;

	(void)ctx;
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void s_print_tok(const char *what, const dagshub_provider_token *t)
{
	printf("%s %s%s%s %s %" PRId64 " %s\n", what, t->host ? t->host : "",
	       t->host ? " " : "", t->value, t->type ? t->type : "-",
	       t->expires_us, t->username ? t->username : "-");
}

static int s_set_token(dagshub_provider_ctx *ctx,
                       const dagshub_provider_token *tok, unsigned int flags)
{
	dagshub_provider_token t = *tok;

	(void)ctx;
	(void)flags;
	t.host = NULL;
	s_print_tok("token", &t);
	return 0;
}

static const char *s_find(dagshub_provider_ctx *ctx, const char *name)
{
	for (size_t i = 0; i < ctx->nargs; i++)
		if (!strcmp(ctx->names[i], name))
			return ctx->values[i];
	return NULL;
}

static int s_is_int(const char *v)
{
	if (*v == '-')
		v++;
	if (!*v)
		return 0;
	for (; *v; v++)
		if (*v < '0' || *v > '9')
			return 0;
	return 1;
}

static int s_arg_string(dagshub_provider_ctx *ctx, const char *name,
                        const char **out)
{
	const char *v = s_find(ctx, name);

	if (!v)
		return DAGSHUB_ARG_ABSENT;
	if (s_is_int(v) || !strcmp(v, "true") || !strcmp(v, "false")) {
		s_set_reason(ctx, "args.%s: not a string", name);
		return DAGSHUB_ARG_INVALID;
	}
	*out = v;
	return DAGSHUB_ARG_OK;
}

static int s_arg_int(dagshub_provider_ctx *ctx, const char *name,
                     long long *out)
{
	const char *v = s_find(ctx, name);

	if (!v)
		return DAGSHUB_ARG_ABSENT;
	if (!s_is_int(v)) {
		s_set_reason(ctx, "args.%s: not an integer", name);
		return DAGSHUB_ARG_INVALID;
	}
	*out = strtoll(v, NULL, 10);
	return DAGSHUB_ARG_OK;
}

static int s_arg_bool(dagshub_provider_ctx *ctx, const char *name, int *out)
{
	const char *v = s_find(ctx, name);

	if (!v)
		return DAGSHUB_ARG_ABSENT;
	if (strcmp(v, "true") && strcmp(v, "false")) {
		s_set_reason(ctx, "args.%s: not a bool", name);
		return DAGSHUB_ARG_INVALID;
	}
	*out = !strcmp(v, "true");
	return DAGSHUB_ARG_OK;
}

static int s_arg_strings(dagshub_provider_ctx *ctx, const char *name,
                         const char **items, size_t cap, size_t *count)
{
	(void)ctx; (void)name; (void)items; (void)cap; (void)count;
	return DAGSHUB_ARG_ABSENT;
}

static int s_args_check(dagshub_provider_ctx *ctx, const char *const *known)
{
	for (size_t i = 0; i < ctx->nargs; i++) {
		size_t k = 0;
		while (known[k] && strcmp(known[k], ctx->names[i]))
			k++;
		if (!known[k]) {
			s_set_reason(ctx, "unknown setting args.%s", ctx->names[i]);
			return -1;
		}
	}
	return 0;
}

static int64_t s_now_us(dagshub_provider_ctx *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int64_t s_mono_ms(dagshub_provider_ctx *ctx)
{
	struct timespec ts;

	(void)ctx;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *s_normalize(dagshub_provider_ctx *ctx, const char *url)
{
	(void)ctx;
	return strdup(url);
}

static int s_http(dagshub_provider_ctx *ctx, const dagshub_http_request *req,
                  dagshub_http_response *resp)
{
	(void)req; (void)resp;
	s_set_reason(ctx, "no HTTP in krdrive");
	return -1;
}

static void s_http_clear(dagshub_provider_ctx *ctx, dagshub_http_response *r)
{
	(void)ctx; (void)r;
}

static void s_list_item(dagshub_provider_ctx *ctx,
                        const dagshub_provider_token *tok)
{
	(void)ctx;
	s_print_tok("item", tok);
}

static dagshub_provider_result s_recheck(dagshub_provider_ctx *ctx)
{
	(void)ctx;
	return DAGSHUB_PROVIDER_NOTFOUND;
}

static const char *s_state_dir(dagshub_provider_ctx *ctx)
{
	(void)ctx;
	return NULL;
}

/* ABI 1.1; the keyring provider opens no file */
static int s_open_trusted(dagshub_provider_ctx *ctx, const char *path,
                          int flags, const char *what, int *fd_out)
{
	(void)ctx; (void)path; (void)flags; (void)what;
	*fd_out = -1;
	return -1;
}

static const dagshub_provider_services s_svc = {
	DAGSHUB_PROVIDER_ABI_MAJOR, DAGSHUB_PROVIDER_ABI_MINOR,
	sizeof(dagshub_provider_services),
	s_log, s_set_reason, s_warn, s_message, s_set_token,
	s_arg_string, s_arg_int, s_arg_bool, s_arg_strings, s_args_check,
	s_now_us, s_mono_ms, s_normalize, s_http, s_http_clear, s_list_item,
	s_recheck, s_state_dir,
	/* Minor version 1: */
	s_open_trusted
};

static const char *const s_names[] = { "token", "notfound", "unavailable",
                                       "error" };

static int s_usage(void)
{
	fprintf(stderr, "usage: krdrive MODULE.so [-a NAME=VALUE]... [-i] "
	        "[-d MS] [-n N] get|store|erase|list ARGS...\n");
	return 2;
}

int main(int argc, char **argv)
{
	dagshub_provider_ctx ctx;
	dagshub_provider_request req;
	dagshub_provider_token tok;
	const char *module, *op, *res = "error";
	unsigned int flags = 0;
	long deadline = 0, rounds = 1;
	int64_t t0 = 0, t1 = 0;
	int i;

	memset(&ctx, 0, sizeof(ctx));
	if (argc < 3)
		return s_usage();
	module = argv[1];
	for (i = 2; i < argc && argv[i][0] == '-'; i++) {
		if (!strcmp(argv[i], "-i")) {
			flags |= DAGSHUB_REQUEST_INTERACTIVE;
		} else if (!strcmp(argv[i], "-a") && i + 1 < argc &&
		           strchr(argv[i + 1], '=') && ctx.nargs < 32) {
			char *eq = strchr(argv[++i], '=');
			*eq = '\0';
			ctx.names[ctx.nargs] = argv[i];
			ctx.values[ctx.nargs++] = eq + 1;
		} else if (!strcmp(argv[i], "-d") && i + 1 < argc) {
			deadline = strtol(argv[++i], NULL, 10);
		} else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
			rounds = strtol(argv[++i], NULL, 10);
		} else {
			return s_usage();
		}
	}
	if (i >= argc)
		return s_usage();
	op = argv[i++];

	for (long round = 0; round < rounds; round++) {
		const dagshub_provider_ops *ops;
		dagshub_provider_entry_fn entry;
		dagshub_provider_result r;
		void *dl, *state = NULL;

		if (!(dl = dlopen(module, RTLD_NOW | RTLD_LOCAL))) {
			fprintf(stderr, "krdrive: %s\n", dlerror());
			return 2;
		}
		*(void **)&entry = dlsym(dl, DAGSHUB_PROVIDER_ENTRY_SYMBOL);
		if (!entry || !(ops = entry(DAGSHUB_PROVIDER_ABI_MAJOR,
		                            DAGSHUB_PROVIDER_ABI_MINOR, &s_svc))) {
			fprintf(stderr, "krdrive: no provider in %s\n", module);
			return 2;
		}
		ctx.reason[0] = '\0';
		if (ops->open(&ctx, &state) != 0) {
			res = "open-failed";
			dlclose(dl);
			continue;
		}
		memset(&req, 0, sizeof(req));
		req.struct_size = sizeof(req);
		req.host = i < argc ? argv[i] : NULL;
		req.default_host = "https://dagshub.com";
		req.flags = flags;
		t0 = s_mono_ms(&ctx);
		if (deadline)
			req.deadline_ms = t0 + deadline;
		if (!strcmp(op, "get") && i + 1 == argc) {
			r = ops->get(state, &ctx, &req);
		} else if (!strcmp(op, "store") && i + 2 <= argc && i + 5 >= argc) {
			memset(&tok, 0, sizeof(tok));
			tok.struct_size = sizeof(tok);
			tok.host = argv[i];
			tok.value = argv[i + 1];
			tok.type = i + 2 < argc && strcmp(argv[i + 2], "-")
			         ? argv[i + 2] : NULL;
			tok.expires_us = i + 3 < argc ? strtoll(argv[i + 3], NULL, 10)
			                              : 0;
			tok.username = i + 4 < argc ? argv[i + 4] : NULL;
			r = ops->store(state, &ctx, &req, &tok);
		} else if (!strcmp(op, "erase") && i + 1 <= argc && i + 2 >= argc) {
			r = ops->erase(state, &ctx, &req,
			               i + 1 < argc ? argv[i + 1] : NULL);
		} else if (!strcmp(op, "list") && i == argc) {
			r = ops->list(state, &ctx);
		} else {
			ops->close(state);
			dlclose(dl);
			return s_usage();
		}
		t1 = s_mono_ms(&ctx);
		res = (unsigned)r < 4 ? s_names[r] : "bad-result";
		ops->close(state);
		dlclose(dl);
	}
	printf("result %s\nreason: %s\nelapsed_ms %" PRId64 "\n", res,
	       ctx.reason, t1 - t0);
	return 0;
}
