#!/bin/sh
# args.cache_seconds: the command runs once for many gets while the
# kernel user keyring remembers its token; again after cache_seconds or
# after the token's own expiry; where the keyring is blocked (a seccomp
# filter like a container's), it runs every time and explain says the
# token is not remembered.  The keys this test makes are removed at exit.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/exec/lib-exec.sh"

if ! command -v keyctl >/dev/null 2>&1 || ! keyctl show @u >/dev/null 2>&1; then
	skip "cache_seconds" "no kernel keyring here (keyctl show @u fails)"
	done_testing
fi

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"
NOKEYRING="$top_builddir/tests/exec/nokeyring"

# Keys of this test: their description names the host, and the hosts
# used here are this test's own.
H1="https://remember-$$.example.com"
_forget_keys() {
	for k in $(keyctl rlist @u 2>/dev/null | tr ' ' '\n'); do
		case $(keyctl rdescribe "$k" 2>/dev/null) in
		*"dagshub-exec:https://remember-$$."*) keyctl invalidate "$k" 2>/dev/null ;;
		esac
	done
}
at_exit _forget_keys

count() { cat "$T/count" 2>/dev/null || echo 0; }
mkcmd counted <<EOS
n=\$(cat "$T/count" 2>/dev/null || echo 0); echo \$((n + 1)) > "$T/count"
echo tok_counted_\$((n + 1))_0123456789
EOS
exec_config "$C" "\"$BIN/counted\"" "cache_seconds = 2; hosts = [ \"$H1\" ];"

run_cli explain --host "$H1"
check_contains "first get runs the command" "from $BIN/counted (exit 0)" "$out"
check_contains "... and remembers it in the user keyring" "remembered for 2 s (kernel key" "$out"
run_cli token --host "$H1"
check_eq "... the token it printed" tok_counted_1_0123456789 "$out"
for i in 1 2 3; do run_cli token --host "$H1"; done
check_eq "five gets, one run (counter file)" 1 "$(count)"
check_eq "... the remembered token" tok_counted_1_0123456789 "$out"
run_cli explain --host "$H1"
check_contains "explain says it was remembered" "remembered from a run of $BIN/counted" "$out"
check_eq "... still one run" 1 "$(count)"
check "the key is in the user keyring with a timeout" \
	sh -c "keyctl rlist @u | tr ' ' '\n' | while read k; do keyctl rdescribe \$k 2>/dev/null; echo; done | grep -q ';dagshub-exec:$H1:'"
check_not_contains "the token is not on disk in this test's folders" tok_counted_1 \
	"$(grep -rl tok_counted_1 "$T/home" 2>/dev/null)"
sleep 3
run_cli token --host "$H1"
check_eq "after cache_seconds: the command runs again" tok_counted_2_0123456789 "$out"
check_eq "... counter 2" 2 "$(count)"

# Never past the token's own expiry.
echo 0 > "$T/count"
# (4 s ahead: under a sanitizer on a loaded machine, two starts can take
# more than the 1 s a 2 s expiry left, and the key was gone in between)
exp=$(( $(date +%s) + 4 ))
mkcmd expiring <<EOS
n=\$(cat "$T/count"); echo \$((n + 1)) > "$T/count"
echo '{"token": "tok_expiring_'\$((n + 1))'_0123456789", "expires": $exp}'
EOS
exec_config "$C" "\"$BIN/expiring\"" "cache_seconds = 600; hosts = [ \"$H1\" ];"
run_cli explain --host "$H1"
left=$(printf '%s\n' "$out$err" | sed -n 's/.*remembered for \([0-9]*\) s.*/\1/p' | head -n 1)
check "an expiring token is remembered only until its expiry (1-3 s, not cache_seconds)" \
	test "${left:-0}" -ge 1 -a "${left:-0}" -le 3
run_cli token --host "$H1"
check_eq "... before it: no new run" 1 "$(count)"
sleep 5
run_cli token --host "$H1"
check_eq "... after the expiry the command runs again" tok_expiring_2_0123456789 "$out"

# Another command for the same host has keys of its own.
mkcmd other <<'EOS'
echo tok_other_0123456789
EOS
exec_config "$C" "\"$BIN/other\"" "cache_seconds = 60; hosts = [ \"$H1\" ];"
run_cli token --host "$H1"
check_eq "another command is not answered from the first one's key" tok_other_0123456789 "$out"

# logout forgets it: the command runs again.
echo 0 > "$T/count"
exec_config "$C" "\"$BIN/counted\"" "cache_seconds = 60; hosts = [ \"$H1\" ];"
run_cli token --host "$H1"
run_cli token --host "$H1"
check_eq "remembered again: one run for two gets" 1 "$(count)"
run_cli logout --host "$H1" --store exec
check_eq "logout --store exec: exit 0" 0 "$rc"
run_cli token --host "$H1"
check_eq "... and the next get runs the command again" 2 "$(count)"
run_cli logout --host "$H1" --store exec
run_cli logout --host "$H1" --store exec
check_eq "logout with nothing remembered: exit 1" 1 "$rc"

# ---- no kernel keyring ----
if "$NOKEYRING" true 2>/dev/null; then
	echo 0 > "$T/count"
	exec_config "$C" "\"$BIN/counted\"" "cache_seconds = 60; hosts = [ \"$H1\" ];"
	out=$(timeout 60 "$NOKEYRING" "$DAGSHUB_AUTH" token --host "$H1" 2>&1)
	check_eq "keyctl blocked: the token still comes" tok_counted_1_0123456789 "$out"
	out=$(timeout 60 "$NOKEYRING" "$DAGSHUB_AUTH" explain --host "$H1" 2>&1)
	check_contains "... explain says it is not remembered, and why" \
		"not remembered: no kernel keyring here" "$out"
	check_contains "... with the error" "Function not implemented" "$out"
	check_eq "... the command ran each time" 2 "$(count)"
else
	skip "keyctl blocked by seccomp" "cannot install a seccomp filter here"
fi

done_testing
