#!/bin/sh
# `explain` changes nothing: a token the server rejects is reported as
# "rejected (would be erased by token)" and stays where it is; `token`
# then erases it, and its "no token" message says a token was rejected
# and erased, not just "notfound".
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

if ! fake_start --token goodtok:alice; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; }, { module = "cache"; store = true; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
CACHE="$XDG_CACHE_HOME/dagshub/tokens"
printf 'deadtok-0123456789\n' >"$T/t"
run_cli login --no-validate --token-stdin <"$T/t"
check_eq "a token the server does not know is stored" 0 "$rc"
cp "$CACHE" "$T/before"

run_cli explain
check_eq "explain: no token (exit 1)" 1 "$rc"
check_contains "explain: the cache entry's token is rejected" "rejected" \
	"$(printf '%s\n' "$out" | grep '^   2 ')"
check_contains "explain: ...and would be erased by token" \
	"would be erased by token" "$out"
check_not_contains "explain: it does not claim to have erased it" \
	"erased from this entry" "$out"
check_contains "explain: ...naming which token it was (its fingerprint)" \
	"token dead…6789" "$out"
check "explain: the cache file is unchanged" cmp -s "$T/before" "$CACHE"
run_cli explain
check "a second explain: still unchanged" cmp -s "$T/before" "$CACHE"
check_contains "...and still reports it rejected" "would be erased by token" "$out"

run_cli token --non-interactive
check_eq "token: no token (exit 1)" 1 "$rc"
check_contains "token: the message says the token was rejected and erased" \
	"2. cache [sufficient]: rejected: the server rejected 1 token from this entry and it was erased" "$err"
check_not_contains "token: ...not just notfound" "cache [sufficient]: notfound" "$err"
check_not_contains "token: the cache no longer holds it" "deadtok" "$(cat "$CACHE")"
done_testing
