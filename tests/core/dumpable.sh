#!/bin/sh
# The CLI makes itself non-dumpable before it reads a secret: while
# `login --token-stdin` waits for the token, its /proc/PID/environ and
# /proc/PID/mem belong to root (the kernel's mark of a non-dumpable
# process, proc(5): no core dump, no ptrace or memory read by the same
# user), not to the user running it.
. "$top_srcdir/tests/lib.sh"

# As root, run the CLI as another user, else /proc/PID/* is root's anyway.
if [ "$(id -u)" = 0 ]; then
	if ! command -v setpriv >/dev/null 2>&1; then
		skip "non-dumpable while reading a token" "root without setpriv"
		done_testing
	fi
	AS="setpriv --reuid=65534 --regid=65534 --clear-groups"
	WANT_UID=65534
else
	AS=
	WANT_UID=$(id -u)
fi
mkfifo "$T/in"
# shellcheck disable=SC2086
$AS "$DAGSHUB_AUTH" login --no-validate --token-stdin <"$T/in" \
	>"$T/out" 2>"$T/err" &
pid=$!
exec 3>"$T/in"   # now the CLI runs, and blocks reading the token
# Wait until the real program (not a libtool wrapper shell) is reading.
for _ in $(seq 1 100); do
	case $(readlink "/proc/$pid/exe" 2>/dev/null) in
	*dagshub-auth) break ;;
	esac
	sleep 0.05
done
sleep 0.2
check "the CLI is running as the test user ($WANT_UID)" \
	test "$(awk '/^Uid:/ { print $2 }' "/proc/$pid/status")" = "$WANT_UID"
check_eq "while it waits for the token, /proc/PID/mem is root's (not dumpable)" \
	0 "$(stat -c %u "/proc/$pid/mem")"
check_eq "...and so is /proc/PID/environ" 0 "$(stat -c %u "/proc/$pid/environ")"
exec 3>&-
wait "$pid" 2>/dev/null
done_testing
