#!/bin/sh
# The cache file format: what the provider reads and writes is what the
# DagsHub Python client (PyYAML) writes and reads, byte for byte.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

# 1. The fixture from cache-format.md: load + rewrite gives the same bytes.
f="$FIXTURES/python-client.yaml"
"$ROUNDTRIP" "$f" > "$T/rt.yaml" 2>"$T/rt.err"; rc=$?
check_eq "python-client fixture: reader and writer succeed" 0 "$rc"
check "python-client fixture: rewrite is byte-identical" cmp -s "$f" "$T/rt.yaml"
check "python-client fixture: the client's loader reads our rewrite" \
	pyok "$T/rt.yaml"

# 2. Files written by real PyYAML with awkward values (quoting, folding at
#    80 columns, escapes, line breaks, extras): every rewrite identical.
mkdir -p "$T/fuzz"
timeout 120 "$PY" "$top_srcdir/tests/cache/pyyaml_fuzz.py" "$T/fuzz" 300 20261127
n=0 bad=""
for f in "$T"/fuzz/*.yaml; do
	n=$((n + 1))
	if ! "$ROUNDTRIP" "$f" > "$T/o.yaml" 2>"$T/o.err" ||
	   ! cmp -s "$f" "$T/o.yaml"; then
		bad="$bad $(basename "$f")"
	fi
done
check_eq "300 PyYAML-written files exist" 300 "$n"
check_eq "every PyYAML-written file is rewritten byte for byte" "" "$bad"
# the fuzz corpus really exercises the hard cases
check "corpus has folded double-quoted lines" grep -lq '\\$' "$T"/fuzz/*.yaml
check "corpus has single-quoted numbers" grep -lq "access_token: '[0-9]*'$" "$T"/fuzz/*.yaml
check "corpus has \\x escapes" grep -lq '\\x[0-9A-F][0-9A-F]' "$T"/fuzz/*.yaml

# 3. Hand-written JSON is read; the rewrite is what PyYAML writes for the
#    same data with the host keys normalised and merged.
put_cache < "$FIXTURES/handwritten.json"
run_cli token --host https://dagshub.com
check_eq "JSON: token read (first app-token)" "json-app-token-0001" "$out"
"$ROUNDTRIP" "$FIXTURES/handwritten.json" > "$T/json.yaml"
"$PY" - "$FIXTURES/handwritten.json" > "$T/json.expected" <<'PYEOF'
import json, sys, yaml
d = json.load(open(sys.argv[1]))
merged = d.pop("https://DagsHub.com/") + d.pop("https://dagshub.com")
d["https://dagshub.com"] = merged
sys.stdout.write(yaml.dump(d))
PYEOF
check "JSON: rewrite = PyYAML dump of the normalised data" \
	cmp -s "$T/json.expected" "$T/json.yaml"
check_contains "JSON: unknown key of a token kept" "note: kept" "$(cat "$T/json.yaml")"

# 4. Things a hand-written file may hold that we never write back.
printf '%s\n' 'version: 1' 'https://dagshub.com:' \
	'- {access_token: t1, expiry: 2099-01-01T00:00:00.5Z, token_type: bearer}' \
	'- {access_token: t2, expiry: "2099-06-01T12:00:00+03:00", token_type: bearer}' \
	'- {access_token: t3, token_type: app-token, nested: {a: 1}, n: 12, s: "12"}' \
	> "$T/hand.yaml"
"$ROUNDTRIP" "$T/hand.yaml" > "$T/hand.out" 2>"$T/hand.err"; rc=$?
check_eq "hand-written file is rewritten" 0 "$rc"
h=$(cat "$T/hand.out")
check_contains "integer version is written as the string '1'" "version: '1'" "$h"
check_contains "unquoted timestamp is written quoted" \
	"expiry: '2099-01-01T00:00:00.500000Z'" "$h"
check_contains "an expiry with an offset is written in UTC with Z" \
	"expiry: '2099-06-01T09:00:00.000000Z'" "$h"
check_not_contains "no offset is written" "+03:00" "$h"
check_contains "app-token without expiry gets 'never'" "expiry: never" "$h"
check_contains "a plain integer extra stays an integer" "  n: 12" "$h"
check_contains "a quoted number extra stays a string" "  s: '12'" "$h"
check_not_contains "a nested extra is dropped" "nested" "$h"
check "the client's loader reads the rewrite" pyok "$T/hand.out"

# 5. A file without version gets one; keys normalise and merge.
printf '%s\n' 'https://DagsHub.com/:' '- access_token: a' '  expiry: never' \
	'  token_type: app-token' > "$T/nov.yaml"
"$ROUNDTRIP" "$T/nov.yaml" > "$T/nov.out"
check_eq "missing version: read as '1', written, key normalised" \
	"https://dagshub.com:
- access_token: a
  expiry: never
  token_type: app-token
version: '1'" "$(cat "$T/nov.out")"

# 6. Broken input: file, line and column; another version is named.
printf 'https://dagshub.com:\n- access_token: [x\n' > "$T/broken.yaml"
"$ROUNDTRIP" "$T/broken.yaml" > /dev/null 2>"$T/broken.err"; rc=$?
check_eq "a file that does not parse is an error" 1 "$rc"
check_contains "the error names file:line:column" "$T/broken.yaml:3:1:" \
	"$(cat "$T/broken.err")"
printf "version: '2'\n" > "$T/v2.yaml"
"$ROUNDTRIP" "$T/v2.yaml" > /dev/null 2>"$T/v2.err"; rc=$?
check_eq "another version is refused" 1 "$rc"
check_contains "the message names the version" "version '2'" "$(cat "$T/v2.err")"

# 7. Tokens the client cannot load block a rewrite (nothing is lost).
printf '%s\n' 'https://dagshub.com:' '- access_token: a' '  expiry: never' \
	'  token_type: app-token' '- access_token: b' '  token_type: bearer' \
	> "$T/nobexp.yaml"
"$ROUNDTRIP" "$T/nobexp.yaml" > /dev/null 2>"$T/nobexp.err"; rc=$?
check_eq "a bearer token without expiry blocks the write" 3 "$rc"
check_contains "the message names the line" "nobexp.yaml:5:" "$(cat "$T/nobexp.err")"
printf '%s\n' 'https://dagshub.com:' '- access_token: a' '  expiry: never' \
	'  token_type: weird' > "$T/weird.yaml"
"$ROUNDTRIP" "$T/weird.yaml" > /dev/null 2>"$T/weird.err"; rc=$?
check_eq "an unknown token_type blocks the write" 3 "$rc"

done_testing
