#!/bin/sh
# Two `token` runs that both need OAuth for the same host at the same time
# run ONE login: the second waits for the first's lock, then finds its
# token in the cache.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/oauth/browser.sh"

if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
CACHE="$XDG_CACHE_HOME/dagshub/tokens"

# The person takes 1.5 s to approve, so both runs are surely waiting.
BROWSER_DELAY=1.5 browser_start "$T/a.out" "$T/b.out"
for n in a b; do
	timeout 60 script -qec "'$DAGSHUB_AUTH' -v -c '$T/c.conf' token" \
		/dev/null </dev/null >"$T/$n.out" 2>&1 &
	eval "pid_$n=\$!"
done
wait "$pid_a" && rc_a=0 || rc_a=$?
wait "$pid_b" && rc_b=0 || rc_b=$?
browser_stop
a=$(tr -d '\r' <"$T/a.out")
b=$(tr -d '\r' <"$T/b.out")
tok_a=$(printf '%s\n' "$a" | grep -o 'oauth-[0-9a-f]\{40\}' | tail -n 1)
tok_b=$(printf '%s\n' "$b" | grep -o 'oauth-[0-9a-f]\{40\}' | tail -n 1)

check_eq "first run exits 0" 0 "$rc_a"
check_eq "second run exits 0" 0 "$rc_b"
check "both print a token" test -n "$tok_a" -a -n "$tok_b"
check_eq "both print the same token" "$tok_a" "$tok_b"
check_eq "the person saw one link" 1 "$(browser_count)"
check_eq "one authorize" 1 "$(fake_count /login/oauth/authorize)"
check_eq "one code-for-token exchange" 1 "$(fake_count /login/oauth/access_token)"
check_contains "one run waited for the other's login" \
	"another process is logging in" "$a$b"
check_eq "the cache holds one token" 1 "$(grep -c 'access_token:' "$CACHE")"

# A program that logged in keeps the lock until it closes its handle,
# which may be much later.  A waiting run looks in the store meanwhile:
# here the lock stays held (by flock(1), -o: the flock process itself
# holds it, so killing it frees the lock) while a token is stored after 1 s.
lock="$XDG_STATE_HOME/dagshub-auth/oauth-http%3A%2F%2F127.0.0.1%3A$FAKE_PORT.lock"
rm -f "$CACHE"
fake_reset
flock -o "$lock" sleep 20 &
holder=$!
i=0
while flock -n "$lock" true && [ $i -lt 100 ]; do sleep 0.05; i=$((i + 1)); done
fake_token later-token-0123456789 alice
( sleep 1; printf 'later-token-0123456789\n' |
	timeout 20 "$DAGSHUB_AUTH" -c "$T/c.conf" login --token-stdin >/dev/null 2>&1 ) &
t0=$(date +%s)
timeout 60 script -qec "'$DAGSHUB_AUTH' -c '$T/c.conf' token" /dev/null \
	</dev/null >"$T/c.out" 2>&1 && rc=0 || rc=$?
secs=$(( $(date +%s) - t0 ))
check_eq "lock still held: a token stored meanwhile is the answer" \
	later-token-0123456789 "$(tr -d '\r' <"$T/c.out" | grep -o 'later-token-[0-9]*' | tail -n 1)"
check "...within a few seconds (${secs}s), not the whole timeout" test "$secs" -le 10
check_eq "...with no login of its own" 0 "$(fake_count /login/oauth/authorize)"

# Held for the whole timeout: the wait ends with the timeout.
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 2; open_browser = "never"; }; } );
EOF2
} | write_config "$T/t2.conf"
t0=$(date +%s)
run_cli -c "$T/t2.conf" login
secs=$(( $(date +%s) - t0 ))
check_eq "lock held for the whole timeout: login fails (exit 3)" 3 "$rc"
check "...after the 2 s timeout (${secs}s)" sh -c '[ "$1" -ge 2 ] && [ "$1" -le 15 ]' sh "$secs"
check_contains "...saying why" "another process has been logging in" "$err"
check_eq "...with no link" 0 "$(fake_count /login/oauth/authorize)"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null

done_testing
