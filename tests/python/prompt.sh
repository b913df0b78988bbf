#!/bin/sh
# clear_token_cache(force=False) on a real terminal (a pty): it asks y/N
# on the terminal, deletes the cache only on a yes, and keeps it on a no or
# on a bare Enter.  (Without a terminal it refuses: api_checks.py.)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require

{ conf_header; echo 'providers = ( { module = "cache"; store = true; validate = false; } );'; } |
	write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"

# answer ANSWER FILE: runs clear_token_cache(cache_location=FILE) in a pty,
# waits for the question, types ANSWER and Enter; prints what the terminal
# showed and the call's result.
answer() {
	timeout 60 "$PY" - "$1" "$2" <<'EOPY'
import os, pty, sys, time
answer, path = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    import dagshub_auth
    r = dagshub_auth.clear_token_cache(cache_location=path)
    print("RESULT", r)
    sys.stdout.flush()
    os._exit(0)
seen = b""
deadline = time.time() + 30
while b"[y/N]" not in seen and time.time() < deadline:
    try:
        seen += os.read(fd, 1024)
    except OSError:
        break
os.write(fd, answer.encode() + b"\r")
while True:
    try:
        chunk = os.read(fd, 1024)
    except OSError:
        break
    if not chunk:
        break
    seen += chunk
os.waitpid(pid, 0)
sys.stdout.write(seen.decode(errors="replace").replace("\r", ""))
EOPY
}

mk_cache() {
	mkdir -p "${1%/*}"
	printf 'https://dagshub.com:\n- access_token: keep-me-0123456789\n  expiry: never\n  token_type: app-token\nversion: '"'"'1'"'"'\n' > "$1"
	chmod 600 "$1"
}

C="$T/cache/tokens"
mk_cache "$C"
out=$(answer n "$C")
check_contains "on a terminal it asks first" "Delete the DagsHub token cache?" "$out"
check_contains "...y/N, no by default" "[y/N]" "$out"
check_contains "an answer of n: nothing deleted (False)" "RESULT False" "$out"
check "...and the cache is still there" test -f "$C"

out=$(answer "" "$C")
check_contains "a bare Enter: nothing deleted" "RESULT False" "$out"
check "...and the cache is still there" test -f "$C"

out=$(answer y "$C")
check_contains "an answer of y: deleted (True)" "RESULT True" "$out"
check "...and the cache file is gone" test ! -e "$C"

done_testing
