/*
 * providers/common/lazylib.c - loading a library on first use (lazylib.h).
 */
#include "config.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "lazylib.h"

static int s_load(dh_lazylib *l)
{
	void *dl = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		const char *e = dlerror();

		snprintf(l->why, sizeof(l->why), "cannot load %s: %s",
		         l->soname, e ? e : "unknown error");
		return -1;
	}
	for (size_t i = 0; i < l->nsyms; i++) {
		void *sym = dlsym(dl, l->syms[i].name);

		if (!sym) {
			snprintf(l->why, sizeof(l->why), "%s has no %s: not the "
			         "version this module was built for", l->soname,
			         l->syms[i].name);
			/* Kept loaded (a dlclose() is not worth a half state),
			 * but no function is used. */
			for (size_t j = 0; j < i; j++)
				memset(l->syms[j].slot, 0, l->syms[j].size);
			return -1;
		}
		/* POSIX: dlsym()'s data pointer has the representation of
		 * the function pointer it names. */
		memcpy(l->syms[i].slot, &sym, l->syms[i].size);
	}
	return 0;
}

int dh_lazylib_load(dh_lazylib *l, const char **why)
{
	int state;

	pthread_mutex_lock(&l->lock);
	if (l->state == 0)
		l->state = s_load(l) == 0 ? 1 : -1;
	state = l->state;
	pthread_mutex_unlock(&l->lock);
	if (state < 0 && why)
		*why = l->why;
	return state > 0 ? 0 : -1;
}
