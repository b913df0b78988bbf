#!/bin/sh
# `make demo` keeps working: demo/run passes every claim it makes and
# shows tokens only as fingerprints.
. "$top_srcdir/tests/lib.sh"

timeout 120 sh "$top_srcdir/demo/run" >"$T/demo.out" 2>&1 && rc=0 || rc=$?
demo=$(cat "$T/demo.out")
check_eq "demo/run exits 0" 0 "$rc"
check_contains "every step behaved as stated" "demo: every step behaved as stated" "$demo"
check_not_contains "no claim failed" "FAILED:" "$demo"
check "it showed each step (7 headings)" test "$(grep -c '^== [0-9]' "$T/demo.out")" -eq 7
check "no OAuth token in full" sh -c '! grep -Eq "oauth-[0-9a-f]{40}" "$1"' sh "$T/demo.out"
check "no app or env token in full" sh -c '! grep -Eq "(app|env)-[0-9a-f]{32}" "$1"' sh "$T/demo.out"
[ "$rc" = 0 ] || printf '%s\n' "$demo" | tail -n 30 | sed 's/^/# /'

done_testing
