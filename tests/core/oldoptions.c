/*
 * tests/core/oldoptions.c - a client built against library 0.1's
 * <dagshub/auth.h>: its dagshub_auth_options is version 1, which ends at
 * clock_payload.  A copy of that layout is here, followed in memory by
 * bytes that would crash the library if it read them as the version-2
 * callbacks.  For tests/core/abi.sh.
 *
 *   oldoptions -c CONFIG [-V VERSION]   prints rc=, token= and error=
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dagshub/auth.h"

/* dagshub_auth_options as library 0.1 declared it (version 1). */
struct options_v1 {
	unsigned int version;
	const char *config_path;
	const char *host;
	const char *cache_path;
	unsigned int flags;
	int64_t (*clock_us)(void *payload);
	void *clock_payload;
};

/* What lies after the old struct in this program's memory: if the
 * library copied the current size it would take these as message/log
 * callbacks and call them. */
static struct {
	struct options_v1 o;
	unsigned char after[64];
} s_mem;

int main(int argc, char **argv)
{
	dagshub_token *tok = NULL;
	dagshub_auth *a = NULL;
	int c, rc;

	memset(&s_mem, 0xA5, sizeof(s_mem));
	memset(&s_mem.o, 0, sizeof(s_mem.o));
	s_mem.o.version = 1;
	s_mem.o.flags = DAGSHUB_AUTH_NON_INTERACTIVE | DAGSHUB_AUTH_VERBOSE;
	while ((c = getopt(argc, argv, "c:V:")) != -1) {
		switch (c) {
		case 'c': s_mem.o.config_path = optarg; break;
		case 'V': s_mem.o.version = (unsigned)atoi(optarg); break;
		default: return 2;
		}
	}
	rc = dagshub_auth_open(&a, (const dagshub_auth_options *)(void *)&s_mem.o);
	if (rc == DAGSHUB_OK)
		rc = dagshub_get_token(&tok, a, NULL);
	printf("rc=%s\n", dagshub_strerror(rc));
	if (tok)
		printf("token=%s\n", tok->value);
	printf("error=%s\n", dagshub_auth_last_error(a));
	dagshub_token_free(tok);
	dagshub_auth_close(a);
	return rc == DAGSHUB_OK ? 0 : 1;
}
