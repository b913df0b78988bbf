#!/bin/sh
# Remember failure too (speed issue): a check that could not reach the
# server (5xx, connection refused or dropped, timeout, DNS) is remembered
# for validate_retry seconds (default 60); within it the kept token is
# used without asking again (and without loading libcurl), and explain
# says when the server was tried and when it will be asked again.
# Target: 100 `token` calls in a row make at most 1 attempt.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

MEMO="$XDG_STATE_HOME/dagshub-auth/validated"
fake_start --token goodtok-0123456789:alice

# hundred CONF: 100 `token` runs in a row; sets $good (how many printed
# the kept token with exit 0).
hundred() {
	good=0 i=0
	while [ $i -lt 100 ]; do
		o=$(timeout 60 "$DAGSHUB_AUTH" -c "$1" token 2>/dev/null) &&
			[ "$o" = keepme-0123456789 ] && good=$((good + 1))
		i=$((i + 1))
	done
}
# age_memo SECONDS: makes every remembered line that much older.
age_memo() {
	aged=$(awk -v d="$1" '{ $2 = $2 - d; print }' "$MEMO")
	printf '%s\n' "$aged" > "$MEMO"
}

# 1. A failing server (HTTP 500).
write_cache "$FAKE_URL" keepme-0123456789
cache_config "$T/c.conf" "$FAKE_URL"
fake_mode /api/v1/user 500
hundred "$T/c.conf"
n=$(fake_count /api/v1/user)
echo "# 100 token calls against a server answering 500: $n request(s)"
check_eq "500: all 100 calls gave the kept token" 100 "$good"
check "500: at most 1 request in 100 calls (made $n)" test "$n" -le 1
check_contains "500: remembered in the memory as a failed check" "?" "$(cut -c1 "$MEMO")"
run_cli -c "$T/c.conf" explain
check_contains "500: explain says it was not checked, and why" "not checked: the server answered HTTP 500 at" "$out"
check_contains "500: ...and when it asks again" "retry after" "$out"
check_contains "500: ...naming the setting" "validate_retry = 60 s" "$out"
out=$(LD_DEBUG=files timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>&1 >/dev/null)
check_not_contains "500: within the window libcurl is not even loaded" "libcurl" "$out"
check_eq "500: and explain asked nothing either" "$n" "$(fake_count /api/v1/user)"
# After the window: asked again, once.
age_memo 61
run_cli -c "$T/c.conf" token
check_eq "500: after validate_retry, asked again (once)" $((n + 1)) "$(fake_count /api/v1/user)"
# The server is back: after the window the check succeeds and is
# remembered as good.
fake_mode /api/v1/user ok
fake_token keepme-0123456789 bob
age_memo 61
run_cli -c "$T/c.conf" token
run_cli -c "$T/c.conf" explain
check_contains "server back: the next check after the window is good" "user bob" "$out"
check_eq "server back: asked once more" $((n + 2)) "$(fake_count /api/v1/user)"
fake_revoke keepme-0123456789

# 2. An unreachable server that accepts TCP and hangs up (a listener that
#    counts connections), then one that refuses connections.
listener_start close
rm -f "$MEMO"
write_cache "$L_URL" keepme-0123456789
cache_config "$T/l.conf" "$L_URL"
hundred "$T/l.conf"
n=$(listener_count)
echo "# 100 token calls against a server that hangs up: $n connection(s)"
check_eq "hang-up: all 100 calls gave the kept token" 100 "$good"
check "hang-up: at most 1 connection in 100 calls (made $n)" test "$n" -le 1
run_cli -c "$T/l.conf" explain
check_contains "hang-up: explain says the server was unreachable" "not checked: server unreachable at" "$out"

# Connection refused: a port nobody listens on (the listener's, stopped).
_listener_stop_all
rm -f "$MEMO"
run_cli -c "$T/l.conf" token
check_eq "refused: the kept token is given" keepme-0123456789 "$out"
out=$(LD_DEBUG=files timeout 20 "$DAGSHUB_AUTH" -c "$T/l.conf" token 2>&1 >/dev/null)
check_not_contains "refused: the second call does not load libcurl (remembered)" "libcurl" "$out"

# 3. validate_retry = 0: every call asks.
fake_reset
fake_mode /api/v1/user 500
rm -f "$MEMO"
cache_config "$T/r0.conf" "$FAKE_URL" 'validate_retry = 0;'
write_cache "$FAKE_URL" keepme-0123456789
for i in 1 2 3; do run_cli -c "$T/r0.conf" token; done
check_eq "validate_retry = 0: 3 calls, 3 requests" 3 "$(fake_count /api/v1/user)"

# 4. A rejection is never covered by the failure window: after a 500 is
#    remembered, a later 401 (once the window is over) erases the token.
fake_reset
fake_mode /api/v1/user 500
rm -f "$MEMO"
run_cli -c "$T/c.conf" token
age_memo 61
fake_mode /api/v1/user ok   # keepme is not accepted: 401
run_cli -c "$T/c.conf" token
check_eq "401 after the window: no token" 1 "$rc"
check_not_contains "401 after the window: erased" keepme "$(cat "$CACHE_FILE")"

# 5. The setting is checked like the others.
cache_config "$T/bad.conf" "$FAKE_URL" 'validate_retry = -1;'
run_cli -c "$T/bad.conf" token
check_eq "validate_retry = -1: config error (exit 2)" 2 "$rc"
check_contains "validate_retry = -1: says which setting" "validate_retry" "$err"

done_testing
