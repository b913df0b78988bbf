/*
 * providers/common/lazylib.h - a shared library a provider loads on first
 * use instead of linking it.
 *
 * A library a module links is mapped and relocated whenever the module is
 * loaded, whether or not it is called: libyaml cost every `dagshub-auth
 * token` that reached the cache entry about 70 us, libcjson every one that
 * reached a file or exec entry about as much (bench/RESULTS.md), though
 * the common get() of each needs neither.  GNU ld has no lazy loading of
 * a needed library, so such a module does not link the library: it
 * defines the functions it calls itself, with the prototypes of the
 * library's header (the compiler checks that they match), and each calls
 * the real one, found with dlsym() in the library dlopen()ed by its soname
 * on first use - the same file, found the same way (ld.so's search,
 * ld.so.cache), that linking it would have loaded at start.
 *
 * The definitions stay inside the module (it exports only its entry
 * point) and the library is opened RTLD_LOCAL, so nothing outside the
 * module sees them and the library's own calls stay inside it.  Once
 * loaded, the library stays loaded for the life of the process, as
 * provider modules do.  A caller calls the load function before the first
 * call and stops there when it fails; a function called anyway before a
 * successful load fails as the library's own do on error (returns 0, or
 * NULL).
 *
 * Use (see providers/cache/cacheyaml.c):
 *
 *     #define S_FUNCTIONS(F, V) \
 *             F(int, lib_parse, (lib_t *p, const char *s), (p, s)) \
 *             V(lib_free, (lib_t *p), (p))
 *     DH_LAZYLIB(s_lib, "libfoo.so.1", S_FUNCTIONS)
 *
 * defines the functions lib_parse() and lib_free() and
 * `static int s_lib_load(const char **why)`: 0 when they can be called,
 * else -1 and *why (static text) says why not.  F is for a function that
 * returns a value, V for one that returns void; thread-safe.
 */
#ifndef DAGSHUB_LAZYLIB_H
#define DAGSHUB_LAZYLIB_H

#include <pthread.h>
#include <stddef.h>

/* One function: its name, and the pointer to fill with its address. */
typedef struct dh_lazysym {
	const char *name;
	void *slot;    /* a function pointer object */
	size_t size;   /* sizeof that pointer */
} dh_lazysym;

typedef struct dh_lazylib {
	const char *soname;
	const dh_lazysym *syms;
	size_t nsyms;
	pthread_mutex_t lock;
	int state;       /* 0 not tried yet, 1 loaded, -1 failed */
	char why[512];
} dh_lazylib;

/* Loads l once (lazylib.c); 0, or -1 with *why. */
int dh_lazylib_load(dh_lazylib *l, const char **why);

#define DH_LAZY_PTR_(ret, name, params, args) \
	static ret (*dh_lazy_##name) params;
#define DH_LAZY_PTR_V_(name, params, args) \
	static void (*dh_lazy_##name) params;
#define DH_LAZY_SYM_(ret, name, params, args) \
	{ #name, &dh_lazy_##name, sizeof(dh_lazy_##name) },
#define DH_LAZY_SYM_V_(name, params, args) \
	DH_LAZY_SYM_(void, name, params, args)
#define DH_LAZY_DEF_(ret, name, params, args) \
	ret name params \
	{ \
		return dh_lazy_##name ? dh_lazy_##name args : 0; \
	}
#define DH_LAZY_DEF_V_(name, params, args) \
	void name params \
	{ \
		if (dh_lazy_##name) \
			dh_lazy_##name args; \
	}

#define DH_LAZYLIB(prefix, soname, FUNCTIONS) \
	FUNCTIONS(DH_LAZY_PTR_, DH_LAZY_PTR_V_) \
	static const dh_lazysym prefix##_syms[] = { \
		FUNCTIONS(DH_LAZY_SYM_, DH_LAZY_SYM_V_) \
	}; \
	static dh_lazylib prefix##_lib = { \
		soname, prefix##_syms, \
		sizeof(prefix##_syms) / sizeof(prefix##_syms[0]), \
		PTHREAD_MUTEX_INITIALIZER, 0, "" \
	}; \
	static int prefix##_load(const char **why) \
	{ \
		return dh_lazylib_load(&prefix##_lib, why); \
	} \
	FUNCTIONS(DH_LAZY_DEF_, DH_LAZY_DEF_V_)

#endif /* DAGSHUB_LAZYLIB_H */
