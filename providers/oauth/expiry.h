/*
 * providers/oauth/expiry.h - reading the `expiry` DagsHub sends with an
 * OAuth token.
 */
#ifndef DAGSHUB_OAUTH_EXPIRY_H
#define DAGSHUB_OAUTH_EXPIRY_H

#include <stdint.h>

/*
 * Parses an RFC 3339 timestamp into microseconds since the Unix epoch (UTC).
 *
 * DagsHub (a Go server) sends UTC with nine fractional digits,
 * "2026-11-27T18:51:22.593920000Z"; the Python client writes six.  Any
 * number of fractional digits is read (digits past the sixth are dropped,
 * not rounded, so a time never moves later), as is no fraction at all, and
 * "Z"/"z" or a numeric offset ("+00:00", "-05:30").  'T', 't' or a space
 * separate date and time, as RFC 3339 allows.
 *
 * Returns 0 and sets *out_us, or -1 (and leaves *out_us alone) when `s` is
 * not such a timestamp: a missing or out-of-range field, trailing text, a
 * year before 1970, an instant (in UTC) after 9999-12-31T23:59:59.999999Z.
 */
int oauth_parse_expiry(int64_t *out_us, const char *s);

#endif /* DAGSHUB_OAUTH_EXPIRY_H */
