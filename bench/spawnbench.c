/*
 * bench/spawnbench.c - times one command against a baseline command in
 * pairs, A B A B ..., and prints the statistics of the pairwise ratios.
 *
 *   spawnbench PAIRS -- A ARGS... \; B ARGS...
 *
 * Each pair runs A then B once; B's wall time divided by A's (and minus
 * A's) is one sample, so the machine's drift (frequency, other load) hits
 * both halves of a sample alike, and nothing else runs between them.  Five
 * warm-up pairs are not counted.  Prints one line:
 *
 *   A_MEDIAN_US B_MEDIAN_US RATIO_MEDIAN RATIO_P10 RATIO_P90
 *   DELTA_MEDIAN_US DELTA_P10_US DELTA_P90_US A_FAULTS B_FAULTS
 *
 * where the FAULTS are the median minor page faults of one run (from
 * wait4()'s rusage): unlike the times they hardly move with the machine's
 * load, and each costs a few microseconds, so they show where a
 * difference comes from.
 *
 * stdout and stderr of the commands go to /dev/null; a command that exits
 * non-zero stops the run (exit 1).  stdin is inherited, or with
 * SPAWNBENCH_STDIN=FILE that file, opened afresh for every run of A and
 * of B alike (a git credential helper reads its request there).
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define S_WARMUP 5

extern char **environ;

static int s_cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double s_now_us(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* The q-quantile of n sorted values (nearest rank). */
static double s_q(double *v, int n, double q)
{
	int i = (int)(q * (n - 1) + 0.5);

	return v[i];
}

static double s_run(char **argv, const posix_spawn_file_actions_t *fa,
                    double *faults)
{
	struct rusage ru;
	pid_t pid;
	int st;
	double t0 = s_now_us();

	if (posix_spawn(&pid, argv[0], fa, NULL, argv, environ) != 0) {
		perror(argv[0]);
		exit(1);
	}
	if (wait4(pid, &st, 0, &ru) < 0) {
		perror("wait4");
		exit(1);
	}
	*faults = (double)ru.ru_minflt;
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		fprintf(stderr, "spawnbench: %s failed (status %d)\n", argv[0],
		        st);
		exit(1);
	}
	return s_now_us() - t0;
}

int main(int argc, char **argv)
{
	char **a, **b;
	double *ta, *tb, *ratio, *delta, *fa_, *fb;
	int pairs, i = 3;
	posix_spawn_file_actions_t fa;

	if (argc < 6 || strcmp(argv[2], "--") || (pairs = atoi(argv[1])) < 1) {
		fprintf(stderr, "usage: spawnbench PAIRS -- A... \\; B...\n");
		return 2;
	}
	a = &argv[i];
	while (i < argc && strcmp(argv[i], ";"))
		i++;
	if (i >= argc - 1) {
		fprintf(stderr, "spawnbench: no B command\n");
		return 2;
	}
	argv[i++] = NULL;
	b = &argv[i];
	ta = calloc((size_t)pairs, sizeof(double));
	tb = calloc((size_t)pairs, sizeof(double));
	ratio = calloc((size_t)pairs, sizeof(double));
	delta = calloc((size_t)pairs, sizeof(double));
	fa_ = calloc((size_t)pairs, sizeof(double));
	fb = calloc((size_t)pairs, sizeof(double));
	if (!ta || !tb || !ratio || !delta || !fa_ || !fb)
		return 1;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	if (getenv("SPAWNBENCH_STDIN"))
		posix_spawn_file_actions_addopen(&fa, 0, getenv("SPAWNBENCH_STDIN"),
		                                 O_RDONLY, 0);
	for (int r = -S_WARMUP; r < pairs; r++) {
		double fx, fy, x = s_run(a, &fa, &fx), y = s_run(b, &fa, &fy);

		if (r < 0)
			continue;
		ta[r] = x;
		tb[r] = y;
		fa_[r] = fx;
		fb[r] = fy;
		ratio[r] = y / x;
		delta[r] = y - x;
	}
	qsort(ta, (size_t)pairs, sizeof(double), s_cmp);
	qsort(tb, (size_t)pairs, sizeof(double), s_cmp);
	qsort(ratio, (size_t)pairs, sizeof(double), s_cmp);
	qsort(delta, (size_t)pairs, sizeof(double), s_cmp);
	qsort(fa_, (size_t)pairs, sizeof(double), s_cmp);
	qsort(fb, (size_t)pairs, sizeof(double), s_cmp);
	printf("%.1f %.1f %.4f %.4f %.4f %.1f %.1f %.1f %.0f %.0f\n",
	       s_q(ta, pairs, 0.5),
	       s_q(tb, pairs, 0.5), s_q(ratio, pairs, 0.5),
	       s_q(ratio, pairs, 0.1), s_q(ratio, pairs, 0.9),
	       s_q(delta, pairs, 0.5), s_q(delta, pairs, 0.1),
	       s_q(delta, pairs, 0.9), s_q(fa_, pairs, 0.5),
	       s_q(fb, pairs, 0.5));
	return 0;
}
