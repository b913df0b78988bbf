/*
 * providers/common/cjson.c - the cJSON functions providers call, loaded
 * from libcjson on first use (cjson.h, lazylib.h).
 */
#include "config.h"

#include <string.h>

#include <cjson/cJSON.h>

#include "cjson.h"
#include "lazylib.h"

#ifndef CJSON_SONAME
#error "configure defines CJSON_SONAME, the soname of libcjson"
#endif

#define S_FUNCTIONS(F, V) \
	F(cJSON *, cJSON_Parse, (const char *value), (value)) \
	F(cJSON *, cJSON_ParseWithLength, (const char *value, size_t len), \
	  (value, len)) \
	F(cJSON *, cJSON_ParseWithLengthOpts, \
	  (const char *value, size_t len, const char **return_parse_end, \
	   cJSON_bool require_null_terminated), \
	  (value, len, return_parse_end, require_null_terminated)) \
	V(cJSON_Delete, (cJSON *item), (item)) \
	F(cJSON *, cJSON_GetObjectItemCaseSensitive, \
	  (const cJSON *const object, const char *const string), \
	  (object, string)) \
	F(cJSON_bool, cJSON_IsNull, (const cJSON *const item), (item)) \
	F(cJSON_bool, cJSON_IsNumber, (const cJSON *const item), (item)) \
	F(cJSON_bool, cJSON_IsString, (const cJSON *const item), (item)) \
	F(cJSON_bool, cJSON_IsObject, (const cJSON *const item), (item))

DH_LAZYLIB(s_cjson, CJSON_SONAME, S_FUNCTIONS)

int dh_cjson_load(const char **why)
{
	return s_cjson_load(why);
}

const char *dh_json_nul(const char *text, size_t len)
{
	/* In valid JSON a backslash occurs only inside a string, where it
	 * starts an escape: so a backslash found here, with the character it
	 * escapes skipped, is exactly an escape ("\\u0000" is an escaped
	 * backslash and the text u0000, and is not refused).  Zeros have no
	 * case, so "\u0000" is the only spelling of U+0000 ("\U0000" is not
	 * JSON). */
	for (size_t i = 0; i < len; i++) {
		if (text[i] == '\0')
			return "a NUL byte";
		if (text[i] != '\\')
			continue;
		if (len - i >= 6 && !memcmp(text + i + 1, "u0000", 5))
			return "a \\u0000 escape (a NUL character)";
		i++; /* the escaped character: never a string's end */
	}
	return NULL;
}
