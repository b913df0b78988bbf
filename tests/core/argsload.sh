#!/bin/sh
# Every entry's args are checked when the config is loaded (exit 2 with
# file:line:setting), even for entries the walk never reaches; the check
# is remembered in the state folder by the config's content, so a later
# start opens no module it does not need (core/argcheck.c).
. "$top_srcdir/tests/lib.sh"

STATE="$XDG_STATE_HOME/dagshub-auth/checked-configs.d"
keys() { ls -A "$STATE" 2>/dev/null | wc -l; }
export DAGSHUB_USER_TOKEN=envtok-0123456789
conf() { { conf_header; cat; } | write_config "$T/c.conf"; }
# loaded_modules CMD...: the provider modules the core opened.  Modules
# are loaded through their checked descriptor (/proc/self/fd/N), so the
# dynamic loader never sees their names: the core's own openat() of each
# module file is what names them.
loaded_modules() {
	strace -f -qq -e trace=openat -o "$T/strace.out" \
		"$DAGSHUB_AUTH" "$@" >/dev/null 2>&1 </dev/null || :
	sed -n 's|.*"\([^"]*/\)\{0,1\}\([a-z0-9_]*\.so\)".* = [0-9][0-9]*$|\2|p' \
		"$T/strace.out" |
		grep -E '^(env|cache|fixed|keyring|oauth)\.so$' | sort -u | tr '\n' ' '
}

# ---- a typo in an entry the walk never reaches ----
cat <<'EOF2' | conf
providers = ( { module = "env"; },
              { module = "fixed";
                args = { reslut = "token"; }; } );
EOF2
run_cli -c "$T/c.conf" token
check_eq "a typo in a later entry's args: exit 2 although env answers" 2 "$rc"
check_contains "...naming file, line and setting" "c.conf:5: args.reslut: unknown setting" "$err"
check_contains "...and the entry" "providers.[1] (module fixed)" "$err"
check_eq "...nothing on stdout" "" "$out"
check_eq "a failed check is not remembered" 0 "$(keys)"

cat <<'EOF2' | conf
providers = ( { module = "env"; },
              { module = "oauth"; args = { timeout = -5; }; } );
EOF2
run_cli -c "$T/c.conf" token
check_eq "a bad value (provider's own args. reason): exit 2" 2 "$rc"
check_contains "...with the value" "args.timeout = -5" "$err"

cat <<'EOF2' | conf
providers = ( { module = "env"; } );
hosts = ( { url = "https://corp.example";
            providers = ( { module = "env"; args = { any_host = "yes"; }; } ); } );
EOF2
run_cli -c "$T/c.conf" token
check_eq "a type error in a hosts chain: exit 2" 2 "$rc"
check_contains "...named" "args.any_host: expected true or false" "$err"
check_contains "...in its chain" "hosts.[0].providers.[0]" "$err"

# ---- a good config: checked once, then remembered ----
cat <<'EOF2' | conf
providers = ( { module = "env"; },
              { module = "fixed"; args = { result = "token"; }; } );
EOF2
first=$(loaded_modules -c "$T/c.conf" token)
check_contains "first start: the config is checked (fixed.so opened)" "fixed.so" "$first"
check_eq "the check is remembered in the state folder" 1 "$(keys)"
KEY="$STATE/$(ls "$STATE" 2>/dev/null)"
check_eq "...as a 0600 file named by the key" 600 "$(stat -c %a "$KEY" 2>/dev/null)"
check_eq "...in a 0700 folder" 700 "$(stat -c %a "$STATE" 2>/dev/null)"
second=$(loaded_modules -c "$T/c.conf" token)
check_eq "next start: only the module the walk needs is opened" "env.so " "$second"
run_cli -c "$T/c.conf" token
check_eq "...and the token is given" envtok-0123456789 "$out"

# Any change to the file is a new check: a typo added later is found.
printf '# edited\n' >>"$T/c.conf"
third=$(loaded_modules -c "$T/c.conf" token)
check_contains "an edited config is checked again" "fixed.so" "$third"
sed -i 's/result = "token"/reslt = "token"/' "$T/c.conf"
run_cli -c "$T/c.conf" token
check_eq "a typo added to a checked config: exit 2" 2 "$rc"

# A state file that is not ours / not private is not trusted.
cat <<'EOF2' | conf
providers = ( { module = "env"; },
              { module = "fixed"; args = { result = "token"; }; } );
EOF2
run_cli -c "$T/c.conf" token
chmod 644 "$KEY"
again=$(loaded_modules -c "$T/c.conf" token)
check_contains "a key file others can read is not trusted (checked again)" \
	"fixed.so" "$again"
check_eq "...and the check made it 0600 again" 600 "$(stat -c %a "$KEY" 2>/dev/null)"
# looked up without the state folder's walk, so the file's own checks are
# what holds: a symbolic link to a private file is not followed
rm -f "$KEY"
: >"$T/private"
chmod 600 "$T/private"
ln -s "$T/private" "$KEY"
again=$(loaded_modules -c "$T/c.conf" token)
check_contains "a key file that is a symbolic link is not followed (checked again)" \
	"fixed.so" "$again"
check "...and the check put a file in its place" test -f "$KEY" -a ! -L "$KEY"

# Only the 32 most recently checked configs are remembered, and the list
# of the versions before (one file) goes on the next check.
for i in $(seq 40); do
	k=$(printf '%064x' "$i")
	: >"$STATE/$k"
	chmod 600 "$STATE/$k"
	touch -d "2020-01-01 00:00:$(printf %02d $((i % 60)))" "$STATE/$k"
done
: >"$STATE/not-a-key"
: >"${STATE%.d}"
printf 'validate_ttl = 1234;\n' >>"$T/c.conf"   # a config not yet checked
run_cli -c "$T/c.conf" token
check_eq "at most 32 keys are kept" 33 "$(keys)"   # 32 keys and not-a-key
# the three configs checked in this test, and the 29 newest of the 40
check_eq "...the configs checked today among them" 3 \
	"$(find "$STATE" -newermt 2021-01-01 -name "$(printf '%064d' 0 | tr 0 '?')" | wc -l)"
check "...and the oldest ones went" \
	test ! -e "$STATE/$(printf '%064x' 11)" -a -e "$STATE/$(printf '%064x' 12)"
check "the one-file memory of before is removed" test ! -e "${STATE%.d}"
again=$(loaded_modules -c "$T/c.conf" token)
check_eq "...and the config just checked is remembered" "env.so " "$again"

# A module that cannot be loaded is left to the walk, as before.
cat <<'EOF2' | conf
providers = ( { module = "env"; }, { module = "nosuch"; } );
EOF2
run_cli -c "$T/c.conf" token
check_eq "a missing module does not fail the load" envtok-0123456789 "$out"
DAGSHUB_USER_TOKEN= run_cli -c "$T/c.conf" explain
check_contains "...it is reported by the walk, as before" "nosuch.so" "$out"
done_testing
