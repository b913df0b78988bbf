/*
 * tests/fuzz/replay.c - runs a libFuzzer target without libFuzzer, so the
 * fuzz targets build with gcc and replay their corpus in `make check`.
 *
 *   fuzz_NAME [FILE-OR-DIR...]
 *
 * Feeds every file named (every regular file of a directory, in name
 * order) to LLVMFuzzerTestOneInput and prints TAP, one line per input:
 * `ok N - fuzz_NAME: FILE`.  With no argument it reads the target's seed
 * corpus, $top_srcdir/tests/fuzz/corpus/fuzz_NAME (`make check` sets
 * top_srcdir; else the current directory is taken as the top).
 *
 * Each input runs in a forked child, so a crash, an abort() from a broken
 * invariant, a sanitizer report (ASan/UBSan abort, LeakSanitizer's exit
 * status at the child's exit) or a hang (alarm) fails that input alone and
 * the others still run.  The child's stderr is the test log's.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

/* Seconds one input may take before it counts as a hang. */
#define S_INPUT_TIMEOUT 20

typedef struct s_list {
	char **path;
	size_t n, cap;
} s_list;

static int s_push(s_list *l, char *path)
{
	if (!path)
		return -1;
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **np = realloc(l->path, cap * sizeof(*np));

		if (!np) {
			free(path);
			return -1;
		}
		l->path = np;
		l->cap = cap;
	}
	l->path[l->n++] = path;
	return 0;
}

static int s_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds a file, or the regular files of a directory (sorted). */
static int s_collect(s_list *l, const char *arg)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	size_t first = l->n;
	int rc = 0;

	if (stat(arg, &st) < 0) {
		fprintf(stderr, "%s: %s\n", arg, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode))
		return s_push(l, strdup(arg));
	d = opendir(arg);
	if (!d) {
		fprintf(stderr, "%s: %s\n", arg, strerror(errno));
		return -1;
	}
	while ((de = readdir(d)) != NULL) {
		char *p;

		if (de->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", arg, de->d_name) < 0) {
			rc = -1;
			break;
		}
		if (stat(p, &st) < 0 || !S_ISREG(st.st_mode)) {
			free(p);
			continue;
		}
		if (s_push(l, p) < 0) {
			rc = -1;
			break;
		}
	}
	closedir(d);
	qsort(l->path + first, l->n - first, sizeof(*l->path), s_cmp);
	return rc;
}

static uint8_t *s_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	uint8_t *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!fp)
		return NULL;
	do {
		uint8_t *nb = realloc(buf, cap + 65536);

		if (!nb) {
			free(buf);
			fclose(fp);
			return NULL;
		}
		buf = nb;
		cap += 65536;
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	fclose(fp);
	/* An exact-size copy, so ASan sees a read past the input's end. */
	{
		uint8_t *exact = malloc(*len ? *len : 1);

		if (exact)
			memcpy(exact, buf, *len);
		free(buf);
		return exact;
	}
}

/* The child: one input, then exit() so LeakSanitizer checks it. */
static void s_child(const char *path)
{
	size_t len;
	uint8_t *buf;

	alarm(S_INPUT_TIMEOUT);
	buf = s_slurp(path, &len);
	if (!buf) {
		fprintf(stderr, "%s: cannot read: %s\n", path, strerror(errno));
		exit(2);
	}
	LLVMFuzzerTestOneInput(buf, len);
	free(buf);
	exit(0);
}

/* The target's name: this program's, without libtool's "lt-". */
static const char *s_name(const char *argv0)
{
	const char *b = strrchr(argv0, '/');

	b = b ? b + 1 : argv0;
	if (!strncmp(b, "lt-", 3))
		b += 3;
	return b;
}

int main(int argc, char **argv)
{
	s_list l = { 0 };
	const char *name = s_name(argv[0]);
	int failed = 0;

	if (argc < 2) {
		const char *top = getenv("top_srcdir");
		char *dir;

		if (!top || !*top)
			top = ".";
		if (asprintf(&dir, "%s/tests/fuzz/corpus/%s", top, name) < 0)
			return 99;
		if (s_collect(&l, dir) < 0) {
			printf("Bail out! no corpus at %s\n", dir);
			free(dir);
			return 99;
		}
		free(dir);
	}
	for (int i = 1; i < argc; i++)
		if (s_collect(&l, argv[i]) < 0)
			return 99;
	printf("1..%zu\n", l.n);
	fflush(stdout);
	for (size_t i = 0; i < l.n; i++) {
		int status = 0;
		pid_t pid = fork();

		if (pid < 0) {
			perror("fork");
			return 99;
		}
		if (pid == 0)
			s_child(l.path[i]);
		while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
			;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
			printf("ok %zu - %s: %s\n", i + 1, name, l.path[i]);
		} else {
			failed++;
			if (WIFSIGNALED(status))
				printf("not ok %zu - %s: %s (killed by signal "
				       "%d, %s)\n", i + 1, name, l.path[i],
				       WTERMSIG(status),
				       strsignal(WTERMSIG(status)));
			else
				printf("not ok %zu - %s: %s (exit status %d)\n",
				       i + 1, name, l.path[i],
				       WEXITSTATUS(status));
		}
		fflush(stdout);
		free(l.path[i]);
	}
	free(l.path);
	return failed ? 1 : 0;
}
