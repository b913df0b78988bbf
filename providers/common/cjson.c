/*
 * providers/common/cjson.c - the cJSON functions providers call, loaded
 * from libcjson on first use (cjson.h, lazylib.h).
 */
#include "config.h"

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
