#!/bin/sh
# The git credential helper with real git: clone and push over smart HTTP
# (git http-backend behind tests/consumers/git_server.py, Basic auth) with
# credential.helper = dagshub resolved by git through PATH.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/consumers/lib-consumers.sh"

TOK1=tok1-aaaaaaaaaaaaaaaa1111
TOK2=tok2-bbbbbbbbbbbbbbbb2222
if ! git_server_start --token "$TOK1:alice" --token "$TOK2:alice"; then
	not_ok "the git server starts"
	done_testing
fi
bare_repo alice/data.git
bare_repo alice/private.git

{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; } );'; } | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
write_cache "$FAKE_URL" "$TOK1" "$TOK2"

# Only this helper: the empty value resets any inherited one.
G() { timeout 60 git -c credential.helper= -c credential.helper=dagshub "$@"; }
last_tail() { git_log | "$PYTHON" -c 'import json,sys; l=json.load(sys.stdin); print(l[-1]["tail"], l[-1]["status"])'; }

# ---- clone and push through the helper ----
G clone -q "$FAKE_URL/alice/data.git" "$T/data" 2>"$T/err" && rc=0 || rc=$?
check_eq "git clone through the helper succeeds" 0 "$rc"
check_eq "the clone has the repository's file" "hello from alice/data.git" "$(cat "$T/data/README" 2>/dev/null)"
check_eq "the server saw the first token of the chain" "1111 200" "$(last_tail)"
check_eq "the server was asked who the token is (validation)" 1 "$(fake_count /api/v1/user)"
check_contains "git's Basic username is the DagsHub login" '"user": "alice"' "$(git_log)"

echo one >"$T/data/one"
git -C "$T/data" add one && git -C "$T/data" commit -qm one
G -C "$T/data" push -q origin main 2>"$T/err" && rc=0 || rc=$?
check_eq "git push through the helper succeeds" 0 "$rc"
check_eq "the push reached the server" one "$(git --git-dir="$GIT_ROOT/alice/data.git" log -1 --format=%s main)"
check_eq "store after success changed nothing in the cache" 2 "$(grep -c access_token "$CACHE_FILE")"

# ---- a revoked token: push fails, the token is erased, the next is used ----
fake_revoke "$TOK1"
echo two >"$T/data/two"
git -C "$T/data" add two && git -C "$T/data" commit -qm two
G -C "$T/data" push -q origin main 2>"$T/err" && rc=0 || rc=$?
err=$(cat "$T/err")
check "a push with a revoked token fails" test "$rc" -ne 0
check_contains "the helper says the server rejected the token and it was erased" \
	"rejected the token (HTTP 401); erased it from entry 1 (cache)" "$err"
check_not_contains "the revoked token is gone from the cache" "$TOK1" "$(cat "$CACHE_FILE")"
check_contains "the other token stays" "$TOK2" "$(cat "$CACHE_FILE")"
check_not_contains "no token in git's messages" "$TOK1" "$err"
G -C "$T/data" push -q origin main 2>"$T/err" && rc=0 || rc=$?
check_eq "the retry succeeds" 0 "$rc"
check_eq "...with the next token of the chain" "2222 200" "$(last_tail)"
check_eq "...and the commit arrived" two "$(git --git-dir="$GIT_ROOT/alice/data.git" log -1 --format=%s main)"

# ---- a good token refused for one repository is kept ----
git_deny "$TOK2" alice/private.git
before=$(cat "$CACHE_FILE")
G clone -q "$FAKE_URL/alice/private.git" "$T/private" 2>"$T/err" && rc=0 || rc=$?
err=$(cat "$T/err")
check "a clone the token has no access to fails" test "$rc" -ne 0
check_contains "the helper says the token is kept" "accepts the token (user alice), so it is kept" "$err"
check_eq "the cache is untouched" "$before" "$(cat "$CACHE_FILE")"
G clone -q "$FAKE_URL/alice/data.git" "$T/data2" 2>"$T/err" && rc=0 || rc=$?
check_eq "the kept token still clones the other repository" 0 "$rc"

# ---- the server cannot be reached on erase: kept ----
fake_mode /api/v1/user 500
git_deny "$TOK2" alice/data.git
G clone -q "$FAKE_URL/alice/data.git" "$T/data3" 2>"$T/err" && rc=0 || rc=$?
check_contains "server error on erase: kept, and it says so" "could not ask $FAKE_URL whether the token is still good, so it is kept" "$(cat "$T/err")"
check_eq "server error on erase: the cache is untouched" "$before" "$(cat "$CACHE_FILE")"
fake_mode /api/v1/user ok

# ---- a token from the environment is never erased ----
TOK3=tok3-cccccccccccccccc3333
fake_token "$TOK3" alice
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "env"; }, { module = "cache"; store = true; } );'; } | write_config "$T/e.conf"
fake_revoke "$TOK3"
DAGSHUB_AUTH_CONFIG="$T/e.conf" DAGSHUB_USER_TOKEN=$TOK3 \
	G clone -q "$FAKE_URL/alice/data.git" "$T/data4" 2>"$T/err" && rc=0 || rc=$?
err=$(cat "$T/err")
check "a rejected environment token: git fails" test "$rc" -ne 0
check_contains "the message names DAGSHUB_USER_TOKEN and says it is not erased" \
	"rejected the token from the environment (DAGSHUB_USER_TOKEN, HTTP 401); it is not erased" "$err"
check_eq "the cache is untouched by an env token's erase" "$before" "$(cat "$CACHE_FILE")"

# ---- no terminal, no token: git fails at once, nothing waits ----
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; },'
  echo '  { module = "oauth"; args = { timeout = 300; open_browser = "never"; }; } );'; } | write_config "$T/o.conf"
rm -f "$CACHE_FILE"
fake_reset
# setsid: no controlling terminal; git may try its own prompt (allowed
# here) and fails at once too.  timeout is only a hang guard.
DAGSHUB_AUTH_CONFIG="$T/o.conf" GIT_TERMINAL_PROMPT=1 timeout 60 setsid -w \
	git -c credential.helper= -c credential.helper=dagshub \
	clone -q "$FAKE_URL/alice/data.git" "$T/none" </dev/null >/dev/null 2>"$T/err" && rc=0 || rc=$?
check "no terminal and no token: git fails" test "$rc" -ne 0 -a "$rc" -ne 124
check_eq "...without starting an OAuth login" 0 "$(fake_count /login/oauth/middleman)"
DAGSHUB_AUTH_CONFIG="$T/o.conf" G clone -q "$FAKE_URL/alice/data.git" "$T/none" \
	</dev/null >/dev/null 2>"$T/err" && rc=0 || rc=$?
check "GIT_TERMINAL_PROMPT=0 and no token: git fails" test "$rc" -ne 0 -a "$rc" -ne 124
check_contains "...as git says when it may not prompt" "terminal prompts disabled" "$(cat "$T/err")"
check_eq "...without starting an OAuth login" 0 "$(fake_count /login/oauth/middleman)"

# ---- a terminal: the helper logs in (OAuth link on git's stderr) ----
if command -v script >/dev/null 2>&1; then
	. "$top_srcdir/tests/oauth/browser.sh"
	browser_start "$T/tty.out"
	DAGSHUB_AUTH_CONFIG="$T/o.conf" GIT_TERMINAL_PROMPT=1 timeout 90 script -qec \
		"git -c credential.helper= -c credential.helper=dagshub clone -q '$FAKE_URL/alice/data.git' '$T/viaoauth'" \
		/dev/null </dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
	browser_stop
	check_eq "on a terminal, git clone logs in through the helper" 0 "$rc"
	check_contains "the OAuth link was shown on the terminal" "/login/oauth/authorize?" "$(cat "$T/tty.out")"
	check_contains "the new token is in the cache" "oauth-" "$(cat "$CACHE_FILE" 2>/dev/null)"
	rm -f "$CACHE_FILE"
	fake_reset
	DAGSHUB_AUTH_CONFIG="$T/o.conf" CI=true GIT_TERMINAL_PROMPT=1 timeout 60 script -qec \
		"git -c credential.helper= -c credential.helper=dagshub clone -q '$FAKE_URL/alice/data.git' '$T/ci'" \
		/dev/null </dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
	check_eq "CI set, on a terminal: no OAuth login" 0 "$(fake_count /login/oauth/middleman)"
	check "...and git failed" test ! -d "$T/ci"
	DAGSHUB_AUTH_CONFIG="$T/o.conf" GIT_TERMINAL_PROMPT=0 timeout 60 script -qec \
		"git -c credential.helper= -c credential.helper=dagshub clone -q '$FAKE_URL/alice/data.git' '$T/noprompt'" \
		/dev/null </dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
	check_eq "GIT_TERMINAL_PROMPT=0, on a terminal: no OAuth login" 0 "$(fake_count /login/oauth/middleman)"
	check "...and git failed" test ! -d "$T/noprompt"
	# git reads GIT_TERMINAL_PROMPT as a boolean: empty and 00 are false
	# too ("terminal prompts disabled").  A short OAuth timeout, so a
	# helper that would wait does not hold the test up.
	{ conf_header; echo "host = \"$FAKE_URL\";"
	  echo 'providers = ( { module = "cache"; store = true; },'
	  echo '  { module = "oauth"; args = { timeout = 3; open_browser = "never"; }; } );'; } | write_config "$T/o3.conf"
	for gtp in "" 00; do
		fake_reset
		DAGSHUB_AUTH_CONFIG="$T/o3.conf" GIT_TERMINAL_PROMPT=$gtp timeout 60 script -qec \
			"git -c credential.helper= -c credential.helper=dagshub clone -q '$FAKE_URL/alice/data.git' '$T/noprompt2'" \
			/dev/null </dev/null >"$T/tty.out" 2>&1 && rc=0 || rc=$?
		check_contains "GIT_TERMINAL_PROMPT='$gtp': git may not prompt" "terminal prompts disabled" "$(cat "$T/tty.out")"
		check_eq "...and the helper starts no OAuth login either" 0 "$(fake_count /login/oauth/middleman)"
	done
else
	skip "on a terminal, git clone logs in through the helper" "script(1) not installed"
fi
done_testing
