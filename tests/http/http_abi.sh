#!/bin/sh
# dagshub_http_response grew a leading struct_size in ABI 1.1.  The core
# tells the layouts apart by the calling provider's ops->abi_minor: a
# provider built for 1.0 ({status, body, body_len}) still reads its
# answer where it expects it, and nothing is written outside its struct;
# a 1.1 provider's struct_size is honoured, and one too small to hold the
# fields is refused.  (tests/modules/httpabi.c checks canaries around the
# struct and where each field landed.)
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/http/http_lib.sh"

fake_start --token goodtok-0123456789:alice
U="$FAKE_URL/api/v1/user"

conf() { # MODULE [EXTRA ARGS]
	{ conf_header; echo "host = \"$FAKE_URL\";"
	  echo "providers = ( { module = \"$1\"; args = { url = \"$U\"; bearer = \"goodtok-0123456789\"; token = \"from-$1-0123456789\"; ${2-} }; } );"
	} | write_config "$T/$1.conf"
}

for m in httpabi0 httpabi1; do
	conf $m
	run_cli -c "$T/$m.conf" token
	check_eq "$m: the provider read the response in its own layout" "from-$m-0123456789" "$out"
	run_cli -c "$T/$m.conf" explain
	check_not_contains "$m: no complaint about the struct" "wrote outside" "$out"
done
check_eq "both asked the server once each (token) and again (explain)" 4 "$(fake_count /api/v1/user)"

conf httpabi1 'short = true;'
run_cli -c "$T/httpabi1.conf" explain
check_contains "a 1.1 struct_size too small is refused" "struct_size" "$out"
check_not_contains "...without writing outside it" "wrote outside" "$out"
check_eq "...and nothing was sent" 4 "$(fake_count /api/v1/user)"

done_testing
