/*
 * core/auth.c - the handle: open, close, get a token, read the trace.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

/*
 * How much of dagshub_auth_options each version has, so that a program
 * built against an older <dagshub/auth.h> is read only as far as its
 * struct goes (libgit2's GIT_ERROR_CHECK_VERSION does the same).  A new
 * version appends fields and a line here.
 */
static const size_t s_options_size[] = {
	0, /* no version 0 */
	offsetof(dagshub_auth_options, message),  /* 1: up to clock_payload */
	sizeof(dagshub_auth_options)              /* 2: + message, log */
};
#define S_OPTIONS_VERSIONS (sizeof(s_options_size) / sizeof(s_options_size[0]))
_Static_assert(S_OPTIONS_VERSIONS == DAGSHUB_AUTH_OPTIONS_VERSION + 1,
               "a line of s_options_size per options version");

/*
 * Not interactive when stdin or stderr is not a terminal, when CI is set,
 * or when the caller says so: a provider that needs a person must never
 * hang a CI job.
 */
static bool s_decide_interactive(unsigned int flags)
{
	const char *ci = dh_getenv("CI");

	if (flags & DAGSHUB_AUTH_NON_INTERACTIVE)
		return false;
	if (ci && *ci)
		return false;
	return isatty(STDIN_FILENO) && isatty(STDERR_FILENO);
}

/*
 * The default host is DAGSHUB_CLIENT_HOST, else the config's `host`, else
 * https://dagshub.com; it is what the env provider answers for by default
 * (as the Python client uses DAGSHUB_USER_TOKEN for its configured host
 * only).  The host asked for in the options is kept apart: it is the host
 * of requests that name none, not the default host.
 */
static int s_norm_setting(struct dagshub_auth *a, const char *what,
                          const char *src, char **out)
{
	char *why = NULL;
	int rc = dh_normalize_host(out, src, &why);

	if (rc) {
		dh_set_error(a, rc == DAGSHUB_ENOMEM ? rc : DAGSHUB_EINVAL,
		             "%s \"%s\": %s", what, src,
		             why ? why : "out of memory");
		free(why);
		return rc == DAGSHUB_ENOMEM ? rc : DAGSHUB_EINVAL;
	}
	return 0;
}

static int s_set_hosts(struct dagshub_auth *a, const char *asked)
{
	const char *env = dh_getenv("DAGSHUB_CLIENT_HOST");
	int rc;

	if (env && *env) {
		/* kept: the configuration still serves it (dagshub_auth_host_at) */
		a->config_host = a->default_host ? a->default_host
		                                 : dh_strdup(DH_DEFAULT_HOST);
		if (!a->config_host)
			return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
		a->default_host = NULL;
		if ((rc = s_norm_setting(a, "DAGSHUB_CLIENT_HOST", env,
		                         &a->default_host)))
			return rc;
	} else if (!a->default_host &&
	           !(a->default_host = dh_strdup(DH_DEFAULT_HOST))) {
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	}
	/* An empty host is an unset shell variable, not "the default": a
	 * self-hosted instance's token must not go to dagshub.com. */
	if (asked && !*asked)
		return dh_set_error(a, DAGSHUB_EINVAL, "the host is empty (an "
		                    "unset variable?); give a URL, or no host for "
		                    "the default host");
	if (asked)
		return s_norm_setting(a, "host", asked, &a->asked_host);
	return 0;
}

DH_API int dagshub_auth_open(dagshub_auth **out, const dagshub_auth_options *opts)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	struct dagshub_auth *a;
	int rc;

	if (!out)
		return DAGSHUB_EINVAL;
	*out = a = calloc(1, sizeof(*a));
	if (!a)
		return DAGSHUB_ENOMEM;
	dh_clear_error(a);
	if (opts) {
		if (opts->version < 1 || opts->version >= S_OPTIONS_VERSIONS)
			return dh_set_error(a, DAGSHUB_EINVAL, "dagshub_auth_options "
			                    "version %u is not known to this library "
			                    "(%s knows 1 to %d)", opts->version,
			                    PACKAGE_VERSION,
			                    DAGSHUB_AUTH_OPTIONS_VERSION);
		/* The fields of that version only; the rest keep the defaults
		 * of DAGSHUB_AUTH_OPTIONS_INIT. */
		memcpy(&o, opts, s_options_size[opts->version]);
	}
	a->message = o.message;
	a->message_payload = o.message_payload;
	a->log = o.log;
	a->log_payload = o.log_payload;
	a->flags = o.flags;
	a->clock_us = o.clock_us;
	a->clock_payload = o.clock_payload;
	a->validate_ttl = DH_DEFAULT_VALIDATE_TTL;
	a->validate_retry = DH_DEFAULT_VALIDATE_RETRY;
	a->interactive = s_decide_interactive(o.flags);
	if ((o.cache_path && !(a->cache_path = dh_strdup(o.cache_path))) ||
	    !(a->provider_dir = dh_strdup(PROVIDER_DIR)))
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	if ((rc = dh_config_load(a, o.config_path)) != 0) {
		/* nothing half-loaded: drop whatever the parse built */
		dh_config_free(a);
		if (rc == DAGSHUB_ENOMEM)
			dh_set_error(a, rc, "out of memory");
		return rc;
	}
	if ((rc = s_set_hosts(a, o.host)) != 0) {
		dh_config_free(a);
		return rc;
	}
	return DAGSHUB_OK;
}

DH_API void dagshub_auth_close(dagshub_auth *a)
{
	if (!a)
		return;
	dh_trace_free(a);
	dh_config_free(a); /* closes the entries, then their modules */
	dh_http_unload(a);
	free(a->error);
	free(a->config_path);
	free(a->config_note);
	free(a->default_host);
	free(a->asked_host);
	free(a->config_host);
	free(a->provider_dir);
	free(a->cache_path);
	free(a->state_dir);
	dh_trust_memo_free(&a->trust_memo);
	free(a);
}

DH_API const char *dagshub_auth_config_path(const dagshub_auth *a)
{
	return a && a->config_path ? a->config_path : DH_BUILTIN_CONFIG_NAME;
}

DH_API const char *dagshub_auth_default_host(const dagshub_auth *a)
{
	return a && a->default_host ? a->default_host : DH_DEFAULT_HOST;
}

/*
 * The hosts the configuration serves, each once: the default host, the
 * config's own host when DAGSHUB_CLIENT_HOST replaced it, then every
 * `hosts` entry in file order.  Consumers (the git credential helper,
 * setup-git) answer for these and no others.
 */
DH_API const char *dagshub_auth_host_at(const dagshub_auth *a, size_t i)
{
	const char *cand;
	size_t ncand, seen = 0;

	if (!a || !a->cfg_loaded)
		return NULL;
	ncand = 2 + a->nhosts;
	for (size_t k = 0; k < ncand; k++) {
		bool dup = false;

		cand = k == 0 ? dagshub_auth_default_host(a)
		     : k == 1 ? a->config_host : a->hosts[k - 2].url;
		if (!cand)
			continue;
		for (size_t j = 0; j < k && !dup; j++) {
			const char *prev = j == 0 ? dagshub_auth_default_host(a)
			                 : j == 1 ? a->config_host
			                 : a->hosts[j - 2].url;
			dup = prev && !strcmp(prev, cand);
		}
		if (dup)
			continue;
		if (seen++ == i)
			return cand;
	}
	return NULL;
}

DH_API const char *dagshub_auth_config_note(const dagshub_auth *a)
{
	return a && a->config_note ? a->config_note : NULL;
}

void dh_request_init(struct dagshub_auth *a, dagshub_provider_request *req,
                     const char *host)
{
	memset(req, 0, sizeof(*req));
	req->struct_size = sizeof(*req);
	req->host = host;
	req->default_host = a->default_host;
	req->flags = a->interactive ? DAGSHUB_REQUEST_INTERACTIVE : 0;
}

/* Normalises the host a caller asked for (NULL: the default host). */
int dh_resolve_host(struct dagshub_auth *a, const char *host, char **out)
{
	char *why = NULL;
	int rc;

	if (host && !*host)
		return dh_set_error(a, DAGSHUB_EINVAL, "the host is empty (an "
		                    "unset variable?); give a URL, or NULL for "
		                    "the default host");
	if (!host)
		host = a->asked_host ? a->asked_host : a->default_host;
	rc = dh_normalize_host(out, host, &why);
	if (rc) {
		dh_set_error(a, rc, "host \"%s\": %s", host,
		             why ? why : "out of memory");
		free(why);
	}
	return rc;
}

int dh_request_begin(struct dagshub_auth *a, const char *host, char **norm)
{
	if (!a->cfg_loaded)
		return dh_set_error(a, DAGSHUB_ECONFIG, "%s",
		                    "the handle has no configuration (open failed)");
	dh_clear_error(a);
	return dh_resolve_host(a, host, norm);
}

int dh_token_from_ctx(dagshub_token **out, const dh_entry *e, size_t index,
                      const char *host)
{
	dagshub_token *t = calloc(1, sizeof(*t));
	const dagshub_provider_token *src = &e->ctx.tok;

	if (!t)
		return DAGSHUB_ENOMEM;
	t->value = dh_strdup(src->value);
	t->type = dh_strdup(src->type);
	t->username = dh_strdup(src->username);
	t->host = dh_strdup(host);
	t->source = dh_strdup(e->module);
	t->expires_us = src->expires_us;
	t->entry = index;
	if (!t->value || !t->host || !t->source ||
	    (src->type && !t->type) || (src->username && !t->username)) {
		dagshub_token_free(t);
		return DAGSHUB_ENOMEM;
	}
	*out = t;
	return DAGSHUB_OK;
}

DH_API void dagshub_token_free(dagshub_token *t)
{
	if (!t)
		return;
	dh_free_secret(t->value);
	free(t->type);
	free(t->host);
	free(t->source);
	free(t->username);
	dh_wipe(t, sizeof(*t));
	free(t);
}

DH_API int dagshub_get_token(dagshub_token **out, dagshub_auth *a,
                             const char *host)
{
	dagshub_provider_request req;
	char *norm = NULL;
	int rc;

	if (!out || !a)
		return DAGSHUB_EINVAL;
	*out = NULL;
	if ((rc = dh_request_begin(a, host, &norm)))
		return rc;
	dh_request_init(a, &req, norm);
	rc = dh_chain_walk(a, dh_config_chain_for(a, norm), &req, out);
	free(norm);
	return rc;
}

DH_API size_t dagshub_auth_trace_count(const dagshub_auth *a)
{
	return a ? a->ntrace : 0;
}

DH_API const dagshub_trace *dagshub_auth_trace_at(const dagshub_auth *a,
                                                  size_t i)
{
	if (!a || i >= a->ntrace)
		return NULL;
	return &a->trace[i].pub;
}

DH_API const char *dagshub_auth_trace_host(const dagshub_auth *a)
{
	return a ? a->trace_host : NULL;
}
