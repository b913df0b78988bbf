#!/bin/sh
# A cache file the DagsHub Python client is writing right now.  The client
# saves in place and without a lock: open(path, "w") empties the file,
# then yaml.dump fills it.  A writer here that read the file in that
# window would rewrite it with its own token alone and lose every other
# one.  The client never leaves an empty file, and it and this provider
# always end the file in a newline, so a writer treats an empty file, or
# one without a final newline, as a write in progress: it reads again
# until the lock's deadline, then gives up and leaves the file alone.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

H=https://dagshub.com
full="$H:
- access_token: python-token-0001
  expiry: never
  token_type: app-token
https://other.example:
- access_token: python-token-0002
  expiry: never
  token_type: app-token
version: '1'"

# The two files that stay in progress are written to at once (each waits
# out the whole deadline, 10 seconds), each in its own cache file.
mkdir -p "$T/empty" "$T/cut"
: > "$T/empty/tokens"
# cut at the end of a line but before its newline: it parses, and holds
# only the first host's token
printf '%s' "$(printf '%s\n' "$full" | head -n 4)" > "$T/cut/tokens"
chmod 600 "$T/empty/tokens" "$T/cut/tokens"
cp -p "$T/empty/tokens" "$T/empty.orig"
cp -p "$T/cut/tokens" "$T/cut.orig"
for c in empty cut; do
	( printf 'our-token-0003\n' | DAGSHUB_CLIENT_TOKENS_CACHE="$T/$c/tokens" \
		timeout 60 "$DAGSHUB_AUTH" login --token-stdin --no-validate \
		> /dev/null 2>"$T/$c.err"; echo $? > "$T/$c.rc" ) &
done
wait
for c in empty cut; do
	err=$(cat "$T/$c.err")
	check_eq "$c file that stays so: login fails (exit 3)" 3 "$(cat "$T/$c.rc")"
	check_contains "$c file: the message says another program is writing it" \
		"another program" "$err"
	check_contains "$c file: the message says the file was left untouched" \
		"left untouched" "$err"
	check "$c file: byte for byte unchanged" cmp -s "$T/$c.orig" "$T/$c/tokens"
done
check_contains "the empty file's message says what to do if it is meant to be empty" \
	"remove it" "$(cat "$T/empty.err")"
check_contains "the cut file's message says it does not end in a newline" \
	"does not end in a newline" "$(cat "$T/cut.err")"

# Reads still take an empty file for "no tokens".
: | put_cache
run_cli token
check_eq "token on an empty file: no token (exit 1), not an error" 1 "$rc"

# ---- the file is filled while the writer waits: nothing is lost ----
# As the Python client does it: emptied, half written, then complete.
(
	sleep 0.2
	printf '%s' "$full" | head -c 60 >> "$CACHE"
	sleep 0.2
	printf '%s\n' "$full" | tail -c +61 >> "$CACHE"
) &
filler=$!
login_tok "our-token-0004"
wait "$filler"
check_eq "filled while waiting: login succeeds" 0 "$rc"
got=$(pyload "$CACHE")
check_contains "filled while waiting: the Python client's first token is kept" \
	"$H app-token never python-token-0001" "$got"
check_contains "filled while waiting: its other host's token is kept" \
	"https://other.example app-token never python-token-0002" "$got"
check_contains "filled while waiting: our token is added" \
	"$H app-token never our-token-0004" "$got"

# ---- what is not a write in progress ----
# No file at all is created as before; a complete file is written at once.
rm -f "$CACHE"
login_tok "first-0005"
check_eq "no file: login creates it" 0 "$rc"
login_tok "erase-me-0006" --host https://erase.example
run_cli logout --host https://erase.example
check_eq "a complete file: logout succeeds" 0 "$rc"
# A hand-written JSON file needs no final newline (json.dump writes
# none); the Python client never writes one, so it cannot be half its.
printf '{"version": "1", "%s": [{"access_token": "json-0007", "expiry": "never", "token_type": "app-token"}]}' \
	"$H" | put_cache
login_tok "after-json-0008"
check_eq "a JSON file without a final newline: login succeeds" 0 "$rc"
check_contains "... and keeps its token" "$H app-token never json-0007" "$(pyload "$CACHE")"

done_testing
