/*
 * tests/oauth/childenv_test.c - providers/common/childenv: the environment
 * of the processes providers start has no token variables, keeps the
 * other credentials, and takes additions.  TAP.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "providers/common/childenv.h"

static int n, failed;

static void ok(int cond, const char *name)
{
	n++;
	if (!cond)
		failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", n, name);
}

static const char *find(char **env, const char *name)
{
	size_t len = strlen(name);

	for (size_t i = 0; env && env[i]; i++)
		if (strncmp(env[i], name, len) == 0 && env[i][len] == '=')
			return env[i] + len + 1;
	return NULL;
}

int main(void)
{
	const char *add[] = { "ADDED=1", "KEPT=replaced", NULL };
	char **env;

	setenv("DAGSHUB_USER_TOKEN", "secret1", 1);
	setenv("MLFLOW_TRACKING_PASSWORD", "secret2", 1);
	setenv("MLFLOW_TRACKING_TOKEN", "secret3", 1);
	setenv("MLFLOW_TRACKING_USERNAME", "secret6", 1);
	setenv("CORP_DAGSHUB_TOKEN", "secret4", 1);
	setenv("DAGSHUB_TOKEN", "secret5", 1);
	setenv("VAULT_TOKEN", "vault", 1);
	setenv("AWS_SECRET_ACCESS_KEY", "aws", 1);
	setenv("DAGSHUB_CLIENT_HOST", "https://h.example", 1);
	setenv("DAGSHUB_USER_TOKENX", "kept", 1);
	setenv("KEPT", "original", 1);

	env = dh_child_environ(add);
	ok(env != NULL, "dh_child_environ returns a copy");
	ok(!find(env, "DAGSHUB_USER_TOKEN"), "DAGSHUB_USER_TOKEN removed");
	ok(!find(env, "MLFLOW_TRACKING_PASSWORD"), "MLFLOW_TRACKING_PASSWORD removed");
	ok(!find(env, "MLFLOW_TRACKING_TOKEN"), "MLFLOW_TRACKING_TOKEN removed");
	ok(!find(env, "MLFLOW_TRACKING_USERNAME"),
	   "MLFLOW_TRACKING_USERNAME removed (exec --mlflow may put the token there)");
	ok(!find(env, "CORP_DAGSHUB_TOKEN"), "*DAGSHUB*TOKEN removed (CORP_DAGSHUB_TOKEN)");
	ok(!find(env, "DAGSHUB_TOKEN"), "*DAGSHUB*TOKEN removed (DAGSHUB_TOKEN)");
	ok(find(env, "VAULT_TOKEN") && !strcmp(find(env, "VAULT_TOKEN"), "vault"),
	   "unrelated credentials kept (VAULT_TOKEN)");
	ok(find(env, "AWS_SECRET_ACCESS_KEY") != NULL,
	   "unrelated credentials kept (AWS_SECRET_ACCESS_KEY)");
	ok(find(env, "DAGSHUB_CLIENT_HOST") != NULL, "DAGSHUB_CLIENT_HOST kept");
	ok(find(env, "DAGSHUB_USER_TOKENX") != NULL,
	   "names are matched whole (DAGSHUB_USER_TOKENX kept)");
	ok(find(env, "ADDED") && !strcmp(find(env, "ADDED"), "1"), "additions appended");
	ok(find(env, "KEPT") && !strcmp(find(env, "KEPT"), "replaced"),
	   "an addition replaces a variable of the same name");
	{
		int count = 0;

		for (size_t i = 0; env && env[i]; i++)
			count += strncmp(env[i], "KEPT=", 5) == 0;
		ok(count == 1, "a replaced variable appears once");
	}
	ok(!strcmp(getenv("DAGSHUB_USER_TOKEN"), "secret1"),
	   "our own environment is not changed");
	dh_child_environ_free(env);
	env = dh_child_environ(NULL);
	ok(env && find(env, "VAULT_TOKEN") && !find(env, "DAGSHUB_USER_TOKEN"),
	   "no additions (NULL)");
	dh_child_environ_free(env);
	dh_child_environ_free(NULL);
	printf("1..%d\n", n);
	return failed != 0;
}
