/*
 * tests/fuzz/fuzz_expiry.c - oauth_parse_expiry() (providers/oauth/
 * expiry.c) on any bytes: the `expiry` a DagsHub server sends with an
 * OAuth token, which the oauth provider then hands to the cache.
 *
 * Invariants:
 *   - a failure leaves the output alone; a success is not negative;
 *   - the cache provider writes the value as '%Y-%m-%dT%H:%M:%S.%fZ'
 *     (cf_format_expiry); that text reads back, with both readers, as the
 *     same microsecond (so a token's expiry survives the trip to the
 *     cache file and back);
 *   - the cache's own reader (cf_parse_expiry, more lenient) reads any
 *     text the oauth reader accepts as the same instant.  (It stores the
 *     epoch itself as 1 us, since 0 means "never" there.)
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "providers/oauth/expiry.h"
#include "providers/cache/cachefile.h"
#include "fuzz.h"

/* cf_parse_expiry's answer for an instant read as `us` elsewhere. */
static int64_t s_cache_us(int64_t us)
{
	return us == 0 ? 1 : us;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const int64_t unset = -424242;
	char *s = malloc(size + 1), text[40];
	int64_t us = unset, back = unset, cache = unset;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';
	if (oauth_parse_expiry(&us, s) != 0) {
		FUZZ_CHECK(us == unset, "'%s': failed but set the output", s);
		free(s);
		return 0;
	}
	FUZZ_CHECK(us >= 0, "'%s' gave %lld: before the epoch", s,
	           (long long)us);

	FUZZ_CHECK(cf_parse_expiry(s, &cache) == 0, "'%s' (%lld us) is "
	           "refused by the cache's reader", s, (long long)us);
	FUZZ_CHECK(cache == s_cache_us(us), "'%s': oauth reads %lld us, the "
	           "cache %lld", s, (long long)us, (long long)cache);

	cf_format_expiry(text, sizeof(text), us);
	FUZZ_CHECK(oauth_parse_expiry(&back, text) == 0, "'%s' (%lld us) "
	           "written as '%s', which does not read back", s,
	           (long long)us, text);
	FUZZ_CHECK(back == us, "'%s' (%lld us) written as '%s', read back "
	           "as %lld", s, (long long)us, text, (long long)back);
	FUZZ_CHECK(cf_parse_expiry(text, &cache) == 0 &&
	           cache == s_cache_us(us), "'%s' (%lld us) written as '%s', "
	           "the cache reads %lld", s, (long long)us, text,
	           (long long)cache);
	free(s);
	return 0;
}
