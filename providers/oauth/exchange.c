/*
 * providers/oauth/exchange.c - DagsHub's "middleman" OAuth flow over HTTP.
 *
 *   1. The person opens {host}/login/oauth/authorize?...&middleman_request_id=R
 *      and approves.
 *   2. POST {host}/login/oauth/middleman (request_id=R) is held open by the
 *      server until then and answers the code as a JSON string; it gives up
 *      with 408 after a while, so we ask again while our own time remains.
 *   3. POST {host}/login/oauth/access_token (client_id, code, state) answers
 *      {"access_token", "expiry", "token_type"}.
 *
 * All HTTP goes through svc->http (the core's lazily loaded client), so
 * this provider never links libcurl.  Bodies that hold a code or a token
 * are wiped before they are handed back.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "expiry.h"
#include "oauth.h"

/* How long the code-for-token exchange may take at most, and at least even
 * when the person approved at the last moment of the timeout. */
#define S_EXCHANGE_MAX_MS 30000
#define S_EXCHANGE_MIN_MS 5000
/* A failed middleman call that took this close to its whole bound was a
 * timeout (svc->http does not say which failure it was). */
#define S_TIMEOUT_SLACK_MS 250

static void s_wipe_response(const dagshub_provider_services *svc,
                            dagshub_provider_ctx *ctx,
                            dagshub_http_response *resp)
{
	if (resp->body)
		dh_wipe(resp->body, resp->body_len);
	svc->http_response_clear(ctx, resp);
}

void oauth_grant_clear(oauth_grant *g)
{
	dh_free_secret(g->access_token);
	free(g->token_type);
	memset(g, 0, sizeof(*g));
}

/* The code from the middleman's body: a JSON string. */
static char *s_parse_code(const char *body)
{
	cJSON *j = cJSON_Parse(body);
	char *code = NULL;

	if (cJSON_IsString(j) && j->valuestring && *j->valuestring)
		code = strdup(j->valuestring);
	if (cJSON_IsString(j) && j->valuestring)
		dh_wipe(j->valuestring, strlen(j->valuestring));
	cJSON_Delete(j);
	return code;
}

dagshub_provider_result oauth_wait_for_code(char **code,
                                            const dagshub_provider_services *svc,
                                            dagshub_provider_ctx *ctx,
                                            const char *host,
                                            const oauth_ids *ids,
                                            int64_t deadline_ms)
{
	dagshub_http_request hreq = { 0 };
	dagshub_http_response resp = { .struct_size = sizeof(resp) };
	dagshub_provider_result r = DAGSHUB_PROVIDER_ERROR;
	char *url = NULL, *form = NULL;
	int tries = 0;

	*code = NULL;
	if (asprintf(&url, "%s/login/oauth/middleman", host) < 0)
		url = NULL;
	if (!url || asprintf(&form, "request_id=%s", ids->request_id) < 0) {
		form = NULL;
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	hreq.struct_size = sizeof(hreq);
	hreq.method = "POST";
	hreq.url = url;
	hreq.form_body = form;
	for (;;) {
		int64_t t0 = svc->monotonic_ms(ctx), left = deadline_ms - t0;

		if (left <= 0) {
			svc->set_reason(ctx, "nobody approved the login at %s in "
			                "time (args.timeout); run `dagshub-auth "
			                "login` to try again", host);
			r = DAGSHUB_PROVIDER_ERROR;
			goto out;
		}
		/* One call may use all the time that remains: the server holds
		 * it open until the person approves. */
		hreq.timeout_ms = (long)left;
		tries++;
		if (svc->http(ctx, &hreq, &resp) != 0) {
			int64_t took = svc->monotonic_ms(ctx) - t0;

			if (took + S_TIMEOUT_SLACK_MS >= left)
				continue; /* our own bound: the check above ends it */
			/* svc->http set the reason (what failed, which URL). */
			svc->log(ctx, DAGSHUB_LOG_INFO, "middleman request %d failed "
			         "after %lld ms", tries, (long long)took);
			r = DAGSHUB_PROVIDER_ERROR;
			goto out;
		}
		if (resp.status == 408 || resp.status == 504) {
			/* the server (or a proxy) stopped waiting; we have not */
			svc->log(ctx, DAGSHUB_LOG_DEBUG, "middleman answered %ld; "
			         "asking again", resp.status);
			s_wipe_response(svc, ctx, &resp);
			continue;
		}
		if (resp.status != 200) {
			svc->set_reason(ctx, "POST %s answered HTTP %ld (expected 200 "
			                "with the code)", url, resp.status);
			r = DAGSHUB_PROVIDER_ERROR;
			goto out;
		}
		if (!(*code = s_parse_code(resp.body ? resp.body : ""))) {
			svc->set_reason(ctx, "POST %s answered 200 without a code "
			                "(the body is not a JSON string)", url);
			r = DAGSHUB_PROVIDER_ERROR;
			goto out;
		}
		r = DAGSHUB_PROVIDER_TOKEN;
		goto out;
	}
out:
	s_wipe_response(svc, ctx, &resp);
	free(url);
	free(form);
	return r;
}

static const char *s_json_string(const cJSON *obj, const char *name)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, name);

	return cJSON_IsString(v) && v->valuestring ? v->valuestring : NULL;
}

/* Fills g from the access_token answer; the reason says what is wrong. */
static dagshub_provider_result s_parse_grant(oauth_grant *g,
                                             const dagshub_provider_services *svc,
                                             dagshub_provider_ctx *ctx,
                                             const char *url, const char *body)
{
	cJSON *j = cJSON_Parse(body);
	const char *tok, *exp, *type;
	dagshub_provider_result r = DAGSHUB_PROVIDER_ERROR;

	if (!cJSON_IsObject(j)) {
		svc->set_reason(ctx, "POST %s answered 200 with a body that is not "
		                "a JSON object", url);
		goto out;
	}
	tok = s_json_string(j, "access_token");
	exp = s_json_string(j, "expiry");
	type = s_json_string(j, "token_type");
	if (!tok || !*tok) {
		svc->set_reason(ctx, "POST %s answered without an access_token",
		                url);
		goto out;
	}
	/* A bearer token without an expiry would break the Python client's
	 * cache loader, so an expiry we cannot read is an error, not "never". */
	if (!exp || oauth_parse_expiry(&g->expires_us, exp) != 0) {
		svc->set_reason(ctx, "POST %s answered an expiry that is not an "
		                "RFC 3339 time (\"%.40s\")", url, exp ? exp : "");
		goto out;
	}
	g->access_token = strdup(tok);
	g->token_type = type ? strdup(type) : NULL;
	if (!g->access_token || (type && !g->token_type)) {
		oauth_grant_clear(g);
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	r = DAGSHUB_PROVIDER_TOKEN;
out:
	if (cJSON_IsObject(j)) {
		cJSON *v = cJSON_GetObjectItemCaseSensitive(j, "access_token");
		if (cJSON_IsString(v) && v->valuestring)
			dh_wipe(v->valuestring, strlen(v->valuestring));
	}
	cJSON_Delete(j);
	return r;
}

dagshub_provider_result oauth_exchange_code(oauth_grant *g,
                                            const dagshub_provider_services *svc,
                                            dagshub_provider_ctx *ctx,
                                            const char *host,
                                            const char *client_id,
                                            const char *code,
                                            const oauth_ids *ids,
                                            int64_t deadline_ms)
{
	dagshub_http_request hreq = { 0 };
	dagshub_http_response resp = { .struct_size = sizeof(resp) };
	dagshub_provider_result r = DAGSHUB_PROVIDER_ERROR;
	char *url = NULL, *form = NULL, *cid = NULL, *ecode = NULL;
	int64_t left = deadline_ms - svc->monotonic_ms(ctx);

	memset(g, 0, sizeof(*g));
	cid = oauth_url_encode(client_id);
	ecode = oauth_url_encode(code);
	if (!cid || !ecode || asprintf(&url, "%s/login/oauth/access_token",
	                               host) < 0) {
		url = NULL;
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	if (asprintf(&form, "client_id=%s&code=%s&state=%s", cid, ecode,
	             ids->state) < 0) {
		form = NULL;
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	hreq.struct_size = sizeof(hreq);
	hreq.method = "POST";
	hreq.url = url;
	hreq.form_body = form;
	hreq.timeout_ms = (long)(left > S_EXCHANGE_MAX_MS ? S_EXCHANGE_MAX_MS
	                         : left < S_EXCHANGE_MIN_MS ? S_EXCHANGE_MIN_MS
	                         : left);
	if (svc->http(ctx, &hreq, &resp) != 0)
		goto out; /* reason set by svc->http */
	if (resp.status != 200) {
		cJSON *j = cJSON_Parse(resp.body ? resp.body : "");
		const char *err = cJSON_IsObject(j) ? s_json_string(j, "error")
		                                    : NULL;

		svc->set_reason(ctx, "POST %s answered HTTP %ld%s%.80s%s: the code "
		                "was not accepted; run `dagshub-auth login` to try "
		                "again", url, resp.status, err ? " (" : "",
		                err ? err : "", err ? ")" : "");
		cJSON_Delete(j);
		goto out;
	}
	r = s_parse_grant(g, svc, ctx, url, resp.body ? resp.body : "");
out:
	s_wipe_response(svc, ctx, &resp);
	dh_free_secret(form);
	dh_free_secret(ecode);
	free(cid);
	free(url);
	return r;
}
