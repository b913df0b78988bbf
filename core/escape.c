/*
 * core/escape.c - the escaping rule of escape.h.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Compiled into the library, and into the CLI with DH_ESCAPE_LINKAGE
 * static (cli/common.c includes this file). */
#ifndef DH_ESCAPE_LINKAGE
#define DH_ESCAPE_LINKAGE
#include "escape.h"
#endif

/* Length of a valid UTF-8 sequence at p (2..4), or 0. */
static size_t s_utf8_len(const unsigned char *p, unsigned *cp)
{
	size_t n, i;
	unsigned c;

	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, c = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, c = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, c = p[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (p[i] & 0x3f);
	}
	/* overlong forms, surrogates, past U+10FFFF */
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

DH_ESCAPE_LINKAGE char *dh_escape(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	char *out, *o;

	if (!s)
		return NULL;
	/* At most 6 bytes out per byte in ("\u202e" for 3 in, "\xHH" for 1). */
	if (!(out = malloc(strlen(s) * 4 + 1)))
		return NULL;
	o = out;
	while (*p) {
		unsigned cp = 0;
		size_t n;

		if (*p == '\n' || *p == '\r' || *p == '\t') {
			*o++ = '\\';
			*o++ = *p == '\n' ? 'n' : *p == '\r' ? 'r' : 't';
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			o += sprintf(o, "\\x%02x", *p++);
		} else if (*p < 0x80) {
			*o++ = (char)*p++;
		} else if (!(n = s_utf8_len(p, &cp))) {
			o += sprintf(o, "\\x%02x", *p++);
		} else if (cp <= 0x9f) {
			/* C1 control: its two bytes, escaped */
			o += sprintf(o, "\\x%02x\\x%02x", p[0], p[1]);
			p += 2;
		} else if ((cp >= 0x202a && cp <= 0x202e) ||
		           (cp >= 0x2066 && cp <= 0x2069)) {
			o += sprintf(o, "\\u%04x", cp);
			p += n;
		} else {
			memcpy(o, p, n);
			o += n;
			p += n;
		}
	}
	*o = '\0';
	return out;
}
