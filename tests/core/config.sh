#!/bin/sh
# Config errors name file, line and setting, exit 2, and nothing is used.
. "$top_srcdir/tests/lib.sh"

export DAGSHUB_USER_TOKEN=env-token-abcdefgh

# the config goes to $T/x.conf; then `x` runs `token` with it
x() { run_cli -c "$T/x.conf" token; }

printf 'version = 1;\nproviders = (\n  { module = "env" }\n  { module = "cache"; }\n);\n' | write_config "$T/x.conf"; x
check_eq "syntax error: exit 2" 2 "$rc"
check_contains "syntax error: file and line" "$T/x.conf:4: syntax error" "$err"
check_eq "syntax error: no token printed" "" "$out"

{ conf_header; echo 'providers = ( { module = "env"; } );'; echo 'validate_tll = 60;'; } | write_config "$T/x.conf"; x
check_eq "unknown setting: exit 2" 2 "$rc"
check_contains "unknown setting: file, line and name" "$T/x.conf:4: validate_tll: unknown setting" "$err"

{ conf_header; echo 'providers = ( { module = "env"; contrl = "optional"; } );'; } | write_config "$T/x.conf"; x
check_contains "unknown entry setting named" "providers[0].contrl: unknown setting" "$err"

{ conf_header; echo 'providers = ( { control = "optional"; } );'; } | write_config "$T/x.conf"; x
check_contains "missing module named" "providers[0]: missing the required setting module" "$err"

{ conf_header; echo 'validate_ttl = "soon";'; } | write_config "$T/x.conf"; x
check_contains "wrong type named" "validate_ttl: expected an integer, found a string" "$err"

echo 'version = 2;' | write_config "$T/x.conf"; x
check_contains "another version refused" "version 2 is not supported" "$err"

{ conf_header; echo 'host = "dagshub.com";'; } | write_config "$T/x.conf"; x
check_contains "host must be a URL" "host: host URL must start with https:// or http://" "$err"

{ conf_header; echo 'providers = ( { module = "env"; store = "yes"; } );'; } | write_config "$T/x.conf"; x
check_contains "store must be a bool" "providers[0].store: expected true or false" "$err"

{ conf_header; echo 'providers = ( { module = "env"; } );'; } | write_config "$T/inc.conf"
chmod 666 "$T/inc.conf"
{ conf_header; printf '  @include "%s"\n' "$T/inc.conf"; } | write_config "$T/x.conf"; x
check_eq "@include: config error" 2 "$rc"
check_contains "@include is refused with the line" "$T/x.conf:3: @include is not supported" "$err"
# a block comment is a blank to libconfig, whose @include rule allows
# blanks before it: a comment in front must not hide one
{ conf_header; printf '/**/ @include "%s"\n' "$T/inc.conf"; } | write_config "$T/x.conf"; x
check_contains "@include after a comment on its line is refused" "$T/x.conf:3: @include is not supported" "$err"
{ conf_header; printf '/* one\n two */@include "%s"\n' "$T/inc.conf"; } | write_config "$T/x.conf"; x
check_contains "@include after a comment that ends on its line is refused" "$T/x.conf:4: @include is not supported" "$err"
{ conf_header; printf '\t/* a */ /* b */\t@include "%s"\n' "$T/inc.conf"; } | write_config "$T/x.conf"; x
check_contains "@include after two comments and tabs is refused" "$T/x.conf:3: @include is not supported" "$err"
check_eq "...a config error" 2 "$rc"

printf 'version = 1;\0providers = ();\n' | write_config "$T/x.conf"; x
check_contains "a NUL byte is refused" "contains a NUL byte" "$err"

{ conf_header; echo 'providers = ();'; } | write_config "$T/x.conf"; x
check_eq "empty chain: no token, exit 1" 1 "$rc"
check_contains "empty chain: says so" "the chain is empty (no providers configured in $T/x.conf)" "$err"

run_cli -c "$T/does-not-exist.conf" token
check_eq "missing explicit config: exit 2" 2 "$rc"
check_contains "missing explicit config: named" "config file $T/does-not-exist.conf: No such file or directory" "$err"

# no file anywhere: the built-in default chain (the installed auth.conf)
if [ ! -e "$SYSCONFDIR/dagshub/auth.conf" ]; then
	run_cli explain
	check_contains "no config file: the built-in default chain" "config: (built-in default)" "$out"
	check_contains "...env first" "1   env          sufficient" "$out"
	check_contains "...then the cache, the write-back target" "2   cache        sufficient" "$out"
	check_contains "...then the keyring, optional" "3   keyring      optional" "$out"
	check_contains "...then OAuth" "4   oauth        sufficient" "$out"
	check_contains "...modules looked up in the configured provider dir" "$PROVIDERDIR/env.so" "$out$err"
else
	skip "no config file: the built-in default chain" "$SYSCONFDIR/dagshub/auth.conf exists on this machine"
fi

# the user's own file is used when present
mkdir -p "$XDG_CONFIG_HOME/dagshub"
{ conf_header; echo 'providers = ( { module = "env"; args = { variable = "USER_FILE_TOKEN"; }; } );'; } |
	write_config "$XDG_CONFIG_HOME/dagshub/auth.conf"
USER_FILE_TOKEN=from-user-file-1234 run_cli token
check_eq "~/.config/dagshub/auth.conf is read" "from-user-file-1234" "$out"
run_cli explain
check_contains "explain names the user file" "config: $XDG_CONFIG_HOME/dagshub/auth.conf" "$out"

# ---- comments: dropped before parsing (core/config.c), meaning kept ----
# '#', '//' and '/*' inside strings are text; a setting after a comment of
# several lines is still reported on its own line.
{ conf_header; cat <<'EOF2'; } | write_config "$T/x.conf"
/* a comment
   of three lines */ providers = ( # an entry follows
  { module = "env"; args = { variable = "TOK#A//B/*C*/"; }; } // the only one
);
EOF2
out=$(env 'TOK#A//B/*C*/=from-odd-variable-1234' DAGSHUB_USER_TOKEN= timeout 60 "$DAGSHUB_AUTH" -c "$T/x.conf" token 2>&1) && rc=0 || rc=$?
check_eq "comments around entries: the token of a variable named with # // /* */" \
	"from-odd-variable-1234" "$out"
{ conf_header; printf '/* one\n two\n three */\n# four\n// five\nvalidate_tll = 60;\n'; } | write_config "$T/x.conf"; x
check_contains "after comments, an error names its own line" \
	"$T/x.conf:8: validate_tll: unknown setting" "$err"
{ conf_header; printf 'validate_ttl = 60; /* never closed\nproviders = ();\n'; } | write_config "$T/x.conf"; x
check_eq "an unterminated comment: exit 2" 2 "$rc"
check_contains "...naming its line" "$T/x.conf:3: a /* comment is never closed" "$err"

done_testing
