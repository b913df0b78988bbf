#!/bin/sh
# get() reads the cache file with a fast reader (providers/cache/
# cachefast.c) that must answer exactly as the full libyaml parse does, or
# decline and let the full parse answer.  Every file of a corpus (real
# PyYAML files, damaged ones, hand-made layouts: fastpath_files.py) is read
# three ways through DAGSHUB_AUTH_CACHE_READ (for tests only):
#   full  the full parse only;
#   auto  what users get (fast reader, full parse when it declines);
#   fast  the fast reader only: a declined file is an error saying so.
# auto must equal full byte for byte (tokens, types, expiries, messages
# with file:line:column, warnings, reasons with line numbers), and fast
# must equal full wherever it does not decline.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

NOW=1795000000000000 # 2026-11-18; the corpus' bearer tokens expire later
mkdir -p "$T/fz" "$T/c"
timeout 120 "$PY" "$top_srcdir/tests/cache/pyyaml_fuzz.py" "$T/fz" 200 4242
timeout 120 "$PY" "$top_srcdir/tests/cache/fastpath_files.py" "$T/fz" "$T/c" 4242

# answers MODE FILE: what one handle says for every host of FILE.hosts:
# the token, then the provider's reason (it names the token's line) and
# warnings; asked again after a list (the partial model kept for one host
# must not leak into list or into another host's answer).
answers() {
	{
		sed 's/^/get /' "$2.hosts"
		sed 's/^/why /' "$2.hosts"
		echo list
		sed 's/^/get /' "$2.hosts" | tac
	} | DAGSHUB_AUTH_CACHE_READ=$1 DAGSHUB_CLIENT_TOKENS_CACHE=$2 \
		timeout 60 "$CACHE_GET" "$CONF" "$NOW" 2>&1
}

n=0 fast=0 differ="" fastdiffer="" declined_fuzz=0 nfuzz=0 real_declined=""
otherbad=0 otherbad_err="" otherbad_fast=""
for f in "$T"/c/*.yaml; do
	n=$((n + 1))
	b=$(basename "$f" .yaml)
	answers full "$f" > "$T/full"
	answers auto "$f" > "$T/auto"
	answers fast "$f" > "$T/fast"
	cmp -s "$T/full" "$T/auto" || differ="$differ $b"
	case $b in fuzz-*) nfuzz=$((nfuzz + 1)) ;; esac
	if grep -q 'the fast reader declined' "$T/fast"; then
		case $b in
		fuzz-*) declined_fuzz=$((declined_fuzz + 1)) ;;
		real-*) real_declined="$real_declined $b" ;;
		esac
	else
		fast=$((fast + 1))
		cmp -s "$T/full" "$T/fast" || fastdiffer="$fastdiffer $b"
	fi
	case $b in
	otherbad-*)
		# the first host is intact; the second host's section is not
		otherbad=$((otherbad + 1))
		h=$(head -n 1 "$f.hosts")
		r=$(echo "get $h" | DAGSHUB_CLIENT_TOKENS_CACHE=$f \
			timeout 60 "$CACHE_GET" "$CONF" "$NOW")
		case $r in
		"none "*"error: $f:"[0-9]*:[0-9]*": "*) ;;
		*) otherbad_err="$otherbad_err $b" ;;
		esac
		grep -q 'the fast reader declined' "$T/fast" ||
			otherbad_fast="$otherbad_fast $b"
		;;
	esac
	[ -n "$differ$fastdiffer" ] && [ -z "${shown:-}" ] && {
		shown=1
		echo "# first difference ($b):"
		diff "$T/full" "$T/auto" | head -n 20 | sed 's/^/# /'
		diff "$T/full" "$T/fast" | head -n 20 | sed 's/^/# /'
	}
done
echo "# $n files; the fast reader answered $fast of them, declined" \
	"$declined_fuzz of $nfuzz PyYAML files"
check "the corpus has over 400 files" test "$n" -gt 400
check_eq "get (fast reader, full parse when it declines) = full parse" \
	"" "$differ"
check_eq "where the fast reader answers, it answers as the full parse" \
	"" "$fastdiffer"
# The fuzz files are awkward on purpose: any multi-line (folded) scalar
# makes the reader decline.  The real-* files are what the client writes.
check "the fast reader answers many files (not a path never taken)" \
	test "$fast" -gt $((n / 4))
check "the fast reader answers a third of the awkward PyYAML files" \
	test "$declined_fuzz" -lt $((nfuzz * 2 / 3))
check_eq "the fast reader answers every realistic PyYAML file" "" "$real_declined"
check_eq "a broken token of another host: get fails with file:line:column" \
	"" "$otherbad_err"
check_eq "a broken token of another host: the fast reader declines" \
	"" "$otherbad_fast"
check "the corpus has 60 files broken in another host" test "$otherbad" -eq 60

# Files the fast reader must take (else the 10,000-host target is lost).
for f in "$T"/c/special-fixture-python-client.yaml \
	"$T"/c/special-spellings.yaml "$T"/c/special-comments.yaml \
	"$T"/c/special-escapes.yaml; do
	r=$(echo "get https://dagshub.com" | DAGSHUB_AUTH_CACHE_READ=fast \
		DAGSHUB_CLIENT_TOKENS_CACHE=$f timeout 60 "$CACHE_GET" "$CONF" "$NOW")
	check_not_contains "fast reader takes $(basename "$f")" \
		"fast reader declined" "$r"
done
r=$(echo "get https://dagshub.com" | DAGSHUB_CLIENT_TOKENS_CACHE="$T/c/special-spellings.yaml" \
	timeout 60 "$CACHE_GET" "$CONF" "$NOW")
check_eq "five spellings of a host merged in file order, app-token first" \
	"token app-token 0 s1" "$r"
r=$(echo "get https://dagshub.com" | DAGSHUB_CLIENT_TOKENS_CACHE="$T/c/special-version2.yaml" \
	timeout 60 "$CACHE_GET" "$CONF" "$NOW")
check_contains "version '2' is refused, at its line" \
	"special-version2.yaml:5:10: cache file version '2' is not supported" "$r"
DAGSHUB_CLIENT_TOKENS_CACHE="$T/c/special-spellings.yaml" run_cli explain \
	--host https://dagshub.com
check_contains "the reason names the token's line in the file" \
	"app-token from $T/c/special-spellings.yaml (line 2)" "$out"

# A big file written by our writer / the bench's generator: fast, exact.
sh "$top_srcdir/bench/make-cache.sh" "$T/big" 2000
for h in https://dagshub.com https://h000001.example https://H001999.example/; do
	a=$(echo "get $h" | DAGSHUB_AUTH_CACHE_READ=fast DAGSHUB_CLIENT_TOKENS_CACHE="$T/big" \
		timeout 60 "$CACHE_GET" "$CONF" "$NOW")
	b=$(echo "get $h" | DAGSHUB_AUTH_CACHE_READ=full DAGSHUB_CLIENT_TOKENS_CACHE="$T/big" \
		timeout 60 "$CACHE_GET" "$CONF" "$NOW")
	check_eq "2,000 hosts, $h: fast reader = full parse" "$b" "$a"
done
check_contains "2,000 hosts: last host found" "bench-token-001999" "$a"
# a bad quote in one host of 2,000 breaks get for every host
sed '4002s/.*/- access_token: "bad \\q escape"/' "$T/big" > "$T/big-bad"
r=$(echo "get https://dagshub.com" | DAGSHUB_CLIENT_TOKENS_CACHE="$T/big-bad" \
	timeout 60 "$CACHE_GET" "$CONF" "$NOW")
check_contains "2,000 hosts, one broken far away: get fails at that line" \
	"$T/big-bad:4002:22: found unknown escape character" "$r"

# On one handle: get (partial model), the file changes, get again.
mkdir -p "$(dirname "$CACHE")"
cp "$T/c/special-spellings.yaml" "$CACHE.x"
mv "$CACHE.x" "$CACHE"
mkfifo "$T/in" "$T/outp"
timeout 60 "$CACHE_GET" "$CONF" "$NOW" < "$T/in" > "$T/outp" &
pid=$!
exec 3> "$T/in" 4< "$T/outp"
echo "get https://a.example" >&3; read -r l1 <&4
printf 'https://a.example:\n- access_token: changed\n  expiry: never\n  token_type: app-token\n' > "$CACHE.new"
mv "$CACHE.new" "$CACHE"
echo "get https://a.example" >&3; read -r l2 <&4
echo "get https://dagshub.com" >&3; read -r l3 <&4
exec 3>&- 4<&-
wait "$pid"
check_eq "one handle: first get" "token app-token 0 other" "$l1"
check_eq "one handle: the changed file is read again" "token app-token 0 changed" "$l2"
check_contains "one handle: another host after a partial read" "none -2" "$l3"

# The fast reader needs no libyaml, and the module loads libyaml only when
# it is called (cacheyaml.c): a get() of a file in the layout the Python
# client writes must not load it; the full parse does.
yamlloads() { # MODE: how many times ld.so opened libyaml for one get
	echo "get https://a.example" |
		LD_DEBUG=files DAGSHUB_AUTH_CACHE_READ=$1 DAGSHUB_CLIENT_TOKENS_CACHE=$CACHE \
		timeout 60 "$CACHE_GET" "$CONF" "$NOW" 2>&1 >/dev/null |
		grep -c 'file=libyaml' || :
}
check_eq "a fast get() does not load libyaml" 0 "$(yamlloads auto)"
check "the full parse loads libyaml on first use" test "$(yamlloads full)" -ge 1

done_testing
