/*
 * tests/core/unit_tokens.c - the public API refuses what is not a token
 * and an empty host (issue 8, findings 4 and 7):
 *   - dagshub_add_token / store_token / validate_token / erase_tokens
 *     with a value that is not an RFC 6750 b64token of 1..4096 bytes:
 *     DAGSHUB_EINVAL, a message naming the rule and never the value, and
 *     nothing written (the store entry is never called);
 *   - an empty host ("", an unset variable) is DAGSHUB_EINVAL, in the
 *     options and in every call that takes a host.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "dagshub/auth.h"

static char s_dir[] = "/tmp/dagshub-unit-tokens.XXXXXX";
static char s_conf[256], s_cache[256];

static dagshub_auth *s_open(void)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	const char *top = getenv("top_builddir");
	dagshub_auth *a = NULL;
	FILE *f;

	snprintf(s_conf, sizeof(s_conf), "%s/t.conf", s_dir);
	snprintf(s_cache, sizeof(s_cache), "%s/tokens", s_dir);
	f = fopen(s_conf, "w");
	assert_non_null(f);
	fprintf(f, "version = 1;\nprovider_dir = \"%s/providers/cache/.libs\";\n"
	        "providers = ( { module = \"cache\"; store = true; "
	        "args = { path = \"%s\"; }; } );\n",
	        top ? top : ".", s_cache);
	fclose(f);
	chmod(s_conf, 0600);
	o.config_path = s_conf;
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	assert_int_equal(dagshub_auth_open(&a, &o), DAGSHUB_OK);
	return a;
}

static void s_refused(dagshub_auth *a, int rc, const char *rule,
                      const char *value)
{
	const char *msg = dagshub_auth_last_error(a);

	assert_int_equal(rc, DAGSHUB_EINVAL);
	if (!strstr(msg, rule))
		fail_msg("expected [%s] in [%s]", rule, msg);
	if (value && strlen(value) >= 6 && strstr(msg, value))
		fail_msg("the message holds the value: [%s]", msg);
	assert_int_equal(access(s_cache, F_OK), -1);
}

static void test_store_refuses_non_tokens(void **state)
{
	dagshub_auth *a = s_open();
	dagshub_token_input t = DAGSHUB_TOKEN_INPUT_INIT;
	char *big = malloc(70u << 20);
	size_t erased = 0;

	(void)state;
	assert_non_null(big);
	s_refused(a, dagshub_add_token(a, NULL, "tok\r\nX-Evil: 1", NULL, 0, NULL),
	          "a line break (CR or LF) at byte 4", "X-Evil: 1");
	s_refused(a, dagshub_add_app_token(a, NULL, "secret value", NULL),
	          "a space at byte 7", "secret value");
	s_refused(a, dagshub_add_app_token(a, NULL, "", NULL), "it is empty", NULL);
	memset(big, 'a', (70u << 20) - 1);
	big[(70u << 20) - 1] = '\0';
	t.value = big;
	s_refused(a, dagshub_store_token(a, &t, NULL),
	          "more than the 4096 bytes", NULL);
	big[4096] = '\0';
	assert_int_equal(dagshub_store_token(a, &t, NULL), DAGSHUB_OK);
	assert_int_equal(access(s_cache, F_OK), 0);
	unlink(s_cache);
	s_refused(a, dagshub_validate_token(a, NULL, "tok\033[2J", NULL, NULL),
	          "an escape character (ESC) at byte 4", NULL);
	s_refused(a, dagshub_erase_tokens(a, NULL, "bad\ttoken", NULL, &erased),
	          "a tab at byte 4", "bad\ttoken");
	free(big);
	dagshub_auth_close(a);
}

static void test_empty_host_is_einval(void **state)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = s_open(), *b = NULL;
	dagshub_token *t = NULL;

	(void)state;
	assert_int_equal(dagshub_get_token(&t, a, ""), DAGSHUB_EINVAL);
	assert_null(t);
	assert_non_null(strstr(dagshub_auth_last_error(a), "the host is empty"));
	assert_int_equal(dagshub_add_app_token(a, "", "good-token", NULL),
	                 DAGSHUB_EINVAL);
	assert_int_equal(access(s_cache, F_OK), -1);
	assert_int_equal(dagshub_validate_token(a, "", "good-token", NULL, NULL),
	                 DAGSHUB_EINVAL);
	assert_int_equal(dagshub_erase_tokens(a, "", NULL, NULL, NULL),
	                 DAGSHUB_EINVAL);
	dagshub_auth_close(a);

	o.config_path = s_conf;
	o.host = "";
	assert_int_equal(dagshub_auth_open(&b, &o), DAGSHUB_EINVAL);
	assert_non_null(strstr(dagshub_auth_last_error(b), "the host is empty"));
	dagshub_auth_close(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_store_refuses_non_tokens),
		cmocka_unit_test(test_empty_host_is_einval),
	};
	int rc;

	if (!mkdtemp(s_dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(s_cache);
	unlink(s_conf);
	rmdir(s_dir);
	return rc;
}
