/*
 * core/error.c - status texts, the per-handle last error, small string and
 * secret helpers shared by the core.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "escape.h"

DH_API const char *dagshub_strerror(int status)
{
	switch (status) {
	case DAGSHUB_OK: return "success";
	case DAGSHUB_ERROR: return "error";
	case DAGSHUB_ENOTOKEN: return "no token found";
	case DAGSHUB_ECONFIG: return "invalid configuration";
	case DAGSHUB_EINVAL: return "invalid argument";
	case DAGSHUB_ENOMEM: return "out of memory";
	case DAGSHUB_ENOSTORE: return "no entry can store tokens";
	case DAGSHUB_EPROVIDER: return "a provider failed";
	case DAGSHUB_EREJECTED: return "the server rejected the token";
	case DAGSHUB_ENETWORK: return "the server could not be reached";
	case DAGSHUB_EUNAVAILABLE: return "the token source is unavailable";
	}
	return "unknown status";
}

DH_API const char *dagshub_auth_version(void)
{
	return PACKAGE_VERSION;
}

/* Whether fmt is only text, %s, %d, %ld, %lld, %u and %%.  Most of ours
 * are (a provider's reason, a note, a path), and joining them here keeps
 * printf's engine, a part of libc the common path would otherwise fault
 * in for one line, off that path. */
static bool s_simple_format(const char *fmt)
{
	for (const char *p = fmt; (p = strchr(p, '%')); p++) {
		p++;
		if (p[0] == 'l')
			p += p[1] == 'l' ? 2 : 1;
		if (!*p || !strchr(p[-1] == 'l' ? "d" : "sdu%", *p))
			return false;
	}
	return true;
}

/* The conversion at *pp (just after its '%', moved to its last
 * character), written at w when w is not NULL; returns its length.  A
 * NULL string reads "(null)", as glibc prints it. */
static size_t s_put_conv(char *w, const char **pp, va_list *ap)
{
	char num[24];
	const char *a = num;
	int l = 0;
	size_t n = 0;

	while (**pp == 'l') {
		l++;
		(*pp)++;
	}
	switch (**pp) {
	case 's':
		a = va_arg(*ap, const char *);
		if (!a)
			a = "(null)";
		n = strlen(a);
		break;
	case 'd': {
		long long v = l == 2 ? va_arg(*ap, long long)
		            : l == 1 ? va_arg(*ap, long) : va_arg(*ap, int);

		if (v < 0)
			num[n++] = '-';
		/* -(v + 1) + 1: the most negative value too, without overflow */
		n += dh_put_uint(num + n, v < 0 ? (unsigned long long)-(v + 1) + 1u
		                                : (unsigned long long)v);
		break;
	}
	case 'u':
		n = dh_put_uint(num, va_arg(*ap, unsigned));
		break;
	default: /* '%' */
		a = "%";
		n = 1;
	}
	if (w)
		memcpy(w, a, n);
	return n;
}

/* fmt, which s_simple_format() allows, with its arguments. */
static char *s_join(const char *fmt, va_list ap)
{
	va_list aq;  /* a copy of its own: ap may be an array parameter */
	size_t len = 0;
	char *s, *w;

	va_copy(aq, ap);
	for (const char *p = fmt; *p; p++)
		len += *p == '%' ? (p++, s_put_conv(NULL, &p, &aq)) : 1;
	va_end(aq);
	if (!(w = s = malloc(len + 1)))
		return NULL;
	va_copy(aq, ap);
	for (const char *p = fmt; *p; p++) {
		if (*p == '%') {
			p++;
			w += s_put_conv(w, &p, &aq);
		} else {
			*w++ = *p;
		}
	}
	va_end(aq);
	*w = '\0';
	return s;
}

char *dh_vasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

	if (s_simple_format(fmt))
		return s_join(fmt, ap);
	if (vasprintf(&s, fmt, ap) < 0)
		return NULL;
	return s;
}

char *dh_asprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = dh_vasprintf(fmt, ap);
	va_end(ap);
	return s;
}

size_t dh_put_uint(char *out, unsigned long long v)
{
	char tmp[20];
	size_t n = 0;

	do
		tmp[n++] = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	for (size_t i = 0; i < n; i++)
		out[i] = tmp[n - 1 - i];
	return n;
}

char *dh_strdup(const char *s)
{
	return s ? strdup(s) : NULL;
}

int dh_set_errorv(struct dagshub_auth *a, int code, const char *fmt,
                  va_list ap)
{
	char *msg;

	if (!a)
		return code;
	msg = dh_vasprintf(fmt, ap);
	free(a->error);
	a->error = msg; /* NULL reads as "out of memory" */
	return code;
}

int dh_set_error(struct dagshub_auth *a, int code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_set_errorv(a, code, fmt, ap);
	va_end(ap);
	return code;
}

void dh_clear_error(struct dagshub_auth *a)
{
	if (!a)
		return;
	free(a->error);
	a->error = strdup("");
}

DH_API const char *dagshub_auth_last_error(const dagshub_auth *a)
{
	if (!a || !a->error)
		return "out of memory";
	return a->error;
}

const char *dh_getenv(const char *name)
{
#ifdef HAVE_SECURE_GETENV
	return secure_getenv(name);
#else
	return getenv(name);
#endif
}

/*
 * First and last four characters of a secret.  Shorter secrets reveal too
 * much that way, so they are shown as stars only.
 */
DH_API char *dagshub_fingerprint(char *buf, const char *secret)
{
	size_t n = secret ? strlen(secret) : 0;

	if (n < 12) {
		memcpy(buf, "****", 5);
		return buf;
	}
	/* "abcd…wxyz": four bytes, U+2026 in UTF-8, four bytes */
	_Static_assert(DAGSHUB_FINGERPRINT_SIZE >= 4 + 3 + 4 + 1,
	               "room for the fingerprint");
	memcpy(buf, secret, 4);
	memcpy(buf + 4, "\xe2\x80\xa6", 3);
	memcpy(buf + 7, secret + n - 4, 4);
	buf[11] = '\0';
	return buf;
}

int dh_add_note(struct dagshub_auth *a, const char *fmt, ...)
{
	va_list ap;
	char *note, *all, *raw;

	va_start(ap, fmt);
	raw = dh_vasprintf(fmt, ap);
	va_end(ap);
	/* Notes are joined with line breaks: a note's own outside text (a
	 * file name) is escaped so those stay the only ones. */
	note = dh_escape(raw);
	free(raw);
	if (!note)
		return DAGSHUB_ENOMEM;
	all = a->config_note ? dh_asprintf("%s\n%s", a->config_note, note)
	                     : note;
	if (all != note)
		free(note);
	if (!all)
		return DAGSHUB_ENOMEM;
	free(a->config_note);
	a->config_note = all;
	return 0;
}
