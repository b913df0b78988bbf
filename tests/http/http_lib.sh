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
