/*
 * bench/spawnbench.c - times whole commands, interleaved, and prints the
 * median wall time of each in microseconds.
 *
 *   spawnbench RUNS -- NAME CMD ARGS... \; NAME CMD ARGS... \; ...
 *
 * Each round runs every command once, in turn, so that the machine's
 * drift (frequency, other load) hits all of them alike; ratios of medians
 * taken in one run are what bench/run reports.  stdout and stderr of the
 * commands go to /dev/null; a command that exits non-zero stops the run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

struct cmd {
	const char *name;
	char **argv;
	double *us;
};

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

int main(int argc, char **argv)
{
	struct cmd cmds[32];
	int ncmd = 0, runs, i = 3;
	posix_spawn_file_actions_t fa;

	if (argc < 5 || strcmp(argv[2], "--")) {
		fprintf(stderr, "usage: spawnbench RUNS -- NAME CMD... \\; ...\n");
		return 2;
	}
	runs = atoi(argv[1]);
	while (i < argc && ncmd < 32) {
		cmds[ncmd].name = argv[i++];
		cmds[ncmd].argv = &argv[i];
		while (i < argc && strcmp(argv[i], ";"))
			i++;
		if (i < argc)
			argv[i++] = NULL;
		cmds[ncmd].us = calloc((size_t)runs, sizeof(double));
		ncmd++;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	for (int r = -3; r < runs; r++) { /* 3 warm-up rounds */
		for (int c = 0; c < ncmd; c++) {
			pid_t pid;
			int st;
			double t0 = s_now_us();

			if (posix_spawn(&pid, cmds[c].argv[0], &fa, NULL,
			                cmds[c].argv, environ) != 0) {
				perror(cmds[c].argv[0]);
				return 1;
			}
			waitpid(pid, &st, 0);
			if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
				fprintf(stderr, "spawnbench: %s failed (status %d)\n",
				        cmds[c].name, st);
				return 1;
			}
			if (r >= 0)
				cmds[c].us[r] = s_now_us() - t0;
		}
	}
	for (int c = 0; c < ncmd; c++) {
		qsort(cmds[c].us, (size_t)runs, sizeof(double), s_cmp);
		printf("%s %.1f\n", cmds[c].name, cmds[c].us[runs / 2]);
	}
	return 0;
}
