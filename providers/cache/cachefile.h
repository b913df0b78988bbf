/*
 * providers/cache/cachefile.h - the DagsHub Python client's token cache
 * file (schema "1", see cache-format.md) as an in-memory model: parsing
 * (cachefile.c, libyaml's event API), editing (cachemodel.c), the
 * writer (cacheemit.c, libyaml's emitter) and the locked atomic rewrite
 * (cachelock.c).
 *
 * Nothing here knows the provider ABI: host normalisation comes in as a
 * callback, errors go out as malloc()ed strings, so the unit tests link
 * these files without a core.
 *
 * Ownership: every string in the model is malloc()ed and owned by the
 * model; cf_file_free() wipes token values before freeing them.
 */
#ifndef DAGSHUB_CACHEFILE_H
#define DAGSHUB_CACHEFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The only schema this code reads and writes. */
#define CF_VERSION "1"

/* A key inside a token other than the three the client knows.  Kept so a
 * rewrite does not lose it. */
typedef struct cf_extra {
	char *key;
	char *value;
	/* The value reads as a number, boolean, null or timestamp (a plain
	 * scalar the YAML resolver turns into one, or one tagged so that
	 * the plain text reads the same): written back as-is, unquoted, so
	 * its type survives.  Otherwise it is a string (untagged or !!str)
	 * and quoted like PyYAML does, or it has a tag (below). */
	bool raw;
	/* The explicit tag (tag:yaml.org,2002:float, ...) of a value whose
	 * plain text would not read as that type: written back with it.
	 * NULL for the others. */
	char *tag;
} cf_extra;

typedef struct cf_token {
	char *value;          /* access_token */
	char *type;           /* token_type as written, NULL when missing */
	int64_t expires_us;   /* 0 = never */
	/* Why the Python client could not load this token (unknown type,
	 * bearer without a usable expiry, no access_token...), or NULL.  Such
	 * a token is never returned and the file is never rewritten while it
	 * holds one: a rewrite would either lose it or break the client. */
	char *bad;
	int line;             /* 1-based line in the file; 0 if added */
	cf_extra *extra;
	size_t nextra;
} cf_token;

typedef struct cf_host {
	/* The key as it will be written: the normalised host URL, or the key
	 * as read when it does not normalise (kept, never matched). */
	char *key;
	cf_token *tok;
	size_t ntok;
	size_t seq;   /* position of the key in the file (merging order) */
} cf_host;

typedef struct cf_file {
	/* Sorted by key (strcmp: the code point order PyYAML sorts by), one
	 * entry per normalised host; keys that normalise alike are merged in
	 * file order. */
	cf_host *host;
	size_t nhost;
	/* Extras that could not be kept (nested values): written back
	 * without them.  Counted so the provider can say so. */
	size_t dropped;
} cf_file;

/* Normalises a host URL; returns a malloc()ed string or NULL when the key
 * is not a URL. */
typedef char *(*cf_normalize_fn)(void *payload, const char *url);

/* Results of cf_parse(). */
enum {
	CF_OK = 0,
	CF_ESYNTAX = -1,   /* not YAML, or not the shape of a cache file */
	CF_EVERSION = -2,  /* another schema version */
	CF_ENOMEM = -3,
	CF_ENOLIB = -4,    /* libyaml cannot be loaded (cf_yaml_load) */
	CF_DECLINED = 1    /* cf_parse_host(): outside the strict layout */
};

/* Parses `len` bytes (need not be NUL-terminated) of the file `fname`.
 * On CF_OK *out holds the model (free with cf_file_free).  On failure
 * *err (when err is not NULL) is a malloc()ed message naming the file,
 * the line and the column, or the version found; *out is empty. */
int cf_parse(cf_file *out, const char *buf, size_t len, const char *fname,
             cf_normalize_fn norm, void *norm_payload, char **err);

/* cf_parse() of a stream given as libyaml events instead of text (the
 * fast reader's, cachefast.c): the same model and the same rules, and no
 * call into libyaml.  The events and their text stay the caller's.
 * Returns as cf_parse(), with no message. */
struct yaml_event_s;
int cf_parse_events(cf_file *out, const struct yaml_event_s *events,
                    size_t n, const char *fname, cf_normalize_fn norm,
                    void *norm_payload);

/* The fast reader for get() (cachefast.c).  Reads only what get() needs
 * for one normalised host: on CF_OK *out holds every key that normalises
 * to `host` exactly as cf_parse() would read it (maybe a few other keys,
 * which are also exact; never all of them), token lines numbered as in
 * the file.  Returns CF_DECLINED (with *line and a static *why, for
 * tests) when the file is not entirely in the layout PyYAML and cf_emit()
 * write, or when the parts read do not parse: the caller then runs
 * cf_parse(), which alone reports errors.  CF_ENOMEM when out of memory. */
int cf_parse_host(cf_file *out, const char *buf, size_t len,
                  const char *fname, const char *host, cf_normalize_fn norm,
                  void *norm_payload, int *line, const char **why);

void cf_file_free(cf_file *f);
/* Frees (wiping) the tokens of one host, leaving it empty. */
void cf_host_free_tokens(cf_host *h);
/* Frees (wiping) one token's strings. */
void cf_token_free(cf_token *t);

/* ---- the model (cachemodel.c) ---- */

/* The entry for an exact (normalised) key, or NULL. */
cf_host *cf_find_host(const cf_file *f, const char *key);

/* The token get() answers with: the first unexpired good token of the
 * host, every app-token before any bearer, file order within a type.
 * NULL when there is none. */
const cf_token *cf_pick(const cf_host *h, int64_t now_us);

/* Adds a token for `key` unless the same value is there.  Returns 1 when
 * added, 0 when already there, -1 when out of memory. */
int cf_add(cf_file *f, const char *key, const char *value, const char *type,
           int64_t expires_us);

/* Removes `value` from `key`, or every token of `key` when value is NULL
 * (the host then stays as `key: []`, as the Python client leaves it).
 * Returns the number removed. */
size_t cf_erase(cf_file *f, const char *key, const char *value);

/* Drops expired bearer tokens (and other tokens with an expiry in the
 * past).  Returns the number dropped. */
size_t cf_prune_expired(cf_file *f, int64_t now_us);

/* 0 when the model can be written without breaking the Python client's
 * loader or losing a token; else -1 and *err says which token and why. */
int cf_check_writable(const cf_file *f, const char *fname, char **err);

/* Expiry text <-> microseconds since the epoch (UTC).  cf_parse_expiry()
 * refuses an instant outside the years 1 to 9999 (Python's datetime). */
int cf_parse_expiry(const char *s, int64_t *out);
/* Writes '%Y-%m-%dT%H:%M:%S.%fZ' into buf (at least 32 bytes). */
void cf_format_expiry(char *buf, size_t size, int64_t us);

/* ---- libyaml, loaded on first use (cacheyaml.c) ---- */

/* Loads libyaml (once per process; thread-safe).  0 when its functions
 * can be called, else -1 and *why (static text) says why not.  cf_parse()
 * and cf_emit() call it first; the fast reader never needs it. */
int cf_yaml_load(const char **why);

/* ---- the writer (cacheemit.c) ---- */

/* Writes the model as PyYAML's yaml.dump() writes the Python client's
 * dictionary, with libyaml's emitter (the bytes of PyYAML's C dumper).
 * *out is malloc()ed (NUL-terminated, *len bytes).  Returns 0, or -1 with
 * *err set: a token the Python client could not load (bad, no value,
 * another type, a bearer without expiry, not UTF-8), out of memory. */
int cf_emit(const cf_file *f, char **out, size_t *len, char **err);

/* The tag a plain scalar with this text resolves to in PyYAML's implicit
 * resolvers ("tag:yaml.org,2002:int", ...: a number, boolean, null or
 * timestamp), or NULL when it reads as a string. */
const char *cf_resolved_tag(const char *s);

/* Checks that s is well-formed UTF-8 without NUL or surrogates. */
bool cf_valid_utf8(const char *s);

#endif /* DAGSHUB_CACHEFILE_H */
