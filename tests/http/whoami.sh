#!/bin/sh
# dagshub-auth whoami: the username of the chain's token, as the server
# says, with the authenticator's renegotiation on a 401.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice --token othertok-0123456789:bob

write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/c.conf" "$FAKE_URL"
run_cli -c "$T/c.conf" whoami
check_eq "whoami prints the login" alice "$out"
check_eq "exit 0" 0 "$rc"
check_eq "nothing on stderr" "" "$err"

# --host picks the host (a host with a path prefix here).
write_cache "$FAKE_URL/sub" othertok-0123456789
run_cli -c "$T/c.conf" whoami --host "$FAKE_URL/sub/"
check_eq "--host (normalised, with a path prefix)" bob "$out"

# Without validation in the walk, a dead token reaches whoami: the 401 makes
# it erase the token and try the next one.
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; validate = false; } );'; } | write_config "$T/nv.conf"
write_cache "$FAKE_URL" deadtok-0123456789 othertok-0123456789
fake_reset
run_cli -c "$T/nv.conf" whoami
check_eq "renegotiated: the next token's login" bob "$out"
check_eq "two requests (401, then 200)" 2 "$(fake_count /api/v1/user)"
check_not_contains "the rejected token was erased" deadtok "$(cat "$CACHE_FILE")"

# Both dead: one retry only, then a clear error.
write_cache "$FAKE_URL" dead1-0123456789 dead2-0123456789 dead3-0123456789
fake_reset
run_cli -c "$T/nv.conf" whoami
check_eq "two dead tokens: exit 3" 3 "$rc"
check_contains "two dead tokens: says the replacement was refused too" "rejected by $FAKE_URL too (HTTP 401)" "$err"
check_eq "two dead tokens: exactly two requests" 2 "$(fake_count /api/v1/user)"
check_not_contains "the message shows no token" dead2-0123456789 "$err"

# A token from env is not renegotiated (as in the Python client).
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "env"; }, { module = "cache"; store = true; } );'; } | write_config "$T/e.conf"
write_cache "$FAKE_URL" goodtok-0123456789
fake_reset
out=$(DAGSHUB_USER_TOKEN=envtok-0123456789 timeout 20 "$DAGSHUB_AUTH" -c "$T/e.conf" whoami 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "env token rejected: exit 3" 3 "$rc"
check_contains "env token rejected: the error says so" "token from the environment (provider env" "$err"
check_not_contains "env token rejected: the token is not shown" envtok-0123456789 "$err"
check_eq "env token rejected: one request, no retry" 1 "$(fake_count /api/v1/user)"
check_contains "env token rejected: the cache is untouched" goodtok "$(cat "$CACHE_FILE")"

# No token at all.
rm -f "$CACHE_FILE"
run_cli -c "$T/c.conf" whoami --non-interactive
check_eq "no token: exit 1" 1 "$rc"
check_contains "no token: the chain's message" "no token for $FAKE_URL" "$err"
run_cli -c "$T/c.conf" whoami extra
check_eq "an extra argument is a usage error" 2 "$rc"
done_testing
