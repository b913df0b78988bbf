/*
 * tests/core/unit_api.c - the client API: options versioning, errors on a
 * failed open, the trace, and that a handle can be closed in any state.
 * The config is written by the test; modules come from PROVIDER_TEST_DIR.
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

static char s_dir[] = "/tmp/dagshub-unit-api.XXXXXX";
static char s_conf[256];

static void s_write_conf(const char *body)
{
	const char *dir = getenv("PROVIDER_TEST_DIR");
	FILE *f;

	snprintf(s_conf, sizeof(s_conf), "%s/unit_api.conf", s_dir);
	f = fopen(s_conf, "w");
	assert_non_null(f);
	fprintf(f, "version = 1;\nprovider_dir = \"%s\";\n%s\n",
	        dir ? dir : ".", body);
	fclose(f);
	chmod(s_conf, 0600);
}

static void test_options_version_checked(void **state)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;

	o.version = 99;
	assert_int_equal(dagshub_auth_open(&a, &o), DAGSHUB_EINVAL);
	assert_non_null(a);
	assert_non_null(strstr(dagshub_auth_last_error(a), "version 99"));
	dagshub_auth_close(a);
}

static void test_failed_open_keeps_message(void **state)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	dagshub_token *t = NULL;

	s_write_conf("bogus = 1;");
	o.config_path = s_conf;
	assert_int_equal(dagshub_auth_open(&a, &o), DAGSHUB_ECONFIG);
	assert_non_null(strstr(dagshub_auth_last_error(a), "bogus: unknown setting"));
	/* a failed handle refuses to walk instead of walking half a chain */
	assert_int_equal(dagshub_get_token(&t, a, NULL), DAGSHUB_ECONFIG);
	assert_null(t);
	dagshub_auth_close(a);
}

static void test_trace_and_token(void **state)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	dagshub_token *t = NULL;
	const dagshub_trace *tr;

	s_write_conf("providers = ( { module = \"fixed\"; args = { result = \"unavailable\"; }; },\n"
	             "  { module = \"fixed\"; args = { result = \"token\"; token = \"tok-0123456789\"; }; },\n"
	             "  { module = \"nosuch\"; } );");
	o.config_path = s_conf;
	o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	assert_int_equal(dagshub_auth_open(&a, &o), DAGSHUB_OK);
	assert_int_equal(dagshub_get_token(&t, a, "https://DagsHub.com/"), DAGSHUB_OK);
	assert_string_equal(t->value, "tok-0123456789");
	assert_string_equal(t->host, "https://dagshub.com");
	assert_string_equal(t->source, "fixed");
	assert_int_equal(t->entry, 1);
	assert_int_equal(t->expires_us, 0);
	assert_int_equal(dagshub_auth_trace_count(a), 3);
	tr = dagshub_auth_trace_at(a, 0);
	assert_int_equal(tr->result, DAGSHUB_TRACE_UNAVAILABLE);
	assert_int_equal(tr->answered, 0);
	tr = dagshub_auth_trace_at(a, 1);
	assert_int_equal(tr->result, DAGSHUB_TRACE_TOKEN);
	assert_int_equal(tr->answered, 1);
	assert_string_equal(tr->fingerprint, "tok-\xe2\x80\xa6" "6789");
	tr = dagshub_auth_trace_at(a, 2);
	assert_int_equal(tr->result, DAGSHUB_TRACE_NOT_REACHED);
	assert_null(dagshub_auth_trace_at(a, 3));
	dagshub_token_free(t);

	/* the same handle walks again (modules stay open) */
	assert_int_equal(dagshub_get_token(&t, a, NULL), DAGSHUB_OK);
	dagshub_token_free(t);
	dagshub_auth_close(a);
}

static void test_no_token_message(void **state)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	dagshub_token *t = NULL;
	const char *msg;

	s_write_conf("providers = ( { module = \"fixed\"; args = { reason = \"nothing in the vault\"; }; },\n"
	             "  { module = \"nosuch\"; } );");
	o.config_path = s_conf;
	assert_int_equal(dagshub_auth_open(&a, &o), DAGSHUB_OK);
	assert_int_equal(dagshub_get_token(&t, a, NULL), DAGSHUB_ENOTOKEN);
	assert_null(t);
	msg = dagshub_auth_last_error(a);
	assert_non_null(strstr(msg, "1. fixed [sufficient]: notfound: nothing in the vault"));
	assert_non_null(strstr(msg, "2. nosuch [sufficient]: error: "));
	assert_non_null(strstr(msg, "nosuch.so"));
	dagshub_auth_close(a);
}

static void test_close_null(void **state)
{
	dagshub_auth_close(NULL);
	dagshub_token_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_options_version_checked),
		cmocka_unit_test(test_failed_open_keeps_message),
		cmocka_unit_test(test_trace_and_token),
		cmocka_unit_test(test_no_token_message),
		cmocka_unit_test(test_close_null),
	};
	int rc;

	if (!mkdtemp(s_dir))
		return 1;
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	unlink(s_conf);
	rmdir(s_dir);
	return rc;
}
