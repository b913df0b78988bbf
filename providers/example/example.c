/*
 * providers/example/example.c - a provider to copy.
 *
 * It answers with the first line of a file, the way a company's vault
 * agent or SSO helper might leave a token on disk.  Everything a provider
 * needs is here: the entry point, args, the four results, reasons, and
 * cleaning up.  Build it outside this project with nothing but
 *
 *   cc -shared -fPIC $(pkg-config --cflags dagshub-auth) \
 *      -o example.so example.c
 *
 * and list it in /etc/dagshub/auth.conf:
 *
 *   { module = "/usr/local/lib/dagshub-auth/example.so";
 *     args = { file = "/run/company/dagshub-token"; host = "https://dagshub.com"; }; }
 *
 * (the file of the module must be owned by root or you and not writable
 * by others, or the core refuses it).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <dagshub/provider.h>

/* The core's services.  One table per process, valid while we are
 * loaded, so keeping the pointer is safe. */
static const dagshub_provider_services *svc;

/* Per-entry state: one per configured line, made by open(). */
struct example {
	const char *file; /* from args: owned by the core, valid until close */
	char *host;       /* normalised; NULL = every host */
};

static void example_close(void *state)
{
	struct example *ex = state;

	if (!ex)
		return;
	free(ex->host);
	free(ex);
}

/* open(): read and check args.  No network, no waiting. */
static int example_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "file", "host", NULL };
	struct example *ex;
	const char *host = NULL;

	/* Unknown args are typos: refuse them (the reason names the line). */
	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (!(ex = calloc(1, sizeof(*ex))))
		return -1;
	switch (svc->arg_string(ctx, "file", &ex->file)) {
	case DAGSHUB_ARG_OK:
		break;
	case DAGSHUB_ARG_ABSENT:
		svc->set_reason(ctx, "args.file is required");
		/* fall through */
	default: /* DAGSHUB_ARG_INVALID: the reason is set */
		example_close(ex);
		return -1;
	}
	if (svc->arg_string(ctx, "host", &host) == DAGSHUB_ARG_INVALID ||
	    (host && !(ex->host = svc->normalize_host(ctx, host)))) {
		example_close(ex);
		return -1;
	}
	*state = ex;
	return 0;
}

/* get(): one of the four results, with a reason a person can act on. */
static dagshub_provider_result example_get(void *state,
                                           dagshub_provider_ctx *ctx,
                                           const dagshub_provider_request *req)
{
	struct example *ex = state;
	dagshub_provider_token tok;
	char line[4096];
	FILE *f;
	size_t n;

	if (ex->host && strcmp(ex->host, req->host) != 0) {
		svc->set_reason(ctx, "only for %s", ex->host);
		return DAGSHUB_PROVIDER_NOTFOUND;       /* not mine */
	}
	f = fopen(ex->file, "re");
	if (!f) {
		svc->set_reason(ctx, "%s: %s", ex->file, strerror(errno));
		return errno == ENOENT ? DAGSHUB_PROVIDER_NOTFOUND  /* nothing yet */
		                       : DAGSHUB_PROVIDER_ERROR;    /* broken */
	}
	if (!fgets(line, sizeof(line), f)) {
		line[0] = '\0';
		if (ferror(f)) { /* e.g. a folder: broken, not empty */
			svc->set_reason(ctx, "%s: %s", ex->file, strerror(errno));
			fclose(f);
			return DAGSHUB_PROVIDER_ERROR;
		}
	}
	fclose(f);
	n = strcspn(line, "\r\n");
	line[n] = '\0';
	if (n == 0) {
		svc->set_reason(ctx, "%s is empty", ex->file);
		return DAGSHUB_PROVIDER_NOTFOUND;
	}

	memset(&tok, 0, sizeof(tok));
	tok.struct_size = sizeof(tok);
	tok.value = line;
	tok.type = DAGSHUB_TOKEN_TYPE_APP;
	tok.expires_us = 0; /* never */
	if (svc->set_token(ctx, &tok, 0) != 0) { /* the core copies it */
		svc->set_reason(ctx, "out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	/* Our copy is a secret too: wipe it. */
	memset(line, 0, sizeof(line));
	svc->set_reason(ctx, "from %s", ex->file);
	return DAGSHUB_PROVIDER_TOKEN;
}

static const dagshub_provider_ops example_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "example",
	.flags = 0, /* it does not keep tokens: no validation by default */
	.open = example_open,
	.get = example_get,
	/* store, erase, list, clear: optional, left NULL */
	.close = example_close,
};

/* The one exported symbol. */
DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services)
{
	/* A core of a newer minor version has every field we know; an older
	 * one may lack the newest services (check svc->struct_size before
	 * using a service added after 1.0). */
	(void)core_abi_minor;
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR)
		return NULL; /* another major version: the core says so */
	svc = services;
	return &example_ops;
}
