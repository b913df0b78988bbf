/*
 * providers/common/childenv.c - the environment of a child process without
 * token variables (the rule is in childenv.h).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "childenv.h"

extern char **environ;

/* True when NAME (up to '=' or the end) is a token variable by the rule
 * above. */
bool dh_child_env_is_token_name(const char *name)
{
	static const char *const exact[] = {
		"DAGSHUB_USER_TOKEN", "MLFLOW_TRACKING_PASSWORD",
		"MLFLOW_TRACKING_TOKEN", "MLFLOW_TRACKING_USERNAME", NULL
	};
	const char *eq = strchr(name, '=');
	size_t n = eq ? (size_t)(eq - name) : strlen(name);

	for (size_t i = 0; exact[i]; i++)
		if (strlen(exact[i]) == n && memcmp(exact[i], name, n) == 0)
			return true;
	if (n >= 5 && memcmp(name + n - 5, "TOKEN", 5) == 0)
		for (size_t i = 0; i + 7 <= n; i++)
			if (memcmp(name + i, "DAGSHUB", 7) == 0)
				return true;
	return false;
}

/* Frees what dh_child_environ() returned (NULL is fine). */
void dh_child_environ_free(char **env)
{
	if (!env)
		return;
	for (size_t i = 0; env[i]; i++)
		free(env[i]);
	free(env);
}

/*
 * A malloc()ed, NULL-terminated copy of environ without token variables,
 * then the NAME=VALUE strings of `add` (NULL or NULL-terminated; an entry
 * of `add` replaces a variable of the same name).  Every string is a copy;
 * free the whole with dh_child_environ_free().  NULL when out of memory.
 */
char **dh_child_environ(const char *const *add)
{
	size_t n = 0, nadd = 0, k = 0;
	char **env;

	for (char **e = environ; e && *e; e++)
		n++;
	for (const char *const *p = add; p && *p; p++)
		nadd++;
	if (!(env = calloc(n + nadd + 1, sizeof *env)))
		return NULL;
	for (char **e = environ; e && *e; e++) {
		bool replaced = false;

		if (dh_child_env_is_token_name(*e))
			continue;
		for (const char *const *p = add; p && *p && !replaced; p++) {
			const char *eq = strchr(*p, '=');
			size_t len = eq ? (size_t)(eq - *p) : strlen(*p);

			replaced = strncmp(*e, *p, len) == 0 &&
			           (*e)[len] == '=';
		}
		if (replaced)
			continue;
		if (!(env[k++] = strdup(*e)))
			goto oom;
	}
	for (const char *const *p = add; p && *p; p++)
		if (!(env[k++] = strdup(*p)))
			goto oom;
	return env;
oom:
	dh_child_environ_free(env);
	return NULL;
}

