/*
 * tests/modules/trusted.c - a test provider that reads its token from a
 * file through svc->open_trusted (ABI 1.1), so the tests can see the
 * service's answers: 0 (the first line is the token), 1 (no such file:
 * NOTFOUND), -1 (refused: ERROR with the core's reason).
 *
 *   args = { path = "/a/token/file"; };
 */
#include "config.h"

#include <fcntl.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dagshub/provider.h"

static const dagshub_provider_services *svc;

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "path", NULL };
	const char *path = NULL;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (svc->arg_string(ctx, "path", &path) != DAGSHUB_ARG_OK) {
		svc->set_reason(ctx, "args.path is required");
		return -1;
	}
	*state = strdup(path);
	return *state ? 0 : -1;
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	char buf[256];
	ssize_t n;
	int fd = -2, rc;

	(void)req;
	rc = svc->open_trusted(ctx, state, 0, "token file", &fd);
	if (rc == 1)
		return fd == -1 ? DAGSHUB_PROVIDER_NOTFOUND : DAGSHUB_PROVIDER_ERROR;
	if (rc != 0)
		return fd == -1 ? DAGSHUB_PROVIDER_ERROR
		                : (svc->set_reason(ctx, "fd not -1 on refusal"),
		                   DAGSHUB_PROVIDER_ERROR);
	n = read(fd, buf, sizeof(buf) - 1);
	/* the descriptor is blocking unless O_NONBLOCK was asked for */
	if (fcntl(fd, F_GETFL) & O_NONBLOCK) {
		close(fd);
		svc->set_reason(ctx, "open_trusted left O_NONBLOCK set");
		return DAGSHUB_PROVIDER_ERROR;
	}
	close(fd);
	if (n <= 0) {
		svc->set_reason(ctx, "empty token file");
		return DAGSHUB_PROVIDER_ERROR;
	}
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	{
		dagshub_provider_token tok = { sizeof(tok), NULL, buf,
		                               DAGSHUB_TOKEN_TYPE_APP, 0, NULL };
		if (svc->set_token(ctx, &tok, 0) != 0)
			return DAGSHUB_PROVIDER_ERROR;
	}
	svc->set_reason(ctx, "read through open_trusted");
	return DAGSHUB_PROVIDER_TOKEN;
}

static void s_close(void *state)
{
	free(state);
}

static const dagshub_provider_ops s_ops = {
	DAGSHUB_PROVIDER_ABI_MAJOR, DAGSHUB_PROVIDER_ABI_MINOR,
	sizeof(dagshub_provider_ops), "trusted", 0,
	s_open, s_get, NULL, NULL, NULL, NULL, s_close
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t major, uint32_t minor,
                       const dagshub_provider_services *services)
{
	(void)minor;
	/* needs open_trusted: ABI 1.1 */
	if (major != DAGSHUB_PROVIDER_ABI_MAJOR ||
	    services->struct_size <
	        offsetof(dagshub_provider_services, open_trusted) +
	        sizeof(services->open_trusted))
		return NULL;
	svc = services;
	return &s_ops;
}
