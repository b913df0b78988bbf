#!/bin/sh
# The library talks to a person only through its caller.  An application
# with the message and log callbacks set runs a whole OAuth login against
# the fake DagsHub: the link, the progress of the wait, its end and the
# "stored in cache" note reach its callbacks, and the library writes
# nothing on stderr.  Without callbacks nothing is written anywhere; the
# CLI's own writers show log lines with -v only.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

APP="$top_builddir/tests/core/callbacks"
if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"

# The scripted person reads the link where the application put it, and
# takes a moment, so the wait is long enough to report progress.
: >"$T/info.log"
BROWSER_DELAY=0.6 browser_start "$T/info.log"
timeout 60 "$APP" -c "$T/c.conf" -o "$T/info.log" -v login </dev/null \
	>"$T/out" 2>"$T/err" && rc=0 || rc=$?
browser_stop
out=$(cat "$T/out")
check_eq "an OAuth login with callbacks set succeeds" 0 "$rc"
check_eq "...and the library wrote nothing on stderr (fd 2)" "" "$(cat "$T/err")"
check_contains "the message callback received the login link (INFO)" \
	"/login/oauth/authorize?" "$(cat "$T/info.log")"
check_eq "the scripted browser found it there and opened it once" 1 "$(browser_count)"
progress=$(printf '%s\n' "$out" | sed -n 's/^progress=//p')
check "PROGRESS messages arrived while the person was away ($progress)" test "${progress:-0}" -ge 2
check_contains "...saying what is awaited and the time left" \
	"progress-text=Waiting for you to authorize in the browser (" "$out"
check_contains "one PROGRESS_DONE ended the wait" "done=1" "$out"
check_contains "the success note came as a NOTE message" "note=stored in cache" "$out"
check_contains "...and not through the last error" "error=" "$(printf '%s\n' "$out" | grep '^error=$')"
check_contains "the token was stored" "access_token:" "$(cat "$XDG_CACHE_HOME/dagshub/tokens" 2>/dev/null)"
# The login's trace line counts microseconds (it once took a millisecond
# clock for its start and reported days); the login took under 60 s.
us=$(printf '%s\n' "$out" | sed -n 's/^elapsed-us=//p')
check "the login's trace time is real: 0 < $us us < 60 s" test "${us:-0}" -gt 0 -a "${us:-0}" -lt 60000000

# The CLI's writers: with no terminal the link is on stderr, and the
# PROGRESS messages draw nothing (no spinner, no escapes in a log).
: >"$T/cli.err"
BROWSER_DELAY=0.4 browser_start "$T/cli.err"
timeout 60 "$DAGSHUB_AUTH" -c "$T/c.conf" login </dev/null >"$T/cli.out" 2>"$T/cli.err" && rc=0 || rc=$?
browser_stop
check_eq "the CLI's login without a terminal succeeds" 0 "$rc"
check_contains "...the link is on its stderr" "/login/oauth/authorize?" "$(cat "$T/cli.err")"
check_not_contains "...and no spinner is drawn into the log" "Waiting for you" "$(cat "$T/cli.err")"
check_not_contains "...nor any terminal escape" "$(printf '\033')" "$(cat "$T/cli.err")"
check_contains "...and the NOTE is printed where it always was" "; token stored in cache" "$(cat "$T/cli.out")"

# dagshub_store_token() takes a versioned dagshub_token_input.
out=$("$APP" -c "$T/c.conf" store 2>"$T/err")
check_contains "dagshub_store_token with a version-1 input stores" "rc=success" "$out"
check_contains "...and its note comes as a NOTE message" "note=stored in cache" "$out"
check_contains "...and the token is in the cache" "stored-0123456789" "$(cat "$XDG_CACHE_HOME/dagshub/tokens" 2>/dev/null)"
out=$("$APP" -c "$T/c.conf" -V 2 store 2>"$T/err")
check_contains "an input version newer than the library's is refused" "rc=invalid argument" "$out"
check_contains "...saying so" "dagshub_token_input version 2 is not known" "$out"
out=$("$APP" -c "$T/c.conf" -V 0 store 2>"$T/err")
check_contains "...and so is version 0" "dagshub_token_input version 0 is not known" "$out"

# Log lines: to the log callback with their source; warnings always,
# INFO only with DAGSHUB_AUTH_VERBOSE.
{ conf_header; cat <<'EOF2'
providers = ( { module = "old10"; args = { token = "logging-0123456789"; }; } );
EOF2
} | write_config "$T/log.conf"
out=$("$APP" -c "$T/log.conf" -v token 2>"$T/err")
check_contains "with VERBOSE the provider's INFO line reaches the log callback" "log=1" "$out"
check_contains "...with the entry's module as its source" "log-source=old10" "$out"
check_eq "...and nothing on stderr" "" "$(cat "$T/err")"
out=$("$APP" -c "$T/log.conf" token 2>"$T/err")
check_contains "without VERBOSE an INFO line is not passed on" "log=0" "$out"
out=$("$APP" -c "$T/log.conf" -v -n token 2>"$T/err")
check_contains "with no callbacks at all the call still works" "token=logging-0123456789" "$out"
check_eq "...and the library writes nothing anywhere (stderr empty)" "" "$(cat "$T/err")"

run_cli -c "$T/log.conf" -v token
check_contains "the CLI's log writer: -v shows the line on stderr" \
	"dagshub-auth: old10: answering from a 1.0 table" "$err"
run_cli -c "$T/log.conf" token
check_eq "...and without -v the CLI shows nothing" "" "$err"
done_testing
