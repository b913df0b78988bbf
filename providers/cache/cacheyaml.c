/*
 * providers/cache/cacheyaml.c - libyaml, loaded when it is first needed
 * (providers/common/lazylib.h says how and why).
 *
 * Most `dagshub-auth token` runs read one host of a cache file in the
 * layout the Python client and our writer produce, which the fast reader
 * (cachefast.c) reads without libyaml; only the full parse (cf_parse) and
 * the writer (cf_emit) call it, and they call cf_yaml_load() first.
 */
#include "config.h"

#include <yaml.h>

#include "cachefile.h"
#include "../common/lazylib.h"

#ifndef YAML_SONAME
#error "configure defines YAML_SONAME, the soname of libyaml"
#endif

/* Every libyaml function the module calls. */
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

DH_LAZYLIB(s_yaml, YAML_SONAME, S_FUNCTIONS)

int cf_yaml_load(const char **why)
{
	return s_yaml_load(why);
}
