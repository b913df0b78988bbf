#!/bin/sh
# The authenticator renegotiates all the way to OAuth: a cached token the
# server has since revoked gets a 401, is erased from the cache, the chain
# (env unset, cache, oauth) falls to OAuth on a terminal, the new token is
# written back to the cache and the request is made once more.  Without a
# person (CI set) the same 401 ends cleanly with no OAuth request.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"
. "$top_srcdir/tests/oauth/browser.sh"

CLIENT="$top_builddir/tests/http/authn_client"
OLD=cachedtok-0123456789
if ! fake_start --token "$OLD:alice" --oauth-user bob --oauth-ttl 7200; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"

# setup FILE: the cache holds $OLD, validated once (so the walk trusts it
# for validate_ttl, as it would a token that was good an hour ago), and then
# revoked on the server; counts start from zero.
setup() {
	write_cache "$FAKE_URL" "$OLD"
	fake_token "$OLD" alice
	timeout 30 "$CLIENT" -c "$T/c.conf" -u "$FAKE_URL/api/v1/user" \
		>"$1" 2>&1 && _s_rc=0 || _s_rc=$?
	fake_revoke "$OLD"
	fake_reset
	return $_s_rc
}

check "setup: the cached token is good before it is revoked" setup "$T/setup.out"

# -i: the client lets the library decide, and `script` gives it a terminal
# on stdin, stdout and stderr (its output all lands in tty.out, where the
# scripted browser finds the link).
browser_start "$T/tty.out"
timeout 60 script -qec "'$CLIENT' -i -c '$T/c.conf' -u '$FAKE_URL/api/v1/user'" \
	/dev/null </dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
browser_stop
tty=$(tr -d '\r' <"$T/tty.out")
check_eq "401 then OAuth: perform returns DAGSHUB_OK" 0 "$rc"
check_contains "...rc=ok" "rc=ok" "$tty"
check_contains "the final status is 200" "status=200" "$tty"
check_contains "the retry callback ran once" "retries=1" "$tty"
# (the OAuth login is bob's, the revoked token was alice's)
check_contains "the body is the retry's only, made with the OAuth token" \
	'body={"id": 1, "login": "bob"' "$tty"
check_contains "the token in use came from oauth" "source=oauth" "$tty"
check_contains "the person was shown the login link" "login/oauth/authorize?" "$tty"
check_eq "the scripted browser opened one link" 1 "$(browser_count)"
check_eq "two requests to /api/v1/user (the 401 and the retry)" 2 "$(fake_count /api/v1/user)"
check_eq "one authorize" 1 "$(fake_count /login/oauth/authorize)"
check_eq "one OAuth exchange" 1 "$(fake_count /login/oauth/access_token)"
check_not_contains "the revoked token never shows on the terminal" "$OLD" "$tty"

cache=$(cat "$CACHE_FILE" 2>/dev/null)
check_not_contains "the revoked token was erased from the cache" "$OLD" "$cache"
new=$(printf '%s\n' "$cache" | sed -n 's/^- access_token: \(oauth-[0-9a-f]*\)$/\1/p')
check "the OAuth token was written back to the cache" test -n "$new"
check_eq "...as the only token for the host" 1 \
	"$(grep -c 'access_token:' "$CACHE_FILE" 2>/dev/null)"
check "...as a bearer token" grep -q "token_type: bearer" "$CACHE_FILE"
check_eq "the cache file is still 0600" 600 "$(stat -c %a "$CACHE_FILE" 2>/dev/null)"

# The next run (no terminal needed) uses the cached OAuth token: no retry,
# no new login.
fake_reset
out=$(timeout 30 "$CLIENT" -c "$T/c.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_eq "next run: DAGSHUB_OK" 0 "$rc"
check_contains "next run: status 200" "status=200" "$out"
check_contains "next run: no retry" "retries=0" "$out"
check_contains "next run: the token came from the cache" "source=cache" "$out"
check_contains "next run: the OAuth token's user" '"login": "bob"' "$out"
# The client's request alone: a token the server has just issued counts
# as validated, so the chain does not ask again within validate_ttl.
check_eq "next run: one request to /api/v1/user (the fresh token needs no check)" 1 "$(fake_count /api/v1/user)"
check_eq "next run: no OAuth exchange" 0 "$(fake_count /login/oauth/access_token)"
check_eq "next run: no authorize" 0 "$(fake_count /login/oauth/authorize)"
check_contains "next run: the cache still holds the OAuth token" "$new" "$(cat "$CACHE_FILE")"
# and from now on the hot path: the request alone.
fake_reset
out=$(timeout 30 "$CLIENT" -c "$T/c.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "third run: status 200, no retry" "status=200
retries=0" "$out"
check_eq "third run: one request to /api/v1/user" 1 "$(fake_count /api/v1/user)"
check_eq "third run: no OAuth request" 0 \
	"$(( $(fake_count /login/oauth/authorize) + $(fake_count /login/oauth/access_token) ))"

# CI set, on a terminal all the same: nobody to ask.  The 401 still erases
# the revoked token, oauth is unavailable without a request, and the error
# says no token is left.
check "setup again: the cached token is good before it is revoked" setup "$T/setup2.out"
timeout 60 env CI=1 script -qec \
	"'$CLIENT' -i -c '$T/c.conf' -u '$FAKE_URL/api/v1/user'" \
	/dev/null </dev/null >"$T/ci.out" 2>&1 && rc=0 || rc=$?
ci=$(tr -d '\r' <"$T/ci.out")
check_eq "CI=1: perform fails" 1 "$rc"
check_contains "CI=1: DAGSHUB_ENOTOKEN" "rc=no token found" "$ci"
check_contains "CI=1: the 401 is the status reported" "status=401" "$ci"
check_contains "CI=1: the message says the token was rejected and erased" \
	"rejected by $FAKE_URL (HTTP 401) and erased" "$ci"
check_contains "CI=1: ...and that no token is left" "no other token" "$ci"
check_contains "CI=1: ...and why oauth gave none" "unavailable" "$ci"
check_contains "CI=1: ...not interactive" "not interactive" "$ci"
check_not_contains "CI=1: no login link" "login/oauth/authorize" "$ci"
check_not_contains "CI=1: the token is never in the message" "$OLD" "$ci"
check_eq "CI=1: one request to /api/v1/user (the 401)" 1 "$(fake_count /api/v1/user)"
check_eq "CI=1: no OAuth request" 0 \
	"$(( $(fake_count /login/oauth/authorize) + $(fake_count /login/oauth/access_token) ))"
check_not_contains "CI=1: the revoked token was erased all the same" "$OLD" \
	"$(cat "$CACHE_FILE" 2>/dev/null)"

done_testing
