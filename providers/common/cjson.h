/*
 * providers/common/cjson.h - cJSON for a provider that needs it only for
 * some inputs (the exec provider's JSON output, the file provider's json
 * format): loaded on first use, not linked (lazylib.h says why).
 *
 * Include <cjson/cJSON.h> as usual and call dh_cjson_load() before the
 * first cJSON call: 0 when the functions cjson.c lists can be called,
 * else -1 and *why (static text) says why not.  A module that uses this
 * compiles cjson.c and lazylib.c and does not link libcjson.
 */
#ifndef DAGSHUB_CJSON_H
#define DAGSHUB_CJSON_H

#include <stddef.h>

int dh_cjson_load(const char **why);

/*
 * Why a JSON text of len bytes must not be read for a token, or NULL:
 * it holds a NUL byte or a \u0000 escape.  cJSON keeps the first inside
 * a string and decodes the second into one, so the string's value ends
 * there and strdup() (or any C string use) would hand out its prefix as
 * the whole token.  The text is scanned before it is parsed, so any
 * member is refused, not only the token's.  The answer is static text
 * naming what was found (e.g. "a NUL byte"), to follow "holds".
 * Needs no cJSON: call it before dh_cjson_load() or without it.
 */
const char *dh_json_nul(const char *text, size_t len);

#endif /* DAGSHUB_CJSON_H */
