#!/bin/sh
# The authenticator from a C program that links libcurl (authn_client):
# a 401 erases the token from its source, the next one is used, once.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

CLIENT="$top_builddir/tests/http/authn_client"
fake_start --token goodtok-0123456789:alice

# validate = false: the dead token gets past the walk, as a token revoked
# after it was validated would.
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; validate = false; } );'; } | write_config "$T/nv.conf"
write_cache "$FAKE_URL" deadtok-0123456789 goodtok-0123456789

out=$(timeout 30 "$CLIENT" -c "$T/nv.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_eq "perform after a 401: DAGSHUB_OK" 0 "$rc"
check_contains "the final status is 200" "status=200" "$out"
check_contains "the retry callback ran once" "retries=1" "$out"
check_contains "the body is the retry's only" 'body={"id": 1, "login": "alice"' "$out"
check_contains "the token came from the cache" "source=cache" "$out"
check_eq "two requests" 2 "$(fake_count /api/v1/user)"
check_not_contains "the dead token was erased from the cache" deadtok "$(cat "$CACHE_FILE")"
check_contains "the good one stays" goodtok "$(cat "$CACHE_FILE")"

fake_reset
out=$(timeout 30 "$CLIENT" -c "$T/nv.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "next run: no retry" "retries=0" "$out"
check_eq "next run: one request" 1 "$(fake_count /api/v1/user)"

# Non-401 errors are the caller's to read: no renegotiation.
fake_mode /api/v1/user 500
out=$(timeout 30 "$CLIENT" -c "$T/nv.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "a 500 is returned as is" "status=500" "$out"
check_contains "a 500 does not renegotiate" "retries=0" "$out"
check_contains "a 500 keeps the token" goodtok "$(cat "$CACHE_FILE")"
fake_mode /api/v1/user drop
out=$(timeout 30 "$CLIENT" -c "$T/nv.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "a dropped connection is a network error" "rc=the server could not be reached" "$out"
check_contains "a dropped connection keeps the token" goodtok "$(cat "$CACHE_FILE")"
fake_mode /api/v1/user ok

# env: not renegotiated.
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "env"; }, { module = "cache"; store = true; } );'; } | write_config "$T/e.conf"
fake_reset
out=$(DAGSHUB_USER_TOKEN=envtok-0123456789 timeout 30 "$CLIENT" -c "$T/e.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_eq "env token rejected: perform fails" 1 "$rc"
check_contains "env token rejected: status 401 is reported" "status=401" "$out"
check_contains "env token rejected: the message says it came from env" "token from the environment" "$(cat "$T/err")"
check_eq "env token rejected: one request" 1 "$(fake_count /api/v1/user)"

# whoami through the library API, and a URL that is refused.
out=$(timeout 30 "$CLIENT" -c "$T/nv.conf" -w 2>"$T/err") && rc=0 || rc=$?
check_contains "dagshub_authenticator_whoami" "login=alice" "$out"
{ conf_header; echo 'host = "http://example.invalid";'
  echo 'providers = ( { module = "cache"; store = true; validate = false; } );'; } | write_config "$T/x.conf"
write_cache http://example.invalid goodtok-0123456789
out=$(timeout 30 "$CLIENT" -c "$T/x.conf" -u "http://example.invalid/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_eq "plain http elsewhere: refused" 1 "$rc"
check_contains "plain http elsewhere: says why" "over plain http" "$(cat "$T/err")"
done_testing
