#!/bin/sh
# Validation that coalesces (speed issue): with the validation memory
# expired, 64 `dagshub-auth token` processes started at once make at most
# 2 requests to /api/v1/user: one process asks (holding a lock per host
# and token in the state folder), the others wait for its answer and read
# it from the memory.  Not a timed test: the figures are printed as TAP
# comments; the only time bound is a generous "never hangs" one.
# Also: concurrent writers of the memory never lose each other's lines.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

N=64
fake_start --token goodtok-0123456789:alice
STATE="$XDG_STATE_HOME/dagshub-auth"
MEMO="$STATE/validated"
write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/c.conf" "$FAKE_URL"
# The server takes a moment to answer, so the processes really overlap.
fake_mode /api/v1/user slow:1

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# run_many N CONF: starts N `token` runs at once (they wait for a file to
# appear, then go together) and collects "rc ms output" in $T/r.I.
run_many() {
	_rm_n=$1; shift
	rm -f "$T"/r.* "$T/go"
	_i=0 _pids=
	while [ $_i -lt "$_rm_n" ]; do
		(
			while [ ! -e "$T/go" ]; do sleep 0.01; done
			s=$(now_ms)
			o=$(DAGSHUB_HTTP_TIMEOUT=20 timeout 60 "$DAGSHUB_AUTH" -c "$1" token 2>"$T/e.$_i") && r=0 || r=$?
			echo "$r $(( $(now_ms) - s )) $o" > "$T/r.$_i"
		) &
		_pids="$_pids $!"
		_i=$((_i + 1))
	done
	sleep 0.5
	touch "$T/go"
	for _p in $_pids; do wait "$_p"; done
}

rm -f "$MEMO"
fake_reset; fake_mode /api/v1/user slow:1
run_many $N "$T/c.conf"
reqs=$(fake_count /api/v1/user)
good=$(cat "$T"/r.* | grep -c '^0 [0-9]* goodtok-0123456789$')
max=$(cat "$T"/r.* | awk '{ if ($2 > m) m = $2 } END { print m + 0 }')
echo "# $N processes at once: $reqs request(s) to /api/v1/user; slowest took $max ms (the server answers in 1000 ms)"
check_eq "all $N printed the token and exited 0" $N "$good"
check "at most 2 requests for $N processes (made $reqs)" test "$reqs" -le 2
check "at least one asked (the memory had expired)" test "$reqs" -ge 1
check "none hung (slowest ${max} ms, bound 15000)" test "$max" -lt 15000
check_eq "the memory holds one good line for it" 1 "$(grep -c '^[0-9a-f]' "$MEMO")"
check_eq "no lock file is left behind" "" "$(ls "$STATE" | grep '^validating-' || :)"
check_eq "the memory is still 0600" 600 "$(stat -c %a "$MEMO")"

# The explain of a process that waited says so; here, one more run after
# the fact simply finds the remembered answer (no request).
run_cli -c "$T/c.conf" explain
check_contains "explain: remembered" "remembered for validate_ttl" "$out"
check_eq "no further request" "$reqs" "$(fake_count /api/v1/user)"

# A rejected token: the one that asks gets the 401 and erases it; the
# others read "rejected" from the memory instead of asking again.
rm -f "$MEMO"
write_cache "$FAKE_URL" revoked-0123456789 goodtok-0123456789
fake_reset; fake_mode /api/v1/user slow:1
run_many 16 "$T/c.conf"
reqs=$(fake_count /api/v1/user)
good=$(cat "$T"/r.* | grep -c '^0 [0-9]* goodtok-0123456789$')
echo "# 16 processes, first token revoked: $reqs request(s)"
check_eq "revoked first: all 16 got the good token" 16 "$good"
[ "$good" = 16 ] || { cat "$T"/r.* "$T"/e.* | sort | uniq -c | sed "s/^/# /"; }
check "revoked first: at most 4 requests (2 per token) for 16 processes (made $reqs)" test "$reqs" -le 4
check_not_contains "the revoked token was erased" revoked "$(cat "$CACHE_FILE")"

# Memory writes under the lock: 32 processes, each validating a token for
# another host at the same time, all keep their line (without the lock,
# temporary file + rename by each writer loses lines).
fake_mode /api/v1/user ok
rm -f "$MEMO"
mkdir -p "$(dirname "$CACHE_FILE")"
{
	i=0
	while [ $i -lt 32 ]; do
		echo "$FAKE_URL/h$i:"
		printf -- '- access_token: goodtok-0123456789\n  expiry: never\n  token_type: app-token\n'
		i=$((i + 1))
	done
	echo "version: '1'"
} > "$CACHE_FILE"
chmod 600 "$CACHE_FILE"
rm -f "$T"/r.* "$T/go"
i=0 pids=
while [ $i -lt 32 ]; do
	cache_config "$T/h$i.conf" "$FAKE_URL/h$i"
	(
		while [ ! -e "$T/go" ]; do sleep 0.01; done
		o=$(timeout 60 "$DAGSHUB_AUTH" -c "$T/h$i.conf" token 2>/dev/null) && r=0 || r=$?
		echo "$r $o" > "$T/r.$i"
	) &
	pids="$pids $!"
	i=$((i + 1))
done
sleep 0.5
touch "$T/go"
for p in $pids; do wait "$p"; done
check_eq "32 hosts at once: all got the token" 32 "$(cat "$T"/r.* | grep -c '^0 goodtok')"
check_eq "32 hosts at once: the memory kept all 32 lines" 32 "$(grep -c '^[0-9a-f]' "$MEMO")"
[ "$(grep -c '^[0-9a-f]' "$MEMO")" = 32 ] || { grep -v '^[0-9a-f]' "$MEMO" | sed 's/^/# memo: /'; i=0; while [ $i -lt 32 ]; do DAGSHUB_HTTP_TIMEOUT=20 "$DAGSHUB_AUTH" -c "$T/h$i.conf" explain 2>&1 | grep -i "valid\|check" | sed "s/^/# h$i: /"; i=$((i + 1)); done; }

done_testing
