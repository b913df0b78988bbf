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
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

void cf_token_free(cf_token *t)
{
	dh_free_secret(t->value);
	free(t->type);
	free(t->bad);
	for (size_t i = 0; i < t->nextra; i++) {
		free(t->extra[i].key);
		free(t->extra[i].tag);
		dh_free_secret(t->extra[i].value); /* may be a secret too */
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

/* An anchor seen so far, for the aliases (*name) that name it.  Only
 * scalars can be aliased in a token cache (PyYAML writes none at all). */
typedef struct s_anchor {
	char *name;
	char *value;   /* NULL: the anchor is on a list or a mapping */
	size_t len;
	bool plain;
	char *tag;     /* its explicit tag, or NULL */
} s_anchor;

/* A scalar (or an alias of one) as read from the current event. */
typedef struct s_scalar {
	const char *text;
	size_t len;
	bool plain;
	const char *tag; /* explicit (`!!str 12`, `! 12`), or NULL */
} s_scalar;

/* Problems of shape are ranked: the first of the highest rank is the one
 * reported.  Parsing goes on to the end of the stream, so that a syntax
 * error anywhere wins over all of them, as when the whole document was
 * loaded first. */
enum { S_SHAPE = 1, S_VERSION = 2, S_SECOND_DOC = 3 };

/* The file is read with libyaml's event API into the model directly: no
 * document of nodes is built, so a big file costs little more than the
 * model itself (a 100,000-host file is 12 MB). */
typedef struct s_parse {
	yaml_parser_t parser;
	/* or, for cf_parse_events(), events made by the fast reader: read
	 * from this array, owned by the caller (never deleted here) */
	const yaml_event_t *events;
	size_t nevents, next_event;
	yaml_event_t ev;       /* the current event */
	bool have_ev;
	const char *fname;
	cf_normalize_fn norm;
	void *norm_payload;
	char **err;
	cf_file *f;
	size_t cap;            /* slots in f->host */
	s_anchor *anchor;
	size_t nanchor;
	int rank;              /* of the problem kept in msg, 0 if none */
	int code;              /* CF_ESYNTAX or CF_EVERSION */
	char *msg;
} s_parse;

static void s_problem(s_parse *p, int rank, int code, const yaml_mark_t *m,
                      const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static void s_problem(s_parse *p, int rank, int code, const yaml_mark_t *m,
                      const char *fmt, ...)
{
	char *msg = NULL;
	va_list ap;

	if (rank <= p->rank)
		return;
	p->rank = rank;
	p->code = code;
	free(p->msg);
	p->msg = NULL;
	if (!p->err)
		return;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (asprintf(&p->msg, "%s:%lu:%lu: %s", p->fname,
	             (unsigned long)m->line + 1, (unsigned long)m->column + 1,
	             msg ? msg : "out of memory") < 0)
		p->msg = NULL;
	free(msg);
}

#define s_fail(p, fmt, ...) \
	s_problem((p), S_SHAPE, CF_ESYNTAX, &(p)->ev.start_mark, fmt, \
	          __VA_ARGS__)

/* libyaml could not go on: the message from its parser (or composer). */
static int s_syntax(s_parse *p, const char *problem, const yaml_mark_t *m)
{
	yaml_parser_t *ps = &p->parser;

	if (ps->error == YAML_MEMORY_ERROR)
		return CF_ENOMEM;
	if (!p->err)
		return CF_ESYNTAX;
	free(*p->err);
	*p->err = NULL;
	if (problem) {
		if (asprintf(p->err, "%s:%lu:%lu: %s", p->fname,
		             (unsigned long)m->line + 1,
		             (unsigned long)m->column + 1, problem) < 0)
			*p->err = NULL;
	} else if (ps->error == YAML_READER_ERROR) {
		if (asprintf(p->err, "%s: byte %lu: %s", p->fname,
		             (unsigned long)ps->problem_offset,
		             ps->problem ? ps->problem : "unreadable") < 0)
			*p->err = NULL;
	} else if (asprintf(p->err, "%s:%lu:%lu: %s%s%s", p->fname,
	                    (unsigned long)ps->problem_mark.line + 1,
	                    (unsigned long)ps->problem_mark.column + 1,
	                    ps->problem ? ps->problem : "not YAML",
	                    ps->context ? " " : "",
	                    ps->context ? ps->context : "") < 0) {
		*p->err = NULL;
	}
	return CF_ESYNTAX;
}

static void s_event_free(s_parse *p)
{
	if (!p->have_ev)
		return;
	if (p->events) {
		/* the caller's: it wipes and frees their text */
		p->have_ev = false;
		return;
	}
	if (p->ev.type == YAML_SCALAR_EVENT && p->ev.data.scalar.value)
		dh_wipe(p->ev.data.scalar.value,
		               p->ev.data.scalar.length);
	yaml_event_delete(&p->ev);
	p->have_ev = false;
}

static int s_anchor_add(s_parse *p, const yaml_char_t *name,
                        const yaml_char_t *value, size_t len, bool plain,
                        const yaml_char_t *tag)
{
	s_anchor *a = realloc(p->anchor, (p->nanchor + 1) * sizeof(*a));
	char *n = strdup((const char *)name), *v = NULL, *tg = NULL;

	if (a)
		p->anchor = a;
	if (value && (v = malloc(len + 1)))
		memcpy(v, value, len), v[len] = '\0';
	if (tag)
		tg = strdup((const char *)tag);
	if (!a || !n || (value && !v) || (tag && !tg)) {
		free(n);
		free(v);
		free(tg);
		return CF_ENOMEM;
	}
	a[p->nanchor++] = (s_anchor){ n, v, len, plain, tg };
	return CF_OK;
}

static void s_anchors_free(s_parse *p)
{
	for (size_t i = 0; i < p->nanchor; i++) {
		free(p->anchor[i].name);
		free(p->anchor[i].tag);
		dh_free_secret(p->anchor[i].value);
	}
	free(p->anchor);
}

/* Moves to the next event; collections' anchors are noted on the way. */
static int s_next(s_parse *p)
{
	const yaml_char_t *anchor = NULL;

	s_event_free(p);
	if (p->events) {
		/* well-formed by construction, ending in STREAM-END, which
		 * is never read past */
		if (p->next_event == p->nevents)
			return CF_ESYNTAX;
		p->ev = p->events[p->next_event++];
	} else if (!yaml_parser_parse(&p->parser, &p->ev)) {
		return s_syntax(p, NULL, NULL);
	}
	p->have_ev = true;
	if (p->ev.type == YAML_SEQUENCE_START_EVENT)
		anchor = p->ev.data.sequence_start.anchor;
	else if (p->ev.type == YAML_MAPPING_START_EVENT)
		anchor = p->ev.data.mapping_start.anchor;
	return anchor ? s_anchor_add(p, anchor, NULL, 0, false, NULL) : CF_OK;
}

/* Skips the node the current event begins. */
static int s_skip(s_parse *p)
{
	int depth = 0, rc = CF_OK;

	do {
		switch (p->ev.type) {
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			depth++;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			depth--;
			break;
		default:
			break;
		}
		if (depth > 0)
			rc = s_next(p);
	} while (rc == CF_OK && depth > 0);
	return rc;
}

/* The current event as a scalar: 1 (and *sc), 0 when it begins a list or
 * a mapping (or aliases one), or an error. */
static int s_get_scalar(s_parse *p, s_scalar *sc)
{
	const yaml_event_t *ev = &p->ev;

	if (ev->type == YAML_SCALAR_EVENT) {
		sc->text = (const char *)ev->data.scalar.value;
		sc->len = ev->data.scalar.length;
		sc->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE ||
		            ev->data.scalar.style == YAML_ANY_SCALAR_STYLE;
		sc->tag = (const char *)ev->data.scalar.tag;
		if (ev->data.scalar.anchor &&
		    s_anchor_add(p, ev->data.scalar.anchor,
		                 ev->data.scalar.value, sc->len,
		                 sc->plain, ev->data.scalar.tag) < 0)
			return CF_ENOMEM;
		return 1;
	}
	if (ev->type != YAML_ALIAS_EVENT)
		return 0;
	for (size_t i = p->nanchor; i-- > 0;) {
		const s_anchor *a = &p->anchor[i];

		if (strcmp(a->name, (const char *)ev->data.alias.anchor))
			continue;
		if (!a->value)
			return 0;
		*sc = (s_scalar){ a->value, a->len, a->plain, a->tag };
		return 1;
	}
	return s_syntax(p, "found undefined alias", &ev->start_mark);
}

static bool s_is(const s_scalar *sc, const char *s)
{
	return sc->len == strlen(s) && !memcmp(sc->text, s, sc->len);
}

/* A malloc()ed copy of the scalar, or NULL (a NUL inside: *nul set). */
static char *s_dup(const s_scalar *sc, bool *nul)
{
	char *s;

	*nul = memchr(sc->text, '\0', sc->len) != NULL;
	if (*nul)
		return NULL;
	s = malloc(sc->len + 1);
	if (s) {
		memcpy(s, sc->text, sc->len);
		s[sc->len] = '\0';
	}
	return s;
}

/* How an extra's value is written back so that PyYAML loads the same
 * data (cache-format.md): *raw (plain, for a non-string) and *tag
 * (malloc()ed, or NULL).  -1 when out of memory. */
static int s_extra_kind(const s_scalar *v, const char *text, bool *raw,
                        char **tag)
{
	const char *resolved = cf_resolved_tag(text);

	*raw = false;
	*tag = NULL;
	if (!v->tag || !strcmp(v->tag, "!")) {
		/* No tag: a plain scalar is what the resolver says, a quoted
		 * one a string.  `!` is meant to make a string, but PyYAML
		 * resolves it as a plain scalar, quoted or not (`! '12'`
		 * loads as 12), and PyYAML is the client's loader. */
		*raw = (v->plain || v->tag) && resolved;
	} else if (!strcmp(v->tag, "tag:yaml.org,2002:str")) {
		/* a string: quoted when its text would read as another type */
	} else if (resolved && !strcmp(resolved, v->tag)) {
		*raw = true; /* `!!int "12"`: plain 12 reads the same */
	} else if (!(*tag = strdup(v->tag))) {
		return -1; /* `!!float 1`, `!!binary ...`: the tag stays */
	}
	return 0;
}

static int s_push_extra(cf_token *t, char *key, char *value, bool raw,
                        char *tag)
{
	cf_extra *x = realloc(t->extra, (t->nextra + 1) * sizeof(*x));

	if (!x)
		return -1;
	t->extra = x;
	x[t->nextra++] = (cf_extra){ key, value, raw, tag };
	return 0;
}

static void s_mark_bad(cf_token *t, const char *why)
{
	if (!t->bad)
		t->bad = strdup(why);
}

/* What the Python client's loader needs; see cache-format.md. */
static void s_check_token(cf_token *t, const char *expiry)
{
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
		           "a valid UTC time like "
		           "2026-01-31T12:00:00.000000Z");
	}
}

/* One `key: value` of a token; the current event is the key. */
static int s_read_field(s_parse *p, cf_token *t, char **expiry)
{
	static const char *const names[] = { "access_token", "token_type",
	                                     "expiry" };
	char **slots[] = { &t->value, &t->type, expiry };
	s_scalar k, v;
	char *ks = NULL, *vs, *tag;
	bool nul, raw;
	int slot = -1, rc = s_get_scalar(p, &k);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		s_fail(p, "%s", "a token's keys must be strings");
		if ((rc = s_skip(p)) != CF_OK || (rc = s_next(p)) != CF_OK)
			return rc;
		return s_skip(p);
	}
	for (int i = 0; i < 3; i++)
		if (s_is(&k, names[i]))
			slot = i;
	if (slot < 0) {
		ks = s_dup(&k, &nul);
		if (!ks && !nul)
			return CF_ENOMEM;
		if (!ks)
			s_fail(p, "%s", "a key holds a NUL character");
	}
	if ((rc = s_next(p)) != CF_OK || (rc = s_get_scalar(p, &v)) < 0) {
		free(ks);
		return rc < 0 ? rc : CF_ENOMEM;
	}
	if (rc == 0) {
		if (slot >= 0)
			s_fail(p, "%s must be a string", names[slot]);
		else
			p->f->dropped++; /* nested extra: not kept */
		free(ks);
		return s_skip(p);
	}
	vs = s_dup(&v, &nul);
	if (!vs) {
		free(ks);
		if (!nul)
			return CF_ENOMEM;
		s_fail(p, "%s", "a value holds a NUL character");
		return CF_OK;
	}
	if (slot >= 0) {
		/* a repeated key: the last one wins, as in PyYAML */
		dh_free_secret(*slots[slot]);
		*slots[slot] = vs;
		return CF_OK;
	}
	if (!ks) {
		dh_free_secret(vs);
		return CF_OK;
	}
	if (s_extra_kind(&v, vs, &raw, &tag) < 0 ||
	    s_push_extra(t, ks, vs, raw, tag) < 0) {
		free(ks);
		free(tag);
		dh_free_secret(vs);
		return CF_ENOMEM;
	}
	return CF_OK;
}

/* One token; the current event begins it.  *t is part of the model
 * already, so whatever it holds is freed with the model. */
static int s_read_token(s_parse *p, cf_token *t)
{
	char *expiry = NULL;
	int rc = CF_OK;

	t->line = (int)p->ev.start_mark.line + 1;
	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		s_fail(p, "%s", "expected a token (a mapping with "
		       "access_token, expiry and token_type)");
		return s_skip(p);
	}
	while ((rc = s_next(p)) == CF_OK &&
	       p->ev.type != YAML_MAPPING_END_EVENT)
		if ((rc = s_read_field(p, t, &expiry)) != CF_OK)
			break;
	if (rc == CF_OK)
		s_check_token(t, expiry);
	free(expiry);
	return rc;
}

/* One host key's token list; the current event begins it.  Keys that
 * normalise alike are merged later (s_merge), so this stays linear.
 * Takes ownership of key. */
static int s_read_host(s_parse *p, char *key)
{
	cf_host *h;
	size_t tcap = 0;
	int rc;

	if (p->ev.type != YAML_SEQUENCE_START_EVENT) {
		s_fail(p, "expected a list of tokens for host %s", key);
		free(key);
		return s_skip(p);
	}
	if (p->f->nhost == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		cf_host *nh = realloc(p->f->host, cap * sizeof(*nh));

		if (!nh) {
			free(key);
			return CF_ENOMEM;
		}
		p->f->host = nh;
		p->cap = cap;
	}
	h = &p->f->host[p->f->nhost];
	*h = (cf_host){ key, NULL, 0, p->f->nhost };
	p->f->nhost++;
	while ((rc = s_next(p)) == CF_OK &&
	       p->ev.type != YAML_SEQUENCE_END_EVENT) {
		/* A value listed twice is kept twice: a rewrite that
		 * changes nothing must change no byte. */
		if (h->ntok == tcap) {
			size_t cap = tcap ? tcap * 2 : 1;
			cf_token *nt = realloc(h->tok, cap * sizeof(*nt));

			if (!nt)
				return CF_ENOMEM;
			h->tok = nt;
			tcap = cap;
		}
		memset(&h->tok[h->ntok], 0, sizeof(*h->tok));
		rc = s_read_token(p, &h->tok[h->ntok++]);
		if (rc != CF_OK)
			break;
	}
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
		if (src->ntok) /* an empty host (`h: []`) has no array */
			memcpy(nt + dst->ntok, src->tok,
			       src->ntok * sizeof(*nt));
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

/* `version: VALUE`; the current event is the value. */
static int s_read_version(s_parse *p)
{
	s_scalar v;
	bool nul;
	char *vs;
	int rc = s_get_scalar(p, &v);

	if (rc < 0)
		return rc;
	if (rc == 0) {
		s_problem(p, S_VERSION, CF_ESYNTAX, &p->ev.start_mark,
		          "version must be a string");
		return s_skip(p);
	}
	if (s_is(&v, CF_VERSION))
		return CF_OK;
	vs = s_dup(&v, &nul);
	if (!vs && !nul)
		return CF_ENOMEM;
	s_problem(p, S_VERSION, CF_EVERSION, &p->ev.start_mark,
	          "cache file version '%s' is not supported (only '"
	          CF_VERSION "'); it was left untouched", vs ? vs : "?");
	free(vs);
	return CF_OK;
}

/* The document's root; the current event begins it. */
static int s_read_root(s_parse *p)
{
	int rc;

	if (p->ev.type != YAML_MAPPING_START_EVENT) {
		s_fail(p, "%s", "expected a mapping of DagsHub hosts to token "
		       "lists");
		return s_skip(p);
	}
	while ((rc = s_next(p)) == CF_OK &&
	       p->ev.type != YAML_MAPPING_END_EVENT) {
		s_scalar k;
		char *raw, *key;
		bool nul;

		bool version;

		rc = s_get_scalar(p, &k);
		if (rc < 0)
			return rc;
		version = rc == 1 && s_is(&k, "version");
		if (rc == 0 || version) {
			if (rc == 0) {
				s_fail(p, "%s", "a host key must be a string");
				if ((rc = s_skip(p)) != CF_OK)
					return rc;
			}
			if ((rc = s_next(p)) != CF_OK)
				return rc;
			rc = version ? s_read_version(p) : s_skip(p);
			if (rc != CF_OK)
				return rc;
			continue;
		}
		raw = s_dup(&k, &nul);
		if (!raw && !nul)
			return CF_ENOMEM;
		if (!raw)
			s_fail(p, "%s", "a key holds a NUL character");
		key = raw && p->norm ? p->norm(p->norm_payload, raw) : NULL;
		if (key)
			free(raw);
		else
			key = raw; /* not a URL: kept as it is */
		if ((rc = s_next(p)) != CF_OK) {
			free(key);
			return rc;
		}
		rc = key ? s_read_host(p, key) : s_skip(p);
		if (rc != CF_OK)
			return rc;
	}
	return rc;
}

/* The stream: no document (an empty file), or exactly one. */
static int s_read_stream(s_parse *p)
{
	int rc;

	if ((rc = s_next(p)) != CF_OK || (rc = s_next(p)) != CF_OK)
		return rc; /* STREAM-START, then DOCUMENT-START or STREAM-END */
	if (p->ev.type == YAML_STREAM_END_EVENT)
		return CF_OK; /* an empty file: no tokens */
	if ((rc = s_next(p)) != CF_OK || (rc = s_read_root(p)) != CF_OK ||
	    (rc = s_next(p)) != CF_OK || (rc = s_next(p)) != CF_OK)
		return rc; /* ... DOCUMENT-END, then what follows */
	if (p->ev.type == YAML_DOCUMENT_START_EVENT) {
		/* PyYAML's yaml.load() refuses a stream of several
		 * documents; the rest is still read for syntax errors. */
		if ((rc = s_next(p)) != CF_OK)
			return rc;
		s_problem(p, S_SECOND_DOC, CF_ESYNTAX, &p->ev.start_mark,
		          "expected a single document in the stream, found "
		          "another");
		while (p->ev.type != YAML_STREAM_END_EVENT)
			if ((rc = s_next(p)) != CF_OK)
				return rc;
	}
	return CF_OK;
}

/* Reads the stream of p's event source into p->f; the problem found, if
 * any, is handed over in *err. */
static int s_read_model(s_parse *p, char **err)
{
	int rc = s_read_stream(p);

	if (rc == CF_OK && p->rank) {
		rc = p->code;
		if (err)
			*err = p->msg;
		p->msg = NULL;
	}
	if (rc == CF_OK)
		rc = s_merge(p->f);
	s_event_free(p);
	s_anchors_free(p);
	free(p->msg);
	if (rc != CF_OK)
		cf_file_free(p->f);
	return rc;
}

int cf_parse(cf_file *out, const char *buf, size_t len, const char *fname,
             cf_normalize_fn norm, void *norm_payload, char **err)
{
	s_parse p = { .fname = fname, .norm = norm,
	              .norm_payload = norm_payload, .err = err, .f = out };
	const char *why;
	int rc;

	memset(out, 0, sizeof(*out));
	if (err)
		*err = NULL;
	if (cf_yaml_load(&why) != 0) {
		if (err && asprintf(err, "%s: cannot be read: %s", fname,
		                    why) < 0)
			*err = NULL;
		return CF_ENOLIB;
	}
	if (!yaml_parser_initialize(&p.parser))
		return CF_ENOMEM;
	yaml_parser_set_input_string(&p.parser, (const unsigned char *)buf,
	                             len);
	rc = s_read_model(&p, err);
	/* the parser's buffers hold decoded tokens */
	if (p.parser.buffer.start)
		dh_wipe(p.parser.buffer.start, (size_t)(
		               p.parser.buffer.end - p.parser.buffer.start));
	yaml_parser_delete(&p.parser);
	return rc;
}

int cf_parse_events(cf_file *out, const struct yaml_event_s *events, size_t n,
                    const char *fname, cf_normalize_fn norm,
                    void *norm_payload)
{
	s_parse p = { .fname = fname, .norm = norm,
	              .norm_payload = norm_payload, .f = out,
	              .events = events, .nevents = n };

	memset(out, 0, sizeof(*out));
	return s_read_model(&p, NULL);
}
