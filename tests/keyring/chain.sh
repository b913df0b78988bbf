#!/bin/sh
# The keyring in a chain, before the cache: the keyring answers when it
# holds a token; when it has none, or is unavailable (Secret Service with
# no bus), the cache answers.  Kernel keys live in a fresh session keyring.

if [ -z "${KR_INNER:-}" ] && command -v keyctl >/dev/null 2>&1 &&
   keyctl session - true >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 keyctl session - sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

if [ -z "${KR_INNER:-}" ] || ! kr_have_kernel_keyring; then
	skip "keyring before cache" "${kr_why:-keyctl session - does not work here}"
	done_testing
fi
if [ ! -e "$PROVIDER_DIR/cache.so" ]; then
	skip "keyring before cache" "the cache provider is not built"
	done_testing
fi

unset DBUS_SESSION_BUS_ADDRESS
export XDG_RUNTIME_DIR="$T/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"

chain() {
	{
		conf_header
		printf 'providers = (\n'
		printf '  { module = "keyring"; validate = false; args = { %s }; },\n' "$2"
		printf '  { module = "cache"; store = true; validate = false; }\n);\n'
	} | write_config "$1"
}
chain "$T/kernel.conf" 'backend = "kernel"; keyring = "session";'
chain "$T/ss.conf" 'backend = "secret-service";'
export DAGSHUB_AUTH_CONFIG="$T/kernel.conf"

kr_login tok_in_the_cache_1111 --store cache --no-validate
check_eq "a token in the cache" 0 "$rc"
kr_login tok_in_the_keyring_2222 --store keyring --no-validate
check_eq "another in the keyring" 0 "$rc"

run_cli token
check_eq "keyring first: the keyring answers" tok_in_the_keyring_2222 "$out"
run_cli explain
check_contains "explain marks the keyring entry" "=> 1   keyring" "$out"

run_cli -c "$T/ss.conf" token
check_eq "keyring unavailable: the cache answers" tok_in_the_cache_1111 "$out"
run_cli -c "$T/ss.conf" explain
check_contains "explain shows the keyring unavailable" \
	"unavailable" "$out"
check_contains "... with its reason" "secret-service: no D-Bus session bus" "$out"
check_contains "... and the cache answering" "=> 2   cache" "$out"

run_cli logout --store keyring
run_cli token
check_eq "keyring empty: the cache answers" tok_in_the_cache_1111 "$out"
run_cli explain
check_contains "explain shows the keyring's notfound" \
	"kernel: no key" "$out"

done_testing
