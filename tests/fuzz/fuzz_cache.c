/*
 * tests/fuzz/fuzz_cache.c - the cache provider's readers of the DagsHub
 * Python client's token file (written by other programs, so untrusted):
 * the full libyaml parse cf_parse(), the fast reader cf_parse_host() that
 * get() tries first, and the writer cf_emit() on what was read.  Built
 * from the provider's sources (they are internal to its .so).
 *
 * Invariants, the ones tests/cache/fastpath.sh checks through the CLI:
 *   - a failed cf_parse() says where: "FILE:LINE:COLUMN: ..." or, for
 *     bytes that are not text, "FILE: byte N: ...";
 *   - where the fast reader answers (does not decline) for a host, the
 *     full parse succeeds too and its tokens for that host are the same,
 *     in the same order, with the same lines, types, expiries, problems
 *     and extra keys; so get() answers the same either way;
 * and of the writer (a rewrite that changes nothing must change no byte):
 *   - a model that may be written and that cf_emit() writes reads back
 *     with cf_parse() into the same tokens, and writing that again gives
 *     the same bytes.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/auth.h"
#include "providers/cache/cachefile.h"
#include "fuzz.h"

#define S_FNAME "cache.yaml"
/* At most this many hosts are asked of the fast reader per input. */
#define S_MAX_HOSTS 8

static char *s_norm(void *payload, const char *url)
{
	char *out = NULL;

	(void)payload;
	return dagshub_normalize_host(&out, url) == DAGSHUB_OK ? out : NULL;
}

static bool s_streq(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* "cache.yaml:LINE:COL: " or "cache.yaml: byte N: ". */
static bool s_err_located(const char *err)
{
	const char *p;

	if (strncmp(err, S_FNAME ":", sizeof(S_FNAME)))
		return false;
	p = err + sizeof(S_FNAME);
	if (!strncmp(p, " byte ", 6)) {
		p += 6;
		if (!isdigit((unsigned char)*p))
			return false;
		while (isdigit((unsigned char)*p))
			p++;
		return *p == ':';
	}
	for (int field = 0; field < 2; field++) {
		if (!isdigit((unsigned char)*p) || *p == '0')
			return false;
		while (isdigit((unsigned char)*p))
			p++;
		if (*p++ != ':')
			return false;
	}
	return *p == ' ';
}

/* Compares two tokens; with_line also their line numbers. */
static void s_same_token(const cf_token *a, const cf_token *b, bool with_line,
                         const char *what, const char *host, size_t j)
{
	FUZZ_CHECK(s_streq(a->value, b->value), "%s: %s token %zu: value",
	           what, host, j);
	FUZZ_CHECK(s_streq(a->type, b->type), "%s: %s token %zu: type "
	           "'%s' vs '%s'", what, host, j, a->type, b->type);
	FUZZ_CHECK(a->expires_us == b->expires_us, "%s: %s token %zu: "
	           "expiry %lld vs %lld", what, host, j,
	           (long long)a->expires_us, (long long)b->expires_us);
	FUZZ_CHECK(s_streq(a->bad, b->bad), "%s: %s token %zu: problem "
	           "'%s' vs '%s'", what, host, j, a->bad, b->bad);
	FUZZ_CHECK(!with_line || a->line == b->line, "%s: %s token %zu: "
	           "line %d vs %d", what, host, j, a->line, b->line);
	FUZZ_CHECK(a->nextra == b->nextra, "%s: %s token %zu: %zu vs %zu "
	           "extra keys", what, host, j, a->nextra, b->nextra);
	/* The writer sorts a token's keys: compare as sets. */
	for (size_t i = 0; i < a->nextra; i++) {
		bool found = false;

		for (size_t k = 0; k < b->nextra && !found; k++)
			found = !strcmp(a->extra[i].key, b->extra[k].key) &&
			        !strcmp(a->extra[i].value, b->extra[k].value) &&
			        a->extra[i].raw == b->extra[k].raw;
		FUZZ_CHECK(found, "%s: %s token %zu: extra key '%s' differs",
		           what, host, j, a->extra[i].key);
	}
}

/* Compares what two models hold for one host (absent = no tokens). */
static void s_same_host(const cf_file *a, const cf_file *b, const char *host,
                        bool with_line, const char *what)
{
	const cf_host *ha = cf_find_host(a, host), *hb = cf_find_host(b, host);
	size_t na = ha ? ha->ntok : 0, nb = hb ? hb->ntok : 0;

	FUZZ_CHECK(na == nb, "%s: %s has %zu vs %zu tokens", what, host, na,
	           nb);
	for (size_t j = 0; j < na; j++)
		s_same_token(&ha->tok[j], &hb->tok[j], with_line, what, host, j);
	/* what get() would answer, at a time between all expiries */
	if (na)
		FUZZ_CHECK((cf_pick(ha, 1) ? cf_pick(ha, 1) - ha->tok : -1) ==
		           (cf_pick(hb, 1) ? cf_pick(hb, 1) - hb->tok : -1),
		           "%s: %s: a different token picked", what, host);
}

typedef struct s_hosts {
	char *h[S_MAX_HOSTS];
	size_t n;
} s_hosts;

static void s_add_host(s_hosts *hs, const char *key, size_t len)
{
	char *k = strndup(key, len), *n;

	if (!k)
		return;
	n = hs->n < S_MAX_HOSTS ? s_norm(NULL, k) : NULL;
	free(k);
	if (!n)
		return;
	for (size_t i = 0; i < hs->n; i++)
		if (!strcmp(hs->h[i], n)) {
			free(n);
			return;
		}
	hs->h[hs->n++] = n;
}

/* Hosts to ask the fast reader for: the default one, the keys of the
 * full parse, and (when it failed) what the lines start with. */
static void s_pick_hosts(s_hosts *hs, const cf_file *full, bool parsed,
                         const char *buf, size_t len)
{
	s_add_host(hs, "https://dagshub.com", 19);
	if (parsed) {
		for (size_t i = 0; i < full->nhost; i++)
			s_add_host(hs, full->host[i].key,
			           strlen(full->host[i].key));
		return;
	}
	for (const char *p = buf, *e = buf + len; p < e;) {
		const char *nl = memchr(p, '\n', (size_t)(e - p));
		const char *end = nl ? nl : e;
		const char *colon = NULL;

		for (const char *q = p; q + 1 < end; q++)
			if (q[0] == ':' && q[1] != '/')
				colon = q;
		if (colon)
			s_add_host(hs, p, (size_t)(colon - p));
		p = nl ? nl + 1 : e;
	}
}

/* Writes the model, reads it back, writes again. */
static void s_roundtrip(const cf_file *f)
{
	char *out = NULL, *out2 = NULL, *err = NULL;
	size_t len = 0, len2 = 0;
	cf_file back;
	int rc;

	if (cf_check_writable(f, S_FNAME, NULL) < 0 ||
	    cf_emit(f, &out, &len, &err) < 0) {
		free(err);
		return;
	}
	rc = cf_parse(&back, out, len, S_FNAME, s_norm, NULL, &err);
	FUZZ_CHECK(rc == CF_OK || rc == CF_ENOMEM, "what cf_emit wrote does "
	           "not read back: %s\n---\n%.*s---", err ? err : "?",
	           (int)len, out);
	if (rc == CF_OK) {
		FUZZ_CHECK(back.nhost == f->nhost, "%zu hosts written, %zu "
		           "read back", f->nhost, back.nhost);
		for (size_t i = 0; i < f->nhost; i++)
			s_same_host(f, &back, f->host[i].key, false,
			            "written and read back");
		if (cf_emit(&back, &out2, &len2, NULL) == 0)
			FUZZ_CHECK(len == len2 && !memcmp(out, out2, len),
			           "a second write differs:\n---\n%.*s---\n"
			           "%.*s---", (int)len, out, (int)len2, out2);
	}
	cf_file_free(&back);
	free(err);
	if (out)
		explicit_bzero(out, len);
	free(out);
	if (out2)
		explicit_bzero(out2, len2);
	free(out2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *buf = (const char *)data;
	cf_file full, fast;
	char *err = NULL;
	s_hosts hs = { .n = 0 };
	int rc;

	rc = cf_parse(&full, buf, size, S_FNAME, s_norm, NULL, &err);
	FUZZ_CHECK(rc == CF_OK || rc == CF_ESYNTAX || rc == CF_EVERSION ||
	           rc == CF_ENOMEM, "cf_parse: status %d", rc);
	if (rc == CF_ESYNTAX || rc == CF_EVERSION) {
		FUZZ_CHECK(err && *err, "cf_parse failed without a message");
		FUZZ_CHECK(s_err_located(err), "the error does not say where: "
		           "%s", err);
		FUZZ_CHECK(full.nhost == 0 && full.host == NULL,
		           "a failed parse left a model");
	}
	free(err);
	s_pick_hosts(&hs, &full, rc == CF_OK, buf, size);

	for (size_t i = 0; i < hs.n; i++) {
		int line = -1;
		const char *why = NULL;
		int frc = cf_parse_host(&fast, buf, size, S_FNAME, hs.h[i],
		                        s_norm, NULL, &line, &why);

		FUZZ_CHECK(frc == CF_OK || frc == CF_DECLINED ||
		           frc == CF_ENOMEM, "cf_parse_host: status %d", frc);
		if (frc == CF_DECLINED)
			FUZZ_CHECK(why && *why && line >= 0, "declined without "
			           "saying why");
		if (frc != CF_OK)
			continue;
		FUZZ_CHECK(rc == CF_OK || rc == CF_ENOMEM, "the fast reader "
		           "answered for %s where the full parse fails (%d)",
		           hs.h[i], rc);
		if (rc == CF_OK)
			s_same_host(&full, &fast, hs.h[i], true,
			            "full parse vs fast reader");
		cf_file_free(&fast);
	}
	for (size_t i = 0; i < hs.n; i++)
		free(hs.h[i]);

	if (rc == CF_OK)
		s_roundtrip(&full);
	cf_file_free(&full);
	return 0;
}
