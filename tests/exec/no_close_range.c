/*
 * tests/exec/no_close_range.c - LD_PRELOAD shim: close_range() fails with
 * ENOSYS, as on a kernel before 5.3 (or EINVAL for CLOSE_RANGE_CLOEXEC
 * before 5.11), so the fallback that marks the host's descriptors
 * close-on-exec is what runs (exec.sh).
 */
#define _GNU_SOURCE
#include <errno.h>

int close_range(unsigned int first, unsigned int last, int flags);

int close_range(unsigned int first, unsigned int last, int flags)
{
	(void)first;
	(void)last;
	(void)flags;
	errno = ENOSYS;
	return -1;
}
