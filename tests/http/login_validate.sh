#!/bin/sh
# `login --token` asks the server before storing (as the Python client's
# add_app_token does); --no-validate skips it.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
cache_config "$T/c.conf" "$FAKE_URL"

out=$(printf 'goodtok-0123456789\n' | timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "a good token is stored (exit 0)" 0 "$rc"
check_contains "and the user is named" "belongs to alice" "$err"
check_contains "it is in the cache" goodtok-0123456789 "$(cat "$CACHE_FILE")"
check_eq "one request" 1 "$(fake_count /api/v1/user)"
fake_reset
run_cli -c "$T/c.conf" token
check_eq "the check is remembered: token makes no request" 0 "$(fake_count)"

out=$(printf 'badtok-0123456789\n' | timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "a rejected token: exit 3" 3 "$rc"
check_contains "the message names the host and the status" "rejected by $FAKE_URL (HTTP 401)" "$err"
check_contains "and says it was not stored" "not stored" "$err"
check_not_contains "the message does not show the token" badtok-0123456789 "$err"
check_not_contains "not stored" badtok "$(cat "$CACHE_FILE")"

fake_mode /api/v1/user 500
out=$(printf 'maybetok-0123456789\n' | timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "cannot check (500): exit 3" 3 "$rc"
check_contains "cannot check (500): suggests --no-validate" "--no-validate" "$err"
check_not_contains "cannot check (500): not stored" maybetok "$(cat "$CACHE_FILE")"

fake_reset
out=$(printf 'badtok-0123456789\n' | timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin --no-validate 2>"$T/err") && rc=0 || rc=$?
check_eq "--no-validate stores anyway" 0 "$rc"
check_contains "--no-validate: in the cache" badtok-0123456789 "$(cat "$CACHE_FILE")"
check_eq "--no-validate: no request" 0 "$(fake_count)"

run_cli -c "$T/c.conf" login --token goodtok-0123456789 --host "$FAKE_URL/"
check_eq "--token with --host validates against that host" 0 "$rc"

# A rejection is remembered for a while (for the other processes of the
# same check); a token stored again on purpose within it is asked about
# anew, not erased on the memory's word.
write_cache "$FAKE_URL" revoked-0123456789
fake_reset
run_cli -c "$T/c.conf" token
check_eq "a rejected token: asked once" 1 "$(fake_count /api/v1/user)"
check_not_contains "...and erased" revoked "$(cat "$CACHE_FILE")"
check "...and the rejection is remembered" grep -q '^x' "$XDG_STATE_HOME/dagshub-auth/validated"
fake_token revoked-0123456789 alice # the server takes it again
out=$(printf 'revoked-0123456789\n' | timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin --no-validate 2>&1) && rc=0 || rc=$?
check_eq "stored again (--no-validate)" 0 "$rc"
check "...which drops the remembered rejection" sh -c "! grep -q '^x' '$XDG_STATE_HOME/dagshub-auth/validated'"
run_cli -c "$T/c.conf" token
check_eq "token gives the stored token" revoked-0123456789 "$out"
check_eq "...after asking the server again" 2 "$(fake_count /api/v1/user)"
check_contains "...and it stays in the cache" revoked-0123456789 "$(cat "$CACHE_FILE")"
done_testing
