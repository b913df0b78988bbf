/*
 * providers/oauth/spinner.c - "waiting for approval" on a terminal.
 *
 * The middleman POST blocks inside svc->http until the person approves,
 * so the spinner runs in a thread of its own.  It writes to stderr only,
 * only when stderr is a terminal (a log or a notebook gets the link and
 * nothing else), and stops within one tick when asked.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "oauth.h"

#define S_TICK_MS 100

struct oauth_spinner {
	pthread_t thread;
	atomic_bool stop;
	int64_t deadline_ms;
};

static int64_t s_mono_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void *s_run(void *arg)
{
	static const char frames[] = "|/-\\";
	oauth_spinner *sp = arg;
	struct timespec tick = { 0, S_TICK_MS * 1000000L };

	for (unsigned i = 0; !atomic_load(&sp->stop); i++) {
		int64_t left = (sp->deadline_ms - s_mono_ms() + 999) / 1000;

		fprintf(stderr, "\r%c Waiting for you to authorize in the browser "
		        "(%llds left, Ctrl-C to cancel)\033[K", frames[i % 4],
		        (long long)(left > 0 ? left : 0));
		fflush(stderr);
		nanosleep(&tick, NULL);
	}
	fputs("\r\033[K", stderr);
	fflush(stderr);
	return NULL;
}

oauth_spinner *oauth_spinner_start(int64_t deadline_ms)
{
	oauth_spinner *sp;
	sigset_t all, old;
	int err;

	if (!isatty(STDERR_FILENO) || !(sp = calloc(1, sizeof(*sp))))
		return NULL;
	atomic_init(&sp->stop, false);
	sp->deadline_ms = deadline_ms;
	/* The thread takes no signals: a Ctrl-C (or the host's own timers)
	 * go to the threads that were there before us. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	err = pthread_create(&sp->thread, NULL, s_run, sp);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (err != 0) {
		free(sp);
		return NULL;
	}
	return sp;
}

void oauth_spinner_stop(oauth_spinner *sp)
{
	if (!sp)
		return;
	atomic_store(&sp->stop, true);
	pthread_join(sp->thread, NULL);
	free(sp);
}
