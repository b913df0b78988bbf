/*
 * providers/common/hosts.c - args.hosts / args.any_host, shared by the
 * providers that hand one token to chosen hosts (see hosts.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hosts.h"

void ph_hosts_free(ph_hosts *h)
{
	for (size_t i = 0; i < h->nhosts; i++)
		free(h->hosts[i]);
	h->nhosts = 0;
}

int ph_hosts_read(const dagshub_provider_services *svc,
                  dagshub_provider_ctx *ctx, ph_hosts *h)
{
	const char *items[PH_MAX_HOSTS];
	size_t n = 0;
	int any = 0, rc;

	memset(h, 0, sizeof(*h));
	if (svc->arg_bool(ctx, "any_host", &any) == DAGSHUB_ARG_INVALID)
		return -1;
	h->any_host = any;
	rc = svc->arg_strings(ctx, "hosts", items, PH_MAX_HOSTS, &n);
	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (rc != DAGSHUB_ARG_OK)
		return 0;
	if (n > PH_MAX_HOSTS) {
		svc->set_reason(ctx, "args.hosts lists %zu hosts; at most %d",
		                n, PH_MAX_HOSTS);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		/* normalize_host sets the reason when it fails */
		if (!(h->hosts[i] = svc->normalize_host(ctx, items[i]))) {
			ph_hosts_free(h);
			return -1;
		}
		h->nhosts = i + 1;
	}
	return 0;
}

bool ph_hosts_match(const ph_hosts *h, const dagshub_provider_request *req)
{
	if (h->any_host)
		return true;
	if (h->nhosts == 0)
		return req->default_host && !strcmp(req->host, req->default_host);
	for (size_t i = 0; i < h->nhosts; i++)
		if (!strcmp(req->host, h->hosts[i]))
			return true;
	return false;
}

void ph_hosts_miss(const dagshub_provider_services *svc,
                   dagshub_provider_ctx *ctx, const ph_hosts *h,
                   const dagshub_provider_request *req, const char *what)
{
	if (h->nhosts == 0)
		svc->set_reason(ctx, "%s is only for the default host %s", what,
		                req->default_host ? req->default_host : "(none)");
	else
		svc->set_reason(ctx, "%s is not for %s (see args.hosts)", what,
		                req->host);
}
