/*
 * tests/cache/cache_roundtrip.c - loads a token cache file with the cache
 * provider's reader and writes it back with its PyYAML-compatible writer,
 * to stdout.  The round-trip and PyYAML comparison tests (roundtrip.sh,
 * emitter.sh) run it on fixtures and on files PyYAML itself wrote.
 *
 *   cache_roundtrip FILE      exit 0 and the rewritten bytes on stdout;
 *                             exit 1 and the reader's error on stderr;
 *                             exit 3 when the model cannot be written.
 *   cache_roundtrip FILE HOST VALUE TYPE EXPIRY_US
 *                             the same, with a token added to the model
 *                             first (cf_add, no checks): what the writer
 *                             itself refuses.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/auth.h"
#include "providers/cache/cachefile.h"

static char *s_norm(void *payload, const char *url)
{
	char *out = NULL;

	(void)payload;
	return dagshub_normalize_host(&out, url) == DAGSHUB_OK ? out : NULL;
}

static char *s_slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n;

	*len = 0;
	if (!fp)
		return NULL;
	do {
		char *nb = realloc(buf, cap + 65536);

		if (!nb) {
			free(buf);
			fclose(fp);
			return NULL;
		}
		buf = nb;
		cap += 65536;
		n = fread(buf + *len, 1, cap - *len, fp);
		*len += n;
	} while (n > 0);
	fclose(fp);
	return buf;
}

int main(int argc, char **argv)
{
	cf_file f;
	char *buf, *out = NULL, *err = NULL;
	size_t len, olen;
	int rc = 1;

	if (argc != 2 && argc != 6) {
		fprintf(stderr, "usage: cache_roundtrip FILE [HOST VALUE TYPE "
		        "EXPIRY_US]\n");
		return 2;
	}
	buf = s_slurp(argv[1], &len);
	if (!buf) {
		perror(argv[1]);
		return 2;
	}
	if (cf_parse(&f, buf, len, argv[1], s_norm, NULL, &err) != CF_OK) {
		fprintf(stderr, "%s\n", err ? err : "out of memory");
		goto out;
	}
	if (argc == 6 && cf_add(&f, argv[2], argv[3], argv[4],
	                        strtoll(argv[5], NULL, 10)) < 0) {
		fprintf(stderr, "out of memory\n");
		goto out_model;
	}
	rc = 3;
	if (cf_check_writable(&f, argv[1], &err) < 0 ||
	    cf_emit(&f, &out, &olen, &err) < 0) {
		fprintf(stderr, "%s\n", err ? err : "out of memory");
		goto out_model;
	}
	fwrite(out, 1, olen, stdout);
	rc = 0;
out_model:
	cf_file_free(&f);
out:
	free(out);
	free(err);
	free(buf);
	return rc;
}
