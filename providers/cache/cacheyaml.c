/*
 * providers/cache/cacheyaml.c - libyaml, loaded when it is first needed.
 *
 * Most `dagshub-auth token` runs read one host of a cache file in the
 * layout the Python client and our writer produce, which the fast reader
 * (cachefast.c) reads without libyaml.  Linking libyaml would make every
 * run that reaches the cache entry pay for loading it (about 70 us of
 * mapping and relocating, measured in bench/RESULTS.md) whether it is
 * called or not; GNU ld has no lazy loading of a needed library.  So the
 * module does not link it: the functions it calls are defined here, with
 * the prototypes of <yaml.h> (the compiler checks that they match), and
 * each calls the real one, found with dlsym() in libyaml loaded by its
 * soname on first use - the same library, found the same way (ld.so's
 * search, ld.so.cache) that a link against it would have loaded at start.
 *
 * These definitions are internal to cache.so (it exports only its entry
 * point) and libyaml is opened RTLD_LOCAL, so nothing outside the module
 * sees them, and libyaml's own calls stay inside libyaml.  Once loaded,
 * libyaml stays loaded for the life of the process, as provider modules
 * do.  A caller calls cf_yaml_load() before the first libyaml call and
 * stops there when it fails; a function called anyway before a
 * successful load fails as libyaml's own do on error (returns 0).
 */
#include "config.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "cachefile.h"

#ifndef YAML_SONAME
#error "configure defines YAML_SONAME, the soname of libyaml"
#endif

/* Every libyaml function the module calls: F(return type, name,
 * parameters, arguments), or V(name, parameters, arguments) for one that
 * returns void. */
#define S_FUNCTIONS(F, V) \
	F(int, yaml_parser_initialize, (yaml_parser_t *p), (p)) \
	V(yaml_parser_delete, (yaml_parser_t *p), (p)) \
	V(yaml_parser_set_input_string, (yaml_parser_t *p, \
	  const unsigned char *in, size_t size), (p, in, size)) \
	F(int, yaml_parser_parse, (yaml_parser_t *p, yaml_event_t *e), (p, e)) \
	V(yaml_event_delete, (yaml_event_t *e), (e)) \
	F(int, yaml_emitter_initialize, (yaml_emitter_t *em), (em)) \
	V(yaml_emitter_delete, (yaml_emitter_t *em), (em)) \
	V(yaml_emitter_set_output, (yaml_emitter_t *em, \
	  yaml_write_handler_t *h, void *data), (em, h, data)) \
	V(yaml_emitter_set_unicode, (yaml_emitter_t *em, int u), (em, u)) \
	V(yaml_emitter_set_width, (yaml_emitter_t *em, int w), (em, w)) \
	V(yaml_emitter_set_indent, (yaml_emitter_t *em, int i), (em, i)) \
	V(yaml_emitter_set_break, (yaml_emitter_t *em, \
	  yaml_break_t b), (em, b)) \
	F(int, yaml_emitter_emit, (yaml_emitter_t *em, yaml_event_t *e), \
	  (em, e)) \
	F(int, yaml_emitter_flush, (yaml_emitter_t *em), (em)) \
	F(int, yaml_stream_start_event_initialize, (yaml_event_t *e, \
	  yaml_encoding_t enc), (e, enc)) \
	F(int, yaml_stream_end_event_initialize, (yaml_event_t *e), (e)) \
	F(int, yaml_document_start_event_initialize, (yaml_event_t *e, \
	  yaml_version_directive_t *v, yaml_tag_directive_t *ts, \
	  yaml_tag_directive_t *te, int implicit), (e, v, ts, te, implicit)) \
	F(int, yaml_document_end_event_initialize, (yaml_event_t *e, \
	  int implicit), (e, implicit)) \
	F(int, yaml_sequence_start_event_initialize, (yaml_event_t *e, \
	  const yaml_char_t *anchor, const yaml_char_t *tag, int implicit, \
	  yaml_sequence_style_t style), (e, anchor, tag, implicit, style)) \
	F(int, yaml_sequence_end_event_initialize, (yaml_event_t *e), (e)) \
	F(int, yaml_mapping_start_event_initialize, (yaml_event_t *e, \
	  const yaml_char_t *anchor, const yaml_char_t *tag, int implicit, \
	  yaml_mapping_style_t style), (e, anchor, tag, implicit, style)) \
	F(int, yaml_mapping_end_event_initialize, (yaml_event_t *e), (e)) \
	F(int, yaml_scalar_event_initialize, (yaml_event_t *e, \
	  const yaml_char_t *anchor, const yaml_char_t *tag, \
	  const yaml_char_t *value, int length, int plain_implicit, \
	  int quoted_implicit, yaml_scalar_style_t style), \
	  (e, anchor, tag, value, length, plain_implicit, quoted_implicit, \
	   style))

/* The real functions, once loaded. */
#define S_PTR(ret, name, params, args) static ret (*s_##name) params;
#define S_PTR_V(name, params, args) static void (*s_##name) params;
S_FUNCTIONS(S_PTR, S_PTR_V)

static pthread_once_t s_once = PTHREAD_ONCE_INIT;
static const char *s_why = "libyaml was not loaded";
static char s_why_buf[512];
static int s_loaded;

/* dlsym() returns a data pointer; POSIX allows its conversion to a
 * function pointer through memcpy. */
static int s_sym(void *dl, const char *name, void *fnptr, size_t size)
{
	void *sym = dlsym(dl, name);

	if (!sym) {
		snprintf(s_why_buf, sizeof(s_why_buf), "%s has no %s: not the "
		         "libyaml this module was built for", YAML_SONAME, name);
		s_why = s_why_buf;
		return -1;
	}
	memcpy(fnptr, &sym, size);
	return 0;
}

static void s_load(void)
{
	void *dl = dlopen(YAML_SONAME, RTLD_NOW | RTLD_LOCAL);

	if (!dl) {
		const char *e = dlerror();

		snprintf(s_why_buf, sizeof(s_why_buf), "cannot load libyaml "
		         "(%s): %s", YAML_SONAME, e ? e : "unknown error");
		s_why = s_why_buf;
		return;
	}
#define S_LOOKUP(ret, name, params, args) \
	if (s_sym(dl, #name, &s_##name, sizeof(s_##name)) < 0) \
		goto fail;
#define S_LOOKUP_V(name, params, args) S_LOOKUP(void, name, params, args)
	S_FUNCTIONS(S_LOOKUP, S_LOOKUP_V)
	s_loaded = 1;
	return;
fail:
	/* kept open: dlclose() of a library is not worth a half state */
#define S_CLEAR(ret, name, params, args) s_##name = NULL;
#define S_CLEAR_V(name, params, args) s_##name = NULL;
	S_FUNCTIONS(S_CLEAR, S_CLEAR_V)
	return;
}

int cf_yaml_load(const char **why)
{
	pthread_once(&s_once, s_load);
	if (s_loaded)
		return 0;
	if (why)
		*why = s_why;
	return -1;
}

/* The definitions the module's calls bind to. */
#define S_DEFINE(ret, name, params, args) \
	ret name params \
	{ \
		return s_##name ? s_##name args : 0; \
	}
#define S_DEFINE_V(name, params, args) \
	void name params \
	{ \
		if (s_##name) \
			s_##name args; \
	}
S_FUNCTIONS(S_DEFINE, S_DEFINE_V)
