#!/bin/sh
# The exec provider through the CLI: a token, nothing, exit 75, a failure
# with its stderr as the reason, JSON with an expiry and a username, the
# environment the command gets, a bare name on PATH, a shell script run
# through the checked descriptor, a flood of output, a group-writable
# command refused, bad args.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/exec/lib-exec.sh"

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"

# ---- a token ----
mkcmd tok <<'EOS'
echo tok_exec_0123456789
EOS
exec_config "$C" "\"$BIN/tok\""
run_cli token
check_eq "a token on one line: token exits 0" 0 "$rc"
check_eq "... and prints it" tok_exec_0123456789 "$out"
run_cli explain
check_contains "explain: the exec entry gave the token" "exec         sufficient   token" "$out"
check_contains "explain: from the command, exit 0" "from $BIN/tok (exit 0)" "$out"
check_not_contains "explain never shows the token" tok_exec_0123456789 "$out$err"
# An ignored SIGCHLD survives execve: started by a caller that ignores it,
# the CLI must take it back, or the kernel reaps the command before its
# exit status is read.
ignoring_sigchld() {
	"$PYTHON" -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$@"
}
out=$(ignoring_sigchld "$DAGSHUB_AUTH" token 2>"$T/err" </dev/null) && rc=0 || rc=$?
check_eq "started with SIGCHLD ignored: the token" tok_exec_0123456789 "$out"
check_eq "... exit 0" 0 "$rc"
out=$(printf 'protocol=https\nhost=dagshub.com\n\n' |
	ignoring_sigchld "$top_builddir/cli/git-credential-dagshub" get 2>"$T/err") && rc=0 || rc=$?
check_contains "... and as git's helper" password=tok_exec_0123456789 "$out"

# ---- empty output: notfound ----
mkcmd empty <<'EOS'
printf '\n'
EOS
exec_config "$C" "\"$BIN/empty\""
run_cli token
check_eq "empty output: token exits 1 (no token)" 1 "$rc"
check_contains "... notfound, printed nothing" "notfound" "$err"
check_contains "... says the command printed nothing" "printed nothing (exit 0)" "$err"

# ---- exit 75: unavailable ----
mkcmd later <<'EOS'
echo "vault is sealed" >&2
exit 75
EOS
exec_config "$C" "\"$BIN/later\""
run_cli token
check_eq "exit 75: no token" 1 "$rc"
check_contains "... unavailable with its stderr" \
	"unavailable: $BIN/later cannot answer now (exit 75): vault is sealed" "$err"

# ---- exit 1 with a message ----
mkcmd fails <<'EOS'
echo "some progress line" >&2
echo "Error: permission denied for secret/dagshub" >&2
echo "partial-output-on-stdout"
exit 1
EOS
exec_config "$C" "\"$BIN/fails\""
run_cli token
check_eq "exit 1: token prints nothing on stdout" "" "$out"
check_contains "... the reason is the last stderr line" \
	"exited with status 1: Error: permission denied for secret/dagshub" "$err"
check_not_contains "... not the earlier lines" "some progress line" "$err"
check_not_contains "... and its stdout never shows" "partial-output-on-stdout" "$out$err"
run_cli explain
check_contains "explain shows the error and the reason" \
	"error" "$out"
check_contains "explain shows the stderr line" "permission denied for secret/dagshub" "$out"

# A token echoed on stderr is removed from the reason.
mkcmd leaks <<'EOS'
echo tok_leaked_0123456789
echo "debug: got tok_leaked_0123456789 but failing" >&2
exit 3
EOS
exec_config "$C" "\"$BIN/leaks\""
run_cli token
check_contains "a failing command's stderr is the reason" "but failing" "$err"
check_not_contains "... with the token it printed removed" tok_leaked_0123456789 "$out$err"

# ... also when it printed its token as JSON: the token inside the JSON
# object is removed, not only the whole line.
mkcmd jsonleaks <<'EOS'
echo '{"token": "SecretTokenValue123"}'
echo "error: could not refresh SecretTokenValue123" >&2
exit 1
EOS
exec_config "$C" "\"$BIN/jsonleaks\""
run_cli token
check_contains "a failing command that printed JSON: stderr is the reason" \
	"error: could not refresh [token]" "$err"
check_not_contains "... with the token in its JSON removed (token)" \
	SecretTokenValue123 "$out$err"
run_cli explain
check_contains "... explain shows the reason" "could not refresh" "$out"
check_not_contains "... with the token removed (explain)" \
	SecretTokenValue123 "$out$err"
# Pretty-printed, with an "expires" that would make it refused, exit 75.
mkcmd jsonleaks2 <<'EOS'
printf '{\n  "token": "SecretTokenValue456",\n  "expires": "soon"\n}\n'
echo "vault sealed; last token was SecretTokenValue456" >&2
exit 75
EOS
exec_config "$C" "\"$BIN/jsonleaks2\""
run_cli token
check_contains "pretty-printed JSON, a bad expires, exit 75: the reason" \
	"last token was [token]" "$err"
check_not_contains "... without the token (token)" SecretTokenValue456 "$out$err"
run_cli explain
check_not_contains "... without the token (explain)" SecretTokenValue456 "$out$err"

# A "token" made only of '*' (what a short token is masked with) on
# stdout and on stderr: the masking must not find its own '*'s again.
mkcmd stars <<'EOS'
echo '****'
echo 'x ****' >&2
EOS
exec_config "$C" "\"$BIN/stars\""
out=$(timeout 10 "$DAGSHUB_AUTH" token 2>"$T/.stderr") && rc=0 || rc=$?
err=$(cat "$T/.stderr")
check "a token of '*'s: token returns (no endless masking)" test "$rc" != 124
check_eq "... with no token" 1 "$rc"
check_contains "... an error, the reason shown" "error: the value it gave is not a token" "$err"

# A command killed by a signal.
mkcmd crash <<'EOS'
echo "about to crash" >&2
kill -SEGV $$
EOS
exec_config "$C" "\"$BIN/crash\""
run_cli token
check_contains "killed by a signal: error naming it" \
	"$BIN/crash was killed by signal 11 (SIGSEGV): about to crash" "$err"

# ---- JSON ----
mkcmd json <<'EOS'
echo '{"token": "tok_json_0123456789", "expires": "2031-05-06T07:08:09Z", "username": "alice", "type": "bearer"}'
EOS
exec_config "$C" "\"$BIN/json\""
run_cli token
check_eq "JSON: the token" tok_json_0123456789 "$out"
run_cli explain
check_contains "JSON: the expiry (RFC 3339)" "expires 2031-05-06 07:08:09 UTC" "$out"
check_contains "JSON: the username" "user alice" "$out"
mkcmd jsonsec <<'EOS'
echo '{"token": "tok_json_0123456789", "expires": 1956000000}'
EOS
exec_config "$C" "\"$BIN/jsonsec\""
run_cli explain
check_contains "JSON: an expiry in Unix seconds" "expires 2031-12-25" "$out"
mkcmd jsonbad <<'EOS'
echo '{"tok": "x"}'
EOS
exec_config "$C" "\"$BIN/jsonbad\""
run_cli token
check_contains "JSON without a token: error saying so" 'without a "token" string' "$err"
# cJSON decodes \u0000 into a NUL byte: the token would end there.
mkcmd jsonnul <<'EOS'
printf '{"token": "goodpart\\u0000evil rest"}\n'
EOS
exec_config "$C" "\"$BIN/jsonnul\""
run_cli token
check_eq "JSON with \\u0000 in the token: no token (not a cut one)" "" "$out"
check_eq "... token fails" 1 "$rc"
check_contains "... an error naming the escape" \
	"error: $BIN/jsonnul printed JSON holding a \\u0000 escape (a NUL character)" "$err"
# A NUL byte on stdout: the token would end there too.
mkcmd rawnul <<'EOS'
printf 'goodpart\000evil rest\n'
EOS
exec_config "$C" "\"$BIN/rawnul\""
run_cli token
check_eq "a NUL byte on stdout: no token (not a cut one)" "" "$out"
check_contains "... an error saying so" \
	"error: $BIN/rawnul printed a NUL byte on stdout: not a token" "$err"
mkcmd jsonrawnul <<'EOS'
printf '{"token": "goodpart\000evil rest"}\n'
EOS
exec_config "$C" "\"$BIN/jsonrawnul\""
run_cli token
check_contains "... in JSON too" \
	"error: $BIN/jsonrawnul printed a NUL byte on stdout: not a token" "$err"
mkcmd twolines <<'EOS'
echo one; echo two
EOS
exec_config "$C" "\"$BIN/twolines\""
run_cli token
check_contains "two lines: error" "printed more than one line" "$err"
mkcmd notatoken <<'EOS'
echo 'has spaces in it'
EOS
exec_config "$C" "\"$BIN/notatoken\""
run_cli token
check_eq "a value that breaks the token rule: no token" "" "$out"
check_contains "... and the entry is an error" "error" "$err"
check_not_contains "... and the value is not shown" "has spaces in it" "$err"

# ---- the environment ----
mkcmd envdump <<EOS
env | grep '^DAGSHUB_' | sort > "$T/env.out"
echo tok_env_0123456789
EOS
{
	conf_header
	printf 'host = "https://dagshub.example.com";\n'
	printf 'providers = ( { module = "exec"; args = { command = [ "%s" ]; any_host = true; }; } );\n' "$BIN/envdump"
} | write_config "$C"
DAGSHUB_USER_TOKEN=tok_must_not_leak_123 run_cli token --host https://Other.Example.com/
check_eq "any_host: a token for another host" tok_env_0123456789 "$out"
envout=$(cat "$T/env.out")
check_contains "DAGSHUB_AUTH_HOST is the normalised host" \
	"DAGSHUB_AUTH_HOST=https://other.example.com" "$envout"
check_contains "DAGSHUB_AUTH_DEFAULT_HOST" \
	"DAGSHUB_AUTH_DEFAULT_HOST=https://dagshub.example.com" "$envout"
check_contains "DAGSHUB_AUTH_INTERACTIVE=0 (no person here)" \
	"DAGSHUB_AUTH_INTERACTIVE=0" "$envout"
check_not_contains "the caller's DAGSHUB_USER_TOKEN does not reach the command" \
	"tok_must_not_leak_123" "$envout"
mkcmd stdin <<EOS
if read -r line; then echo "read: \$line" > "$T/stdin.out"; else echo eof > "$T/stdin.out"; fi
echo tok_stdin_0123456789
EOS
exec_config "$C" "\"$BIN/stdin\""
echo "typed by nobody" | { out=$(timeout 60 "$DAGSHUB_AUTH" token 2>/dev/null); }
check_eq "stdin is /dev/null when not interactive" eof "$(cat "$T/stdin.out")"

# ---- the host's descriptors ----
# None reaches the command, also above 1024 and also when close_range()
# fails (before Linux 5.11; made so here with an LD_PRELOAD shim).
mkcmd fds <<'EOS'
ls /proc/self/fd | tr '\n' ' ' >&2
exit 1
EOS
exec_config "$C" "\"$BIN/fds\""
SHIM="$top_builddir/tests/exec/.libs/no_close_range.so"
hard=$(ulimit -Hn)
[ "$hard" = unlimited ] && hard=1048576
if command -v bash >/dev/null 2>&1 && [ -f "$SHIM" ] && [ -d /proc/self/fd ] &&
   [ "$hard" -gt 2100 ]; then
	ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
	export ASAN_OPTIONS
	for pre in "" "$SHIM"; do
		err=$(ulimit -n "$hard"
		      LD_PRELOAD="$pre" DAGSHUB_AUTH="$DAGSHUB_AUTH" timeout 60 bash -c \
		      'exec 50</dev/null 2000</dev/null; "$DAGSHUB_AUTH" token' 2>&1 >/dev/null)
		check_contains "host fds 50 and 2000${pre:+ (close_range fails)}: the command ran" \
			"exited with status 1: 0 1 2 " "$err"
		check_not_contains "... fd 50 does not reach it" " 50 " "$err "
		check_not_contains "... fd 2000 does not reach it" " 2000 " "$err "
	done
else
	skip "the host's descriptors" "no bash, no shim, no /proc or a low fd limit"
fi

# ---- hosts ----
exec_config "$C" "\"$BIN/tok\""
run_cli token --host https://other.example.com
check_eq "default: only the default host" 1 "$rc"
check_contains "... and says so" "the command is only for the default host https://dagshub.com" "$err"
exec_config "$C" "\"$BIN/tok\"" 'hosts = [ "https://Corp.Example.com/" ];'
run_cli token --host https://corp.example.com
check_eq "args.hosts: answers for a listed host" tok_exec_0123456789 "$out"
run_cli token
check_contains "... and not for others" "the command is not for https://dagshub.com (see args.hosts)" "$err"

# ---- arguments, a bare name on PATH, symlinks ----
mkcmd argv <<EOS
printf '%s:%s|%s\n' "\$#" "\$1" "\$2" > "$T/argv.out"
printf 'tok_%s_%s\n' "\$3" "\$4"
EOS
exec_config "$C" '"argv", "a b", "$HOME *", "x1", "y2"'
PATH="$BIN:$PATH" run_cli token
check_eq "a bare name is found on PATH" tok_x1_y2 "$out"
check_eq "... argv passed as is (no shell)" '4:a b|$HOME *' "$(cat "$T/argv.out")"
run_cli token
check_contains "not on PATH: error naming it" 'command "argv" is not on $PATH' "$err"
ln -s "$BIN/argv" "$T/link-to-argv"
exec_config "$C" "\"$T/link-to-argv\", \"-\", \"-\", \"l1\", \"l2\""
run_cli token
check_eq "a symlink to a command runs the command" tok_l1_l2 "$out"
# A command path longer than PATH_MAX is refused, not cut: here its
# first 4095 bytes ("$BIN/./././/tok") name a command that prints a token.
long="$BIN/"
while [ ${#long} -lt 4090 ]; do long="$long./"; done
while [ ${#long} -lt 4092 ]; do long="$long/"; done
long="${long}tok"
while [ ${#long} -lt 5000 ]; do long="${long}x"; done
exec_config "$C" "\"$long\""
run_cli token
check_eq "a 5000-byte command path: no token (not from what its first 4095 bytes name)" "" "$out"
check_contains "... an error saying why" \
	"error: args.command[0] is 5000 bytes long: at most 4095" "$err"
exec_config "$C" '"./argv"'
run_cli token
check_contains "a relative path is refused at open" "use an absolute path or a bare name" "$err"

# ---- a flood of output ----
mkcmd flood <<EOS
echo \$\$ > "$T/flood.pid"
head -c 10000000 /dev/zero | tr '\\0' a
echo done > "$T/flood.done"
sleep 300
EOS
exec_config "$C" "\"$BIN/flood\"" 'timeout = 120;'
t0=$(date +%s)
run_cli token
t1=$(date +%s)
check_eq "10 MB on stdout: no token" 1 "$rc"
check_contains "... error: more than 64 KiB, and it was stopped" \
	"printed more than 64 KiB on stdout: not a token; its process group was killed" "$err"
check "... at once, not at the timeout (took $((t1 - t0)) s)" test $((t1 - t0)) -lt 60
check "... it never got to its end" test ! -e "$T/flood.done"
check_eq "... nothing of it is left" "" "$(left_in_group "$T/flood.pid")"
# Just over the cap, then exit: read to the end (never blocked), refused.
mkcmd big <<'EOS'
head -c 70000 /dev/zero | tr '\0' b
EOS
exec_config "$C" "\"$BIN/big\""
run_cli token
check_contains "70 KB then exit: refused" "printed more than 64 KiB" "$err"

# ---- trust ----
mkcmd gw <<'EOS'
echo tok_gw_0123456789
EOS
chmod 775 "$BIN/gw"
exec_config "$C" "\"$BIN/gw\""
run_cli token
check_eq "a group-writable command is refused: no token" "" "$out"
check_contains "... error naming the file" "$BIN/gw" "$err"
check_contains "... and why" "writable by" "$err"
chmod 755 "$BIN/gw"
chmod 777 "$BIN"
run_cli token
check_eq "a command in a world-writable folder is refused" "" "$out"
chmod 755 "$BIN"
exec_config "$C" "\"$BIN/missing\""
run_cli token
check_contains "a missing command: error naming it" "$BIN/missing" "$err"
mkcmd noexec <<'EOS'
echo tok_noexec_0123456789
EOS
chmod 644 "$BIN/noexec"
exec_config "$C" "\"$BIN/noexec\""
run_cli token
check_contains "a file that is not executable: cannot run it" "cannot run $BIN/noexec" "$err"

# ---- bad args ----
exec_config "$C" '' ''
run_cli token
check_contains "no command: error at open" "args.command is missing" "$err"
exec_config "$C" "\"$BIN/tok\"" 'timeout = 0;'
run_cli token
check_contains "timeout = 0 is refused" "args.timeout = 0" "$err"
exec_config "$C" "\"$BIN/tok\"" 'shell = true;'
run_cli token
check_contains "an unknown setting is refused" "args.shell" "$err"

done_testing
