/*
 * core/loader.c - finding, checking and dlopen()ing one provider module.
 *
 * Every refusal names the module, the file and the reason, because the
 * person reading it is a site admin who has to fix a config or a file.
 */
#include "config.h"

#include <dlfcn.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

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
	char *trust = NULL;
	void *sym;

	*why = NULL;
	if (!(m->path = s_module_path(a, e->module)))
		return DAGSHUB_ENOMEM;
	if (dh_check_trusted_file(m->path, "module", &trust) != 0) {
		*why = trust;
		return DAGSHUB_EPROVIDER;
	}
	m->dl = dlopen(m->path, RTLD_NOW | RTLD_LOCAL);
	if (!m->dl) {
		*why = dh_asprintf("module %s cannot be loaded: %s", m->path,
		                   dlerror());
		return DAGSHUB_EPROVIDER;
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
	m->ops = ops;
	m->ops_size = ops->struct_size < sizeof(*ops) ? ops->struct_size
	                                              : sizeof(*ops);
	return 0;

refuse:
	dlclose(m->dl);
	m->dl = NULL;
	return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
}

void dh_module_unload(dh_module *m)
{
	if (m->dl)
		dlclose(m->dl);
	free(m->path);
	memset(m, 0, sizeof(*m));
}
