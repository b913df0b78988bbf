#!/bin/sh
# Smaller refusals of issue 8 (finding 7): 64-bit integers in the config
# (libconfig 1.5 wraps past 32 bits), module names, an empty --host.
. "$top_srcdir/tests/lib.sh"

conf() { { conf_header; cat; } | write_config "$T/c.conf"; }
CHAIN='providers = ( { module = "fixed"; args = { result = "token"; }; } );'

# ---- integers are read as 64-bit, out-of-range values refused with the real value ----
printf 'validate_ttl = 4294967396;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_eq "validate_ttl = 4294967396: exit 2 (not 100 s)" 2 "$rc"
check_contains "...the message has the real value and the range" \
	"c.conf:3: validate_ttl: 4294967396 is out of range: 0 to 315360000" "$err"
printf 'validate_ttl = 3000000000;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_eq "validate_ttl = 3000000000: exit 2" 2 "$rc"
check_contains "...named as 3000000000 (not a negative number)" "3000000000 is out of range" "$err"
printf 'validate_ttl = -1;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_contains "validate_ttl = -1: out of range" "validate_ttl: -1 is out of range" "$err"
printf 'validate_ttl = 0x100000064;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_contains "a hex validate_ttl past 32 bits: the real value" "4294967396 is out of range" "$err"
printf 'validate_ttl = 0x80000000;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_contains "a hex validate_ttl past 31 bits: the real value (libconfig's int is signed)" "validate_ttl: 2147483648 is out of range" "$err"
{ printf 'version = 0xFFFFFFFF;\nprovider_dir = "%s";\n%s\n' "$PROVIDER_DIR" "$CHAIN"; } | write_config "$T/v.conf"
run_cli -c "$T/v.conf" token
check_not_contains "version = 0xFFFFFFFF: not read as -1" "version -1" "$err"
check_contains "...but as written" "4294967295" "$err"
printf 'validate_ttl = 86400;\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_eq "validate_ttl = 86400 is fine" 0 "$rc"
printf '# 99999999999999999999\nvalidate_ttl = 5; // 99999999999999999999\n/* 99999999999999999999\n 3000000000 */\n%s\n' "$CHAIN" | conf
run_cli -c "$T/c.conf" token
check_eq "digits in comments are left alone" 0 "$rc"
{ printf 'providers = ( { module = "fixed"; args = { result = "token"; token = "tok-99999999999"; reason = "x"; }; } );\n'; } | conf
run_cli -c "$T/c.conf" token
check_eq "digits in strings are left alone" "tok-99999999999" "$out"

printf '%s\n' "$CHAIN" >"$T/body"
{ printf 'version = 99999999999999999999999;\nprovider_dir = "%s";\n' "$PROVIDER_DIR"; cat "$T/body"; } \
	| write_config "$T/v.conf"
run_cli -c "$T/v.conf" token
check_eq "a huge version: exit 2" 2 "$rc"
check_contains "...named with its real text, line and setting" \
	"v.conf:1: version = 99999999999999999999999 does not fit in 64 bits" "$err"
{ printf 'version = 4294967297;\nprovider_dir = "%s";\n' "$PROVIDER_DIR"; cat "$T/body"; } \
	| write_config "$T/v.conf"
run_cli -c "$T/v.conf" token
check_contains "version = 4294967297 is not read as 1" "version 4294967297 is not supported" "$err"

# a provider's integer argument (svc->arg_int) sees the real value
{ printf 'providers = ( { module = "oauth"; args = { timeout = 4294967396; }; } );\n'; } | conf
run_cli -c "$T/c.conf" explain
check_contains "args.timeout = 4294967396: the provider sees the real value" \
	"4294967396" "$out$err"

# ---- module names ----
printf 'providers = ( { module = "env x"; } );\n' | conf
run_cli -c "$T/c.conf" token
check_eq "a module name with a space: exit 2" 2 "$rc"
check_contains "...the rule is named" "[A-Za-z0-9_.-]+" "$err"
printf 'providers = ( { module = "env\\x1b"; } );\n' | conf
run_cli -c "$T/c.conf" token
check_eq "a module name with ESC: exit 2" 2 "$rc"
printf 'providers = ( { module = "/usr/lib/x\\ny.so"; } );\n' | conf
run_cli -c "$T/c.conf" token
check_eq "an absolute module path with a newline: exit 2" 2 "$rc"
check_contains "...a control character is named" "control character (at byte 11)" "$err"
printf 'providers = ( { module = "my-provider_2.v1"; } );\n' | conf
run_cli -c "$T/c.conf" token
check_not_contains "a bare name of letters, digits, _ . - is accepted by the checker" \
	"[A-Za-z0-9_.-]+" "$err"

# ---- an empty --host is a usage error everywhere ----
printf '%s\n' "$CHAIN" | conf
for cmd in token explain whoami list logout "login --token tok"; do
	# shellcheck disable=SC2086
	run_cli -c "$T/c.conf" $cmd --host ""
	check_eq "$cmd --host \"\": exit 2" 2 "$rc"
done
run_cli -c "$T/c.conf" --host "" token
check_eq "--host \"\" before the command: exit 2" 2 "$rc"
run_cli -c "$T/c.conf" --host= token
check_eq "--host= before the command: exit 2" 2 "$rc"
check_contains "...the host is empty" "empty" "$err"

# ---- an empty --config is a usage error too, never the usual lookup ----
# (DAGSHUB_AUTH_CONFIG names a good configuration: falling back to the
# lookup would run it and print its token)
for form in 1 2 3 4; do
	case $form in
	1) set -- -c "" token; form='-c "" token' ;;
	2) set -- --config= token; form='--config= token' ;;
	3) set -- token -c ""; form='token -c ""' ;;
	4) set -- token --config=; form='token --config=' ;;
	esac
	out=$(DAGSHUB_AUTH_CONFIG="$T/c.conf" timeout 60 "$DAGSHUB_AUTH" "$@" 2>"$T/err") && rc=0 || rc=$?
	check_eq "an empty configuration path ($form): exit 2" 2 "$rc"
	check_eq "...no token printed" "" "$out"
	check_contains "...it says the path is empty" "configuration path is empty" "$(cat "$T/err")"
done
run_cli token -c
check_eq "-c with nothing after it: exit 2" 2 "$rc"
run_cli -c
check_eq "-c with nothing after it, before the command: exit 2" 2 "$rc"
check_contains "...it says the option needs an argument" "option '-c' requires an argument" "$err"
done_testing
