#!/bin/sh
# The core names no provider: the same chains with every module written as
# an absolute path behave exactly as with the short names.  clear-cache
# finds the cache by its clear() operation, the authenticator does not
# renegotiate an env token (DAGSHUB_PROVIDER_USER_SET), the caller's
# cache_path reaches the cache (svc->caller_cache_path), and explain says
# the same, its columns still in line.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

if ! fake_start; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
B=$top_builddir/providers
mk() { # mk FILE ENV CACHE OAUTH
	{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "$2"; },
              { module = "$3"; store = true; },
              { module = "$4"; args = { timeout = 5; open_browser = "never"; }; } );
EOF2
	} | write_config "$1"
}
mk "$T/names.conf" env cache oauth
mk "$T/paths.conf" "$B/env/.libs/env.so" "$B/cache/.libs/cache.so" "$B/oauth/.libs/oauth.so"
CACHE="$XDG_CACHE_HOME/dagshub/tokens"
APP="$top_builddir/tests/core/callbacks"
CLIENT="$top_builddir/tests/http/authn_client"
# norm: the output with module paths written as names (the module column
# then lines up differently: whitespace runs are squeezed).
norm() { sed -e 's|/[a-z]*\.conf$|/C.conf|' -e "s|$B/\([a-z]*\)/.libs/[a-z]*\.so|\1|g" -e 's/[0-9.]* ms/T ms/g' | tr -s ' '; }

for c in names paths; do
	conf=$T/$c.conf
	fake_token "tok-$c-0123456789" alice
	printf 'tok-%s-0123456789\n' "$c" | timeout 30 "$DAGSHUB_AUTH" -c "$conf" \
		login --token-stdin --no-validate >/dev/null 2>&1
	check "$c: login stored a token in the cache" grep -q "tok-$c-0123456789" "$CACHE"
	run_cli -c "$conf" explain
	printf '%s\n' "$out" | norm >"$T/$c.explain"
	printf '%s\n' "$out" >"$T/$c.explain.raw"
	run_cli -c "$conf" clear-cache --force
	echo "rc=$rc $err" >"$T/$c.clear"
	check "$c: clear-cache deleted the cache file" test ! -e "$CACHE"
	run_cli -c "$conf" clear-cache --force
	echo "rc=$rc $err" >"$T/$c.clear2"
	# The caller's cache_path option (dagshub_auth_options.cache_path).
	fake_token "tok-opt-$c-0123456789" alice
	printf 'tok-opt-%s-0123456789\n' "$c" | DAGSHUB_CLIENT_TOKENS_CACHE="$T/opt-$c" \
		timeout 30 "$DAGSHUB_AUTH" -c "$conf" login --token-stdin --no-validate >/dev/null 2>&1
	"$APP" -c "$conf" -p "$T/opt-$c" token >"$T/$c.opt" 2>&1
	# A rejected env token is not renegotiated (it is the user's own).
	fake_reset
	DAGSHUB_USER_TOKEN=envtok-0123456789 timeout 30 "$CLIENT" -c "$conf" \
		-u "$FAKE_URL/api/v1/user" >"$T/$c.authn" 2>&1 && rc=0 || rc=$?
	echo "rc=$rc requests=$(fake_count /api/v1/user)" >>"$T/$c.authn"
done

check_eq "clear-cache: the same answer and exit code" "$(cat "$T/names.clear")" "$(cat "$T/paths.clear")"
check_contains "...which is a deletion (exit 0)" "rc=0" "$(cat "$T/paths.clear")"
check_eq "clear-cache with nothing to delete: the same" "$(cat "$T/names.clear2")" "$(cat "$T/paths.clear2")"
check_contains "...exit 1, nothing to delete" "rc=1" "$(cat "$T/paths.clear2")"
check_contains "cache_path option: the cache written as a path reads the caller's file" \
	"token=tok-opt-paths-0123456789" "$(cat "$T/paths.opt")"
check_contains "...as the cache written as a name does" \
	"token=tok-opt-names-0123456789" "$(cat "$T/names.opt")"
check_eq "authenticator: a rejected env token, the same outcome" \
	"$(sed 's|'"$B"'/env/.libs/env.so|env|g' "$T/names.authn")" \
	"$(sed 's|'"$B"'/env/.libs/env.so|env|g' "$T/paths.authn")"
check_contains "...which is: not replaced" "token from the environment" "$(cat "$T/paths.authn")"
check_contains "...after one request" "requests=1" "$(cat "$T/paths.authn")"
check_eq "explain: the same, but for the module column" \
	"$(sed 's/tok-names/tok-X/; s/tok-…6789/tok-…6789/' "$T/names.explain")" \
	"$(sed 's/tok-paths/tok-X/' "$T/paths.explain")"
# Columns: "control" in the header and "sufficient" in each row start at
# the same place, however long the module path is.
cols=$(awk '/^   # / { h = index($0, "control") }
            /sufficient/ && h { if (index($0, "sufficient") != h) bad++ }
            END { print ((h > 0 && !bad) ? "aligned" : "broken") }' "$T/paths.explain.raw")
check_eq "explain: columns line up with absolute module paths" aligned "$cols"
done_testing
