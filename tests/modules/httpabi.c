/*
 * tests/modules/httpabi.c - a test provider that calls svc->http with the
 * response layout of the ABI minor it is built for:
 *
 *   HTTPABI_MINOR 0 (httpabi0.so): ABI 1.0's { status, body, body_len },
 *       no struct_size, ops->abi_minor = 0;
 *   HTTPABI_MINOR 1 (httpabi1.so): the 1.1 struct with struct_size.
 *
 *   args = { url = "http://127.0.0.1:P/api/v1/user"; bearer = "...";
 *            token = "..."; short = false; };
 *
 * The response sits between two canaries; get() answers `token` only when
 * the status, body and length came back where this layout has them, the
 * canaries are intact after svc->http and after http_response_clear, and
 * clear emptied the fields.  Otherwise it returns error with a reason
 * saying what was wrong.  `short = true` (minor 1) sets a struct_size too
 * small to hold the fields: the core must refuse it without writing.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/provider.h"

#ifndef HTTPABI_MINOR
#error "build with -DHTTPABI_MINOR=0 or 1"
#endif

#define S_CANARY 0x5a5a5a5a5a5a5a5aULL

#if HTTPABI_MINOR == 0
typedef struct s_resp {          /* ABI 1.0's dagshub_http_response */
	long status;
	char *body;
	size_t body_len;
} s_resp;
#else
typedef dagshub_http_response s_resp;
#endif

static const dagshub_provider_services *svc;

struct s_state {
	const char *url, *bearer, *token;
	int short_size;
};

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "url", "bearer", "token", "short",
	                                      NULL };
	struct s_state *st;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (!(st = calloc(1, sizeof(*st))))
		return -1;
	st->token = "httpabi-token-0123456789";
	svc->arg_string(ctx, "url", &st->url);
	svc->arg_string(ctx, "bearer", &st->bearer);
	svc->arg_string(ctx, "token", &st->token);
	svc->arg_bool(ctx, "short", &st->short_size);
	*state = st;
	return 0;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_state *st = state;
	struct {
		uint64_t before;
		s_resp r;
		uint64_t after;
	} box;
	dagshub_http_request hr = { sizeof(hr), "GET", st->url, st->bearer,
	                            NULL, 10000 };
	int rc;

	(void)req;
	memset(&box, 0x77, sizeof(box));
	box.before = box.after = S_CANARY;
#if HTTPABI_MINOR == 1
	box.r.struct_size = st->short_size ? sizeof(size_t) + sizeof(long)
	                                   : sizeof(box.r);
#endif
	rc = svc->http(ctx, &hr, (dagshub_http_response *)&box.r);
	if (box.before != S_CANARY || box.after != S_CANARY) {
		svc->set_reason(ctx, "svc->http wrote outside the response");
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (rc != 0) {
		/* the core's reason stays (it says why) */
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (box.r.status != 200 || !box.r.body ||
	    box.r.body_len != strlen(box.r.body) ||
	    !strstr(box.r.body, "\"login\"")) {
		svc->set_reason(ctx, "the response is not where this layout has "
		                "it (status %ld)", box.r.status);
		return DAGSHUB_PROVIDER_ERROR;
	}
	svc->http_response_clear(ctx, (dagshub_http_response *)&box.r);
	if (box.before != S_CANARY || box.after != S_CANARY ||
	    box.r.body || box.r.body_len || box.r.status) {
		svc->set_reason(ctx, "http_response_clear cleared the wrong bytes");
		return DAGSHUB_PROVIDER_ERROR;
	}
	{
		dagshub_provider_token tok = { sizeof(tok), NULL, st->token,
		                               DAGSHUB_TOKEN_TYPE_APP, 0, NULL };
		if (svc->set_token(ctx, &tok, 0) != 0)
			return DAGSHUB_PROVIDER_ERROR;
	}
	svc->set_reason(ctx, "response read in the ABI 1.%d layout",
	                HTTPABI_MINOR);
	return DAGSHUB_PROVIDER_TOKEN;
}

static void s_close(void *state)
{
	free(state);
}

/* The 1.0 ops table is the same as 1.1's for the fields used here; only
 * abi_minor (and so the response layout the core uses) differs. */
static const dagshub_provider_ops s_ops = {
	DAGSHUB_PROVIDER_ABI_MAJOR, HTTPABI_MINOR,
	sizeof(dagshub_provider_ops), "httpabi", 0,
	s_open, s_get, NULL, NULL, NULL, NULL, s_close
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services)
{
	(void)major;
	(void)minor;
	svc = services;
	return &s_ops;
}
