/*
 * tests/file/rotloop.c - one long-lived library handle asking for the
 * token in a loop while a test rotates the token file under it.
 *
 *   rotloop CONFIG DIR TOKEN1 TOKEN2 ... TOKENn
 *
 * Before each get it notes the highest i for which DIR/at-i exists (the
 * test creates it right after installing TOKENi); the token the get
 * returns must then be TOKENi or a later one: a rotation is seen at once.
 * It stops when DIR/stop exists and prints
 *   gets N        gets made
 *   bad N         answers that were no token, empty, or not one of the
 *                 TOKENs (half of one and half of another)
 *   stale N       answers older than a rotation already finished
 *   seen I J ...  the tokens' numbers in the order they were first seen
 * Test tokens only.
 */
#define _POSIX_C_SOURCE 200809L /* nanosleep */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "dagshub/auth.h"

static int s_exists(const char *dir, const char *name)
{
	char p[4096];
	struct stat sb;

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	return stat(p, &sb) == 0;
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	long gets = 0, bad = 0, stale = 0;
	int ntok = argc - 3, last = 0, k = 0;
	dagshub_auth *a = NULL;

	if (argc < 4)
		return 2;
	o.config_path = argv[1];
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	if (dagshub_auth_open(&a, &o) != DAGSHUB_OK) {
		fprintf(stderr, "rotloop: %s\n", dagshub_auth_last_error(a));
		return 2;
	}
	printf("seen");
	while (!s_exists(argv[2], "stop") && gets < 2000000) {
		dagshub_token *t = NULL;
		char name[32];
		int idx = 0;

		/* The rotations finished before this get. */
		for (int i = k + 1; i <= ntok; i++) {
			snprintf(name, sizeof(name), "at-%d", i);
			if (!s_exists(argv[2], name))
				break;
			k = i;
		}
		gets++;
		if (dagshub_get_token(&t, a, NULL) == DAGSHUB_OK)
			for (int i = 0; i < ntok; i++)
				if (!strcmp(t->value, argv[3 + i]))
					idx = i + 1;
		if (!idx) {
			if (bad++ == 0)
				fprintf(stderr, "rotloop: bad answer: %s\n",
				        t ? t->value : dagshub_auth_last_error(a));
		} else if (idx < k) {
			stale++;
		}
		if (idx > last) {
			printf(" %d", idx);
			last = idx;
		}
		dagshub_token_free(t);
		/* A breath between gets: two cores are shared by many tests. */
		nanosleep(&(struct timespec){ 0, 100000 }, NULL);
	}
	printf("\ngets %ld\nbad %ld\nstale %ld\n", gets, bad, stale);
	dagshub_auth_close(a);
	return 0;
}
