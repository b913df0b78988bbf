/*
 * tests/fuzz/fuzz_token.c - the token rule (core/token.c) and the
 * escaping rule (core/escape.c) on any bytes.
 *
 * Tokens come from environment variables, files (cache, keyring, a token
 * file), commands' output, stdin and the API; everything the CLI shows
 * from outside goes through the escaper.  Besides not crashing:
 *   - dh_token_check_len() accepts exactly RFC 6750's b64token of 1 to
 *     4096 bytes (checked against a second, plain reading of the rule),
 *     and dh_token_check() agrees with it on the input up to its first NUL;
 *   - a refusal's reason never holds the input (for inputs of 6 bytes or
 *     more: shorter ones could be a word of the reason by chance);
 *   - the escaper's output holds no C0 control, DEL, C1 control or bidi
 *     control, is valid UTF-8, and escaping it again changes nothing.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"
#include "escape.h"
#include "fuzz.h"

static bool s_ref_token(const uint8_t *d, size_t n)
{
	size_t i = 0;

	if (n < 1 || n > 4096)
		return false;
	while (i < n && ((d[i] >= 'A' && d[i] <= 'Z') ||
	                 (d[i] >= 'a' && d[i] <= 'z') ||
	                 (d[i] >= '0' && d[i] <= '9') || strchr("-._~+/", d[i])) &&
	       d[i] != '\0')
		i++;
	if (i == 0)
		return false;
	while (i < n && d[i] == '=')
		i++;
	return i == n;
}

static void s_check_escaped(const char *e)
{
	const unsigned char *p = (const unsigned char *)e;

	while (*p) {
		FUZZ_CHECK(*p >= 0x20 && *p != 0x7f, "raw control 0x%02x", *p);
		if (*p < 0x80) {
			p++;
			continue;
		}
		/* valid UTF-8, no C1, no bidi control */
		if (*p >= 0xc2 && *p <= 0xdf) {
			FUZZ_CHECK((p[1] & 0xc0) == 0x80, "bad UTF-8");
			FUZZ_CHECK(!(*p == 0xc2 && p[1] <= 0x9f), "raw C1 control");
			p += 2;
		} else if (*p >= 0xe0 && *p <= 0xef) {
			FUZZ_CHECK((p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80,
			           "bad UTF-8");
			FUZZ_CHECK(!(*p == 0xe2 && p[1] == 0x80 && p[2] >= 0xaa &&
			             p[2] <= 0xae), "raw bidi control");
			FUZZ_CHECK(!(*p == 0xe2 && p[1] == 0x81 && p[2] >= 0xa6 &&
			             p[2] <= 0xa9), "raw bidi isolate");
			p += 3;
		} else {
			FUZZ_CHECK(*p >= 0xf0 && *p <= 0xf4, "bad UTF-8 lead 0x%02x",
			           *p);
			FUZZ_CHECK((p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
			           (p[3] & 0xc0) == 0x80, "bad UTF-8");
			p += 4;
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), *why = NULL, *e, *e2;
	bool ref = s_ref_token(data, size);
	int rc;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = '\0';

	rc = dh_token_check_len(s, size, &why);
	FUZZ_CHECK((rc == 0) == ref, "check_len says %d, the rule says %d", rc,
	           (int)ref);
	FUZZ_CHECK(rc == 0 ? why == NULL : why != NULL, "reason iff refused");
	/* The reasons' fixed text is lowercase words ("not a token: ..."):
	 * an input made only of lowercase letters and spaces may be one of
	 * those words by chance (" token" was), which is not a leak. */
	if (why && size >= 6 && strspn(s, "abcdefghijklmnopqrstuvwxyz ") < size)
		FUZZ_CHECK(!memmem(why, strlen(why), data, size),
		           "the reason holds the input");
	free(why);
	why = NULL;

	rc = dh_token_check(s, &why);
	FUZZ_CHECK((rc == 0) == s_ref_token(data, strlen(s)),
	           "check and check_len disagree on the C string");
	if (why && strlen(s) >= 6 &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz ") < strlen(s))
		FUZZ_CHECK(!strstr(why, s), "the reason holds the input");
	free(why);

	e = dh_escape(s);
	FUZZ_CHECK(e != NULL, "escape failed");
	s_check_escaped(e);
	e2 = dh_escape(e);
	FUZZ_CHECK(e2 && !strcmp(e, e2), "escaping twice changes the text");
	if (ref && !memchr(data, '\0', size))
		FUZZ_CHECK(!strcmp(e, s), "a token is changed by escaping");
	free(e2);
	free(e);
	free(s);
	return 0;
}
