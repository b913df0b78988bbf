#!/bin/sh
# get_authenticator() with a real httpx client and a real requests session
# against the fake DagsHub: a cache holding a revoked token then a good
# one makes exactly one retry and succeeds (tests/python/authn_checks.py).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require

fake_start --token goodtok-0123456789:alice || {
	not_ok "the fake DagsHub starts"; done_testing; }
FAKE1=$FAKE_URL
fake_start --token other-0123456789:bob || {
	not_ok "a second fake DagsHub starts"; done_testing; }
FAKE2_URL=$FAKE_URL FAKE_URL=$FAKE1
export FAKE2_URL FAKE_URL T

# validate = false: the dead token gets past the walk, as a token revoked
# after it was validated would.
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; validate = false; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
py_checks authn_checks.py
done_testing
