#!/bin/sh
# The cache provider through the CLI: login, token, list, logout,
# clear-cache; priorities, permissions, broken files left untouched.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

H=https://dagshub.com

# ---- login creates the file, the folders, with safe modes ----
umask 022
login_tok "first-token-0001"
check_eq "login: exit 0" 0 "$rc"
check_contains "login says the token was not validated" "not validated" "$err"
check_not_contains "login never echoes the token" "first-token-0001" "$out$err"
check "the cache file exists at \$XDG_CACHE_HOME/dagshub/tokens" test -f "$CACHE"
check_eq "cache file mode 0600 under umask 022" 600 "$(mode_of "$CACHE")"
check_eq "created folder mode 0700" 700 "$(mode_of "$XDG_CACHE_HOME/dagshub")"
check_eq "created parent folder mode 0700" 700 "$(mode_of "$XDG_CACHE_HOME")"
check_eq "file written as the Python client writes it" \
"$H:
- access_token: first-token-0001
  expiry: never
  token_type: app-token
version: '1'" "$(cat "$CACHE")"
check_eq "the client's loader reads it" \
	"$H app-token never first-token-0001" "$(pyload "$CACHE")"
run_cli token
check_eq "token: returns the stored token" "first-token-0001" "$out"

# ---- the same value is not added twice, and the file is not rewritten ----
cp -p "$CACHE" "$T/before"
ino=$(stat -c %i "$CACHE")
login_tok "first-token-0001"
check_eq "login of a stored token: exit 0" 0 "$rc"
check "login of a stored token: bytes unchanged" cmp -s "$T/before" "$CACHE"
check_eq "login of a stored token: file not replaced" "$ino" "$(stat -c %i "$CACHE")"

# ---- tokens the YAML resolver would turn into other types ----
login_tok "1234567890"
login_tok "yes"
check_contains "a numeric token is single-quoted" "access_token: '1234567890'" "$(cat "$CACHE")"
check_contains "a boolean-looking token is single-quoted" "access_token: 'yes'" "$(cat "$CACHE")"
check_contains "the client's loader reads them as strings" \
	"$H app-token never 1234567890" "$(pyload "$CACHE")"

# ---- stdin handling, usage errors ----
out=$(printf 'crlf-token-0002\r\n' | timeout 60 "$DAGSHUB_AUTH" login --token-stdin --no-validate \
	--host https://crlf.example 2>/dev/null) && rc=0 || rc=$?
run_cli token --host https://crlf.example
check_eq "login strips a trailing CR LF" "crlf-token-0002" "$out"
cp "$CACHE" "$T/before"
out=$(printf '\n' | timeout 60 "$DAGSHUB_AUTH" login --token-stdin --no-validate 2>"$T/e") && rc=0 || rc=$?
check_eq "login with an empty token: exit 2" 2 "$rc"
check "login with an empty token: file unchanged" cmp -s "$T/before" "$CACHE"
run_cli login --token a --token-stdin
check_eq "login --token with --token-stdin: exit 2" 2 "$rc"
run_cli login --no-validate --token argv-token-0003 --host https://argv.example
check_eq "login --token T: exit 0" 0 "$rc"
run_cli token --host https://argv.example
check_eq "login --token T: stored" "argv-token-0003" "$out"
run_cli login --no-validate --token x --store nosuchmodule
check_eq "login --store with a module not in the chain: exit 2" 2 "$rc"

# ---- list: fingerprints only ----
run_cli list
check_eq "list: exit 0" 0 "$rc"
check_contains "list shows the host" "$H" "$out"
check_contains "list shows the type" "app-token" "$out"
check_contains "list shows the source" "cache" "$out"
check_contains "list shows a fingerprint" "firs…0001" "$out"
check_not_contains "list never shows a whole token" "first-token-0001" "$out$err"
check_not_contains "list never shows a whole argv token" "argv-token-0003" "$out$err"

# ---- logout ----
run_cli logout --host https://argv.example
check_eq "logout: exit 0" 0 "$rc"
run_cli token --host https://argv.example
check_eq "logout: the token is gone" 1 "$rc"
check_contains "logout leaves the host as an empty list" \
	"https://argv.example: []" "$(cat "$CACHE")"
run_cli logout --host https://argv.example
check_eq "logout with nothing stored: exit 1" 1 "$rc"
run_cli token
check_eq "logout of one host keeps the others" "first-token-0001" "$out"

# ---- priorities: every app-token before any bearer, file order within ----
put_cache <<'YAML'
https://dagshub.com:
- access_token: bearer-first
  expiry: '2099-01-01T00:00:00.000000Z'
  token_type: bearer
- access_token: app-second
  expiry: never
  token_type: app-token
- access_token: app-third
  expiry: never
  token_type: app-token
https://only-bearer.example:
- access_token: expired-bearer
  expiry: '2001-01-01T00:00:00.000000Z'
  token_type: bearer
- access_token: live-bearer
  expiry: '2099-01-01T00:00:00.000000Z'
  token_type: bearer
version: '1'
YAML
run_cli token
check_eq "an app-token before an earlier bearer, first in file order" "app-second" "$out"
run_cli token --host https://only-bearer.example
check_eq "an expired bearer is skipped" "live-bearer" "$out"
run_cli token --host https://DagsHub.com/
check_eq "host spellings normalise alike" "app-second" "$out"
login_tok "new-app-token" --host https://new.example
check_not_contains "the next write drops the expired bearer" "expired-bearer" "$(cat "$CACHE")"
check_contains "the next write keeps the live bearer" "live-bearer" "$(cat "$CACHE")"

# ---- a file others can read: read, warned about, fixed by the next write ----
chmod 644 "$CACHE"
run_cli token
check_eq "a 0644 file is still read" "app-second" "$out"
run_cli explain
check_contains "explain warns about a 0644 file" "readable or writable by others" "$out"
run_cli list
check_contains "list warns about a 0644 file" "readable or writable by others" "$err"
login_tok "app-second"
check_eq "the next write (even of a stored token) makes it 0600" 600 "$(mode_of "$CACHE")"
run_cli explain
check_not_contains "no warning after the write" "readable or writable" "$out"

# ---- a corrupt file is left exactly as it is, even by login ----
printf 'https://dagshub.com:\n- access_token: ok\n  expiry: never\n  token_type: app-token\n  bad: [unclosed\n' | put_cache
cp "$CACHE" "$T/corrupt"
run_cli token
check_eq "corrupt file: token fails (no other entry)" 1 "$rc"
run_cli explain
check_contains "corrupt file: explain gives file:line:column" "$CACHE:6:1:" "$out"
login_tok "would-overwrite"
check_eq "corrupt file: login fails with exit 3" 3 "$rc"
check_contains "corrupt file: login gives file:line:column" "$CACHE:6:1:" "$err"
check "corrupt file: byte for byte untouched by login" cmp -s "$T/corrupt" "$CACHE"
run_cli logout
check_eq "corrupt file: logout fails with exit 3" 3 "$rc"
check "corrupt file: untouched by logout" cmp -s "$T/corrupt" "$CACHE"

# ---- another version: refused for reading and writing ----
printf "https://dagshub.com:\n- access_token: v2tok\n  expiry: never\n  token_type: app-token\nversion: '2'\n" | put_cache
cp "$CACHE" "$T/v2"
run_cli explain
check_contains "version 2: the message names the version" "version '2'" "$out"
login_tok "v2-login"
check_eq "version 2: login refused (exit 3)" 3 "$rc"
check "version 2: file untouched" cmp -s "$T/v2" "$CACHE"

# ---- a token the client could not load: skipped, and blocks writes ----
printf '%s\n' 'https://dagshub.com:' '- access_token: odd' '  expiry: never' \
	'  token_type: weird' '- access_token: good-after-odd' '  expiry: never' \
	'  token_type: app-token' | put_cache
cp "$CACHE" "$T/odd"
run_cli token
check_eq "an unknown token_type is skipped" "good-after-odd" "$out"
login_tok "blocked"
check_eq "an unknown token_type blocks login (exit 3)" 3 "$rc"
check_contains "the message names the line of that token" "$CACHE:2:" "$err"
check "the file with it is untouched" cmp -s "$T/odd" "$CACHE"

# ---- an expiry on a day the month does not have: the same ----
printf '%s\n' 'https://dagshub.com:' '- access_token: feb-31-bearer' \
	"  expiry: '2099-02-31T00:00:00.000000Z'" '  token_type: bearer' \
	'- access_token: good-bearer' "  expiry: '2099-03-01T00:00:00.000000Z'" \
	'  token_type: bearer' | put_cache
cp "$CACHE" "$T/feb31"
run_cli token
check_eq "a bearer token expiring on 2099-02-31 is skipped" "good-bearer" "$out"
run_cli explain
check_contains "... explain warns that it cannot be used" "cannot be used" "$out"
login_tok "blocked-by-feb-31"
check_eq "an expiry of 2099-02-31 blocks login (exit 3)" 3 "$rc"
check_contains "... the message names the line of that token" "$CACHE:2:" "$err"
check "... and the file is untouched" cmp -s "$T/feb31" "$CACHE"

# ---- a nested extra is dropped by a write, and -v says so ----
printf '%s\n' 'https://dagshub.com:' '- access_token: nested-0001' \
	'  expiry: never' '  meta:' '    a: 1' '  tags: [x, y]' \
	'  token_type: app-token' | put_cache
login_tok "nested-0002" -v
check_eq "a file with nested extras: login -v succeeds" 0 "$rc"
check_contains "login -v says nested values were dropped, and how many" \
	"dropped 2 nested value(s)" "$err"
check_contains "... and from which file" "$CACHE" "$err"
check_not_contains "the nested values are gone from the file" "meta" "$(cat "$CACHE")"
printf '%s\n' 'https://dagshub.com:' '- access_token: nested-0001' \
	'  expiry: never' '  meta: {a: 1}' '  token_type: app-token' | put_cache
login_tok "nested-0003"
check_not_contains "without -v, login does not say it" "nested" "$err"
printf '%s\n' 'https://dagshub.com:' '- access_token: nested-0001' \
	'  expiry: never' '  meta: {a: 1}' '  token_type: app-token' | put_cache
login_tok "nested-0001" -v
check_not_contains "a login that writes nothing drops nothing" "nested" "$err"
check_contains "... and the file keeps the nested value" "meta" "$(cat "$CACHE")"

# ---- clear-cache ----
login_tok "x" --host https://x.example >/dev/null 2>&1 || :
rm -f "$CACHE"; login_tok "keep-me"
cp "$CACHE" "$T/before"
run_cli clear-cache < /dev/null
check_eq "clear-cache without a terminal and --force: exit 2" 2 "$rc"
check_contains "clear-cache says why" "--force" "$err"
check "clear-cache without a terminal: nothing deleted" cmp -s "$T/before" "$CACHE"
run_cli clear-cache --force
check_eq "clear-cache --force: exit 0" 0 "$rc"
check "clear-cache --force: the file is gone" test ! -e "$CACHE"
check "clear-cache: the folder is kept" test -d "$XDG_CACHE_HOME/dagshub"
run_cli clear-cache --force
check_eq "clear-cache with no file: exit 1" 1 "$rc"
{
	conf_header
	echo 'providers = ( { module = "env"; } );'
} | write_config "$T/nocache.conf"
run_cli -c "$T/nocache.conf" clear-cache --force
check_eq "clear-cache, no cache entry configured: exit 2 (the configuration)" 2 "$rc"
check_contains "...and says so" "no cache entry in the configuration" "$err"
{
	conf_header
	printf 'providers = ( { module = "env"; }, { module = "%s/missing/cache.so"; } );\n' "$T"
} | write_config "$T/unopened.conf"
run_cli -c "$T/unopened.conf" clear-cache --force
check_eq "clear-cache, the cache entry cannot be opened: exit 3 (that entry)" 3 "$rc"
check_contains "...and names the entry and why" "could not be opened: $T/missing/cache.so" "$err"

# ---- where the file is ----
mkdir -p "$T/work"
( cd "$T/work" && printf 'rel-token\n' | DAGSHUB_CLIENT_TOKENS_CACHE=rel/tokens \
	timeout 60 "$DAGSHUB_AUTH" login --token-stdin --no-validate 2>/dev/null )
check "DAGSHUB_CLIENT_TOKENS_CACHE may be relative" test -f "$T/work/rel/tokens"
out=$(cd "$T/work" && DAGSHUB_CLIENT_TOKENS_CACHE=rel/tokens timeout 60 "$DAGSHUB_AUTH" token 2>/dev/null)
check_eq "DAGSHUB_CLIENT_TOKENS_CACHE is read" "rel-token" "$out"
out=$(printf 'home-token\n' | XDG_CACHE_HOME= timeout 60 "$DAGSHUB_AUTH" login --token-stdin --no-validate 2>&1)
check "empty XDG_CACHE_HOME: ~/.cache/dagshub/tokens" test -f "$HOME/.cache/dagshub/tokens"
{
	conf_header
	printf 'providers = ( { module = "cache"; store = true; validate = false; args = { path = "%s"; }; } );\n' "$T/args/tokens"
} | write_config "$T/args.conf"
out=$(printf 'args-token\n' | timeout 60 "$DAGSHUB_AUTH" -c "$T/args.conf" login --token-stdin --no-validate 2>&1)
check "args.path names the file" test -f "$T/args/tokens"
{
	conf_header
	echo 'providers = ( { module = "cache"; validate = false; args = { bogus = 1; }; } );'
} | write_config "$T/bogus.conf"
run_cli -c "$T/bogus.conf" explain
check_contains "an unknown arg is refused" "args.bogus" "$out$err"

done_testing
