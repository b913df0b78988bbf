/*
 * core/store.c - storing, erasing, clearing and listing tokens: the
 * library side of `dagshub-auth login`, `logout`, `clear-cache`, `list`.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "http_glue.h"
#include "internal.h"

/* 9999-12-31T23:59:59.999999Z in microseconds since the epoch. */
#define S_MAX_EXPIRY_US INT64_C(253402300799999999)

/* The entry to store in: by module name, else the first `store = true`. */
static dh_entry *s_find_store(struct dagshub_auth *a, const dh_chain *c,
                              const char *module, const char *host)
{
	for (size_t i = 0; i < c->n; i++) {
		dh_entry *e = &c->entries[i];
		if (module ? !strcmp(e->module, module) : e->store)
			return e;
	}
	if (module)
		dh_set_error(a, DAGSHUB_ENOSTORE, "no entry with module \"%s\" in "
		             "the chain for %s (config %s)", module, host,
		             a->config_path);
	else
		dh_set_error(a, DAGSHUB_ENOSTORE, "no entry of the chain for %s "
		             "has store = true (config %s); name one with --store",
		             host, a->config_path);
	return NULL;
}

static int s_result_status(dagshub_provider_result r)
{
	return r == DAGSHUB_PROVIDER_UNAVAILABLE ? DAGSHUB_EUNAVAILABLE
	                                         : DAGSHUB_EPROVIDER;
}

DH_API int dagshub_add_token(dagshub_auth *a, const char *host,
                             const char *token, const char *type,
                             int64_t expires_us, const char *store_module)
{
	dagshub_token_input t = DAGSHUB_TOKEN_INPUT_INIT;

	t.value = token;
	t.type = type;
	t.expires_us = expires_us;
	t.host = host;
	return dagshub_store_token(a, &t, store_module);
}

/* Fields of dagshub_token_input by version (see s_options_size in
 * auth.c): version 1 is the whole struct of library 0.1. */
static const size_t s_input_size[] = { 0, sizeof(dagshub_token_input) };
#define S_INPUT_VERSIONS (sizeof(s_input_size) / sizeof(s_input_size[0]))
_Static_assert(S_INPUT_VERSIONS == DAGSHUB_TOKEN_INPUT_VERSION + 1,
               "a line of s_input_size per dagshub_token_input version");

DH_API int dagshub_store_token(dagshub_auth *a,
                               const dagshub_token_input *given,
                               const char *store_module)
{
	dagshub_token_input in_copy = DAGSHUB_TOKEN_INPUT_INIT,
	                    *in = &in_copy;
	const char *host, *token;
	dagshub_provider_token tok = { 0 };
	dagshub_provider_request req;
	dagshub_provider_result r;
	dagshub_provider_result (*store)(void *, dagshub_provider_ctx *,
	                                 const dagshub_provider_request *,
	                                 const dagshub_provider_token *);
	const dh_chain *c;
	char *norm = NULL;
	dh_entry *e;
	int rc;

	if (!a)
		return DAGSHUB_EINVAL;
	if (given && (given->version < 1 || given->version >= S_INPUT_VERSIONS))
		return dh_set_error(a, DAGSHUB_EINVAL, "dagshub_token_input "
		                    "version %u is not known to this library "
		                    "(it knows 1 to %d)", given->version,
		                    DAGSHUB_TOKEN_INPUT_VERSION);
	if (given)
		memcpy(&in_copy, given, s_input_size[given->version]);
	host = in->host;
	token = in->value;
	/* Nothing is written that the reader would refuse: the rule is
	 * checked before any provider sees the value. */
	if ((rc = dh_token_check_api(a, token)))
		return rc;
	/* Stores write expiries the Python client reads with datetime, whose
	 * years end at 9999. */
	if (in->expires_us < 0 || in->expires_us > S_MAX_EXPIRY_US)
		return dh_set_error(a, DAGSHUB_EINVAL, "the token's expiry is "
		                    "before 1970 or after the year 9999");
	if ((rc = dh_request_begin(a, host, &norm)))
		return rc;
	c = dh_config_chain_for(a, norm);
	if (!(e = s_find_store(a, c, store_module, norm))) {
		rc = DAGSHUB_ENOSTORE;
		goto out;
	}
	if (dh_entry_open(a, e) != 0) {
		rc = dh_set_error(a, DAGSHUB_EPROVIDER, "%s: %s", e->module,
		                  e->open_error);
		goto out;
	}
	if (!(store = DH_OP(&e->mod, store))) {
		rc = dh_set_error(a, DAGSHUB_ENOSTORE, "provider %s cannot store "
		                  "tokens", e->module);
		goto out;
	}
	dh_request_init(a, &req, norm);
	tok.struct_size = sizeof(tok);
	tok.host = norm;
	tok.value = token;
	tok.type = in->type ? in->type : DAGSHUB_TOKEN_TYPE_APP;
	tok.expires_us = in->expires_us;
	tok.username = in->username;
	dh_ctx_reset(&e->ctx);
	e->ctx.req = &req;
	r = store(e->state, &e->ctx, &req, &tok);
	e->ctx.req = NULL;
	if (r != DAGSHUB_PROVIDER_TOKEN)
		rc = dh_set_error(a, s_result_status(r), "%s: %s", e->module,
		                  e->ctx.reason ? e->ctx.reason : "store failed");
	else {
		/* A rejection remembered for the other processes of the same
		 * check (validate.c) must not erase the token stored now. */
		dh_validate_forget_rejection(a, norm, token);
		dh_say(a, DAGSHUB_MESSAGE_NOTE, "stored in %s", e->module);
	}
out:
	free(norm);
	return rc;
}

DH_API int dagshub_add_app_token(dagshub_auth *a, const char *host,
                                 const char *token, const char *store_module)
{
	return dagshub_add_token(a, host, token, DAGSHUB_TOKEN_TYPE_APP, 0,
	                         store_module);
}

DH_API int dagshub_erase_tokens(dagshub_auth *a, const char *host,
                                const char *value, const char *store_module,
                                size_t *erased)
{
	dagshub_provider_request req;
	const dh_chain *c;
	char *norm = NULL, *errors = NULL;
	size_t count = 0, tried = 0;
	int rc;

	if (erased)
		*erased = 0;
	if (!a)
		return DAGSHUB_EINVAL;
	if (value && (rc = dh_token_check_api(a, value)))
		return rc;
	if ((rc = dh_request_begin(a, host, &norm)))
		return rc;
	c = dh_config_chain_for(a, norm);
	dh_request_init(a, &req, norm);
	for (size_t i = 0; i < c->n; i++) {
		dh_entry *e = &c->entries[i];
		dagshub_provider_result (*erase)(void *, dagshub_provider_ctx *,
		                                 const dagshub_provider_request *,
		                                 const char *);
		dagshub_provider_result r;
		char *msg = NULL, *joined;

		/* Named: that entry.  Else every entry that can erase, so
		 * a logout leaves no token any entry of the chain would give
		 * (a keyring entry without `store = true` included).  Only a
		 * store = true entry's failure to open or to be asked is an
		 * error; the others are skipped quietly. */
		bool must = store_module || e->store;

		if (store_module && strcmp(e->module, store_module))
			continue;
		if (dh_entry_open(a, e) != 0) {
			tried += must;
			if (must)
				msg = dh_asprintf("%s: %s", e->module, e->open_error);
		} else if (!(erase = DH_OP(&e->mod, erase))) {
			tried += must;
			if (must)
				msg = dh_asprintf("%s: provider cannot erase tokens",
				                  e->module);
		} else {
			tried++;
			dh_ctx_reset(&e->ctx);
			e->ctx.req = &req;
			r = erase(e->state, &e->ctx, &req, value);
			e->ctx.req = NULL;
			if (r == DAGSHUB_PROVIDER_TOKEN)
				count++;
			else if (r != DAGSHUB_PROVIDER_NOTFOUND &&
			         (must || r != DAGSHUB_PROVIDER_UNAVAILABLE))
				msg = dh_asprintf("%s: %s", e->module, e->ctx.reason
				                  ? e->ctx.reason : "erase failed");
		}
		if (!msg)
			continue;
		joined = dh_asprintf("%s%s%s", errors ? errors : "",
		                     errors ? "; " : "", msg);
		free(msg);
		free(errors);
		errors = joined;
	}
	if (erased)
		*erased = count;
	if (!tried)
		rc = dh_set_error(a, DAGSHUB_ENOSTORE, "%s",
		                  store_module ? "no entry with that module in the "
		                                 "chain" : "no entry of the chain "
		                                           "can erase tokens");
	else if (errors)
		rc = dh_set_error(a, DAGSHUB_EPROVIDER, "%s", errors);
	free(errors);
	free(norm);
	return rc;
}

/* Every entry of every chain, each (module, no args) pair once. */
static size_t s_all_entries(struct dagshub_auth *a, dh_entry ***out)
{
	size_t n = a->default_chain.n, k = 0;
	dh_entry **v;

	for (size_t h = 0; h < a->nhosts; h++)
		n += a->hosts[h].n;
	*out = v = calloc(n ? n : 1, sizeof(*v));
	if (!v)
		return 0;
	for (size_t h = 0; h <= a->nhosts; h++) {
		const dh_chain *c = h == 0 ? &a->default_chain : &a->hosts[h - 1];
		for (size_t i = 0; i < c->n; i++) {
			dh_entry *e = &c->entries[i];
			bool dup = false;
			for (size_t j = 0; j < k && !e->args; j++)
				if (!v[j]->args && !strcmp(v[j]->module, e->module))
					dup = true;
			if (!dup)
				v[k++] = e;
		}
	}
	return k;
}

DH_API int dagshub_clear_token_cache(dagshub_auth *a)
{
	dh_entry **v = NULL;
	size_t n, cleared = 0, found = 0;
	char *unopened = NULL;
	int rc = DAGSHUB_OK;

	if (!a)
		return DAGSHUB_EINVAL;
	dh_clear_error(a);
	n = s_all_entries(a, &v);
	/* Which entries hold a token cache is what their provider says (a
	 * clear() operation), not what their module is called: every entry
	 * is opened to learn it. */
	for (size_t i = 0; i < n; i++) {
		dagshub_provider_result (*clear)(void *, dagshub_provider_ctx *);
		dagshub_provider_result r;
		dh_entry *e = v[i];

		if (dh_entry_open(a, e) != 0) {
			char *s = dh_asprintf("%s%s%s: %s", unopened ? unopened : "",
			                      unopened ? "; " : "", e->module,
			                      e->open_error);
			free(unopened);
			unopened = s;
			continue;
		}
		if (!(clear = DH_OP(&e->mod, clear)))
			continue;
		found++;
		dh_ctx_reset(&e->ctx);
		r = clear(e->state, &e->ctx);
		if (r == DAGSHUB_PROVIDER_TOKEN)
			cleared++;
		else if (r != DAGSHUB_PROVIDER_NOTFOUND)
			rc = dh_set_error(a, s_result_status(r), "%s: %s", e->module,
			                  e->ctx.reason ? e->ctx.reason : "clear failed");
	}
	free(v);
	if (!found) {
		/* With an entry that could not be opened, what failed is that
		 * entry (its module missing or refused, its args, no descriptor
		 * left), as when login cannot open its store; only a
		 * configuration whose entries all opened and none keeps a
		 * cache is the configuration's fault. */
		rc = dh_set_error(a, unopened ? DAGSHUB_EPROVIDER
		                              : DAGSHUB_ENOSTORE,
		                  "no cache entry in the configuration (%s)%s%s",
		                  a->config_path, unopened ? "; these entries could "
		                  "not be opened: " : "", unopened ? unopened : "");
		free(unopened);
		return rc;
	}
	/* Not silent: an entry that could not be opened may be a cache too
	 * (its module is missing or refused), and it was not cleared. */
	if (unopened)
		dh_log(a, DAGSHUB_LOG_WARNING, "core", "not cleared, since they "
		       "could not be opened: %s", unopened);
	free(unopened);
	if (rc == DAGSHUB_OK && !cleared)
		dh_set_error(a, DAGSHUB_OK, "there was no token cache to delete");
	return rc;
}

struct s_list_state {
	dagshub_token_list_cb cb;
	void *payload;
	int stop;
};

static int s_list_one(struct dagshub_provider_ctx *ctx,
                      const dagshub_provider_token *tok, void *payload)
{
	struct s_list_state *st = payload;
	char fp[DAGSHUB_FINGERPRINT_SIZE];
	dagshub_token_listing item;

	if (st->stop)
		return 1;
	memset(&item, 0, sizeof(item));
	item.host = tok->host ? tok->host : "";
	item.type = tok->type;
	item.expires_us = tok->expires_us;
	item.source = ctx->entry->module;
	item.fingerprint = dagshub_fingerprint(fp, tok->value);
	item.username = tok->username;
	st->stop = st->cb(&item, st->payload);
	return st->stop;
}

DH_API int dagshub_list_tokens(dagshub_auth *a, dagshub_token_list_cb cb,
                               void *payload)
{
	struct s_list_state st = { cb, payload, 0 };
	dh_entry **v = NULL;
	size_t n;
	int rc;

	if (!a || !cb)
		return DAGSHUB_EINVAL;
	dh_clear_error(a);
	n = s_all_entries(a, &v);
	if ((rc = dh_trace_init(a, v, n, NULL))) {
		free(v);
		return rc;
	}
	for (size_t i = 0; i < n && !st.stop; i++) {
		dagshub_provider_result (*list)(void *, dagshub_provider_ctx *);
		dagshub_provider_result r = DAGSHUB_PROVIDER_NOTFOUND;
		int64_t t0 = dh_monotonic_us();
		dh_entry *e = v[i];

		dh_ctx_reset(&e->ctx);
		if (dh_entry_open(a, e) != 0) {
			e->ctx.reason = dh_strdup(e->open_error);
			r = DAGSHUB_PROVIDER_ERROR;
		} else if ((list = DH_OP(&e->mod, list))) {
			e->ctx.list_cb = s_list_one;
			e->ctx.list_payload = &st;
			r = list(e->state, &e->ctx);
			e->ctx.list_cb = NULL;
			e->ctx.list_payload = NULL;
		} else {
			e->ctx.reason = dh_strdup("does not keep tokens");
		}
		dh_trace_record(&a->trace[i], e, (int)r, "list", t0);
	}
	free(v);
	return DAGSHUB_OK;
}
