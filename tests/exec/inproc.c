/*
 * tests/exec/inproc.c - the exec provider inside a long-lived host
 * program, through the library: the host's signal dispositions and mask
 * stay as they were, a child of the host's own is neither reaped nor
 * killed, and no child of the provider is left (no zombie).
 *
 *   inproc CONFIG N      asks N times for the default host's token
 *                        (with INPROC_CLOSE_STDIN set: closes fd 0 first,
 *                        after the open, as a daemon may)
 *
 * Prints "result ok|notoken", "reason: TEXT" (the last error), then
 * "sigpipe_kept", "sigchld_kept", "mask_kept", "own_child_kept",
 * "children_left" as 1/0 or a count.  Test tokens only.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "dagshub/auth.h"

static volatile sig_atomic_t s_chld;

static void s_on_chld(int sig)
{
	(void)sig;
	s_chld++;
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	struct sigaction pipe_before, chld_before, now;
	sigset_t mask_before, mask_now;
	dagshub_auth *a = NULL;
	int ok = 0, n, left = 0, st;
	pid_t own, w;

	if (argc != 3)
		return 2;
	n = atoi(argv[2]);
	/* A host that ignores SIGPIPE, counts SIGCHLD and blocks SIGUSR1. */
	signal(SIGPIPE, SIG_IGN);
	memset(&now, 0, sizeof(now));
	now.sa_handler = s_on_chld;
	sigaction(SIGCHLD, &now, NULL);
	sigemptyset(&mask_now);
	sigaddset(&mask_now, SIGUSR1);
	sigprocmask(SIG_BLOCK, &mask_now, NULL);
	sigaction(SIGPIPE, NULL, &pipe_before);
	sigaction(SIGCHLD, NULL, &chld_before);
	sigprocmask(SIG_SETMASK, NULL, &mask_before);
	if ((own = fork()) == 0) {
		pause();
		_exit(0);
	}

	o.config_path = argv[1];
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	if (dagshub_auth_open(&a, &o) != DAGSHUB_OK) {
		printf("open failed: %s\n", dagshub_auth_last_error(a));
		return 2;
	}
	if (getenv("INPROC_CLOSE_STDIN"))
		close(0);
	for (int i = 0; i < n; i++) {
		dagshub_token *t = NULL;
		ok = dagshub_get_token(&t, a, NULL) == DAGSHUB_OK;
		if (ok && i == n - 1)
			printf("token %s\n", t->value);
		dagshub_token_free(t);
	}
	printf("result %s\n", ok ? "ok" : "notoken");
	printf("reason: %s\n", ok ? "" : dagshub_auth_last_error(a));
	dagshub_auth_close(a);

	sigaction(SIGPIPE, NULL, &now);
	printf("sigpipe_kept %d\n", now.sa_handler == pipe_before.sa_handler);
	sigaction(SIGCHLD, NULL, &now);
	printf("sigchld_kept %d\n", now.sa_handler == chld_before.sa_handler);
	sigprocmask(SIG_SETMASK, NULL, &mask_now);
	printf("mask_kept %d\n", sigismember(&mask_now, SIGUSR1) ==
	                                 sigismember(&mask_before, SIGUSR1) &&
	                         sigismember(&mask_now, SIGTERM) ==
	                                 sigismember(&mask_before, SIGTERM));
	w = waitpid(own, &st, WNOHANG);
	printf("own_child_kept %d\n", w == 0);
	kill(own, SIGKILL);
	waitpid(own, &st, 0);
	/* Anything else still a child of ours (a zombie the provider did not
	 * reap, or one still running) counts. */
	while ((w = waitpid(-1, &st, WNOHANG)) != -1 || errno == EINTR)
		if (w > 0 || w == 0) {
			left++;
			if (w == 0)
				break;
		}
	printf("children_left %d\n", left);
	return 0;
}
