/*
 * providers/keyring/keyring.c - the `keyring` provider: DagsHub tokens in
 * the desktop's Secret Service (GNOME Keyring, KWallet, KeePassXC) or, on
 * servers, in the kernel keyring.  See dagshub-auth-keyring(7).
 *
 * This file is the glue: it reads the args, picks the backend (`auto`
 * decides once per entry, at first use, never in open(), which must not
 * wait) and hands each operation to ss.c or kernel.c.
 *
 * The module uses glib (through libsecret) and glib cannot be unloaded
 * safely: it registers GTypes, keeps a shared D-Bus connection with a
 * worker thread, and thread-local data.  The module is therefore linked
 * with -Wl,-z,nodelete (see local.mk): dlclose() leaves it mapped, and a
 * later dlopen() finds the same copy.
 */
#include "config.h"

#include <errno.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keyring.h"

/* The services table, lent by the core for as long as the module is
 * loaded.  Written by the entry function (the same value every time, but
 * handles on other threads may load the module at the same moment, hence
 * atomic); open() copies it into its state. */
static _Atomic(const dagshub_provider_services *) s_svc_ptr;

#define KR_DEFAULT_TIMEOUT_S 5
#define KR_DEFAULT_PROMPT_TIMEOUT_S 120
#define KR_MAX_TIMEOUT_S 3600
/* `auto` asks the bus whether a Secret Service runs; that may take this
 * long at most, so a machine without one pays little. */
#define KR_AUTO_PROBE_MS 1000

void kr_reason(kr_state *st, dagshub_provider_ctx *ctx, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (st->auto_note && st->chosen == KR_BACKEND_KERNEL)
		st->svc->set_reason(ctx, "%s (auto: %s)", buf, st->auto_note);
	else
		st->svc->set_reason(ctx, "%s", buf);
}

int64_t kr_deadline(kr_state *st, dagshub_provider_ctx *ctx,
                    const dagshub_provider_request *req, long long bound_ms)
{
	int64_t now = st->svc->monotonic_ms(ctx);
	int64_t d = now + bound_ms;

	if (req && req->deadline_ms > 0 && req->deadline_ms < d)
		d = req->deadline_ms;
	return d;
}

static int s_read_seconds(const dagshub_provider_services *svc,
                          dagshub_provider_ctx *ctx, const char *name,
                          long long def, long long *out_ms)
{
	long long v = def;
	int rc = svc->arg_int(ctx, name, &v);

	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (v < 1 || v > KR_MAX_TIMEOUT_S) {
		svc->set_reason(ctx, "args.%s = %lld: give a number of seconds "
		                  "from 1 to %d", name, v, KR_MAX_TIMEOUT_S);
		return -1;
	}
	*out_ms = v * 1000;
	return 0;
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "backend", "keyring", "timeout",
	                                     "prompt_timeout", NULL };
	const dagshub_provider_services *svc = atomic_load(&s_svc_ptr);
	const char *backend = "auto", *keyring = "persistent", *why;
	kr_state *st = NULL;
	long long ring_id = 0;
	char ring_buf[32];
	int rc = -1;

	*state = NULL;
	if (svc->args_check(ctx, known) != 0)
		goto out;
	if (!(st = calloc(1, sizeof(*st)))) {
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	st->svc = svc;
	if (svc->arg_string(ctx, "backend", &backend) == DAGSHUB_ARG_INVALID)
		goto out;
	/* A keyring id may be written as a number or as a string. */
	if (svc->arg_string(ctx, "keyring", &keyring) == DAGSHUB_ARG_INVALID) {
		if (svc->arg_int(ctx, "keyring", &ring_id) != DAGSHUB_ARG_OK)
			goto out;
		snprintf(ring_buf, sizeof(ring_buf), "%lld", ring_id);
		keyring = ring_buf;
	}
	if (!strcmp(backend, "auto"))
		st->backend = KR_BACKEND_AUTO;
	else if (!strcmp(backend, KR_SS_NAME))
		st->backend = KR_BACKEND_SS;
	else if (!strcmp(backend, KR_KERNEL_NAME))
		st->backend = KR_BACKEND_KERNEL;
	else {
		svc->set_reason(ctx, "args.backend = \"%s\": use \"auto\", "
		                  "\"secret-service\" or \"kernel\"", backend);
		goto out;
	}
	st->chosen = st->backend;
	if (kr_kernel_check_keyring(keyring, &why) != 0) {
		svc->set_reason(ctx, "args.keyring = \"%s\": %s", keyring, why);
		goto out;
	}
	if (!(st->keyring = strdup(keyring))) {
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	if (s_read_seconds(svc, ctx, "timeout", KR_DEFAULT_TIMEOUT_S,
	                   &st->timeout_ms) != 0 ||
	    s_read_seconds(svc, ctx, "prompt_timeout",
	                   KR_DEFAULT_PROMPT_TIMEOUT_S,
	                   &st->prompt_timeout_ms) != 0)
		goto out;
	*state = st;
	st = NULL;
	rc = 0;
out:
	if (st) {
		free(st->keyring);
		free(st);
	}
	return rc;
}

/* `auto`: the Secret Service when a session bus exists and something owns
 * org.freedesktop.secrets, else the kernel keyring.  Decided once. */
static kr_backend s_choose(kr_state *st, dagshub_provider_ctx *ctx,
                           const dagshub_provider_request *req)
{
	long long bound = st->timeout_ms < KR_AUTO_PROBE_MS ? st->timeout_ms
	                                                   : KR_AUTO_PROBE_MS;
	char *why = NULL;

	if (st->chosen != KR_BACKEND_AUTO)
		return st->chosen;
	if (kr_ss_probe(st, ctx, kr_deadline(st, ctx, req, bound), 0, &why)) {
		st->chosen = KR_BACKEND_SS;
		st->svc->log(ctx, DAGSHUB_LOG_DEBUG, "auto: using the Secret "
		             "Service");
	} else {
		st->chosen = KR_BACKEND_KERNEL;
		st->auto_note = why;
		st->svc->log(ctx, DAGSHUB_LOG_DEBUG, "auto: using the kernel "
		             "keyring (%s)", why ? why : "no Secret Service");
	}
	return st->chosen;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	kr_state *st = state;

	if (s_choose(st, ctx, req) == KR_BACKEND_SS)
		return kr_ss_get(st, ctx, req);
	return kr_kernel_get(st, ctx, req);
}

static dagshub_provider_result s_store(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const dagshub_provider_token *tok)
{
	kr_state *st = state;

	if (s_choose(st, ctx, req) == KR_BACKEND_SS)
		return kr_ss_store(st, ctx, req, tok);
	return kr_kernel_store(st, ctx, req, tok);
}

static dagshub_provider_result s_erase(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const char *value)
{
	kr_state *st = state;

	if (s_choose(st, ctx, req) == KR_BACKEND_SS)
		return kr_ss_erase(st, ctx, req, value);
	return kr_kernel_erase(st, ctx, req, value);
}

static dagshub_provider_result s_list(void *state, dagshub_provider_ctx *ctx)
{
	kr_state *st = state;

	if (s_choose(st, ctx, NULL) == KR_BACKEND_SS)
		return kr_ss_list(st, ctx);
	return kr_kernel_list(st, ctx);
}

static void s_close(void *state)
{
	kr_state *st = state;

	if (!st)
		return;
	kr_ss_free(st->ss);
	free(st->auto_note);
	free(st->keyring);
	free(st);
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "keyring",
	.flags = DAGSHUB_PROVIDER_KEEPS_TOKENS,
	.open = s_open,
	.get = s_get,
	.store = s_store,
	.erase = s_erase,
	.list = s_list,
	.clear = NULL, /* `clear-cache` is for the cache file only */
	.close = s_close,
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *svc);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *svc)
{
	(void)core_abi_minor;
	/* Every service used here is ABI 1.0's: a 1.0 core is enough (a
	 * check against our own sizeof would refuse every older core). */
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR || !svc ||
	    !DAGSHUB_HAS_FIELD(svc, dagshub_provider_services, state_dir))
		return NULL;
	atomic_store(&s_svc_ptr, svc);
	return &s_ops;
}
