# tests/cache/lib-cache.sh - sourced by the cache tests after tests/lib.sh.
# A config whose only entry is the cache (no validation: these tests are
# about the file, not the server), and helpers.

PY=${PYTHON:-python3}
CACHE="$XDG_CACHE_HOME/dagshub/tokens"
CONF="$T/auth.conf"
{
	conf_header
	echo 'providers = ( { module = "cache"; store = true; validate = false; } );'
} | write_config "$CONF"
export DAGSHUB_AUTH_CONFIG="$CONF"
ROUNDTRIP="$top_builddir/tests/cache/cache_roundtrip"
CACHE_GET="$top_builddir/tests/cache/cache_get"
FIXTURES="$top_srcdir/tests/cache/fixtures"

# pyload FILE: the Python client's loader (pyclient_load.py); prints
# "HOST TYPE EXPIRY VALUE" lines, fails where the client would.
pyload() { timeout 60 "$PY" "$top_srcdir/tests/cache/pyclient_load.py" "$1"; }
# pyok FILE: the same, quiet (for `check`).
pyok() { pyload "$1" > /dev/null; }

# login_tok TOKEN [ARGS...]: `dagshub-auth login --token-stdin
# --no-validate` (no server here: these tests are about the file); sets
# $out, $err, $rc like run_cli.
login_tok() {
	_tok=$1; shift
	out=$(printf '%s\n' "$_tok" | timeout 60 "$DAGSHUB_AUTH" login \
		--token-stdin --no-validate "$@" 2>"$T/.stderr") && rc=0 || rc=$?
	err=$(cat "$T/.stderr")
}

# mode_of FILE: octal permission bits.
mode_of() { stat -c %a "$1"; }

# put_cache: stdin -> the cache file (folder made as a user would).
put_cache() {
	mkdir -p "$(dirname "$CACHE")"
	cat > "$CACHE"
	chmod 600 "$CACHE"
}
