/*
 * tests/cache/cache_get.c - drives one library handle from stdin, with an
 * injected clock, so the cache tests can check expiry, priorities and
 * re-reading on one open handle.
 *
 *   cache_get CONFIG NOW_US < commands
 *
 * One command per line; one answer line per command, flushed at once (the
 * tests talk to it through FIFOs):
 *   get HOST                         token TYPE EXPIRES_US VALUE
 *                                    | none STATUS: message
 *   store HOST TYPE EXPIRES_US VALUE stored | error STATUS: message
 *   now US                           now US   (moves the clock)
 *   why HOST                         why RESULT: REASON [| WARNING]...
 *                                    (a get, then the first entry's trace)
 *   list                             list HOST TYPE FINGERPRINT...
 *                                    | none STATUS: message
 * Test tokens only: printing them is the point of this helper.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/auth.h"

static int64_t s_clock(void *payload)
{
	return *(const int64_t *)payload;
}

/* The library's message on one line (answers are read line by line). */
static void s_print_error(const char *what, int rc, const dagshub_auth *a)
{
	printf("%s %d: ", what, rc);
	for (const char *p = dagshub_auth_last_error(a); *p; p++)
		putchar(*p == '\n' ? ' ' : *p);
	putchar('\n');
}

static void s_get(dagshub_auth *a, const char *host)
{
	dagshub_token *tok = NULL;
	int rc = dagshub_get_token(&tok, a, host);

	if (rc == DAGSHUB_OK) {
		printf("token %s %" PRId64 " %s\n", tok->type ? tok->type : "-",
		       tok->expires_us, tok->value);
		dagshub_token_free(tok);
	} else {
		s_print_error("none", rc, a);
	}
}

static void s_store(dagshub_auth *a, char *args)
{
	char *host = strtok(args, " "), *type = strtok(NULL, " ");
	char *exp = strtok(NULL, " "), *value = strtok(NULL, "");
	int rc;

	if (!host || !type || !exp || !value) {
		printf("error usage: store HOST TYPE EXPIRES_US VALUE\n");
		return;
	}
	rc = dagshub_add_token(a, host, value, type, strtoll(exp, NULL, 10),
	                       NULL);
	if (rc == DAGSHUB_OK)
		printf("stored\n");
	else
		s_print_error("error", rc, a);
}

static void s_put_line(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\n' ? ' ' : *s);
}

static void s_why(dagshub_auth *a, const char *host)
{
	dagshub_token *tok = NULL;
	const dagshub_trace *t;

	if (dagshub_get_token(&tok, a, host) == DAGSHUB_OK)
		dagshub_token_free(tok);
	t = dagshub_auth_trace_at(a, 0);
	if (!t) {
		printf("why none\n");
		return;
	}
	printf("why %s: ", dagshub_trace_result_str(t->result));
	s_put_line(t->reason);
	for (const char *const *w = t->warnings; *w; w++) {
		printf(" | ");
		s_put_line(*w);
	}
	putchar('\n');
}

static int s_list_item(const dagshub_token_listing *item, void *payload)
{
	FILE *f = payload;

	fprintf(f, " %s %s %s", item->host, item->type ? item->type : "-",
	        item->fingerprint);
	return 0;
}

/* Every stored token on one line (after a get on the same handle, this
 * must still be the whole file). */
static void s_list(dagshub_auth *a)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	if (!f) {
		printf("error out of memory\n");
		return;
	}
	rc = dagshub_list_tokens(a, s_list_item, f);
	fclose(f);
	if (rc == DAGSHUB_OK)
		printf("list%s\n", buf);
	else
		s_print_error("none", rc, a);
	free(buf);
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	int64_t now;
	char line[4096];
	int rc;

	if (argc != 3) {
		fprintf(stderr, "usage: cache_get CONFIG NOW_US < commands\n");
		return 2;
	}
	now = strtoll(argv[2], NULL, 10);
	o.config_path = argv[1];
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	o.clock_us = s_clock;
	o.clock_payload = &now;
	rc = dagshub_auth_open(&a, &o);
	if (rc != DAGSHUB_OK) {
		fprintf(stderr, "cache_get: %s\n", dagshub_auth_last_error(a));
		dagshub_auth_close(a);
		return 2;
	}
	while (fgets(line, sizeof(line), stdin)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "get ", 4))
			s_get(a, line + 4);
		else if (!strncmp(line, "store ", 6))
			s_store(a, line + 6);
		else if (!strncmp(line, "why ", 4))
			s_why(a, line + 4);
		else if (!strcmp(line, "list"))
			s_list(a);
		else if (!strncmp(line, "now ", 4)) {
			now = strtoll(line + 4, NULL, 10);
			printf("now %" PRId64 "\n", now);
		} else
			printf("error unknown command\n");
		fflush(stdout);
	}
	dagshub_auth_close(a);
	return 0;
}
