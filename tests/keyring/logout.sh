#!/bin/sh
# `logout` erases the host's tokens from every entry of its chain that can
# erase, not only `store = true` ones: with the default chain's shape (a
# keyring entry without store), a token kept in the kernel keyring is
# gone after logout; `token --non-interactive` finds none and `list`
# agrees.  Runs in a fresh session keyring.
if [ -z "${KR_INNER:-}" ] && command -v keyctl >/dev/null 2>&1 &&
   keyctl session - true >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 keyctl session - sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

if [ -z "${KR_INNER:-}" ] || ! kr_have_kernel_keyring; then
	skip "logout from every entry" "${kr_why:-keyctl session - does not work here}"
	done_testing
fi

C="$T/auth.conf"
{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; },
              { module = "cache"; store = true; validate = false; },
              { module = "keyring"; control = "optional"; validate = false;
                args = { backend = "kernel"; keyring = "session"; }; } );
EOF2
} | write_config "$C"
export DAGSHUB_AUTH_CONFIG="$C"
DESC="dagshub:$KR_HOST"

kr_login tok_keyring_only_0123 --store keyring --no-validate
check_eq "a token is stored in the keyring entry (no store = true)" 0 "$rc"
run_cli list
check_contains "list shows it" "keyring" "$out"
run_cli token --non-interactive
check_eq "token finds it" tok_keyring_only_0123 "$out"

run_cli logout
check_eq "logout: exit 0 (it erased something)" 0 "$rc"
check_not_contains "logout does not say there was nothing to do" "nothing to do" "$err"
check "the key is gone from the kernel keyring" sh -c \
	"! keyctl search @s user '$DESC' >/dev/null 2>&1"
run_cli token --non-interactive
check_eq "after logout token finds no token (exit 1)" 1 "$rc"
check_eq "...and prints none" "" "$out"
run_cli list
check_not_contains "list agrees: no keyring token for the host" "keyring" "$out"

# With tokens in both the cache and the keyring, one logout erases both.
kr_login tok_keyring_two_0123 --store keyring --no-validate
kr_login tok_cache_two_012345 --no-validate
run_cli logout
check_contains "logout erases from both entries" "from 2 store(s)" "$err"
run_cli token --non-interactive
check_eq "...and token finds none" 1 "$rc"
run_cli logout
check_eq "a second logout: nothing to do (exit 1)" 1 "$rc"
done_testing
