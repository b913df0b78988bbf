/*
 * core/login.c - `dagshub-auth login` without a token: an explicit OAuth
 * login (the Python client's add_oauth_token / `dagshub login`).
 *
 * It does not walk the chain: the person asked for a new token, so the
 * first entry of the host's chain whose provider makes tokens (the oauth
 * provider sets DAGSHUB_PROVIDER_MAKES_TOKENS) is asked directly, with
 * DAGSHUB_REQUEST_EXPLICIT so that it runs even without a terminal (the
 * person may read the link in a notebook or a log).  The fresh token then
 * goes to the chain's `store = true` entries through the chain's own
 * write-back (dh_chain_writeback), as a walk would do it.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/* The first entry that makes tokens; entries that fail to open are named
 * in *skipped (malloc()ed, may stay NULL) so a miss can be explained. */
static dh_entry *s_find_maker(struct dagshub_auth *a, const dh_chain *c,
                              size_t *index, char **skipped)
{
	for (size_t i = 0; i < c->n; i++) {
		dh_entry *e = &c->entries[i];

		if (dh_entry_open(a, e) != 0) {
			char *s = dh_asprintf("%s%s%s: %s", *skipped ? *skipped : "",
			                      *skipped ? "; " : "", e->module,
			                      e->open_error);
			free(*skipped);
			*skipped = s;
			continue;
		}
		if (e->mod.ops->flags & DAGSHUB_PROVIDER_MAKES_TOKENS) {
			*index = i;
			return e;
		}
	}
	return NULL;
}

/* "cache" or "cache, keyring": the entries that receive the token. */
static char *s_store_names(const dh_chain *c, const dh_entry *maker,
                           size_t *count)
{
	char *names = NULL, *s;

	*count = 0;
	for (size_t i = 0; i < c->n; i++) {
		const dh_entry *e = &c->entries[i];

		if (!e->store || e == maker)
			continue;
		s = dh_asprintf("%s%s%s", names ? names : "", names ? ", " : "",
		                e->module);
		free(names);
		if (!(names = s))
			return NULL;
		(*count)++;
	}
	return names ? names : dh_strdup("");
}

/* The warnings of e->ctx from index `from` on, joined with "; ". */
static char *s_join_warnings(const dh_entry *e, size_t from)
{
	char *out = dh_strdup(""), *s;

	for (size_t i = from; out && i < e->ctx.nwarnings; i++) {
		s = dh_asprintf("%s%s%s", out, *out ? "; " : "",
		                e->ctx.warnings[i]);
		free(out);
		out = s;
	}
	return out;
}

static int s_status_of(dagshub_provider_result r)
{
	switch (r) {
	case DAGSHUB_PROVIDER_UNAVAILABLE: return DAGSHUB_EUNAVAILABLE;
	case DAGSHUB_PROVIDER_NOTFOUND: return DAGSHUB_ENOTOKEN;
	default: return DAGSHUB_EPROVIDER;
	}
}

/* Learns whose token it is (the keyring stores the login with it) and
 * makes sure the server takes it before it is stored. */
static int s_check_fresh(struct dagshub_auth *a, dh_entry *e,
                         const char *host)
{
	char *note = NULL, *user = NULL;
	dh_validity v;

	if (e->ctx.tok.username)
		return DAGSHUB_OK;
	v = dh_validate(a, host, e->ctx.tok.value, &note, &user);
	free(note);
	if (v == DH_VALID_REJECTED) {
		free(user);
		return dh_set_error(a, DAGSHUB_EREJECTED, "%s gave a token that "
		                    "%s rejects at once; nothing was stored",
		                    e->module, host);
	}
	e->ctx.tok.username = user; /* NULL when it could not be asked */
	return DAGSHUB_OK;
}

DH_API int dagshub_login_oauth(dagshub_token **out, dagshub_auth *a,
                               const char *host, const char *referrer)
{
	dagshub_provider_request req;
	dagshub_provider_result r;
	const dh_chain *c;
	dh_entry *e;
	char *norm = NULL, *skipped = NULL, *targets = NULL, *failed = NULL;
	size_t idx = 0, ntargets = 0, nwarn, nfailed;
	int64_t t0;
	int rc;

	if (!out || !a)
		return DAGSHUB_EINVAL;
	*out = NULL;
	if ((rc = dh_request_begin(a, host, &norm)))
		return rc;
	c = dh_config_chain_for(a, norm);
	if (!(e = s_find_maker(a, c, &idx, &skipped)) && skipped) {
		/* one of those may well be the login provider */
		rc = dh_set_error(a, DAGSHUB_EPROVIDER, "no login for %s: no "
		                  "entry that opened makes tokens, and these "
		                  "could not be opened: %s", norm, skipped);
		goto out;
	}
	if (!e) {
		rc = dh_set_error(a, DAGSHUB_ENOTOKEN, "no entry of the chain for "
		                  "%s makes tokens, so there is no login to run "
		                  "(add { module = \"oauth\"; } to it in %s, or "
		                  "store a token with --token-stdin)", norm,
		                  a->config_path);
		goto out;
	}
	if (!(targets = s_store_names(c, e, &ntargets))) {
		rc = dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
		goto out;
	}
	/* Checked first: a login whose token cannot be kept is wasted. */
	if (ntargets == 0) {
		rc = dh_set_error(a, DAGSHUB_ENOSTORE, "no entry of the chain for "
		                  "%s has store = true (config %s), so a login "
		                  "token could not be kept", norm, a->config_path);
		goto out;
	}
	if ((rc = dh_trace_init(a, &e, 1, norm)))
		goto out;
	dh_request_init(a, &req, norm);
	req.flags |= DAGSHUB_REQUEST_EXPLICIT;
	req.referrer = referrer;
	t0 = dh_monotonic_us(); /* dh_trace_record counts microseconds */
	r = dh_entry_get(a, e, c, &req);
	if (r != DAGSHUB_PROVIDER_TOKEN) {
		rc = dh_set_error(a, s_status_of(r), "login through %s failed: %s",
		                  e->module, e->ctx.reason ? e->ctx.reason
		                                           : "no reason given");
		dh_trace_record(&a->trace[0], e, (int)r, "die", t0);
		goto out;
	}
	if ((rc = s_check_fresh(a, e, norm)) != DAGSHUB_OK) {
		dh_trace_record(&a->trace[0], e, DAGSHUB_TRACE_REJECTED, "die", t0);
		goto out;
	}
	/* Write-back failures become warnings of e, one per failed entry. */
	nwarn = e->ctx.nwarnings;
	if (e->ctx.tok_flags & DAGSHUB_TOKEN_FRESH)
		dh_chain_writeback(a, c, &req, e, &e->ctx.tok);
	nfailed = e->ctx.nwarnings - nwarn;
	failed = s_join_warnings(e, nwarn);
	dh_trace_record(&a->trace[0], e, (int)r, nfailed < ntargets ? "done"
	                                                             : "die", t0);
	a->trace[0].pub.answered = nfailed < ntargets;
	if (nfailed >= ntargets) {
		rc = dh_set_error(a, DAGSHUB_EPROVIDER, "logged in to %s, but no "
		                  "entry could store the token: %s", norm,
		                  failed ? failed : "out of memory");
		goto out;
	}
	if ((rc = dh_token_from_ctx(out, e, idx, norm))) {
		rc = dh_set_error(a, rc, "out of memory"); /* its only failure */
		goto out;
	}
	/* The success note, to the caller's message callback (auth.h). */
	if (!(e->ctx.tok_flags & DAGSHUB_TOKEN_FRESH))
		dh_say(a, DAGSHUB_MESSAGE_NOTE, "stored in %s (by another process "
		       "that had just logged in)", targets);
	else if (nfailed)
		dh_say(a, DAGSHUB_MESSAGE_NOTE, "stored in %zu of %zu entries "
		       "(%s); %s", ntargets - nfailed, ntargets, targets,
		       failed ? failed : "");
	else
		dh_say(a, DAGSHUB_MESSAGE_NOTE, "stored in %s", targets);
out:
	free(failed);
	free(targets);
	free(skipped);
	free(norm);
	return rc;
}
