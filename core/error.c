/*
 * core/error.c - status texts, the per-handle last error, small string and
 * secret helpers shared by the core.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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

char *dh_vasprintf(const char *fmt, va_list ap)
{
	char *s = NULL;

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
		snprintf(buf, DAGSHUB_FINGERPRINT_SIZE, "****");
		return buf;
	}
	snprintf(buf, DAGSHUB_FINGERPRINT_SIZE, "%.4s\xe2\x80\xa6%.4s", secret,
	         secret + n - 4);
	return buf;
}

int dh_add_note(struct dagshub_auth *a, const char *fmt, ...)
{
	va_list ap;
	char *note, *all;

	va_start(ap, fmt);
	note = dh_vasprintf(fmt, ap);
	va_end(ap);
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
