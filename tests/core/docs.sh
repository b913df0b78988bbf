#!/bin/sh
# The docs keep up with the code: every subcommand has a section in
# dagshub-auth(1) and in --help, every long option a command's --help shows
# is in the man page, every exit code is documented, and every man page
# the build installs is well-formed.
. "$top_srcdir/tests/lib.sh"

man1="$top_srcdir/man/dagshub-auth.1"
cmds=$(sed -n 's/^DH_COMMAND("\([a-z-]*\)".*/\1/p' "$top_srcdir/cli/commands.def")
run_cli --help
help=$out
for c in $cmds; do
	# a section starts with `.B name` (groff escapes a dash as \-)
	esc=$(printf '%s' "$c" | sed 's/-/\\\\-/g')
	if grep -q "^\.B $esc\( \|$\)" "$man1"; then ok "dagshub-auth(1) documents '$c'"
	else not_ok "dagshub-auth(1) documents '$c'"; fi
	check_contains "--help lists '$c'" "  $c " "$help"
	run_cli "$c" --help
	check_eq "'$c --help' exits 0" 0 "$rc"
	for opt in $(printf '%s\n' "$out" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
		esc=$(printf '%s' "$opt" | sed 's/-/\\\\-/g')
		if grep -q -- "$esc" "$man1"; then ok "'$c $opt' is in dagshub-auth(1)"
		else not_ok "'$c $opt' is in dagshub-auth(1)"; fi
	done
done
# every function of the client API is in libdagshub-auth(3), and its
# EXAMPLE compiles against the headers
api3="$top_srcdir/man/libdagshub-auth.3"
for fn in $(grep -hoE '^[a-z_ ]+\*?[[:space:]]*\*?dagshub_[a-z_]+\(' "$top_srcdir/core/include/dagshub/auth.h" |
	sed -E 's/.*(dagshub_[a-z_]+)\($/\1/' | sort -u); do
	if grep -q "$fn(" "$api3"; then ok "libdagshub-auth(3) documents $fn"
	else not_ok "libdagshub-auth(3) documents $fn"; fi
done
sed -n '/^\.SH EXAMPLE/,/^\.SH SEE ALSO/p' "$api3" | sed -e '1,2d' -e '$d' | sed -e '$d' \
	-e 's/\\e/\\/g' -e 's/\\-/-/g' > "$T/example.c"
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/core/include" -c "$T/example.c" \
	-o "$T/example.o" 2>"$T/example.err"; then
	ok "libdagshub-auth(3) EXAMPLE compiles"
else
	not_ok "libdagshub-auth(3) EXAMPLE compiles" "$(cat "$T/example.err")"
fi

# dagshub-auth-provider(3) carries the example provider's code: the very
# file that is installed under the docs folder, and it builds.
prov3="$top_srcdir/man/dagshub-auth-provider.3"
sed -n '/^\.\\" BEGIN example\.c/,/^\.\\" END example\.c/p' "$prov3" |
	sed -e '1,2d' -e '$d' | sed -e '$d' -e 's/^\\&//' -e 's/\\e/\\/g' >"$T/prov-example.c"
if cmp -s "$T/prov-example.c" "$top_srcdir/providers/example/example.c"; then
	ok "dagshub-auth-provider(3) EXAMPLE is providers/example/example.c, line for line"
else
	not_ok "dagshub-auth-provider(3) EXAMPLE is providers/example/example.c, line for line" \
		"$(diff "$T/prov-example.c" "$top_srcdir/providers/example/example.c" | head -20)
(copy the file into the page between the BEGIN/END marks, with each \\ written as \\e)"
fi
if ${CC:-cc} -std=c11 -shared -fPIC -Wall -Wextra -Werror -I"$top_srcdir/core/include" \
	-o "$T/prov-example.so" "$T/prov-example.c" 2>"$T/prov.err"; then
	ok "dagshub-auth-provider(3) EXAMPLE builds as a provider"
else
	not_ok "dagshub-auth-provider(3) EXAMPLE builds as a provider" "$(cat "$T/prov.err")"
fi

for code in 0 1 2 3; do
	check "exit status $code is documented" grep -q "^\.B $code\$" "$man1"
done
for page in "$top_srcdir"/man/*.[1-8]; do
	if command -v groff >/dev/null 2>&1; then
		w=$(groff -man -Tutf8 -ww -z "$page" 2>&1)
		check_eq "$(basename "$page") renders without warnings" "" "$w"
	else
		skip "$(basename "$page") renders without warnings" "groff not installed"
	fi
done
done_testing
