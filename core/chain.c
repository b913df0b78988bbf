/*
 * core/chain.c - the walk: ask each entry in order, act on its result by
 * its control, validate kept tokens, write fresh ones back.
 *
 * The control of an entry is a table of four actions, one per result
 * (config.c builds it from "sufficient", "requisite", "optional" or the
 * long form):
 *
 *   result        sufficient   requisite   optional
 *   token         done         done        done
 *   notfound      continue     die         continue
 *   unavailable   continue     die         ignore
 *   error         continue     die         ignore
 *
 * done: stop; a token is the answer.  die: stop with no token, blamed on
 * this entry.  continue: go on, and an error is reported at the end even
 * when a later entry answers.  ignore: go on quietly.  A token under
 * continue or ignore (long form only) is not used.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "escape.h"
#include "http_glue.h"

/* How often one entry may be asked again after the server rejected its
 * token (each rejected token is erased, so the next get finds the next). */
#define S_MAX_REJECTED 16

static const char *const s_action_names[] = { "done", "die", "continue",
                                              "ignore" };

dagshub_provider_result dh_entry_get(struct dagshub_auth *a, dh_entry *e,
                                     const dh_chain *chain,
                                     const dagshub_provider_request *req)
{
	dagshub_provider_result r;

	dh_ctx_reset(&e->ctx);
	if (dh_entry_open(a, e) != 0) {
		free(e->ctx.reason); /* the reason open() set, now in open_error */
		e->ctx.reason = dh_strdup(e->open_error);
		return DAGSHUB_PROVIDER_ERROR;
	}
	e->ctx.req = req;
	e->ctx.chain = chain;
	r = e->mod.ops->get(e->state, &e->ctx, req);
	/* An enum may be signed or unsigned: compare as unsigned, so a
	 * negative value from a broken provider is caught too. */
	if ((unsigned)r > DAGSHUB_PROVIDER_ERROR) {
		free(e->ctx.reason);
		e->ctx.reason = dh_asprintf("provider returned an unknown result "
		                            "(%d)", (int)r);
		r = DAGSHUB_PROVIDER_ERROR;
	}
	if (e->ctx.tok_refused) {
		/* set_token() refused the value: an error, with the rule it
		 * broke, whatever the provider answered after. */
		free(e->ctx.reason);
		e->ctx.reason = dh_asprintf("the value it gave is %s",
		                            e->ctx.tok_refused);
		r = DAGSHUB_PROVIDER_ERROR;
	} else if (r == DAGSHUB_PROVIDER_TOKEN && !e->ctx.have_token) {
		free(e->ctx.reason);
		e->ctx.reason = dh_strdup("provider said it found a token but "
		                          "gave none");
		r = DAGSHUB_PROVIDER_ERROR;
	}
	return r;
}

static bool s_wants_validation(const dh_entry *e)
{
	if (e->validate >= 0)
		return e->validate;
	return e->mod.ops && (e->mod.ops->flags & DAGSHUB_PROVIDER_KEEPS_TOKENS);
}

/*
 * Asks one entry, validating its token by policy.  A token the server
 * rejects is erased from the entry and the entry is asked again, so a
 * cache holding a dead token and a good one gives the good one.
 */
/* Adds what the walk did about a rejected token to the validation note. */
static void s_note_add(dh_trace_entry *t, const char *what)
{
	char *n = dh_asprintf("%s%s", t->validation ? t->validation
	                                            : "rejected", what);

	if (n) {
		free(t->validation);
		t->validation = n;
	}
}

static int s_ask(struct dagshub_auth *a, dh_entry *e, const dh_chain *chain,
                 const dagshub_provider_request *req, dh_trace_entry *t)
{
	dagshub_provider_result r, er = DAGSHUB_PROVIDER_ERROR;
	int rejected = 0, gone_elsewhere = 0;

	for (;;) {
		char *note = NULL, *user = NULL;
		dh_validity v;
		dagshub_provider_result (*erase)(void *, dagshub_provider_ctx *,
		                                 const dagshub_provider_request *,
		                                 const char *);
		bool tried;

		r = dh_entry_get(a, e, chain, req);
		if (r != DAGSHUB_PROVIDER_TOKEN && rejected) {
			/* What was there was rejected and erased: say so, not
			 * just "notfound" (a person must know the token they
			 * had is gone and why). */
			char *why = dh_asprintf("the server rejected %d token%s "
			                        "from this entry and %s erased%s%s",
			                        rejected, rejected > 1 ? "s" : "",
			                        rejected > 1 ? "they were" : "it was",
			                        e->ctx.reason ? "; then: " : "",
			                        e->ctx.reason ? e->ctx.reason : "");
			if (why) {
				free(e->ctx.reason);
				e->ctx.reason = why;
			}
			return r == DAGSHUB_PROVIDER_NOTFOUND
			           ? (dagshub_provider_result)DAGSHUB_TRACE_REJECTED
			           : r;
		}
		if (r != DAGSHUB_PROVIDER_TOKEN || !s_wants_validation(e))
			return r;
		v = dh_validate(a, req->host, e->ctx.tok.value, &note, &user);
		free(t->validation);
		t->validation = note;
		if (v != DH_VALID_REJECTED) {
			if (user && !e->ctx.tok.username)
				e->ctx.tok.username = user;
			else
				free(user);
			return r;
		}
		free(user);
		rejected++;
		if (a->flags & DAGSHUB_AUTH_DRY_RUN) {
			/* Looking changes nothing: report, do not erase. */
			s_note_add(t, " (would be erased by token)");
			/* the token stays in the ctx, so the trace shows which
			 * one it was (its fingerprint); it is wiped with the
			 * ctx */
			free(e->ctx.reason);
			e->ctx.reason = dh_strdup("rejected (would be erased by "
			                          "token; this run changes nothing)");
			return (dagshub_provider_result)DAGSHUB_TRACE_REJECTED;
		}
		erase = DH_OP(&e->mod, erase);
		/* what get() said is not what erase() will say */
		free(e->ctx.reason);
		e->ctx.reason = NULL;
		er = DAGSHUB_PROVIDER_ERROR;
		tried = erase && rejected < S_MAX_REJECTED;
		/* NOTFOUND from erase: another process erased it first (it
		 * got the same rejection, e.g. while this one waited for its
		 * check); the entry may hold the next one.  Once only, so an
		 * entry that keeps giving a token it cannot find is not asked
		 * over and over. */
		if (!tried ||
		    (er = erase(e->state, &e->ctx, req, e->ctx.tok.value),
		     er != DAGSHUB_PROVIDER_TOKEN &&
		     (er != DAGSHUB_PROVIDER_NOTFOUND || gone_elsewhere++))) {
			/* An erase that failed says why, and that the token is
			 * still there: a person must know the dead token stays
			 * and will be offered (and rejected) again. */
			bool failed = tried && er != DAGSHUB_PROVIDER_TOKEN &&
			              er != DAGSHUB_PROVIDER_NOTFOUND;
			char *why = failed && e->ctx.reason && *e->ctx.reason
			                ? dh_strdup(e->ctx.reason)
			                : NULL;

			dh_ctx_reset(&e->ctx);
			e->ctx.reason = dh_asprintf(
			    "the server rejected %d token%s from this entry%s%s",
			    rejected, rejected > 1 ? "s" : "",
			    failed  ? "; erasing it failed, so it is still stored: "
			    : erase ? ""
			            : " (it cannot erase)",
			    failed ? (why ? why : "no reason given") : "");
			if (failed)
				s_note_add(t, "; erasing it failed, it is still stored");
			free(why);
			return (dagshub_provider_result)DAGSHUB_TRACE_REJECTED;
		}
		s_note_add(t, er == DAGSHUB_PROVIDER_TOKEN
		                  ? "; erased from this entry"
		                  : "; already erased from this entry");
	}
}

void dh_chain_writeback(struct dagshub_auth *a, const dh_chain *chain,
                        const dagshub_provider_request *req,
                        dh_entry *from, const dagshub_provider_token *tok)
{
	for (size_t i = 0; i < chain->n; i++) {
		dh_entry *e = &chain->entries[i];
		dagshub_provider_result (*store)(void *, dagshub_provider_ctx *,
		                                 const dagshub_provider_request *,
		                                 const dagshub_provider_token *);
		char *w;

		if (!e->store || e == from)
			continue;
		if (dh_entry_open(a, e) != 0) {
			w = dh_asprintf("write-back to %s failed: %s", e->module,
			                e->open_error);
		} else if (!(store = DH_OP(&e->mod, store))) {
			w = dh_asprintf("write-back skipped: provider %s cannot "
			                "store tokens", e->module);
		} else {
			dagshub_provider_result r;

			dh_ctx_reset(&e->ctx);
			e->ctx.req = req;
			r = store(e->state, &e->ctx, req, tok);
			if (r == DAGSHUB_PROVIDER_TOKEN)
				continue;
			w = dh_asprintf("write-back to %s failed: %s", e->module,
			                e->ctx.reason ? e->ctx.reason : "no reason given");
		}
		if (w)
			dh_ctx_warn(&from->ctx, w);
		free(w);
	}
}

void dh_trace_free(struct dagshub_auth *a)
{
	for (size_t i = 0; i < a->ntrace; i++) {
		dh_trace_entry *t = &a->trace[i];
		free(t->reason);
		free(t->fingerprint);
		free(t->validation);
		for (size_t j = 0; t->warnings && t->warnings[j]; j++)
			free(t->warnings[j]);
		free(t->warnings);
	}
	free(a->trace);
	free(a->trace_host);
	a->trace = NULL;
	a->trace_host = NULL;
	a->ntrace = 0;
}

static const char *const s_no_warnings[] = { NULL };

/* Moves what the entry said into its trace line. */
void dh_trace_record(dh_trace_entry *t, dh_entry *e, int result,
                     const char *action, int64_t t0)
{
	t->pub.result = result;
	t->pub.action = action;
	t->pub.elapsed_us = dh_monotonic_us() - t0;
	t->reason = dh_strdup(e->ctx.reason ? e->ctx.reason : "");
	t->pub.reason = t->reason ? t->reason : "";
	t->pub.validation = t->validation;
	if (e->ctx.nwarnings) {
		t->warnings = e->ctx.warnings;
		e->ctx.warnings = NULL;
		e->ctx.nwarnings = 0;
		t->pub.warnings = (const char *const *)t->warnings;
	}
	/* Only a token the entry answered with is shown: a provider that
	 * called set_token() and then returned notfound gave nothing. */
	if (e->ctx.have_token && (result == DAGSHUB_TRACE_TOKEN ||
	                          result == DAGSHUB_TRACE_REJECTED)) {
		char fp[DAGSHUB_FINGERPRINT_SIZE];
		t->fingerprint = dh_strdup(dagshub_fingerprint(fp, e->ctx.tok.value));
		t->pub.fingerprint = t->fingerprint;
	}
}

int dh_trace_init(struct dagshub_auth *a, dh_entry *const *entries,
                  size_t n, const char *host)
{
	dh_trace_free(a);
	a->trace = calloc(n ? n : 1, sizeof(*a->trace));
	a->trace_host = dh_strdup(host ? host : "");
	if (!a->trace || !a->trace_host)
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	a->ntrace = n;
	for (size_t i = 0; i < n; i++) {
		dagshub_trace *p = &a->trace[i].pub;
		p->module = entries[i]->module;
		p->control = dh_control_name(&entries[i]->control);
		p->result = DAGSHUB_TRACE_NOT_REACHED;
		p->reason = "";
		p->warnings = s_no_warnings;
		p->action = "";
	}
	return 0;
}

/* "no token" message: one line per entry, so a person can act on it;
 * every piece of outside text in it escaped (core/escape.h), so the line
 * breaks are its own and the library's callers can show it as it is. */
static int s_no_token(struct dagshub_auth *a, const dh_chain *chain,
                      const char *host, long died)
{
	char *msg = NULL;
	size_t len = 0;
	FILE *f;
	/* outside text like the rest of the message: a file's name can hold
	 * control characters, a line break among them */
	char *h = dh_escape(host), *conf = dh_escape(a->config_path);

	if (!h || !conf || !(f = open_memstream(&msg, &len))) {
		free(h);
		free(conf);
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	}
	if (chain->n == 0)
		fprintf(f, "no token for %s: the chain is empty (no providers "
		        "configured in %s)", h, conf);
	else
		fprintf(f, "no token for %s (config %s):", h, conf);
	free(h);
	free(conf);
	for (size_t i = 0; i < a->ntrace; i++) {
		const dagshub_trace *t = &a->trace[i].pub;
		/* One line per entry: the outside text in it (module names,
		 * providers' reasons) is escaped, so its line breaks are
		 * ours (core/escape.h). */
		char *mod = dh_escape(t->module), *ctl = dh_escape(t->control);
		char *why = t->reason && *t->reason ? dh_escape(t->reason) : NULL;

		fprintf(f, "\n  %zu. %s [%s]: %s", i + 1, mod ? mod : "?",
		        ctl ? ctl : "?", dagshub_trace_result_str(t->result));
		if (why)
			fprintf(f, ": %s", why);
		free(mod);
		free(ctl);
		free(why);
		if ((long)i == died)
			fprintf(f, " (stopped here: %s)", t->action);
	}
	fclose(f);
	dh_set_error(a, DAGSHUB_ENOTOKEN, "%s", msg ? msg : "no token");
	free(msg);
	return DAGSHUB_ENOTOKEN;
}

int dh_chain_walk(struct dagshub_auth *a, const dh_chain *chain,
                  const dagshub_provider_request *req, dagshub_token **out)
{
	long stop = -1;
	size_t i;
	int rc;

	dh_entry **list = calloc(chain->n ? chain->n : 1, sizeof(*list));

	*out = NULL;
	if (!list)
		return dh_set_error(a, DAGSHUB_ENOMEM, "out of memory");
	for (i = 0; i < chain->n; i++)
		list[i] = &chain->entries[i];
	rc = dh_trace_init(a, list, chain->n, req->host);
	free(list);
	if (rc)
		return rc;
	for (i = 0; i < chain->n; i++) {
		dh_entry *e = &chain->entries[i];
		int64_t t0 = dh_monotonic_us();
		int r = s_ask(a, e, chain, req, &a->trace[i]);
		/* a rejected token counts as nothing found */
		int row = r == DAGSHUB_TRACE_REJECTED ? DAGSHUB_PROVIDER_NOTFOUND : r;
		dh_action act = e->control.on[row];

		if (r == DAGSHUB_PROVIDER_TOKEN && act == DH_ACT_DONE) {
			/* write-back first, so its warnings join this entry's;
			 * a token the server just issued counts as checked */
			if ((e->ctx.tok_flags & DAGSHUB_TOKEN_FRESH) &&
			    !(a->flags & DAGSHUB_AUTH_DRY_RUN)) {
				dh_chain_writeback(a, chain, req, e, &e->ctx.tok);
				dh_validate_vouch(a, req->host, e->ctx.tok.value,
				                  e->ctx.tok.username);
			}
			dh_trace_record(&a->trace[i], e, r, s_action_names[act], t0);
			a->trace[i].pub.answered = 1;
			/* its only failure is memory */
			if (dh_token_from_ctx(out, e, i, req->host))
				return dh_set_error(a, DAGSHUB_ENOMEM,
				                    "out of memory");
			return DAGSHUB_OK;
		}
		dh_trace_record(&a->trace[i], e, r, s_action_names[act], t0);
		if (act == DH_ACT_DONE || act == DH_ACT_DIE) {
			stop = (long)i;
			break;
		}
	}
	return s_no_token(a, chain, req->host, stop);
}

DH_API const char *dagshub_trace_result_str(int result)
{
	switch (result) {
	case DAGSHUB_TRACE_TOKEN: return "token";
	case DAGSHUB_TRACE_NOTFOUND: return "notfound";
	case DAGSHUB_TRACE_UNAVAILABLE: return "unavailable";
	case DAGSHUB_TRACE_ERROR: return "error";
	case DAGSHUB_TRACE_NOT_REACHED: return "not reached";
	case DAGSHUB_TRACE_REJECTED: return "rejected";
	}
	return "unknown";
}
