#!/bin/sh
# The dagshub_auth package against the fake DagsHub: every function and
# keyword (tests/python/api_checks.py), the import cost rule, and
# fail_if_no_token / OAuth on a real terminal (script).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
. "$top_srcdir/tests/oauth/browser.sh"
py_require

fake_start --token goodtok-0123456789:alice --token tok3-0123456789:carol || {
	not_ok "the fake DagsHub starts"; done_testing; }
FAKE1=$FAKE_URL
fake_start --token tok2-0123456789:bob || {
	not_ok "a second fake DagsHub starts"; done_testing; }
FAKE2_URL=$FAKE_URL FAKE_URL=$FAKE1
export FAKE2_URL FAKE_URL T

{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"

# ---- import is cheap: nothing heavy is imported, the library not opened ----
out=$("$PY" -c '
import sys, dagshub_auth
heavy = [m for m in ("httpx", "requests", "logging", "threading", "urllib", "ctypes", "dagshub_auth._errors") if m in sys.modules]
maps = open("/proc/self/maps").read()
print(heavy, "libdagshub-auth" in maps)' 2>&1)
check_eq "import dagshub_auth imports no httpx/requests/logging/threading/ctypes package and does not open the library" "[] False" "$out"

py_checks api_checks.py

# ---- on a terminal: fail_if_no_token never reaches OAuth; without it, OAuth logs in ----
rm -f "$CACHE_FILE"
fake_reset
cat > "$T/nofail.py" <<'EOF2'
import dagshub_auth
try:
    dagshub_auth.get_token(fail_if_no_token=True)
    print("RESULT no exception")
except RuntimeError as e:
    print("RESULT raised", type(e).__name__, [x["result"] for x in e.entries])
EOF2
timeout 60 script -qec "'$PY' '$T/nofail.py'" /dev/null </dev/null >"$T/tty1.out" 2>&1
check_contains "on a terminal, fail_if_no_token=True raises TokenNotFoundError with every entry" \
	"RESULT raised TokenNotFoundError ['notfound', 'notfound', 'unavailable']" "$(tr -d '\r' <"$T/tty1.out")"
check_eq "...with no request to the authorize endpoint" 0 "$(fake_count /login/oauth/authorize)"
check_eq "...nor to the middleman endpoint" 0 "$(fake_count /login/oauth/middleman)"
check_eq "...nor to the access_token endpoint" 0 "$(fake_count /login/oauth/access_token)"
check_eq "...nor any request at all" 0 "$(fake_count)"

cat > "$T/oauth.py" <<'EOF2'
import dagshub_auth
print("RESULT", dagshub_auth.get_token())
EOF2
browser_start "$T/tty2.out"
timeout 60 script -qec "'$PY' '$T/oauth.py'" /dev/null </dev/null >"$T/tty2.out" 2>&1
browser_stop
tty=$(tr -d '\r' <"$T/tty2.out")
check_contains "on a terminal, get_token() with nothing stored logs in with OAuth" "RESULT oauth-" "$tty"
check_contains "...and the person was shown the link" "$FAKE_URL/login/oauth/authorize?" "$tty"
check_eq "...one code exchange" 1 "$(fake_count /login/oauth/access_token)"
check "...the new token is stored in the cache as a bearer token" grep -q "token_type: bearer" "$CACHE_FILE"
done_testing
