#!/bin/sh
# Redirects: followed only within the same origin (scheme, host, port),
# and the Authorization header never reaches another host, whether the
# request is the library's own (validation, whoami) or a caller's libcurl
# handle with CURLOPT_FOLLOWLOCATION going through the authenticator.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

CLIENT="$top_builddir/tests/http/authn_client"

# B and C accept the token too: if it leaked to them, they would say so.
fake_start --token goodtok-0123456789:bob
B=$FAKE_URL
if fake_start --bind 127.0.0.2 --token goodtok-0123456789:carol 2>/dev/null; then
	C=$FAKE_URL
else
	# no 127.0.0.2 here: another host name for B's address
	C=$(echo "$B" | sed 's/127\.0\.0\.1/localhost/')
fi
fake_start --token goodtok-0123456789:alice
A=$FAKE_URL
at() { FAKE_URL=$1; shift; "$@"; }
present() { at "$1" fake_log | grep -c '"authorization": "present"'; }

write_cache "$A" goodtok-0123456789
cache_config "$T/c.conf" "$A" 'validate_ttl = 0;'

# Same origin: followed, with the token.
at "$A" fake_mode /api/v1/user "redirect:$A/moved/api/v1/user"
run_cli -c "$T/c.conf" whoami
check_eq "same-origin redirect is followed" alice "$out"
check_contains "and the token went along" '"path": "/moved/api/v1/user", "host_header": "'"${A#http://}"'", "authorization": "present"' "$(at "$A" fake_log)"

for other in "$B" "$C"; do
	name="to ${other#http://}"
	at "$A" fake_reset
	at "$A" fake_mode /api/v1/user "redirect:$other/api/v1/user"
	run_cli -c "$T/c.conf" whoami
	check_eq "$name: whoami fails (exit 3)" 3 "$rc"
	check_contains "$name: it says why" "redirected to another origin" "$err"
	check_eq "$name: A was asked" 2 "$(at "$A" fake_count /api/v1/user)"
	run_cli -c "$T/c.conf" token
	check_eq "$name: token still given (validation could not tell)" goodtok-0123456789 "$out"
	check_contains "$name: still in the cache" goodtok "$(cat "$CACHE_FILE")"
done
check_eq "B never saw the Authorization header" 0 "$(present "$B")"
case $C in *localhost*) ;; *)
	check_eq "C never saw the Authorization header" 0 "$(present "$C")" ;;
esac

# A caller's handle with CURLOPT_FOLLOWLOCATION: libcurl follows, and
# must drop the token (libcurl's own Bearer auth, UNRESTRICTED_AUTH off).
at "$A" fake_reset
for other in "$B" "$C"; do
	name="authenticator -L to ${other#http://}"
	at "$B" fake_reset
	case $C in http://127.0.0.2*) at "$C" fake_reset ;; esac
	out=$(timeout 30 "$CLIENT" -c "$T/c.conf" -L \
		-u "$A/_fake/redirect?to=$other/elsewhere" 2>"$T/err") && rc=0 || rc=$?
	check_contains "$name: libcurl followed it" "status=404" "$out"
	check_contains "$name: the other host got the request" '"path": "/elsewhere"' "$(at "$other" fake_log)"
	check_not_contains "$name: without the Authorization header" '"authorization": "present"' "$(at "$other" fake_log)"
done
# A 401 from the other host says nothing about our token: kept, no retry.
out=$(timeout 30 "$CLIENT" -c "$T/c.conf" -L \
	-u "$A/_fake/redirect?to=$B/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "a 401 from another host is returned as is" "status=401" "$out"
check_contains "and not renegotiated" "retries=0" "$out"
check_contains "and the token is kept" goodtok "$(cat "$CACHE_FILE")"
check_contains "the first hop (same host) carried the token" '"path": "/_fake/redirect", "host_header": "'"${A#http://}"'", "authorization": "present"' "$(at "$A" fake_log)"

# What plain curl does with a custom header (for the record: this is why
# the library does not rely on it for its own requests).
at "$B" fake_reset
curl -s -o /dev/null --max-time 10 -L -H 'Authorization: Bearer x' "$A/_fake/redirect?to=$B/elsewhere"
echo "# curl $(curl --version | head -1 | cut -d' ' -f2) -L with a custom Authorization header, to another port: $(at "$B" fake_log | grep -o '"authorization": "[a-z]*"' | tail -1)"

# The authenticator refuses a URL on another host than its own.
out=$(timeout 30 "$CLIENT" -c "$T/c.conf" -u "$B/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_eq "authenticator: a URL on another host is refused" 1 "$rc"
check_contains "authenticator: and says so" "refusing to send the token" "$(cat "$T/err")"
done_testing
