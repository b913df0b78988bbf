#!/bin/sh
# git-credential-dagshub speaking the credential protocol directly: which
# hosts it answers for, the username rule, expiry, strict parsing, store
# never writing, and git-credential being the same program.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/consumers/lib-consumers.sh"

HELPER="$top_builddir/cli/git-credential-dagshub"
TOK=goodtok-0123456789abcdef
fake_start --token "$TOK:alice"
HP=${FAKE_URL#http://}

# helper [VAR=VALUE...] OP: runs the helper with the request in $T/req on
# stdin; sets out, err, rc.
helper() {
	_h_env=
	while :; do
		case ${1-} in *=*) _h_env="$_h_env $1"; shift ;; *) break ;; esac
	done
	# shellcheck disable=SC2086
	out=$(timeout 30 env $_h_env "$HELPER" "$@" <"$T/req" 2>"$T/.herr") && rc=0 || rc=$?
	err=$(cat "$T/.herr")
}

{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; } );'
  echo "hosts = ( { url = \"http://localhost:$FAKE_PORT/sub\"; providers = ( { module = \"cache\"; store = true; } ); } );"
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
write_cache "$FAKE_URL" "$TOK"

printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper get
check_eq "get: the login and the token" "username=alice
password=$TOK" "$out"
check_eq "get: exit 0" 0 "$rc"
printf 'protocol=http\nhost=%s\n\n' "$HP" | timeout 30 "$DAGSHUB_AUTH" git-credential get >"$T/o2" 2>/dev/null
check_eq "dagshub-auth git-credential get is the same thing" "$out" "$(cat "$T/o2")"

# hosts it does not serve: nothing, exit 0
for req in "protocol=https\nhost=github.com" \
           "protocol=https\nhost=$HP" \
           "protocol=http\nhost=127.0.0.1:1" \
           "protocol=http\nhost=$HP@evil" \
           "host=$HP" ; do
	printf "$req\n\n" >"$T/req"
	helper get
	check_eq "not served ($(printf "$req" | tr '\n' ' ')): nothing" "" "$out"
	check_eq "not served ($(printf "$req" | tr '\n' ' ')): exit 0" 0 "$rc"
done
# plain http to a host that is not loopback is refused even when served
{ conf_header; echo 'host = "http://dagshub.example.invalid";'
  echo 'allow_insecure_http = true;'
  echo 'providers = ( { module = "env"; args = { any_host = true; }; } );'; } | write_config "$T/insecure.conf"
printf 'protocol=http\nhost=dagshub.example.invalid\n\n' >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/insecure.conf" DAGSHUB_USER_TOKEN=$TOK -v get
check_eq "plain http to a non-loopback host: nothing" "" "$out"
check_contains "...because it is not served over plain http" "not a host this configuration serves" "$err"
printf 'protocol=https\nhost=dagshub.example.invalid\n\n' >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/insecure.conf" DAGSHUB_USER_TOKEN=$TOK -v get
check_eq "(the same config serves nothing over https there either)" "" "$out"

# a hosts entry with a path prefix: served for paths under it
write_cache "http://localhost:$FAKE_PORT/sub" "$TOK"
printf 'protocol=http\nhost=localhost:%s\npath=sub/alice/x.git\n\n' "$FAKE_PORT" >"$T/req"
helper get
check_contains "a hosts entry with a path prefix is served" "password=$TOK" "$out"
printf 'protocol=http\nhost=localhost:%s\npath=other/x.git\n\n' "$FAKE_PORT" >"$T/req"
helper get
check_eq "...but not for a path outside it" "" "$out"
# DAGSHUB_CLIENT_HOST replaces the default host; the config's host is still served
write_cache "$FAKE_URL" "$TOK"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper DAGSHUB_CLIENT_HOST="http://127.0.0.2:$FAKE_PORT" get
check_contains "with DAGSHUB_CLIENT_HOST set, the config's host is still served" "password=$TOK" "$out"
printf 'protocol=http\nhost=127.0.0.2:%s\n\n' "$FAKE_PORT" >"$T/req"
helper DAGSHUB_CLIENT_HOST="http://127.0.0.2:$FAKE_PORT" -v get
check_eq "DAGSHUB_CLIENT_HOST is served (no token there: nothing)" "" "$out"
check_eq "...exit 0" 0 "$rc"
check_contains "...and -v says why: no token for it (not: not served)" "no token for http://127.0.0.2:$FAKE_PORT" "$err"
printf 'protocol=http\nhost=127.0.0.3:%s\n\n' "$FAKE_PORT" >"$T/req"
helper -v get
check_contains "-v says when a host is not served" "http://127.0.0.3:$FAKE_PORT is not a host this configuration serves" "$err"

# ---- the username rule ----
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; validate = false; } );'; } | write_config "$T/nv.conf"
printf 'protocol=http\nhost=%s\nusername=bob\n\n' "$HP" >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/nv.conf" get
check_eq "login unknown: the username git sent" "username=bob
password=$TOK" "$out"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/nv.conf" get
check_eq "login unknown, none sent: the token itself" "username=$TOK
password=$TOK" "$out"
printf 'protocol=http\nhost=%s\nusername=bob\n\n' "$HP" >"$T/req"
helper get
check_eq "login known: the login, whatever git sent" "username=alice
password=$TOK" "$out"
# a login with a newline from the server never reaches git
EVIL=evil-0123456789abcdef
fake_token "$EVIL" "$(printf 'mallory\npassword=stolen')"
write_cache "$FAKE_URL" "$EVIL"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper get
check_eq "a login with a newline is not used (the token is the username)" "username=$EVIL
password=$EVIL" "$out"

# ---- password_expiry_utc for a token that expires ----
cache_expiring "$FAKE_URL" "$TOK" "'2099-01-01T00:00:00.000000Z'"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/nv.conf" get
check_contains "an expiring token: password_expiry_utc (epoch seconds)" "password_expiry_utc=4070908800" "$out"
write_cache "$FAKE_URL" "$TOK"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper get
check_not_contains "a token that never expires: no password_expiry_utc" "password_expiry_utc" "$out"

# ---- strict parsing ----
printf 'protocol=http\nhost=%s\0x\n\n' "$HP" >"$T/req"
helper get
check_eq "a NUL byte: refused (exit 2)" 2 "$rc"
check_eq "...nothing printed" "" "$out"
check_contains "...and said" "NUL" "$err"
printf 'protocol=http\r\nhost=%s\n\n' "$HP" >"$T/req"
helper get
check_eq "a carriage return: refused" 2 "$rc"
printf 'protocol=http\nhost %s\n\n' "$HP" >"$T/req"
helper get
check_eq "a line that is not key=value: refused" 2 "$rc"
printf 'protocol=http\nhost=%s\n' "$HP" >"$T/req"
helper get
check_contains "a request ending at EOF without the empty line is fine" "password=$TOK" "$out"
# the request is read with read(2), not stdio: lines split across writes,
# a line longer than 64 KiB, and no waiting for EOF after the empty line
# (git keeps the pipe open until the helper answers)
mkfifo "$T/fifo"
{ printf 'proto'; sleep 0.2; printf 'col=http\nho'; sleep 0.2
  printf 'st=%s\n\n' "$HP"; exec sleep 20; } >"$T/fifo" 2>/dev/null &
writer=$!
out=$(timeout 10 "$HELPER" get <"$T/fifo" 2>/dev/null) && rc=0 || rc=$?
kill "$writer" 2>/dev/null || :
check_eq "a request in pieces, pipe left open: answered, no wait for EOF" \
	"0:username=alice" "$rc:$(printf '%s\n' "$out" | head -1)"
{ printf 'protocol=http\nhost=%s\npath=' "$HP"; head -c 70000 /dev/zero | tr '\0' a;
  printf '\n\n'; } >"$T/req"
helper get
check_eq "a line over 64 KiB: refused (exit 2)" 2 "$rc"
check_contains "...and said" "line 3 of the request: too long" "$err"
printf 'protocol=http\nhost=%s\nwwwauth[]=Basic realm="x"\ncapability[]=authtype\n\n' "$HP" >"$T/req"
helper get
check_contains "unknown keys are ignored" "password=$TOK" "$out"
printf 'protocol=http\nhost=%s\n\n' "$HP" >"$T/req"
helper frobnicate
check_eq "an unknown operation: nothing, exit 0" "0:" "$rc:$out"
printf "" >"$T/req"
helper
check_eq "no operation: usage error" 2 "$rc"

# ---- store writes nothing, ever ----
cp "$CACHE_FILE" "$T/cache.before"
printf 'protocol=http\nhost=%s\nusername=alice\npassword=typed-password-123\n\n' "$HP" >"$T/req"
helper store
check_eq "store of a typed password: exit 0, nothing printed" "0:" "$rc:$out"
check "store of a typed password: the cache is unchanged" cmp -s "$CACHE_FILE" "$T/cache.before"
printf 'protocol=http\nhost=%s\nusername=alice\npassword=%s\n\n' "$HP" "$TOK" >"$T/req"
helper store
check "store of the chain's own token: the cache is unchanged" cmp -s "$CACHE_FILE" "$T/cache.before"

# ---- erase: only what the chain gave, only on the server's word ----
printf 'protocol=http\nhost=%s\npassword=some-other-token-1\n\n' "$HP" >"$T/req"
helper erase
check_eq "erase of a password the chain did not give: silent" "0:" "$rc:$err"
check "...and the cache is unchanged" cmp -s "$CACHE_FILE" "$T/cache.before"
printf 'protocol=https\nhost=github.com\npassword=%s\n\n' "$TOK" >"$T/req"
helper erase
check "erase for a host not served: the cache is unchanged" cmp -s "$CACHE_FILE" "$T/cache.before"
printf 'protocol=http\nhost=%s\npassword=%s\n\n' "$HP" "$TOK" >"$T/req"
helper erase
check_contains "erase of a good token: kept, and said" "accepts the token (user alice), so it is kept" "$err"
check "...the cache is unchanged" cmp -s "$CACHE_FILE" "$T/cache.before"
fake_revoke "$TOK"
printf 'protocol=http\nhost=%s\npassword=%s\n\n' "$HP" "$TOK" >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/nv.conf" erase
check_contains "erase of a revoked token: erased, and said" "rejected the token (HTTP 401); erased it" "$err"
check_not_contains "...gone from the cache" "$TOK" "$(cat "$CACHE_FILE")"
# the walk of erase finds the token rejected itself (validate_ttl = 0: no
# remembered check): the chain erases it, and the helper says so
{ conf_header; echo "host = \"$FAKE_URL\";"; echo 'validate_ttl = 0;'
  echo 'providers = ( { module = "cache"; store = true; } );'; } | write_config "$T/t0.conf"
write_cache "$FAKE_URL" "$TOK"
printf 'protocol=http\nhost=%s\npassword=%s\n\n' "$HP" "$TOK" >"$T/req"
helper DAGSHUB_AUTH_CONFIG="$T/t0.conf" erase
check_contains "a rejection found by the walk itself: said" "entry 1 (cache): rejected" "$err"
check_not_contains "...and gone from the cache" "$TOK" "$(cat "$CACHE_FILE")"
done_testing
