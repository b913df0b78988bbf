#!/bin/sh
# keyring = "session" in a process that has no session keyring of its own
# (cron, ssh without pam_keyinit, docker exec): @s is then the user-session
# keyring.  A stored token must go there, where the next process finds it,
# not into a new session keyring that dies with the storing process.
# Runs only where the test itself has no session keyring; uses a host of
# its own and removes its key.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

if ! kr_have_kernel_keyring; then
	skip "kernel keyring" "$kr_why"
	done_testing
fi
case $(keyctl rdescribe @s 2>/dev/null) in
keyring\;*\;_uid_ses.*) ;;
*)	skip "no session keyring" "this test runs in a session keyring of its own"
	done_testing ;;
esac

C="$T/auth.conf"
kr_config "$C" 'backend = "kernel"; keyring = "session";'
export DAGSHUB_AUTH_CONFIG="$C"
H="https://nosession-$$.test.invalid"
TOK=tok_nosession_0123456789
_nosession_clean() { keyctl purge -s user "dagshub:$H" >/dev/null 2>&1 || :; }
at_exit _nosession_clean

kr_login "$TOK" --store keyring --no-validate --host "$H"
check_eq "login --store keyring exits 0" 0 "$rc"
run_cli token --non-interactive --host "$H"
check_eq "the next process finds the token" "$TOK" "$out"
check_eq "the key is in the user-session keyring" "$TOK" \
	"$(keyctl pipe "%user:dagshub:$H" 2>&1)"
run_cli logout --host "$H"
check_eq "logout finds and erases it" 0 "$rc"
run_cli token --non-interactive --host "$H"
check_eq "then it is gone" 1 "$rc"

done_testing
