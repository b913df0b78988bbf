#!/bin/sh
# exec and file in a chain before cache and oauth: explain shows each
# entry's result; the first token wins and the rest are not reached;
# with neither answering, the walk goes on to cache and oauth (which is
# unavailable here: no person), and the "no token" message lists all four.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/exec/lib-exec.sh"

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"
F="$T/token"

mkcmd none <<'EOS'
exit 0
EOS
mkcmd tok <<'EOS'
echo tok_chain_exec_0123456789
EOS

chain() { # FILE-PATH COMMAND
	{
		conf_header
		cat <<EOC
providers = (
  { module = "file";  args = { path = "$1"; }; },
  { module = "exec";  args = { command = [ "$2" ]; timeout = 5; }; },
  { module = "cache"; store = true; },
  { module = "oauth"; }
);
EOC
	} | write_config "$C"
}

chain "$F" "$BIN/none"
run_cli --non-interactive explain
check_contains "file: notfound (no file)" "notfound" "$out"
check_contains "... with its reason" "no file $F" "$out"
check_contains "exec: notfound (printed nothing)" "$BIN/none printed nothing (exit 0)" "$out"
check_contains "cache: asked after them" "cache" "$out"
check_contains "oauth: asked last, unavailable without a person" "unavailable" "$out"
run_cli --non-interactive token
check_eq "no token: exit 1" 1 "$rc"
check_contains "the message lists file" "file" "$err"
check_contains "... and exec" "$BIN/none printed nothing" "$err"
check_contains "... and oauth" "oauth" "$err"

chain "$F" "$BIN/tok"
run_cli --non-interactive token
check_eq "exec's token when the file is missing" tok_chain_exec_0123456789 "$out"
run_cli --non-interactive explain
check_contains "explain: exec gave it" "from $BIN/tok (exit 0)" "$out"
check_contains "... cache not reached" "cache        sufficient   not reached" "$out"
check_contains "... oauth not reached" "oauth        sufficient   not reached" "$out"

printf 'tok_chain_file_0123456789\n' > "$F"
chmod 600 "$F"
run_cli --non-interactive token
check_eq "the file's token wins when it is there" tok_chain_file_0123456789 "$out"
run_cli --non-interactive explain
check_contains "explain: file gave it" "from $F (read)" "$out"
check_contains "... exec not reached" "exec         sufficient   not reached" "$out"

: > "$F"
run_cli --non-interactive explain
check_contains "an empty file is an error, and the walk goes on" "$F is empty" "$out"
check_contains "... to exec, which answers" "from $BIN/tok (exit 0)" "$out"

# ---- the commented examples of etc/dagshub/auth.conf load ----
{
	conf_header
	echo 'providers = ('
	sed -n '/^# A command prints/,$p' "$top_srcdir/etc/dagshub/auth.conf" |
		grep '^#  ' | sed 's/^#//' | sed '$ s/},$/}/'
	echo ');'
} | write_config "$C"
run_cli --non-interactive explain
check_eq "the examples in etc/dagshub/auth.conf are a valid chain" 1 "$rc"
check_contains "... of five entries" "   5   file" "$out"
check_not_contains "... whose args all open" "unknown setting" "$out$err"
check_not_contains "... and whose modules all load" "module /" "$out$err"

done_testing
