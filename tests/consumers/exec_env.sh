#!/bin/sh
# dagshub-auth exec and env: the token reaches the program through its
# environment only; every env format is read back by its own consumer
# (bash eval, dash eval, python-dotenv and sh for dotenv, python's json,
# GitHub's file-command rules), with a login full of shell metacharacters.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/consumers/lib-consumers.sh"

TOK=goodtok-0123456789abcdef
NASTYTOK=nastytok-0123456789abcdef
# what a server could send as a login: quotes, $(), backticks, globs, a
# backslash, spaces, UTF-8
NASTY='o'"'"'brien "x" $(touch pwned) `touch pwned2` \\n * ; | & é'
fake_start --token "$TOK:alice"
fake_token "$NASTYTOK" "$NASTY"
cache_config() {
	{ conf_header; echo "host = \"$FAKE_URL\";"
	  echo 'providers = ( { module = "cache"; store = true; } );'; } | write_config "$T/c.conf"
}
cache_config
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
write_cache "$FAKE_URL" "$TOK"
cd "$T" || exit 1

# ---- exec ----
run_cli exec -- sh -c 'printf %s "$DAGSHUB_USER_TOKEN"'
check_eq "exec: DAGSHUB_USER_TOKEN is the token" "$TOK" "$out"
run_cli exec -- sh -c 'cat /proc/$$/cmdline | tr "\0" " "'
check_not_contains "exec: the token is on no command line" "$TOK" "$out"
run_cli exec sh -c 'exit 7'
check_eq "exec: the command's exit status is the run's" 7 "$rc"
run_cli exec -- sh -c 'kill -TERM $$'
check_eq "exec: a signal that ends the command ends the run (128+15)" 143 "$rc"
"$DAGSHUB_AUTH" exec -- sh -c 'echo $$ >"$0"; sleep 30' "$T/pid" 2>/dev/null &
pid=$!
i=0; while [ ! -s "$T/pid" ] && [ $i -lt 200 ]; do sleep 0.05; i=$((i + 1)); done
check_eq "exec: the command replaces dagshub-auth (same process)" "$pid" "$(cat "$T/pid" 2>/dev/null)"
kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
run_cli exec --mlflow --aws -- sh -c 'printf "%s|%s|%s|%s" "$MLFLOW_TRACKING_USERNAME" "$MLFLOW_TRACKING_PASSWORD" "$AWS_ACCESS_KEY_ID" "$AWS_SECRET_ACCESS_KEY"'
check_eq "exec --mlflow --aws: login, token, token, token" "alice|$TOK|$TOK|$TOK" "$out"
run_cli exec -- sh -c 'printf %s "${DAGSHUB_CLIENT_HOST-unset}|${MLFLOW_TRACKING_PASSWORD-unset}"'
check_eq "exec without flags: the host of the token (from the configuration), no MLflow variables" "$FAKE_URL|unset" "$out"
# the DagsHub client sends DAGSHUB_USER_TOKEN to https://dagshub.com when
# DAGSHUB_CLIENT_HOST is unset: a caller's stale value must not survive
out=$(DAGSHUB_CLIENT_HOST= timeout 30 "$DAGSHUB_AUTH" exec -- sh -c 'printf %s "$DAGSHUB_CLIENT_HOST"' 2>"$T/err") && rc=0 || rc=$?
check_eq "exec: an empty DAGSHUB_CLIENT_HOST of the caller's is replaced by the token's host" "$FAKE_URL" "$out"
# a caller's AWS session (botocore would send its token to DagsHub as
# X-Amz-Security-Token, and take its expiry for the token's)
out=$(AWS_SESSION_TOKEN=real-aws-session AWS_SECURITY_TOKEN=real-aws-security AWS_CREDENTIAL_EXPIRATION=2000-01-01T00:00:00Z \
	timeout 30 "$DAGSHUB_AUTH" exec --aws -- sh -c 'printf %s "${AWS_SESSION_TOKEN-unset}|${AWS_SECURITY_TOKEN-unset}|${AWS_CREDENTIAL_EXPIRATION-unset}"' 2>"$T/err") && rc=0 || rc=$?
check_eq "exec --aws: the caller's AWS session token, security token and expiry are emptied" "||" "$out"
if "$PYTHON" -c 'import botocore' 2>/dev/null; then
	out=$(AWS_SESSION_TOKEN=real-aws-session AWS_CREDENTIAL_EXPIRATION=2000-01-01T00:00:00Z AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null \
		timeout 60 "$DAGSHUB_AUTH" exec --aws -- "$PYTHON" -c 'import botocore.session
c = botocore.session.Session().get_credentials().get_frozen_credentials()
print(c.access_key == c.secret_key, c.token)' 2>"$T/err") && rc=0 || rc=$?
	check_eq "exec --aws read by botocore: the token as key and secret, no session token" "True None" "$out"
else
	skip "exec --aws read by botocore" "botocore not installed"
fi
# dagshub-auth takes an ignored SIGCHLD back for its own children (the
# exec provider's command); COMMAND gets what the caller gave, as if run
# directly (sed, not a shell: sh sets SIGCHLD itself).  SIGCHLD is 17:
# bit 16 of SigIgn.
sigchld_ignored='import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])'
out=$(timeout 30 "$PYTHON" -c "$sigchld_ignored" "$DAGSHUB_AUTH" exec -- \
	sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status 2>"$T/err") && rc=0 || rc=$?
check "exec: a caller's ignored SIGCHLD is the command's too ($out)" \
	test $(( 0x${out:-0} >> 16 & 1 )) -eq 1
out=$(timeout 30 "$DAGSHUB_AUTH" exec -- \
	sed -n 's/^SigIgn:[[:space:]]*//p' /proc/self/status 2>"$T/err") && rc=0 || rc=$?
check "exec: ... and not ignored when the caller did not ignore it ($out)" \
	test $(( 0x${out:-0} >> 16 & 1 )) -eq 0
run_cli exec --host "$FAKE_URL/" -- sh -c 'printf %s "$DAGSHUB_CLIENT_HOST"'
check_eq "exec --host: DAGSHUB_CLIENT_HOST, normalised" "$FAKE_URL" "$out"
run_cli exec -- sh -c 'printf %s "$1"' zero "--mlflow"
check_eq "exec: the command's own options are its own" "--mlflow" "$out"
run_cli exec -- /nonexistent/command
check_eq "exec: a command that does not exist: 127" 127 "$rc"
run_cli exec -- "$(printf '/nonexistent/\033[31mred')"
check_contains "exec: the command's name in the message is escaped" '/nonexistent/\x1b[31mred' "$err"
check_not_contains "...no raw escape byte" "$(printf '\033')" "$err"
run_cli exec
check_eq "exec: no command: usage error" 2 "$rc"
rm -f "$CACHE_FILE"
run_cli exec --non-interactive -- sh -c 'touch ran'
check_eq "exec with no token: exit 1" 1 "$rc"
check "exec with no token: the command did not run" test ! -e ran
check_contains "exec with no token: the chain's message" "no token for $FAKE_URL" "$err"

# ---- env --format sh, read back by bash and dash ----
write_cache "$FAKE_URL" "$NASTYTOK"
run_cli env --mlflow --aws
check_eq "env: exit 0" 0 "$rc"
printf '%s\n' "$out" >"$T/env.sh"
for sh in bash dash; do
	command -v $sh >/dev/null 2>&1 || { skip "env sh read back by $sh" "$sh not installed"; continue; }
	got=$($sh -c '. "$1"; printf "%s\n" "$MLFLOW_TRACKING_USERNAME"; printf "%s" "$DAGSHUB_USER_TOKEN"' x "$T/env.sh")
	check_eq "env sh read back by $sh: a login with metacharacters, byte for byte" "$NASTY
$NASTYTOK" "$got"
	got=$($sh -c 'eval "$(cat "$1")"; sh -c "printf %s \"\$AWS_SECRET_ACCESS_KEY\""' x "$T/env.sh")
	check_eq "env sh with $sh eval: the variables are exported" "$NASTYTOK" "$got"
done
check "nothing in the output was run" test ! -e pwned -a ! -e pwned2

# ---- dotenv ----
write_cache "$FAKE_URL" "$TOK"
run_cli env --format dotenv --mlflow --host "$FAKE_URL"
printf '%s\n' "$out" >"$T/.env"
expect="DAGSHUB_USER_TOKEN=$TOK
DAGSHUB_CLIENT_HOST=$FAKE_URL
MLFLOW_TRACKING_USERNAME=alice
MLFLOW_TRACKING_PASSWORD=$TOK"
if "$PYTHON" -c 'import dotenv' 2>/dev/null; then
	got=$("$PYTHON" -c 'import sys, dotenv
for k, v in dotenv.dotenv_values(sys.argv[1]).items(): print("%s=%s" % (k, v))' "$T/.env")
	check_eq "env dotenv read back by python-dotenv" "$expect" "$got"
else
	skip "env dotenv read back by python-dotenv" "python3-dotenv not installed"
fi
got=$(sh -c 'set -a; . "$1"; env' x "$T/.env" | grep -E '^(DAGSHUB_USER_TOKEN|DAGSHUB_CLIENT_HOST|MLFLOW_TRACKING_USERNAME|MLFLOW_TRACKING_PASSWORD)=')
check_eq "env dotenv read back by sh (set -a; .)" "$(printf '%s\n' "$expect" | sort)" "$(printf '%s\n' "$got" | sort)"
write_cache "$FAKE_URL" "$NASTYTOK"
run_cli env --format dotenv --mlflow
check_eq "env dotenv refuses a value with a quote (readers disagree)" 3 "$rc"
check_eq "...and prints nothing" "" "$out"

# ---- json ----
run_cli env --format json --mlflow --aws
printf '%s\n' "$out" >"$T/env.json"
got=$("$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
print(sorted(d) == sorted(["DAGSHUB_USER_TOKEN", "DAGSHUB_CLIENT_HOST", "MLFLOW_TRACKING_USERNAME", "MLFLOW_TRACKING_PASSWORD", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_CREDENTIAL_EXPIRATION"]))
print(d["MLFLOW_TRACKING_USERNAME"] == sys.argv[2], d["AWS_ACCESS_KEY_ID"] == sys.argv[3])
print(d["DAGSHUB_CLIENT_HOST"] == sys.argv[4], d["AWS_SESSION_TOKEN"] + d["AWS_SECURITY_TOKEN"] + d["AWS_CREDENTIAL_EXPIRATION"] == "")' "$T/env.json" "$NASTY" "$NASTYTOK" "$FAKE_URL")
check_eq "env json read back by python: the keys, the nasty login, the token, the host, the emptied AWS session" "True
True True
True True" "$got"

# ---- github ----
write_cache "$FAKE_URL" "$TOK"
: >"$T/github_env"
out=$(GITHUB_ENV="$T/github_env" timeout 30 "$DAGSHUB_AUTH" env --format github --mlflow 2>"$T/err") && rc=0 || rc=$?
check_eq "env github: exit 0" 0 "$rc"
check_eq "env github: stdout is the ::add-mask:: line for the token, once" "::add-mask::$TOK" "$out"
# GitHub's file-command rules: NAME=VALUE lines (or NAME<<DELIM blocks)
got=$("$PYTHON" -c 'import sys
env, lines = {}, open(sys.argv[1]).read().split("\n")
i = 0
while i < len(lines):
    l = lines[i]; i += 1
    if not l: continue
    if "<<" in l and ("=" not in l or l.index("<<") < l.index("=")):
        k, d = l.split("<<", 1); v = []
        while lines[i] != d: v.append(lines[i]); i += 1
        i += 1; env[k] = "\n".join(v)
    else:
        k, v = l.split("=", 1); env[k] = v
for k in sorted(env): print("%s=%s" % (k, env[k]))' "$T/github_env")
check_eq "env github: \$GITHUB_ENV gets the variables" "DAGSHUB_CLIENT_HOST=$FAKE_URL
DAGSHUB_USER_TOKEN=$TOK
MLFLOW_TRACKING_PASSWORD=$TOK
MLFLOW_TRACKING_USERNAME=alice" "$got"
out=$(GITHUB_ENV= timeout 30 "$DAGSHUB_AUTH" env --format github 2>"$T/err") && rc=0 || rc=$?
check_eq "env github without GITHUB_ENV: usage error" 2 "$rc"
check_eq "...and the token is not printed" "" "$out"
rm -f "$CACHE_FILE"
out=$(GITHUB_ENV= timeout 30 "$DAGSHUB_AUTH" env --format github 2>"$T/err") && rc=0 || rc=$?
check_eq "env github without GITHUB_ENV is refused before the chain runs (no 'no token' exit 1)" 2 "$rc"
write_cache "$FAKE_URL" "$TOK"

run_cli env --format yaml
check_eq "env: an unknown format is a usage error" 2 "$rc"
rm -f "$CACHE_FILE"
run_cli env --non-interactive
check_eq "env with no token: exit 1" 1 "$rc"
check_eq "env with no token: nothing on stdout" "" "$out"
done_testing
