#!/bin/sh
# Nothing is loaded before it is needed: with a recently validated token,
# neither the CLI nor a program using the library maps libcurl; the first
# real request does (which shows the probes can see it).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

PROBE="$top_builddir/tests/http/maps_probe"
fake_start --token goodtok-0123456789:alice
write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/c.conf" "$FAKE_URL"

# First run validates: libcurl comes in (the probe can fail).
err=$(LD_DEBUG=files timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>&1 >/dev/null)
check_contains "the first token validates, loading libcurl" "libcurl" "$err"
# (the HTTP module is loaded through its checked descriptor)
check_contains "from the HTTP module" "needed by /proc/self/fd/" "$err"
fake_reset
err=$(LD_DEBUG=files timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>&1 >/dev/null)
check_not_contains "within the TTL the CLI never loads libcurl" "libcurl" "$err"
check_not_contains "nor the HTTP module" "http.so" "$err"
check_eq "and makes no request" 0 "$(fake_count)"

out=$(timeout 20 "$PROBE" "$T/c.conf")
check_contains "library caller: libcurl absent after a remembered token" "after-token: libcurl absent" "$out"
check_contains "library caller: an explicit validation works" "validate: success (HTTP 200)" "$out"
check_contains "library caller: and then libcurl is there" "after-validate: libcurl present" "$out"

# The HTTP module must pass the module trust check.
cp "$top_builddir/core/http/.libs/http.so" "$T/http.so"
chmod 666 "$T/http.so"
rm -f "$XDG_STATE_HOME/dagshub-auth/validated"
out=$(DAGSHUB_AUTH_HTTP_MODULE="$T/http.so" timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>&1) && rc=0 || rc=$?
check_eq "a group/world-writable HTTP module is refused" 3 "$rc"
check_contains "with the reason" "HTTP module $T/http.so is refused: it is writable by others" "$out"
out=$(DAGSHUB_AUTH_HTTP_MODULE="$T/nope.so" timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "a missing HTTP module is named" "$T/nope.so" "$out"
done_testing
