#!/bin/sh
# Order decides the winner: two env entries with different variables, then
# the same two swapped.
. "$top_srcdir/tests/lib.sh"

export FIRST_TOKEN=first-aaaaaaaaaaaa SECOND_TOKEN=second-bbbbbbbbbbb

{ conf_header; cat <<'EOF2'
providers = (
  { module = "env"; args = { variable = "FIRST_TOKEN"; }; },
  { module = "env"; args = { variable = "SECOND_TOKEN"; }; }
);
EOF2
} | write_config "$T/ab.conf"
{ conf_header; cat <<'EOF2'
providers = (
  { module = "env"; args = { variable = "SECOND_TOKEN"; }; },
  { module = "env"; args = { variable = "FIRST_TOKEN"; }; }
);
EOF2
} | write_config "$T/ba.conf"

run_cli -c "$T/ab.conf" token
check_eq "first entry wins" "first-aaaaaaaaaaaa" "$out"
check_eq "exit 0 with a token" 0 "$rc"
check_eq "nothing on stderr when a token is found" "" "$err"

run_cli -c "$T/ba.conf" token
check_eq "swapped: the other entry wins" "second-bbbbbbbbbbb" "$out"

unset SECOND_TOKEN
run_cli -c "$T/ba.conf" token
check_eq "an empty first entry passes to the second" "first-aaaaaaaaaaaa" "$out"

run_cli -c "$T/ba.conf" explain
check_contains "explain marks the answering entry" "=> 2" "$out"
check_contains "explain says why the first found nothing" '$SECOND_TOKEN is not set' "$out"

# DAGSHUB_AUTH_CONFIG is the same as -c
DAGSHUB_AUTH_CONFIG="$T/ab.conf" run_cli token
check_eq "DAGSHUB_AUTH_CONFIG selects the file" "first-aaaaaaaaaaaa" "$out"

done_testing
