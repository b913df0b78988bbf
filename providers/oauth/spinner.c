/*
 * providers/oauth/spinner.c - "waiting for approval", as progress messages.
 *
 * The middleman POST blocks inside svc->http until the person approves,
 * so a thread of its own sends svc->progress() about ten times a second
 * with the time left, and svc->progress_done() when the wait ends.  It
 * writes nothing itself: the application decides how to show the wait
 * (the CLI draws a spinner on a terminal and shows nothing in a log).  It
 * stops within one tick when asked, before get() returns, as the
 * progress service requires.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <time.h>

#include "oauth.h"

#define S_TICK_MS 100

struct oauth_spinner {
	pthread_t thread;
	atomic_bool stop;
	int64_t deadline_ms;
	const dagshub_provider_services *svc;
	dagshub_provider_ctx *ctx;
};

static void *s_run(void *arg)
{
	oauth_spinner *sp = arg;
	struct timespec tick = { 0, S_TICK_MS * 1000000L };

	while (!atomic_load(&sp->stop)) {
		int64_t left = (sp->deadline_ms - sp->svc->monotonic_ms(sp->ctx) +
		                999) / 1000;

		sp->svc->progress(sp->ctx, "Waiting for you to authorize in the "
		                  "browser (%llds left, Ctrl-C to cancel)",
		                  (long long)(left > 0 ? left : 0));
		nanosleep(&tick, NULL);
	}
	return NULL;
}

oauth_spinner *oauth_spinner_start(const dagshub_provider_services *svc,
                                   dagshub_provider_ctx *ctx,
                                   int64_t deadline_ms)
{
	oauth_spinner *sp;
	sigset_t all, old;
	int err;

	/* A core of ABI 1.0 has no progress service: wait without. */
	if (!DAGSHUB_HAS_FIELD(svc, dagshub_provider_services, progress_done) ||
	    !(sp = calloc(1, sizeof(*sp))))
		return NULL;
	atomic_init(&sp->stop, false);
	sp->deadline_ms = deadline_ms;
	sp->svc = svc;
	sp->ctx = ctx;
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
	sp->svc->progress_done(sp->ctx);
	free(sp);
}
