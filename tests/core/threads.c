/*
 * tests/core/threads.c - auth.h's thread rule, exercised: separate handles
 * in separate threads at the same time (open, walk, close, over and over,
 * loading and unloading the same modules).  Prints TAP.  Run under the
 * sanitizers in CI, where a race on shared state would show.
 */
#include "config.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "dagshub/auth.h"

#define S_THREADS 8
#define S_ROUNDS 200

static char s_conf[512];

static void *s_worker(void *arg)
{
	long failures = 0;

	(void)arg;
	for (int i = 0; i < S_ROUNDS; i++) {
		dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
		dagshub_auth *a = NULL;
		dagshub_token *t = NULL;

		o.config_path = s_conf;
		o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
		if (dagshub_auth_open(&a, &o) != DAGSHUB_OK ||
		    dagshub_get_token(&t, a, NULL) != DAGSHUB_OK ||
		    strcmp(t->value, "thread-token-0123456789") != 0 ||
		    dagshub_auth_trace_count(a) != 3)
			failures++;
		dagshub_token_free(t);
		dagshub_auth_close(a);
	}
	return (void *)failures;
}

int main(void)
{
	const char *dir = getenv("PROVIDER_TEST_DIR");
	char tmp[] = "/tmp/dagshub-threads.XXXXXX";
	pthread_t th[S_THREADS];
	long failures = 0;
	FILE *f;

	if (!dir || !mkdtemp(tmp)) {
		printf("1..0 # SKIP PROVIDER_TEST_DIR not set\n");
		return 0;
	}
	snprintf(s_conf, sizeof(s_conf), "%s/t.conf", tmp);
	f = fopen(s_conf, "w");
	if (!f)
		return 1;
	/* env (not set: notfound), then a fixed token, then a never-reached
	 * entry: every walk opens two modules. */
	fprintf(f, "version = 1;\nprovider_dir = \"%s\";\n"
	        "providers = ( { module = \"env\"; args = { variable = \"DAGSHUB_TEST_UNSET_%d\"; }; },\n"
	        "  { module = \"fixed\"; args = { result = \"token\"; token = \"thread-token-0123456789\"; }; },\n"
	        "  { module = \"nosuch\"; } );\n", dir, (int)getpid());
	fclose(f);
	chmod(s_conf, 0600);

	printf("1..1\n");
	for (int i = 0; i < S_THREADS; i++)
		if (pthread_create(&th[i], NULL, s_worker, NULL) != 0)
			return 1;
	for (int i = 0; i < S_THREADS; i++) {
		void *r;
		pthread_join(th[i], &r);
		failures += (long)r;
	}
	printf("%s 1 - %d threads x %d rounds of open/get/close, each with its own handle\n",
	       failures ? "not ok" : "ok", S_THREADS, S_ROUNDS);
	if (failures)
		printf("# %ld rounds failed\n", failures);
	unlink(s_conf);
	rmdir(tmp);
	return failures ? 1 : 0;
}
