/*
 * core/token.c - what a token is: one rule for every token that enters
 * the core (a provider's set_token, login, the API, the environment
 * through the env provider) and for every token written (store).
 *
 * RFC 6750's b64token: 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" /
 * "/" ) *"=", and at most DH_TOKEN_MAX bytes.  So a token can never carry
 * a space, a control character (CR/LF: a header injection in
 * `http.extraHeader=Authorization: Bearer $(dagshub-auth token)`), a NUL
 * (C strings would cut it silently) or a quote, and the cache file never
 * holds a value its reader (or the Python client's) would refuse.
 *
 * The reason names the rule and the position and class of the first bad
 * byte, never the token or any byte of it.
 */
#include "config.h"

#include <string.h>

#include "internal.h"

static bool s_tchar(unsigned char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	       (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' ||
	       c == '~' || c == '+' || c == '/';
}

/* A class name for a byte that is not allowed (never the byte itself). */
static const char *s_class(unsigned char c)
{
	if (c == ' ')
		return "a space";
	if (c == '\t')
		return "a tab";
	if (c == '\r' || c == '\n')
		return "a line break (CR or LF)";
	if (c == 0x1b)
		return "an escape character (ESC)";
	if (c < 0x20 || c == 0x7f)
		return "a control character";
	if (c >= 0x80)
		return "a non-ASCII byte";
	return "a punctuation character outside - . _ ~ + /";
}

int dh_token_check_len(const char *value, size_t len, char **why)
{
	size_t i = 0;

	if (why)
		*why = NULL;
#define S_FAIL(...) do { \
		if (why && !(*why = dh_asprintf(__VA_ARGS__))) \
			return DAGSHUB_ENOMEM; \
		return DAGSHUB_EINVAL; \
	} while (0)
	if (!value || len == 0)
		S_FAIL("not a token: it is empty (a token is 1 to %d bytes of "
		       "letters, digits, - . _ ~ + / and trailing =)", DH_TOKEN_MAX);
	if (len > DH_TOKEN_MAX)
		S_FAIL("not a token: %zu bytes, more than the %d a token may have",
		       len, DH_TOKEN_MAX);
	while (i < len && s_tchar((unsigned char)value[i]))
		i++;
	if (i == 0 && value[0] == '=')
		S_FAIL("not a token: it begins with '=' (padding comes only at "
		       "the end, after at least one letter or digit)");
	while (i < len && value[i] == '=')
		i++;
	if (i < len) {
		unsigned char c = (unsigned char)value[i];
		size_t k;

		if (c == '\0')
			S_FAIL("not a token: a NUL byte at byte %zu of %zu", i + 1,
			       len);
		if (s_tchar(c)) {
			/* a token character after the '=' padding */
			for (k = i; k > 0 && value[k - 1] != '='; k--)
				;
			S_FAIL("not a token: '=' at byte %zu is followed by other "
			       "characters ('=' is allowed only at the end)", k);
		}
		S_FAIL("not a token: %s at byte %zu of %zu (a token is letters, "
		       "digits, - . _ ~ + / and trailing =, as RFC 6750's "
		       "b64token)", s_class(c), i + 1, len);
	}
#undef S_FAIL
	return 0;
}

int dh_token_check(const char *value, char **why)
{
	/* Measure at most one byte past the limit: a 70 MB value is not
	 * walked to say it is too long. */
	size_t len = value ? strnlen(value, DH_TOKEN_MAX + 1) : 0;

	if (len > DH_TOKEN_MAX) {
		if (why && !(*why = dh_asprintf("not a token: more than the %d "
		                                "bytes a token may have",
		                                DH_TOKEN_MAX)))
			return DAGSHUB_ENOMEM;
		return DAGSHUB_EINVAL;
	}
	return dh_token_check_len(value, len, why);
}

int dh_token_check_api(struct dagshub_auth *a, const char *value)
{
	char *why = NULL;
	int rc = dh_token_check(value, &why);

	if (rc != 0)
		rc = why ? dh_set_error(a, rc, "%s", why) : rc;
	free(why);
	return rc;
}
