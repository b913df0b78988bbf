#!/bin/sh
# Without a Secret Service: no session bus at all (DBUS_SESSION_BUS_ADDRESS
# unset, no $XDG_RUNTIME_DIR/bus, no DISPLAY), a bus found only through
# $XDG_RUNTIME_DIR/bus, and a bus with nothing owning
# org.freedesktop.secrets.  `secret-service` is unavailable within a
# second, saying why; `auto` falls back to the kernel keyring and says so.
# Runs in a fresh session keyring so the kernel keys stay private.

if [ -z "${KR_INNER:-}" ] && command -v keyctl >/dev/null 2>&1 &&
   keyctl session - true >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 keyctl session - sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

# The secret-service checks run anywhere; auto's fallback needs keyctl.
have_kernel=yes
if [ -z "${KR_INNER:-}" ] || ! kr_have_kernel_keyring; then
	have_kernel=
	kernel_why=${kr_why:-keyctl session - does not work here}
fi

unset DBUS_SESSION_BUS_ADDRESS DISPLAY WAYLAND_DISPLAY
export XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

# The elapsed milliseconds explain shows for the keyring entry.
explain_ms() {
	printf '%s\n' "$1" | awk '/keyring/ { for (i = 1; i < NF; i++)
		if ($(i + 1) == "ms") { print int($i); exit } }'
}

# ---- secret-service with no bus: unavailable at once ----
krdrive -a backend=secret-service get "$KR_HOST"
check_eq "no bus: secret-service is unavailable" unavailable "$kres"
check_contains "... saying there is no session bus" \
	"secret-service: no D-Bus session bus" "$kreason"
check "... at once ($kms ms)" test "$kms" -lt 1000
krdrive -a backend=secret-service store "$KR_HOST" tok_nowhere_123456
check_eq "no bus: store is unavailable too" unavailable "$kres"
krdrive -a backend=secret-service erase "$KR_HOST"
check_eq "no bus: erase is unavailable, not notfound" unavailable "$kres"

kr_config "$T/ss.conf" 'backend = "secret-service";'
run_cli -c "$T/ss.conf" explain
check_contains "explain shows unavailable" "unavailable" "$out"
check_contains "... and why" "no D-Bus session bus" "$out"
ms=$(explain_ms "$out")
check "explain's time for the entry is under a second (${ms:-?} ms)" \
	test "${ms:-99999}" -lt 1000
# The whole process is bounded loosely (a loaded CI machine under ASan
# starts processes slowly); the second the entry may take is checked above
# on its own time.
timeout 10 "$DAGSHUB_AUTH" -c "$T/ss.conf" token >/dev/null 2>&1 && rc=0 || rc=$?
check_eq "token does not hang (no token: 1, not 124)" 1 "$rc"

# DISPLAY alone does not make glib start a bus (dbus-launch --autolaunch).
DISPLAY=:97 krdrive -a backend=secret-service get "$KR_HOST"
check_eq "with DISPLAY but no bus address: still unavailable" unavailable "$kres"
check_contains "... no bus was looked for through X11" \
	"no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set" "$kreason"
check "... at once ($kms ms)" test "$kms" -lt 1000

if [ -z "$have_kernel" ]; then
	skip "no bus: auto falls back to the kernel keyring" "$kernel_why"
	done_testing
fi

# ---- auto: the kernel keyring, saying why ----
krdrive -a keyring=session store "$KR_HOST" tok_auto_kernel_1234
check_eq "auto without a bus stores in the kernel keyring" token "$kres"
check_contains "... the reason names the kernel backend" "kernel: key " \
	"$kreason"
check_contains "... and why auto chose it" "(auto: no D-Bus session bus" \
	"$kreason"
check_eq "the key is in the session keyring" tok_auto_kernel_1234 \
	"$(keyctl pipe "%user:dagshub:$KR_HOST" 2>&1)"
kr_config "$T/auto.conf" 'keyring = "session";'
run_cli -c "$T/auto.conf" token
check_eq "the CLI with auto gets it" tok_auto_kernel_1234 "$out"
run_cli -c "$T/auto.conf" explain
check_contains "explain shows the kernel backend and auto's reason" \
	"kernel: key" "$out"
check_contains "... auto's reason too" "auto: no D-Bus session bus" "$out"

# ---- a bus found at $XDG_RUNTIME_DIR/bus, with no Secret Service ----
if command -v dbus-daemon >/dev/null 2>&1; then
	pid=$(timeout 10 dbus-daemon --session --fork --print-pid \
	      --address="unix:path=$XDG_RUNTIME_DIR/bus" 2>/dev/null)
	_kr_stop_bus() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; }
	at_exit _kr_stop_bus
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		[ -S "$XDG_RUNTIME_DIR/bus" ] && break
		sleep 0.2
	done
	krdrive -a keyring=session get "$KR_HOST"
	check_contains "auto finds the bus at \$XDG_RUNTIME_DIR/bus, and no service" \
		"(auto: no Secret Service on the session bus (nothing owns org.freedesktop.secrets" \
		"$kreason"
	check_contains "... and answers from the kernel keyring" \
		"token tok_auto_kernel_1234" "$out"
	check "... quickly ($kms ms)" test "$kms" -lt 1000
	_kr_stop_bus
	pid=
else
	skip "a bus at \$XDG_RUNTIME_DIR/bus" "dbus-daemon not installed"
fi

# ---- a bus (DBUS_SESSION_BUS_ADDRESS) with nothing owning the name ----
if command -v dbus-run-session >/dev/null 2>&1; then
	rm -f "$XDG_RUNTIME_DIR/bus"
	out=$(timeout 30 dbus-run-session -- "$KRDRIVE" "$KR_MODULE" \
	      -a keyring=session get "$KR_HOST" 2>/dev/null)
	check_contains "auto on a bus without a Secret Service: kernel" \
		"token tok_auto_kernel_1234" "$out"
	check_contains "... saying nothing owns the name" \
		"nothing owns org.freedesktop.secrets" "$out"
else
	skip "a bus without a Secret Service" "dbus-run-session not installed"
fi

krdrive -a backend=kernel -a keyring=session erase "$KR_HOST"
check_eq "clean up" token "$kres"

done_testing
