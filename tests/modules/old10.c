/*
 * tests/modules/old10.c - a provider built against provider ABI 1.0, the
 * way one compiled before minor version 1 existed: its tables are copies
 * of the 1.0 layouts (below), it says abi_minor 0 with a 1.0-sized
 * operations table, and hands out tokens whose struct_size is 0 (a
 * provider that never set it), placed before bytes the core must not read.
 * A 1.x core must load it and use it unchanged (tests/core/abi.sh).
 *
 *   args = { token = "..."; result = "token" | "notfound"; };
 *
 * With result = "notfound" it still calls set_token() first: explain
 * must not show a fingerprint for an entry that gave nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "dagshub/provider.h" /* only for the ctx type and the constants */

/* ---- ABI 1.0's tables, as that header declared them ----
 * (Function types are the header's own, so every call through the tables
 * has the exact type of the function called; the token is 1.0's
 * dagshub_provider_token, which 1.1 did not change.) */

typedef dagshub_provider_token tok10;

typedef struct {
	uint32_t abi_major, abi_minor;
	size_t struct_size;
	void (*log)(dagshub_provider_ctx *, int, const char *, ...);
	void (*set_reason)(dagshub_provider_ctx *, const char *, ...);
	void (*warn)(dagshub_provider_ctx *, const char *, ...);
	void (*message)(dagshub_provider_ctx *, const char *, ...);
	int (*set_token)(dagshub_provider_ctx *, const tok10 *, unsigned int);
	int (*arg_string)(dagshub_provider_ctx *, const char *, const char **);
	int (*arg_int)(dagshub_provider_ctx *, const char *, long long *);
	int (*arg_bool)(dagshub_provider_ctx *, const char *, int *);
	int (*arg_strings)(dagshub_provider_ctx *, const char *, const char **,
	                   size_t, size_t *);
	int (*args_check)(dagshub_provider_ctx *, const char *const *);
	int64_t (*now_us)(dagshub_provider_ctx *);
	int64_t (*monotonic_ms)(dagshub_provider_ctx *);
	char *(*normalize_host)(dagshub_provider_ctx *, const char *);
	void *http, *http_response_clear, *list_item, *recheck_stores;
	const char *(*state_dir)(dagshub_provider_ctx *);
} svc10;

typedef struct {
	uint32_t abi_major, abi_minor;
	size_t struct_size;
	const char *name;
	unsigned int flags;
	int (*open)(dagshub_provider_ctx *, void **);
	dagshub_provider_result (*get)(void *, dagshub_provider_ctx *,
	                               const dagshub_provider_request *);
	void *store, *erase, *list, *clear;
	void (*close)(void *);
} ops10;

static const svc10 *svc;

struct s_old {
	const char *token;
	int notfound;
};

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "token", "result", NULL };
	struct s_old *st;
	const char *r = "token";

	if (svc->args_check(ctx, known) != 0 || !(st = calloc(1, sizeof(*st))))
		return -1;
	st->token = "old-abi-token-0123456789";
	svc->arg_string(ctx, "token", &st->token);
	svc->arg_string(ctx, "result", &r);
	st->notfound = !strcmp(r, "notfound");
	*state = st;
	return 0;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_old *st = state;
	/* The token, then what a 1.0 provider never wrote: junk that would
	 * be read as pointers if the core took struct_size 0 for its own
	 * size once a minor version grows the token (in 1.1 the two sizes
	 * are still equal). */
	struct { tok10 t; unsigned char junk[64]; } m;

	(void)req;
	memset(&m, 0xA5, sizeof(m));
	memset(&m.t, 0, sizeof(m.t));
	m.t.struct_size = 0;
	m.t.value = st->token;
	m.t.type = "app-token";
	if (svc->set_token(ctx, &m.t, 0) != 0)
		return DAGSHUB_PROVIDER_ERROR;
	if (st->notfound) {
		svc->set_reason(ctx, "set a token, then said notfound");
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	svc->log(ctx, 1 /* DAGSHUB_LOG_INFO */, "answering from a 1.0 table");
	svc->set_reason(ctx, "built against provider ABI 1.0");
	return DAGSHUB_PROVIDER_TOKEN;
}

static void s_close(void *state)
{
	free(state);
}

static const ops10 s_ops = {
	1, 0, sizeof(ops10), "old10", 0,
	s_open, s_get, NULL, NULL, NULL, NULL, s_close
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services)
{
	(void)minor;
	if (major != 1)
		return NULL;
	/* Read through the 1.0 layouts: only what ABI 1.0 had. */
	svc = (const svc10 *)(const void *)services;
	return (const dagshub_provider_ops *)(const void *)&s_ops;
}
