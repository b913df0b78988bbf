#!/bin/sh
# A token goes only over https, or plain http to a loopback address.  A
# plain-http host elsewhere is refused before any connection: to prove
# it, every proxy variable points at the fake, so any attempt to connect
# (to the host or through a proxy) would show up in its count.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
H=http://example.invalid
write_cache "$H" goodtok-0123456789
cache_config "$T/c.conf" "$H"

trap_env() {
	http_proxy=$FAKE_URL HTTP_PROXY=$FAKE_URL https_proxy=$FAKE_URL \
	HTTPS_PROXY=$FAKE_URL ALL_PROXY=$FAKE_URL all_proxy=$FAKE_URL \
	LD_DEBUG=files timeout 20 "$@"
}

out=$(trap_env "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "token: the kept token is still given (not checked)" goodtok-0123456789 "$out"
check_eq "token: no connection was attempted" 0 "$(fake_count)"
check_not_contains "token: libcurl was not even loaded" "libcurl" "$err"

out=$(trap_env "$DAGSHUB_AUTH" -c "$T/c.conf" explain 2>/dev/null)
check_contains "explain says why it was not checked" "refusing to talk to example.invalid over plain http" "$out"
check_contains "and how to allow it" "allow_insecure_http = true" "$out"

out=$(trap_env "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "whoami: refused (exit 2)" 2 "$rc"
check_contains "whoami: the message says why" "refusing to talk to example.invalid over plain http" "$err"
check_eq "whoami: no connection was attempted" 0 "$(fake_count)"

out=$(printf 'newtok-0123456789\n' | trap_env "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin 2>"$T/err") && rc=0 || rc=$?
err=$(cat "$T/err")
check_eq "login: a token that cannot be checked is not stored (exit 2)" 2 "$rc"
check_contains "login: the message says why" "over plain http" "$err"
check_not_contains "login: not stored" newtok "$(cat "$CACHE_FILE")"
check_eq "login: no connection was attempted" 0 "$(fake_count)"

# allow_insecure_http = true lets plain http past the URL rule, but not
# through a proxy (which would read the token): with the proxy variables
# set it is refused before anything is sent (tests/http/proxy.sh has the
# rest of the proxy rules).
cache_config "$T/i.conf" "$H" 'allow_insecure_http = true;'
out=$(trap_env "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "allow_insecure_http: still never through a proxy" \
	"over plain http through a proxy" "$out"
check_eq "allow_insecure_http: no connection was attempted" 0 "$(fake_count)"
out=$(trap_env "$DAGSHUB_AUTH" -c "$T/i.conf" explain 2>/dev/null) || :
check_contains "allow_insecure_http: explain warns about it" \
	"allow_insecure_http = true: tokens may be sent over plain http" "$out"

# Loopback over plain http is fine without it (the other tests rely on
# this), and so is [::1] when it exists.
cache_config "$T/l.conf" "$FAKE_URL"
write_cache "$FAKE_URL" goodtok-0123456789
run_cli -c "$T/l.conf" whoami
check_eq "http to 127.0.0.1 is allowed" alice "$out"
run_cli -c "$T/l.conf" explain
check_contains "explain runs with the loopback config" "config: $T/l.conf" "$out"
check_not_contains "without allow_insecure_http, explain has no such warning" "allow_insecure_http" "$out"
if fake_start --bind ::1 --token goodtok-0123456789:alice 2>/dev/null; then
	cache_config "$T/6.conf" "$FAKE_URL"
	write_cache "$FAKE_URL" goodtok-0123456789
	run_cli -c "$T/6.conf" whoami
	check_eq "http to [::1] is allowed" alice "$out"
else
	skip "http to [::1] is allowed" "no IPv6 loopback here"
fi
done_testing
