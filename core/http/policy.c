/*
 * core/http/policy.c - where a request may go (see policy.h).  Kept free
 * of libcurl so the core can refuse a URL before loading anything, and
 * free of the core's helpers so the HTTP module can compile it too.
 */
#include "config.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "policy.h"

int dh_url_parse(dh_url_parts *out, const char *url)
{
	const char *p, *end, *hs, *he, *colon;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (!url)
		return -1;
	if (!strncasecmp(url, "https://", 8)) {
		out->https = true;
		p = url + 8;
	} else if (!strncasecmp(url, "http://", 7)) {
		p = url + 7;
	} else {
		return -1;
	}
	/* No byte a parser could read two ways, anywhere: a backslash (a '/'
	 * to browsers and WHATWG parsers, part of the host to others), spaces
	 * and control characters. */
	for (const char *q = url; *q; q++)
		if (*q == '\\' || (unsigned char)*q <= ' ' || *q == 0x7f)
			return -1;
	end = p + strcspn(p, "/?#");
	/* userinfo (user@host) is refused, as core/host.c refuses it: which
	 * '@' ends it is where parsers disagree. */
	if (memchr(p, '@', (size_t)(end - p)))
		return -1;
	hs = p;
	if (*hs == '[') {
		he = memchr(hs, ']', (size_t)(end - hs));
		if (!he)
			return -1;
		colon = he + 1 < end && he[1] == ':' ? he + 1 : NULL;
		if (he + 1 < end && !colon)
			return -1;
		hs++;
	} else {
		colon = memchr(hs, ':', (size_t)(end - hs));
		he = colon ? colon : end;
	}
	n = (size_t)(he - hs);
	if (n == 0 || n >= sizeof(out->host))
		return -1;
	for (size_t i = 0; i < n; i++)
		out->host[i] = (char)tolower((unsigned char)hs[i]);
	out->port = out->https ? 443 : 80;
	if (colon && colon + 1 < end) {
		unsigned long v = 0;

		for (const char *d = colon + 1; d < end; d++) {
			if (!isdigit((unsigned char)*d))
				return -1;
			v = v * 10 + (unsigned long)(*d - '0');
			if (v > 65535)
				return -1;
		}
		out->port = (unsigned)v;
	}
	return 0;
}

bool dh_url_host_is_loopback(const char *host)
{
	unsigned char a4[4], a6[16];
	static const unsigned char v6_loopback[16] = { [15] = 1 };

	if (!strcasecmp(host, "localhost"))
		return true;
	if (inet_pton(AF_INET, host, a4) == 1)
		return a4[0] == 127;
	if (inet_pton(AF_INET6, host, a6) == 1)
		return !memcmp(a6, v6_loopback, sizeof(a6));
	return false;
}

int dh_url_check(const char *url, bool allow_insecure_http, char **why)
{
	dh_url_parts u;

	*why = NULL;
	if (dh_url_parse(&u, url) != 0) {
		if (asprintf(why, "refusing a request to a URL that is not "
		             "http(s)://host[:port]/...") < 0)
			*why = NULL;
		return -1;
	}
	if (u.https || allow_insecure_http || dh_url_host_is_loopback(u.host))
		return 0;
	if (asprintf(why, "refusing to talk to %s over plain http: a token "
	             "goes only over https, or over http to a loopback "
	             "address (127.0.0.0/8, ::1, localhost); use https, or set "
	             "allow_insecure_http = true in the config if you really "
	             "mean it", u.host) < 0)
		*why = NULL;
	return -1;
}

bool dh_url_same_host(const char *a, const char *b)
{
	unsigned char x[16], y[16];

	if (!strcmp(a, b))
		return true;
	/* one IPv6 address written two ways ([0:0::1] and [::1]) */
	return inet_pton(AF_INET6, a, x) == 1 && inet_pton(AF_INET6, b, y) == 1 &&
	       !memcmp(x, y, sizeof(x));
}

bool dh_url_parts_redirect_ok(const dh_url_parts *a, const dh_url_parts *b)
{
	if (!dh_url_same_host(a->host, b->host))
		return false;
	if (a->https == b->https)
		return a->port == b->port;
	/* http -> https on the default ports (a site upgrading itself); never
	 * the other way. */
	return !a->https && b->https && a->port == 80 && b->port == 443;
}

bool dh_url_redirect_ok(const char *from, const char *to)
{
	dh_url_parts a, b;

	if (dh_url_parse(&a, from) != 0 || dh_url_parse(&b, to) != 0)
		return false;
	return dh_url_parts_redirect_ok(&a, &b);
}
