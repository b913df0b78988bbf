/*
 * tests/modules/badabi.c - a provider built for another ABI major
 * version (2.3), as a module from a future dagshub-auth would be.  It
 * does not decline by itself, so the core's own check must refuse it.
 */
#include "dagshub/provider.h"

static int s_open(dagshub_provider_ctx *ctx, void **state) { return 0; }
static dagshub_provider_result s_get(void *st, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	return DAGSHUB_PROVIDER_NOTFOUND;
}
static void s_close(void *state) { }

static const dagshub_provider_ops s_ops = {
	2, 3, sizeof(dagshub_provider_ops), "badabi", 0,
	s_open, s_get, NULL, NULL, NULL, NULL, s_close
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *svc);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *svc)
{
	return &s_ops;
}
