#!/bin/sh
# `dagshub-auth login` without a token: an explicit OAuth login.  It runs
# without a terminal (the link can be read in a log), stores the token, and
# never prints it; --referrer and DAGSHUB_CLIENT_ID reach the link.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

CID=custom-client-0123456789
if ! fake_start --client-id "$CID"; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
conf() { # conf FILE PROVIDERS...
	_f=$1; shift
	{ conf_header; printf 'host = "%s";\nproviders = ( %s );\n' "$FAKE_URL" "$*"; } |
		write_config "$_f"
}
OAUTH='{ module = "oauth"; args = { timeout = 20; open_browser = "never"; }; }'
conf "$T/c.conf" '{ module = "env"; }, { module = "cache"; store = true; },' "$OAUTH"
CACHE="$XDG_CACHE_HOME/dagshub/tokens"

# login ARGS...: runs login with no terminal while the browser reads its
# stderr; sets $out, $err, $rc.
login() {
	: >"$T/login.err"
	browser_start "$T/login.err"
	timeout 60 "$DAGSHUB_AUTH" "$@" </dev/null >"$T/login.out" \
		2>"$T/login.err" && rc=0 || rc=$?
	browser_stop
	out=$(cat "$T/login.out")
	err=$(cat "$T/login.err")
}

export DAGSHUB_CLIENT_ID=$CID
login -c "$T/c.conf" login --referrer "CI run #5 / notebook"
tok=$(sed -n 's/^- access_token: //p' "$CACHE" 2>/dev/null | head -n 1)
check_eq "login with no terminal runs OAuth and exits 0" 0 "$rc"
check_eq "it says who logged in and where the token went" \
	"Logged in to $FAKE_URL as oauthuser; token stored in cache" "$out"
check "the token is in the cache" test -n "$tok"
check_not_contains "the token is never printed" "$tok" "$out$err"
check_contains "the link went to stderr" "/login/oauth/authorize?" "$err"
link=$(head -n 1 "$T/browser.links")
check_contains "--referrer is in the link, URL-encoded" \
	"&referrer=CI%20run%20%235%20%2F%20notebook" "$link"
check_contains "DAGSHUB_CLIENT_ID is the client_id" "client_id=$CID&" "$link"
check_eq "one code exchange" 1 "$(fake_count /login/oauth/access_token)"
run_cli -c "$T/c.conf" token
check_eq "token then gives the stored token" "$tok" "$out"

# login again: a new login, even though a token is stored.
login -c "$T/c.conf" login
check_eq "a second login runs a new flow" 2 "$(fake_count /login/oauth/access_token)"
check_eq "...and stores a second token" 2 "$(grep -c 'access_token:' "$CACHE")"
check_not_contains "...with no referrer this time" "referrer=" "$(tail -n 1 "$T/browser.links")"

# args.client_id wins over DAGSHUB_CLIENT_ID (which the fake would take).
conf "$T/cid.conf" '{ module = "cache"; store = true; },' \
	'{ module = "oauth"; args = { client_id = "from-args"; timeout = 2; open_browser = "never"; }; }'
login -c "$T/cid.conf" login
check_contains "args.client_id is used over DAGSHUB_CLIENT_ID" \
	"client_id=from-args&" "$(tail -n 1 "$T/browser.links")"
check_eq "...which this server refuses: exit 3" 3 "$rc"
unset DAGSHUB_CLIENT_ID
conf "$T/def.conf" '{ module = "cache"; store = true; },' \
	'{ module = "oauth"; args = { timeout = 2; open_browser = "never"; }; }'
login -c "$T/def.conf" login
check_contains "without the variable the default client id is used" \
	"client_id=32b60ba385aa7cecf24046d8195a71c07dd345d9657977863b52e7748e0f0f28&" \
	"$(tail -n 1 "$T/browser.links")"
export DAGSHUB_CLIENT_ID=$CID

# Nothing to log in with, or nowhere to keep the token: said before anyone
# is asked, with no request.
fake_reset
conf "$T/nooauth.conf" '{ module = "cache"; store = true; }'
run_cli -c "$T/nooauth.conf" login
check_eq "no oauth entry: login fails (exit 1)" 1 "$rc"
check_contains "...saying no entry makes tokens" "makes tokens" "$err"
conf "$T/nostore.conf" '{ module = "cache"; },' "$OAUTH"
run_cli -c "$T/nostore.conf" login
check_eq "no store entry: login fails (exit 2)" 2 "$rc"
check_contains "...saying store = true is missing" "store = true" "$err"
check_eq "...both without any request" 0 "$(fake_count)"

# --referrer only goes with an OAuth login; a token still logs in as before.
echo apptoken-1234567890 >"$T/app"
fake_token apptoken-1234567890 alice
run_cli -c "$T/c.conf" login --token-stdin --referrer x <"$T/app"
check_eq "--referrer with --token-stdin is a usage error" 2 "$rc"
run_cli -c "$T/c.conf" login --token-stdin <"$T/app"
check_eq "login --token-stdin still stores a token" 0 "$rc"

done_testing
