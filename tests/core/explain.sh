#!/bin/sh
# explain shows the walk, never a token.
. "$top_srcdir/tests/lib.sh"

SECRET=s3cr3t-0123456789-abcdefghij
export DAGSHUB_USER_TOKEN=$SECRET
{ conf_header; cat <<'EOF2'
providers = ( { module = "fixed"; args = { result = "unavailable"; reason = "no D-Bus session"; }; },
              { module = "env"; } );
EOF2
} | write_config "$T/e.conf"

run_cli -c "$T/e.conf" explain
check_eq "explain exits 0 when a token is found" 0 "$rc"
check_not_contains "explain never prints the token" "$SECRET" "$out$err"
check_not_contains "...nor its middle" "0123456789-abcdef" "$out$err"
check_contains "explain shows a fingerprint" "s3cr…ghij" "$out"
check_contains "explain shows the config file" "config: $T/e.conf" "$out"
check_contains "explain shows each result and reason" "unavailable" "$out"
check_contains "explain shows the provider's reason" "no D-Bus session" "$out"
check_contains "explain shows the answer" "answer: entry 2 (env)" "$out"
check_contains "explain shows times" " ms " "$out"

run_cli -c "$T/e.conf" token -v
check_eq "token -v still prints only the token on stdout" "$SECRET" "$out"

export DAGSHUB_USER_TOKEN=short
run_cli -c "$T/e.conf" explain
check_not_contains "short tokens are not shown either" "short" "$out"

run_cli --help
check_contains "--help lists token" "token" "$out"
check_contains "--help lists explain" "explain" "$out"
run_cli token --help
check_contains "token --help" "Usage: dagshub-auth token" "$out"
run_cli --version
check_contains "--version" "dagshub-auth " "$out"
run_cli frobnicate
check_eq "unknown command: exit 2" 2 "$rc"
run_cli token --bogus
check_eq "unknown option: exit 2" 2 "$rc"

done_testing
