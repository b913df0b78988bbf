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

int dh_cjson_load(const char **why);

#endif /* DAGSHUB_CJSON_H */
