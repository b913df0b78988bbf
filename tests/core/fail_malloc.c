/*
 * tests/core/fail_malloc.c - an LD_PRELOAD shim that makes one chosen
 * allocation fail, to prove that running out of memory at any point
 * gives a clear error, no crash, and loses nothing (nomem.sh).
 *
 * FAIL_MALLOC_N=N      the Nth call of malloc, calloc or realloc returns
 *                      NULL with errno ENOMEM (1-based); unset or 0:
 *                      nothing fails.
 * FAIL_MALLOC_START=1  count only from the first dlopen() on, that is,
 *                      once the configuration is loaded: libconfig does not
 *                      survive a failed allocation itself (it uses what it
 *                      could not allocate), and that is not this project's
 *                      code.  Unset: count from the start of the process.
 * FAIL_MALLOC_COUNT=F  at exit, the number of calls counted is written to
 *                      the file F, so a test knows how far N can go.
 *
 * strdup, asprintf, open_memstream and the like call malloc through the
 * PLT, so they are covered.  glibc's __libc_* entry points do the real
 * work; dlsym(RTLD_NEXT) would itself allocate.
 */
#include "config.h"

#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

void *__libc_malloc(size_t size);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t size);

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
void *realloc(void *p, size_t size);
void *dlopen(const char *file, int mode);

static unsigned long fail_at;   /* 0: never */
static unsigned long calls;     /* atomic: a provider may start threads */
static int counting;            /* atomic */
static int ready;

static void fm_init(void)
{
	const char *n = getenv("FAIL_MALLOC_N");

	fail_at = n ? strtoul(n, NULL, 10) : 0;
	if (!getenv("FAIL_MALLOC_START"))
		__atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
	ready = 1;
}

static int fm_fail(void)
{
	if (!ready)
		fm_init();
	if (!__atomic_load_n(&counting, __ATOMIC_RELAXED))
		return 0;
	if (__atomic_add_fetch(&calls, 1, __ATOMIC_RELAXED) != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *malloc(size_t size)
{
	return fm_fail() ? NULL : __libc_malloc(size);
}

void *calloc(size_t n, size_t size)
{
	return fm_fail() ? NULL : __libc_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
	return fm_fail() ? NULL : __libc_realloc(p, size);
}

void *dlopen(const char *file, int mode)
{
	static void *(*real)(const char *, int);

	if (!real)
		*(void **)&real = dlsym(RTLD_NEXT, "dlopen");
	if (!ready)
		fm_init();
	__atomic_store_n(&counting, 1, __ATOMIC_RELAXED);
	return real(file, mode);
}

__attribute__((destructor)) static void fm_report(void)
{
	const char *f = getenv("FAIL_MALLOC_COUNT");
	char buf[32];
	int fd, len;

	if (!f || !*f)
		return;
	fd = open(f, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return;
	len = snprintf(buf, sizeof buf, "%lu\n",
	               __atomic_load_n(&calls, __ATOMIC_RELAXED));
	if (len > 0 && write(fd, buf, (size_t)len) != len)
		len = 0;
	close(fd);
}
