/*
 * providers/common/childenv.h - the environment of a process a provider
 * starts (the exec provider's command, the OAuth browser opener).
 *
 * A child gets a copy of our environment WITHOUT the variables that hold
 * a DagsHub token, so a token read from the environment never leaks into
 * programs that did not ask for it (a browser, a helper's helpers).  The
 * rule, by name only (values are never looked at):
 *
 *   - DAGSHUB_USER_TOKEN (the env provider's default variable and what
 *     `dagshub-auth exec` exports), MLFLOW_TRACKING_PASSWORD,
 *     MLFLOW_TRACKING_TOKEN and MLFLOW_TRACKING_USERNAME (what
 *     `dagshub-auth exec/env` export for MLflow; the username is the
 *     token itself when the login is unknown) are removed;
 *   - so is every variable whose name contains "DAGSHUB" and ends in
 *     "TOKEN" (DAGSHUB_TOKEN, CORP_DAGSHUB_TOKEN, ...): name the variable
 *     of an `env` entry that way and its children never see it.
 *
 * Everything else is kept, other credentials included (VAULT_TOKEN,
 * AWS_*, KRB5CCNAME...): the exec provider's commands exist to use them.
 * The core does not name providers, so the rule cannot learn the
 * `variable` of each env entry; the naming convention above is the
 * documented way to get a custom variable hidden.
 *
 * Each provider that starts processes compiles childenv.c into itself
 * (add it to the provider's _SOURCES): providers link nothing of each other.
 */
#ifndef DAGSHUB_PROVIDERS_CHILDENV_H
#define DAGSHUB_PROVIDERS_CHILDENV_H

#include <stdbool.h>

/* True when NAME (up to '=' or the end) is a token variable by the rule
 * above. */
bool dh_child_env_is_token_name(const char *name);

/*
 * A malloc()ed, NULL-terminated copy of environ without token variables,
 * then the NAME=VALUE strings of `add` (NULL or NULL-terminated; an entry
 * of `add` replaces a variable of the same name, even a token variable).
 * Every string is a copy; free the whole with dh_child_environ_free().
 * NULL when out of memory.
 */
char **dh_child_environ(const char *const *add);

/* Frees what dh_child_environ() returned (NULL is fine). */
void dh_child_environ_free(char **env);

#endif /* DAGSHUB_PROVIDERS_CHILDENV_H */
