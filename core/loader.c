/*
 * core/loader.c - finding, checking and dlopen()ing one provider module.
 *
 * Every refusal names the module, the file and the reason, because the
 * person reading it is a site admin who has to fix a config or a file.
 *
 * What is loaded is what was checked: the module is opened once
 * (dh_open_trusted: owner and mode on the descriptor, every folder up to
 * /), and dlopen() is given that descriptor as /proc/self/fd/N.  A rename
 * or a symlink flip after the check cannot change what runs.
 */
#include "config.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

/*
 * Modules loaded by this process.  Two
 * handles (maybe in two threads) that load the same module share one
 * loaded object, and so its static data: the entry function must run once
 * per load, not once per entry, and before anyone uses the table it
 * returns.  The lock orders loading and the entry call.
 *
 * A module is known by its file (st_dev, st_ino), not by its dlopen()
 * handle or name: every load goes through a /proc/self/fd/N name.
 *
 * A module, once loaded and entered, stays loaded for the life of the
 * process, as the HTTP module does (http_glue.c): it is kept here and
 * reused as it is by every later entry, never entered again.  Unloading would buy a long-lived program little (the modules
 * are few and small) and costs every short one, the CLI above all, a
 * dlclose() of each module and its libraries just before it exits
 * (bench/RESULTS.md).
 *
 * Why the descriptor stays open while the module is loaded: glibc knows a
 * loaded object also by every name it was opened by, and answers a later
 * dlopen() of that name with the loaded object, whatever file the name
 * means by then.  Closing fd N while its object is loaded would let the
 * next module opened as fd N "load" as the old one.  So fd N lives as long
 * as the object.  A module that is refused after its dlopen() (no entry
 * symbol, another ABI) is closed at once, and its descriptor after it only
 * once dlopen(RTLD_NOLOAD) says the object is really gone.
 */
struct s_loaded {
	dev_t dev;
	ino_t ino;
	int fd;         /* what dl was opened through; see above */
	void *dl;
	const dagshub_provider_ops *ops;
	struct s_loaded *next;
};

static pthread_mutex_t s_lock = PTHREAD_MUTEX_INITIALIZER;
static struct s_loaded *s_modules;

static struct s_loaded *s_find(dev_t dev, ino_t ino)
{
	for (struct s_loaded *l = s_modules; l; l = l->next)
		if (l->dev == dev && l->ino == ino)
			return l;
	return NULL;
}

static void s_fd_name(char *buf, size_t size, int fd)
{
	static const char dir[] = "/proc/self/fd/";

	/* no snprintf() on the path every start takes: the printf code
	 * costs a start its page faults (bench/RESULTS.md); the name and
	 * 10 digits fit the callers' 32 bytes */
	_Static_assert(sizeof(dir) + 10 <= 32, "callers' buffers hold it");
	if (size < sizeof(dir) + 10 || fd < 0) {
		if (size)
			buf[0] = '\0';
		return;
	}
	memcpy(buf, dir, sizeof(dir) - 1);
	buf[sizeof(dir) - 1 + dh_put_uint(buf + sizeof(dir) - 1,
	                                  (unsigned)fd)] = '\0';
}

/* dlclose() of an object opened through fd: true when the object is gone
 * (fd closed), false when it stays loaded (fd kept, *dl_out holds a
 * reference again). */
static bool s_dlclose_fd(void *dl, int fd, void **dl_out)
{
	char name[32];
	void *still;

	dlclose(dl);
	s_fd_name(name, sizeof(name), fd);
	still = dlopen(name, RTLD_NOW | RTLD_LOCAL | RTLD_NOLOAD);
	if (still) {
		*dl_out = still;
		return false;
	}
	dlerror(); /* clear the NOLOAD miss */
	close(fd);
	*dl_out = NULL;
	return true;
}

/* The smallest operations table a module may have: ABI 1.0's. */
#define S_OPS_MIN_SIZE \
	(offsetof(dagshub_provider_ops, close) + sizeof(void (*)(void *)))

static char *s_module_path(const struct dagshub_auth *a, const char *module)
{
	if (module[0] == '/')
		return dh_strdup(module);
	return DH_JOIN(a->provider_dir, "/", module, ".so");
}

int dh_module_load(struct dagshub_auth *a, dh_entry *e, char **why)
{
	dh_module *m = &e->mod;
	dagshub_provider_entry_fn entry;
	const dagshub_provider_ops *ops;
	struct s_loaded *loaded;
	struct stat st;
	char fdpath[32];
	void *sym;
	int fd;

	*why = NULL;
	/* also checked when the config is read; the loader does not rely
	 * on its callers */
	if (dh_check_module_name(e->module, why) != 0)
		return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
	if (!(m->path = s_module_path(a, e->module)))
		return DAGSHUB_ENOMEM;
	/* O_NONBLOCK stays set (no fcntl() pair to clear it): fd is only
	 * ever named to dlopen() as /proc/self/fd/N, which opens a new file
	 * description with ld.so's own flags, and it never blocks on a
	 * regular file anyway. */
	if (dh_open_trusted(&fd, m->path, O_NONBLOCK, DH_TRUST_STRICT,
	                    "module", &a->trust_memo, &st, why) != 0)
		return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
	s_fd_name(fdpath, sizeof(fdpath), fd);
	pthread_mutex_lock(&s_lock);
	if ((loaded = s_find(st.st_dev, st.st_ino))) {
		/* already checked and entered: share it (the file just
		 * checked is the one loaded: same device and inode) */
		close(fd);
		m->dl = loaded->dl;
		m->ops = loaded->ops;
		m->ops_size = loaded->ops->struct_size < sizeof(*m->ops)
		                  ? loaded->ops->struct_size : sizeof(*m->ops);
		pthread_mutex_unlock(&s_lock);
		return 0;
	}
	m->dl = dlopen(fdpath, RTLD_NOW | RTLD_LOCAL);
	if (!m->dl) {
		close(fd);
		const char *e2 = dlerror();

		*why = dh_asprintf("module %s cannot be loaded: %s", m->path,
		                   e2 ? e2 : "unknown error");
		pthread_mutex_unlock(&s_lock);
		return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
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
	loaded->dev = st.st_dev;
	loaded->ino = st.st_ino;
	loaded->fd = fd;
	loaded->dl = m->dl;
	loaded->ops = ops;
	loaded->next = s_modules;
	s_modules = loaded;
	pthread_mutex_unlock(&s_lock);
	m->ops = ops;
	m->ops_size = ops->struct_size < sizeof(*ops) ? ops->struct_size
	                                              : sizeof(*ops);
	return 0;

refuse:
	if (!s_dlclose_fd(m->dl, fd, &sym)) {
		/* Refused, yet loaded elsewhere in the process: its name
		 * must stay taken, so the descriptor stays open (a rare
		 * leak of one descriptor, never a wrong module later). */
		dlclose(sym);
	}
	m->dl = NULL;
	pthread_mutex_unlock(&s_lock);
	return *why ? DAGSHUB_EPROVIDER : DAGSHUB_ENOMEM;
}

void dh_module_unload(dh_module *m)
{
	/* The loaded object stays in s_modules for the process (see
	 * there): an entry that closes only lets go of its own copy. */
	free(m->path);
	memset(m, 0, sizeof(*m));
}
