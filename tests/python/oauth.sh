#!/bin/sh
# add_oauth_token() against the fake DagsHub: the link reaches the person
# through the library's message callback, on stderr by default or through
# on_message= (a notebook), and the new token lands in the cache.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
. "$top_srcdir/tests/oauth/browser.sh"
py_require

fake_start --oauth-ttl 7200 || { not_ok "the fake DagsHub starts"; done_testing; }
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"

v=$("$PY" -c 'import dagshub_auth._lib as l; l.handle(); print(l.options_version)' 2>&1)
if [ "$v" != 2 ]; then
	skip "the OAuth link through the message callback" "this libdagshub-auth does not take options version 2 ($v)"
	done_testing
fi

# ---- on_message: every line for the person goes there, none to stderr ----
cat > "$T/nb.py" <<'EOF2'
import sys, dagshub_auth
out = open(sys.argv[1], "a", buffering=1)
def show(kind, text):
    out.write("%s %s\n" % (kind, text))
dagshub_auth.add_oauth_token(referrer="notebook", on_message=show)
print("RESULT done")
EOF2
: > "$T/msgs"
browser_start "$T/msgs"
out=$(timeout 60 "$PY" "$T/nb.py" "$T/msgs" 2>"$T/nb.err" </dev/null)
browser_stop
check_eq "add_oauth_token(referrer=, on_message=) returns" "RESULT done" "$out"
check "...the link came as an info message" grep -q "^info .*$FAKE_URL/login/oauth/authorize?" "$T/msgs"
check "...with the referrer" grep -q "^info .*referrer=notebook" "$T/msgs"
check "...the end of the wait as progress_done" grep -q "^progress_done" "$T/msgs"
check_eq "...and nothing on stderr" "" "$(cat "$T/nb.err")"
check_eq "...one code exchange" 1 "$(fake_count /login/oauth/access_token)"
check "...the token is in the cache as a bearer token" grep -q "token_type: bearer" "$CACHE_FILE"
tok=$(sed -n 's/^- access_token: \(oauth-[0-9a-f]*\)$/\1/p' "$CACHE_FILE")
out=$("$PY" -c 'import dagshub_auth; print(dagshub_auth.get_token(fail_if_no_token=True))' 2>&1)
check_eq "...and get_token() returns it" "$tok" "$out"
out=$("$PY" -c 'import dagshub_auth; i = dagshub_auth.token_info(); print(i.type, i.expires is not None, i.username)' 2>&1)
check_eq "token_info() of the OAuth token: bearer, an expiry, the user" "bearer True oauthuser" "$out"

# ---- default: the link on stderr; cache_location= and host= ----
fake_reset
browser_start "$T/def.err"
out=$(timeout 60 "$PY" -c 'import sys, dagshub_auth
dagshub_auth.add_oauth_token(host=sys.argv[1], cache_location=sys.argv[2])
print("RESULT done")' "$FAKE_URL/" "$T/other-tokens" 2>"$T/def.err" </dev/null)
browser_stop
check_eq "add_oauth_token(host=, cache_location=) returns" "RESULT done" "$out"
check_contains "...without on_message the link is on stderr" "$FAKE_URL/login/oauth/authorize?" "$(cat "$T/def.err")"
check "...the token went to cache_location" grep -q "token_type: bearer" "$T/other-tokens"
check_eq "...under the normalised host" 1 "$(grep -c "^$FAKE_URL:" "$T/other-tokens")"

# ---- an on_message that raises: the error comes out of the call ----
# (nobody opens the link: the login ends at its 2 s timeout)
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 2; open_browser = "never"; }; } );
EOF2
} | write_config "$T/short.conf"
fake_reset
out=$(DAGSHUB_AUTH_CONFIG="$T/short.conf" timeout 60 "$PY" -c 'import dagshub_auth
class Stop(Exception): pass
def boom(kind, text): raise Stop("from on_message")
try:
    dagshub_auth.add_oauth_token(on_message=boom)
except Stop as e:
    print("RESULT", e)
except Exception as e:
    print("RESULT other", type(e).__name__, e)' 2>"$T/boom.err" </dev/null)
check_contains "an exception raised by on_message is raised by the call" "RESULT from on_message" "$out"
done_testing
