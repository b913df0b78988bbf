/*
 * tests/modules/fixed.c - a test provider whose answer is set in args:
 *
 *   args = { result = "token" | "notfound" | "unavailable" | "error";
 *            token = "...";  reason = "..."; fail_open = false;
 *            erase = "error" (the default) | "token" | "notfound" |
 *                    "unavailable";  erase_reason = "..."; };
 *
 * It lets the tests drive every row of the control table.
 */
#include <stdlib.h>
#include <string.h>

#include "dagshub/provider.h"

static const dagshub_provider_services *svc;

struct s_fixed {
	dagshub_provider_result result;
	const char *token;
	const char *reason;
	dagshub_provider_result erase;
	const char *erase_reason;
};

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "result", "token", "reason",
	                                      "fail_open", "erase",
	                                      "erase_reason", NULL };
	static const char *const names[] = { "token", "notfound",
	                                      "unavailable", "error" };
	struct s_fixed *st;
	const char *r = "notfound", *er = "error";
	int fail = 0;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (svc->arg_bool(ctx, "fail_open", &fail) == DAGSHUB_ARG_INVALID)
		return -1;
	if (fail) {
		svc->set_reason(ctx, "open failed as asked (args.fail_open)");
		return -1;
	}
	if (!(st = calloc(1, sizeof(*st))))
		return -1;
	st->token = "fixed-token-0123456789";
	st->reason = "fixed answer";
	svc->arg_string(ctx, "result", &r);
	svc->arg_string(ctx, "token", &st->token);
	svc->arg_string(ctx, "reason", &st->reason);
	st->erase_reason = "fixed cannot erase";
	svc->arg_string(ctx, "erase", &er);
	svc->arg_string(ctx, "erase_reason", &st->erase_reason);
	st->result = st->erase = (dagshub_provider_result)4;
	for (int i = 0; i < 4; i++) {
		if (!strcmp(r, names[i]))
			st->result = (dagshub_provider_result)i;
		if (!strcmp(er, names[i]))
			st->erase = (dagshub_provider_result)i;
	}
	if ((int)st->result == 4 || (int)st->erase == 4) {
		svc->set_reason(ctx, "args.%s: unknown result \"%s\"",
		                (int)st->result == 4 ? "result" : "erase",
		                (int)st->result == 4 ? r : er);
		free(st);
		return -1;
	}
	*state = st;
	return 0;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_fixed *st = state;

	if (st->result == DAGSHUB_PROVIDER_TOKEN) {
		dagshub_provider_token tok = { sizeof(tok), NULL, st->token,
		                               DAGSHUB_TOKEN_TYPE_APP, 0, NULL };
		if (svc->set_token(ctx, &tok, 0) != 0)
			return DAGSHUB_PROVIDER_ERROR;
	}
	svc->set_reason(ctx, "%s", st->reason);
	return st->result;
}

static dagshub_provider_result s_erase(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const char *value)
{
	struct s_fixed *st = state;

	if (st->erase != DAGSHUB_PROVIDER_TOKEN)
		svc->set_reason(ctx, "%s", st->erase_reason);
	return st->erase;
}

static void s_close(void *state)
{
	free(state);
}

static const dagshub_provider_ops s_ops = {
	DAGSHUB_PROVIDER_ABI_MAJOR, DAGSHUB_PROVIDER_ABI_MINOR,
	sizeof(dagshub_provider_ops), "fixed", 0,
	s_open, s_get, NULL, s_erase, NULL, NULL, s_close
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services)
{
	svc = services;
	return &s_ops;
}
