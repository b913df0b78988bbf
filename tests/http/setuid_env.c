/*
 * tests/http/setuid_env.c - an LD_PRELOAD shim that makes secure_getenv()
 * see the environment as a setuid program does (glibc answers NULL for
 * every name there) for the proxy variables only, while getenv() still
 * sees them, as libcurl's own reading does in such a program.  For
 * proxy.sh: the HTTP module's proxy check reads secure_getenv(), libcurl
 * reads getenv(), and a request must still never go through a proxy the
 * check did not see.  The other names (the config, the HTTP module) stay
 * readable, so the program runs from the build tree.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

char *secure_getenv(const char *name);

char *secure_getenv(const char *name)
{
	size_t n = strlen(name);

	if (n >= 6 && (!strcmp(name + n - 6, "_proxy") ||
	               !strcmp(name + n - 6, "_PROXY")))
		return NULL;
	return getenv(name);
}
