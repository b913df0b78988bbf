#!/bin/sh
# Without a person (no terminal, CI set, --non-interactive) the oauth
# entry answers `unavailable` at once and makes no request at all.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 300; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"

# elapsed CMD...: runs CMD, sets $rc and $secs (whole seconds it took).
elapsed() {
	_t0=$(date +%s)
	"$@" && rc=0 || rc=$?
	secs=$(( $(date +%s) - _t0 ))
}

_t0=$(date +%s)
run_cli -c "$T/c.conf" token
secs=$(( $(date +%s) - _t0 ))
check_eq "no terminal: no token (exit 1)" 1 "$rc"
check "...at once (${secs}s)" test "$secs" -le 10
check_contains "...and the reason says why" "not interactive" "$err"
check_eq "...without any request" 0 "$(fake_count)"
check_not_contains "...or a link" "login/oauth/authorize" "$out$err"

run_cli -c "$T/c.conf" explain
check_contains "explain: oauth is unavailable" "unavailable" "$out"
check_eq "explain makes no request either" 0 "$(fake_count)"

# A terminal, but CI is set: still nobody to ask.
elapsed timeout 20 env CI=true script -qec "'$DAGSHUB_AUTH' -c '$T/c.conf' token" \
	/dev/null </dev/null >"$T/ci.out" 2>&1
check_eq "CI set, on a terminal: exit 1" 1 "$rc"
check "...at once (${secs}s)" test "$secs" -le 10
check_contains "...reason: not interactive" "not interactive" "$(cat "$T/ci.out")"
check_eq "...without any request" 0 "$(fake_count)"

# A terminal, but the caller said --non-interactive.
elapsed timeout 20 script -qec \
	"'$DAGSHUB_AUTH' -c '$T/c.conf' token --non-interactive" \
	/dev/null </dev/null >"$T/ni.out" 2>&1
check_eq "--non-interactive on a terminal: exit 1" 1 "$rc"
check "...at once (${secs}s)" test "$secs" -le 10
check_eq "...without any request" 0 "$(fake_count)"

# Only stdin a terminal, stderr a file: not interactive either.
elapsed timeout 20 script -qec \
	"'$DAGSHUB_AUTH' -c '$T/c.conf' token 2>'$T/err2'" \
	/dev/null </dev/null >/dev/null 2>&1
check_eq "stderr not a terminal: exit 1" 1 "$rc"
check_eq "...without any request" 0 "$(fake_count)"

# `login` without a token is an explicit login and runs without a
# terminal, but --non-interactive says no person may be asked: no link, no
# wait (args.timeout is 300 s here).
elapsed timeout 20 script -qec \
	"'$DAGSHUB_AUTH' -c '$T/c.conf' login --non-interactive" \
	/dev/null </dev/null >"$T/nilogin.out" 2>&1
check "login --non-interactive: fails" test "$rc" -ne 0 -a "$rc" -ne 124
check "...at once (${secs}s)" test "$secs" -le 10
check_contains "...and says why" "--non-interactive" \
	"$(cat "$T/nilogin.out")"
check_not_contains "...no link shown" "login/oauth/authorize" \
	"$(cat "$T/nilogin.out")"
check_eq "...without any request" 0 "$(fake_count)"

done_testing
