/*
 * tests/http/maps_probe.c - is libcurl in this process?  Linked with
 * libdagshub-auth only (never libcurl).  For tests/http/hot_path.sh.
 *
 *   maps_probe CONFIG
 *
 * Gets the token (the walk validates it, or finds a remembered good
 * result), reports whether libcurl is mapped, then validates the token
 * explicitly (which must load it) and reports again:
 *
 *   after-token: libcurl absent
 *   after-validate: libcurl present
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/auth.h"

static const char *s_curl_mapped(void)
{
	char line[4096];
	FILE *f = fopen("/proc/self/maps", "r");
	int found = 0;

	if (!f)
		return "unknown";
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "libcurl"))
			found = 1;
	fclose(f);
	return found ? "present" : "absent";
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	dagshub_token *tok = NULL;
	long status = 0;
	int rc;

	if (argc != 2)
		return 2;
	o.config_path = argv[1];
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	if ((rc = dagshub_auth_open(&a, &o)) != DAGSHUB_OK ||
	    (rc = dagshub_get_token(&tok, a, NULL)) != DAGSHUB_OK) {
		fprintf(stderr, "maps_probe: %s\n", dagshub_auth_last_error(a));
		dagshub_auth_close(a);
		return 1;
	}
	printf("after-token: libcurl %s\n", s_curl_mapped());
	rc = dagshub_validate_token(a, NULL, tok->value, &status, NULL);
	printf("validate: %s (HTTP %ld)\n", dagshub_strerror(rc), status);
	printf("after-validate: libcurl %s\n", s_curl_mapped());
	dagshub_token_free(tok);
	dagshub_auth_close(a);
	return 0;
}
