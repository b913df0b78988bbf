/*
 * cli/say.c - where the library's words to the person go: the message and
 * log callbacks that cli_open() installs (the library itself writes
 * nothing; see "Conventions" in <dagshub/auth.h>).
 *
 * - INFO lines (the OAuth link, hints) go to stderr as they are.
 * - PROGRESS is drawn as a one-line spinner, only when stderr is a
 *   terminal (a log or a notebook gets the link and nothing else);
 *   PROGRESS_DONE clears that line.
 * - NOTE is kept for the command to print where it always did (login's
 *   "Logged in ...; token stored in cache"): cli_note().
 * - Log lines: "dagshub-auth: MODULE: [warning: ]text".
 *
 * The OAuth provider sends PROGRESS from a thread of its own while the
 * main thread waits, so the drawing state sits behind a mutex.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dagshub/provider.h" /* DAGSHUB_LOG_* */
#include "cli.h"

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned s_frame;
static bool s_drawn;  /* a spinner line is on the terminal */
static char *s_note;

/* Clears a spinner line before anything else is written. */
static void s_clear_line(void)
{
	if (s_drawn) {
		fputs("\r\033[K", stderr);
		s_drawn = false;
	}
}

void cli_message(int kind, const char *text, void *payload)
{
	static const char frames[] = "|/-\\";

	(void)payload;
	pthread_mutex_lock(&s_lock);
	switch (kind) {
	case DAGSHUB_MESSAGE_PROGRESS:
		if (isatty(STDERR_FILENO)) {
			/* from the provider's own thread: no cli_esc() */
			char *e = cli_esc_dup(text);

			fprintf(stderr, "\r%c %s\033[K", frames[s_frame++ % 4],
			        e ? e : "");
			free(e);
			s_drawn = true;
		}
		break;
	case DAGSHUB_MESSAGE_PROGRESS_DONE:
		s_clear_line();
		break;
	case DAGSHUB_MESSAGE_NOTE:
		free(s_note);
		s_note = strdup(text);
		break;
	default: /* DAGSHUB_MESSAGE_INFO, and kinds added later */
		s_clear_line();
		/* the OAuth link, a provider's hint: outside text */
		fprintf(stderr, "%s\n", cli_esc(text));
		break;
	}
	fflush(stderr);
	pthread_mutex_unlock(&s_lock);
}

void cli_log(int level, const char *source, const char *text, void *payload)
{
	(void)payload;
	pthread_mutex_lock(&s_lock);
	s_clear_line();
	fprintf(stderr, "%s: %s: %s%s\n", cli_program, cli_esc(source),
	        level >= DAGSHUB_LOG_WARNING ? "warning: " : "", cli_esc(text));
	fflush(stderr);
	pthread_mutex_unlock(&s_lock);
}

const char *cli_note(void)
{
	return s_note ? s_note : "";
}
