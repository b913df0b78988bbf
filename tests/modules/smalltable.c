/*
 * tests/modules/smalltable.c - a provider whose operations table claims
 * to be smaller than ABI 1.0's: the core must refuse it rather than read
 * past its end.
 */
#include "dagshub/provider.h"

static const dagshub_provider_ops s_ops = {
	DAGSHUB_PROVIDER_ABI_MAJOR, 0, 16, "smalltable", 0,
	NULL, NULL, NULL, NULL, NULL, NULL, NULL
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
