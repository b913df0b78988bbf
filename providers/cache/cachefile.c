/*
 * providers/cache/cachefile.c - reads the token cache file with libyaml.
 *
 * The file is YAML written by PyYAML (block style) or JSON written by hand;
 * libyaml reads both.  The shape is checked strictly (a mapping of host
 * keys to lists of token mappings) because a file of another shape would
 * also crash the Python client, and a file we do not understand must be
 * left exactly as it is.  Every error names file, line and column.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cachefile.h"

/* Tokens are secrets: wipe before free. */
static void s_free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void cf_token_free(cf_token *t)
{
	s_free_secret(t->value);
	free(t->type);
	free(t->bad);
	for (size_t i = 0; i < t->nextra; i++) {
		free(t->extra[i].key);
		s_free_secret(t->extra[i].value); /* may be a secret too */
	}
	free(t->extra);
	memset(t, 0, sizeof(*t));
}

void cf_host_free_tokens(cf_host *h)
{
	for (size_t i = 0; i < h->ntok; i++)
		cf_token_free(&h->tok[i]);
	free(h->tok);
	h->tok = NULL;
	h->ntok = 0;
}

void cf_file_free(cf_file *f)
{
	if (!f)
		return;
	for (size_t i = 0; i < f->nhost; i++) {
		cf_host_free_tokens(&f->host[i]);
		free(f->host[i].key);
	}
	free(f->host);
	memset(f, 0, sizeof(*f));
}

/* ---- parse state ---- */

typedef struct s_parse {
	yaml_document_t *doc;
	const char *fname;
	cf_normalize_fn norm;
	void *norm_payload;
	char **err;
	cf_file *f;
} s_parse;

static int s_fail(s_parse *p, const yaml_node_t *n, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int s_fail(s_parse *p, const yaml_node_t *n, const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	if (!p->err)
		return CF_ESYNTAX;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (n) {
		if (asprintf(p->err, "%s:%lu:%lu: %s", p->fname,
		             (unsigned long)n->start_mark.line + 1,
		             (unsigned long)n->start_mark.column + 1,
		             msg ? msg : "out of memory") < 0)
			*p->err = NULL;
	} else if (asprintf(p->err, "%s: %s", p->fname,
	                    msg ? msg : "out of memory") < 0) {
		*p->err = NULL;
	}
	free(msg);
	return CF_ESYNTAX;
}

/* The text of a scalar node as a malloc()ed string (NULs refused). */
static char *s_scalar_dup(const yaml_node_t *n)
{
	const char *v = (const char *)n->data.scalar.value;
	size_t len = n->data.scalar.length;
	char *s;

	if (memchr(v, '\0', len))
		return NULL;
	s = malloc(len + 1);
	if (!s)
		return NULL;
	memcpy(s, v, len);
	s[len] = '\0';
	return s;
}

static bool s_is_plain(const yaml_node_t *n)
{
	return n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
	       n->data.scalar.style == YAML_ANY_SCALAR_STYLE;
}

static bool s_scalar_is(const yaml_node_t *n, const char *s)
{
	return n->type == YAML_SCALAR_NODE &&
	       n->data.scalar.length == strlen(s) &&
	       memcmp(n->data.scalar.value, s, n->data.scalar.length) == 0;
}

static int s_push_extra(cf_token *t, char *key, char *value, bool raw)
{
	cf_extra *x = realloc(t->extra, (t->nextra + 1) * sizeof(*x));

	if (!x)
		return -1;
	t->extra = x;
	x[t->nextra++] = (cf_extra){ key, value, raw };
	return 0;
}

static void s_mark_bad(cf_token *t, const char *why)
{
	if (!t->bad)
		t->bad = strdup(why);
}

/* Reads one token mapping into *t. */
static int s_read_token(s_parse *p, const yaml_node_t *n, cf_token *t)
{
	char *expiry = NULL;
	int rc = CF_ENOMEM;

	memset(t, 0, sizeof(*t));
	t->line = (int)n->start_mark.line + 1;
	if (n->type != YAML_MAPPING_NODE)
		return s_fail(p, n, "expected a token (a mapping with "
		              "access_token, expiry and token_type)");
	for (yaml_node_pair_t *pr = n->data.mapping.pairs.start;
	     pr < n->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		char **slot = NULL;
		char *ks, *vs;

		if (!k || !v || k->type != YAML_SCALAR_NODE) {
			rc = s_fail(p, k, "a token's keys must be strings");
			goto out;
		}
		if (s_scalar_is(k, "access_token"))
			slot = &t->value;
		else if (s_scalar_is(k, "token_type"))
			slot = &t->type;
		else if (s_scalar_is(k, "expiry"))
			slot = &expiry;
		if (v->type != YAML_SCALAR_NODE) {
			if (slot) {
				rc = s_fail(p, v, "%s must be a string",
				            (const char *)k->data.scalar.value);
				goto out;
			}
			p->f->dropped++; /* nested extra: not kept */
			continue;
		}
		vs = s_scalar_dup(v);
		if (!vs) {
			rc = s_fail(p, v, "a value holds a NUL character");
			goto out;
		}
		if (slot) {
			/* a repeated key: the last one wins, as in PyYAML */
			if (slot == &t->value)
				s_free_secret(*slot);
			else
				free(*slot);
			*slot = vs;
			continue;
		}
		ks = s_scalar_dup(k);
		if (!ks || s_push_extra(t, ks, vs,
		                        s_is_plain(v) &&
		                        cf_resolves_to_non_string(vs)) < 0) {
			free(ks);
			s_free_secret(vs);
			goto out;
		}
	}

	/* What the Python client's loader needs; see cache-format.md. */
	if (!t->value)
		s_mark_bad(t, "has no access_token");
	if (!t->type)
		s_mark_bad(t, "has no token_type");
	else if (strcmp(t->type, "app-token") && strcmp(t->type, "bearer"))
		s_mark_bad(t, "has a token_type other than app-token and "
		           "bearer");
	if (!expiry || !strcmp(expiry, "never")) {
		if (t->type && !strcmp(t->type, "bearer"))
			s_mark_bad(t, "is a bearer token without an expiry");
	} else if (cf_parse_expiry(expiry, &t->expires_us) < 0) {
		s_mark_bad(t, "has an expiry that is neither `never` nor "
		           "a UTC time like 2026-01-31T12:00:00.000000Z");
	}
	rc = CF_OK;
out:
	free(expiry);
	if (rc != CF_OK)
		cf_token_free(t);
	return rc;
}

static int s_host_cmp(const void *a, const void *b)
{
	const cf_host *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Appends one host key and its tokens.  Keys that normalise alike are
 * merged later (s_merge), so this stays linear.  Takes ownership of key. */
static int s_read_host(s_parse *p, char *key, const yaml_node_t *v)
{
	cf_host *h, *nh;
	size_t want;
	int rc;

	if (v->type != YAML_SEQUENCE_NODE) {
		rc = s_fail(p, v, "expected a list of tokens for host %s", key);
		free(key);
		return rc;
	}
	nh = realloc(p->f->host, (p->f->nhost + 1) * sizeof(*nh));
	if (!nh) {
		free(key);
		return CF_ENOMEM;
	}
	p->f->host = nh;
	h = &nh[p->f->nhost];
	*h = (cf_host){ key, NULL, 0, p->f->nhost };
	p->f->nhost++;
	want = (size_t)(v->data.sequence.items.top -
	                v->data.sequence.items.start);
	h->tok = calloc(want + 1, sizeof(*h->tok));
	if (!h->tok)
		return CF_ENOMEM;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++) {
		yaml_node_t *tn = yaml_document_get_node(p->doc, *it);

		/* A value listed twice is kept twice: a rewrite that
		 * changes nothing must change no byte. */
		rc = s_read_token(p, tn, &h->tok[h->ntok]);
		if (rc != CF_OK)
			return rc;
		h->ntok++;
	}
	return CF_OK;
}

/* Sorts the hosts by key and merges keys that normalised alike, keeping
 * the tokens in file order. */
static int s_merge(cf_file *f)
{
	size_t w = 0;

	if (f->nhost == 0)
		return CF_OK;
	qsort(f->host, f->nhost, sizeof(*f->host), s_host_cmp);
	for (size_t r = 0; r < f->nhost; r++) {
		cf_host *dst = &f->host[w - (w > 0)];
		cf_host *src = &f->host[r];
		cf_token *nt;

		if (w == 0 || strcmp(dst->key, src->key)) {
			f->host[w++] = *src;
			continue;
		}
		nt = realloc(dst->tok, (dst->ntok + src->ntok + 1) *
		                       sizeof(*nt));
		if (!nt) {
			/* keep the model consistent for cf_file_free */
			memmove(&f->host[w], src,
			        (f->nhost - r) * sizeof(*src));
			f->nhost = w + (f->nhost - r);
			return CF_ENOMEM;
		}
		memcpy(nt + dst->ntok, src->tok, src->ntok * sizeof(*nt));
		dst->tok = nt;
		dst->ntok += src->ntok;
		free(src->tok);
		free(src->key);
	}
	f->nhost = w;
	for (size_t i = 0; i < w; i++)
		f->host[i].seq = i;
	return CF_OK;
}

static int s_read_root(s_parse *p, const yaml_node_t *root)
{
	const yaml_node_t *version = NULL;
	int rc;

	if (!root)
		return CF_OK; /* an empty file: no tokens */
	if (root->type != YAML_MAPPING_NODE)
		return s_fail(p, root, "expected a mapping of DagsHub hosts to "
		              "token lists");
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);

		if (k && s_scalar_is(k, "version"))
			version = yaml_document_get_node(p->doc, pr->value);
	}
	if (version) {
		if (version->type != YAML_SCALAR_NODE)
			return s_fail(p, version, "version must be a string");
		if (!s_scalar_is(version, CF_VERSION)) {
			char *v = s_scalar_dup(version);

			s_fail(p, version, "cache file version '%s' is not "
			       "supported (only '" CF_VERSION "'); it was "
			       "left untouched", v ? v : "?");
			free(v);
			return CF_EVERSION;
		}
	}
	for (yaml_node_pair_t *pr = root->data.mapping.pairs.start;
	     pr < root->data.mapping.pairs.top; pr++) {
		yaml_node_t *k = yaml_document_get_node(p->doc, pr->key);
		yaml_node_t *v = yaml_document_get_node(p->doc, pr->value);
		char *raw, *key;

		if (!k || !v || k->type != YAML_SCALAR_NODE)
			return s_fail(p, k, "a host key must be a string");
		if (s_scalar_is(k, "version"))
			continue;
		raw = s_scalar_dup(k);
		if (!raw)
			return s_fail(p, k, "a key holds a NUL character");
		key = p->norm ? p->norm(p->norm_payload, raw) : NULL;
		if (key)
			free(raw);
		else
			key = raw; /* not a URL: kept as it is */
		rc = s_read_host(p, key, v);
		if (rc != CF_OK)
			return rc;
	}
	return s_merge(p->f);
}

int cf_parse(cf_file *out, const char *buf, size_t len, const char *fname,
             cf_normalize_fn norm, void *norm_payload, char **err)
{
	yaml_parser_t parser;
	yaml_document_t doc, extra;
	s_parse p = { &doc, fname, norm, norm_payload, err, out };
	bool have_doc = false, have_extra = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if (err)
		*err = NULL;
	if (!yaml_parser_initialize(&parser))
		return CF_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	if (!yaml_parser_load(&parser, &doc))
		goto syntax;
	have_doc = true;
	/* PyYAML's yaml.load() refuses a stream of several documents. */
	if (yaml_document_get_root_node(&doc)) {
		if (!yaml_parser_load(&parser, &extra))
			goto syntax;
		have_extra = true;
		if (yaml_document_get_root_node(&extra)) {
			rc = s_fail(&p, yaml_document_get_root_node(&extra),
			            "expected a single document in the "
			            "stream, found another");
			goto out;
		}
	}
	rc = s_read_root(&p, yaml_document_get_root_node(&doc));
	goto out;
syntax:
	rc = CF_ESYNTAX;
	if (parser.error == YAML_MEMORY_ERROR) {
		rc = CF_ENOMEM;
	} else if (err) {
		const yaml_mark_t *m = &parser.problem_mark;

		if (parser.error == YAML_READER_ERROR) {
			if (asprintf(err, "%s: byte %lu: %s", fname,
			             (unsigned long)parser.problem_offset,
			             parser.problem ? parser.problem
			                            : "unreadable") < 0)
				*err = NULL;
		} else if (asprintf(err, "%s:%lu:%lu: %s%s%s", fname,
		                    (unsigned long)m->line + 1,
		                    (unsigned long)m->column + 1,
		                    parser.problem ? parser.problem
		                                   : "not YAML",
		                    parser.context ? " " : "",
		                    parser.context ? parser.context : "") < 0) {
			*err = NULL;
		}
	}
out:
	if (have_extra)
		yaml_document_delete(&extra);
	if (have_doc)
		yaml_document_delete(&doc);
	yaml_parser_delete(&parser);
	if (rc != CF_OK)
		cf_file_free(out);
	return rc;
}
