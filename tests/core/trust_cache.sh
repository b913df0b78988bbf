#!/bin/sh
# The token cache, its folders, the lock file and the state folder are
# used only when owned by root or the caller: a token in a file another
# user controls may belong to another account.  Refusals say why (explain
# shows it) and nothing is written there.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"
. "$top_srcdir/tests/core/trust_lib.sh"
trust_need_root "cache owner checks"
OTHER=$ATTACKER

put_cache <<'EOF'
https://dagshub.com:
- access_token: theirs-token-0123456789
  expiry: never
  token_type: app-token
version: '1'
EOF
DIR=$(dirname "$CACHE")

# Control: our own file is read.
run_cli token
check_eq "our own cache file is read" "theirs-token-0123456789" "$out"

# ---- a cache file owned by another uid ----
chown "$OTHER:$OTHER" "$CACHE"
cp -p "$CACHE" "$T/before"
stamp() { stat -c '%U %a %s %Y %i' "$CACHE"; }
s0=$(stamp)
run_cli token
check_eq "a cache file owned by another uid: no token" "1:" "$rc:$out"
check_contains "...and the reason says whose file it is" \
	"token cache $CACHE is refused: it is owned by uid $OTHER, not by root or by you" "$err"
run_cli explain
check_contains "explain shows why" "is owned by uid $OTHER" "$out"
login_tok "mine-token-0123456789"
check "login does not write into another uid's file" test "$rc" -ne 0
check_contains "...and says why" "is owned by uid $OTHER" "$err"
run_cli logout
check_eq "the file is untouched (owner, mode, size, mtime, inode)" "$s0" "$(stamp)"
check "...byte for byte" cmp -s "$T/before" "$CACHE"
check "...and no temporary file was left next to it" \
	test -z "$(ls -A "$DIR" | grep -v '^tokens$' | grep -v '^tokens.lock$')"

# ---- a cache folder owned by another uid ----
chown "$(id -u):$(id -g)" "$CACHE"
chown "$OTHER:$OTHER" "$DIR"
rm -f "$DIR/tokens.lock"
run_cli token
check_eq "a cache in another uid's folder: no token" "1:" "$rc:$out"
check_contains "...naming the folder" \
	"token cache $CACHE is refused: folder $DIR is owned by uid $OTHER" "$err"
login_tok "mine-token-0123456789"
check "login into another uid's folder fails" test "$rc" -ne 0
check_contains "...naming the folder" "folder $DIR is owned by uid $OTHER" "$err"
check "...and creates nothing there (no lock, no temporary file)" \
	test "$(ls -A "$DIR")" = tokens
rm -rf "$DIR"
mkdir -p "$XDG_CACHE_HOME"
chown "$OTHER:$OTHER" "$XDG_CACHE_HOME"
login_tok "mine-token-0123456789"
check "a missing cache folder under another uid's folder is not created" \
	test ! -e "$DIR"
check_contains "...and the reason names the folder" \
	"folder $XDG_CACHE_HOME is owned by uid $OTHER" "$err"
chown "$(id -u):$(id -g)" "$XDG_CACHE_HOME"

# ---- a lock file owned by another uid ----
login_tok "mine-token-0123456789"
check_eq "back in our own folder, login works" 0 "$rc"
cp -p "$CACHE" "$T/before2"
chown "$OTHER:$OTHER" "$CACHE.lock"
login_tok "another-token-0123456789"
check "a lock file owned by another uid: login fails" test "$rc" -ne 0
check_contains "...saying whose it is" \
	"lock file $CACHE.lock is refused: it is owned by uid $OTHER" "$err"
check "...and the cache is untouched" cmp -s "$T/before2" "$CACHE"

# ---- the state folder ----
# A state folder owned by another uid is not used: the OAuth login lock
# is not taken there (its reason says why) and nothing is written in it.
# (emptied first: the runs above kept their remembered config check there)
rm -rf "$XDG_STATE_HOME/dagshub-auth"
mkdir -p "$XDG_STATE_HOME/dagshub-auth"
chown "$OTHER:$OTHER" "$XDG_STATE_HOME/dagshub-auth"
{ conf_header; echo 'providers = ( { module = "oauth"; }, { module = "cache"; store = true; validate = false; } );'; } | write_config "$T/oauth.conf"
out=$(timeout 60 "$DAGSHUB_AUTH" -c "$T/oauth.conf" login --host https://127.0.0.1:9 2>&1) && rc=0 || rc=$?
check "an OAuth login with another uid's state folder fails" test "$rc" -ne 0
check_contains "...naming the state folder" \
	"state folder $XDG_STATE_HOME/dagshub-auth is refused: folder $XDG_STATE_HOME/dagshub-auth is owned by uid $OTHER" "$out"
check "...and writes nothing there" test -z "$(ls -A "$XDG_STATE_HOME/dagshub-auth")"

done_testing
