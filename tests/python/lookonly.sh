#!/bin/sh
# explain() changes nothing, as `dagshub-auth explain` (DAGSHUB_AUTH_DRY_RUN):
# on a cache holding a token the server revoked, the entry is reported as
# rejected and the cache file stays byte for byte what it was
# (tests/python/lookonly_checks.py).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require

fake_start --token goodtok-0123456789:alice || {
	not_ok "the fake DagsHub starts"; done_testing; }
export FAKE_URL T

{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; },
              { module = "cache"; store = true; },
              { module = "oauth"; args = { timeout = 30; open_browser = "never"; }; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
py_checks lookonly_checks.py
done_testing
