/*
 * providers/common/ascii.h - ASCII classes and spans for the common path.
 *
 * Shared by the core (core/internal.h includes it), the command-line
 * programs and the providers, like wipe.h.  Not installed.
 *
 * Host URLs, the config's grammar, the state files and git's requests are
 * ASCII whatever the locale, so these need no locale.  They stand in for
 * <ctype.h>, strncasecmp, strspn, strcspn and strstr on the path every start
 * takes: glibc's versions go through the locale's tables or are SSE4.2
 * code with a table of its own, on pages of libc that nothing else on
 * that path touches, and each first touch is a page fault (about 2 us;
 * bench/RESULTS.md).  Elsewhere (error paths, rare commands) the libc
 * functions are fine.
 */
#ifndef DAGSHUB_COMMON_ASCII_H
#define DAGSHUB_COMMON_ASCII_H

#include <stdbool.h>
#include <stddef.h>
#include <string.h> /* strchr */

static inline bool dh_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static inline bool dh_is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static inline char dh_to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Does s start with prefix, in either case?  prefix is lower-case. */
static inline bool dh_has_prefix_nocase(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (dh_to_lower(*s) != *prefix)
			return false;
	return true;
}

static inline bool dh_in_set(char c, const char *set)
{
	for (; *set; set++)
		if (c == *set)
			return true;
	return false;
}

/* strspn(s, accept): the length of the run of s made of accept's bytes. */
static inline size_t dh_span(const char *s, const char *accept)
{
	size_t n = 0;

	while (s[n] && dh_in_set(s[n], accept))
		n++;
	return n;
}

/* strcspn(s, reject): the length of the run of s free of reject's bytes. */
static inline size_t dh_cspan(const char *s, const char *reject)
{
	size_t n = 0;

	while (s[n] && !dh_in_set(s[n], reject))
		n++;
	return n;
}

/* strstr(s, needle) for a short needle: where needle first starts in s,
 * or NULL. */
static inline const char *dh_find(const char *s, const char *needle)
{
	if (!*needle)
		return s;
	for (; (s = strchr(s, needle[0])); s++) {
		size_t n = 1;

		while (needle[n] && s[n] == needle[n])
			n++;
		if (!needle[n])
			return s;
	}
	return NULL;
}

#endif /* DAGSHUB_COMMON_ASCII_H */
