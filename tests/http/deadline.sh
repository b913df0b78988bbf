#!/bin/sh
# One DAGSHUB_HTTP_TIMEOUT per command (hardening issue, finding 7): with
# the server too slow, `whoami` (whose walk validates the cached token and
# then asks again) gives up within one timeout, not two.  A "never hangs"
# bound with a wide margin, not a speed test: the old code needed at
# least 2 x the timeout.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/c.conf" "$FAKE_URL"
TMO=3
fake_mode /api/v1/user slow:30

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

t0=$(now_ms)
out=$(DAGSHUB_HTTP_TIMEOUT=$TMO timeout 60 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>"$T/err") && rc=0 || rc=$?
t1=$(now_ms)
err=$(cat "$T/err")
el=$((t1 - t0))
check_eq "slow server: whoami fails (exit 3)" 3 "$rc"
check_contains "it says the time ran out" "DAGSHUB_HTTP_TIMEOUT" "$err"
check "it returned within one timeout plus margin (took ${el} ms; 2 x $TMO s would be the old bug)" \
	test "$el" -lt $((TMO * 1000 + 2500))
check "the walk's check did ask (the bound is shared, not skipped)" \
	test "$(fake_count /api/v1/user)" -ge 1

# The deadline belongs to the command: the next whoami has a whole one
# again, and a server that answers in time is fine.
fake_mode /api/v1/user slow:1
run_cli -c "$T/c.conf" whoami
out=$(DAGSHUB_HTTP_TIMEOUT=$TMO timeout 60 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>"$T/err") && rc=0 || rc=$?
check_eq "a 1 s answer within a $TMO s bound: whoami works" alice "$out"

done_testing
