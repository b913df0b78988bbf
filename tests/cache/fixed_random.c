/*
 * tests/cache/fixed_random.c - an LD_PRELOAD shim that makes the cache
 * writer's temporary file name predictable, to prove that a symlink
 * planted at that name is not followed.
 *
 * The first getrandom() call of the process returns zero bytes, so the
 * writer's first try is always ".tokens.tmp-aaaaaaaaaaaa"; later calls get
 * real random bytes (the writer must then pick another name).  With
 * FIXED_RANDOM_ALWAYS set, every call returns zeros: the writer can only
 * ever try that one name (the control that proves the name is the one the
 * test planted).
 */
#include "config.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <unistd.h>

ssize_t getrandom(void *buf, size_t len, unsigned int flags);

ssize_t getrandom(void *buf, size_t len, unsigned int flags)
{
	static int calls; /* test shim: one process, one thread */

	/* Only the writer's 12-byte requests (a sanitizer runtime may ask
	 * for random bytes of its own first). */
	if (len == 12 && (calls++ == 0 || getenv("FIXED_RANDOM_ALWAYS"))) {
		memset(buf, 0, len);
		return (ssize_t)len;
	}
	return syscall(SYS_getrandom, buf, len, flags);
}
