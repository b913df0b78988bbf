# tests/consumers/lib-consumers.sh - shared by the tests of the commands
# that hand the token to other programs.  Source it after tests/lib.sh and
# tests/fake.sh.
#
# git_server_start [fake_dagshub.py args]  the fake DagsHub with git's smart
#                  HTTP (tests/consumers/git_server.py) on $T/srv; sets
#                  FAKE_URL, FAKE_PID, FAKE_PORT as fake_start does, so
#                  fake_token, fake_revoke, fake_count... drive it.
# git_deny TOK REPO   refuse TOK for REPO (owner/name.git) only
# git_log            the server's git request log (JSON)
# bare_repo OWNER/NAME  a bare repository with one commit (file README)
# write_cache HOST TOKEN...  the Python client's cache with app tokens
# cache_expiring HOST TOKEN EXPIRY  one token expiring at EXPIRY (RFC 3339)

# CACHE_FILE, write_cache, no proxies: the HTTP tests' helpers
. "$top_srcdir/tests/http/http_lib.sh"
GIT_ROOT="$T/srv"

# git sees nothing of the machine's configuration, never prompts unless a
# test says so, and commits with a fixed identity.
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL="$T/gitconfig" \
	GIT_TERMINAL_PROMPT=0 \
	GIT_AUTHOR_NAME=Test GIT_AUTHOR_EMAIL=test@example.invalid \
	GIT_COMMITTER_NAME=Test GIT_COMMITTER_EMAIL=test@example.invalid
unset GIT_ASKPASS SSH_ASKPASS GIT_DIR GIT_WORK_TREE
: >"$GIT_CONFIG_GLOBAL"
# the build tree's git-credential-dagshub and dagshub-auth come first
PATH="$top_builddir/cli:$PATH"
export PATH
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY \
	no_proxy NO_PROXY

git_server_start() {
	_gs_dir=$(mktemp -d "$T/gitsrv.XXXXXX") || return 1
	mkdir -p "$GIT_ROOT"
	timeout 300 "${PYTHON:-python3}" "$top_srcdir/tests/consumers/git_server.py" \
		--git-root "$GIT_ROOT" --port-file "$_gs_dir/port" --watch-pid $$ "$@" \
		>"$_gs_dir/log" 2>&1 </dev/null &
	FAKE_PID=$!
	FAKE_PIDS="$FAKE_PIDS $FAKE_PID"
	_gs_i=0
	while [ ! -s "$_gs_dir/port" ]; do
		if ! kill -0 "$FAKE_PID" 2>/dev/null || [ $_gs_i -ge 200 ]; then
			echo "# git_server_start: the server did not start:" >&2
			sed 's/^/#   /' "$_gs_dir/log" >&2
			return 1
		fi
		sleep 0.05
		_gs_i=$((_gs_i + 1))
	done
	FAKE_PORT=$(cat "$_gs_dir/port")
	FAKE_URL="http://127.0.0.1:$FAKE_PORT"
	FAKE_LOGFILE="$_gs_dir/log"
	export FAKE_URL FAKE_PID FAKE_PORT
}

git_deny() {
	_fake_curl -o /dev/null -f --data-urlencode "token=$1" \
		--data-urlencode "repo=$2" "$FAKE_URL/_fake/deny"
}

git_log() {
	_fake_curl "$FAKE_URL/_fake/gitlog"
}

bare_repo() {
	_br=$GIT_ROOT/$1
	mkdir -p "$_br"
	git init -q --bare -b main "$_br"
	git -C "$_br" config http.receivepack true
	rm -rf "$T/seed"
	git init -q -b main "$T/seed"
	echo "hello from $1" >"$T/seed/README"
	git -C "$T/seed" add README
	git -C "$T/seed" commit -qm seed
	git -C "$T/seed" push -q "$_br" main
	rm -rf "$T/seed"
}

cache_expiring() {
	mkdir -p "$(dirname "$CACHE_FILE")"
	printf '%s:\n- access_token: %s\n  expiry: %s\n  token_type: bearer\nversion: '"'1'"'\n' \
		"$1" "$2" "$3" > "$CACHE_FILE"
	chmod 600 "$CACHE_FILE"
}
