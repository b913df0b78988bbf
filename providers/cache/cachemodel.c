/*
 * providers/cache/cachemodel.c - looking up and editing the in-memory
 * token cache, and the expiry format.  Pure functions over cf_file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cachefile.h"
#include "../common/civil.h"

static int s_key_cmp(const void *key, const void *h)
{
	return strcmp(key, ((const cf_host *)h)->key);
}

cf_host *cf_find_host(const cf_file *f, const char *key)
{
	/* hosts are kept sorted: a cache of 10,000 hosts costs ~14 strcmp */
	if (!f->nhost)
		return NULL;
	return bsearch(key, f->host, f->nhost, sizeof(*f->host), s_key_cmp);
}

static bool s_live(const cf_token *t, int64_t now_us)
{
	return !t->bad && (t->expires_us == 0 || t->expires_us > now_us);
}

const cf_token *cf_pick(const cf_host *h, int64_t now_us)
{
	/* App tokens first, like the Python client's get_token(); within a
	 * type, file order. */
	static const char *const order[] = { "app-token", "bearer" };

	for (size_t o = 0; o < 2; o++)
		for (size_t i = 0; i < h->ntok; i++)
			if (s_live(&h->tok[i], now_us) &&
			    !strcmp(h->tok[i].type, order[o]))
				return &h->tok[i];
	return NULL;
}

int cf_add(cf_file *f, const char *key, const char *value, const char *type,
           int64_t expires_us)
{
	cf_host *h = cf_find_host(f, key);
	cf_token *nt;
	cf_token t = { 0 };

	if (h)
		for (size_t i = 0; i < h->ntok; i++)
			if (h->tok[i].value && !strcmp(h->tok[i].value, value))
				return 0;
	if (!h) {
		/* insert keeping the array sorted */
		cf_host *nh = realloc(f->host, (f->nhost + 1) * sizeof(*nh));
		size_t pos = 0;
		char *k = strdup(key);

		if (!nh || !k) {
			if (nh)
				f->host = nh;
			free(k);
			return -1;
		}
		f->host = nh;
		while (pos < f->nhost && strcmp(nh[pos].key, key) < 0)
			pos++;
		memmove(&nh[pos + 1], &nh[pos],
		        (f->nhost - pos) * sizeof(*nh));
		nh[pos] = (cf_host){ k, NULL, 0, 0 };
		f->nhost++;
		h = &nh[pos];
	}
	t.value = strdup(value);
	t.type = strdup(type);
	t.expires_us = expires_us;
	nt = realloc(h->tok, (h->ntok + 1) * sizeof(*nt));
	if (!t.value || !t.type || !nt) {
		if (nt)
			h->tok = nt;
		cf_token_free(&t);
		return -1;
	}
	h->tok = nt;
	h->tok[h->ntok++] = t;
	return 1;
}

/* Removes the tokens of h for which drop() says so, keeping the order. */
static size_t s_filter(cf_host *h, bool (*drop)(const cf_token *, const void *),
                       const void *arg)
{
	size_t kept = 0, n = 0;

	for (size_t i = 0; i < h->ntok; i++) {
		if (drop(&h->tok[i], arg)) {
			cf_token_free(&h->tok[i]);
			n++;
		} else {
			h->tok[kept++] = h->tok[i];
		}
	}
	h->ntok = kept;
	return n;
}

static bool s_drop_value(const cf_token *t, const void *value)
{
	return !value || (t->value && !strcmp(t->value, value));
}

size_t cf_erase(cf_file *f, const char *key, const char *value)
{
	cf_host *h = cf_find_host(f, key);

	return h ? s_filter(h, s_drop_value, value) : 0;
}

static bool s_drop_expired(const cf_token *t, const void *now)
{
	/* Bad tokens are never dropped silently: they block the write. */
	return !t->bad && t->expires_us != 0 &&
	       t->expires_us <= *(const int64_t *)now;
}

size_t cf_prune_expired(cf_file *f, int64_t now_us)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nhost; i++)
		n += s_filter(&f->host[i], s_drop_expired, &now_us);
	return n;
}

int cf_check_writable(const cf_file *f, const char *fname, char **err)
{
	for (size_t i = 0; i < f->nhost; i++)
		for (size_t j = 0; j < f->host[i].ntok; j++) {
			const cf_token *t = &f->host[i].tok[j];

			if (!t->bad)
				continue;
			if (err && asprintf(err, "%s:%d: the token of %s at "
			                    "line %d %s; the DagsHub Python "
			                    "client cannot load such a file "
			                    "either.  Fix or remove it by hand; "
			                    "the file was left untouched",
			                    fname, t->line, f->host[i].key,
			                    t->line, t->bad) < 0)
				*err = NULL;
			return -1;
		}
	return 0;
}

/* ---- expiry ---- */

static int s_digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++, (*p)++) {
		if (**p < '0' || **p > '9')
			return -1;
		v = v * 10 + (**p - '0');
	}
	*out = v;
	return 0;
}

int cf_parse_expiry(const char *s, int64_t *out)
{
	/* YYYY-MM-DDTHH:MM:SS[.ffffff](Z|±HH[:MM]).  The client writes the
	 * first form with Z; an offset is read (and written back as Z). */
	int y, mo, d, h, mi, sec, oh = 0, om = 0;
	int64_t us = 0, scale = 100000, t;
	const char *p = s;

	if (s_digits(&p, 4, &y) || *p++ != '-' || s_digits(&p, 2, &mo) ||
	    *p++ != '-' || s_digits(&p, 2, &d) ||
	    (*p != 'T' && *p != 't' && *p != ' '))
		return -1;
	p++;
	if (s_digits(&p, 2, &h) || *p++ != ':' || s_digits(&p, 2, &mi) ||
	    *p++ != ':' || s_digits(&p, 2, &sec))
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		for (; *p >= '0' && *p <= '9'; p++, scale /= 10)
			us += scale ? (*p - '0') * scale : 0;
	}
	if (*p == 'Z' || *p == 'z') {
		p++;
	} else if (*p == '+' || *p == '-') {
		int sign = *p++ == '-' ? -1 : 1;

		if (s_digits(&p, 2, &oh))
			return -1;
		if (*p == ':')
			p++;
		if (*p && s_digits(&p, 2, &om))
			return -1;
		oh *= sign;
		om *= sign;
	} else {
		return -1; /* no zone: not a UTC time we can trust */
	}
	/* A day the month does not have (2099-02-31) is refused, not moved
	 * into the next month: the client cannot load it. */
	if (*p || mo < 1 || mo > 12 || d < 1 ||
	    d > civil_days_in_month(y, mo) || h > 23 || mi > 59 ||
	    sec > 60 || oh > 23 || oh < -23 || om > 59 || om < -59)
		return -1;
	t = civil_days_from_date(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec -
	    (oh * 3600 + om * 60);
	/* Python's datetime (the client's) holds years 1 to 9999, and so
	 * does the four-digit year cf_format_expiry() writes back. */
	if (t < civil_days_from_date(1, 1, 1) * 86400 ||
	    t > civil_days_from_date(9999, 12, 31) * 86400 + 86399)
		return -1;
	*out = t * 1000000 + us;
	if (*out == 0)
		*out = 1; /* 0 means never */
	return 0;
}

void cf_format_expiry(char *buf, size_t size, int64_t us)
{
	int64_t secs = us / 1000000, frac = us % 1000000;
	time_t tt;
	struct tm tm;

	if (frac < 0) {
		frac += 1000000;
		secs--;
	}
	tt = (time_t)secs;
	gmtime_r(&tt, &tm);
	snprintf(buf, size, "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ",
	         tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
	         tm.tm_min, tm.tm_sec, (int)frac);
}
