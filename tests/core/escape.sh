#!/bin/sh
# What the CLI prints from outside is escaped (cli_esc, core/escape.h): a
# server login with ESC and a newline, a cache host key with ESC, BEL and
# a newline, a provider's reason with control characters, a module name.
# No raw control byte reaches stdout or stderr.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

# Fails when $1 (a file) holds a byte the terminal would obey: any C0
# control but the line breaks the CLI itself writes, or DEL.
no_raw_ctl() {
	! LC_ALL=C grep -q "$(printf '[\001-\011\013-\037\177]')" "$1"
}
EVIL_USER=$(printf 'al\033[31mice\nEVIL')
if ! fake_start --token "goodtok:$EVIL_USER"; then
	not_ok "the fake DagsHub starts"
	done_testing
fi
at_exit fake_stop
{ conf_header; cat <<EOF2
host = "$FAKE_URL";
providers = ( { module = "env"; args = { any_host = true; }; },
              { module = "cache"; store = true; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"

run_all() { # NAME: runs CMD..., stdout+stderr to $T/$NAME.out
	_n_=$1; shift
	timeout 60 "$DAGSHUB_AUTH" "$@" >"$T/$_n_.out" 2>&1 </dev/null && rc=0 || rc=$?
}

# ---- the server's login ----
DAGSHUB_USER_TOKEN=goodtok run_all whoami whoami
check_eq "whoami: exit 0" 0 "$rc"
check "whoami: no raw control byte in its output" no_raw_ctl "$T/whoami.out"
check_eq "whoami: the login shown escaped, on one line" \
	'al\x1b[31mice\nEVIL' "$(cat "$T/whoami.out")"

run_all login login --token goodtok
check_eq "login: exit 0" 0 "$rc"
check "login: no raw control byte in its output" no_raw_ctl "$T/login.out"
check_contains "login: the login shown escaped" 'al\x1b[31mice\nEVIL' "$(cat "$T/login.out")"

DAGSHUB_USER_TOKEN= run_all explain explain
check "explain: no raw control byte in its output" no_raw_ctl "$T/explain.out"
check_not_contains "explain: no line starts with the injected text" \
	"
EVIL" "$(cat "$T/explain.out")"

run_all list list
check "list: no raw control byte (server login as the keyring/cache user)" \
	no_raw_ctl "$T/list.out"

# ---- a cache host key with ESC, BEL and a newline ----
CACHE="$XDG_CACHE_HOME/dagshub/tokens"
cat >"$CACHE" <<'EOF2'
"https://evil\e[2J\a\nFAKE.example":
- access_token: hostkey-tok-1
  expiry: never
  token_type: app-token
version: '1'
EOF2
chmod 600 "$CACHE"
run_all list2 list
check "list: a host key with ESC/BEL/newline shows no raw control byte" \
	no_raw_ctl "$T/list2.out"
check_contains "list: the host key is shown escaped" \
	'https://evil\x1b[2j\x07\nfake.example' "$(tr 'A-Z' 'a-z' <"$T/list2.out")"

# ---- a provider's reason, a module name, the config's notes ----
{ conf_header; printf '%s\n' \
	'providers = ( { module = "fixed"; args = { result = "error"; reason = "bad\u001b[5mthing\nINJECTED\u0007"; }; } );'
} | sed 's/\\u001b/\\x1b/; s/\\u0007/\\x07/' | write_config "$T/r.conf"
run_all reason -c "$T/r.conf" token --non-interactive
check_eq "token: no token (exit 1)" 1 "$rc"
check "token: the 'no token' message holds no raw control byte" no_raw_ctl "$T/reason.out"
check_contains "token: the reason is shown escaped" 'bad\x1b[5mthing\nINJECTED\x07' \
	"$(cat "$T/reason.out")"
check_eq "token: one line per entry, no injected line" 0 \
	"$(grep -c '^INJECTED' "$T/reason.out")"
run_all reason2 -c "$T/r.conf" explain
check "explain: a provider's reason holds no raw control byte" no_raw_ctl "$T/reason2.out"

{ conf_header; printf 'providers = ( { module = "/nonexistent/mod\\x1b]0;title\\x07.so"; } );\n'; } \
	| write_config "$T/m.conf"
run_all module -c "$T/m.conf" explain
check "explain: a module name with control characters shows none raw" \
	no_raw_ctl "$T/module.out"
run_all module2 -c "$T/m.conf" token --non-interactive
check "token: ...nor in its error" no_raw_ctl "$T/module2.out"

# A config whose name has an ESC, with a note about it (allow_insecure_http)
EVILCONF="$T/$(printf 'a\033]0;x\007b').conf"
{ conf_header; printf 'allow_insecure_http = true;\n%s\n' \
	'providers = ( { module = "fixed"; args = { result = "token"; }; } );'; } \
	| write_config "$EVILCONF"
run_all note -c "$EVILCONF" explain
check_contains "explain shows the config note" "allow_insecure_http" "$(cat "$T/note.out")"
check "explain: a config path and note with ESC/BEL show no raw control byte" \
	no_raw_ctl "$T/note.out"

run_all host -c "$T/c.conf" token --host "$(printf 'https://x\033[1m')"
check "a bad --host is echoed escaped" no_raw_ctl "$T/host.out"
done_testing
