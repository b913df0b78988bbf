#!/bin/sh
# The oauth provider's args: unknown or bad settings are refused with the
# file and line; open_browser starts xdg-open (here a fake one that plays
# the browser) only when it should, with its output on /dev/null.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
conf() { # conf FILE ARGS
	{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth";
                args = { $2 }; } );
EOF2
	} | write_config "$1"
}

# ---- bad args: the entry reports an error naming the setting ----
bad() { # bad NAME ARGS NEEDLE
	conf "$T/bad.conf" "$2"
	run_cli -c "$T/bad.conf" explain
	check_contains "$1" "$3" "$out$err"
}
bad "an unknown setting is refused with file and line" 'bogus = 1;' \
	"$T/bad.conf:6: args.bogus: unknown setting"
bad "...and the known ones are listed" 'bogus = 1;' \
	"known: client_id, timeout, open_browser"
bad "timeout must be a number" 'timeout = "soon";' "args.timeout: expected an integer"
bad "timeout 0 is refused" 'timeout = 0;' "args.timeout = 0"
bad "timeout over a day is refused" 'timeout = 86401;' "args.timeout = 86401"
bad "open_browser takes auto, never, always" 'open_browser = "sometimes";' \
	'args.open_browser = "sometimes"'
bad "client_id must be a string" 'client_id = 5;' "args.client_id: expected a string"
bad "client_id must not be empty" 'client_id = "";' "args.client_id is empty"
run_cli -c "$T/bad.conf" login
check_eq "login with bad args fails (exit 3)" 3 "$rc"
check_contains "...naming the setting" "args.client_id is empty" "$err"
check_eq "bad args make no request" 0 "$(fake_count)"

# ---- open_browser ----
# A fake xdg-open: records its argument and where its output goes, then
# opens the link as a browser would.
mkdir -p "$T/bin"
cat >"$T/bin/xdg-open" <<EOF2
#!/bin/sh
echo "\$1" >>"$T/xdg.args"
fds=\$(readlink /proc/\$\$/fd/0 /proc/\$\$/fd/1 /proc/\$\$/fd/2)
echo "\$fds" >"$T/xdg.fds"
# The link comes in a forwarding file (its meta refresh), as a browser
# reads it; not on the command line (providers/oauth/browser.c).
link=\$(sed -n 's/.*http-equiv="refresh" content="0;url=\([^"]*\)".*/\1/p' "\$1" | sed 's/&amp;/\&/g')
echo "\$link" >>"$T/xdg.links"
curl -sS --noproxy '*' --max-time 10 -o /dev/null "\$link"
EOF2
chmod 755 "$T/bin/xdg-open"
PATH="$T/bin:$PATH"
export PATH

# login_with MODE [VAR=VALUE...]: an explicit login with nobody reading
# stderr: only xdg-open can approve it (timeout 3 s).
login_with() {
	conf "$T/b.conf" "open_browser = \"$1\"; timeout = 3;"
	shift
	rm -f "$T/xdg.args" "$T/xdg.fds" "$T/xdg.links"
	timeout 30 env "$@" "$DAGSHUB_AUTH" -c "$T/b.conf" login </dev/null \
		>"$T/b.out" 2>"$T/b.err" && rc=0 || rc=$?
}

login_with always
check_eq "always: xdg-open opened the link and the login worked" 0 "$rc"
check_contains "...the file it was given forwards to the authorize link" \
	"$FAKE_URL/login/oauth/authorize?state=" "$(cat "$T/xdg.links" 2>/dev/null)"
check_not_contains "...which is not on its command line" \
	"middleman_request_id" "$(cat "$T/xdg.args" 2>/dev/null)"
check_eq "...its stdin, stdout and stderr were /dev/null" \
	"/dev/null /dev/null /dev/null" "$(tr '\n' ' ' <"$T/xdg.fds" 2>/dev/null | sed 's/ $//')"
check_contains "...and the link was printed too" "/login/oauth/authorize?" "$(cat "$T/b.err")"

login_with auto DISPLAY=:99
check_eq "auto with DISPLAY: xdg-open is used" 0 "$rc"
check "...once" test "$(wc -l <"$T/xdg.args" 2>/dev/null)" = 1
login_with auto WAYLAND_DISPLAY=wayland-0
check_eq "auto with WAYLAND_DISPLAY: xdg-open is used" 0 "$rc"

login_with auto
check_eq "auto without a display: no browser, nobody approves (exit 3)" 3 "$rc"
check "...xdg-open was not started" test ! -e "$T/xdg.args"
login_with never DISPLAY=:99
check_eq "never, even with DISPLAY: no browser (exit 3)" 3 "$rc"
check "...xdg-open was not started" test ! -e "$T/xdg.args"

# No xdg-open at all: the link is still printed and a person can use it.
rm "$T/bin/xdg-open"
if command -v xdg-open >/dev/null 2>&1; then
	skip "always, but no xdg-open: the login still works" "xdg-open is installed"
else
	conf "$T/b.conf" 'open_browser = "always"; timeout = 20;'
	: >"$T/b.err"
	browser_start "$T/b.err"
	timeout 30 "$DAGSHUB_AUTH" -c "$T/b.conf" login </dev/null \
		>"$T/b.out" 2>"$T/b.err" && rc=0 || rc=$?
	browser_stop
	check_eq "always, but no xdg-open: the login still works" 0 "$rc"
fi

done_testing
