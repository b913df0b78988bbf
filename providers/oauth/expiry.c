/*
 * providers/oauth/expiry.c - RFC 3339 timestamps to epoch microseconds.
 *
 * Hand-written rather than strptime()+timegm(): strptime has no
 * conversion for fractional seconds or "Z", and both depend on the locale
 * and TZ of the process that loaded us.  The date arithmetic is Howard
 * Hinnant's days_from_civil (proleptic Gregorian calendar).
 */
#include "config.h"

#include <stdbool.h>
#include <stddef.h>

#include "expiry.h"
#include "../common/civil.h"

/* Reads exactly n decimal digits at *p into *out and advances *p. */
static bool s_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		char c = (*p)[i];
		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (c - '0');
	}
	*p += n;
	*out = v;
	return true;
}

static bool s_expect(const char **p, char c)
{
	if (**p != c)
		return false;
	(*p)++;
	return true;
}

int oauth_parse_expiry(int64_t *out_us, const char *s)
{
	const char *p = s;
	int y, mo, d, h, mi, sec, oh = 0, om = 0, sign = 0;
	int64_t frac_us = 0, secs;

	if (!s)
		return -1;
	if (!s_digits(&p, 4, &y) || !s_expect(&p, '-') ||
	    !s_digits(&p, 2, &mo) || !s_expect(&p, '-') ||
	    !s_digits(&p, 2, &d))
		return -1;
	if (*p != 'T' && *p != 't' && *p != ' ')
		return -1;
	p++;
	if (!s_digits(&p, 2, &h) || !s_expect(&p, ':') ||
	    !s_digits(&p, 2, &mi) || !s_expect(&p, ':') ||
	    !s_digits(&p, 2, &sec))
		return -1;
	if (*p == '.') {
		int n = 0;

		p++;
		for (; *p >= '0' && *p <= '9'; p++, n++)
			if (n < 6)
				frac_us = frac_us * 10 + (*p - '0');
		if (n == 0)
			return -1;
		for (; n < 6; n++)
			frac_us *= 10;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		p++;
		if (!s_digits(&p, 2, &oh) || !s_expect(&p, ':') ||
		    !s_digits(&p, 2, &om) || oh > 23 || om > 59)
			return -1;
	} else {
		return -1; /* RFC 3339 requires an offset */
	}
	if (*p != '\0')
		return -1;
	/* sec 60 is a leap second; it reads as the next second's start. */
	if (y < 1970 || mo < 1 || mo > 12 || d < 1 ||
	    d > civil_days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return -1;
	secs = civil_days_from_date(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec;
	/* local time = UTC + offset, so UTC = local - offset */
	secs -= (int64_t)sign * (oh * 3600 + om * 60);
	/* After 9999-12-31T23:59:59Z (a late time with a western offset, or
	 * a leap second) the cache could not write the expiry back in the
	 * Python client's four-digit-year format. */
	if (secs < 0 || secs > civil_days_from_date(9999, 12, 31) * 86400 + 86399)
		return -1;
	*out_us = secs * 1000000 + frac_us;
	return 0;
}
