/*
 * core/loader.c - finding, checking and dlopen()ing one provider module.
 *
 * Every refusal names the module, the file and the reason, because the
 * person reading it is a site admin who has to fix a config or a file.
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

/*
 * Modules loaded by this process, with how many entries use each.  Two
 * handles (maybe in two threads) that load the same module share one
 * loaded object, and so its static data: the entry function must run once
 * per load, not once per entry, and before anyone uses the table it
 * returns.  The lock orders loading, the entry call and unloading.
 */
struct s_loaded {
	void *dl;
	const dagshub_provider_ops *ops;
	unsigned int users;
	struct s_loaded *next;
};

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static struct s_loaded *s_modules;

static struct s_loaded *s_find(void *dl)
{
	for (struct s_loaded *l = s_modules; l; l = l->next)
		if (l->dl == dl)
			return l;
	return NULL;
}

/* The smallest operations table a module may have: ABI 1.0's. */
#define S_OPS_MIN_SIZE \
	(offsetof(dagshub_provider_ops, close) + sizeof(void (*)(void *)))

static char *s_module_path(const struct dagshub_auth *a, const char *module)
{
	if (module[0] == '/')
		return dh_strdup(module);
	return dh_asprintf("%s/%s.so", a->provider_dir, module);
}

int dh_module_load(struct dagshub_auth *a, dh_entry *e, char **why)
{
	dh_module *m = &e->mod;
	dagshub_provider_entry_fn entry;
	const dagshub_provider_ops *ops;
	struct s_loaded *loaded;
	char *trust = NULL;
	void *sym;

	*why = NULL;
	if (!(m->path = s_module_path(a, e->module)))
		return DAGSHUB_ENOMEM;
	if (dh_check_trusted_file(m->path, "module", &trust) != 0) {
		*why = trust;
		return DAGSHUB_EPROVIDER;
	}
	pthread_mutex_lock(&s_lock);
	m->dl = dlopen(m->path, RTLD_NOW | RTLD_LOCAL);
	if (!m->dl) {
		*why = dh_asprintf("module %s cannot be loaded: %s", m->path,
		                   dlerror());
		pthread_mutex_unlock(&s_lock);
		return DAGSHUB_EPROVIDER;
	}
	if ((loaded = s_find(m->dl))) {
		/* already checked and entered: share it */
		loaded->users++;
		m->ops = loaded->ops;
		m->ops_size = loaded->ops->struct_size < sizeof(*m->ops)
		                  ? loaded->ops->struct_size : sizeof(*m->ops);
		pthread_mutex_unlock(&s_lock);
		return 0;
	}
	/* POSIX: a data pointer from dlsym() converts to a function pointer
	 * through memcpy without a cast warning. */
	sym = dlsym(m->dl, DAGSHUB_PROVIDER_ENTRY_SYMBOL);
	if (!sym) {
		*why = dh_asprintf("%s is not a dagshub-auth provider: it has no "
		                   "%s symbol", m->path,
		                   DAGSHUB_PROVIDER_ENTRY_SYMBOL);
		goto refuse;
	}
	memcpy(&entry, &sym, sizeof(entry));
	ops = entry(DAGSHUB_PROVIDER_ABI_MAJOR, DAGSHUB_PROVIDER_ABI_MINOR,
	            &dh_services);
	if (!ops) {
		*why = dh_asprintf("provider %s declined to work with this core "
		                   "(core provider ABI %u.%u)", m->path,
		                   DAGSHUB_PROVIDER_ABI_MAJOR,
		                   DAGSHUB_PROVIDER_ABI_MINOR);
		goto refuse;
	}
	if (ops->abi_major != DAGSHUB_PROVIDER_ABI_MAJOR) {
		*why = dh_asprintf("provider %s was built for provider ABI %u.%u, "
		                   "but this core speaks ABI %u.%u; rebuild it "
		                   "against this dagshub-auth", m->path,
		                   (unsigned)ops->abi_major, (unsigned)ops->abi_minor,
		                   DAGSHUB_PROVIDER_ABI_MAJOR,
		                   DAGSHUB_PROVIDER_ABI_MINOR);
		goto refuse;
	}
	if (ops->struct_size < S_OPS_MIN_SIZE) {
		*why = dh_asprintf("provider %s has an operations table of %zu "
		                   "bytes, smaller than ABI %u.0's %zu (provider "
		                   "ABI %u.%u, core ABI %u.%u)", m->path,
		                   ops->struct_size, DAGSHUB_PROVIDER_ABI_MAJOR,
		                   (size_t)S_OPS_MIN_SIZE, (unsigned)ops->abi_major,
		                   (unsigned)ops->abi_minor,
		                   DAGSHUB_PROVIDER_ABI_MAJOR,
		                   DAGSHUB_PROVIDER_ABI_MINOR);
		goto refuse;
	}
	if (!ops->open || !ops->get || !ops->close) {
		*why = dh_asprintf("provider %s lacks a required operation (open, "
		                   "get and close are required)", m->path);
		goto refuse;
	}
	if (!(loaded = calloc(1, sizeof(*loaded))))
		goto refuse;
	loaded->dl = m->dl;
	loaded->ops = ops;
	loaded->users = 1;
	loaded->next = s_modules;
	s_modules = loaded;
	pthread_mutex_unlock(&s_lock);
	m->ops = ops;
	m->ops_size = ops->struct_size < sizeof(*ops) ? ops->struct_size
	                                              : sizeof(*ops);
	return 0;

refuse:
	dlclose(m->dl);
	m->dl = NULL;
	pthread_mutex_unlock(&s_lock);
	return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
}

void dh_module_unload(dh_module *m)
{
	if (m->dl) {
		struct s_loaded **pp, *l;

		pthread_mutex_lock(&s_lock);
		for (pp = &s_modules; (l = *pp); pp = &l->next)
			if (l->dl == m->dl) {
				if (--l->users == 0) {
					*pp = l->next;
					free(l);
				}
				break;
			}
		dlclose(m->dl);
		pthread_mutex_unlock(&s_lock);
	}
	free(m->path);
	memset(m, 0, sizeof(*m));
}
