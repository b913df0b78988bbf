#!/bin/sh
# get_authenticator() and redirects, with a real httpx client and a real
# requests session (tests/python/redirect_checks.py): a 401 from another
# host, reached by following a redirect, did not see our token (the
# client drops Authorization on a cross-origin redirect), so it says
# nothing about it and must not erase it; a 401 after a redirect on the
# token's own host still renegotiates.  The C authenticator's rule
# (core/authenticator.c, s_easy_attempt).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require

fake_start --token goodtok-0123456789:alice || {
	not_ok "the fake DagsHub starts"; done_testing; }
FAKE1=$FAKE_URL
# Another host that knows no token at all: every /api/v1/user is a 401.
fake_start --bind 127.0.0.2 || {
	not_ok "a second fake DagsHub starts on 127.0.0.2"; done_testing; }
FAKE2_URL=$FAKE_URL FAKE_URL=$FAKE1
export FAKE_URL FAKE2_URL T

# validate = false: the walk itself makes no request; oauth is there so a
# renegotiation has somewhere to go (it is unavailable: no terminal).
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "cache"; store = true; validate = false; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
py_checks redirect_checks.py
done_testing
