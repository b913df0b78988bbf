/*
 * providers/keyring/keyring.h - what the files of the keyring provider
 * share: its state and the two backends' entry points.
 *
 * keyring.c is the glue (args, choosing a backend, the ops table); ss*.c is
 * the Secret Service backend (libsecret, GDBus); kernel.c the kernel
 * keyring backend (libkeyutils).  This header is free of glib types so the
 * glue and the kernel backend do not depend on glib; everything glib-shaped
 * hides behind struct kr_ss.
 */
#ifndef DAGSHUB_KEYRING_H
#define DAGSHUB_KEYRING_H

#include <stdint.h>

#include "dagshub/provider.h"
#include "../common/wipe.h" /* dh_free_wiped: secrets are wiped, then freed */

/* Every reason starts with the backend's name so `explain` and `list`
 * always show which one answered. */
#define KR_SS_NAME "secret-service"
#define KR_KERNEL_NAME "kernel"

/* The label and attributes of a Secret Service item. */
#define KR_SS_SCHEMA "org.freedesktop.Secret.Generic"
#define KR_SS_APPLICATION "dagshub-auth"

/* Description of a kernel key: the prefix, then the normalised host. */
#define KR_KERNEL_PREFIX "dagshub:"

typedef enum kr_backend {
	KR_BACKEND_AUTO = 0,
	KR_BACKEND_SS = 1,
	KR_BACKEND_KERNEL = 2
} kr_backend;

struct kr_ss; /* ss_bus.c: the D-Bus connection and its main context */

typedef struct kr_state {
	const dagshub_provider_services *svc;
	kr_backend backend;       /* as configured */
	kr_backend chosen;        /* `auto` resolved at first use; else = backend */
	char *auto_note;          /* why `auto` chose the kernel keyring */
	char *keyring;            /* args.keyring: which kernel keyring */
	long long timeout_ms;     /* bound of the D-Bus calls of one operation */
	long long prompt_timeout_ms; /* bound of an unlock prompt (interactive) */
	struct kr_ss *ss;         /* NULL until the Secret Service is first used */
} kr_state;

/* ---- Secret Service (ss.c, ss_bus.c) ----
 * Each returns a provider result and sets the reason ("secret-service: ...")
 * whatever happens.  interactive: whether unlock prompts are allowed. */

/* Whether the Secret Service can be asked now: a session bus exists and
 * something owns org.freedesktop.secrets (or, when `activatable` is set,
 * can be started for it).  Returns 1, or 0 with *why set (malloc()ed). */
int kr_ss_probe(kr_state *st, dagshub_provider_ctx *ctx, int64_t deadline_ms,
                int activatable, char **why);
dagshub_provider_result kr_ss_get(kr_state *st, dagshub_provider_ctx *ctx,
                                  const dagshub_provider_request *req);
dagshub_provider_result kr_ss_store(kr_state *st, dagshub_provider_ctx *ctx,
                                    const dagshub_provider_request *req,
                                    const dagshub_provider_token *tok);
dagshub_provider_result kr_ss_erase(kr_state *st, dagshub_provider_ctx *ctx,
                                    const dagshub_provider_request *req,
                                    const char *value);
dagshub_provider_result kr_ss_list(kr_state *st, dagshub_provider_ctx *ctx);
void kr_ss_free(struct kr_ss *ss);

/* ---- kernel keyring (kernel.c) ---- */

/* Checks args.keyring ("persistent", "user", "session" or a key id);
 * returns 0, or -1 with *why set to a static string. */
int kr_kernel_check_keyring(const char *name, const char **why);
dagshub_provider_result kr_kernel_get(kr_state *st, dagshub_provider_ctx *ctx,
                                      const dagshub_provider_request *req);
dagshub_provider_result kr_kernel_store(kr_state *st, dagshub_provider_ctx *ctx,
                                        const dagshub_provider_request *req,
                                        const dagshub_provider_token *tok);
dagshub_provider_result kr_kernel_erase(kr_state *st, dagshub_provider_ctx *ctx,
                                        const dagshub_provider_request *req,
                                        const char *value);
dagshub_provider_result kr_kernel_list(kr_state *st, dagshub_provider_ctx *ctx);

/* ---- shared helpers (keyring.c) ---- */

/* The deadline (CLOCK_MONOTONIC ms) of one operation: now + bound, or the
 * request's deadline when that comes first.  req may be NULL. */
int64_t kr_deadline(kr_state *st, dagshub_provider_ctx *ctx,
                    const dagshub_provider_request *req, long long bound_ms);
/* Sets the reason of this call: the text, then, when `auto` chose the
 * kernel keyring, why (" (auto: no D-Bus session bus ...)"). */
void kr_reason(kr_state *st, dagshub_provider_ctx *ctx, const char *fmt, ...)
	DAGSHUB_PRINTF(3, 4);

#endif /* DAGSHUB_KEYRING_H */
