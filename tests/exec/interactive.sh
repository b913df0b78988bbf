#!/bin/sh
# interactive = true when a person is there (a terminal, made here with
# script(1)): the command gets the terminal as stdin, its stderr reaches
# the person, DAGSHUB_AUTH_INTERACTIVE=1, and interactive_timeout is the
# bound.  Without interactive = true, or without a person, it gets none
# of that.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/exec/lib-exec.sh"

if ! command -v script >/dev/null 2>&1 ||
   ! script -qec 'test -t 0 && test -t 2' /dev/null </dev/null >/dev/null 2>&1; then
	skip "interactive runs" "script(1) cannot make a terminal here"
	done_testing
fi

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"

mkcmd ask <<EOS
if [ -t 0 ]; then echo tty > "$T/stdin.kind"; else echo notty > "$T/stdin.kind"; fi
echo "\$DAGSHUB_AUTH_INTERACTIVE" > "$T/inter.flag"
echo "Touch your security key to unlock" >&2
echo tok_interactive_0123456789
EOS

# on_terminal CMD...: runs CMD with a terminal as stdin/stdout/stderr;
# everything the person would see is in $seen.
on_terminal() {
	seen=$(timeout 60 script -qec "$*" /dev/null </dev/null 2>&1 | tr -d '\r')
}

exec_config "$C" "\"$BIN/ask\"" 'interactive = true;'
on_terminal "$DAGSHUB_AUTH" token
check_contains "interactive, a person there: the token" tok_interactive_0123456789 "$seen"
check_eq "... the command's stdin is the terminal" tty "$(cat "$T/stdin.kind")"
check_eq "... DAGSHUB_AUTH_INTERACTIVE=1" 1 "$(cat "$T/inter.flag")"
check_contains "... its stderr reaches the person" "Touch your security key to unlock" "$seen"

on_terminal "$DAGSHUB_AUTH" --non-interactive token
check_eq "--non-interactive: stdin is not the terminal" notty "$(cat "$T/stdin.kind")"
check_eq "... DAGSHUB_AUTH_INTERACTIVE=0" 0 "$(cat "$T/inter.flag")"
check_not_contains "... its stderr is captured, not shown" "Touch your security key" "$seen"

exec_config "$C" "\"$BIN/ask\""
on_terminal "$DAGSHUB_AUTH" token
check_eq "interactive = false: stdin is /dev/null even with a person" notty "$(cat "$T/stdin.kind")"
check_eq "... DAGSHUB_AUTH_INTERACTIVE=0" 0 "$(cat "$T/inter.flag")"

mkcmd slow <<EOS
echo \$\$ > "$T/slow.pid"
sleep 300
EOS
exec_config "$C" "\"$BIN/slow\"" 'interactive = true; timeout = 60; interactive_timeout = 1;'
on_terminal "$DAGSHUB_AUTH" token
check_contains "interactive_timeout is the bound when interactive" "timed out after 1 s" "$seen"
check_eq "... nothing of its process group is left" "" "$(left_in_group "$T/slow.pid")"

# A host killed while it waits takes the command with it (the command
# itself: what it forked is its own business then).
mkcmd slowexec <<EOS
echo \$\$ > "$T/slow.pid"
exec sleep 300
EOS
exec_config "$C" "\"$BIN/slowexec\"" 'timeout = 60;'
rm -f "$T/slow.pid"
"$DAGSHUB_AUTH" token >/dev/null 2>&1 &
cli=$!
i=0; while [ ! -s "$T/slow.pid" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
kill -KILL $cli
wait $cli 2>/dev/null
sleep 0.3
check "the command of a killed host is killed too" eval '! still_running "$T/slow.pid"'

done_testing
