/*
 * providers/common/wipe.h - the one way this project wipes a secret.
 *
 * Shared by the core (core/internal.h includes it), the HTTP module and
 * the providers, so that every copy of a token in memory is cleared the
 * same way before it is freed.  Not installed.
 *
 * explicit_bzero() where the C library has it (configure checks); else a
 * loop through a volatile pointer, which the compiler may not drop as a
 * dead store.  Include config.h first.
 */
#ifndef DAGSHUB_COMMON_WIPE_H
#define DAGSHUB_COMMON_WIPE_H

#include <stdlib.h>
#include <string.h>

/* Clears n bytes at p.  NULL or 0 is allowed. */
static inline void dh_wipe(void *p, size_t n)
{
	if (!p || !n)
		return;
#ifdef HAVE_EXPLICIT_BZERO
	explicit_bzero(p, n);
#else
	volatile unsigned char *v = p;
	while (n--)
		*v++ = 0;
#endif
}

/* Wipes n bytes at p (n 0: a NUL-terminated string, up to its NUL), then
 * frees p.  NULL is allowed. */
static inline void dh_free_wiped(void *p, size_t n)
{
	if (!p)
		return;
	dh_wipe(p, n ? n : strlen(p));
	free(p);
}

/* Wipes and frees a NUL-terminated secret.  NULL is allowed. */
static inline void dh_free_secret(char *s)
{
	dh_free_wiped(s, 0);
}

#endif /* DAGSHUB_COMMON_WIPE_H */
