# tests/fake.sh - start and drive the fake DagsHub (tests/fake_dagshub.py)
# from a shell test.  Source it after tests/lib.sh:
#
#     . "$top_srcdir/tests/lib.sh"
#     . "$top_srcdir/tests/fake.sh"
#     fake_start --token goodtok:alice
#     curl -s -H "Authorization: Bearer goodtok" "$FAKE_URL/api/v1/user"
#     check_eq "one request" 1 "$(fake_count /api/v1/user)"
#
# fake_start [args...]   starts a fake (args go to fake_dagshub.py, e.g.
#                        --token TOK:USER, --client-id ID, --oauth-wait S,
#                        --bind 127.0.0.2) and sets FAKE_URL, FAKE_PID and
#                        FAKE_PORT.  Start a second one for cross-host tests
#                        and save the first one's variables before.
# fake_count PATH        requests to PATH (no PATH: all requests) on $FAKE_URL
# fake_mode PATH MODE    ok | 500 | 401 | 403 | drop | slow:<seconds> | garbage
#                        | redirect:<URL>
# fake_reset             clears counts, log and modes
# fake_token TOK USER    accept TOK (for USER) from now on
# fake_revoke TOK        stop accepting TOK
# fake_log               the request log (JSON; no tokens in it)
# fake_stop [PID]        stops the fake (default $FAKE_PID)
#
# Every fake is bounded three ways: `timeout 300`, --watch-pid of the test
# shell (it exits on its own when the test is gone), and fake_stop, which
# lib.sh's at_exit runs for every fake still up.  Control requests are bounded by curl --max-time.

FAKE_PIDS=

# The HTTP module the library loads on its first request: the one built
# in this tree (lib.sh unsets every DAGSHUB_* variable, so set it here).
DAGSHUB_AUTH_HTTP_MODULE="$top_builddir/core/http/.libs/http.so"
export DAGSHUB_AUTH_HTTP_MODULE

# Under AddressSanitizer (CI's sanitizer build), LeakSanitizer's exit
# scan crashes ("Tracer caught signal 11", DTLS at a bogus address) in a
# process that loaded libcurl's dependencies with dynamic TLS (gnutls,
# p11-kit): a bug of this sanitizer runtime with glibc 2.36's dynamic TLS.
# Not tracking __tls_get_addr avoids it; leak checking stays on.  (The
# variable is ignored by programs built without ASan.)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}intercept_tls_get_addr=0"
export ASAN_OPTIONS

_fake_stop_all() {
	for _fake_p in $FAKE_PIDS; do fake_stop "$_fake_p"; done
	FAKE_PIDS=
}
if command -v at_exit >/dev/null 2>&1; then
	at_exit _fake_stop_all
fi

fake_start() {
	_fake_dir=$(mktemp -d "${T:-/tmp}/fake.XXXXXX") || return 1
	timeout 300 python3 "$top_srcdir/tests/fake_dagshub.py" \
		--port-file "$_fake_dir/port" --watch-pid $$ "$@" \
		>"$_fake_dir/log" 2>&1 </dev/null &
	FAKE_PID=$!
	FAKE_PIDS="$FAKE_PIDS $FAKE_PID"
	_fake_bind=127.0.0.1
	_fake_prev=
	for _fake_a in "$@"; do
		[ "$_fake_prev" = --bind ] && _fake_bind=$_fake_a
		_fake_prev=$_fake_a
	done
	# Wait (at most 10 s) for the port file the server writes by rename.
	_fake_i=0
	while [ ! -s "$_fake_dir/port" ]; do
		if ! kill -0 "$FAKE_PID" 2>/dev/null || [ $_fake_i -ge 200 ]; then
			echo "# fake_start: the fake DagsHub did not start:" >&2
			sed 's/^/#   /' "$_fake_dir/log" >&2
			return 1
		fi
		sleep 0.05
		_fake_i=$((_fake_i + 1))
	done
	FAKE_PORT=$(cat "$_fake_dir/port")
	case $_fake_bind in
	*:*) FAKE_URL="http://[$_fake_bind]:$FAKE_PORT" ;;
	*) FAKE_URL="http://$_fake_bind:$FAKE_PORT" ;;
	esac
	FAKE_LOGFILE="$_fake_dir/log"
	export FAKE_URL FAKE_PID FAKE_PORT
	return 0
}

# Control requests: loopback only, never through a proxy, bounded.
_fake_curl() {
	curl -sS --noproxy '*' --max-time 10 "$@"
}

fake_count() {
	if [ -n "${1-}" ]; then
		_fake_curl -G --data-urlencode "path=$1" "$FAKE_URL/_fake/count"
	else
		_fake_curl "$FAKE_URL/_fake/count"
	fi | tr -d '\n'
}

fake_mode() {
	_fake_curl -o /dev/null -f --data-urlencode "path=$1" \
		--data-urlencode "mode=$2" "$FAKE_URL/_fake/mode"
}

fake_reset() {
	_fake_curl -o /dev/null -f -X POST "$FAKE_URL/_fake/reset"
}

fake_token() {
	_fake_curl -o /dev/null -f --data-urlencode "token=$1" \
		--data-urlencode "user=$2" "$FAKE_URL/_fake/token"
}

fake_revoke() {
	_fake_curl -o /dev/null -f --data-urlencode "token=$1" \
		"$FAKE_URL/_fake/revoke"
}

fake_log() {
	_fake_curl "$FAKE_URL/_fake/log"
}

fake_stop() {
	_fake_pid=${1:-${FAKE_PID-}}
	[ -n "$_fake_pid" ] || return 0
	kill "$_fake_pid" 2>/dev/null
	wait "$_fake_pid" 2>/dev/null
	return 0
}
