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
 *   - a refusal's reason says nothing of the input but its length and
 *     the place and class of the byte that broke the rule: two twins of
 *     the input, every byte swapped for another of its class ('A' and
 *     'b' for token characters, '!' and '#' for other punctuation, ...),
 *     get the very same reason.  (A test for the input as a substring of
 *     the reason had false alarms: " token:" is in "not a token: ...".);
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

/* d with every byte swapped for the one of its class in set 0 or 1:
 * what the token rule looks at (token character, '=', NUL, the class
 * names of core/token.c) is kept, anything else is not. */
static void s_twin(const uint8_t *d, size_t n, char *out, int set)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = d[i];
		char t;

		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || (c && strchr("-._~+/", c)))
			t = set ? 'b' : 'A';
		else if (c == '=' || c == ' ' || c == '\t' || c == 0x1b ||
		         c == '\0')
			t = (char)c;
		else if (c == '\r' || c == '\n')
			t = set ? '\r' : '\n';
		else if (c < 0x20 || c == 0x7f)
			t = set ? 0x02 : 0x01;
		else if (c >= 0x80)
			t = (char)(set ? 0xff : 0x80);
		else
			t = set ? '#' : '!';
		out[i] = t;
	}
	out[n] = '\0';
}

/* The reason for d and the reasons for its two twins are the same. */
static void s_check_reason(const uint8_t *d, size_t n, const char *why,
                           bool as_string)
{
	char *twin = malloc(n + 1), *twhy = NULL;

	if (!twin)
		return;
	for (int set = 0; set < 2; set++) {
		s_twin(d, n, twin, set);
		if (as_string)
			(void)dh_token_check(twin, &twhy);
		else
			(void)dh_token_check_len(twin, n, &twhy);
		FUZZ_CHECK(twhy && !strcmp(why, twhy),
		           "the reason depends on the input's bytes: \"%s\" "
		           "and, for its twin, \"%s\"", why,
		           twhy ? twhy : "(none)");
		free(twhy);
		twhy = NULL;
	}
	free(twin);
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
	if (why)
		s_check_reason(data, size, why, false);
	free(why);
	why = NULL;

	rc = dh_token_check(s, &why);
	FUZZ_CHECK((rc == 0) == s_ref_token(data, strlen(s)),
	           "check and check_len disagree on the C string");
	if (why)
		s_check_reason((const uint8_t *)s, strlen(s), why, true);
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
