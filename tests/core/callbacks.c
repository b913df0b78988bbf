/*
 * tests/core/callbacks.c - an application that sets the message and log
 * callbacks of dagshub_auth_options, as a GUI or a notebook would.  For
 * tests/core/callbacks.sh and tests/core/abspath.sh.
 *
 *   callbacks -c CONFIG [-o FILE] [-p CACHE] [-V N] [-v] [-n]
 *             login|token|clear|store
 *
 * Every callback is recorded: INFO lines are appended to FILE (where the
 * tests' scripted browser finds the OAuth link), and a summary goes to
 * stdout at the end:
 *   rc=<status> info=<n> progress=<n> done=<n> note=<last note>
 *   progress-text=<last progress text> log=<n> log-source=<last source>
 *   token=<value> (token only)
 * -p sets options.cache_path; -v sets DAGSHUB_AUTH_VERBOSE; -n leaves the
 * callbacks NULL.  `store` stores the token "stored-0123456789" with
 * dagshub_store_token(), its dagshub_token_input.version set by -V
 * (default DAGSHUB_TOKEN_INPUT_VERSION).  After `login`, elapsed-us= is the
 * time the login entry's trace line reports.  The program
 * itself never writes to stderr: whatever appears there came from the
 * library.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dagshub/auth.h"

struct seen {
	pthread_mutex_t lock; /* PROGRESS comes from the provider's thread */
	FILE *info;
	int ninfo, nprogress, ndone, nlog;
	char note[256], progress[256], source[256];
};

static void s_message(int kind, const char *text, void *payload)
{
	struct seen *s = payload;

	pthread_mutex_lock(&s->lock);
	switch (kind) {
	case DAGSHUB_MESSAGE_INFO:
		s->ninfo++;
		if (s->info) {
			fprintf(s->info, "%s\n", text);
			fflush(s->info);
		}
		break;
	case DAGSHUB_MESSAGE_PROGRESS:
		s->nprogress++;
		snprintf(s->progress, sizeof(s->progress), "%s", text);
		break;
	case DAGSHUB_MESSAGE_PROGRESS_DONE:
		s->ndone++;
		break;
	case DAGSHUB_MESSAGE_NOTE:
		snprintf(s->note, sizeof(s->note), "%s", text);
		break;
	}
	pthread_mutex_unlock(&s->lock);
}

static void s_log(int level, const char *source, const char *text,
                  void *payload)
{
	struct seen *s = payload;

	(void)level;
	(void)text;
	pthread_mutex_lock(&s->lock);
	s->nlog++;
	snprintf(s->source, sizeof(s->source), "%s", source);
	pthread_mutex_unlock(&s->lock);
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	struct seen s = { .lock = PTHREAD_MUTEX_INITIALIZER };
	dagshub_token *tok = NULL;
	dagshub_auth *a = NULL;
	const char *cmd, *out = NULL;
	dagshub_token_input in = DAGSHUB_TOKEN_INPUT_INIT;
	int c, rc, none = 0;

	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	while ((c = getopt(argc, argv, "c:o:p:V:vn")) != -1) {
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case 'o': out = optarg; break;
		case 'p': o.cache_path = optarg; break;
		case 'v': o.flags |= DAGSHUB_AUTH_VERBOSE; break;
		case 'n': none = 1; break;
		case 'V': in.version = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	if (optind + 1 != argc)
		return 2;
	cmd = argv[optind];
	if (out && !(s.info = fopen(out, "a")))
		return 2;
	if (!none) {
		o.message = s_message;
		o.message_payload = &s;
		o.log = s_log;
		o.log_payload = &s;
	}
	rc = dagshub_auth_open(&a, &o);
	if (rc == DAGSHUB_OK) {
		if (!strcmp(cmd, "login"))
			rc = dagshub_login_oauth(&tok, a, NULL, "callbacks test");
		else if (!strcmp(cmd, "token"))
			rc = dagshub_get_token(&tok, a, NULL);
		else if (!strcmp(cmd, "clear"))
			rc = dagshub_clear_token_cache(a);
		else if (!strcmp(cmd, "store")) {
			in.value = "stored-0123456789";
			rc = dagshub_store_token(a, &in, NULL);
		}
		else
			rc = DAGSHUB_EINVAL;
	}
	printf("rc=%s\ninfo=%d\nprogress=%d\ndone=%d\nnote=%s\n"
	       "progress-text=%s\nlog=%d\nlog-source=%s\n",
	       dagshub_strerror(rc), s.ninfo, s.nprogress, s.ndone, s.note,
	       s.progress, s.nlog, s.source);
	if (tok && !strcmp(cmd, "token"))
		printf("token=%s\n", tok->value);
	if (!strcmp(cmd, "login") && dagshub_auth_trace_at(a, 0))
		printf("elapsed-us=%lld\n",
		       (long long)dagshub_auth_trace_at(a, 0)->elapsed_us);
	printf("error=%s\n", dagshub_auth_last_error(a));
	dagshub_token_free(tok);
	dagshub_auth_close(a);
	if (s.info)
		fclose(s.info);
	return rc == DAGSHUB_OK ? 0 : 1;
}
