#!/bin/sh
# The fake DagsHub itself: the tests below trust its counts, modes, log
# and OAuth flow, so they are checked here first (with plain curl).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

CID=32b60ba385aa7cecf24046d8195a71c07dd345d9657977863b52e7748e0f0f28
c() { curl -sS --max-time 10 "$@"; }
code() { curl -s --max-time 10 -o /dev/null -w '%{http_code}' "$@"; }

check "the fake starts and writes its port" fake_start --token goodtok:alice
case $FAKE_URL in http://127.0.0.1:[0-9]*) ok "FAKE_URL is loopback with a port" ;;
*) not_ok "FAKE_URL is loopback with a port" "$FAKE_URL" ;; esac

check_contains "an accepted token gives the user" '"login": "alice"' \
	"$(c -H 'Authorization: Bearer goodtok' "$FAKE_URL/api/v1/user")"
check_eq "another token gets 401" 401 \
	"$(code -H 'Authorization: Bearer nope' "$FAKE_URL/api/v1/user")"
check_eq "no token gets 401" 401 "$(code "$FAKE_URL/api/v1/user")"
check_eq "requests are counted per path" 3 "$(fake_count /api/v1/user)"
check_eq "and in total" 3 "$(fake_count)"
log=$(fake_log)
check_contains "the log says when Authorization was sent" '"authorization": "present"' "$log"
check_contains "and when not" '"authorization": "absent"' "$log"
check_not_contains "the log never holds the token" goodtok "$log"

fake_mode /api/v1/user 500
check_eq "mode 500" 500 "$(code -H 'Authorization: Bearer goodtok' "$FAKE_URL/api/v1/user")"
fake_mode /api/v1/user 401
check_eq "mode 401" 401 "$(code -H 'Authorization: Bearer goodtok' "$FAKE_URL/api/v1/user")"
fake_mode /api/v1/user drop
check_eq "mode drop answers nothing" 000 "$(code "$FAKE_URL/api/v1/user")"
fake_mode /api/v1/user slow:2
t0=$(date +%s)
check_eq "mode slow still answers" 401 "$(code "$FAKE_URL/api/v1/user")"
check "mode slow waits" test $(($(date +%s) - t0)) -ge 1
fake_mode /api/v1/user "redirect:$FAKE_URL/x/api/v1/user"
check_eq "mode redirect" 302 "$(code "$FAKE_URL/api/v1/user")"
fake_mode /api/v1/user ok
check_eq "a path prefix serves the user too" 200 \
	"$(code -H 'Authorization: Bearer goodtok' "$FAKE_URL/prefix/api/v1/user")"
check_eq "a bad mode is refused" 400 \
	"$(code -d path=/x -d mode=bogus "$FAKE_URL/_fake/mode")"
check_eq "/_fake/redirect answers 302" 302 \
	"$(code "$FAKE_URL/_fake/redirect?to=http://127.0.0.1:9/")"

fake_token t2 bob
check_contains "tokens accepted at run time" '"login": "bob"' \
	"$(c -H 'Authorization: Bearer t2' "$FAKE_URL/api/v1/user")"
fake_revoke t2
check_eq "and revoked" 401 "$(code -H 'Authorization: Bearer t2' "$FAKE_URL/api/v1/user")"
fake_reset
check_eq "reset clears the counts" 0 "$(fake_count)"
check_eq "control requests are not counted" 0 "$(fake_count /_fake/mode)"

# OAuth: the test plays the browser.
(sleep 0.5; c "$FAKE_URL/login/oauth/authorize?state=s1&client_id=$CID&middleman_request_id=r1&referrer=t" >/dev/null) &
browser=$!
code_json=$(timeout 20 curl -sS --max-time 15 -d request_id=r1 "$FAKE_URL/login/oauth/middleman")
wait $browser
case $code_json in '"code-'*'"') ok "middleman answers the code as a JSON string" ;;
*) not_ok "middleman answers the code as a JSON string" "$code_json" ;; esac
cd=$(echo "$code_json" | tr -d '"')
check_eq "a wrong client_id gets 400" 400 \
	"$(code -d client_id=other -d code="$cd" -d state=s1 "$FAKE_URL/login/oauth/access_token")"
check_eq "a wrong state gets 400" 400 \
	"$(code -d client_id=$CID -d code="$cd" -d state=s2 "$FAKE_URL/login/oauth/access_token")"
resp=$(c -d client_id=$CID -d code="$cd" -d state=s1 "$FAKE_URL/login/oauth/access_token")
check_contains "access_token answers a bearer token" '"token_type": "bearer"' "$resp"
tok=$(echo "$resp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')
exp=$(echo "$resp" | python3 -c 'import json,sys; print(json.load(sys.stdin)["expiry"])')
case $exp in 20[0-9][0-9]-[01][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9].[0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9][0-9]Z)
	ok "expiry is RFC 3339 with 9 fractional digits" ;;
*) not_ok "expiry is RFC 3339 with 9 fractional digits" "$exp" ;; esac
check_contains "the OAuth token is accepted" '"login"' \
	"$(c -H "Authorization: Bearer $tok" "$FAKE_URL/api/v1/user")"
check_eq "a code works once" 400 \
	"$(code -d client_id=$CID -d code="$cd" -d state=s1 "$FAKE_URL/login/oauth/access_token")"
check_eq "authorize with another client_id gets 400" 400 \
	"$(code "$FAKE_URL/login/oauth/authorize?state=s&client_id=x&middleman_request_id=r9")"
fake_stop

fake_start --oauth-wait 1
check_eq "middleman gives up (408) after --oauth-wait" 408 \
	"$(timeout 10 curl -s -o /dev/null -w '%{http_code}' --max-time 8 -d request_id=zz "$FAKE_URL/login/oauth/middleman")"
pid=$FAKE_PID
fake_stop
check "fake_stop stops it" sh -c "! kill -0 $pid 2>/dev/null"

if fake_start --bind 127.0.0.2 2>/dev/null; then
	check_eq "--bind 127.0.0.2" "http://127.0.0.2:$FAKE_PORT" "$FAKE_URL"
	check_eq "answers there" 401 "$(code "$FAKE_URL/api/v1/user")"
	fake_stop
else
	skip "--bind 127.0.0.2" "cannot bind 127.0.0.2 here"
	skip "answers there" "cannot bind 127.0.0.2 here"
fi
done_testing
