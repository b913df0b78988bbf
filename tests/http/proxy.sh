#!/bin/sh
# Proxies never see a token (hardening issue, finding 2).  A listener on
# loopback poses as the proxy named by every proxy variable and answers
# like DagsHub would (a user "mallory"), so a request that went through it
# would both leak the Bearer token and be believed.
# - a request to a loopback host never goes through a proxy;
# - plain http that would go through a proxy is refused before anything
#   is sent (even with allow_insecure_http = true), unless no_proxy
#   exempts the host;
# - https through a proxy (CONNECT) stays allowed: the proxy sees the
#   host name, never a header.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
listener_start proxy
P=$L_URL

with_proxy() {
	http_proxy=$P HTTP_PROXY=$P https_proxy=$P HTTPS_PROXY=$P \
	all_proxy=$P ALL_PROXY=$P DAGSHUB_HTTP_TIMEOUT=${TMO:-10} \
	timeout 60 "$@"
}
run_proxied() {
	out=$(with_proxy "$DAGSHUB_AUTH" "$@" 2>"$T/err") && rc=0 || rc=$?
	err=$(cat "$T/err")
}

# 1. Loopback: direct, whatever the variables say.
write_cache "$FAKE_URL" goodtok-0123456789
cache_config "$T/l.conf" "$FAKE_URL"
run_proxied -c "$T/l.conf" whoami
check_eq "loopback whoami: the real server answered (not the proxy's mallory)" alice "$out"
check_eq "loopback whoami: exit 0" 0 "$rc"
run_proxied -c "$T/l.conf" token
check_eq "loopback token (validated): given" goodtok-0123456789 "$out"
check "the server itself got the requests" test "$(fake_count /api/v1/user)" -ge 2
check_eq "the proxy saw no connection at all" 0 "$(listener_count)"
# [::1] too, when this machine has it
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null; then
	save_url=$FAKE_URL
	fake_start --bind ::1 --token goodtok-0123456789:alice
	cache_config "$T/6.conf" "$FAKE_URL"
	write_cache "$FAKE_URL" goodtok-0123456789
	run_proxied -c "$T/6.conf" whoami
	check_eq "[::1] whoami: direct, the real server answered" alice "$out"
	check_eq "[::1]: the proxy saw nothing" 0 "$(listener_count)"
	FAKE_URL=$save_url
else
	skip "[::1] whoami: direct" "no IPv6 loopback here"
	skip "[::1]: the proxy saw nothing" "no IPv6 loopback here"
fi
# The authenticator on a caller's libcurl handle: the same rule.
write_cache "$FAKE_URL" goodtok-0123456789
out=$(with_proxy "$top_builddir/tests/http/authn_client" -c "$T/l.conf" -u "$FAKE_URL/api/v1/user" 2>"$T/err") && rc=0 || rc=$?
check_contains "authenticator on the caller's handle: the real server answered" '"login": "alice"' "$out"
check_eq "authenticator: the proxy saw nothing" 0 "$(listener_count)"
# localhost names a loopback host too
cache_config "$T/lh.conf" "http://localhost:$FAKE_PORT"
write_cache "http://localhost:$FAKE_PORT" goodtok-0123456789
run_proxied -c "$T/lh.conf" whoami
check_eq "localhost whoami: direct" alice "$out"
check_eq "localhost: the proxy saw nothing" 0 "$(listener_count)"

# 2. Plain http elsewhere (allowed by allow_insecure_http) through a
#    proxy: refused before anything is sent.
H=http://dagshub.example.invalid
write_cache "$H" goodtok-0123456789
cache_config "$T/i.conf" "$H" 'allow_insecure_http = true;'
run_proxied -c "$T/i.conf" whoami
check_eq "plain http via a proxy: whoami fails (exit 3)" 3 "$rc"
check_contains "and says why" "over plain http through a proxy" "$err"
check_contains "and names the host" "dagshub.example.invalid" "$err"
check_not_contains "the token is not in the message" goodtok "$err"
run_proxied -c "$T/i.conf" explain
check_contains "explain: the check was refused for the proxy" "through a proxy" "$out"
check_eq "the proxy saw no connection" 0 "$(listener_count)"
# Only one of the variables is enough to refuse.
out=$(env -u https_proxy -u HTTPS_PROXY -u http_proxy -u HTTP_PROXY -u ALL_PROXY \
	all_proxy=$P DAGSHUB_HTTP_TIMEOUT=10 timeout 60 "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "all_proxy alone: refused too" "through a proxy" "$out"
out=$(env -u https_proxy -u HTTPS_PROXY -u http_proxy -u all_proxy -u ALL_PROXY \
	HTTP_PROXY=$P DAGSHUB_HTTP_TIMEOUT=10 timeout 60 "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "HTTP_PROXY alone: refused too" "through a proxy" "$out"
check_eq "the proxy still saw nothing" 0 "$(listener_count)"
# no_proxy naming the host (or a domain above it) takes the proxy out of
# the way: then it is not refused for the proxy (it goes direct, and
# fails here because the name does not resolve).
for np in dagshub.example.invalid .example.invalid example.invalid '*' 'a.b, example.invalid'; do
	out=$(no_proxy=$np TMO=3 with_proxy "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
	check_not_contains "no_proxy=\"$np\": not refused for the proxy" "through a proxy" "$out"
done
out=$(no_proxy=other.invalid,xample.invalid with_proxy "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "no_proxy naming other hosts: still refused" "through a proxy" "$out"
# Read as libcurl reads them, which is what decides where the request
# goes: a "*" among other names matches nothing, and no_proxy set but
# empty hides NO_PROXY.  Both used to be taken as "direct" while libcurl
# went through the proxy, with the token in clear.
out=$(no_proxy='other.invalid,*' with_proxy "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "no_proxy=\"other.invalid,*\": refused (a \"*\" among names is no wildcard)" "through a proxy" "$out"
out=$(no_proxy= NO_PROXY='*' with_proxy "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_contains "no_proxy set empty, NO_PROXY=*: refused (NO_PROXY is not read)" "through a proxy" "$out"
# The same on a caller's libcurl handle (the authenticator), and an IP
# address is matched as itself, never by its tail.
out=$(no_proxy='other.invalid,*' with_proxy "$top_builddir/tests/http/authn_client" -c "$T/i.conf" \
	-u "$H/api/v1/user" 2>&1) && rc=0 || rc=$?
check_contains "authenticator, no_proxy=\"other.invalid,*\": refused" "through a proxy" "$out"
IP=http://10.9.8.7
cache_config "$T/ip.conf" "$IP" 'allow_insecure_http = true;'
write_cache "$IP" goodtok-0123456789
out=$(no_proxy=9.8.7 with_proxy "$top_builddir/tests/http/authn_client" -c "$T/ip.conf" \
	-u "$IP/api/v1/user" 2>&1) && rc=0 || rc=$?
check_contains "authenticator, 10.9.8.7 and no_proxy=9.8.7: refused" "through a proxy" "$out"
write_cache "$H" goodtok-0123456789
check_eq "the proxy saw none of these" 0 "$(listener_count)"
# A setuid program: the check reads the variables with secure_getenv(),
# which sees none of them there, but libcurl reads them with getenv().
# The shim makes secure_getenv() blind to the proxy variables alone: the
# check then finds no proxy, and the request must go direct (and fail,
# the name does not resolve), never through the proxy.
SHIM="$top_builddir/tests/http/.libs/setuid_env.so"
out=$(ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
	LD_PRELOAD="$SHIM" TMO=3 with_proxy "$DAGSHUB_AUTH" -c "$T/i.conf" whoami 2>&1) && rc=0 || rc=$?
check_not_contains "setuid-like reading: not refused (the check saw no proxy)" "through a proxy" "$out"
check "...and whoami failed" test "$rc" -ne 0
check_eq "...and the proxy saw nothing: libcurl was told to go direct" 0 "$(listener_count)"
check_eq "and the proxy saw nothing in all of this" 0 "$(listener_count)"

# 3. https through the proxy: allowed, as CONNECT, with no header in it.
#    (The proxy refuses the tunnel, so the check fails; the token is kept.)
S=https://dagshub.example.invalid
write_cache "$S" goodtok-0123456789
cache_config "$T/s.conf" "$S"
run_proxied -c "$T/s.conf" token
check_eq "https via the proxy: the kept token is still given" goodtok-0123456789 "$out"
check "the proxy was asked for a tunnel" test "$(listener_count)" -ge 1
log=$(cat "$L_LOG")
check_contains "...with CONNECT to the host's port 443" "CONNECT dagshub.example.invalid:443" "$log"
check_not_contains "the proxy never saw an Authorization header" '"present"' "$log"
check_not_contains "...nor a plain request" '"first_line": "GET' "$log"

# 4. A redirect (from loopback) to a URL with user info is refused.
fake_reset
write_cache "$FAKE_URL" goodtok-0123456789
fake_mode /api/v1/user "redirect:http://evil@127.0.0.1:$FAKE_PORT/x/api/v1/user"
run_proxied -c "$T/l.conf" whoami
check_eq "redirect to user@host: whoami fails" 3 "$rc"
check_contains "and says why" "user info" "$err"
check_eq "the target was not asked" 0 "$(fake_count /x/api/v1/user)"

done_testing
