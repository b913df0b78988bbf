/*
 * providers/common/mkdirp.h - the one `mkdir -p` of this project, shared
 * by the core (the state folder) and the providers (the cache folder).
 * Not installed.
 */
#ifndef DAGSHUB_COMMON_MKDIRP_H
#define DAGSHUB_COMMON_MKDIRP_H

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

/*
 * Makes `dir` and every missing folder above it with `mode` (0700 for
 * folders that hold secrets).  A folder that exists already keeps its mode:
 * that is the user's choice.  Returns 0, or -1 with errno set; then, when
 * `failed` is not NULL, *failed is a malloc()ed copy of the folder that
 * could not be made (NULL when out of memory).
 */
static inline int dh_mkdir_p(const char *dir, mode_t mode, char **failed)
{
	char *p = strdup(dir);
	int err = 0;

	if (failed)
		*failed = NULL;
	if (!p)
		return -1; /* errno is ENOMEM */
	for (char *s = p + 1;; s++) {
		int last = *s == '\0';

		if (*s != '/' && !last)
			continue;
		*s = '\0';
		if (mkdir(p, mode) != 0 && errno != EEXIST) {
			err = errno;
			break;
		}
		if (last)
			break;
		*s = '/';
	}
	if (!err) {
		free(p);
		return 0;
	}
	if (failed)
		*failed = p;
	else
		free(p);
	errno = err;
	return -1;
}

#endif /* DAGSHUB_COMMON_MKDIRP_H */
