#!/bin/sh
# The kernel keyring backend against the real kernel keyring: store, get,
# erase through the CLI; the key is readable with keyctl; expiry becomes
# the key's timeout; the persistent, session and numbered keyrings; bad
# args.  Runs in a fresh session keyring (`keyctl session -`), so the
# machine's own session keyring is not touched; the persistent-keyring
# check uses a host of its own and removes its key.

# Re-run inside a new anonymous session keyring, bounded.
if [ -z "${KR_INNER:-}" ] && command -v keyctl >/dev/null 2>&1 &&
   keyctl session - true >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 keyctl session - sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

if [ -z "${KR_INNER:-}" ] || ! kr_have_kernel_keyring; then
	skip "kernel keyring" "${kr_why:-keyctl session - does not work here}"
	done_testing
fi

C="$T/auth.conf"
kr_config "$C" 'backend = "kernel"; keyring = "session";'
export DAGSHUB_AUTH_CONFIG="$C"
TOK=tok_kernel_0123456789abcdef
DESC="dagshub:$KR_HOST"

# ---- store -> get -> erase through the CLI ----
kr_login "$TOK" --store keyring --no-validate
check_eq "login --store keyring exits 0" 0 "$rc"
check_eq "the key is readable with keyctl" "$TOK" \
	"$(keyctl pipe "%user:$DESC" 2>&1)"
check_eq "it is a user key in the session keyring" 1 \
	"$(keyctl rlist @s | tr ' ' '\n' | while read -r k; do
		keyctl rdescribe "$k" 2>/dev/null; echo; done |
		grep -c "^user;.*;$DESC\$")"
run_cli token
check_eq "token prints the stored token" "$TOK" "$out"
run_cli explain
check_contains "explain names the kernel backend and the key" \
	"kernel: key " "$out"
check_contains "explain names the keyring" "in the session keyring" "$out"
check_not_contains "explain never shows the token" "$TOK" "$out$err"
run_cli list
check_contains "list shows the host" "$KR_HOST" "$out"
check_contains "list shows a fingerprint" "tok_" "$out"
check_not_contains "list never shows the token" "$TOK" "$out$err"

# A second token for the host replaces the first: one key per host.
kr_login tok_second_9876543210 --store keyring --no-validate
run_cli token
check_eq "a new token replaces the old one" tok_second_9876543210 "$out"
check_eq "still one key for the host" 1 \
	"$(keyctl rlist @s | tr ' ' '\n' | while read -r k; do
		keyctl rdescribe "$k" 2>/dev/null; echo; done | grep -c ";$DESC\$")"

# Erasing another value keeps the key; erasing all removes it.
krdrive -a backend=kernel -a keyring=session erase "$KR_HOST" not-that-one
check_eq "erase of another value: notfound" notfound "$kres"
check_eq "... and the key stays" tok_second_9876543210 \
	"$(keyctl pipe "%user:$DESC" 2>&1)"
run_cli logout --store keyring
check_eq "logout --store keyring exits 0" 0 "$rc"
check "the key is gone" sh -c "! keyctl request user '$DESC' >/dev/null 2>&1"
run_cli token
check_eq "token after logout exits 1" 1 "$rc"
check_contains "the miss says where it looked" \
	"notfound: kernel: no key \"$DESC\" in the session keyring" "$err"
krdrive -a backend=kernel -a keyring=session erase "$KR_HOST"
check_eq "erase with nothing stored: notfound" notfound "$kres"

# ---- the driver: type, expiry, list ----
now_us=$(( $(date +%s) * 1000000 ))
krdrive -a backend=kernel -a keyring=session store http://127.0.0.1:9 \
	tok_expiring_123456 bearer $(( now_us + 4000000 ))
check_eq "store with an expiry" token "$kres"
krdrive -a backend=kernel -a keyring=session get http://127.0.0.1:9
check_contains "get before the expiry" "token tok_expiring_123456" "$out"
krdrive -a backend=kernel -a keyring=session list
check_contains "list reports the key" \
	"item http://127.0.0.1:9 tok_expiring_123456" "$out"
check_contains "list's reason names the backend" "kernel: 1 token in the" \
	"$kreason"
sleep 5
krdrive -a backend=kernel -a keyring=session get http://127.0.0.1:9
check_eq "after the expiry the kernel dropped the key" notfound "$kres"
krdrive -a backend=kernel -a keyring=session store http://127.0.0.1:9 \
	tok_stale_123456 bearer $(( now_us - 1000000 ))
check_eq "an expired token is not stored" error "$kres"
check_contains "... and says so" "already expired" "$kreason"

# ---- a keyring named by its id ----
ring=$(keyctl newring dagshub-test @s)
krdrive -a backend=kernel -a keyring="$ring" store "$KR_HOST" tok_ring_1234567
check_eq "store in a numbered keyring" token "$kres"
check_contains "... names it" "in the keyring $ring" "$kreason"
check_eq "the key is in that keyring" tok_ring_1234567 \
	"$(keyctl pipe "$(keyctl search "$ring" user "$DESC")" 2>&1)"
krdrive -a backend=kernel -a keyring=session get "$KR_HOST"
check_eq "the session keyring's own keys only (not linked rings)" \
	notfound "$kres"
userkey=$(keyctl add user dagshub-test-not-a-ring x @s)
krdrive -a backend=kernel -a keyring="$userkey" get "$KR_HOST"
check_eq "a key that is not a keyring: error" error "$kres"
check_contains "... saying so" "is not a keyring" "$kreason"

# ---- the default: the persistent keyring (shared by the user's sessions,
# so a host of its own, removed at exit) ----
PHOST="http://127.0.0.1:$$"
_kr_persistent_cleanup() {
	"$KRDRIVE" "$KR_MODULE" -a backend=kernel erase "$PHOST" >/dev/null 2>&1
}
at_exit _kr_persistent_cleanup
krdrive -a backend=kernel store "$PHOST" tok_persistent_12345
check_eq "store in the default keyring" token "$kres"
case $kreason in
*"persistent keyring"*)
	ok "the default is the persistent keyring"
	keyctl get_persistent @s >/dev/null 2>&1
	check_eq "the key is in the persistent keyring" tok_persistent_12345 \
		"$(keyctl pipe "%user:dagshub:$PHOST" 2>&1)"
	;;
*"user keyring"*"no persistent keyrings"*)
	ok "no persistent keyrings in this kernel: the user keyring, said so"
	skip "the key is in the persistent keyring" "kernel without them"
	;;
*)
	not_ok "the default is the persistent keyring" "$kreason" ;;
esac
krdrive -a backend=kernel get "$PHOST"
check_contains "get from the default keyring" "token tok_persistent_12345" "$out"
krdrive -a backend=kernel erase "$PHOST"
check_eq "erase from the default keyring" token "$kres"
krdrive -a backend=kernel get "$PHOST"
check_eq "... it is gone" notfound "$kres"

# ---- args ----
krdrive -a keyring=bogus get "$KR_HOST"
check_eq "args.keyring must be known" open-failed "$kres"
check_contains "... and the reason says what is allowed" \
	'args.keyring = "bogus"' "$kreason"
krdrive -a backend=wallet get "$KR_HOST"
check_eq "args.backend must be known" open-failed "$kres"
check_contains "... naming the choices" '"secret-service" or "kernel"' \
	"$kreason"
krdrive -a colour=blue get "$KR_HOST"
check_eq "unknown args are refused" open-failed "$kres"
krdrive -a timeout=0 get "$KR_HOST"
check_eq "args.timeout must be positive" open-failed "$kres"
{ conf_header; printf 'providers = ( { module = "keyring"; args = { backend = "kernel"; keyrnig = "user"; }; } );\n'; } |
	write_config "$T/typo.conf"
run_cli -c "$T/typo.conf" explain
check_contains "a typo in args is reported through the CLI" "keyrnig" "$out$err"

# ---- the module loads and unloads many times ----
krdrive -n 20 -a backend=kernel -a keyring=session get "$KR_HOST"
check_eq "20 rounds of dlopen/open/get/close/dlclose" notfound "$kres"

done_testing
