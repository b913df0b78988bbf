#!/bin/sh
# What a token is (core/token.c): RFC 6750's b64token, 1 byte to 4 KiB,
# enforced for every token that enters the core (a provider's set_token,
# the environment, login --token / --token-stdin, the API's store) and
# before anything is written; the reason names the rule, never the token.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

CACHE="$XDG_CACHE_HOME/dagshub/tokens"
{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; }, { module = "cache"; store = true; } );
EOF2
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"

# ---- from the environment (the env provider goes through set_token) ----
env_refused() { # NAME VALUE CLASS
	DAGSHUB_USER_TOKEN=$2 run_cli token --non-interactive
	check_eq "env $1: token exits 1 (no token)" 1 "$rc"
	check_eq "env $1: nothing on stdout" "" "$out"
	check_contains "env $1: the reason names the rule" "$3" "$err"
	check_contains "env $1: as an error of the env entry" "1. env [sufficient]: error" "$err"
}
env_refused "CR LF header injection" "$(printf 'tok\r\nX-Evil: 1')" \
	"a line break (CR or LF) at byte 4 of 14"
check_not_contains "env CR LF: the token is not in the message" "X-Evil" "$err"
check_not_contains "env CR LF: no raw CR reaches stderr" "$(printf '\r')" "$err"
env_refused "space" "tok en-secret" "a space at byte 4"
check_not_contains "env space: the token is not in the message" "en-secret" "$err"
env_refused "ESC" "$(printf 'tok\033[31mred')" "an escape character (ESC) at byte 4"
check_not_contains "env ESC: no raw ESC reaches stderr" "$(printf '\033')" "$err"
env_refused "quote" 'tok"en' "a punctuation character"
env_refused "'=' inside" "ab=cd" "'=' at byte 3 is followed by other characters"
env_refused "only padding" "==" "it begins with '='"
env_refused "4097 bytes" "$(head -c 4097 /dev/zero | tr '\0' a)" \
	"more than the 4096 bytes a token may have"
# (a NUL cannot be in an environment variable: see stdin and the cache below)

DAGSHUB_USER_TOKEN="$(head -c 4096 /dev/zero | tr '\0' a)" run_cli token
check_eq "env: a 4096-byte token is a token" 4096 "${#out}"
DAGSHUB_USER_TOKEN="abc-DEF_0.9~+/==" run_cli token
check_eq "env: every b64token character and trailing = pass" "abc-DEF_0.9~+/==" "$out"

# ---- a provider's set_token (the fixed test module) ----
{ conf_header; cat <<'EOF2'
providers = ( { module = "fixed"; args = { result = "token"; token = "bad\ttok"; }; },
              { module = "fixed"; args = { result = "token"; token = "good-tok"; }; } );
EOF2
} | write_config "$T/fixed.conf"
run_cli -c "$T/fixed.conf" token
check_eq "set_token refuses a tab: the next entry answers" "good-tok" "$out"
check_contains "...and the refusal is reported as that entry's error" \
	"entry 1 (fixed): the value it gave is not a token: a tab at byte 4" "$err"
run_cli -c "$T/fixed.conf" explain
check_contains "explain shows the entry as an error with the rule" \
	"error" "$(printf '%s\n' "$out" | grep '^   1 ')"

# ---- login --token / --token-stdin ----
run_cli login --no-validate --token 'has space'
check_eq "login --token with a space: exit 2" 2 "$rc"
check_contains "...the reason names the rule" "a space at byte 4" "$err"
check "...and nothing is written" test ! -e "$CACHE"
printf 'tok\0en\n' >"$T/nul.in"
run_cli login --no-validate --token-stdin <"$T/nul.in"
check_eq "login --token-stdin with a NUL: exit 2" 2 "$rc"
check_contains "...it says NUL" "NUL byte" "$err"
check "...and nothing is written" test ! -e "$CACHE"
printf 'tok\r\r\n' >"$T/cr.in"
run_cli login --no-validate --token-stdin <"$T/cr.in"
check_eq "login --token-stdin strips one line ending only: a CR left is refused" 2 "$rc"
head -c 5000 /dev/zero | tr '\0' a >"$T/big.in"
run_cli login --no-validate --token-stdin <"$T/big.in"
check_eq "login --token-stdin of 5000 bytes: exit 2" 2 "$rc"
check "...the writer never writes what the reader would refuse" test ! -e "$CACHE"
printf 'stdin-tok-1\n' >"$T/ok.in"
run_cli login --no-validate --token-stdin <"$T/ok.in"
check_eq "login --token-stdin with one newline: stored" 0 "$rc"
DAGSHUB_USER_TOKEN= run_cli token
check_eq "...as the line without its newline" "stdin-tok-1" "$out"

# ---- validation is never asked for with a non-token ----
if fake_start --token goodtok:alice; then
	at_exit fake_stop
	run_cli login --host "$FAKE_URL" --token 'bad token'
	check_eq "login with validation: a non-token is refused (exit 2)" 2 "$rc"
	check_eq "...before any request" 0 "$(fake_count)"
else
	not_ok "the fake DagsHub starts"
fi

# ---- a cache file written by someone else with a non-token in it ----
rm -f "$CACHE"
mkdir -p "$(dirname "$CACHE")"
printf 'https://dagshub.com:\n- access_token: "cached tok\\e[2J"\n  expiry: never\n  token_type: app-token\nversion: '"'1'"'\n' >"$CACHE"
chmod 600 "$CACHE"
run_cli token --non-interactive
check_eq "a cached non-token is not given out" "" "$out"
check_contains "...the cache entry reports the rule" "not a token" "$err"
check_not_contains "...without the value" "cached tok" "$err"
done_testing
