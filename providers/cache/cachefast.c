/*
 * providers/cache/cachefast.c - the fast reader behind get(): one host out
 * of a big cache file without building a libyaml document of the whole
 * file (libyaml alone costs ~16 ms on a 10,000-host file).
 *
 * A line lexer checks EVERY line against the exact block layout PyYAML's
 * yaml.dump() (the Python client) and our own writer produce:
 *
 *   (blank line) | #comment          anywhere
 *   KEY:                             column 0, a host with a token list
 *   KEY: []                          column 0, a host with no tokens
 *   KEY: VALUE                       column 0, only for `version`
 *   - KEY: VALUE                     a token (indentless sequence item)
 *     KEY: VALUE                     more of that token (indent 2)
 *
 * KEY and VALUE are single-line scalars: plain (a safe first character, no
 * `: `, ` #` or trailing space), single-quoted or double-quoted with known
 * escapes.  Every file in this grammar is a YAML document of exactly the
 * shape cf_parse() accepts, so the lexer knows the whole file would parse
 * (a damaged token of another host is still seen).  Anything else - flow
 * style (JSON), `---`, anchors, tags, multi-line scalars, tabs, CR,
 * non-ASCII bytes, a NUL escape - makes it decline (CF_DECLINED), and the
 * caller runs the full cf_parse(), the one source of error messages.
 *
 * The sections that matter (keys that may name the host, found with a
 * case-insensitive search for the host name; keys with escapes; `version`)
 * are then turned into the events libyaml's parser would give for them
 * (s_make_events) and read by cf_parse()'s own model builder
 * (cf_parse_events), so every rule about tokens stays in one place.  In
 * this layout a scalar's value is its text: a plain scalar as it stands
 * (one line, no trailing space, no indicator), a quoted one without its
 * quotes and with '' read as '.  So the common get() needs no libyaml at
 * all, and the provider does not load it (cacheyaml.c): loading it costs
 * every `dagshub-auth token` about 70 us (bench/RESULTS.md).  A section
 * with a double-quoted escape (\x.., \u..; the Python client writes
 * them for non-ASCII text, never in a token or a URL) is instead copied
 * into a small document and read by cf_parse() with libyaml, so such
 * values decode exactly as libyaml decodes them; token line numbers are
 * mapped back to the file's.  If either read fails in any way, the reader
 * declines too.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include <yaml.h> /* the event type only: no libyaml call here */

#include "cachefile.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */
#include "../common/ascii.h" /* dh_to_lower, dh_cspan, dh_find */

/* libyaml refuses a simple key longer than 1024 characters. */
#define S_MAX_KEY 1000

/* Bytes never in the strict layout: controls (LF splits lines), DEL and
 * every byte >= 0x80 (the Python client escapes non-ASCII, so libyaml's
 * UTF-8 and printable checks need not be repeated). */
static bool s_bad_byte(char c)
{
	return (unsigned char)((unsigned char)c - 0x20) > 0x5e;
}

/* Any such byte in [p, e)?  Eight bytes at a time (this runs on every
 * byte of a big file): a byte >= 0x80, a byte equal to 0x7F, a byte below
 * 0x20, with the exact "has a byte less than n" tests of Bit Twiddling
 * Hacks (Anderson). */
static bool s_bad_line(const char *p, const char *e)
{
	const uint64_t ones = 0x0101010101010101u, high = ones * 0x80;

	for (; e - p >= 8; p += 8) {
		uint64_t w, del;

		memcpy(&w, p, 8);
		del = w ^ (ones * 0x7F);
		if ((w & high) || ((w - ones * 0x20) & ~w & high) ||
		    ((del - ones) & ~del & high))
			return true;
	}
	for (; p < e; p++)
		if (s_bad_byte(*p))
			return true;
	return false;
}

/* First characters a plain scalar may start with: ASCII letters, digits
 * and characters that are no YAML indicator in block context. */
static bool s_plain_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || (c && strchr("_./~$^=+();<\\", c));
}

/* A scalar as the lexer saw it. */
typedef struct s_scalar {
	const char *text;   /* content, quotes excluded */
	size_t len;
	bool escaped;       /* raw text is not the value ('' or \ escape) */
} s_scalar;

static int s_hex(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Checks one double-quoted escape at p (after the backslash); returns
 * the characters it spans after the backslash, or 0 to decline. */
static size_t s_escape(const char *p, const char *e)
{
	size_t n;
	unsigned long v = 0;

	if (p >= e)
		return 0; /* a line continuation: multi-line */
	switch (*p) {
	case 'a': case 'b': case 't': case 'n': case 'v': case 'f':
	case 'r': case 'e': case ' ': case '"': case '\\': case 'N':
	case '_': case 'L': case 'P':
		return 1;
	case 'x': n = 2; break;
	case 'u': n = 4; break;
	case 'U': n = 8; break;
	default:
		return 0; /* \0 (a NUL cf_parse refuses) or unknown */
	}
	if ((size_t)(e - p) < n + 1)
		return 0;
	for (size_t i = 1; i <= n; i++) {
		int h = s_hex(p[i]);

		if (h < 0)
			return 0;
		v = v * 16 + (unsigned long)h;
	}
	if (v == 0 || (v >= 0xD800 && v <= 0xDFFF) || v > 0x10FFFF)
		return 0;
	return n + 1;
}

/* Lexes a scalar at p (line ends at e).  A key must be followed by `:`
 * and then a space or the end of the line; a value by the end of the
 * line.  Returns the position after the scalar (at the `:` for a key), or
 * NULL to decline. */
static const char *s_lex_scalar(const char *p, const char *e, bool key,
                                s_scalar *sc)
{
	const char *q;

	sc->escaped = false;
	if (p >= e)
		return NULL;
	if (*p == '\'') {
		for (q = p + 1; q < e; q++) {
			if (*q != '\'')
				continue;
			if (q + 1 < e && q[1] == '\'') {
				sc->escaped = true;
				q++;
				continue;
			}
			break;
		}
		if (q >= e)
			return NULL; /* not closed on this line */
		sc->text = p + 1;
		sc->len = (size_t)(q - p - 1);
		q++;
	} else if (*p == '"') {
		for (q = p + 1; q < e && *q != '"'; q++) {
			if (*q == '\\') {
				size_t n = s_escape(q + 1, e);

				if (!n)
					return NULL;
				sc->escaped = true;
				q += n;
			}
		}
		if (q >= e)
			return NULL;
		sc->text = p + 1;
		sc->len = (size_t)(q - p - 1);
		q++;
	} else {
		if (!s_plain_start(*p))
			return NULL;
		/* memchr, not a loop over every byte: this runs on every
		 * line of a big file */
		for (q = p;; q++) {
			q = memchr(q, ':', (size_t)(e - q));
			if (!q || q + 1 == e || q[1] == ' ')
				break;
		}
		if (!q)
			q = e;
		for (const char *h = memchr(p, '#', (size_t)(q - p)); h;
		     h = memchr(h + 1, '#', (size_t)(q - h - 1)))
			if (h[-1] == ' ')
				return NULL; /* a comment after a value */
		if (q[-1] == ' ')
			return NULL; /* trailing space: keep it simple */
		if (!key && q < e)
			return NULL; /* `: ` inside a value */
		sc->text = p;
		sc->len = (size_t)(q - p);
	}
	if (key) {
		if ((size_t)(q - p) > S_MAX_KEY || q >= e || *q != ':' ||
		    (q + 1 < e && q[1] != ' '))
			return NULL;
		return q;
	}
	return q == e ? q : NULL;
}

/* `KEY: VALUE` at p, a token's field; true when well-formed. */
static bool s_lex_pair(const char *p, const char *e)
{
	s_scalar k, v;
	const char *q = s_lex_scalar(p, e, true, &k);

	/* `KEY:` alone would open a nested value: decline. */
	if (!q || q + 2 > e || q[1] != ' ')
		return false;
	return s_lex_scalar(q + 2, e, false, &v) != NULL;
}

/* Case-insensitive (ASCII) search of the needle (not strncasecmp:
 * ascii.h). */
static bool s_contains_ci(const char *h, size_t hlen, const char *n,
                          size_t nlen)
{
	for (size_t i = 0; i + nlen <= hlen; i++) {
		size_t j = 0;

		while (j < nlen && dh_to_lower(h[i + j]) == dh_to_lower(n[j]))
			j++;
		if (j == nlen)
			return true;
	}
	return nlen == 0;
}

/* A copied run of the file: its first line in the small document and in
 * the file. */
typedef struct s_section {
	const char *start, *end;
	int sub_line, file_line;
} s_section;

typedef struct s_lex {
	s_section *sec;
	size_t nsec, cap;
	int sublines;      /* lines of the small document so far */
} s_lex;

static int s_push_section(s_lex *lx, const char *start, int file_line)
{
	if (lx->nsec == lx->cap) {
		size_t cap = lx->cap ? lx->cap * 2 : 8;
		s_section *n = realloc(lx->sec, cap * sizeof(*n));

		if (!n)
			return -1;
		lx->sec = n;
		lx->cap = cap;
	}
	lx->sec[lx->nsec++] = (s_section){ start, NULL, 0, file_line };
	return 0;
}

/* Where a token's line in the small document is in the file. */
static int s_map_line(const s_lex *lx, int sub_line)
{
	for (size_t i = lx->nsec; i-- > 0;)
		if (sub_line >= lx->sec[i].sub_line)
			return lx->sec[i].file_line +
			       (sub_line - lx->sec[i].sub_line);
	return sub_line;
}

/* The host name of a normalised host URL (what every key naming it
 * contains, in some letter case): between "://" and the port or path. */
static void s_host_name(const char *host, const char **name, size_t *len)
{
	const char *p = dh_find(host, "://"), *e;

	p = p ? p + 3 : host;
	if (*p == '[') {
		e = strchr(p, ']');
		e = e ? e + 1 : p + strlen(p);
	} else {
		e = p + dh_cspan(p, ":/");
	}
	*name = p;
	*len = (size_t)(e - p);
}

enum { S_TOP, S_NEED_ITEM, S_IN_ITEM };

/* An empty line, spaces only, or a comment at column 0. */
static bool s_blank(const char *p, const char *e)
{
	if (p < e && *p == '#')
		return true;
	while (p < e && *p == ' ')
		p++;
	return p == e;
}

/* Lexes the whole file; fills lx with the sections to decode.  Returns 0,
 * CF_DECLINED (with *why and *line), or CF_ENOMEM. */
static int s_lex_file(s_lex *lx, const char *buf, size_t len,
                      const char *host, int *line, const char **why)
{
	const char *name, *p = buf, *end = buf + len;
	size_t namelen;
	int state = S_TOP, ln = 0;
	bool open = false;       /* the last key's section is being copied */
	bool any_key = false;

	s_host_name(host, &name, &namelen);
	if (namelen == 0) {
		*why = "no host name to look for";
		return CF_DECLINED;
	}
	while (p < end) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		const char *next;

		if (!e)
			e = end;
		next = e < end ? e + 1 : end;
		ln++;
		*line = ln;
		if (s_bad_line(p, e)) {
			*why = "a control character, tab, CR or non-ASCII byte";
			return CF_DECLINED;
		}
		if (s_blank(p, e)) {
			/* blank or comment: fine anywhere */
		} else if (*p == ' ') {
			if (state != S_IN_ITEM || e - p < 3 || p[1] != ' ' ||
			    p[2] == ' ' || !s_lex_pair(p + 2, e)) {
				*why = "not a `  key: value` line of a token";
				return CF_DECLINED;
			}
		} else if (*p == '-') {
			if (state == S_TOP || e - p < 3 || p[1] != ' ' ||
			    !s_lex_pair(p + 2, e)) {
				*why = "not a `- key: value` token line under "
				       "a host";
				return CF_DECLINED;
			}
			state = S_IN_ITEM;
		} else {
			s_scalar k;
			const char *q;
			bool version, want;

			if (state == S_NEED_ITEM) {
				*why = "a host key without a token list";
				return CF_DECLINED;
			}
			q = s_lex_scalar(p, e, true, &k);
			if (!q || *p == '.') {
				*why = "not a `host:` key line";
				return CF_DECLINED;
			}
			any_key = true;
			if (open) {
				lx->sec[lx->nsec - 1].end = p;
				open = false;
			}
			version = !k.escaped && k.len == 7 &&
			          !memcmp(k.text, "version", 7);
			want = version || k.escaped ||
			       s_contains_ci(k.text, k.len, name, namelen);
			q++; /* past ':' */
			if (q == e) {
				state = S_NEED_ITEM;
			} else if (e - q == 3 && !memcmp(q, " []", 3)) {
				state = S_TOP;
			} else {
				s_scalar v;

				/* a scalar value: only `version` may have
				 * one (cf_parse refuses it for a host);
				 * decoded by the small parse */
				if (!want ||
				    !s_lex_scalar(q + 1, e, false, &v)) {
					*why = "a key with a value that is not "
					       "a token list";
					return CF_DECLINED;
				}
				state = S_TOP;
			}
			if (want) {
				if (s_push_section(lx, p, ln) < 0)
					return CF_ENOMEM;
				open = true;
			}
		}
		p = next;
	}
	if (state == S_NEED_ITEM) {
		*why = "a host key without a token list at the end";
		return CF_DECLINED;
	}
	if (!any_key) {
		*why = "no keys";
		return CF_DECLINED;
	}
	if (open)
		lx->sec[lx->nsec - 1].end = end;
	return 0;
}

/* ---- the sections as libyaml events ---- */

typedef struct s_events {
	yaml_event_t *ev;
	size_t n, cap;
	char *text;        /* the scalars' values, each NUL-terminated */
	size_t used, size;
} s_events;

static yaml_event_t *s_push(s_events *es, yaml_event_type_t type, int line,
                            int column)
{
	yaml_event_t *ev;

	if (es->n == es->cap) {
		size_t cap = es->cap ? es->cap * 2 : 32;
		yaml_event_t *n = realloc(es->ev, cap * sizeof(*n));

		if (!n)
			return NULL;
		es->ev = n;
		es->cap = cap;
	}
	ev = &es->ev[es->n++];
	memset(ev, 0, sizeof(*ev));
	ev->type = type;
	ev->start_mark.line = (size_t)line;
	ev->start_mark.column = (size_t)column;
	ev->end_mark = ev->start_mark;
	if (type == YAML_MAPPING_START_EVENT) {
		ev->data.mapping_start.implicit = 1;
		ev->data.mapping_start.style = YAML_BLOCK_MAPPING_STYLE;
	} else if (type == YAML_SEQUENCE_START_EVENT) {
		ev->data.sequence_start.implicit = 1;
		ev->data.sequence_start.style = YAML_BLOCK_SEQUENCE_STYLE;
	} else if (type == YAML_DOCUMENT_START_EVENT) {
		ev->data.document_start.implicit = 1;
	} else if (type == YAML_DOCUMENT_END_EVENT) {
		ev->data.document_end.implicit = 1;
	}
	return ev;
}

/* A scalar event for the scalar the lexer found at p (the quote, for a
 * quoted one): 0, 1 when its value needs libyaml (a double-quoted
 * escape), -1 when out of memory.  Here and below, 1 also answers what
 * the lexer should have ruled out: the lines then go to libyaml. */
static int s_push_scalar(s_events *es, const s_scalar *sc, const char *p,
                         int line, int column)
{
	yaml_event_t *ev;
	char *v;
	size_t n = 0;

	if (sc->escaped && *p == '"')
		return 1;
	if (es->used + sc->len + 1 > es->size)
		return 1; /* cannot happen (es->text is sized for the text);
		           * were it to, libyaml reads the lines instead */
	v = es->text + es->used;
	for (size_t i = 0; i < sc->len; i++) {
		v[n++] = sc->text[i];
		if (sc->escaped && sc->text[i] == '\'')
			i++; /* '' in a single-quoted scalar is one ' */
	}
	v[n] = '\0';
	es->used += n + 1;
	if (!(ev = s_push(es, YAML_SCALAR_EVENT, line, column)))
		return -1;
	ev->data.scalar.value = (yaml_char_t *)v;
	ev->data.scalar.length = n;
	ev->data.scalar.plain_implicit = *p != '\'' && *p != '"';
	ev->data.scalar.quoted_implicit = !ev->data.scalar.plain_implicit;
	ev->data.scalar.style = *p == '\'' ? YAML_SINGLE_QUOTED_SCALAR_STYLE
	                      : *p == '"' ? YAML_DOUBLE_QUOTED_SCALAR_STYLE
	                      : YAML_PLAIN_SCALAR_STYLE;
	return 0;
}

/* `KEY: VALUE` at p (column col of line), already lexed once. */
static int s_push_pair(s_events *es, const char *p, const char *e, int line,
                       int col)
{
	s_scalar k, v;
	const char *q = s_lex_scalar(p, e, true, &k);
	int rc;

	if (!q || !s_lex_scalar(q + 2, e, false, &v))
		return 1; /* cannot happen: the lexer took this line */
	if ((rc = s_push_scalar(es, &k, p, line, col)) != 0)
		return rc;
	return s_push_scalar(es, &v, q + 2, line, col + (int)(q + 2 - p));
}

/* One section: a key line, then its token lines.  Lines are 0-based in
 * the events, as in libyaml's marks. */
static int s_section_events(s_events *es, const s_section *sec)
{
	const char *p = sec->start;
	int line = sec->file_line - 1, rc;
	bool in_seq = false, in_item = false;

	for (; p < sec->end; line++) {
		const char *e = memchr(p, '\n', (size_t)(sec->end - p));
		const char *next;

		if (!e)
			e = sec->end;
		next = e < sec->end ? e + 1 : e;
		if (s_blank(p, e)) {
			/* nothing */
		} else if (*p == ' ') {
			if ((rc = s_push_pair(es, p + 2, e, line, 2)) != 0)
				return rc;
		} else if (*p == '-') {
			if ((in_item &&
			     !s_push(es, YAML_MAPPING_END_EVENT, line, 0)) ||
			    !s_push(es, YAML_MAPPING_START_EVENT, line, 2))
				return -1;
			in_item = true;
			if ((rc = s_push_pair(es, p + 2, e, line, 2)) != 0)
				return rc;
		} else {
			s_scalar k, v;
			const char *q = s_lex_scalar(p, e, true, &k);

			if (!q)
				return 1; /* cannot happen, as above */
			if ((rc = s_push_scalar(es, &k, p, line, 0)) != 0)
				return rc;
			q++; /* past ':' */
			if (q == e) {
				if (!s_push(es, YAML_SEQUENCE_START_EVENT, line, 0))
					return -1;
				in_seq = true;
			} else if (e - q == 3 && !memcmp(q, " []", 3)) {
				yaml_event_t *ev = s_push(es, YAML_SEQUENCE_START_EVENT,
				                          line, (int)(q + 1 - p));

				if (!ev)
					return -1;
				ev->data.sequence_start.style = YAML_FLOW_SEQUENCE_STYLE;
				if (!s_push(es, YAML_SEQUENCE_END_EVENT, line,
				            (int)(q + 2 - p)))
					return -1;
			} else {
				if (!s_lex_scalar(q + 1, e, false, &v))
					return 1; /* cannot happen, as above */
				if ((rc = s_push_scalar(es, &v, q + 1, line,
				                        (int)(q + 1 - p))) != 0)
					return rc;
			}
		}
		p = next;
	}
	if ((in_item && !s_push(es, YAML_MAPPING_END_EVENT, line, 0)) ||
	    (in_seq && !s_push(es, YAML_SEQUENCE_END_EVENT, line, 0)))
		return -1;
	return 0;
}

/* The events of a document made of the lexed sections, as libyaml's
 * parser would give them: 0, 1 when a value needs libyaml, -1 when out
 * of memory. */
static int s_make_events(s_events *es, const s_lex *lx)
{
	size_t bytes = 0;
	int rc;

	for (size_t i = 0; i < lx->nsec; i++)
		bytes += (size_t)(lx->sec[i].end - lx->sec[i].start);
	/* every value is shorter than its line, with room for its NUL */
	es->size = bytes + 1;
	if (!(es->text = malloc(es->size)))
		return -1;
	if (!s_push(es, YAML_STREAM_START_EVENT, 0, 0) ||
	    !s_push(es, YAML_DOCUMENT_START_EVENT, 0, 0) ||
	    !s_push(es, YAML_MAPPING_START_EVENT, 0, 0))
		return -1;
	for (size_t i = 0; i < lx->nsec; i++)
		if ((rc = s_section_events(es, &lx->sec[i])) != 0)
			return rc;
	if (!s_push(es, YAML_MAPPING_END_EVENT, 0, 0) ||
	    !s_push(es, YAML_DOCUMENT_END_EVENT, 0, 0) ||
	    !s_push(es, YAML_STREAM_END_EVENT, 0, 0))
		return -1;
	return 0;
}

static void s_events_free(s_events *es)
{
	if (es->text) {
		dh_wipe(es->text, es->size);
		free(es->text);
	}
	free(es->ev);
	memset(es, 0, sizeof(*es));
}

int cf_parse_host(cf_file *out, const char *buf, size_t len,
                  const char *fname, const char *host, cf_normalize_fn norm,
                  void *norm_payload, int *line, const char **why)
{
	s_lex lx = { 0 };
	s_events es = { 0 };
	char *sub = NULL, *w;
	size_t sublen = 0;
	int rc, dummy_line = 0;
	const char *dummy_why = NULL;

	memset(out, 0, sizeof(*out));
	if (!line)
		line = &dummy_line;
	if (!why)
		why = &dummy_why;
	*line = 0;
	*why = NULL;
	rc = s_lex_file(&lx, buf, len, host, line, why);
	if (rc != 0)
		goto out;
	*line = 0;
	rc = s_make_events(&es, &lx);
	if (rc < 0) {
		rc = CF_ENOMEM;
		goto out;
	}
	if (rc == 0) {
		rc = cf_parse_events(out, es.ev, es.n, fname, norm,
		                     norm_payload);
		if (rc != CF_OK && rc != CF_ENOMEM) {
			*why = "the host's or the version's own lines do not "
			       "read";
			rc = CF_DECLINED;
		}
		goto out;
	}
	/* The small document: the chosen sections, each ending in LF. */
	for (size_t i = 0; i < lx.nsec; i++)
		sublen += (size_t)(lx.sec[i].end - lx.sec[i].start) + 1;
	sub = calloc(1, sublen + 1); /* small: the chosen sections only */
	if (!sub) {
		rc = CF_ENOMEM;
		goto out;
	}
	w = sub;
	lx.sublines = 1;
	for (size_t i = 0; i < lx.nsec; i++) {
		s_section *s = &lx.sec[i];
		size_t n = (size_t)(s->end - s->start);

		s->sub_line = lx.sublines;
		memcpy(w, s->start, n);
		w += n;
		if (n == 0 || w[-1] != '\n')
			*w++ = '\n';
		for (const char *q = s->start; q < s->end; q++)
			lx.sublines += *q == '\n';
		if (n == 0 || s->end[-1] != '\n')
			lx.sublines++;
	}
	rc = cf_parse(out, sub, (size_t)(w - sub), fname, norm, norm_payload,
	              NULL);
	if (rc == CF_ENOMEM)
		goto out;
	if (rc != CF_OK) {
		*why = "the host's or the version's own lines do not read";
		rc = CF_DECLINED;
		goto out;
	}
	for (size_t i = 0; i < out->nhost; i++)
		for (size_t j = 0; j < out->host[i].ntok; j++)
			out->host[i].tok[j].line =
				s_map_line(&lx, out->host[i].tok[j].line);
out:
	if (sub) {
		dh_wipe(sub, sublen);
		free(sub);
	}
	s_events_free(&es);
	free(lx.sec);
	if (rc != CF_OK)
		cf_file_free(out);
	return rc;
}
