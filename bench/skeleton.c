/*
 * bench/skeleton.c - the least `dagshub-auth token` can do under the
 * loading rule of DESIGN.md, as a reference row for bench/run.
 *
 *   skeleton CONFIG MODULE
 *
 * It does only what the rule demands of every start that takes a token
 * from a module: every folder above CONFIG is looked at (lstat), CONFIG
 * is opened without following a link, checked on the descriptor and read
 * (not parsed); every folder above MODULE is looked at, MODULE is opened
 * and checked the same way and loaded from that descriptor
 * (dlopen("/proc/self/fd/N", RTLD_NOW | RTLD_LOCAL)), and its entry symbol
 * is looked up (not called).  The token is then taken from
 * $DAGSHUB_USER_TOKEN and written.  No config parsing, no args check, no
 * chain, no provider code: whatever the real program costs above this
 * row is ours to cut; what this row costs above the hello-world floor is
 * the rule's.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* The folders already looked at (the config's), which the real trust
 * walk remembers for the module's walk too. */
static char s_seen[4096];

/* lstat of every folder above path not looked at before */
static int s_walk(const char *path)
{
	char buf[4096];
	struct stat st;
	size_t n = strlen(path);

	if (n >= sizeof(buf) || path[0] != '/')
		return -1;
	memcpy(buf, path, n + 1);
	if (!s_seen[0] && lstat("/", &st) != 0)
		return -1;
	for (char *p = buf + 1; (p = strchr(p, '/')); p++) {
		size_t k = (size_t)(p - buf);

		*p = '\0';
		if (!(strncmp(s_seen, buf, k) == 0 &&
		      (s_seen[k] == '/' || s_seen[k] == '\0')) &&
		    (lstat(buf, &st) != 0 || !S_ISDIR(st.st_mode)))
			return -1;
		*p = '/';
	}
	/* remembered: path's folder */
	memcpy(s_seen, buf, n + 1);
	*strrchr(s_seen, '/') = '\0';
	return 0;
}

/* opened without following a link, a regular file owned by root or us */
static int s_open_checked(const char *path)
{
	struct stat st;
	int fd;

	if (s_walk(path) != 0 ||
	    (fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK)) < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid()) || (st.st_mode & 022)) {
		close(fd);
		return -1;
	}
	return fd;
}

int main(int argc, char **argv)
{
	char text[8192], fdpath[32];
	const char *tok;
	void *dl;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: skeleton CONFIG MODULE\n");
		return 2;
	}
	if ((fd = s_open_checked(argv[1])) < 0 || read(fd, text, sizeof(text)) < 0)
		return 1;
	close(fd);
	if ((fd = s_open_checked(argv[2])) < 0)
		return 1;
	{ /* "/proc/self/fd/N" without printf, as the real loader does */
		char digits[12];
		size_t n = 0;
		unsigned v = (unsigned)fd;

		do
			digits[n++] = (char)('0' + v % 10);
		while ((v /= 10) != 0);
		memcpy(fdpath, "/proc/self/fd/", 14);
		for (size_t i = 0; i < n; i++)
			fdpath[14 + i] = digits[n - 1 - i];
		fdpath[14 + n] = '\0';
	}
	if (!(dl = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL)) ||
	    !dlsym(dl, "dagshub_provider_entry"))
		return 1;
	if (!(tok = getenv("DAGSHUB_USER_TOKEN")) || !*tok)
		return 1;
	if (write(1, tok, strlen(tok)) < 0 || write(1, "\n", 1) != 1)
		return 1;
	return 0;
}
