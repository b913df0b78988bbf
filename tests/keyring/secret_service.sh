#!/bin/sh
# The Secret Service backend against a real gnome-keyring-daemon on a
# private D-Bus session: store -> get -> erase through the CLI; the item's
# schema, attributes and label; items written by Python's keyring library
# are found and ours are found by keyring.get_credential(host, None); a
# locked collection is `unavailable` at once and loses nothing; a hung
# daemon costs no more than args.timeout; the module survives being
# dlclose()d and dlopen()ed again with glib inside.

# Re-run inside a private session bus, bounded.
if [ -z "${KR_INNER:-}" ] && command -v dbus-run-session >/dev/null 2>&1 &&
   command -v gnome-keyring-daemon >/dev/null 2>&1; then
	KR_INNER=1 exec timeout 300 dbus-run-session -- sh "$0" "$@"
fi

. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/keyring/lib-keyring.sh"

if [ -z "${KR_INNER:-}" ]; then
	skip "Secret Service" "dbus-run-session or gnome-keyring-daemon not installed (packages dbus, gnome-keyring)"
	done_testing
fi
if ! command -v gdbus >/dev/null 2>&1; then
	skip "Secret Service" "gdbus not installed (package libglib2.0-bin)"
	done_testing
fi
if ! kr_start_gnome_keyring; then
	skip "Secret Service" "$kr_why"
	done_testing
fi

C="$T/auth.conf"
kr_config "$C" 'backend = "secret-service";'
export DAGSHUB_AUTH_CONFIG="$C"
SS="-a backend=secret-service"
TOK=tok_secret_service_0123456789

# secret-tool prints what it finds: attributes, label, secret.
items() { timeout 10 secret-tool search --all service "$1" 2>&1; }

# ---- store -> get -> erase through the CLI ----
kr_login "$TOK" --store keyring --no-validate
check_eq "login --store keyring exits 0" 0 "$rc"
found=$(items "$KR_HOST")
check_contains "the item has the generic schema" \
	"schema = org.freedesktop.Secret.Generic" "$found"
check_contains "... service = the host" "attribute.service = $KR_HOST" "$found"
check_contains "... application = dagshub-auth" \
	"attribute.application = dagshub-auth" "$found"
check_contains "... the label" "label = DagsHub token for $KR_HOST" "$found"
check_contains "... the token is the secret" "secret = $TOK" "$found"
check_not_contains "no attribute holds the token" "$TOK" \
	"$(printf '%s\n' "$found" | grep '^attribute')"
run_cli token
check_eq "token prints the stored token" "$TOK" "$out"
run_cli explain
check_contains "explain names the backend and the collection" \
	"secret-service: item found in collection 'login'" "$out"
check_not_contains "explain never shows the token" "$TOK" "$out$err"
run_cli list
check_contains "list shows the host" "$KR_HOST" "$out"
check_not_contains "list never shows the token" "$TOK" "$out$err"
kr_login "$TOK" --store keyring --no-validate
check_eq "the same token again is not added twice" 1 \
	"$(items "$KR_HOST" | grep -c '^secret = ')"
run_cli logout --store keyring
check_eq "logout --store keyring exits 0" 0 "$rc"
check_eq "the item is gone" "" "$(items "$KR_HOST" | grep '^secret = ')"
run_cli token
check_eq "token after logout exits 1" 1 "$rc"
check_contains "the miss names the backend" \
	"notfound: secret-service: no item with service = $KR_HOST" "$err"

# ---- login validates the token, and the login the server names goes
# into the item's username attribute (what keyring.get_credential shows) ----
. "$top_srcdir/tests/fake.sh"
if fake_start --token tok_validated_0123456789:dora; then
	{ conf_header; printf 'host = "%s";\nproviders = ( { module = "keyring"; store = true; args = { backend = "secret-service"; }; } );\n' "$FAKE_URL"; } |
		write_config "$T/validated.conf"
	printf 'tok_validated_0123456789\n' > "$T/.t2"
	run_cli -c "$T/validated.conf" login --token-stdin < "$T/.t2"
	rm -f "$T/.t2"
	check_eq "login (validated) --store keyring exits 0" 0 "$rc"
	check_contains "... the server was asked" "belongs to dora" "$err"
	check_contains "... and its login is the item's username" \
		"attribute.username = dora" "$(items "$FAKE_URL")"
	run_cli -c "$T/validated.conf" logout
	fake_stop
else
	skip "login (validated) --store keyring" "the fake DagsHub did not start"
fi

# ---- username, type, expiry, replacement (through the driver) ----
krdrive $SS store "$KR_HOST" tok_bob_11111111 app-token 0 bob
check_eq "store with a username" token "$kres"
check_contains "... names the collection" \
	"secret-service: stored in collection 'login'" "$kreason"
check_contains "the username is an attribute" "attribute.username = bob" \
	"$(items "$KR_HOST")"
krdrive $SS get "$KR_HOST"
check_contains "get gives type and username back" \
	"token tok_bob_11111111 app-token 0 bob" "$out"
krdrive $SS store "$KR_HOST" tok_bob_22222222 app-token 0 bob
check_eq "a new token of the same login and type replaces the old" \
	"secret = tok_bob_22222222" "$(items "$KR_HOST" | grep '^secret = ')"
exp=$(( ($(date +%s) + 3600) * 1000000 ))
krdrive $SS store "$KR_HOST" tok_bearer_3333333 bearer "$exp" bob
krdrive $SS get "$KR_HOST"
check_contains "an app token is preferred to a bearer token" \
	"token tok_bob_22222222 " "$out"
krdrive $SS list
check_contains "list reports the bearer token with its expiry" \
	"item $KR_HOST tok_bearer_3333333 bearer $exp bob" "$out"
krdrive $SS erase "$KR_HOST" tok_bob_22222222
check_eq "erase one value" token "$kres"
krdrive $SS get "$KR_HOST"
check_contains "the other token stays" "token tok_bearer_3333333 bearer" "$out"
past=$(( ($(date +%s) - 60) * 1000000 ))
krdrive $SS erase "$KR_HOST"
krdrive $SS store "$KR_HOST" tok_old_44444444 bearer "$past"
krdrive $SS get "$KR_HOST"
check_eq "an expired item is not handed out" notfound "$kres"
check_contains "... and the reason says so" "that has not expired" "$kreason"
krdrive $SS erase "$KR_HOST"

# ---- Python's keyring library, both ways ----
if [ -n "$KR_PYTHON" ]; then
	timeout 30 "$KR_PYTHON" -c 'import sys, keyring
keyring.set_password(sys.argv[1], "alice", "tok_from_python_5555")' "$KR_HOST"
	run_cli token
	check_eq "a token Python's keyring stored is found" tok_from_python_5555 "$out"
	krdrive $SS get "$KR_HOST"
	check_contains "... with Python's username" \
		"token tok_from_python_5555 - 0 alice" "$out"
	check_contains "... and the reason says another application wrote it" \
		"written by another application" "$kreason"
	krdrive $SS list
	check_not_contains "list shows only our own items" tok_from_python "$out"
	run_cli logout --store keyring
	check_eq "logout erases Python's item too" "" \
		"$(items "$KR_HOST" | grep '^secret = ')"
	krdrive $SS store "$KR_HOST" tok_for_python_6666 app-token 0 carol
	py=$(timeout 30 "$KR_PYTHON" -c 'import sys, keyring
c = keyring.get_credential(sys.argv[1], None)
print(c.username, c.password) if c else print("none")' "$KR_HOST" 2>&1)
	check_eq "Python's get_credential(host, None) finds our item" \
		"carol tok_for_python_6666" "$py"
	py=$(timeout 30 "$KR_PYTHON" -c 'import sys, keyring
print(keyring.get_password(sys.argv[1], "carol"))' "$KR_HOST" 2>&1)
	check_eq "... and get_password(host, login)" tok_for_python_6666 "$py"
	krdrive $SS erase "$KR_HOST"
else
	skip "Python's keyring reads and writes" "no python3 with keyring and secretstorage (packages python3-keyring, python3-secretstorage)"
fi

# ---- glib inside a module that is dlclose()d: -z nodelete ----
krdrive $SS store "$KR_HOST" tok_rounds_7777777
krdrive -n 5 $SS get "$KR_HOST"
check_eq "5 rounds of dlopen/get/dlclose with glib" token "$kres"
check_contains "... each one answered" "token tok_rounds_7777777" "$out"
check_eq "... five times" 5 "$(printf '%s\n' "$out" | grep -c '^token ')"

# ---- auto picks the Secret Service when it runs ----
krdrive get "$KR_HOST"
check_contains "auto uses the Secret Service when it owns its name" \
	"secret-service: item found" "$kreason"
krdrive $SS erase "$KR_HOST"

# ---- a hung daemon: every call is bounded by args.timeout ----
krdrive $SS store "$KR_HOST" tok_hang_88888888
kill -STOP "$kr_gk_pid"
t0=$(now_ms)
krdrive $SS -a timeout=1 get "$KR_HOST"
t1=$(now_ms)
kill -CONT "$kr_gk_pid"
check_eq "a stopped daemon: error" error "$kres"
check_contains "... saying it did not answer" "no answer in time" "$kreason"
check "... within the bound (1 s + slack; took $((t1 - t0)) ms)" \
	test $((t1 - t0)) -lt 3000
check "... and not before it (op took $kms ms)" test "$kms" -ge 900
kr_config "$T/hang.conf" 'backend = "secret-service"; timeout = 1;'
kill -STOP "$kr_gk_pid"
t0=$(now_ms)
run_cli -c "$T/hang.conf" token
t1=$(now_ms)
kill -CONT "$kr_gk_pid"
check_eq "the CLI with a stopped daemon: no token, no hang" 1 "$rc"
check "... in bounded time ($((t1 - t0)) ms)" test $((t1 - t0)) -lt 4000
run_cli -c "$T/hang.conf" token
check_eq "once the daemon runs again, the token is there" tok_hang_88888888 "$out"

# ---- a locked collection: unavailable at once, nothing lost ----
# (last: nothing here unlocks it without a prompt)
timeout 10 gdbus call --session --dest org.freedesktop.secrets \
	--object-path /org/freedesktop/secrets \
	--method org.freedesktop.Secret.Service.Lock \
	"['/org/freedesktop/secrets/collection/login']" >/dev/null
krdrive $SS get "$KR_HOST"
check_eq "locked, not interactive: get is unavailable" unavailable "$kres"
check_contains "... the reason names the collection" \
	"secret-service: collection 'login' is locked" "$kreason"
check "... at once ($kms ms)" test "$kms" -lt 1000
run_cli explain --non-interactive
check_contains "explain shows it" "unavailable" "$out"
check_contains "... with the reason" "collection 'login' is locked" "$out"
krdrive $SS erase "$KR_HOST"
check_eq "locked: erase is unavailable, not notfound" unavailable "$kres"
run_cli logout --store keyring --non-interactive
check "logout fails rather than claim it erased" test "$rc" -ne 0
krdrive $SS store "$KR_HOST" tok_never_9999999
check_eq "locked: store is unavailable" unavailable "$kres"
check_contains "... nothing was stored" "nothing was stored" "$kreason"
# Interactive: an unlock is asked for (no display here, so the prompt
# fails at once), bounded by args.prompt_timeout; still nothing is lost.
krdrive $SS -i -a prompt_timeout=3 get "$KR_HOST"
check_eq "locked, interactive, the prompt fails: unavailable" unavailable "$kres"
check_contains "... saying the keyring stays locked" \
	"secret-service: the" "$kreason"
check "... within args.prompt_timeout ($kms ms)" test "$kms" -lt 4000
krdrive $SS -i -a prompt_timeout=3 erase "$KR_HOST"
check_eq "locked, interactive, no unlock: erase is unavailable" \
	unavailable "$kres"
locked=$(timeout 10 gdbus call --session --dest org.freedesktop.secrets \
	--object-path /org/freedesktop/secrets \
	--method org.freedesktop.Secret.Service.SearchItems \
	"{'service': '$KR_HOST'}")
check_contains "the item is still there (locked)" \
	"/org/freedesktop/secrets/collection/login/" "$locked"
check_not_contains "... nothing new was added" ", objectpath" "$locked"

done_testing
