/*
 * providers/common/civil.h - calendar arithmetic shared by the providers
 * that read timestamps (cache: the client's expiry strings; oauth: the
 * server's RFC 3339 expiry).  Header-only: each provider is its own
 * shared object and links nothing of the others.
 */
#ifndef DAGSHUB_PROVIDERS_CIVIL_H
#define DAGSHUB_PROVIDERS_CIVIL_H

#include <stdbool.h>
#include <stdint.h>

/* Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
 * days_from_civil); m is 1..12, d is 1..31. */
static inline int64_t civil_days_from_date(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* Days in month m (1..12) of year y, leap years included (proleptic
 * Gregorian).  A parser checks a day against it: days_from_civil would
 * take February 31 for March 3 without a word. */
static inline int civil_days_in_month(int64_t y, int m)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30,
	                            31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

#endif /* DAGSHUB_PROVIDERS_CIVIL_H */
