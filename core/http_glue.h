/*
 * core/http_glue.h - what validate.c and authenticator.c need from the
 * lazily loaded HTTP module beyond dh_http() (internal.h).  Not installed.
 */
#ifndef DAGSHUB_CORE_HTTP_GLUE_H
#define DAGSHUB_CORE_HTTP_GLUE_H

#include "http/http_module.h"
#include "internal.h"

/* The module's table, loading the module on first use.  NULL with *why
 * (malloc()ed) when it cannot be loaded or is refused. */
const dh_http_module_ops *dh_http_module(struct dagshub_auth *a, char **why);

/* The whole-request timeout: DAGSHUB_HTTP_TIMEOUT seconds (default 30).
 * 0, or -1 with *why when the variable is not a positive number. */
int dh_http_timeout_ms(long *out, char **why);

/* validate.c: records `token` as good for `host` without asking: for a
 * token the server has just issued (an OAuth token, DAGSHUB_TOKEN_FRESH),
 * so the next process does not ask again within validate_ttl. */
void dh_validate_vouch(struct dagshub_auth *a, const char *host,
                       const char *token, const char *login);
/* validate.c: drops what is remembered of `token` for `host` (the server
 * has since refused it). */
void dh_validate_forget(struct dagshub_auth *a, const char *host,
                        const char *token);
/* validate.c: drops a remembered rejection of `token` for `host` alone:
 * the token has just been stored again, on purpose, and the next get must
 * ask the server rather than erase it on the memory's word. */
void dh_validate_forget_rejection(struct dagshub_auth *a, const char *host,
                                  const char *token);

#endif /* DAGSHUB_CORE_HTTP_GLUE_H */
