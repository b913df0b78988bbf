#!/bin/sh
# The browser opener (providers/oauth/browser.c) with a fake xdg-open on
# PATH and DISPLAY set: the login link (its middleman_request_id is a
# bearer secret while the login waits) is not on xdg-open's argv but in a
# 0600 file in a private 0700 folder that forwards to it and is deleted
# afterwards; xdg-open's environment has no token variables but keeps
# other credentials.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; args = { variable = "CORP_DAGSHUB_TOKEN"; hosts = [ "https://other.example" ]; }; },
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "auto"; }; } );
EOF2
} | write_config "$T/c.conf"

# The stand-in xdg-open: records its argv, its environment, and what the
# file it was given holds and how it is protected (the file is gone once
# the login is over, so it is looked at now).
mkdir -p "$T/bin" "$T/rec"
cat >"$T/bin/xdg-open" <<'EOF2'
#!/bin/sh
r="$REC"
printf '%s\n' "$@" >"$r/argv"
env >"$r/env"
if [ -f "$1" ]; then
	stat -c %a "$1" >"$r/filemode"
	stat -c %a "$(dirname "$1")" >"$r/dirmode"
	cat "$1" >"$r/file"
fi
: >"$r/done"
EOF2
chmod 755 "$T/bin/xdg-open"

export REC="$T/rec" DISPLAY=:99 DAGSHUB_USER_TOKEN=envsecret-not-for-children
export CORP_DAGSHUB_TOKEN=corpsecret VAULT_TOKEN=vault-for-children
# DAGSHUB_USER_TOKEN is for the default host only; the chain's host is the
# fake, so the env entry answers notfound and OAuth runs.
browser_start "$T/tty.out"
PATH="$T/bin:$PATH" timeout 60 script -qec \
	"'$DAGSHUB_AUTH' -c '$T/c.conf' token" /dev/null \
	</dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
browser_stop
check_eq "the login succeeds" 0 "$rc"
check "the fake xdg-open ran" test -f "$REC/done"
argv=$(cat "$REC/argv" 2>/dev/null)
check_not_contains "the link's secret is not on xdg-open's argv" \
	"middleman_request_id" "$argv"
check_not_contains "nor the link itself" "/login/oauth/authorize" "$argv"
check_eq "the file is 0600" 600 "$(cat "$REC/filemode" 2>/dev/null)"
check_eq "in a folder of mode 0700" 700 "$(cat "$REC/dirmode" 2>/dev/null)"
link=$(head -n 1 "$T/browser.links")
html_link=$(printf '%s' "$link" | sed 's/&/\&amp;/g')
check_contains "the file forwards to the link (meta refresh)" \
	"http-equiv=\"refresh\" content=\"0;url=$html_link\"" "$(cat "$REC/file" 2>/dev/null)"
check "the file and its folder are deleted after the login" \
	test ! -e "$argv" -a ! -e "$(dirname "$argv")"
envf=$(cat "$REC/env" 2>/dev/null)
check_not_contains "xdg-open does not get DAGSHUB_USER_TOKEN" "envsecret" "$envf"
check_not_contains "xdg-open does not get a *DAGSHUB*TOKEN variable" "corpsecret" "$envf"
check_contains "xdg-open keeps other credentials (VAULT_TOKEN)" \
	"VAULT_TOKEN=vault-for-children" "$envf"
check_contains "xdg-open keeps DISPLAY" "DISPLAY=:99" "$envf"

# Where no private file can be made (TMPDIR is a file, not a folder; no
# XDG_RUNTIME_DIR), the link goes on argv and the log says so.
rm -f "$REC"/* "$XDG_CACHE_HOME/dagshub/tokens"
: >"$T/ro"
browser_start "$T/tty2.out"
PATH="$T/bin:$PATH" TMPDIR="$T/ro" XDG_RUNTIME_DIR= timeout 60 script -qec \
	"'$DAGSHUB_AUTH' -c '$T/c.conf' token" /dev/null \
	</dev/null >"$T/tty2.out" 2>&1 && rc=0 || rc=$?
browser_stop
check_contains "fallback: the link is on argv" "middleman_request_id" \
	"$(cat "$REC/argv" 2>/dev/null)"
check_contains "...and a warning says so" "other local users" \
	"$(tr -d '\r' <"$T/tty2.out")"
done_testing
