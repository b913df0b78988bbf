#!/bin/sh
# The file provider through the CLI: raw and JSON files, systemd's
# $CREDENTIALS_DIRECTORY, an empty file, a missing one, one that is not a
# token, one too large, one owned by another uid, the readable-by-others
# warning and its exemptions, hosts, bad args.
. "$top_srcdir/tests/lib.sh"

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"
F="$T/secrets/token"
mkdir -p "$T/secrets"

# file_config ARGS: the only entry is the file provider with these args.
file_config() {
	{
		conf_header
		printf 'providers = ( { module = "file"; args = { %s }; } );\n' "$1"
	} | write_config "$C"
}

# ---- raw ----
printf 'tok_raw_0123456789\n' > "$F"
chmod 600 "$F"
file_config "path = \"$F\";"
run_cli token
check_eq "raw: the token (one trailing newline removed)" tok_raw_0123456789 "$out"
run_cli explain
check_contains "explain: from the file" "from $F (read)" "$out"
check_not_contains "explain never shows the token" tok_raw_0123456789 "$out$err"
check_not_contains "a 0600 file: no warning" "readable by" "$out"
# cJSON is loaded for format = "json" only (providers/common/cjson.h)
check_eq "raw: libcjson is not loaded" 0 \
	"$(LD_DEBUG=files "$DAGSHUB_AUTH" token 2>&1 >/dev/null | grep -c 'file=libcjson' || :)"
printf 'tok_raw_nonewline_01' > "$F"
run_cli token
check_eq "raw without a newline" tok_raw_nonewline_01 "$out"
printf 'tok_raw_crlf_0123\r\n' > "$F"
run_cli token
check_eq "raw with CRLF (a file written on Windows)" tok_raw_crlf_0123 "$out"
printf 'tok_raw_0123456789\n\n' > "$F"
run_cli token
check_eq "raw: only one newline is removed, the rest is not a token" "" "$out"
check_contains "... so it is an error" "error" "$err"

# ---- json ----
J="$T/secrets/dagshub.json"
printf '{"token": "tok_json_0123456789", "expires": "2031-05-06T07:08:09Z", "other": 1}\n' > "$J"
chmod 600 "$J"
file_config "path = \"$J\"; format = \"json\";"
run_cli token
check_eq "json: field token by default" tok_json_0123456789 "$out"
check "json: libcjson is loaded then" test \
	"$(LD_DEBUG=files "$DAGSHUB_AUTH" token 2>&1 >/dev/null | grep -c 'file=libcjson' || :)" -ge 1
run_cli explain
check_contains "json: no expires_field, no expiry" "expires never" "$out"
file_config "path = \"$J\"; format = \"json\"; expires_field = \"expires\";"
run_cli explain
check_contains "json: expires_field (RFC 3339)" "expires 2031-05-06 07:08:09 UTC" "$out"
printf '{"data": {"x": 1}, "dagshub_token": "tok_json_field_0123", "exp": 1956000000}\n' > "$J"
file_config "path = \"$J\"; format = \"json\"; field = \"dagshub_token\"; expires_field = \"exp\";"
run_cli token
check_eq "json: another field" tok_json_field_0123 "$out"
run_cli explain
check_contains "json: expires_field in Unix seconds" "expires 2031-12-25" "$out"
printf '{"dagshub_token": "tok_json_old_0123", "exp": 978307200}\n' > "$J"
run_cli token
check_eq "json: an expired token is not handed out" 1 "$rc"
check_contains "... notfound: expired" "has expired" "$err"
printf '{"tok": "x"}\n' > "$J"
file_config "path = \"$J\"; format = \"json\";"
run_cli token
check_contains "json without the field: error naming it" "has no \"token\" member" "$err"
printf 'tok_not_json\n' > "$J"
run_cli token
check_contains "json: not JSON: error" "is not a JSON object" "$err"
# cJSON stops after the first value: a second object (or anything else)
# after it is not one JSON document, and must not pick the first token.
printf '{"token": "tok_json_first_0123"}\n{"token": "tok_json_second_0123"}\n' > "$J"
run_cli token
check_eq "json: two objects: no token (not the first one's)" "" "$out"
check_contains "... an error saying so" \
	"$J is not one JSON object (format = \"json\"): something follows it at byte 34" "$err"
printf '{"token": "tok_json_0123456789"}\n \t\r\n' > "$J"
run_cli token
check_eq "json: white space after the object is fine" tok_json_0123456789 "$out"

# ---- systemd LoadCredential= ----
mkdir -p "$T/creds"
printf 'tok_systemd_0123456789' > "$T/creds/dagshub-token"
chmod 440 "$T/creds/dagshub-token"
chmod 500 "$T/creds"
file_config 'credential = "dagshub-token";'
CREDENTIALS_DIRECTORY="$T/creds" run_cli token
check_eq "systemd: \$CREDENTIALS_DIRECTORY/NAME" tok_systemd_0123456789 "$out"
CREDENTIALS_DIRECTORY="$T/creds" run_cli explain
check_not_contains "... a group-readable credential gets no warning" "readable by" "$out"
run_cli token
check_eq "no \$CREDENTIALS_DIRECTORY: no token" 1 "$rc"
check_contains "... notfound, saying so" "notfound: \$CREDENTIALS_DIRECTORY is not set" "$err"
CREDENTIALS_DIRECTORY="$T/creds" run_cli token --host https://dagshub.com
check_eq "... with it set again" tok_systemd_0123456789 "$out"
# A relative $CREDENTIALS_DIRECTORY (systemd sets an absolute one) would
# name a file that depends on the current folder.
(cd "$T" && CREDENTIALS_DIRECTORY=creds run_cli token; echo "$out" > "$T/rel.out"; echo "$err" > "$T/rel.err")
check_eq "a relative \$CREDENTIALS_DIRECTORY: no token" "" "$(cat "$T/rel.out")"
check_contains "... an error saying so" \
	"error: \$CREDENTIALS_DIRECTORY = \"creds\" is not absolute" "$(cat "$T/rel.err")"
CREDENTIALS_DIRECTORY= run_cli token
check_contains "an empty \$CREDENTIALS_DIRECTORY is as unset" \
	"notfound: \$CREDENTIALS_DIRECTORY is not set" "$err"
file_config 'credential = "../x";'
run_cli token
check_contains "a credential name with / is refused" "is not a credential name" "$err"

# ---- empty, missing, not a token, too large ----
: > "$F"
file_config "path = \"$F\";"
run_cli token
check_eq "an empty file: no token" 1 "$rc"
check_contains "... an error (not notfound), naming the file" "error: $F is empty" "$err"
printf '\n' > "$F"
run_cli token
check_contains "a file with only a newline is empty too" "$F is empty" "$err"
printf 'not a token at all\n' > "$F"
run_cli token
check_eq "not a token: nothing on stdout" "" "$out"
check_contains "... an error" "error" "$err"
check_not_contains "... that does not show the content" "not a token at all" "$err"
head -c 70000 /dev/zero | tr '\0' a > "$F"
run_cli token
check_contains "a file over 64 KiB: error" "larger than 64 KiB" "$err"
rm -f "$F"
run_cli token
check_eq "a missing file: no token" 1 "$rc"
check_contains "... notfound, naming it" "notfound: no file $F" "$err"

# ---- trust ----
printf 'tok_trust_0123456789\n' > "$F"
chmod 644 "$F"
run_cli explain
check_contains "a file readable by others: a warning" \
	"token file $F is readable by others (mode 0644); run: chmod go-r $F" "$out"
check_contains "... but it is used" "token tok_" "$out"
chmod 640 "$F"
run_cli explain
check_contains "readable by its group: a warning too" "readable by its group" "$out"
chmod 620 "$F"
run_cli token
check_eq "a group-writable file is refused" "" "$out"
check_contains "... naming the file and why" "writable by" "$err"
chmod 600 "$F"

# A chmod changes only ctime: a long-lived handle that served the file
# must see it on its next get (here the file became group-writable).
ROTLOOP="$top_builddir/tests/file/rotloop"
mkdir -p "$T/marks-chmod"
timeout 60 "$ROTLOOP" "$C" "$T/marks-chmod" tok_trust_0123456789 \
	> "$T/chmod.out" 2> "$T/chmod.err" &
lp=$!
sleep 0.5
chmod g+w "$F"
sleep 0.5
: > "$T/marks-chmod/stop"
wait $lp
check_contains "same handle: the token before the chmod" "seen 1" "$(cat "$T/chmod.out")"
check "... after chmod g+w the next gets are refused (not served cached)" \
	eval '! grep -qx "bad 0" "$T/chmod.out"'
check_contains "... as group-writable" "writable by" "$(cat "$T/chmod.err")"
chmod 600 "$F"

# The same for a folder: a long-lived handle that checked the folders
# once must check them again when it reads a new file, here one renamed
# into a folder that became writable by others since.
D2="$T/later/d"
mkdir -p "$D2" "$T/marks-dir"
chmod 755 "$T/later" "$D2"
( umask 077; printf 'tok_dir_before_0123\n' > "$D2/token" )
file_config "path = \"$D2/token\";"
: > "$T/marks-dir/at-1"
timeout 60 "$ROTLOOP" "$C" "$T/marks-dir" tok_dir_before_0123 \
	tok_dir_planted_0123 > "$T/dir.out" 2> "$T/dir.err" &
lp=$!
sleep 0.5
chmod 777 "$D2"
( umask 077; printf 'tok_dir_planted_0123\n' > "$D2/.new" )
mv "$D2/.new" "$D2/token"
: > "$T/marks-dir/at-2"
sleep 0.5
: > "$T/marks-dir/stop"
wait $lp
check_eq "same handle, folder made writable by others: never the new file" \
	"seen 1" "$(sed -n '/^seen/p' "$T/dir.out" | sed 's/ *$//')"
check_contains "... refused as in a writable folder" "folder $D2 is writable" \
	"$(cat "$T/dir.err")"
file_config "path = \"$F\";"

# ---- kubelet folders: only ..data and ..<timestamp> are exempt ----
K="$T/kube"
mkdir -p "$K/..2026_12_01_21_00_00.123456789"
printf 'tok_kube_0123456789\n' > "$K/..2026_12_01_21_00_00.123456789/token"
chmod 644 "$K/..2026_12_01_21_00_00.123456789/token"
ln -s ..2026_12_01_21_00_00.123456789 "$K/..data"
ln -s ..data/token "$K/token"
file_config "path = \"$K/token\";"
run_cli explain
check_contains "a kubelet volume (..data -> ..<timestamp>): the token" "token tok_" "$out"
check_not_contains "... readable by others, but no warning" "readable by" "$out"
mkdir -p "$K/..mine"
printf 'tok_kube_0123456789\n' > "$K/..mine/token"
chmod 644 "$K/..mine/token"
file_config "path = \"$K/..mine/token\";"
run_cli explain
check_contains "a folder ..mine (not the kubelet's): a warning" \
	"$K/..mine/token is readable by others" "$out"
mkdir -p "$K/..data2"
cp -p "$K/..mine/token" "$K/..data2/token"
file_config "path = \"$K/..data2/token\";"
run_cli explain
check_contains "a folder ..data2: a warning too" "is readable by others" "$out"
file_config "path = \"$F\";"

# ---- a NUL byte ----
printf 'tok_nul_0123\000456789\n' > "$F"
run_cli token
check_eq "a NUL byte in a raw file: no token (not a cut one)" "" "$out"
check_contains "... an error saying so" "error: $F holds a NUL byte" "$err"
printf 'tok_trust_0123456789\n' > "$F"
# JSON: cJSON decodes \u0000 into a NUL byte (and keeps a raw one inside
# a string), so the token would end there: refused, not cut.
printf '{"token": "goodpart\\u0000evil rest"}\n' > "$J"
file_config "path = \"$J\"; format = \"json\";"
run_cli token
check_eq "json: a \\u0000 in the token: no token (not a cut one)" "" "$out"
check_eq "... token fails" 1 "$rc"
check_contains "... an error naming the escape" \
	"error: $J holds a \\u0000 escape (a NUL character)" "$err"
printf '{"token": "tok_json_0123456789", "note": "x\\u0000y"}\n' > "$J"
run_cli token
check_contains "json: a \\u0000 in another member is refused too" \
	"holds a \\u0000 escape" "$err"
printf '{"token": "goodpart\000evil rest"}\n' > "$J"
run_cli token
check_eq "json: a NUL byte inside the token's string: no token" "" "$out"
check_contains "... an error saying so" "error: $J holds a NUL byte" "$err"
# An escaped backslash then "u0000" is no escape of U+0000.
printf '{"token": "tok_json_0123456789", "note": "x\\\\u0000y"}\n' > "$J"
run_cli token
check_eq "json: \\\\u0000 (an escaped backslash) is not refused" \
	tok_json_0123456789 "$out"
file_config "path = \"$F\";"

chmod 777 "$T/secrets"
run_cli token
check_eq "a file in a world-writable folder is refused" "" "$out"
chmod 755 "$T/secrets"
if [ "$(id -u)" = 0 ]; then
	# An unused uid: no passwd entry names it.
	other=54321
	while getent passwd $other >/dev/null 2>&1; do other=$((other + 1)); done
	chown $other "$F"
	run_cli token
	check_eq "a file owned by another uid is refused" "" "$out"
	check_contains "... naming its owner" "uid $other" "$err"
	chown 0 "$F"
else
	skip "a file owned by another uid" "needs root to chown"
fi

# ---- hosts and args ----
run_cli token --host https://other.example.com
check_contains "default: only the default host" "the token file is only for the default host" "$err"
file_config "path = \"$F\"; any_host = true;"
run_cli token --host https://other.example.com
check_eq "any_host: any host" tok_trust_0123456789 "$out"
file_config 'path = "relative/token";'
run_cli token
check_contains "a relative path is refused" "is not absolute" "$err"
# A path longer than PATH_MAX is refused, not cut: here its first 4095
# bytes ("$T/secrets/./././/token") name the token file.
long="$T/secrets/"
while [ ${#long} -lt 4088 ]; do long="$long./"; done
while [ ${#long} -lt 4090 ]; do long="$long/"; done
long="${long}token"
while [ ${#long} -lt 5000 ]; do long="${long}x"; done
file_config "path = \"$long\";"
run_cli token
check_eq "a 5000-byte path: no token (not the file its first 4095 bytes name)" "" "$out"
check_contains "... an error saying why" \
	"error: args.path is 5000 bytes long: at most 4095" "$err"
file_config ''
run_cli token
check_contains "neither path nor credential: refused" "not neither" "$err"
file_config "path = \"$F\"; format = \"yaml\";"
run_cli token
check_contains "an unknown format is refused" 'args.format = "yaml"' "$err"
file_config "path = \"$F\"; field = \"x\";"
run_cli token
check_contains "field without json is refused" 'need format = "json"' "$err"

done_testing
