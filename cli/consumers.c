/*
 * cli/consumers.c - shared by the commands that hand a token to another
 * program (see consumers.h).
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "consumers.h"
#include "../providers/common/ascii.h" /* the common path */

bool cli_has_control(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return true;
	return false;
}

bool cli_loopback_authority(const char *host)
{
	size_t n;

	if (!strncmp(host, "[::1]", 5))
		return host[5] == '\0' || host[5] == ':' || host[5] == '/';
	n = dh_cspan(host, ":/");
	if (n == 9 && dh_has_prefix_nocase(host, "localhost"))
		return true;
	if (n < 5 || strncmp(host, "127.", 4))
		return false;
	for (size_t i = 4; i < n; i++)
		if (!dh_is_digit(host[i]) && host[i] != '.')
			return false;
	return true;
}

bool cli_git_may_send(const char *url)
{
	if (!strncmp(url, "https://", 8))
		return true;
	return !strncmp(url, "http://", 7) && cli_loopback_authority(url + 7);
}

const char *cli_token_login(const dagshub_token *tok)
{
	if (!tok->username || !*tok->username || cli_has_control(tok->username))
		return NULL;
	return tok->username;
}

/* Length of the UTF-8 sequence at p (1..4), or 0 when it is not one
 * (overlong forms, surrogates and values past U+10FFFF are refused). */
static size_t s_utf8_len(const unsigned char *p)
{
	uint32_t c;
	size_t n;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0; /* also stops at the terminating NUL */
		c = (c << 6) | (p[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && c < 0x10000) || c > 0x10ffff ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	return n;
}

int cli_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	for (const unsigned char *q = p; *q;) {
		size_t n = s_utf8_len(q);
		if (!n)
			return -1;
		q += n;
	}
	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':  fputs("\\\"", f); break;
		case '\\': fputs("\\\\", f); break;
		case '\n': fputs("\\n", f); break;
		case '\r': fputs("\\r", f); break;
		case '\t': fputs("\\t", f); break;
		default:
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
	return 0;
}

const char *cli_iso8601(char *buf, size_t n, long long us)
{
	time_t t = (time_t)(us / 1000000);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return buf;
}

static int s_add(struct cli_vars *vars, const char *name, const char *value,
                 bool secret)
{
	struct cli_var *v;

	if (vars->n >= sizeof(vars->v) / sizeof(vars->v[0]) ||
	    !(v = &vars->v[vars->n], v->value = strdup(value))) {
		cli_error("out of memory");
		return CLI_EXIT_PROVIDER;
	}
	v->name = name;
	v->secret = secret;
	vars->n++;
	return 0;
}

void cli_vars_free(struct cli_vars *vars)
{
	for (size_t i = 0; i < vars->n; i++)
		cli_free_secret(vars->v[i].value);
	vars->n = 0;
}

int cli_token_vars(struct cli_vars *out, unsigned int which)
{
	dagshub_auth *a = NULL;
	dagshub_token *tok = NULL;
	char *host = NULL, *learned = NULL;
	const char *login;
	int rc;

	out->n = 0;
	if ((rc = cli_open(&a)))
		return rc;
	rc = dagshub_get_token(&tok, a, NULL);
	if (rc != DAGSHUB_OK) {
		cli_library_error(a, rc);
		dagshub_auth_close(a);
		return cli_exit_code(rc);
	}
	/* The core's token rule keeps these out; an environment value with
	 * a newline would still break every format, so check here too. */
	if (cli_has_control(tok->value) || strchr(tok->value, ' ')) {
		cli_error("the token from entry %zu (%s) has a space or a control "
		          "character; refusing to pass it on", tok->entry + 1,
		          tok->source);
		rc = CLI_EXIT_PROVIDER;
		goto out;
	}
	if ((rc = s_add(out, "DAGSHUB_USER_TOKEN", tok->value, true)))
		goto out;
	/* Always the host the token is for: the DagsHub client sends
	 * DAGSHUB_USER_TOKEN to https://dagshub.com when DAGSHUB_CLIENT_HOST
	 * is unset, so a self-hosted instance's token (host from the
	 * configuration) must not go out without its host. */
	if (!(host = strdup(tok->host ? tok->host : dagshub_auth_default_host(a))))
		goto nomem;
	if ((rc = s_add(out, "DAGSHUB_CLIENT_HOST", host, false)))
		goto out;
	if (which & CLI_VARS_MLFLOW) {
		login = cli_token_login(tok);
		if (!login &&
		    dagshub_validate_token(a, tok->host, tok->value, NULL,
		                           &learned) == DAGSHUB_OK &&
		    learned && *learned && !cli_has_control(learned))
			login = learned;
		if ((rc = s_add(out, "MLFLOW_TRACKING_USERNAME",
		                login ? login : tok->value, !login)) ||
		    (rc = s_add(out, "MLFLOW_TRACKING_PASSWORD", tok->value, true)))
			goto out;
	}
	if (which & CLI_VARS_AWS) {
		/* Emptied, not left: a caller's AWS session token would be sent
		 * to DagsHub along with the key (X-Amz-Security-Token), and its
		 * expiry would be taken for the token's.  botocore and the other
		 * SDKs read an empty value as none, and every format of `env`
		 * can carry one. */
		static const char *const emptied[] = {
			"AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
			"AWS_CREDENTIAL_EXPIRATION"
		};

		if ((rc = s_add(out, "AWS_ACCESS_KEY_ID", tok->value, true)) ||
		    (rc = s_add(out, "AWS_SECRET_ACCESS_KEY", tok->value, true)))
			goto out;
		for (size_t i = 0; i < sizeof emptied / sizeof *emptied; i++)
			if ((rc = s_add(out, emptied[i], "", false)))
				goto out;
	}
	goto out;
nomem:
	cli_error("out of memory");
	rc = CLI_EXIT_PROVIDER;
out:
	if (rc)
		cli_vars_free(out);
	free(learned);
	free(host);
	dagshub_token_free(tok);
	dagshub_auth_close(a);
	return rc;
}
