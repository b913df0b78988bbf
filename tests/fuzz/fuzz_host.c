/*
 * tests/fuzz/fuzz_host.c - dagshub_normalize_host() on any bytes.
 *
 * Host keys come from config files, the token cache (written by other
 * programs), DAGSHUB_CLIENT_HOST and the command line.  Besides not
 * crashing, a normalised host must be a fixed point (two spellings of one
 * instance find one chain and one cache entry only if normalising twice
 * changes nothing) and have the documented shape:
 *   - http:// or https://, then no upper-case letter before the path,
 *     and no trailing slash;
 *   - the same answer for the input with its scheme and authority in
 *     upper case, and for the input with one more trailing slash.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "dagshub/auth.h"
#include "fuzz.h"

/* The input as a C string (the API takes one: a NUL ends it). */
static char *s_cstr(const uint8_t *data, size_t size, size_t extra)
{
	char *s = malloc(size + extra + 1);

	if (!s)
		return NULL;
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static void s_check_shape(const char *in, const char *h)
{
	const char *auth, *end;
	size_t len = strlen(h);

	if (!strncmp(h, "https://", 8))
		auth = h + 8;
	else if (!strncmp(h, "http://", 7))
		auth = h + 7;
	else
		FUZZ_CHECK(0, "'%s' gave '%s': not http(s)://", in, h);
	FUZZ_CHECK(*auth, "'%s' gave '%s': no host", in, h);
	FUZZ_CHECK(h[len - 1] != '/', "'%s' gave '%s': trailing slash", in, h);
	end = auth + strcspn(auth, "/");
	for (const char *p = h; p < end; p++)
		FUZZ_CHECK(!isupper((unsigned char)*p),
		           "'%s' gave '%s': upper case in scheme or host", in, h);
	for (const char *p = h; *p; p++)
		FUZZ_CHECK((unsigned char)*p > ' ' && *p != 0x7f &&
		           *p != '?' && *p != '#' && (p >= end || *p != '@'),
		           "'%s' gave '%s': a character it refuses", in, h);
}

/* Normalises `in` and checks that it gives `want` (NULL: an error). */
static void s_expect(const char *in, const char *want, const char *why)
{
	char *got = NULL;
	int rc = dagshub_normalize_host(&got, in);

	if (rc == DAGSHUB_ENOMEM)
		return;
	if (!want) {
		FUZZ_CHECK(rc != DAGSHUB_OK, "%s: '%s' gave '%s', expected an "
		           "error", why, in, got);
	} else {
		FUZZ_CHECK(rc == DAGSHUB_OK, "%s: '%s' failed (%d), expected "
		           "'%s'", why, in, rc, want);
		FUZZ_CHECK(!strcmp(got, want), "%s: '%s' gave '%s', expected "
		           "'%s'", why, in, got, want);
	}
	free(got);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *in = s_cstr(data, size, 1), *out = (char *)"unset";
	int rc;

	if (!in)
		return 0;
	rc = dagshub_normalize_host(&out, in);
	FUZZ_CHECK(rc == DAGSHUB_OK || rc == DAGSHUB_EINVAL ||
	           rc == DAGSHUB_ENOMEM, "'%s': status %d", in, rc);
	if (rc != DAGSHUB_OK) {
		FUZZ_CHECK(out == NULL, "'%s' failed but set *out", in);
		free(in);
		return 0;
	}
	FUZZ_CHECK(out != NULL, "'%s': OK without a result", in);
	s_check_shape(in, out);
	s_expect(out, out, "idempotence");

	/* Upper-case scheme and authority: same host.  (Only ASCII letters
	 * change: the core lower-cases with tolower() in the C locale.) */
	{
		char *up = s_cstr((const uint8_t *)in, strlen(in), 1);
		char *sep = up ? strstr(up, "://") : NULL;

		if (sep) {
			char *end = sep + 3 + strcspn(sep + 3, "/");

			for (char *p = up; p < end; p++)
				*p = (char)toupper((unsigned char)*p);
			s_expect(up, out, "upper-case authority");
		}
		free(up);
	}
	/* One more trailing slash: same host. */
	{
		size_t n = strlen(in);

		in[n] = '/';
		in[n + 1] = '\0';
		s_expect(in, out, "one more trailing slash");
	}
	free(out);
	free(in);
	return 0;
}
