/*
 * providers/cache/cacheemit.c - writes the token cache the way the DagsHub
 * Python client does (PyYAML `yaml.dump(d)`: block style, sorted keys,
 * width 80, indent 2, allow_unicode=False), with libyaml's emitter.
 *
 * PyYAML's C dumper is this emitter; what PyYAML decides above it is
 * decided here the same way: keys sorted by code point (strcmp on UTF-8),
 * and a scalar that its implicit resolvers would read back as something
 * other than a string is single-quoted (libyaml turns that into double
 * quotes where single quotes cannot hold the text).  For ordinary tokens
 * the bytes are PyYAML's; for unusual long strings the two emitters may
 * fold differently, with the same meaning (tests/cache/format.sh).
 *
 * libyaml already does what cache-format.md asks of the layout: a block
 * sequence in a block mapping is indentless (`- ` at column 0 under its
 * host key), an empty one is `[]`, an implicit document has no `---` and
 * ends in a newline; set_unicode(0) escapes non-ASCII, YAML_LN_BREAK
 * gives LF.  cf_emit() adds the checks that keep out what breaks the
 * Python client's loader.
 *
 * Secrets: the events copy every scalar and libyaml frees them without
 * wiping; the emitter's own buffer is wiped before it is freed.
 */
#include "config.h"

#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "cachefile.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

/* ---- UTF-8 ---- */

bool cf_valid_utf8(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		uint32_t c = *p;
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
			return false;
		for (int j = 1; j <= more; j++) {
			if ((p[j] & 0xC0) != 0x80)
				return false; /* also stops at the NUL */
			c = (c << 6) | (p[j] & 0x3F);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((more == 2 && c < 0x800) || (more == 3 && c < 0x10000) ||
		    (c >= 0xD800 && c <= 0xDFFF) || c > 0x10FFFF)
			return false;
		p += more + 1;
	}
	return true;
}

/* ---- PyYAML's implicit resolvers (resolver.py), as POSIX EREs ---- */

#define S_TAG(name) "tag:yaml.org,2002:" name

/* Each with its tag and the first characters PyYAML tries it for (""
 * also matches the empty string), in the order
 * Resolver.add_implicit_resolver() registers them: the first that
 * matches gives the type. */
static const struct {
	const char *tag;
	const char *first;
	const char *re;
} s_resolvers[] = {
	{ S_TAG("bool"), "yYnNtTfFoO",
	  "^(yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE"
	  "|on|On|ON|off|Off|OFF)$" },
	{ S_TAG("float"), "-+0123456789.",
	  "^([-+]?([0-9][0-9_]*)\\.[0-9_]*([eE][-+][0-9]+)?"
	  "|\\.[0-9][0-9_]*([eE][-+][0-9]+)?"
	  "|[-+]?[0-9][0-9_]*(:[0-5]?[0-9])+\\.[0-9_]*"
	  "|[-+]?\\.(inf|Inf|INF)"
	  "|\\.(nan|NaN|NAN))$" },
	{ S_TAG("int"), "-+0123456789",
	  "^([-+]?0b[0-1_]+"
	  "|[-+]?0[0-7_]+"
	  "|[-+]?(0|[1-9][0-9_]*)"
	  "|[-+]?0x[0-9a-fA-F_]+"
	  "|[-+]?[1-9][0-9_]*(:[0-5]?[0-9])+)$" },
	{ S_TAG("merge"), "<", "^<<$" },
	{ S_TAG("null"), "~nN", "^(~|null|Null|NULL|)$" }, /* and "" */
	{ S_TAG("timestamp"), "0123456789",
	  "^([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]"
	  "|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?"
	  "([Tt]|[ \t]+)[0-9][0-9]?"
	  ":[0-9][0-9]:[0-9][0-9](\\.[0-9]*)?"
	  "([ \t]*(Z|[-+][0-9][0-9]?(:[0-9][0-9])?))?)$" },
	{ S_TAG("value"), "=", "^=$" },
	/* resolves, though unused */
	{ S_TAG("yaml"), "!&*", "^(!|&|\\*)$" },
};

#define S_NRESOLVERS (sizeof(s_resolvers) / sizeof(*s_resolvers))

/* Compiled once per cf_emit() call (a write), not per scalar. */
typedef struct s_resolver_set {
	regex_t re[S_NRESOLVERS];
	bool compiled;
} s_resolver_set;

static int s_resolvers_compile(s_resolver_set *rs)
{
	for (size_t i = 0; i < S_NRESOLVERS; i++)
		if (regcomp(&rs->re[i], s_resolvers[i].re,
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

/* The tag a plain scalar s resolves to, or NULL for a string. */
static const char *s_resolve(const s_resolver_set *rs, const char *s)
{
	if (!*s)
		return S_TAG("null");
	for (size_t i = 0; i < S_NRESOLVERS; i++)
		if (strchr(s_resolvers[i].first, *s) &&
		    regexec(&rs->re[i], s, 0, NULL, 0) == 0)
			return s_resolvers[i].tag;
	return NULL;
}

static bool s_resolves(const s_resolver_set *rs, const char *s)
{
	return s_resolve(rs, s) != NULL;
}

const char *cf_resolved_tag(const char *s)
{
	s_resolver_set rs = { .compiled = false };
	const char *tag;

	if (s_resolvers_compile(&rs) < 0)
		return NULL; /* cannot happen: the patterns are fixed */
	tag = s_resolve(&rs, s);
	s_resolvers_free(&rs);
	return tag;
}

/* ---- the checks: never write what the Python client cannot load ---- */

static int s_refuse(char **err, const char *key, const char *why)
{
	if (err && asprintf(err, "refusing to write a token of %s that %s "
	                    "(the DagsHub Python client could not load the "
	                    "file)", key, why) < 0)
		*err = NULL;
	return -1;
}

/* Expiries are written from microseconds by cf_format_expiry(): always
 * UTC with Z, and quoted because they resolve as timestamps; `version`
 * is always the string '1'.  What remains to check is the tokens. */
static int s_check(const cf_file *f, char **err)
{
	for (size_t i = 0; i < f->nhost; i++) {
		const cf_host *h = &f->host[i];

		if (!cf_valid_utf8(h->key))
			return s_refuse(err, "a host", "has a key that is not "
			                "UTF-8");
		if (!strcmp(h->key, "version"))
			return s_refuse(err, "version", "is named `version`");
		for (size_t j = 0; j < h->ntok; j++) {
			const cf_token *t = &h->tok[j];

			if (t->bad)
				return s_refuse(err, h->key, t->bad);
			if (!t->value || !*t->value)
				return s_refuse(err, h->key, "has no value");
			if (!t->type || (strcmp(t->type, "app-token") &&
			                 strcmp(t->type, "bearer")))
				return s_refuse(err, h->key, "is neither an "
				                "app-token nor a bearer token");
			if (!strcmp(t->type, "bearer") && !t->expires_us)
				return s_refuse(err, h->key, "is a bearer "
				                "token without an expiry");
			if (!cf_valid_utf8(t->value))
				return s_refuse(err, h->key, "is not UTF-8");
			for (size_t k = 0; k < t->nextra; k++)
				if (!cf_valid_utf8(t->extra[k].key) ||
				    !cf_valid_utf8(t->extra[k].value) ||
				    (t->extra[k].tag &&
				     !cf_valid_utf8(t->extra[k].tag)))
					return s_refuse(err, h->key, "has an "
					                "extra key that is not "
					                "UTF-8");
		}
	}
	return 0;
}

/* ---- output ---- */

typedef struct s_out {
	char *buf;
	size_t len, cap;
} s_out;

static int s_write(void *data, unsigned char *bytes, size_t size)
{
	s_out *o = data;

	if (o->len + size + 1 > o->cap) {
		size_t cap = o->cap ? o->cap : 4096;
		char *nb;

		while (o->len + size + 1 > cap)
			cap *= 2;
		nb = malloc(cap);
		if (!nb)
			return 0;
		/* not realloc: the old bytes hold tokens and are wiped */
		memcpy(nb, o->buf, o->len);
		if (o->buf) {
			dh_wipe(o->buf, o->cap);
			free(o->buf);
		}
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, bytes, size);
	o->len += size;
	o->buf[o->len] = '\0';
	return 1;
}

/* ---- events ---- */

typedef struct s_emit {
	yaml_emitter_t em;
	const s_resolver_set *rs;
} s_emit;

static int s_event(s_emit *e, yaml_event_t *ev, int initialized)
{
	if (!initialized)
		return -1; /* out of memory, or not UTF-8 */
	return yaml_emitter_emit(&e->em, ev) ? 0 : -1;
}

/* One scalar.  `raw` text reads as a non-string (an extra such as
 * `n: 12`): written plain again, so its type survives.  A `tag` (an
 * extra such as `f: !!float 1`) is written, and says the type itself.
 * Everything else is a string to PyYAML. */
static int s_scalar(s_emit *e, const char *s, bool raw, const char *tag)
{
	yaml_event_t ev;
	yaml_scalar_style_t style = !raw && !tag && s_resolves(e->rs, s)
	                            ? YAML_SINGLE_QUOTED_SCALAR_STYLE
	                            : YAML_PLAIN_SCALAR_STYLE;
	int implicit = !tag; /* with a tag, the emitter must write it */

	return s_event(e, &ev, yaml_scalar_event_initialize(&ev, NULL,
	               (yaml_char_t *)tag, (yaml_char_t *)s, (int)strlen(s),
	               implicit, implicit, style));
}

static int s_mapping(s_emit *e, bool start)
{
	yaml_event_t ev;

	if (!start)
		return s_event(e, &ev, yaml_mapping_end_event_initialize(&ev));
	return s_event(e, &ev, yaml_mapping_start_event_initialize(&ev, NULL,
	               NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

typedef struct s_field {
	const char *key;
	const char *value;
	bool raw;
	const char *tag;
} s_field;

static int s_field_cmp(const void *a, const void *b)
{
	return strcmp(((const s_field *)a)->key, ((const s_field *)b)->key);
}

/* One token: its fields sorted, as PyYAML sorts a dict's keys. */
static int s_token(s_emit *e, const cf_token *t)
{
	char expiry[40];
	s_field fixed[8], *f = fixed;
	size_t nf = 0;
	int rc = -1;

	if (t->nextra + 3 > sizeof(fixed) / sizeof(*fixed)) {
		f = calloc(t->nextra + 3, sizeof(*f));
		if (!f)
			return -1;
	}
	if (t->expires_us)
		cf_format_expiry(expiry, sizeof(expiry), t->expires_us);
	else
		strcpy(expiry, "never");
	f[nf++] = (s_field){ "access_token", t->value, false, NULL };
	f[nf++] = (s_field){ "expiry", expiry, false, NULL };
	f[nf++] = (s_field){ "token_type", t->type, false, NULL };
	for (size_t i = 0; i < t->nextra; i++)
		f[nf++] = (s_field){ t->extra[i].key, t->extra[i].value,
		                     t->extra[i].raw, t->extra[i].tag };
	qsort(f, nf, sizeof(*f), s_field_cmp);
	if (s_mapping(e, true) < 0)
		goto out;
	for (size_t i = 0; i < nf; i++)
		if (s_scalar(e, f[i].key, false, NULL) < 0 ||
		    s_scalar(e, f[i].value, f[i].raw, f[i].tag) < 0)
			goto out;
	rc = s_mapping(e, false);
out:
	if (f != fixed)
		free(f);
	return rc;
}

static int s_host(s_emit *e, const cf_host *h)
{
	yaml_event_t ev;

	if (s_scalar(e, h->key, false, NULL) < 0 ||
	    s_event(e, &ev, yaml_sequence_start_event_initialize(&ev, NULL,
	            NULL, 1, YAML_BLOCK_SEQUENCE_STYLE)) < 0)
		return -1;
	for (size_t j = 0; j < h->ntok; j++)
		if (s_token(e, &h->tok[j]) < 0)
			return -1;
	return s_event(e, &ev, yaml_sequence_end_event_initialize(&ev));
}

static int s_document(s_emit *e, const cf_file *f)
{
	yaml_event_t ev;
	bool version_done = false;

	if (s_event(e, &ev, yaml_stream_start_event_initialize(&ev,
	            YAML_UTF8_ENCODING)) < 0 ||
	    s_event(e, &ev, yaml_document_start_event_initialize(&ev, NULL,
	            NULL, NULL, 1)) < 0 ||
	    s_mapping(e, true) < 0)
		return -1;
	for (size_t i = 0; i <= f->nhost; i++) {
		/* `version` where it sorts among the host keys */
		if (!version_done &&
		    (i == f->nhost || strcmp(f->host[i].key, "version") > 0)) {
			version_done = true;
			if (s_scalar(e, "version", false, NULL) < 0 ||
			    s_scalar(e, CF_VERSION, false, NULL) < 0)
				return -1;
		}
		if (i < f->nhost && s_host(e, &f->host[i]) < 0)
			return -1;
	}
	if (s_mapping(e, false) < 0 ||
	    s_event(e, &ev, yaml_document_end_event_initialize(&ev, 1)) < 0 ||
	    s_event(e, &ev, yaml_stream_end_event_initialize(&ev)) < 0)
		return -1;
	return yaml_emitter_flush(&e->em) ? 0 : -1;
}

/* About the size of the output (a little more for ordinary tokens). */
static size_t s_size_hint(const cf_file *f)
{
	size_t n = 64;

	for (size_t i = 0; i < f->nhost; i++) {
		n += strlen(f->host[i].key) + 8;
		for (size_t j = 0; j < f->host[i].ntok; j++) {
			const cf_token *t = &f->host[i].tok[j];

			/* the three keys, indents and quoted expiry */
			n += strlen(t->value) + strlen(t->type) + 80;
			for (size_t k = 0; k < t->nextra; k++)
				n += strlen(t->extra[k].key) +
				     strlen(t->extra[k].value) + 8;
		}
	}
	return n;
}

int cf_emit(const cf_file *f, char **out, size_t *len, char **err)
{
	size_t size_hint;
	s_resolver_set rs = { .compiled = false };
	s_emit e = { .rs = &rs };
	s_out o = { NULL, 0, 0 };
	const char *why;
	int rc = -1;

	*out = NULL;
	*len = 0;
	if (err)
		*err = NULL;
	if (s_check(f, err) < 0)
		return -1;
	if (cf_yaml_load(&why) != 0) {
		if (err && asprintf(err, "cannot write: %s", why) < 0)
			*err = NULL;
		return -1;
	}
	size_hint = s_size_hint(f);
	if (s_resolvers_compile(&rs) < 0) {
		if (err)
			*err = strdup("cannot compile the YAML resolvers");
		return -1;
	}
	if (!yaml_emitter_initialize(&e.em)) {
		s_resolvers_free(&rs);
		goto nomem;
	}
	/* One buffer of about the right size: no doubling (and copy) of a
	 * big file while it grows. */
	o.buf = malloc(size_hint + 1);
	o.cap = o.buf ? size_hint + 1 : 0;
	yaml_emitter_set_output(&e.em, s_write, &o);
	yaml_emitter_set_unicode(&e.em, 0);
	yaml_emitter_set_width(&e.em, 80);
	yaml_emitter_set_indent(&e.em, 2);
	yaml_emitter_set_break(&e.em, YAML_LN_BREAK);
	if (s_document(&e, f) == 0) {
		*out = o.buf;
		*len = o.len;
		o.buf = NULL;
		rc = 0;
	} else if (err) {
		*err = strdup(e.em.error == YAML_MEMORY_ERROR ||
		              e.em.error == YAML_WRITER_ERROR
		              ? "out of memory"
		              : e.em.problem ? e.em.problem
		                             : "the YAML emitter failed");
	}
	if (e.em.buffer.start)
		dh_wipe(e.em.buffer.start,
		               (size_t)(e.em.buffer.end - e.em.buffer.start));
	yaml_emitter_delete(&e.em);
	s_resolvers_free(&rs);
	if (o.buf) {
		dh_wipe(o.buf, o.cap);
		free(o.buf);
	}
	return rc;
nomem:
	if (err)
		*err = strdup("out of memory");
	return -1;
}
