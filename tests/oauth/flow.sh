#!/bin/sh
# The OAuth flow end to end: `token` on a terminal with nothing stored
# logs in against the fake DagsHub (a scripted browser opens the link), and
# the token lands in the cache with its expiry.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

if ! fake_start --oauth-ttl 7200; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
# oauth_config FILE [ENTRY]: the fake's host, ENTRY (if any), the cache and
# the OAuth login.
oauth_config() {
	{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( ${2:+$2,}
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
	} | write_config "$1"
}
# tty_token CONF OUT: `token` with CONF on a terminal (`script` gives the
# CLI one on stdin and stderr: an interactive run), the scripted browser
# approving; sets $rc, and $tty to what the terminal showed.
tty_token() {
	browser_start "$2"
	timeout 60 script -qec "'$DAGSHUB_AUTH' -c '$1' token" /dev/null \
		</dev/null >"$2" 2>&1 && rc=0 || rc=$?
	browser_stop
	tty=$(tr -d '\r' <"$2")
}
oauth_config "$T/c.conf" '{ module = "env"; }'
CACHE="$XDG_CACHE_HOME/dagshub/tokens"

tty_token "$T/c.conf" "$T/tty.out"
# (the spinner's line is cleared with ESC [K, so the token follows that)
tok=$(printf '%s\n' "$tty" | grep -o 'oauth-[0-9a-f]*' | tail -n 1)
check_eq "token on a terminal logs in and exits 0" 0 "$rc"
check "token prints the new OAuth token" test -n "$tok"
check_contains "the person is told what to do" "open this link in a browser" "$tty"
check_contains "on a terminal a spinner says it is waiting" \
	"Waiting for you to authorize in the browser" "$tty"

link=$(head -n 1 "$T/browser.links")
check_eq "one link was shown" 1 "$(browser_count)"
check_contains "the link is the authorize page of the host" \
	"$FAKE_URL/login/oauth/authorize?state=" "$link"
check "state is a random (v4) UUID" sh -c 'printf "%s\n" "$1" | grep -Eq \
	"[?&]state=[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}(&|$)"' \
	sh "$link"
check "middleman_request_id is 64 hex digits" sh -c 'printf "%s\n" "$1" | \
	grep -Eq "[?&]middleman_request_id=[0-9a-f]{64}(&|$)"' sh "$link"
check_contains "client_id is DagsHub's public one by default" \
	"client_id=32b60ba385aa7cecf24046d8195a71c07dd345d9657977863b52e7748e0f0f28" "$link"
check_not_contains "no referrer unless one is given" "referrer=" "$link"
check_eq "one authorize" 1 "$(fake_count /login/oauth/authorize)"
check_eq "one code exchange" 1 "$(fake_count /login/oauth/access_token)"

# Written back to the cache, as a bearer token with its expiry.
check "the token is in the cache" grep -qF "access_token: $tok" "$CACHE"
check "as a bearer token" grep -q "token_type: bearer" "$CACHE"
check_eq "the cache file is 0600" 600 "$(stat -c %a "$CACHE")"
exp=$(sed -n "s/^  expiry: '\(.*\)'\$/\1/p" "$CACHE")
check "the expiry is written in the cache's format" sh -c 'printf "%s\n" "$1" | \
	grep -Eq "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{6}Z$"' sh "$exp"
# The fake gave expiry = now + 7200 s, with nine fractional digits.
left=$(python3 -c 'import sys, datetime as d
e = d.datetime.strptime(sys.argv[1], "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=d.timezone.utc)
print(int((e - d.datetime.now(d.timezone.utc)).total_seconds()))' "$exp" 2>&1)
check "the expiry is the one DagsHub sent (about 2 h ahead: $left s)" \
	sh -c '[ "$1" -gt 7000 ] && [ "$1" -le 7200 ]' sh "$left"

# The next run finds it in the cache: no second login, no terminal needed.
run_cli -c "$T/c.conf" token
check_eq "the next token run gives the stored token" "$tok" "$out"
check_eq "...without a second login" 1 "$(fake_count /login/oauth/access_token)"
check_eq "...or a second link" 1 "$(fake_count /login/oauth/authorize)"
run_cli -c "$T/c.conf" explain
check_contains "explain: the cache answered" "answer: entry 2 (cache)" "$out"
check_not_contains "explain never shows the token" "$tok" "$out$err"

# A token DagsHub hands out already expired (a wrong clock here, or on the
# server) is not handed out, nor stored.
if fake_start --oauth-ttl -60; then
	oauth_config "$T/expired.conf"
	tty_token "$T/expired.conf" "$T/tty2.out"
	check_eq "one code exchange with the expiring fake" 1 \
		"$(fake_count /login/oauth/access_token)"
	check "an already expired OAuth token is not handed out" \
		test "$rc" -ne 0
	check_not_contains "... nor printed" "oauth-" \
		"$(printf '%s\n' "$tty" | grep -v 'authorize?')"
	check_contains "... and the reason says so" "already expired" "$tty"
else
	not_ok "a second fake DagsHub starts"
fi

done_testing
