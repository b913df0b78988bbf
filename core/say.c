/*
 * core/say.c - the library talks to a person only through its caller.
 *
 * Like PAM's conversation function and curl's debug callback: messages
 * for the person (dagshub_auth_options.message) and log lines
 * (dagshub_auth_options.log) go to the application's callbacks, and with
 * those NULL nowhere.  Nothing in the library writes to stderr.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>

#include "internal.h"

/* Short lines are formatted on the stack, so the spinner's ten progress
 * messages a second cost no allocation; longer ones (a long OAuth link)
 * are allocated. */
#define S_LINE 512

static char *s_format(char *buf, size_t n, const char *fmt, va_list ap)
{
	va_list copy;
	int len;

	va_copy(copy, ap);
	len = vsnprintf(buf, n, fmt, copy);
	va_end(copy);
	if (len < 0)
		return NULL;
	if ((size_t)len < n)
		return buf;
	return dh_vasprintf(fmt, ap);
}

void dh_sayv(const struct dagshub_auth *a, int kind, const char *fmt,
             va_list ap)
{
	char buf[S_LINE], *text;

	if (!a || !a->message)
		return;
	if (!(text = s_format(buf, sizeof(buf), fmt, ap)))
		return;
	a->message(kind, text, a->message_payload);
	if (text != buf)
		free(text);
}

void dh_say(const struct dagshub_auth *a, int kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_sayv(a, kind, fmt, ap);
	va_end(ap);
}

void dh_logv(const struct dagshub_auth *a, int level, const char *source,
             const char *fmt, va_list ap)
{
	char buf[S_LINE], *text;

	if (!a || !a->log)
		return;
	if (!(a->flags & DAGSHUB_AUTH_VERBOSE) && level < DAGSHUB_LOG_WARNING)
		return;
	if (!(text = s_format(buf, sizeof(buf), fmt, ap)))
		return;
	a->log(level, source ? source : "core", text, a->log_payload);
	if (text != buf)
		free(text);
}

void dh_log(const struct dagshub_auth *a, int level, const char *source,
            const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	dh_logv(a, level, source, fmt, ap);
	va_end(ap);
}
