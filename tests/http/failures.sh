#!/bin/sh
# When the server cannot say (5xx, timeout, a dropped connection, an
# answer that is not the API's), the token is kept and used, and explain
# says it could not be checked.  DAGSHUB_HTTP_TIMEOUT is honoured, and a
# bad value is an error that says so.  (validate_retry = 0 here, so each
# run asks again; tests/http/retry.sh tests the remembered failures.)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
write_cache "$FAKE_URL" keepme-0123456789
cache_config "$T/c.conf" "$FAKE_URL" 'validate_retry = 0;'

for mode in 500 drop garbage; do
	fake_mode /api/v1/user $mode
	fake_reset; fake_mode /api/v1/user $mode
	run_cli -c "$T/c.conf" token
	check_eq "$mode: the token is kept and printed" keepme-0123456789 "$out"
	check_eq "$mode: exit 0" 0 "$rc"
	check_eq "$mode: one request was made" 1 "$(fake_count /api/v1/user)"
	check_contains "$mode: still in the cache" keepme-0123456789 "$(cat "$CACHE_FILE")"
	run_cli -c "$T/c.conf" explain
	check_contains "$mode: explain says it could not be checked" "could not be checked" "$out"
	check_not_contains "$mode: explain never shows the token" keepme-0123456789 "$out"
	case $mode in
	500) check_contains "500: explain names the status" "answered HTTP 500" "$out" ;;
	drop) check_contains "drop: explain says the request failed" "request to 127.0.0.1 failed" "$out" ;;
	garbage) check_contains "garbage: explain says the answer is not the API's" "answered 200 but the answer is not a JSON object" "$out" ;;
	esac
done
check_eq "an unknown result is not remembered" "" \
	"$(cat "$XDG_STATE_HOME/dagshub-auth/validated" 2>/dev/null)"

# Timeout: a slow server, DAGSHUB_HTTP_TIMEOUT=1, bounded by timeout 10.
fake_mode /api/v1/user slow:8
t0=$(date +%s)
out=$(DAGSHUB_HTTP_TIMEOUT=1 timeout 10 "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>/dev/null) && rc=0 || rc=$?
t=$(($(date +%s) - t0))
check_eq "timeout: the token is kept and printed" keepme-0123456789 "$out"
check_eq "timeout: exit 0 (not killed by timeout 10)" 0 "$rc"
check "timeout: it gave up after about 1 s, not 8 ($t s)" test "$t" -le 4
out=$(DAGSHUB_HTTP_TIMEOUT=0.5 timeout 10 "$DAGSHUB_AUTH" -c "$T/c.conf" explain 2>/dev/null)
check_contains "timeout: explain says the server did not answer in time" "did not answer within 0.500 s" "$out"

# whoami turns the same failures into errors (exit 3).
fake_mode /api/v1/user 500
run_cli -c "$T/c.conf" whoami
check_eq "whoami on a 500: exit 3" 3 "$rc"
check_contains "whoami on a 500 says so" "answered HTTP 500" "$err"

# Bad DAGSHUB_HTTP_TIMEOUT values: a clear error, before any request.
fake_mode /api/v1/user ok
for v in abc 0 -5 10x "" 1e9 nan; do
	fake_reset
	out=$(DAGSHUB_HTTP_TIMEOUT="$v" timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>"$T/err") && rc=0 || rc=$?
	err=$(cat "$T/err")
	check_eq "DAGSHUB_HTTP_TIMEOUT='$v': whoami exits 2" 2 "$rc"
	check_contains "DAGSHUB_HTTP_TIMEOUT='$v': the message names the variable" "DAGSHUB_HTTP_TIMEOUT=\"$v\" is not a timeout" "$err"
	check_eq "DAGSHUB_HTTP_TIMEOUT='$v': no request was made" 0 "$(fake_count)"
done
out=$(DAGSHUB_HTTP_TIMEOUT=abc timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" explain 2>/dev/null)
check_contains "a bad DAGSHUB_HTTP_TIMEOUT shows in explain" "DAGSHUB_HTTP_TIMEOUT=\"abc\" is not a timeout" "$out"
write_cache "$FAKE_URL" goodtok-0123456789
out=$(DAGSHUB_HTTP_TIMEOUT=2.5 timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>/dev/null) && rc=0 || rc=$?
check_eq "DAGSHUB_HTTP_TIMEOUT=2.5 is fine" 0 "$rc"
check_eq "and whoami answers" alice "$out"
done_testing
