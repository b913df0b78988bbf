#!/bin/sh
# The hosts chain is chosen by --host and by DAGSHUB_CLIENT_HOST, after
# normalisation; other hosts use the default chain.
. "$top_srcdir/tests/lib.sh"

export DAGSHUB_USER_TOKEN=default-token-aaaa CORP_TOKEN=corp-token-bbbbbbbb

{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; } );
hosts = (
  { url = "https://DagsHub.Example.Corp/";
    providers = ( { module = "env"; args = { variable = "CORP_TOKEN"; any_host = true; }; } ); }
);
EOF2
} | write_config "$T/h.conf"

run_cli -c "$T/h.conf" token
check_eq "default host uses the default chain" "default-token-aaaa" "$out"

run_cli -c "$T/h.conf" token --host https://dagshub.example.corp
check_eq "--host picks the hosts chain" "corp-token-bbbbbbbb" "$out"

run_cli -c "$T/h.conf" --host https://dagshub.example.corp token
check_eq "--host before the command works too" "corp-token-bbbbbbbb" "$out"
run_cli --non-interactive -c "$T/h.conf" --host=https://dagshub.example.corp token
check_eq "--non-interactive and --host= before the command" "corp-token-bbbbbbbb" "$out"

run_cli -c "$T/h.conf" token --host HTTPS://dagshub.EXAMPLE.corp:443/
check_eq "--host is normalised before matching" "corp-token-bbbbbbbb" "$out"

DAGSHUB_CLIENT_HOST=https://dagshub.example.corp run_cli -c "$T/h.conf" token
check_eq "DAGSHUB_CLIENT_HOST picks the hosts chain" "corp-token-bbbbbbbb" "$out"

DAGSHUB_CLIENT_HOST=https://dagshub.example.corp run_cli -c "$T/h.conf" explain --host https://dagshub.com
check_contains "--host wins over DAGSHUB_CLIENT_HOST" "host:   https://dagshub.com" "$out"
# ...and DAGSHUB_USER_TOKEN then belongs to DAGSHUB_CLIENT_HOST, not to
# the host asked for (the Python client's rule)
check_contains "env answers only for the default host" "only for the default host https://dagshub.example.corp" "$out"

# env answers for the default host only (as the Python client does)
run_cli -c "$T/h.conf" token --host https://other.example
check_eq "env does not answer for another host" 1 "$rc"
check_contains "and says why" "only for the default host https://dagshub.com" "$err"

DAGSHUB_CLIENT_HOST=https://other.example run_cli -c "$T/h.conf" token
check_eq "...but does for DAGSHUB_CLIENT_HOST, the default host then" "default-token-aaaa" "$out"

run_cli -c "$T/h.conf" explain --host https://DAGSHUB.example.corp/
check_contains "explain shows the normalised host" "host:   https://dagshub.example.corp" "$out"

run_cli -c "$T/h.conf" token --host ftp://x
check_eq "a host that is not a URL is a usage error" 2 "$rc"
check_contains "with a reason" "must start with https:// or http://" "$err"

{ conf_header; cat <<'EOF2'
host = "https://dagshub.example.corp";
providers = ( { module = "env"; } );
EOF2
} | write_config "$T/host.conf"
run_cli -c "$T/host.conf" explain
check_contains "the config's host is the default host" "host:   https://dagshub.example.corp" "$out"

{ conf_header; cat <<'EOF2'
providers = ( { module = "env"; } );
hosts = ( { url = "https://a.example"; providers = (); },
          { url = "https://A.example/"; providers = (); } );
EOF2
} | write_config "$T/dup.conf"
run_cli -c "$T/dup.conf" token
check_contains "a host listed twice is refused" "hosts[1].url: https://a.example is listed twice" "$err"

done_testing
