#!/bin/sh
# dagshub_auth returns a token from a provider the DagsHub Python client
# cannot read: the kernel keyring (a fresh session keyring, as in
# tests/keyring/kernel.sh, so the machine's own keys are not touched).

if [ -z "${KR_INNER:-}" ] && command -v keyctl >/dev/null 2>&1 &&
   keyctl session - true >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 keyctl session - sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"
py_require

if [ -z "${KR_INNER:-}" ] || ! kr_have_kernel_keyring; then
	skip "kernel keyring" "${kr_why:-keyctl session - does not work here}"
	done_testing
fi

fake_start --token tok_kernel_0123456789abcdef:kim || {
	not_ok "the fake DagsHub starts"; done_testing; }
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; },
              { module = "keyring"; args = { backend = "kernel"; keyring = "session"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
TOK=tok_kernel_0123456789abcdef
printf '%s\n' "$TOK" > "$T/.token"
run_cli login --token-stdin --store keyring --no-validate < "$T/.token"
rm -f "$T/.token"
check_eq "the token is stored in the kernel keyring" "$TOK" \
	"$(keyctl pipe "%user:dagshub:$FAKE_URL" 2>&1)"
check "...and the client's cache file has none" test ! -e "$CACHE_FILE"

out=$("$PY" -c '
import dagshub_auth
print(dagshub_auth.get_token(fail_if_no_token=True))
i = dagshub_auth.token_info()
print(i.source, i.username)
print(repr(i))' 2>"$T/py.err")
check_eq "get_token() returns the kernel keyring's token" "$TOK" "$(printf '%s\n' "$out" | sed -n 1p)"
check_eq "token_info() says it came from the keyring, validated as kim" "keyring kim" "$(printf '%s\n' "$out" | sed -n 2p)"
check_not_contains "token_info() repr has no token" "$TOK" "$(printf '%s\n' "$out" | sed -n 3p)"
check_eq "validated once with the host" 1 "$(fake_count /api/v1/user)"
done_testing
