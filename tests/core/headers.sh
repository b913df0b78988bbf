#!/bin/sh
# Each public header compiles on its own, as strict C11 and as C++.
. "$top_srcdir/tests/lib.sh"

CC=${CC:-cc}
for h in "$top_srcdir"/core/include/dagshub/*.h; do
	name=dagshub/$(basename "$h")
	printf '#include <%s>\nint main(void) { return 0; }\n' "$name" > "$T/h.c"
	if $CC -std=c11 -pedantic -Wall -Wextra -Werror -I"$top_srcdir/core/include" \
		-c "$T/h.c" -o "$T/h.o" 2>"$T/h.err"; then
		ok "$name compiles alone with -std=c11 -pedantic -Werror"
	else
		not_ok "$name compiles alone with -std=c11 -pedantic -Werror" "$(cat "$T/h.err")"
	fi
done
done_testing
