/*
 * providers/common/join.h - strings one after another, in a new string.
 *
 * Shared by the core (core/internal.h includes it), the command-line
 * programs and the providers, like wipe.h: a module cannot call the
 * core's functions, so the project's one joiner is a header.  Not
 * installed.
 *
 * Not asprintf("%s%s"): paths are joined on the path every start takes,
 * and the printf engine is a part of libc it need not fault in
 * (bench/RESULTS.md).
 */
#ifndef DAGSHUB_COMMON_JOIN_H
#define DAGSHUB_COMMON_JOIN_H

#include <stdlib.h>
#include <string.h>

/* The strings of parts, up to its NULL, joined; malloc()ed.  Its length
 * goes to *len when len is not NULL.  NULL when out of memory. */
static inline char *dh_join(const char *const *parts, size_t *len)
{
	size_t total = 0, off = 0;
	char *s;

	for (size_t i = 0; parts[i]; i++)
		total += strlen(parts[i]);
	if (!(s = malloc(total + 1)))
		return NULL;
	for (size_t i = 0; parts[i]; i++) {
		size_t n = strlen(parts[i]);

		memcpy(s + off, parts[i], n);
		off += n;
	}
	s[total] = '\0';
	if (len)
		*len = total;
	return s;
}

/* DH_JOIN(a, b, ...): dh_join() of its arguments (strings, none NULL). */
#define DH_JOIN(...) dh_join((const char *const[]){ __VA_ARGS__, NULL }, NULL)

#endif
