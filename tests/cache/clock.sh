#!/bin/sh
# Expiry against an injected clock, priorities, store checks, and one open
# handle that sees new logins without re-reading an unchanged file
# (tests/cache/cache_get drives a library handle with a fixed clock).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

NOW=1893456000000000              # 2030-01-01T00:00:00Z
SOON=$((NOW + 100000000))         # NOW + 100 s
LATER=$((NOW + 200000000))        # NOW + 200 s
H=https://dagshub.com

# drive CMDS...: one handle, one command per argument; answers on stdout.
drive() {
	printf '%s\n' "$@" | timeout 60 "$CACHE_GET" "$CONF" "$NOW"
}

# ---- a bearer token lives until its expiry, by the injected clock ----
ans=$(drive "store $H bearer $SOON bearer-soon" "get $H" "now $LATER" "get $H")
check_eq "store a bearer token with an expiry" "stored" "$(echo "$ans" | sed -n 1p)"
check_eq "before its expiry it is returned, with type and expiry" \
	"token bearer $SOON bearer-soon" "$(echo "$ans" | sed -n 2p)"
check_contains "after its expiry it is not returned" "none" "$(echo "$ans" | sed -n 4p)"
check_contains "the file holds the expiry in the client's format" \
	"expiry: '2030-01-01T00:01:40.000000Z'" "$(cat "$CACHE")"

# ---- expired tokens are dropped at the next write ----
NOW=$LATER
ans=$(drive "store $H app-token 0 app-later" "get $H")
check_eq "an app token after the bearer expired" "token app-token 0 app-later" \
	"$(echo "$ans" | sed -n 2p)"
check_not_contains "the expired bearer is dropped by that write" "bearer-soon" "$(cat "$CACHE")"

# ---- priorities: app-token before bearer, file order within a type ----
rm -f "$CACHE"
NOW=1893456000000000
ans=$(drive "store $H bearer $LATER b1" "store $H bearer $LATER b2" "get $H" \
	"store $H app-token 0 a1" "store $H app-token 0 a2" "get $H")
check_eq "bearers: the first in file order" "token bearer $LATER b1" "$(echo "$ans" | sed -n 3p)"
check_eq "an app-token stored after bearers still comes first" \
	"token app-token 0 a1" "$(echo "$ans" | sed -n 6p)"

# ---- what the Python loader cannot take is refused ----
cp "$CACHE" "$T/before"
ans=$(drive "store $H bearer 0 no-expiry" "store $H weird 0 weird-type" \
	"store $H bearer 1000 already-expired")
check_contains "a bearer token without expiry is refused" "needs an expiry" \
	"$(echo "$ans" | sed -n 1p)"
check_contains "an unknown token type is refused" "only app-token and bearer" \
	"$(echo "$ans" | sed -n 2p)"
check_contains "an expired token is refused" "already expired" "$(echo "$ans" | sed -n 3p)"
check "refused stores leave the file alone" cmp -s "$T/before" "$CACHE"
check "the file still loads in the client" pyok "$CACHE"

# handle_start: one handle that stays open (cache_get on two FIFOs);
# `ask CMD` sends it a command and prints its answer; handle_stop ends it.
handle_start() {
	rm -f "$T/in" "$T/out"
	mkfifo "$T/in" "$T/out"
	timeout 60 "$CACHE_GET" "$CONF" "$NOW" < "$T/in" > "$T/out" &
	drv=$!
	exec 3> "$T/in" 4< "$T/out"
}
ask() { echo "$1" >&3; read -r line <&4; echo "$line"; }
handle_stop() { exec 3>&- 4<&-; wait "$drv"; }

# ---- one open handle: re-reads when the file changed, not otherwise ----
handle_start
check_contains "long-running handle: no token for a new host yet" "none" \
	"$(ask "get https://late.example")"
login_tok "late-token" --host https://late.example
check_eq "long-running handle: sees a login made by another process" \
	"token app-token 0 late-token" "$(ask "get https://late.example")"
handle_stop

# ---- one open handle: a file that appears after a get found none ----
mv "$CACHE" "$T/moved"
handle_start
check_contains "long-running handle: no file, no token" "none" "$(ask "get $H")"
check_contains "long-running handle: still no file, still no token" "none" \
	"$(ask "get $H")"
mv "$T/moved" "$CACHE"
check_eq "long-running handle: sees the file once it appears" \
	"token app-token 0 a1" "$(ask "get $H")"
handle_stop

# ---- one open handle: notices a chmod, which changes only the ctime ----
chmod 600 "$CACHE"
handle_start
check_not_contains "long-running handle, 0600 file: no mode warning" \
	"readable or writable" "$(ask "why $H")"
# (a change within the same clock tick as the last one may keep the ctime)
sleep 0.1
chmod 644 "$CACHE"
check_contains "long-running handle: chmod 644 after the first read is warned about" \
	"readable or writable by others (mode 0644)" "$(ask "why $H")"
sleep 0.1
chmod 600 "$CACHE"
check_not_contains "long-running handle: chmod 600 again clears the warning" \
	"readable or writable" "$(ask "why $H")"
handle_stop
# and a handle that first read a 0644 file
chmod 644 "$CACHE"
handle_start
check_contains "long-running handle, 0644 file: warned about" \
	"readable or writable by others (mode 0644)" "$(ask "why $H")"
sleep 0.1
chmod 600 "$CACHE"
check_not_contains "long-running handle: chmod 600 after the first read clears the warning" \
	"readable or writable" "$(ask "why $H")"
handle_stop

# ten_gets: one handle asks for $H ten times under strace; its answers go
# to $T/ten, and $opens is how often it opened the cache file.
ten_gets() {
	printf 'get %s\n' "$H" "$H" "$H" "$H" "$H" "$H" "$H" "$H" "$H" "$H" |
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		timeout 60 strace -f -e trace=open,openat,stat,newfstatat,statx \
			-o "$T/trace" "$CACHE_GET" "$CONF" "$NOW" > "$T/ten"
	opens=$(grep -E 'open(at)?\(.*dagshub/tokens"' "$T/trace" | grep -vc '\.lock')
}

if command -v strace > /dev/null 2>&1 &&
   strace -f -o /dev/null true > /dev/null 2>&1; then
	ten_gets
	check_eq "ten gets answer ten times" 10 "$(grep -c '^token app-token 0 a1$' "$T/ten")"
	check_eq "ten gets on an unchanged file open it once" 1 "$opens"

	# No file: the first get looks (the folder walk and the open), the
	# others ask one stat() each until a file appears.
	mv "$CACHE" "$T/moved"
	ten_gets
	check_eq "ten gets with no file answer none ten times" 10 "$(grep -c '^none' "$T/ten")"
	check_eq "ten gets with no file try to open it once" 1 "$opens"
	mv "$T/moved" "$CACHE"

	# A store, then gets: the handle keeps what it wrote, stamped after
	# the rename (which changes the ctime), and reads nothing back.
	printf 'store %s app-token 0 s1\nget %s\nget %s\n' "$H" "$H" "$H" |
		ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" \
		timeout 60 strace -f -e trace=open,openat -o "$T/trace" \
			"$CACHE_GET" "$CONF" "$NOW" > "$T/sg"
	check_eq "gets after a store on the same handle answer" 2 \
		"$(grep -c '^token app-token 0 a1$' "$T/sg")"
	check_eq "gets after a store open the file only for the store" 1 \
		"$(grep -E 'open(at)?\(.*dagshub/tokens"' "$T/trace" | grep -vc '\.lock')"
else
	for t in "ten gets answer ten times" "ten gets on an unchanged file open it once" \
	         "ten gets with no file answer none ten times" \
	         "ten gets with no file try to open it once" \
	         "gets after a store on the same handle answer" \
	         "gets after a store open the file only for the store"; do
		skip "$t" "strace cannot run here"
	done
fi

done_testing
