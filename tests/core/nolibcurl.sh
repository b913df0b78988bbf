#!/bin/sh
# The hot path never pays for libcurl: neither the CLI nor the library is
# linked against it, and a `token` answered by env never maps it.
. "$top_srcdir/tests/lib.sh"

lib=$(ls "$top_builddir"/core/.libs/libdagshub-auth.so.* 2>/dev/null | head -1)
cli="$top_builddir/cli/.libs/dagshub-auth"
[ -x "$cli" ] || cli="$top_builddir/cli/dagshub-auth"
check "libdagshub-auth.so is built" test -n "$lib"
check_not_contains "libdagshub-auth is not linked against libcurl" "libcurl" "$(ldd "$lib")"
check_not_contains "the CLI is not linked against libcurl" "libcurl" "$(LD_LIBRARY_PATH="$top_builddir/core/.libs" ldd "$cli")"

{ conf_header; echo 'providers = ( { module = "env"; } );'; } | write_config "$T/e.conf"
out=$(DAGSHUB_USER_TOKEN=tok-abcdefghijkl LD_DEBUG=files timeout 20 "$DAGSHUB_AUTH" -c "$T/e.conf" token 2>&1 >/dev/null)
check_contains "LD_DEBUG sees the env provider opened (through its checked descriptor)" "calling init: /proc/self/fd/" "$out"
check_not_contains "a token from env never loads libcurl" "libcurl" "$out"
done_testing
