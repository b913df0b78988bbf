#!/bin/sh
# Writers that run at once, and writers killed at random moments: the
# lock, the re-read under it and the rename lose nothing and never leave
# a half-written file.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

# ---- 64 concurrent logins for 64 hosts leave all 64 tokens ----
i=1
while [ $i -le 64 ]; do
	( printf 'par-token-%02d\n' $i | timeout 60 "$DAGSHUB_AUTH" login \
		--token-stdin --no-validate --host "https://h$i.example" \
		> /dev/null 2>"$T/par-$i.err"; echo $? > "$T/par-$i.rc" ) &
	i=$((i + 1))
done
wait
fails=$(cat "$T"/par-*.rc | grep -vc '^0$')
check_eq "64 concurrent logins all succeed" 0 "$fails"
check_eq "all 64 tokens are in the file" 64 \
	"$(pyload "$CACHE" | grep -c 'app-token never par-token-')"
check_eq "64 distinct hosts" 64 "$(pyload "$CACHE" | cut -d' ' -f1 | sort -u | wc -l)"

# ---- a writer killed with SIGKILL at random moments, 200 times ----
# After each kill the file must parse and hold either the old set of
# tokens or the old set plus the new one.
tokens_of() {
	if [ -e "$CACHE" ]; then
		"$ROUNDTRIP" "$CACHE" | sed -n 's/^- access_token: //p' | sort
	fi
}
before=$(tokens_of)
broken=0 wrong=0 added=0
i=1
while [ $i -le 200 ]; do
	delay=$(awk -v s=$i 'BEGIN { srand(s); printf "%.4f", rand() * 0.030 }')
	"$DAGSHUB_AUTH" login --no-validate --token "kill-$i" \
		--host "https://k$((i % 8)).example" > /dev/null 2>&1 &
	pid=$!
	sleep "$delay"
	kill -9 "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if [ -e "$CACHE" ] && ! "$ROUNDTRIP" "$CACHE" > /dev/null 2>&1; then
		broken=$((broken + 1))
		cp "$CACHE" "$T/broken-$i"
	fi
	after=$(tokens_of)
	with_new=$(printf '%s\nkill-%s\n' "$before" "$i" | sed '/^$/d' | sort)
	if [ "$after" = "$with_new" ]; then
		added=$((added + 1))
	elif [ "$after" != "$before" ]; then
		wrong=$((wrong + 1))
	fi
	before=$after
	i=$((i + 1))
done
check_eq "200 SIGKILLed writers: the file always parses" 0 "$broken"
check_eq "200 SIGKILLed writers: always the old set or the old set + new" 0 "$wrong"
echo "# $added of 200 writers finished before the kill"
check "after the kills the client's loader reads the file" pyok "$CACHE"
login_tok "after-kills"
check_eq "a writer after the kills succeeds" 0 "$rc"
check_eq "it removes temporary files the killed writers left" "" \
	"$(ls -A "$(dirname "$CACHE")" | grep '\.tmp-' || :)"

done_testing
