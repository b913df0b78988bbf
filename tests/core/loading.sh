#!/bin/sh
# Module loading: what is refused, and that every refusal names the file
# and the reason.
. "$top_srcdir/tests/lib.sh"

export DAGSHUB_USER_TOKEN=env-token-abcdefgh

# one MODULE-LINE: a chain of the given entry, then env as a fallback
one() {
	{ conf_header; printf 'providers = (\n  %s,\n  { module = "env"; }\n);\n' "$1"; } |
		write_config "$T/m.conf"
	run_cli -c "$T/m.conf" explain
}

one '{ module = "nosuch"; }'
check_contains "missing module: names the file" "$PROVIDER_DIR/nosuch.so" "$out"
check_contains "missing module: says why" "No such file or directory" "$out"
check_eq "missing module under sufficient: the next entry answers" 0 "$rc"

one '{ module = "notprovider"; }'
check_contains "not a provider: refused with the symbol named" "is not a dagshub-auth provider: it has no dagshub_provider_entry symbol" "$out"

one '{ module = "badabi"; }'
check_contains "wrong ABI: both versions in the message" "was built for provider ABI 2.3, but this core speaks ABI 1.1" "$out"

one '{ module = "smalltable"; }'
check_contains "table smaller than ABI 1.0: refused" "has an operations table of 16 bytes, smaller than ABI 1.0's" "$out"

# a group-writable module
cp "$PROVIDER_DIR/fixed.so" "$T/gw.so"
chmod 775 "$T/gw.so"
one "{ module = \"$T/gw.so\"; args = { result = \"token\"; }; }"
check_contains "group-writable module refused" "module $T/gw.so is refused: it is writable by its group (mode 0775); run: chmod go-w $T/gw.so" "$out"
chmod 757 "$T/gw.so"
one "{ module = \"$T/gw.so\"; args = { result = \"token\"; }; }"
check_contains "world-writable module refused" "is writable by others" "$out"
chmod 755 "$T/gw.so"
one "{ module = \"$T/gw.so\"; args = { result = \"token\"; token = \"abs-path-token-1234\"; }; }"
check_contains "an absolute module path is taken as given" "=> 1" "$out"

# a module owned by another user (needs root to create)
if [ "$(id -u)" = 0 ]; then
	cp "$PROVIDER_DIR/fixed.so" "$T/other.so"
	chown 12345 "$T/other.so"
	chmod 755 "$T/other.so"
	one "{ module = \"$T/other.so\"; }"
	check_contains "module owned by another user refused" "is owned by uid 12345, not by root or by you" "$out"
else
	skip "module owned by another user refused" "needs root to chown"
fi

# a group-writable config
{ conf_header; echo 'providers = ( { module = "env"; } );'; } | write_config "$T/gw.conf"
chmod 664 "$T/gw.conf"
run_cli -c "$T/gw.conf" token
check_eq "group-writable config: exit 2" 2 "$rc"
check_contains "group-writable config: refused with file and reason" "config file $T/gw.conf is refused: it is writable by its group (mode 0664)" "$err"
check_eq "group-writable config: no token printed" "" "$out"

# .. in a module name, and relative paths
one '{ module = "../providers/env"; }'
check_eq "'..' in a module name: config error" 2 "$rc"
check_contains "'..' refused with the reason" 'module "../providers/env" is refused: names with ".." could leave the provider folder' "$err"
one '{ module = "/usr/lib/dagshub/.x./../env.so"; }'
check_contains "'..' after single dots in an absolute path refused" \
	'names with ".." could leave the provider folder' "$err"
one '{ module = "env.."; }'
check_contains "'..' at the end of a name refused" \
	'names with ".." could leave the provider folder' "$err"
one '{ module = "sub/env"; }'
check_contains "relative path refused" "use a bare name" "$err"

# lazy: a broken module after the answering entry is never opened
{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; }, { module = "nosuch"; }, { module = "badabi"; } );
EOF2
} | write_config "$T/lazy.conf"
run_cli -c "$T/lazy.conf" explain
check_contains "entries after the answer are not reached" "2   nosuch       sufficient   not reached" "$out"
# Modules are loaded through the descriptor they were checked on
# (/proc/self/fd/N), so LD_DEBUG names no module: count the loads.
out=$(LD_DEBUG=files timeout 20 "$top_builddir/cli/dagshub-auth" -c "$T/lazy.conf" token 2>&1 >/dev/null)
check_eq "one module is dlopen()ed: a module after the answer never is" 1 \
	"$(printf '%s\n' "$out" | grep -c 'file=/proc/self/fd/[0-9]* .*generating link map')"
check_contains "...and it is loaded through its checked descriptor" "calling init: /proc/self/fd/" "$out"

# a provider that fails to open reports why, once
one '{ module = "fixed"; args = { fail_open = true; }; }'
check_contains "open failure reason shown" "open failed as asked" "$out"
one '{ module = "fixed"; args = { colour = "blue"; }; }'
check_contains "unknown provider arg named with line" "m.conf:4: args.colour: unknown setting for provider fixed" "$out$err"

done_testing
