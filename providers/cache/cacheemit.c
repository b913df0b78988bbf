/*
 * providers/cache/cacheemit.c - writes the token cache exactly as the
 * DagsHub Python client does (PyYAML 5.1+ `yaml.dump(d)`: block style,
 * sorted keys, width 80, indent 2, allow_unicode=False).
 *
 * Byte-for-byte matters: the file is shared with the Python client, and a
 * rewrite that changes nothing should change no byte.  The functions below
 * follow PyYAML's emitter.py (analyze_scalar, choose_scalar_style,
 * write_plain, write_single_quoted, write_double_quoted, write_indent)
 * closely, with the same state (column, indent, whitespace, indention), so
 * that a reader can check one against the other line by line.  Only what
 * this document shape needs is here: a block mapping of host keys, each a
 * block sequence (indentless) of block mappings of scalars.
 *
 * PyYAML works on code points; scalars are decoded from UTF-8 first.  The
 * output is pure ASCII (non-ASCII is escaped), so columns are bytes.
 */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cachefile.h"

#define CF_BEST_WIDTH 80
#define CF_BEST_INDENT 2
/* PyYAML writes a key as a simple key only when shorter than this. */
#define CF_MAX_SIMPLE_KEY 128

typedef struct s_emitter {
	char *buf;
	size_t len, cap;
	int column;
	int indent;
	bool whitespace;
	bool indention;
	bool failed; /* out of memory */
	const struct s_resolver_set *rs;
} s_emitter;

/* ---- output ---- */

static void s_put(s_emitter *e, const char *s, size_t n)
{
	if (e->failed)
		return;
	if (e->len + n + 1 > e->cap) {
		size_t cap = e->cap ? e->cap : 4096;
		char *nb;

		while (e->len + n + 1 > cap)
			cap *= 2;
		nb = realloc(e->buf, cap);
		if (!nb) {
			e->failed = true;
			return;
		}
		e->buf = nb;
		e->cap = cap;
	}
	memcpy(e->buf + e->len, s, n);
	e->len += n;
	e->buf[e->len] = '\0';
}

/* Writes ASCII text and advances the column by its length. */
static void s_write(s_emitter *e, const char *s, size_t n)
{
	s_put(e, s, n);
	e->column += (int)n;
}

/* Writes code points [from, to) that are known to be printable ASCII. */
static void s_write_cps(s_emitter *e, const uint32_t *cp, size_t from,
                        size_t to)
{
	for (size_t i = from; i < to; i++) {
		char c = (char)cp[i];

		s_write(e, &c, 1);
	}
}

static void s_line_break(s_emitter *e)
{
	s_put(e, "\n", 1);
	e->whitespace = true;
	e->indention = true;
	e->column = 0;
}

static void s_write_indent(s_emitter *e)
{
	int indent = e->indent;

	if (!e->indention || e->column > indent ||
	    (e->column == indent && !e->whitespace))
		s_line_break(e);
	while (e->column < indent) {
		e->whitespace = true;
		s_write(e, " ", 1);
	}
}

static void s_write_indicator(s_emitter *e, const char *ind,
                              bool need_whitespace, bool whitespace,
                              bool indention)
{
	if (!e->whitespace && need_whitespace)
		s_write(e, " ", 1);
	s_write(e, ind, strlen(ind));
	e->whitespace = whitespace;
	e->indention = e->indention && indention;
}

/* ---- UTF-8 ---- */

/* Decodes s into a malloc()ed array of code points; NULL when s is not
 * well-formed UTF-8 (or out of memory). */
static uint32_t *s_decode(const char *s, size_t *n)
{
	size_t len = strlen(s), k = 0;
	const unsigned char *p = (const unsigned char *)s;
	uint32_t *cp = malloc((len + 1) * sizeof(*cp));

	if (!cp)
		return NULL;
	for (size_t i = 0; i < len;) {
		uint32_t c = p[i];
		int more;

		if (c < 0x80)
			more = 0;
		else if (c >= 0xC2 && c <= 0xDF)
			more = 1, c &= 0x1F;
		else if (c >= 0xE0 && c <= 0xEF)
			more = 2, c &= 0x0F;
		else if (c >= 0xF0 && c <= 0xF4)
			more = 3, c &= 0x07;
		else
			goto bad;
		if (i + (size_t)more >= len + (more ? 0 : 1))
			goto bad;
		for (int j = 1; j <= more; j++) {
			if ((p[i + j] & 0xC0) != 0x80)
				goto bad;
			c = (c << 6) | (p[i + j] & 0x3F);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((more == 2 && c < 0x800) || (more == 3 && c < 0x10000) ||
		    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
			goto bad;
		cp[k++] = c;
		i += (size_t)more + 1;
	}
	*n = k;
	return cp;
bad:
	free(cp);
	return NULL;
}

bool cf_valid_utf8(const char *s)
{
	size_t n;
	uint32_t *cp = s_decode(s, &n);

	free(cp);
	return cp != NULL;
}

/* ---- PyYAML's implicit resolvers (resolver.py), as POSIX EREs ---- */

static const char *const s_resolvers[] = {
	/* bool */
	"^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
	"|on|On|ON|off|Off|OFF)$",
	/* float */
	"^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?"
	"|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
	"|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
	"|[-+]?\\.(inf|Inf|INF)"
	"|\\.(nan|NaN|NAN))$",
	/* int */
	"^([-+]?0b[0-1_]+"
	"|[-+]?0[0-7_]+"
	"|[-+]?(0|[1-9][0-9_]*)"
	"|[-+]?0x[0-9a-fA-F_]+"
	"|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$",
	/* merge */
	"^<<$",
	/* null (the empty string too) */
	"^(~|null|Null|NULL|)$",
	/* timestamp */
	"^([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
	"|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
	"([Tt]|[ \t]+)[0-9][0-9]?"
	":[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?"
	"([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?)$",
	/* value */
	"^=$",
	/* yaml (documentation only in PyYAML, but it does resolve) */
	"^(!|&|\\*)$",
};

#define S_NRESOLVERS (sizeof(s_resolvers) / sizeof(*s_resolvers))

/* The resolvers compiled once per cf_emit() call (a write), not per
 * scalar: a 10,000-host file has 70,000 scalars. */
typedef struct s_resolver_set {
	regex_t re[S_NRESOLVERS];
	bool compiled;
} s_resolver_set;

static int s_resolvers_compile(s_resolver_set *rs)
{
	for (size_t i = 0; i < S_NRESOLVERS; i++)
		if (regcomp(&rs->re[i], s_resolvers[i],
		            REG_EXTENDED | REG_NOSUB)) {
			while (i-- > 0)
				regfree(&rs->re[i]);
			return -1;
		}
	rs->compiled = true;
	return 0;
}

static void s_resolvers_free(s_resolver_set *rs)
{
	if (!rs->compiled)
		return;
	for (size_t i = 0; i < S_NRESOLVERS; i++)
		regfree(&rs->re[i]);
	rs->compiled = false;
}

static bool s_resolves(const s_resolver_set *rs, const char *s)
{
	/* PyYAML tries resolvers only for these first characters (and the
	 * empty string); everything else is a string at once. */
	if (*s && !strchr("yYnNtTfFoO-+0123456789.<~=!&*", *s))
		return false;
	for (size_t i = 0; i < S_NRESOLVERS; i++)
		if (regexec(&rs->re[i], s, 0, NULL, 0) == 0)
			return true;
	return false;
}

bool cf_resolves_to_non_string(const char *s)
{
	s_resolver_set rs = { .compiled = false };
	bool hit;

	if (s_resolvers_compile(&rs) < 0)
		return false; /* cannot happen: the patterns are fixed */
	hit = s_resolves(&rs, s);
	s_resolvers_free(&rs);
	return hit;
}

/* ---- analyze_scalar / choose_scalar_style ---- */

typedef struct s_analysis {
	bool empty, multiline;
	bool allow_block_plain, allow_single_quoted;
} s_analysis;

static bool s_is_break(uint32_t c)
{
	return c == '\n' || c == 0x85 || c == 0x2028 || c == 0x2029;
}

static bool s_is_ws_or_end(uint32_t c)
{
	return c == 0 || c == ' ' || c == '\t' || c == '\r' || s_is_break(c);
}

static bool s_in(uint32_t c, const char *set)
{
	return c && c < 0x80 && strchr(set, (int)c) != NULL;
}

static s_analysis s_analyze(const uint32_t *cp, size_t n)
{
	s_analysis a = { false, false, true, true };
	bool block_ind = false, line_breaks = false, special = false;
	bool leading_space = false, leading_break = false;
	bool trailing_space = false, trailing_break = false;
	bool break_space = false, space_break = false;
	bool preceded_ws = true, followed_ws, prev_space = false,
	     prev_break = false;

	if (n == 0) {
		a.empty = true;
		return a; /* block plain allowed, but the resolver says null */
	}
	if (n >= 3 && ((cp[0] == '-' && cp[1] == '-' && cp[2] == '-') ||
	               (cp[0] == '.' && cp[1] == '.' && cp[2] == '.')))
		block_ind = true;
	followed_ws = n == 1 || s_is_ws_or_end(cp[1]);
	for (size_t i = 0; i < n; i++) {
		uint32_t ch = cp[i];

		if (i == 0) {
			if (s_in(ch, "#,[]{}&*!|>'\"%@`"))
				block_ind = true;
			if (s_in(ch, "?:") && followed_ws)
				block_ind = true;
			if (ch == '-' && followed_ws)
				block_ind = true;
		} else {
			if (ch == ':' && followed_ws)
				block_ind = true;
			if (ch == '#' && preceded_ws)
				block_ind = true;
		}
		if (s_is_break(ch))
			line_breaks = true;
		if (!(ch == '\n' || (ch >= 0x20 && ch <= 0x7E)))
			special = true; /* allow_unicode is False */
		if (ch == ' ') {
			if (i == 0)
				leading_space = true;
			if (i == n - 1)
				trailing_space = true;
			if (prev_break)
				break_space = true;
			prev_space = true;
			prev_break = false;
		} else if (s_is_break(ch)) {
			if (i == 0)
				leading_break = true;
			if (i == n - 1)
				trailing_break = true;
			if (prev_space)
				space_break = true;
			prev_space = false;
			prev_break = true;
		} else {
			prev_space = false;
			prev_break = false;
		}
		preceded_ws = s_is_ws_or_end(ch);
		followed_ws = i + 2 >= n || s_is_ws_or_end(cp[i + 2]);
	}
	if (leading_space || leading_break || trailing_space || trailing_break)
		a.allow_block_plain = false;
	if (break_space)
		a.allow_block_plain = a.allow_single_quoted = false;
	if (space_break || special)
		a.allow_block_plain = a.allow_single_quoted = false;
	if (line_breaks)
		a.allow_block_plain = false;
	if (block_ind)
		a.allow_block_plain = false;
	a.multiline = line_breaks;
	return a;
}

typedef enum s_style { S_PLAIN, S_SINGLE, S_DOUBLE } s_style;

static s_style s_choose(const s_analysis *a, bool implicit, bool simple_key)
{
	if (implicit && !(simple_key && (a->empty || a->multiline)) &&
	    a->allow_block_plain)
		return S_PLAIN;
	if (a->allow_single_quoted && !(simple_key && a->multiline))
		return S_SINGLE;
	return S_DOUBLE;
}

/* ---- the three scalar writers ---- */

static void s_write_plain(s_emitter *e, const uint32_t *t, size_t n,
                          bool split)
{
	bool spaces = false;
	size_t start = 0;

	if (n == 0)
		return;
	if (!e->whitespace)
		s_write(e, " ", 1);
	e->whitespace = false;
	e->indention = false;
	/* Plain scalars never hold line breaks here (analysis forbids). */
	for (size_t end = 0; end <= n; end++) {
		uint32_t ch = end < n ? t[end] : 0;

		if (spaces) {
			if (ch != ' ') {
				if (start + 1 == end &&
				    e->column > CF_BEST_WIDTH && split) {
					s_write_indent(e);
					e->whitespace = false;
					e->indention = false;
				} else {
					s_write_cps(e, t, start, end);
				}
				start = end;
			}
		} else if (end == n || ch == ' ') {
			s_write_cps(e, t, start, end);
			start = end;
		}
		if (end < n)
			spaces = ch == ' ';
	}
}

static void s_write_breaks(s_emitter *e, const uint32_t *t, size_t start,
                           size_t end)
{
	/* Only '\n' can reach here: NEL and the Unicode separators are
	 * special characters, which force double quotes. */
	if (t[start] == '\n')
		s_line_break(e);
	for (size_t i = start; i < end; i++)
		s_line_break(e);
	s_write_indent(e);
}

static void s_write_single(s_emitter *e, const uint32_t *t, size_t n,
                           bool split)
{
	bool spaces = false, breaks = false;
	size_t start = 0;

	s_write_indicator(e, "'", true, false, false);
	for (size_t end = 0; end <= n; end++) {
		uint32_t ch = end < n ? t[end] : 0;
		bool at_end = end == n;

		if (spaces) {
			if (at_end || ch != ' ') {
				if (start + 1 == end &&
				    e->column > CF_BEST_WIDTH && split &&
				    start != 0 && end != n)
					s_write_indent(e);
				else
					s_write_cps(e, t, start, end);
				start = end;
			}
		} else if (breaks) {
			if (at_end || !s_is_break(ch)) {
				s_write_breaks(e, t, start, end);
				start = end;
			}
		} else if (at_end || ch == ' ' || s_is_break(ch) ||
		           ch == '\'') {
			if (start < end) {
				s_write_cps(e, t, start, end);
				start = end;
			}
		}
		if (!at_end && ch == '\'') {
			s_write(e, "''", 2);
			start = end + 1;
		}
		if (!at_end) {
			spaces = ch == ' ';
			breaks = s_is_break(ch);
		}
	}
	s_write_indicator(e, "'", false, false, false);
}

static const char *s_escape(uint32_t ch)
{
	switch (ch) {
	case 0x00: return "0";
	case 0x07: return "a";
	case 0x08: return "b";
	case 0x09: return "t";
	case 0x0A: return "n";
	case 0x0B: return "v";
	case 0x0C: return "f";
	case 0x0D: return "r";
	case 0x1B: return "e";
	case '"': return "\"";
	case '\\': return "\\";
	case 0x85: return "N";
	case 0xA0: return "_";
	case 0x2028: return "L";
	case 0x2029: return "P";
	}
	return NULL;
}

static void s_write_double(s_emitter *e, const uint32_t *t, size_t n,
                           bool split)
{
	size_t start = 0;

	s_write_indicator(e, "\"", true, false, false);
	for (size_t end = 0; end <= n; end++) {
		bool at_end = end == n;
		uint32_t ch = at_end ? 0 : t[end];

		if (at_end || ch == '"' || ch == '\\' || ch == 0x85 ||
		    ch == 0x2028 || ch == 0x2029 || ch == 0xFEFF ||
		    !(ch >= 0x20 && ch <= 0x7E)) {
			if (start < end) {
				s_write_cps(e, t, start, end);
				start = end;
			}
			if (!at_end) {
				char data[16];
				const char *r = s_escape(ch);

				if (r)
					snprintf(data, sizeof(data), "\\%s", r);
				else if (ch <= 0xFF)
					snprintf(data, sizeof(data), "\\x%02X",
					         (unsigned)ch);
				else if (ch <= 0xFFFF)
					snprintf(data, sizeof(data), "\\u%04X",
					         (unsigned)ch);
				else
					snprintf(data, sizeof(data), "\\U%08X",
					         (unsigned)ch);
				s_write(e, data, strlen(data));
				start = end + 1;
			}
		}
		if (end > 0 && end + 1 < n && (ch == ' ' || start >= end) &&
		    e->column + (int)(end - start) > CF_BEST_WIDTH && split) {
			if (start < end) {
				s_write_cps(e, t, start, end);
				start = end;
			}
			s_write(e, "\\", 1);
			s_write_indent(e);
			e->whitespace = false;
			e->indention = false;
			if (t[start] == ' ')
				s_write(e, "\\", 1);
		}
	}
	s_write_indicator(e, "\"", false, false, false);
}

/* Writes one scalar the way PyYAML's process_scalar would.  `raw` text
 * is written plain as it is (a non-string value kept from the file).
 * Returns -1 when s is not UTF-8 or memory ran out. */
static int s_scalar(s_emitter *e, const char *s, bool raw, bool simple_key)
{
	size_t n;
	uint32_t *cp = s_decode(s, &n);
	s_analysis a;
	int saved = e->indent;

	if (!cp)
		return -1;
	/* expect_scalar: increase_indent(flow=True) around the scalar */
	e->indent += CF_BEST_INDENT;
	a = s_analyze(cp, n);
	if (raw && a.allow_block_plain)
		s_write_plain(e, cp, n, !simple_key);
	else {
		switch (s_choose(&a, !s_resolves(e->rs, s), simple_key)) {
		case S_PLAIN:
			s_write_plain(e, cp, n, !simple_key);
			break;
		case S_SINGLE:
			s_write_single(e, cp, n, !simple_key);
			break;
		case S_DOUBLE:
			s_write_double(e, cp, n, !simple_key);
			break;
		}
	}
	e->indent = saved;
	free(cp);
	return 0;
}

/* ---- the document ---- */

typedef struct s_field {
	const char *key;
	const char *value;
	bool raw;
} s_field;

static int s_field_cmp(const void *a, const void *b)
{
	return strcmp(((const s_field *)a)->key, ((const s_field *)b)->key);
}

static size_t s_cp_count(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/* One `key: value` pair of a block mapping at indent e->indent. */
static int s_pair(s_emitter *e, const char *key, const char *value, bool raw)
{
	s_write_indent(e);
	if (s_scalar(e, key, false, true) < 0)
		return -1;
	s_write_indicator(e, ":", false, false, false);
	return s_scalar(e, value, raw, false);
}

/* One token: "- " then its fields sorted, as a block mapping at indent 2. */
static int s_token(s_emitter *e, const cf_token *t)
{
	char expiry[40];
	s_field *f;
	size_t nf = 0;
	int rc = -1;

	f = calloc(t->nextra + 3, sizeof(*f));
	if (!f)
		return -1;
	f[nf++] = (s_field){ "access_token", t->value, false };
	if (t->expires_us)
		cf_format_expiry(expiry, sizeof(expiry), t->expires_us);
	else
		strcpy(expiry, "never");
	f[nf++] = (s_field){ "expiry", expiry, false };
	f[nf++] = (s_field){ "token_type", t->type, false };
	for (size_t i = 0; i < t->nextra; i++)
		f[nf++] = (s_field){ t->extra[i].key, t->extra[i].value,
		                     t->extra[i].raw };
	qsort(f, nf, sizeof(*f), s_field_cmp);

	/* expect_block_sequence_item, then expect_block_mapping */
	s_write_indent(e);
	s_write_indicator(e, "-", true, false, true);
	e->indent += CF_BEST_INDENT;
	for (size_t i = 0; i < nf; i++)
		if (s_pair(e, f[i].key, f[i].value, f[i].raw) < 0)
			goto out;
	rc = 0;
out:
	e->indent -= CF_BEST_INDENT;
	free(f);
	return rc;
}

int cf_emit(const cf_file *f, char **out, size_t *len, char **err)
{
	s_resolver_set rs = { .compiled = false };
	s_emitter e = { NULL, 0, 0, 0, 0, true, true, false, &rs };
	size_t vi = f->nhost; /* where `version` sorts among the hosts */
	int rc = -1;

	*out = NULL;
	*len = 0;
	if (err)
		*err = NULL;
	if (s_resolvers_compile(&rs) < 0) {
		if (err)
			*err = strdup("cannot compile the YAML resolvers");
		return -1;
	}
	for (size_t i = 0; i < f->nhost; i++) {
		if (s_cp_count(f->host[i].key) >= CF_MAX_SIMPLE_KEY) {
			if (err)
				*err = strdup("a host key is 128 characters "
				              "or longer; PyYAML would write it "
				              "as a complex key");
			goto out;
		}
		if (vi == f->nhost && strcmp(f->host[i].key, "version") > 0)
			vi = i;
	}
	for (size_t i = 0; i <= f->nhost; i++) {
		if (i == vi && s_pair(&e, "version", CF_VERSION, false) < 0)
			goto bad;
		if (i == f->nhost)
			break;
		s_write_indent(&e);
		if (s_scalar(&e, f->host[i].key, false, true) < 0)
			goto bad;
		s_write_indicator(&e, ":", false, false, false);
		if (f->host[i].ntok == 0) {
			/* an empty sequence is written in flow style */
			s_write_indicator(&e, "[", true, true, false);
			s_write_indicator(&e, "]", false, false, false);
			continue;
		}
		/* indentless block sequence: items at the mapping's column */
		for (size_t j = 0; j < f->host[i].ntok; j++)
			if (s_token(&e, &f->host[i].tok[j]) < 0)
				goto bad;
	}
	s_write_indent(&e); /* expect_document_end: the final newline */
	if (e.failed)
		goto bad;
	*out = e.buf;
	*len = e.len;
	e.buf = NULL;
	rc = 0;
	goto out;
bad:
	if (err && !*err)
		*err = strdup(e.failed ? "out of memory"
		                       : "a string is not valid UTF-8");
out:
	s_resolvers_free(&rs);
	if (e.buf) {
		explicit_bzero(e.buf, e.cap);
		free(e.buf);
	}
	return rc;
}
