# tests/keyring/lib-keyring.sh - sourced by the keyring tests after
# tests/lib.sh: the module, the direct driver, configs, a private
# gnome-keyring, Python's keyring library.

KR_MODULE="$top_builddir/providers/keyring/.libs/keyring.so"
KRDRIVE="$top_builddir/tests/keyring/krdrive"
KR_HOST=https://dagshub.com

# krdrive ARGS...: runs the driver on the module (bounded); sets $out,
# $kres (result), $kreason (reason) and $kms (elapsed ms of the operation).
krdrive() {
	out=$(timeout 60 "$KRDRIVE" "$KR_MODULE" "$@" 2>"$T/.krdrive.err") || :
	kres=$(printf '%s\n' "$out" | sed -n 's/^result //p')
	kreason=$(printf '%s\n' "$out" | sed -n 's/^reason: //p')
	kms=$(printf '%s\n' "$out" | sed -n 's/^elapsed_ms //p')
}

# kr_config FILE ARGS: a config whose only entry is the keyring with
# `args = { ARGS }` (validation off: no server in these tests).
kr_config() {
	{
		conf_header
		printf 'providers = ( { module = "keyring"; validate = false; '
		printf 'args = { %s }; } );\n' "$2"
	} | write_config "$1"
}

# Milliseconds of monotonic-ish wall time, for bounds.
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# A Python with the keyring library and its SecretService backend, in
# $KR_PYTHON; empty when there is none.
KR_PYTHON=
for p in /usr/bin/python3 "${PYTHON:-}" python3; do
	[ -n "$p" ] || continue
	if "$p" -c 'import keyring.backends.SecretService, secretstorage' \
	   >/dev/null 2>&1; then
		KR_PYTHON=$p
		break
	fi
done
# Python's keyring must use the Secret Service, not whatever it finds.
export PYTHON_KEYRING_BACKEND=keyring.backends.SecretService.Keyring

# The pid of whatever owns NAME on the session bus, or nothing.
kr_bus_pid() {
	timeout 5 gdbus call --session --dest org.freedesktop.DBus \
		--object-path /org/freedesktop/DBus \
		--method org.freedesktop.DBus.GetConnectionUnixProcessID "$1" \
		2>/dev/null | sed -n 's/.*uint32 \([0-9]*\).*/\1/p'
}

kr_gk_pid=
_kr_stop_gnome_keyring() {
	if [ -n "$kr_gk_pid" ]; then
		kill -CONT "$kr_gk_pid" 2>/dev/null
		kill "$kr_gk_pid" 2>/dev/null
	fi
}

# Starts gnome-keyring-daemon on the session bus with an unlocked "login"
# collection (made by --unlock when missing).  Returns 1 with $kr_why set
# when it cannot.
kr_start_gnome_keyring() {
	export XDG_RUNTIME_DIR="$T/run"
	mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
	if ! env=$(printf pw | timeout 10 gnome-keyring-daemon --unlock \
	           --components=secrets 2>"$T/.gk.err"); then
		kr_why="gnome-keyring-daemon --unlock failed: $(cat "$T/.gk.err")"
		return 1
	fi
	eval "$env"
	for _ in 1 2 3 4 5 6 7 8 9 10; do
		kr_gk_pid=$(kr_bus_pid org.freedesktop.secrets)
		[ -n "$kr_gk_pid" ] && break
		sleep 0.5
	done
	if [ -z "$kr_gk_pid" ]; then
		kr_why="nothing owns org.freedesktop.secrets after starting gnome-keyring-daemon"
		return 1
	fi
	at_exit _kr_stop_gnome_keyring
	return 0
}

# Whether keyctl works here (it is blocked in some containers); sets
# $kr_why when not.
kr_have_kernel_keyring() {
	if ! command -v keyctl >/dev/null 2>&1; then
		kr_why="keyctl not installed (package keyutils)"
		return 1
	fi
	if ! e=$(keyctl show @s 2>&1); then
		kr_why="the kernel keyring is not available: keyctl show: $e"
		return 1
	fi
	return 0
}

# kr_login TOKEN ARGS...: `dagshub-auth login --token-stdin ARGS` with
# TOKEN on stdin (from a file: a pipe would run run_cli in a subshell).
kr_login() {
	printf '%s\n' "$1" > "$T/.token"
	shift
	run_cli login --token-stdin "$@" < "$T/.token"
	rm -f "$T/.token"
}
