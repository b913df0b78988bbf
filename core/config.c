/*
 * core/config.c - which config file, and what it says.
 *
 * The file is read with libconfig and checked completely before anything
 * is used: every setting must be known and of the right type, every
 * error names file, line and setting, and on any error nothing is kept
 * (the handle reports the error; no half-loaded chain is ever walked).
 * Modules are not opened here: that is the walk's job, on first use.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "builtin-conf.h" /* DH_BUILTIN_CONF, made from etc/dagshub/auth.conf */

/*
 * A setting's name in messages, "hosts[0].providers[1].module", as a chain
 * of links up to a top-level setting.  Spelled out only by s_err(): the
 * parse of a good file (every start) formats no name.
 */
typedef struct s_where {
	const struct s_where *up; /* NULL for a top-level setting */
	const char *key;          /* "module"; NULL for an element of up */
	unsigned index;           /* the element's place in up, when no key */
} s_where;

#define S_TOP(k) ((s_where){ .key = (k) })
#define S_KEY(w, k) ((s_where){ .up = (w), .key = (k) })
#define S_ELEM(w, i) ((s_where){ .up = (w), .index = (i) })

/* w's name; malloc()ed. */
static char *s_where_text(const s_where *w)
{
	char *up, *s;

	if (!w->up)
		return dh_strdup(w->key);
	if (!(up = s_where_text(w->up)))
		return NULL;
	s = w->key ? dh_asprintf("%s.%s", up, w->key)
	           : dh_asprintf("%s[%u]", up, w->index);
	free(up);
	return s;
}

/* Where a setting is, for messages: "file:line: name". */
static int s_err(struct dagshub_auth *a, const config_setting_t *s,
                 const s_where *w, const char *fmt, ...) DAGSHUB_PRINTF(4, 5);

static int s_err(struct dagshub_auth *a, const config_setting_t *s,
                 const s_where *w, const char *fmt, ...)
{
	va_list ap;
	char *msg, *name;
	const char *file = config_setting_source_file(s);

	va_start(ap, fmt);
	msg = dh_vasprintf(fmt, ap);
	va_end(ap);
	name = s_where_text(w);
	dh_set_error(a, DAGSHUB_ECONFIG, "%s:%u: %s: %s",
	             file ? file : a->config_path,
	             config_setting_source_line(s),
	             name ? name : "(out of memory)",
	             msg ? msg : "out of memory");
	free(msg);
	free(name);
	return DAGSHUB_ECONFIG;
}

static const char *s_type_name(int type)
{
	switch (type) {
	case CONFIG_TYPE_GROUP: return "a group { ... }";
	case CONFIG_TYPE_INT:
	case CONFIG_TYPE_INT64: return "an integer";
	case CONFIG_TYPE_FLOAT: return "a number";
	case CONFIG_TYPE_STRING: return "a string";
	case CONFIG_TYPE_BOOL: return "true or false";
	case CONFIG_TYPE_ARRAY: return "an array [ ... ]";
	case CONFIG_TYPE_LIST: return "a list ( ... )";
	}
	return "an unknown type";
}

static int s_expect(struct dagshub_auth *a, const config_setting_t *s,
                    const s_where *name, int want)
{
	int t = config_setting_type(s);

	if (t == want || (want == CONFIG_TYPE_INT && t == CONFIG_TYPE_INT64))
		return 0;
	return s_err(a, s, name, "expected %s, found %s", s_type_name(want),
	             s_type_name(t));
}

/* ---- controls ---- */

static const struct {
	const char *name;
	dh_action on[4]; /* token, notfound, unavailable, error */
} s_controls[] = {
	{ "sufficient", { DH_ACT_DONE, DH_ACT_CONTINUE, DH_ACT_CONTINUE, DH_ACT_CONTINUE } },
	{ "requisite",  { DH_ACT_DONE, DH_ACT_DIE, DH_ACT_DIE, DH_ACT_DIE } },
	{ "optional",   { DH_ACT_DONE, DH_ACT_CONTINUE, DH_ACT_IGNORE, DH_ACT_IGNORE } },
};

static const char *const s_result_keys[4] = {
	"token", "notfound", "unavailable", "error"
};

static const char *const s_action_names[4] = {
	"done", "die", "continue", "ignore"
};

int dh_control_parse_action(const char *s, dh_action *out)
{
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, s_action_names[i])) {
			*out = (dh_action)i;
			return 0;
		}
	return -1;
}

static int s_parse_control(struct dagshub_auth *a, config_setting_t *s,
                           const s_where *name, dh_control *c)
{
	size_t i;

	/* default: sufficient */
	memcpy(c->on, s_controls[0].on, sizeof(c->on));
	if (!s) {
		c->text = dh_strdup("sufficient");
		return c->text ? 0 : DAGSHUB_ENOMEM;
	}
	if (config_setting_type(s) == CONFIG_TYPE_STRING) {
		const char *v = config_setting_get_string(s);
		for (i = 0; i < sizeof(s_controls) / sizeof(s_controls[0]); i++)
			if (!strcmp(v, s_controls[i].name)) {
				memcpy(c->on, s_controls[i].on, sizeof(c->on));
				c->text = dh_strdup(v);
				return c->text ? 0 : DAGSHUB_ENOMEM;
			}
		return s_err(a, s, name, "unknown control \"%s\" (use sufficient, "
		             "requisite, optional, or the long form "
		             "{ token = \"done\"; notfound = \"continue\"; ... })", v);
	}
	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return s_err(a, s, name, "expected a string or a group, found %s",
		             s_type_name(config_setting_type(s)));

	/* long form, PAM's [success=done default=ignore] */
	for (i = 0; i < (size_t)config_setting_length(s); i++) {
		config_setting_t *kv = config_setting_get_elem(s, (unsigned)i);
		const char *k = config_setting_name(kv);
		int r = -1;
		dh_action act;

		for (int j = 0; j < 4; j++)
			if (!strcmp(k, s_result_keys[j]))
				r = j;
		if (r < 0)
			return s_err(a, kv, name, "unknown result \"%s\" (use token, "
			             "notfound, unavailable, error)", k);
		if (config_setting_type(kv) != CONFIG_TYPE_STRING)
			return s_err(a, kv, name, "%s: expected a string action", k);
		if (dh_control_parse_action(config_setting_get_string(kv), &act))
			return s_err(a, kv, name, "%s: unknown action \"%s\" (use done, "
			             "die, continue, ignore)", k,
			             config_setting_get_string(kv));
		c->on[r] = act;
	}
	c->text = dh_asprintf("[token=%s notfound=%s unavailable=%s error=%s]",
	                      s_action_names[c->on[0]], s_action_names[c->on[1]],
	                      s_action_names[c->on[2]], s_action_names[c->on[3]]);
	return c->text ? 0 : DAGSHUB_ENOMEM;
}

const char *dh_control_name(const dh_control *c)
{
	return c->text ? c->text : "sufficient";
}

/* ---- one entry of a `providers` list ---- */

static int s_check_module_name(struct dagshub_auth *a, config_setting_t *s,
                               const s_where *name, const char *m)
{
	char *why = NULL;
	int rc;

	/* the rule is the loader's (files.c) */
	if (dh_check_module_name(m, &why) == 0)
		return 0;
	rc = why ? s_err(a, s, name, "%s", why) : DAGSHUB_ENOMEM;
	free(why);
	return rc;
}

static int s_parse_entry(struct dagshub_auth *a, config_setting_t *g,
                         const s_where *where, dh_entry *e)
{
	int rc;

	if (config_setting_type(g) != CONFIG_TYPE_GROUP)
		return s_err(a, g, where, "expected a group { module = \"...\"; }, "
		             "found %s", s_type_name(config_setting_type(g)));
	e->line = (int)config_setting_source_line(g);
	e->file = config_setting_source_file(g);
	e->validate = -1;

	for (unsigned i = 0; i < (unsigned)config_setting_length(g); i++) {
		config_setting_t *kv = config_setting_get_elem(g, i);
		const char *k = config_setting_name(kv);
		const s_where at = S_KEY(where, k), *name = &at;

		if (!strcmp(k, "module")) {
			if ((rc = s_expect(a, kv, name, CONFIG_TYPE_STRING)))
				return rc;
			if ((rc = s_check_module_name(a, kv, name,
			                              config_setting_get_string(kv))))
				return rc;
			if (!(e->module = dh_strdup(config_setting_get_string(kv))))
				return DAGSHUB_ENOMEM;
		} else if (!strcmp(k, "control")) {
			if ((rc = s_parse_control(a, kv, name, &e->control)))
				return rc;
		} else if (!strcmp(k, "args")) {
			if ((rc = s_expect(a, kv, name, CONFIG_TYPE_GROUP)))
				return rc;
			e->args = kv;
		} else if (!strcmp(k, "store")) {
			if ((rc = s_expect(a, kv, name, CONFIG_TYPE_BOOL)))
				return rc;
			e->store = config_setting_get_bool(kv);
		} else if (!strcmp(k, "validate")) {
			if ((rc = s_expect(a, kv, name, CONFIG_TYPE_BOOL)))
				return rc;
			e->validate = config_setting_get_bool(kv);
		} else {
			return s_err(a, kv, name, "unknown setting (an entry takes "
			             "module, control, args, store, validate)");
		}
	}
	if (!e->module)
		return s_err(a, g, where, "missing the required setting module");
	if (!e->control.text && (rc = s_parse_control(a, NULL, where, &e->control)))
		return rc;
	return 0;
}

static int s_parse_chain(struct dagshub_auth *a, config_setting_t *list,
                         const s_where *where, dh_chain *c)
{
	int rc;
	unsigned n;

	if (config_setting_type(list) != CONFIG_TYPE_LIST &&
	    !(config_setting_type(list) == CONFIG_TYPE_ARRAY &&
	      config_setting_length(list) == 0))
		return s_err(a, list, where, "expected a list ( { ... }, ... ), "
		             "found %s", s_type_name(config_setting_type(list)));
	n = (unsigned)config_setting_length(list);
	c->entries = calloc(n ? n : 1, sizeof(*c->entries));
	if (!c->entries)
		return DAGSHUB_ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		const s_where name = S_ELEM(where, i);

		c->n = i + 1;
		rc = s_parse_entry(a, config_setting_get_elem(list, i), &name,
		                   &c->entries[i]);
		if (rc)
			return rc;
	}
	return 0;
}

static int s_parse_hosts(struct dagshub_auth *a, config_setting_t *list)
{
	const s_where hosts = S_TOP("hosts");
	unsigned n;
	int rc;

	if (config_setting_type(list) != CONFIG_TYPE_LIST &&
	    !(config_setting_type(list) == CONFIG_TYPE_ARRAY &&
	      config_setting_length(list) == 0))
		return s_err(a, list, &hosts, "expected a list ( { url = ...; "
		             "providers = (...); }, ... ), found %s",
		             s_type_name(config_setting_type(list)));
	n = (unsigned)config_setting_length(list);
	a->hosts = calloc(n ? n : 1, sizeof(*a->hosts));
	if (!a->hosts)
		return DAGSHUB_ENOMEM;
	for (unsigned i = 0; i < n; i++) {
		config_setting_t *g = config_setting_get_elem(list, i);
		config_setting_t *url = NULL, *prov = NULL;
		const s_where name = S_ELEM(&hosts, i);
		const s_where url_name = S_KEY(&name, "url");
		const s_where prov_name = S_KEY(&name, "providers");
		dh_chain *c = &a->hosts[i];
		char *why = NULL;

		a->nhosts = i + 1;
		if ((rc = s_expect(a, g, &name, CONFIG_TYPE_GROUP)))
			return rc;
		for (unsigned j = 0; j < (unsigned)config_setting_length(g); j++) {
			config_setting_t *kv = config_setting_get_elem(g, j);
			const char *k = config_setting_name(kv);
			const s_where sub = S_KEY(&name, k);

			if (!strcmp(k, "url"))
				url = kv;
			else if (!strcmp(k, "providers"))
				prov = kv;
			else
				return s_err(a, kv, &sub, "unknown setting (a hosts "
				             "entry takes url and providers)");
		}
		if (!url)
			return s_err(a, g, &name, "missing the required setting url");
		if (!prov)
			return s_err(a, g, &name, "missing the required setting providers");
		if ((rc = s_expect(a, url, &url_name, CONFIG_TYPE_STRING)))
			return rc;
		rc = dh_normalize_host(&c->url, config_setting_get_string(url), &why);
		if (rc) {
			s_err(a, url, &url_name, "%s", why ? why : "out of memory");
			free(why);
			return rc == DAGSHUB_ENOMEM ? rc : DAGSHUB_ECONFIG;
		}
		for (unsigned k = 0; k < i; k++)
			if (!strcmp(a->hosts[k].url, c->url))
				return s_err(a, url, &url_name, "%s is listed twice in "
				             "hosts (normalised)", c->url);
		if ((rc = s_parse_chain(a, prov, &prov_name, c)))
			return rc;
	}
	return 0;
}

/* ---- the top level ---- */

/* The longest validate_ttl: ten years (so that times in microseconds stay
 * far from overflowing). */
#define S_MAX_VALIDATE_TTL 315360000

static int s_parse_root(struct dagshub_auth *a, bool is_system,
                        bool *allow_user)
{
	config_setting_t *root = config_root_setting(&a->cfg);
	config_setting_t *providers = NULL, *hosts = NULL;
	const s_where providers_name = S_TOP("providers");
	int rc;

	for (unsigned i = 0; i < (unsigned)config_setting_length(root); i++) {
		config_setting_t *s = config_setting_get_elem(root, i);
		const char *k = config_setting_name(s);
		const s_where at = S_TOP(k), *name = &at;

		if (!strcmp(k, "version")) {
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_INT)))
				return rc;
			if (config_setting_get_int64(s) != 1)
				return s_err(a, s, name, "version %lld is not supported: "
				             "dagshub-auth %s reads version 1",
				             (long long)config_setting_get_int64(s),
				             PACKAGE_VERSION);
		} else if (!strcmp(k, "host")) {
			char *why = NULL;

			if ((rc = s_expect(a, s, name, CONFIG_TYPE_STRING)))
				return rc;
			free(a->default_host);
			rc = dh_normalize_host(&a->default_host,
			                       config_setting_get_string(s), &why);
			if (rc) {
				s_err(a, s, name, "%s", why ? why : "out of memory");
				free(why);
				return rc == DAGSHUB_ENOMEM ? rc : DAGSHUB_ECONFIG;
			}
		} else if (!strcmp(k, "provider_dir")) {
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_STRING)))
				return rc;
			if (config_setting_get_string(s)[0] != '/')
				return s_err(a, s, name, "must be an absolute path");
			free(a->provider_dir);
			if (!(a->provider_dir = dh_strdup(config_setting_get_string(s))))
				return DAGSHUB_ENOMEM;
		} else if (!strcmp(k, "validate_ttl")) {
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_INT)))
				return rc;
			if (config_setting_get_int64(s) < 0 ||
			    config_setting_get_int64(s) > S_MAX_VALIDATE_TTL)
				return s_err(a, s, name, "%lld is out of range: 0 to %d "
				             "seconds (ten years)",
				             (long long)config_setting_get_int64(s),
				             S_MAX_VALIDATE_TTL);
			a->validate_ttl = config_setting_get_int64(s);
		} else if (!strcmp(k, "validate_retry")) {
			/* seconds a check that could not reach the server is
			 * remembered (core/validate.c); 0 disables */
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_INT)))
				return rc;
			if (config_setting_get_int64(s) < 0)
				return s_err(a, s, name, "must be 0 or more seconds");
			a->validate_retry = config_setting_get_int64(s);
		} else if (!strcmp(k, "allow_user_config")) {
			/* Only the system file decides; elsewhere it is accepted
			 * (so a copy of the system file stays valid) but has no
			 * effect. */
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_BOOL)))
				return rc;
			if (is_system && allow_user)
				*allow_user = config_setting_get_bool(s);
		} else if (!strcmp(k, "allow_insecure_http")) {
			if ((rc = s_expect(a, s, name, CONFIG_TYPE_BOOL)))
				return rc;
			a->allow_insecure_http = config_setting_get_bool(s);
			if (a->allow_insecure_http &&
			    dh_add_note(a, "%s:%u: allow_insecure_http = true: tokens "
			                "may be sent over plain http to hosts that are "
			                "not loopback, where anyone on the network path "
			                "can read them", a->config_path,
			                config_setting_source_line(s)))
				return DAGSHUB_ENOMEM;
		} else if (!strcmp(k, "providers")) {
			providers = s;
		} else if (!strcmp(k, "hosts")) {
			hosts = s;
		} else {
			return s_err(a, s, name, "unknown setting (known: version, host, "
			             "provider_dir, validate_ttl, validate_retry, "
			             "allow_user_config, "
			             "allow_insecure_http, providers, hosts)");
		}
	}
	if (providers && (rc = s_parse_chain(a, providers, &providers_name,
	                                     &a->default_chain)))
		return rc;
	if (hosts && (rc = s_parse_hosts(a, hosts)))
		return rc;
	if (!providers) {
		/* No chain in the file: the built-in default chain, with the
		 * file's other settings.  Entries point into a config_t, so the
		 * built-in text stays loaded beside the file's. */
		config_setting_t *list;

		config_init(&a->builtin_cfg);
		a->builtin_loaded = true;
		if (!config_read_string(&a->builtin_cfg, DH_BUILTIN_CONF) ||
		    !(list = config_lookup(&a->builtin_cfg, "providers")))
			return dh_set_error(a, DAGSHUB_ERROR, "the built-in default "
			                    "configuration does not parse: %s",
			                    config_error_text(&a->builtin_cfg));
		if ((rc = s_parse_chain(a, list, &providers_name,
		                        &a->default_chain)))
			return rc;
	}
	return 0;
}

/* ---- which file ---- */

/* A config file larger than this is refused rather than read. */
#define S_MAX_CONFIG_SIZE (1024 * 1024)

/*
 * libconfig follows `@include "file"` directives.  An included file would
 * escape the ownership and mode checks made on the file we open, so they
 * are refused, naming the line: any line whose first word (after spaces
 * and tabs) is @include, wherever it is (also inside a string or a
 * comment: the rule is kept that simple).
 */
static bool s_is_include(const char *line)
{
	return !strncmp(line + dh_span(line, " \t"), "@include", 8);
}

static int s_include_error(struct dagshub_auth *a, const char *path,
                           int line)
{
	return dh_set_error(a, DAGSHUB_ECONFIG, "%s:%d: @include is not "
	                    "supported: an included file would escape the "
	                    "checks made on %s; put the settings in this file",
	                    path, line, path);
}

/* The first @include line after p (p's own line was checked), or 0;
 * line is p's line. */
static int s_include_after(const char *p, int line)
{
	while ((p = strchr(p, '\n'))) {
		line++;
		if (s_is_include(++p))
			return line;
	}
	return 0;
}

/* A letter, digit or one of "-_*": the rest of a libconfig name. */
static bool s_is_name_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '*';
}

/*
 * libconfig 1.5 reads an integer without an L suffix into 32 bits and
 * wraps it silently (validate_ttl = 4294967396 became 100 s, 3000000000 a
 * negative number, a huge version -1).  Before parsing, every integer
 * literal that does not fit in 32 bits gets the L suffix, so libconfig
 * reads it as the 64-bit integer it is and the range checks see the real
 * value; a literal past 64 bits is refused here, with its text, the line
 * and the setting it belongs to.  Strings are copied as they are, and
 * digits inside names are part of the name.
 *
 * Comments are dropped here too (their newlines kept, so libconfig's line
 * numbers stay those of the file): libconfig's flex scanner reads comment
 * text a character at a time, and the default auth.conf is mostly
 * comments; this costs the hot path about 20 us per start (bench/run).
 *
 * The same pass refuses @include lines (s_is_include), checking each line
 * where it starts.  An @include is reported before any other error of the
 * file, wherever it is, as when it was a pass of its own.
 *
 * In place, to read and write one buffer: text lies in the same buffer
 * as out, S_SLACK(strlen(text)) bytes after it, and the result is written
 * from out.  Writing never overtakes reading: comments only shrink, and
 * an L is added only after a literal of at least 10 bytes (2147483648,
 * 0x100000000), so by the time n bytes are read at most n + n / 10 are
 * written.  Hence memmove(), and `name` points at the copy in out.
 */
#define S_SLACK(len) ((len) / 10 + 1)

static int s_widen_integers(struct dagshub_auth *a, const char *path,
                            char *out, const char *text)
{
	char *w = out;
	const char *p = text, *name = NULL;
	size_t namelen = 0;
	int line = 1, inc;
	bool blanked = false;

	if (s_is_include(p))
		return s_include_error(a, path, line);
#define S_COPY(n) do { memmove(w, p, (n)); w += (n); p += (n); } while (0)
/* after a newline: the next line must not be an @include */
#define S_NEWLINE() do { line++; \
		if (s_is_include(p)) return s_include_error(a, path, line); \
	} while (0)
	while (*p) {
		if (*p == '\n') {
			S_COPY(1);
			S_NEWLINE();
		} else if (*p == '"') {
			S_COPY(1);
			while (*p && *p != '"') {
				bool nl;

				if (*p == '\\' && p[1])
					S_COPY(1);
				nl = *p == '\n';
				S_COPY(1);
				if (nl)
					S_NEWLINE();
			}
			if (*p)
				S_COPY(1);
		} else if (*p == '#' || (p[0] == '/' && p[1] == '/')) {
			p += dh_cspan(p, "\n"); /* the newline is copied next */
		} else if (p[0] == '/' && p[1] == '*') {
			const char *end = strstr(p + 2, "*/");

			/* libconfig would take the rest of the file for a
			 * comment and say nothing: the settings after it would
			 * be silently dropped */
			if (!end) {
				if ((inc = s_include_after(p, line)))
					return s_include_error(a, path, inc);
				return dh_set_error(a, DAGSHUB_ECONFIG, "%s:%d: a "
				                    "/* comment is never closed "
				                    "with */ (everything after it "
				                    "would be ignored)", path,
				                    line);
			}
			for (p += 2; p < end + 2;)
				if (*p++ == '\n') {
					*w++ = '\n';
					S_NEWLINE();
				}
			/* a space where it was, so that the tokens on each
			 * side stay apart */
			*w++ = ' ';
			blanked = true;
		} else if (dh_is_alpha(*p) || *p == '*') {
			size_t n = 1;

			while (s_is_name_char(p[n]))
				n++;
			name = w;
			namelen = n;
			S_COPY(n);
		} else if (dh_is_digit(*p) ||
		           ((*p == '-' || *p == '+') &&
		            dh_is_digit(p[1]))) {
			const char *q = p + (*p == '-' || *p == '+');
			bool hex = q[0] == '0' && (q[1] == 'x' || q[1] == 'X');
			bool neg = *p == '-', big = false, wide;
			size_t n;
			unsigned long long v = 0, lim;

			if (hex) {
				q += 2;
				n = dh_span(q, "0123456789abcdefABCDEF");
			} else {
				n = dh_span(q, "0123456789");
			}
			if (!hex && (q[n] == '.' || q[n] == 'e' || q[n] == 'E')) {
				/* a float: copy it as it is */
				n = (size_t)(q - p) + n;
				n += dh_span(p + n, "0123456789.eE+-");
				S_COPY(n);
				continue;
			}
			for (size_t i = 0; i < n; i++) {
				unsigned d = dh_is_digit(q[i])
				                 ? (unsigned)(q[i] - '0')
				                 : (unsigned)(dh_to_lower(q[i]) -
				                              'a' + 10);
				if (v > (ULLONG_MAX - d) / (hex ? 16 : 10))
					big = true;
				else
					v = v * (hex ? 16 : 10) + d;
			}
			lim = hex ? ULLONG_MAX
			          : neg ? (unsigned long long)LLONG_MAX + 1
			                : (unsigned long long)LLONG_MAX;
			if (big || v > lim) {
				int k = (int)((size_t)(q - p) + n);

				if ((inc = s_include_after(p, line)))
					return s_include_error(a, path, inc);
				return dh_set_error(a, DAGSHUB_ECONFIG, "%s:%d: %.*s%s%.*s "
				                    "does not fit in 64 bits", path,
				                    line, (int)namelen, name ? name : "",
				                    name ? " = " : "", k, p);
			}
			/* libconfig reads a hex literal without L into a
			 * signed int too: 0x80000000 would be negative */
			wide = hex ? v > (unsigned long long)INT32_MAX
			           : neg ? v > (unsigned long long)INT32_MAX + 1
			                 : v > (unsigned long long)INT32_MAX;
			n += (size_t)(q - p);
			S_COPY(n);
			if (wide && *p != 'L')
				*w++ = 'L';
		} else {
			S_COPY(1);
		}
	}
#undef S_NEWLINE
#undef S_COPY
	*w = '\0';
	/* libconfig matches an @include at a line start after blanks in the
	 * text it is given, where a block comment in front of one (on its
	 * line, or ending there) is a blank by now, so the raw check above
	 * did not see it: check each line again as libconfig will read it.
	 * Only when a block comment was blanked: the common path does not
	 * pay for it. */
	if (blanked &&
	    (inc = s_is_include(out) ? 1 : s_include_after(out, 1)))
		return s_include_error(a, path, inc);
	return 0;
}

static int s_read_file(struct dagshub_auth *a, config_t *cfg, const char *path)
{
	struct stat st;
	char *why = NULL, *buf = NULL, *text;
	ssize_t n;
	size_t got = 0, size, slack;
	int fd, rc = 0;

	/* Check the file we actually read (on the open descriptor, and every
	 * folder above it: files.h), not a name that could be swapped between
	 * the check and the read.  Never blocks: a FIFO is refused. */
	if (dh_open_trusted(&fd, path, O_NONBLOCK, DH_TRUST_STRICT,
	                    "config file", &a->trust_memo, &st, &why) != 0) {
		rc = why ? dh_set_error(a, DAGSHUB_ECONFIG, "%s", why)
		         : DAGSHUB_ENOMEM;
		free(why);
		return rc;
	}
	if (st.st_size > S_MAX_CONFIG_SIZE) {
		rc = dh_set_error(a, DAGSHUB_ECONFIG, "config file %s is refused: "
		                  "%lld bytes, more than %d", path,
		                  (long long)st.st_size, S_MAX_CONFIG_SIZE);
		goto out;
	}
	/* the text is read behind room for s_widen_integers' additions, which
	 * writes the text libconfig parses from buf */
	size = (size_t)st.st_size;
	slack = S_SLACK(size);
	if (!(buf = malloc(slack + size + 1))) {
		rc = DAGSHUB_ENOMEM;
		goto out;
	}
	text = buf + slack;
	while (got < size && (n = read(fd, text + got, size - got)) > 0)
		got += (size_t)n;
	text[got] = '\0';
	if (memchr(text, '\0', got)) {
		rc = dh_set_error(a, DAGSHUB_ECONFIG, "config file %s contains a "
		                  "NUL byte: not a text file", path);
		goto out;
	}
	if ((rc = s_widen_integers(a, path, buf, text)))
		goto out;
	dh_argcheck_digest(a, buf);
	if (!config_read_string(cfg, buf))
		rc = dh_set_error(a, DAGSHUB_ECONFIG, "%s:%d: syntax error: %s",
		                  path, config_error_line(cfg),
		                  config_error_text(cfg));
out:
	free(why);
	free(buf);
	close(fd);
	return rc;
}

static char *s_user_config_path(void)
{
	const char *x = dh_getenv("XDG_CONFIG_HOME"), *home;

	if (x && *x)
		return dh_asprintf("%s/dagshub/auth.conf", x);
	home = dh_getenv("HOME");
	if (home && *home)
		return dh_asprintf("%s/.config/dagshub/auth.conf", home);
	return NULL;
}

/* Reads `allow_user_config` of the system file (default true). */
static int s_system_allows_user(struct dagshub_auth *a, const char *sys,
                                bool *allow)
{
	config_t cfg;
	int v, rc;

	*allow = true;
	config_init(&cfg);
	rc = s_read_file(a, &cfg, sys);
	if (rc == 0 && config_lookup_bool(&cfg, "allow_user_config", &v) ==
	                   CONFIG_TRUE)
		*allow = v;
	config_destroy(&cfg);
	return rc;
}

static int s_load(struct dagshub_auth *a, const char *path, bool is_system)
{
	int rc;

	if (!(a->config_path = dh_strdup(path ? path : DH_BUILTIN_CONFIG_NAME)))
		return DAGSHUB_ENOMEM;
	config_init(&a->cfg);
	a->cfg_loaded = true;
	if (!path) /* no file: the settings of the built-in text */
		return config_read_string(&a->cfg, DH_BUILTIN_CONF)
		           ? s_parse_root(a, false, NULL)
		           : dh_set_error(a, DAGSHUB_ERROR, "the built-in default "
		                          "configuration does not parse: %s",
		                          config_error_text(&a->cfg));
	if ((rc = s_read_file(a, &a->cfg, path)))
		return rc;
	if ((rc = s_parse_root(a, is_system, NULL)))
		return rc;
	/* Every entry's args, now (argcheck.c: remembered, so the common
	 * path opens no module). */
	return dh_argcheck(a);
}

int dh_config_load(struct dagshub_auth *a, const char *explicit_path)
{
	const char *env = dh_getenv("DAGSHUB_AUTH_CONFIG");
	const char *sys = SYSCONFDIR "/dagshub/auth.conf";
	char *user = NULL;
	bool sys_exists, allow = true;
	int rc;

	/* An empty path is an unset shell variable (-c "$CONF"), not "look
	 * it up": another configuration would run in its place. */
	if (explicit_path && !*explicit_path)
		return dh_set_error(a, DAGSHUB_EINVAL, "the configuration path "
		                    "is empty (an unset variable?); give a file, "
		                    "or none for the usual lookup");
	if (explicit_path)
		return s_load(a, explicit_path, false);
	if (env && *env)
		return s_load(a, env, false);

	sys_exists = access(sys, F_OK) == 0;
	user = s_user_config_path();
	if (user && access(user, F_OK) == 0) {
		if (sys_exists && (rc = s_system_allows_user(a, sys, &allow))) {
			free(user);
			return rc;
		}
		if (allow) {
			rc = s_load(a, user, false);
			free(user);
			return rc;
		}
		if (dh_add_note(a, "%s is ignored: %s sets allow_user_config = "
		                "false", user, sys)) {
			free(user);
			return DAGSHUB_ENOMEM;
		}
	}
	free(user);
	if (sys_exists)
		return s_load(a, sys, true);
	return s_load(a, NULL, false);
}

static void s_chain_free(dh_chain *c)
{
	for (size_t i = 0; i < c->n; i++) {
		dh_entry_close(&c->entries[i]);
		free(c->entries[i].module);
		free(c->entries[i].control.text);
	}
	free(c->entries);
	free(c->url);
	memset(c, 0, sizeof(*c));
}

void dh_config_free(struct dagshub_auth *a)
{
	s_chain_free(&a->default_chain);
	for (size_t i = 0; i < a->nhosts; i++)
		s_chain_free(&a->hosts[i]);
	free(a->hosts);
	a->hosts = NULL;
	a->nhosts = 0;
	if (a->cfg_loaded)
		config_destroy(&a->cfg);
	if (a->builtin_loaded)
		config_destroy(&a->builtin_cfg);
	a->cfg_loaded = a->builtin_loaded = false;
}

const dh_chain *dh_config_chain_for(const struct dagshub_auth *a,
                                    const char *host)
{
	for (size_t i = 0; i < a->nhosts; i++)
		if (!strcmp(a->hosts[i].url, host))
			return &a->hosts[i];
	return &a->default_chain;
}
