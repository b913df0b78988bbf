/*
 * bench/cache_get_loop.c - the cost of dagshub_get_token() on one open
 * handle when the token cache file has not changed: what a long-running
 * program pays per request once the first get has read the file.
 *
 *   cache_get_loop CONFIG HOST [N]
 *
 * CONFIG should contain only the cache provider (with validate = false, or
 * the validation policy is measured too).  Gets once, then times N
 * (default 10000) gets one by one and prints the median, the 99th
 * percentile and the mean in microseconds.  Exit 1 if a get fails.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "dagshub/auth.h"

static int64_t s_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int s_cmp(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return (x > y) - (x < y);
}

static int s_get(dagshub_auth *a, const char *host)
{
	dagshub_token *tok = NULL;
	int rc = dagshub_get_token(&tok, a, host);

	if (rc != DAGSHUB_OK) {
		fprintf(stderr, "cache_get_loop: %s\n",
		        dagshub_auth_last_error(a));
		return -1;
	}
	dagshub_token_free(tok);
	return 0;
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	int64_t *ns = NULL, t0, total = 0;
	long n = 10000;
	int rc = 1;

	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: cache_get_loop CONFIG HOST [N]\n");
		return 2;
	}
	if (argc == 4)
		n = strtol(argv[3], NULL, 10);
	if (n < 1 || !(ns = calloc((size_t)n, sizeof(*ns))))
		return 2;
	o.config_path = argv[1];
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	if (dagshub_auth_open(&a, &o) != DAGSHUB_OK) {
		fprintf(stderr, "cache_get_loop: %s\n",
		        dagshub_auth_last_error(a));
		goto out;
	}
	t0 = s_now_ns();
	if (s_get(a, argv[2]) < 0) /* loads the module, reads the file */
		goto out;
	printf("first get: %.1f us\n", (double)(s_now_ns() - t0) / 1000.0);
	for (long i = 0; i < n; i++) {
		t0 = s_now_ns();
		if (s_get(a, argv[2]) < 0)
			goto out;
		ns[i] = s_now_ns() - t0;
		total += ns[i];
	}
	qsort(ns, (size_t)n, sizeof(*ns), s_cmp);
	printf("gets: %ld  median: %.2f us  p99: %.2f us  mean: %.2f us\n", n,
	       (double)ns[n / 2] / 1000.0, (double)ns[n * 99 / 100] / 1000.0,
	       (double)total / (double)n / 1000.0);
	rc = 0;
out:
	dagshub_auth_close(a);
	free(ns);
	return rc;
}
