#!/bin/sh
# Every row of the control table, and the long form.
. "$top_srcdir/tests/lib.sh"

# conf CONTROL RESULT: entry 1 is a fixed provider with CONTROL answering
# RESULT; entry 2 always has a token.
conf() {
	{ conf_header; cat <<EOF2
providers = (
  { module = "fixed"; control = $1; args = { result = "$2"; token = "first-token-123456"; reason = "said $2"; }; },
  { module = "fixed"; args = { result = "token"; token = "second-token-12345"; }; }
);
EOF2
	} | write_config "$T/c.conf"
}

# expect CONTROL RESULT WANT: WANT is first, second or none
expect() {
	conf "$1" "$2"
	run_cli -c "$T/c.conf" token
	case $3 in
	first) want="first-token-123456"; wrc=0 ;;
	second) want="second-token-12345"; wrc=0 ;;
	none) want=""; wrc=1 ;;
	esac
	if [ "$out" = "$want" ] && [ "$rc" = "$wrc" ]; then
		ok "$1 / $2 -> $3"
	else
		not_ok "$1 / $2 -> $3" "out=[$out] rc=$rc err=[$err]"
	fi
}

for c in sufficient requisite optional; do
	expect "\"$c\"" token first
done
expect '"sufficient"' notfound second
expect '"sufficient"' unavailable second
expect '"sufficient"' error second
expect '"requisite"' notfound none
expect '"requisite"' unavailable none
expect '"requisite"' error none
expect '"optional"' notfound second
expect '"optional"' unavailable second
expect '"optional"' error second

# error under sufficient (continue): reported at the end even though the
# second entry answered; under optional (ignore): quiet.
conf '"sufficient"' error
run_cli -c "$T/c.conf" token
check_contains "sufficient error is reported on success" "warning: entry 1 (fixed): said error" "$err"
conf '"optional"' error
run_cli -c "$T/c.conf" token
check_eq "optional error is quiet" "" "$err"

# requisite stops the walk: the no-token message says where
conf '"requisite"' notfound
run_cli -c "$T/c.conf" token
check_contains "requisite names where it stopped" "stopped here: die" "$err"
check_contains "no-token message lists the entries" "2. fixed [sufficient]: not reached" "$err"

# long form
expect '{ token = "done"; notfound = "continue"; unavailable = "continue"; error = "die"; }' error none
expect '{ token = "done"; notfound = "continue"; unavailable = "continue"; error = "die"; }' unavailable second
expect '{ notfound = "die"; }' notfound none
expect '{ notfound = "die"; }' error second
expect '{ token = "ignore"; }' token second
expect '{ notfound = "done"; }' notfound none

conf '{ error = "die"; }' error
run_cli -c "$T/c.conf" explain
check_contains "explain shows the long form" "[token=done notfound=continue unavailable=continue error=die]" "$out"

conf '"sometimes"' token
run_cli -c "$T/c.conf" token
check_eq "unknown control is a config error (exit 2)" 2 "$rc"
check_contains "unknown control names the line and setting" "c.conf:4: providers[0].control: unknown control \"sometimes\"" "$err"

conf '{ token = "maybe"; }' token
run_cli -c "$T/c.conf" token
check_contains "unknown long-form action is refused" 'unknown action "maybe"' "$err"

done_testing
