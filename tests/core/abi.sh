#!/bin/sh
# The ABI can grow: a client built against the version-1 options struct
# and a provider built against ABI 1.0's tables both keep working with this
# library; unknown versions are refused with both versions named; the
# library exports only dagshub_* and tags them DAGSHUB_AUTH_0.1.
. "$top_srcdir/tests/lib.sh"

OLD="$top_builddir/tests/core/oldoptions"
{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; } );
EOF2
} | write_config "$T/env.conf"

out=$(DAGSHUB_USER_TOKEN=from-env-0123456789 "$OLD" -c "$T/env.conf" 2>"$T/err") && rc=0 || rc=$?
check_eq "a version-1 options struct (library 0.1's layout) opens and gets a token" 0 "$rc"
check_contains "...the token" "token=from-env-0123456789" "$out"
check_eq "...and nothing past the old struct was read as callbacks (no crash, no stderr)" "" "$(cat "$T/err")"

out=$("$OLD" -c "$T/env.conf" -V 0 2>&1) && rc=0 || rc=$?
check_contains "options version 0 is refused" "rc=invalid argument" "$out"
check_contains "...naming the version" "version 0 is not known" "$out"
out=$("$OLD" -c "$T/env.conf" -V 3 2>&1) && rc=0 || rc=$?
check_contains "a version newer than the library's is refused" "version 3 is not known to this library" "$out"
check_contains "...saying which versions it knows" "knows 1 to 2" "$out"

{ conf_header; cat <<'EOF2'
providers = ( { module = "old10"; args = { token = "old-abi-0123456789"; }; } );
EOF2
} | write_config "$T/old.conf"
run_cli -c "$T/old.conf" token
check_eq "a module built against ABI 1.0's smaller tables loads and answers" "old-abi-0123456789" "$out"
check_eq "...exit 0" 0 "$rc"
run_cli -c "$T/old.conf" explain
check_contains "...its reason shows (its 1.0 services table reaches set_reason)" "built against provider ABI 1.0" "$out"
check_contains "...its token (struct_size 0 = the 1.0 size) has the type it set" "app-token" "$out"

{ conf_header; cat <<'EOF2'
providers = ( { module = "old10"; args = { token = "old-abi-0123456789"; result = "notfound"; }; },
              { module = "env"; } );
EOF2
} | write_config "$T/nf.conf"
DAGSHUB_USER_TOKEN=env-token-0123456789 run_cli -c "$T/nf.conf" explain
fp_old="old-…6789"
check_contains "explain: the entry that set a token and said notfound is notfound" "notfound" "$out"
check_not_contains "...and shows no fingerprint for it" "token $fp_old" "$out"
check_contains "...while the answering entry shows its own" "token env-…6789" "$out"

# DAGSHUB_HAS_FIELD tells a provider what the core's table holds.
cat >"$T/has.c" <<'EOF2'
#include <stdio.h>
#include <dagshub/provider.h>
int main(void)
{
	dagshub_provider_services s10 = { 0 }, s11 = { 0 };
	s10.struct_size = offsetof(dagshub_provider_services, state_dir) +
	                  sizeof(s10.state_dir);
	s11.struct_size = sizeof(s11);
	printf("%d %d %d\n", DAGSHUB_HAS_FIELD(&s10, dagshub_provider_services, state_dir),
	       DAGSHUB_HAS_FIELD(&s10, dagshub_provider_services, progress),
	       DAGSHUB_HAS_FIELD(&s11, dagshub_provider_services, progress));
	return 0;
}
EOF2
if ${CC:-cc} -std=c11 -Wall -Wextra -Werror -I"$top_srcdir/core/include" -o "$T/has" "$T/has.c" 2>"$T/cc.err"; then
	check_eq "DAGSHUB_HAS_FIELD: a 1.0 table has state_dir, not progress; a 1.1 table has progress" "1 0 1" "$("$T/has")"
else
	not_ok "DAGSHUB_HAS_FIELD compiles" "$(cat "$T/cc.err")"
fi

so=$(ls "$top_builddir"/core/.libs/libdagshub-auth.so.*[0-9] 2>/dev/null | head -n 1)
if [ -n "$so" ] && command -v objdump >/dev/null 2>&1; then
	defined=$(objdump -T "$so" | awk '/ D[FO] / && !/\*UND\*/ { print $(NF-1), $NF }')
	check_contains "the library exports dagshub_get_token under DAGSHUB_AUTH_0.1" "DAGSHUB_AUTH_0.1 dagshub_get_token" "$defined"
	check_eq "...and every symbol it exports is a dagshub_* one under DAGSHUB_AUTH_0.1" "" \
		"$(printf '%s\n' "$defined" | grep -v '^DAGSHUB_AUTH_0\.1 dagshub_' | grep -v '^DAGSHUB_AUTH_0\.1 DAGSHUB_AUTH_0\.1$' | grep -v '^$')"
else
	skip "exported symbols" "objdump or the shared library is missing"
	skip "exported symbols are versioned" "objdump or the shared library is missing"
fi
done_testing
