#!/bin/sh
# Validation of kept tokens (dagshub-auth.conf(5), validate): a token the server
# rejects is erased and the next one used; a good result is remembered
# across processes for validate_ttl, without writing the token anywhere.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
MEMO="$XDG_STATE_HOME/dagshub-auth/validated"

write_cache "$FAKE_URL" badtok-0123456789 goodtok-0123456789
cache_config "$T/c.conf" "$FAKE_URL"

run_cli -c "$T/c.conf" token
check_eq "the token the server accepts is printed" goodtok-0123456789 "$out"
check_eq "exit 0" 0 "$rc"
check_eq "both tokens were checked (one request each)" 2 "$(fake_count /api/v1/user)"
check_not_contains "the rejected token is erased from the cache" badtok "$(cat "$CACHE_FILE")"
check_contains "the good one stays" goodtok-0123456789 "$(cat "$CACHE_FILE")"

fake_reset
run_cli -c "$T/c.conf" token
check_eq "second run: same token" goodtok-0123456789 "$out"
check_eq "second run: ZERO requests (remembered)" 0 "$(fake_count)"
run_cli -c "$T/c.conf" explain
check_contains "explain says the check was remembered" "remembered for validate_ttl" "$out"
check_contains "and knows the login from it" "user alice" "$out"

check "the memory file exists" test -f "$MEMO"
check_eq "it is 0600" 600 "$(stat -c %a "$MEMO")"
check_not_contains "it does not hold the token" goodtok "$(cat "$MEMO")"
check_eq "one line per good token" 1 "$(grep -c '^[0-9a-f]' "$MEMO")"
hb=$(printf '%s\n%s' "$FAKE_URL" badtok-0123456789 | sha256sum | cut -d' ' -f1)
check_contains "the rejection is kept briefly (x line), for processes waiting on the same check" "x$hb " "$(cat "$MEMO")"
h=$(printf '%s\n%s' "$FAKE_URL" goodtok-0123456789 | sha256sum | cut -d' ' -f1)
check_contains "it holds SHA-256(host \\n token)" "$h" "$(cat "$MEMO")"

# The memory is per host: the same token for another host is asked again.
fake_reset
{ conf_header; echo "host = \"$FAKE_URL/prefix\";";
  echo 'providers = ( { module = "cache"; store = true; } );'; } | write_config "$T/p.conf"
write_cache "$FAKE_URL/prefix" goodtok-0123456789
run_cli -c "$T/p.conf" token
check_eq "another host: asked again" 1 "$(fake_count)"

# validate_ttl: after it expires, exactly one request.  The remembered
# check is aged by rewriting its time in the memory file rather than by
# sleeping, so a slow machine cannot make the test flaky.
rm -f "$MEMO"
write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/ttl.conf" "$FAKE_URL" 'validate_ttl = 60;'
fake_reset
run_cli -c "$T/ttl.conf" token
check_eq "ttl 60: first run asks" 1 "$(fake_count)"
run_cli -c "$T/ttl.conf" token
check_eq "ttl 60: at once again, no request" 1 "$(fake_count)"
aged=$(awk -v t="$(( $(date +%s) - 61 ))" '{ $2 = t; print }' "$MEMO")
printf '%s\n' "$aged" > "$MEMO"    # same file, same 0600 mode
run_cli -c "$T/ttl.conf" token
check_eq "ttl 60: once the check is 61 s old, exactly one request" 2 "$(fake_count)"
run_cli -c "$T/ttl.conf" token
check_eq "ttl 60: ...and it is remembered again" 2 "$(fake_count)"
check_eq "and the token is still given" goodtok-0123456789 "$out"

# validate_ttl = 0: never remembered.
cache_config "$T/ttl0.conf" "$FAKE_URL" 'validate_ttl = 0;'
fake_reset
run_cli -c "$T/ttl0.conf" token
run_cli -c "$T/ttl0.conf" token
check_eq "ttl 0: every run asks" 2 "$(fake_count)"

# A memory file others can write is not believed (it could vouch for any
# token): the token is checked again.
cache_config "$T/c.conf" "$FAKE_URL"
run_cli -c "$T/c.conf" token
chmod 666 "$MEMO"
fake_reset
run_cli -c "$T/c.conf" token
check_eq "a world-writable memory file is ignored" 1 "$(fake_count)"
check_eq "and rewritten 0600" 600 "$(stat -c %a "$MEMO")"
# read without the state folder's walk: the file's own checks hold, and
# a symbolic link (here to a private copy that vouches) is not followed
cp -p "$MEMO" "$T/memo-copy"
ln -sf "$T/memo-copy" "$MEMO"
fake_reset
run_cli -c "$T/c.conf" token
check_eq "a memory file that is a symbolic link is not followed" 1 "$(fake_count)"
check "...and a file takes its place" test -f "$MEMO" -a ! -L "$MEMO"

# A revoked token that was remembered as good: within the TTL the walk
# trusts the memory (no request, by design); whoami asks, sees the 401,
# erases it and forgets it.
write_cache "$FAKE_URL" goodtok-0123456789
run_cli -c "$T/c.conf" token
fake_revoke goodtok-0123456789
fake_reset
run_cli -c "$T/c.conf" token
check_eq "within the TTL a revoked token is not asked about" 0 "$(fake_count)"
run_cli -c "$T/c.conf" whoami --non-interactive
check_eq "whoami: no token left after the 401" 1 "$rc"
check_not_contains "whoami erased the revoked token" goodtok "$(cat "$CACHE_FILE")"
check_eq "and forgot that it was good" "" "$(cat "$MEMO")"

# The memory stays small: at most 64 lines.
: > "$MEMO"
now=$(date +%s)
i=0
while [ $i -lt 100 ]; do
	printf '%064x %s -\n' $i "$now" >> "$MEMO"
	i=$((i + 1))
done
fake_token goodtok-0123456789 alice
write_cache "$FAKE_URL" goodtok-0123456789
run_cli -c "$T/c.conf" token
check_eq "the memory is bounded" 64 "$(wc -l < "$MEMO" | tr -d ' ')"
check_contains "and the newest line is kept" "$h" "$(tail -1 "$MEMO")"

# Lines that are not well-formed are skipped, one by one: the good line
# after them still holds, and the same lines alone vouch for nothing.
now=$(date +%s)
long=$(printf 'a%.0s' $(seq 130))
bad_lines=$(printf '%s\n' \
	"$(printf '%s' "$h" | cut -c1-63) $now alice" \
	"$(printf '%s' "$h" | tr a-f A-F) $now alice" \
	"${h}0 $now alice" \
	"$h soon alice" \
	"$h ${now}x alice" \
	"$h $now" \
	"$h $now $long" \
	"$h 1234567890123456789012345 alice" \
	"$h$now alice")
printf '%s\n%s\n' "$bad_lines" "$h $now alice" > "$MEMO"
fake_reset
run_cli -c "$T/c.conf" token
check_eq "malformed memory lines are skipped: the good one holds (no request)" \
	0 "$(fake_count)"
check_eq "...and the token is given" goodtok-0123456789 "$out"
printf '%s\n' "$bad_lines" > "$MEMO"
fake_reset
run_cli -c "$T/c.conf" token
check_eq "malformed lines alone vouch for nothing (one request)" 1 "$(fake_count)"

# A FIFO planted where the memory is (by whoever controls a folder above
# it: the lookup does not walk the folders) must not hang the run: it is
# not a regular file, so it vouches for nothing and the token is asked.
rm -f "$MEMO"; mkfifo "$MEMO"
fake_reset
out=$(timeout 10 "$DAGSHUB_AUTH" -c "$T/c.conf" token 2>"$T/err") && rc=0 || rc=$?
check_eq "a FIFO as the memory: no hang, exit 0" 0 "$rc"
check_eq "...the token is given" goodtok-0123456789 "$out"
check_eq "...after asking the server (the FIFO vouches for nothing)" 1 "$(fake_count /api/v1/user)"
rm -f "$MEMO"

# An entry whose erase fails keeps the rejected token: the message says
# so, and why, instead of only "rejected".
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "fixed"; validate = true; args = { result = "token"; token = "badtok-0123456789"; erase = "error"; erase_reason = "disk full"; }; } );'; } \
	| write_config "$T/erase.conf"
run_cli -c "$T/erase.conf" token
check_eq "an entry whose erase fails: no token, exit 1" 1 "$rc"
check_contains "...the reason says the token is still stored, and why" \
	"rejected: the server rejected 1 token from this entry; erasing it failed, so it is still stored: disk full" "$err"
done_testing
