# tests/lib.sh - sourced by every shell test.  TAP output, a private
# temporary world, and helpers to run the built CLI.
#
#   . "$top_srcdir/tests/lib.sh"
#   check "token is printed" test "$(run_cli token; echo "$out")" = tok
#   done_testing
#
# Environment from the Makefile: top_srcdir, top_builddir (absolute).

set -u
: "${top_srcdir:?run through make check}" "${top_builddir:?run through make check}"

# A fresh world: no real HOME, config, cache, or token leaks in or out.
T=$(mktemp -d "${TMPDIR:-/tmp}/dagshub-test.XXXXXX")
_cleanup_hooks=""
_cleanup() {
	for h in $_cleanup_hooks; do "$h" || :; done
	rm -rf "$T"
}
trap _cleanup EXIT
trap 'exit 130' INT TERM
# Registers a function to run at exit (before the temp dir goes).
at_exit() { _cleanup_hooks="$1 $_cleanup_hooks"; }

export HOME="$T/home" XDG_CONFIG_HOME="$T/home/.config" \
       XDG_CACHE_HOME="$T/home/.cache" XDG_STATE_HOME="$T/home/.local/state"
mkdir -p "$HOME"
for v in $(env | sed -n 's/^\(DAGSHUB_[A-Za-z0-9_]*\)=.*/\1/p'); do unset "$v"; done
unset CI DISPLAY WAYLAND_DISPLAY
umask 022

DAGSHUB_AUTH="$top_builddir/cli/dagshub-auth"

# Every built provider module, as symlinks in one folder, for provider_dir.
PROVIDER_DIR="$T/providers"
mkdir -p "$PROVIDER_DIR"
for so in "$top_builddir"/providers/*/.libs/*.so "$top_builddir"/tests/modules/.libs/*.so; do
	[ -e "$so" ] && ln -sf "$so" "$PROVIDER_DIR/$(basename "$so")"
done

# write_config FILE  (stdin -> FILE, mode 0600)
write_config() {
	mkdir -p "$(dirname "$1")"
	cat > "$1"
	chmod 600 "$1"
}

# The lines every test config starts with.
conf_header() {
	printf 'version = 1;\nprovider_dir = "%s";\n' "$PROVIDER_DIR"
}

# run_cli ARGS...: runs the CLI (stdin from /dev/null unless redirected by
# the caller), sets $out, $err and $rc.  Bounded by timeout.
run_cli() {
	out=$(timeout 60 "$DAGSHUB_AUTH" "$@" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
}

# ---- TAP ----
_n=0
_failed=0
ok() { _n=$((_n + 1)); echo "ok $_n - $1"; }
not_ok() {
	_n=$((_n + 1)); _failed=$((_failed + 1))
	echo "not ok $_n - $1"
	if [ $# -gt 1 ]; then printf '%s\n' "$2" | sed 's/^/# /'; fi
}
skip() { _n=$((_n + 1)); echo "ok $_n - $1 # SKIP $2"; }
check() {
	name=$1; shift
	if "$@"; then ok "$name"; else not_ok "$name" "command failed: $*"; fi
}
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"
	else not_ok "$1" "expected: [$2]
got:      [$3]"; fi
}
check_contains() {
	case $3 in
	*"$2"*) ok "$1" ;;
	*) not_ok "$1" "expected to find: [$2]
in: [$3]" ;;
	esac
}
check_not_contains() {
	case $3 in
	*"$2"*) not_ok "$1" "did not expect: [$2]
in: [$3]" ;;
	*) ok "$1" ;;
	esac
}
done_testing() {
	echo "1..$_n"
	[ "$_failed" -eq 0 ]
	exit $?
}
