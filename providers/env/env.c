/*
 * providers/env/env.c - a token from an environment variable.
 *
 * The DagsHub Python client reads DAGSHUB_USER_TOKEN first and uses it for
 * the default host only; this provider does the same by default.
 *
 * args:
 *   variable = "DAGSHUB_USER_TOKEN";   the variable to read
 *   hosts    = ( "https://..." );      hosts it answers for (default: the
 *                                      default host of the run)
 *   any_host = false;                  answer for every host
 */
#define _GNU_SOURCE /* secure_getenv */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/provider.h"

#define S_MAX_HOSTS 64

static const dagshub_provider_services *svc;

struct s_env {
	const char *variable; /* owned by the core's config (valid until close) */
	bool any_host;
	char *hosts[S_MAX_HOSTS]; /* normalised; NULL-terminated */
	size_t nhosts;
};

static void s_close(void *state)
{
	struct s_env *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < st->nhosts; i++)
		free(st->hosts[i]);
	free(st);
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "variable", "hosts", "any_host",
	                                      NULL };
	const char *items[S_MAX_HOSTS];
	struct s_env *st;
	size_t n = 0;
	int any = 0, rc;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (!(st = calloc(1, sizeof(*st))))
		return -1;
	st->variable = "DAGSHUB_USER_TOKEN";
	if (svc->arg_string(ctx, "variable", &st->variable) == DAGSHUB_ARG_INVALID ||
	    svc->arg_bool(ctx, "any_host", &any) == DAGSHUB_ARG_INVALID)
		goto fail;
	if (!*st->variable) {
		svc->set_reason(ctx, "args.variable is empty");
		goto fail;
	}
	st->any_host = any;
	rc = svc->arg_strings(ctx, "hosts", items, S_MAX_HOSTS, &n);
	if (rc == DAGSHUB_ARG_INVALID)
		goto fail;
	if (rc == DAGSHUB_ARG_OK && n > S_MAX_HOSTS) {
		svc->set_reason(ctx, "args.hosts lists %zu hosts; at most %d",
		                n, S_MAX_HOSTS);
		goto fail;
	}
	for (size_t i = 0; rc == DAGSHUB_ARG_OK && i < n; i++) {
		/* normalize_host sets the reason when it fails */
		if (!(st->hosts[i] = svc->normalize_host(ctx, items[i])))
			goto fail;
		st->nhosts = i + 1;
	}
	*state = st;
	return 0;
fail:
	s_close(st);
	return -1;
}

static bool s_answers_for(const struct s_env *st,
                          const dagshub_provider_request *req)
{
	if (st->any_host)
		return true;
	if (st->nhosts == 0)
		return req->default_host && !strcmp(req->host, req->default_host);
	for (size_t i = 0; i < st->nhosts; i++)
		if (!strcmp(req->host, st->hosts[i]))
			return true;
	return false;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_env *st = state;
	dagshub_provider_token tok;
	const char *v;

	if (!s_answers_for(st, req)) {
		if (st->nhosts == 0)
			svc->set_reason(ctx, "$%s is only for the default host %s",
			                st->variable, req->default_host);
		else
			svc->set_reason(ctx, "$%s is not for %s (see args.hosts)",
			                st->variable, req->host);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	v = secure_getenv(st->variable);
	if (!v) {
		svc->set_reason(ctx, "$%s is not set", st->variable);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (!*v) {
		svc->set_reason(ctx, "$%s is empty", st->variable);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	memset(&tok, 0, sizeof(tok));
	tok.struct_size = sizeof(tok);
	tok.value = v;
	if (svc->set_token(ctx, &tok, 0) != 0) {
		svc->set_reason(ctx, "out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	svc->set_reason(ctx, "from $%s", st->variable);
	return DAGSHUB_PROVIDER_TOKEN;
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "env",
	.flags = DAGSHUB_PROVIDER_USER_SET, /* the user's variable: not replaced */
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
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR)
		return NULL;
	svc = services;
	return &s_ops;
}
