#!/bin/sh
# Every OAuth wait is bounded: args.timeout when nobody approves, the
# middleman call asked again when the server gives up first (408), and
# Ctrl-C ends a login at once without leaving the lock held.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

# --oauth-wait 1: the fake answers the middleman 408 after 1 s.
if ! fake_start --oauth-wait 1; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
conf() { # conf FILE TIMEOUT
	{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = $2; open_browser = "never"; }; } );
EOF2
	} | write_config "$1"
}
conf "$T/t2.conf" 2
conf "$T/t60.conf" 60
CACHE="$XDG_CACHE_HOME/dagshub/tokens"

# Nobody approves, on a terminal (`token` runs OAuth by itself there).
t0=$(date +%s)
timeout 30 script -qec "'$DAGSHUB_AUTH' -c '$T/t2.conf' token" /dev/null \
	</dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
secs=$(( $(date +%s) - t0 ))
check_eq "nobody approves: no token (exit 1)" 1 "$rc"
check "...after args.timeout = 2 s, not later (${secs}s)" \
	sh -c '[ "$1" -ge 2 ] && [ "$1" -le 15 ]' sh "$secs"
check_contains "...saying nobody approved in time" "in time" "$(cat "$T/tty.out")"
check "...having asked the middleman again after its 408" \
	test "$(fake_count /login/oauth/middleman)" -ge 2
check_eq "...and never asked for a token" 0 "$(fake_count /login/oauth/access_token)"
check "nothing was stored" test ! -e "$CACHE"

# The same as an explicit login with no terminal at all.
fake_reset
t0=$(date +%s)
run_cli -c "$T/t2.conf" login
secs=$(( $(date +%s) - t0 ))
check_eq "login, nobody approves: exit 3" 3 "$rc"
check "...after about 2 s (${secs}s)" sh -c '[ "$1" -ge 2 ] && [ "$1" -le 15 ]' sh "$secs"
check_contains "...saying so" "in time" "$err"

# The person approves after 2.5 s: the middleman call timed out (408)
# twice meanwhile and was asked again; the login still works.
fake_reset
BROWSER_DELAY=2.5 browser_start "$T/slow.err"
timeout 30 "$DAGSHUB_AUTH" -c "$T/t60.conf" login </dev/null \
	>"$T/slow.out" 2>"$T/slow.err" && rc=0 || rc=$?
browser_stop
check_eq "a late approval after 408s still logs in" 0 "$rc"
check "...after several middleman calls" \
	test "$(fake_count /login/oauth/middleman)" -ge 2
check_eq "...and one code exchange" 1 "$(fake_count /login/oauth/access_token)"

# Ctrl-C while waiting: the process ends at once (SIGINT's default action;
# the provider installs no handler).  A shell started in the background
# may have SIGINT ignored, which children inherit: then it cannot work.
lock="$XDG_STATE_HOME/dagshub-auth/oauth-http%3A%2F%2F127.0.0.1%3A$FAKE_PORT.lock"
if [ $(( 0x$(sed -n 's/^SigIgn:[[:space:]]*//p' /proc/$$/status) & 2 )) -ne 0 ]; then
	skip "Ctrl-C ends a login at once" "SIGINT is ignored by this test's parent"
	skip "...and frees the lock" "SIGINT is ignored"
else
	fake_reset
	t0=$(date +%s)
	timeout --preserve-status -s INT 2 "$DAGSHUB_AUTH" -c "$T/t60.conf" login \
		</dev/null >"$T/int.out" 2>"$T/int.err" && rc=0 || rc=$?
	secs=$(( $(date +%s) - t0 ))
	check "Ctrl-C ends a login at once (${secs}s, status $rc)" \
		sh -c '[ "$1" -eq 130 ] && [ "$2" -le 10 ]' sh "$rc" "$secs"
	check "...and the lock is free again" flock -n -w 0 "$lock" true
	check_eq "...nothing was exchanged" 0 "$(fake_count /login/oauth/access_token)"
fi

done_testing
