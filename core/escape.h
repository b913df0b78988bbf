/*
 * core/escape.h - text from outside (a server's login, a host key read
 * from a cache file, a provider's reason, a module name) made safe to
 * show on a terminal.  Shared by the library (the "no token" message) and
 * the CLI (cli/common.c), which compiles core/escape.c into itself.
 *
 * The rule: every byte that is not printable text is shown escaped, so no
 * control character reaches the terminal.  \n \r \t as themselves, ESC as
 * \x1b, every other C0 control and DEL as \xHH; bytes that are not valid
 * UTF-8 as \xHH; C1 controls (U+0080..U+009F, which some terminals obey
 * as CSI etc.) as their UTF-8 bytes \xc2\x9b; the bidirectional controls
 * U+202A..U+202E and U+2066..U+2069 as \u202e.  Printable UTF-8 (é, ü, …)
 * is kept.  A backslash is kept as is, so escaping twice changes nothing.
 */
#ifndef DAGSHUB_CORE_ESCAPE_H
#define DAGSHUB_CORE_ESCAPE_H

#include <stddef.h>

/* A malloc()ed escaped copy of s (NULL: NULL, or out of memory). */
char *dh_escape(const char *s);

#endif /* DAGSHUB_CORE_ESCAPE_H */
