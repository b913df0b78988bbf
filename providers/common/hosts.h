/*
 * providers/common/hosts.h - which hosts a provider answers for: the
 * `hosts` list and `any_host` bool of its args (env, exec, file).
 *
 * Default (neither set): the default host of the run only, as the DagsHub
 * Python client uses DAGSHUB_USER_TOKEN.  Compiled into each provider
 * that uses it: a provider is its own shared object and links nothing of
 * the others.
 */
#ifndef DAGSHUB_PROVIDERS_HOSTS_H
#define DAGSHUB_PROVIDERS_HOSTS_H

#include <stdbool.h>
#include <stddef.h>

#include "dagshub/provider.h"

#define PH_MAX_HOSTS 64

typedef struct ph_hosts {
	bool any_host;
	char *hosts[PH_MAX_HOSTS]; /* normalised, malloc()ed */
	size_t nhosts;
} ph_hosts;

/* Reads args.hosts and args.any_host into *h (zeroed first).  Returns 0,
 * or -1 with the reason set (and nothing left to free). */
int ph_hosts_read(const dagshub_provider_services *svc,
                  dagshub_provider_ctx *ctx, ph_hosts *h);

/* Whether the entry answers for req->host. */
bool ph_hosts_match(const ph_hosts *h, const dagshub_provider_request *req);

/* Sets the notfound reason for a host the entry does not answer for:
 * "<what> is only for the default host H" or "<what> is not for H (see
 * args.hosts)". */
void ph_hosts_miss(const dagshub_provider_services *svc,
                   dagshub_provider_ctx *ctx, const ph_hosts *h,
                   const dagshub_provider_request *req, const char *what);

void ph_hosts_free(ph_hosts *h);

#endif /* DAGSHUB_PROVIDERS_HOSTS_H */
