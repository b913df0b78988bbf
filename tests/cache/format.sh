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
#    80 columns, escapes, line breaks, extras).  The writer is libyaml's
#    emitter, PyYAML's C dumper: every rewrite is byte for byte what
#    yaml.dump(Dumper=CDumper) writes, and loads to the same data in the
#    client's loader.  (PyYAML's pure-Python dumper may fold a long quoted
#    string elsewhere; the meaning is the same.)
mkdir -p "$T/fuzz"
timeout 120 "$PY" "$top_srcdir/tests/cache/pyyaml_fuzz.py" "$T/fuzz" 300 20261127
rt_all() { # DIR: rewrites every DIR/*.yaml to DIR/*.yaml.out; prints failures
	for f in "$1"/*.yaml; do
		"$ROUNDTRIP" "$f" > "$f.out" 2>"$f.err" || echo "$(basename "$f")"
	done
}
check_eq "every PyYAML-written file is read and rewritten" "" "$(rt_all "$T/fuzz")"
check_eq "300 PyYAML-written files exist" 300 "$(ls "$T"/fuzz/*.yaml | wc -l)"
timeout 300 "$PY" "$top_srcdir/tests/cache/pyyaml_compare.py" "$T"/fuzz/*.yaml > "$T/cmp"
check_contains "every rewrite = PyYAML's C dumper, byte for byte" "cdumper-differ 0" "$(cat "$T/cmp")"
check_contains "every rewrite loads to the same data in PyYAML" "meaning-differ 0" "$(cat "$T/cmp")"
# the fuzz corpus really exercises the hard cases
check "corpus has folded double-quoted lines" grep -lq '\\$' "$T"/fuzz/*.yaml
check "corpus has single-quoted numbers" grep -lq "access_token: '[0-9]*'$" "$T"/fuzz/*.yaml
check "corpus has \\x escapes" grep -lq '\\x[0-9A-F][0-9A-F]' "$T"/fuzz/*.yaml

# 2b. Ordinary tokens (what real files hold): byte for byte what the
#     client's default pure-Python yaml.dump wrote.
mkdir -p "$T/ord"
timeout 120 "$PY" "$top_srcdir/tests/cache/pyyaml_fuzz.py" "$T/ord" 200 20261201 ordinary
check_eq "ordinary files are read and rewritten" "" "$(rt_all "$T/ord")"
timeout 300 "$PY" "$top_srcdir/tests/cache/pyyaml_compare.py" "$T"/ord/*.yaml > "$T/cmpo"
check_contains "ordinary tokens: every rewrite = PyYAML's pure-Python dump" \
	"python-same 200" "$(cat "$T/cmpo")"
check "ordinary corpus has quoted numbers and booleans" \
	grep -lq "access_token: '\(yes\|1234567890\|null\)'$" "$T"/ord/*.yaml

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

# 4b. An extra with an explicit tag keeps the data the tag gives it:
#     `!!str 12` is the string '12' (written quoted), other standard tags
#     keep their meaning (written plain when that reads the same, else
#     with the tag), and `!` resolves as a plain scalar in PyYAML.
cat > "$T/tags.yaml" <<'YAML'
https://dagshub.com:
- access_token: t4
  al: &a !!str 13
  al2: *a
  bin: !!binary aGVsbG8=
  bo: !!bool "yes"
  d: !!str 2001-01-01
  e: !!str ''
  expiry: never
  f: !!float 1
  f2: !!float "1.5"
  i: !!int "12"
  n: !!str 12
  nl: !!null ""
  ns1: ! 12
  ns2: ! '12'
  ps: !!python/str x
  token_type: app-token
  ts: !!timestamp "2001-01-02"
  y: !!str yes
version: '1'
YAML
"$ROUNDTRIP" "$T/tags.yaml" > "$T/tags.out" 2>"$T/tags.err"; rc=$?
check_eq "a file with tagged extras is rewritten" 0 "$rc"
h=$(cat "$T/tags.out")
check_contains "!!str 12 is written as the string '12'" "  n: '12'" "$h"
check_contains "!!str yes is written as the string 'yes'" "  y: 'yes'" "$h"
check_contains "an alias of a !!str scalar is a string too" "  al2: '13'" "$h"
check_contains "!!int \"12\" is written as the integer 12" "  i: 12" "$h"
check_contains "!!float 1 keeps its tag (plain 1 would be an int)" "  f: !!float" "$h"
"$PY" - "$T/tags.yaml" "$T/tags.out" > "$T/tags.cmp" 2>&1 <<'PYEOF'
import sys, yaml
a = yaml.load(open(sys.argv[1]), yaml.Loader)
b = yaml.load(open(sys.argv[2]), yaml.Loader)
if a == b:
    print("same")
else:
    ta, tb = a["https://dagshub.com"][0], b["https://dagshub.com"][0]
    for k in sorted(set(ta) | set(tb)):
        if ta.get(k) != tb.get(k):
            print("%s: %r became %r" % (k, ta.get(k), tb.get(k)))
PYEOF
check_eq "tagged extras: the rewrite loads to the same data in PyYAML" \
	"same" "$(cat "$T/tags.cmp")"
check "tagged extras: the client's loader reads the rewrite" pyok "$T/tags.out"

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

# 7b. A day the month does not have is an expiry the client cannot load
#     (dateutil, strptime: "day is out of range for month"), like any
#     other bad expiry: the write is blocked, never "corrected".
exp_file() { # NAME EXPIRY: a bearer token with that expiry in $T/NAME.yaml
	printf '%s\n' 'https://dagshub.com:' '- access_token: a' \
		"  expiry: '$2'" '  token_type: bearer' > "$T/$1.yaml"
}
exp_file feb31 2099-02-31T00:00:00.000000Z
pyok "$T/feb31.yaml" 2>/dev/null && rc=0 || rc=1
check_eq "the client's loader refuses 2099-02-31 too" 1 "$rc"
"$ROUNDTRIP" "$T/feb31.yaml" > "$T/feb31.out" 2>"$T/feb31.err"; rc=$?
check_eq "an expiry of 2099-02-31 blocks the write" 3 "$rc"
check_contains "... and the message names its line and the expiry" \
	"feb31.yaml:2: the token of https://dagshub.com at line 2 has an expiry" \
	"$(cat "$T/feb31.err")"
check_not_contains "... it is not rewritten as March 3" "2099-03-03" "$(cat "$T/feb31.out")"
for bad in 2100-02-29 2099-04-31 2099-06-31 2099-09-31 2099-11-31; do
	exp_file bad "${bad}T00:00:00.000000Z"
	"$ROUNDTRIP" "$T/bad.yaml" > /dev/null 2>&1; rc=$?
	check_eq "an expiry of $bad blocks the write" 3 "$rc"
done
for good in 2096-02-29 2000-02-29 2099-02-28 2099-01-31 2099-12-31; do
	exp_file good "${good}T00:00:00.000000Z"
	"$ROUNDTRIP" "$T/good.yaml" > "$T/good.out" 2>&1; rc=$?
	check_eq "an expiry of $good is read and written back as it was" \
		"0 expiry: '${good}T00:00:00.000000Z'" \
		"$rc $(grep expiry "$T/good.out" | sed 's/^ *//')"
done

# 8. The writer's own checks (whatever its caller let through).
printf '%s\n' 'https://dagshub.com:' '- access_token: a' '  expiry: never' \
	'  token_type: app-token' > "$T/ok.yaml"
"$ROUNDTRIP" "$T/ok.yaml" https://h.example b bearer 0 > /dev/null 2>"$T/w.err"; rc=$?
check_eq "the writer refuses a bearer token without expiry" 3 "$rc"
check_contains "... and says why" "bearer token without an expiry" "$(cat "$T/w.err")"
"$ROUNDTRIP" "$T/ok.yaml" https://h.example b weird 0 > /dev/null 2>"$T/w.err"; rc=$?
check_eq "the writer refuses a token_type other than app-token/bearer" 3 "$rc"
"$ROUNDTRIP" "$T/ok.yaml" https://h.example "$(printf 'b\377')" app-token 0 > /dev/null 2>"$T/w.err"; rc=$?
check_eq "the writer refuses a value that is not UTF-8" 3 "$rc"
"$ROUNDTRIP" "$T/ok.yaml" https://h.example 2099-01-01 bearer 4070908800000000 > "$T/w.out"; rc=$?
check_eq "a token that reads as a date is written" 0 "$rc"
check_contains "... single-quoted, with its expiry quoted in UTC" "- access_token: '2099-01-01'
  expiry: '2099-01-01T00:00:00.000000Z'
  token_type: bearer" "$(cat "$T/w.out")"
check "... and the client's loader reads it" pyok "$T/w.out"
check_eq "the file ends in one newline, has no --- and no CR" "0 0 1" \
	"$(grep -c -- '^---' "$T/w.out") $(grep -c "$(printf '\r')" "$T/w.out") $(tail -c1 "$T/w.out" | wc -l)"
printf '' > "$T/empty.yaml"
"$ROUNDTRIP" "$T/empty.yaml" > "$T/e.out"
check_eq "an empty model is written as the version alone (never an empty file)" \
	"version: '1'" "$(cat "$T/e.out")"

# 9. What the event reader must still read: aliases of scalars, a long
#    host key (written back as a complex key, as the C dumper does).
k="https://dagshub.example.corp/$(printf 'p%.0s' $(seq 130))"
printf '%s:\n- access_token: &a t1\n  expiry: never\n  token_type: app-token\n- access_token: *a\n  expiry: never\n  token_type: app-token\n' "$k" > "$T/alias.yaml"
"$ROUNDTRIP" "$T/alias.yaml" > "$T/alias.out"; rc=$?
check_eq "an alias of a scalar is read" 0 "$rc"
check_contains "a long key is written as a complex key" "? $k" "$(cat "$T/alias.out")"
check_eq "the client reads both tokens of the long key" "2" "$(pyload "$T/alias.out" | grep -c ' t1$')"
printf 'https://a.example:\n- access_token: *nope\n' > "$T/alias2.yaml"
"$ROUNDTRIP" "$T/alias2.yaml" > /dev/null 2>"$T/alias2.err"; rc=$?
check_eq "an undefined alias is an error" 1 "$rc"
check_contains "... that says where" "alias2.yaml:2:17: found undefined alias" "$(cat "$T/alias2.err")"

done_testing
