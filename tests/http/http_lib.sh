# tests/http/http_lib.sh - shared by the tests in tests/http.  Source it
# after tests/lib.sh and tests/fake.sh.

CACHE_FILE="$XDG_CACHE_HOME/dagshub/tokens"

# write_cache HOST TOKEN...: a Python-client token cache holding app
# tokens for HOST, in this order.
write_cache() {
	_wc_host=$1; shift
	mkdir -p "$(dirname "$CACHE_FILE")"
	{
		echo "$_wc_host:"
		for _wc_t in "$@"; do
			printf -- '- access_token: %s\n  expiry: never\n  token_type: app-token\n' "$_wc_t"
		done
		echo "version: '1'"
	} > "$CACHE_FILE"
	chmod 600 "$CACHE_FILE"
}

# cache_config FILE HOST [EXTRA SETTINGS...]: a chain of just the cache
# for HOST; extra top-level settings (e.g. 'validate_ttl = 1;') follow.
cache_config() {
	_cc_file=$1 _cc_host=$2; shift 2
	{
		conf_header
		echo "host = \"$_cc_host\";"
		for _cc_s in "$@"; do echo "$_cc_s"; done
		echo 'providers = ( { module = "cache"; store = true; } );'
	} | write_config "$_cc_file"
}

# No proxy from the outside world may see (or break) these requests.
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY

# listener_start MODE: a loopback listener (tests/http/listener.py) that
# poses as a proxy (MODE proxy) or accepts and hangs up (MODE close).
# Sets L_PORT, L_URL and L_LOG (one JSON line per connection).
# listener_count: connections it took so far.
L_PIDS=
_listener_stop_all() {
	for _l_p in $L_PIDS; do kill "$_l_p" 2>/dev/null; wait "$_l_p" 2>/dev/null; done
	L_PIDS=
}
at_exit _listener_stop_all
listener_start() {
	_l_dir=$(mktemp -d "$T/listener.XXXXXX") || return 1
	timeout 300 python3 "$top_srcdir/tests/http/listener.py" \
		--port-file "$_l_dir/port" --log "$_l_dir/log" --mode "$1" \
		--watch-pid $$ >"$_l_dir/out" 2>&1 </dev/null &
	L_PIDS="$L_PIDS $!"
	_l_i=0
	while [ ! -s "$_l_dir/port" ]; do
		if [ $_l_i -ge 200 ]; then
			echo "# listener_start: did not start" >&2
			sed 's/^/#   /' "$_l_dir/out" >&2
			return 1
		fi
		sleep 0.05
		_l_i=$((_l_i + 1))
	done
	L_PORT=$(cat "$_l_dir/port")
	L_URL="http://127.0.0.1:$L_PORT"
	L_LOG="$_l_dir/log"
}
# The log is written when a connection ends: wait (at most 2 s) for the
# count to settle before reading it.
listener_count() {
	_l_prev=-1 _l_i=0
	while [ $_l_i -lt 20 ]; do
		_l_now=$(wc -l < "$L_LOG" | tr -d ' ')
		[ "$_l_now" = "$_l_prev" ] && break
		_l_prev=$_l_now
		sleep 0.1
		_l_i=$((_l_i + 1))
	done
	echo "$_l_now"
}
