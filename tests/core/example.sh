#!/bin/sh
# The example provider, built in the tree: its four results and its args.
. "$top_srcdir/tests/lib.sh"

ex() { # ARGS-GROUP
	{ conf_header; printf 'providers = ( { module = "example"; args = %s; } );\n' "$1"; } |
		write_config "$T/x.conf"
	run_cli -c "$T/x.conf" token
}

printf 'example-token-0123456789\n' > "$T/tok"
ex "{ file = \"$T/tok\"; }"
check_eq "example: the first line of args.file" "example-token-0123456789" "$out"
ex "{ file = \"$T/tok\"; host = \"https://other.example\"; }"
check_eq "example: another host's entry finds nothing" 1 "$rc"
check_contains "example: ...and says whose it is" "only for https://other.example" "$err"
ex "{ file = \"$T/missing\"; }"
check_contains "example: a missing file is notfound" "notfound: $T/missing: No such file or directory" "$err"
mkdir "$T/dir"
ex "{ file = \"$T/dir\"; }"
check_contains "example: a file it cannot read is an error" "example [sufficient]: error:" "$err"
: > "$T/empty"
ex "{ file = \"$T/empty\"; }"
check_contains "example: an empty file is notfound" "is empty" "$err"
ex "{ }"
check_contains "example: args.file is required" "args.file is required" "$err"
ex "{ file = \"$T/tok\"; colour = 1; }"
check_contains "example: unknown args are refused with the line" "x.conf:3: args.colour: unknown setting for provider example" "$err"
done_testing
