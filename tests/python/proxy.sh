#!/bin/sh
# get_authenticator() and the proxies of the environment, with a real
# requests session and a real httpx client (tests/python/proxy_checks.py):
# plain http to the (loopback) fake DagsHub, which requests and httpx
# would send through http_proxy / HTTP_PROXY / ALL_PROXY, is refused
# before anything is sent, with an error that says why, so the proxy (a
# tests/http/listener.py that answers like DagsHub) never reads the token;
# no_proxy naming the host lets it go direct.  The same rule as the C
# side's (tests/http/proxy.sh).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require

fake_start --token goodtok-0123456789:alice || {
	not_ok "the fake DagsHub starts"; done_testing; }
listener_start proxy || { not_ok "the fake proxy starts"; done_testing; }
PROXY_URL=$L_URL PROXY_LOG=$L_LOG
# A fake on [::1] too, when this machine has it (FAKE6_URL stays empty
# otherwise).
FAKE1=$FAKE_URL FAKE6_URL=
if python3 -c 'import socket; s=socket.socket(socket.AF_INET6); s.bind(("::1",0))' 2>/dev/null &&
	fake_start --bind ::1 --token goodtok-0123456789:alice; then
	FAKE6_URL=$FAKE_URL
fi
FAKE_URL=$FAKE1
export FAKE_URL FAKE6_URL PROXY_URL PROXY_LOG T

# validate = false: the walk itself makes no request, so every request
# the checks count is one the client made.
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; validate = false; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
py_checks proxy_checks.py
done_testing
