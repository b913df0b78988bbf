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

# A command that asks on the terminal with echo off (as op, or read -s):
# it must be in the terminal's foreground group, or stty and the read
# stop it (SIGTTOU, SIGTTIN) until interactive_timeout.
mkcmd secret <<EOS
if [ -t 0 ]; then tty=/dev/stdin; else tty=/dev/tty; fi
printf 'Password: ' >&2
stty -echo < \$tty || exit 9
IFS= read -r pw < \$tty
stty echo < \$tty
printf '\\n' >&2
echo "\$pw" > "$T/typed"
echo tok_asked_0123456789
EOS
exec_config "$C" "\"$BIN/secret\"" 'interactive = true; interactive_timeout = 8;'
rm -f "$T/typed"
seen=$( (sleep 2; printf 'hunter2\r'; sleep 3) |
	timeout 30 script -qec "$DAGSHUB_AUTH token" /dev/null 2>&1 | tr -d '\r')
check_contains "interactive, stty -echo and a read of the terminal: the token" \
	tok_asked_0123456789 "$seen"
check_eq "... the command got the line typed in" hunter2 "$(cat "$T/typed" 2>/dev/null)"
check_not_contains "... it was not stopped until the bound" "timed out" "$seen"
check_not_contains "... and the answer was not echoed" hunter2 "$seen"

mkcmd slow <<EOS
echo \$\$ > "$T/slow.pid"
exec sleep 300
EOS
exec_config "$C" "\"$BIN/slow\"" 'interactive = true; timeout = 60; interactive_timeout = 1;'
on_terminal "$DAGSHUB_AUTH" token
check_contains "interactive_timeout is the bound when interactive" "timed out after 1 s" "$seen"
check_contains "... the command (not a group: it is in the host's) was killed" \
	"(args.interactive_timeout); it was killed" "$seen"
check "... it is not left running" eval '! still_running "$T/slow.pid"'

# Killed at the bound while it asks with echo off: the person's terminal
# gets its echo back (the command never can).
mkcmd mute <<EOS
echo \$\$ > "$T/mute.pid"
stty -echo
exec sleep 300
EOS
exec_config "$C" "\"$BIN/mute\"" 'interactive = true; timeout = 60; interactive_timeout = 1;'
on_terminal "$DAGSHUB_AUTH token; stty -a | tr ' ;' '\\n\\n' | grep -x -e echo -e -echo | sed 's/^/ECHO:/'"
check_contains "killed at the bound with echo off: timed out" "timed out after 1 s" "$seen"
check_contains "... and the terminal echoes again" "ECHO:echo" "$seen"
check "... the command is not left running" eval '! still_running "$T/mute.pid"'

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
