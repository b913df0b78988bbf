#!/bin/sh
# Symlinks planted where the writer creates files are never followed:
# the lock file, and the temporary file (its random name is made
# predictable with an LD_PRELOAD shim, fixed_random.so).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

SHIM="$top_builddir/tests/cache/.libs/fixed_random.so"
DIR=$(dirname "$CACHE")
TMPNAME="$DIR/.tokens.tmp-aaaaaaaaaaaa"   # what the shim makes it pick
# A sanitizer build must accept a preloaded library ahead of its runtime.
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"
export ASAN_OPTIONS

login_tok "seed-token"
check_eq "a cache file to protect exists" 0 "$rc"
cp "$CACHE" "$T/orig"
printf 'victim\n' > "$T/victim"

# ---- the lock file ----
ln -s "$T/victim" "$CACHE.lock.new" && mv -f "$CACHE.lock.new" "$CACHE.lock"
login_tok "via-lock-link"
check_eq "a symlink at the lock file: login fails (exit 3)" 3 "$rc"
check_contains "the message says it is a symlink" "symlink" "$err"
check_eq "the symlink's target is untouched" "victim" "$(cat "$T/victim")"
check "the cache is untouched" cmp -s "$T/orig" "$CACHE"
rm -f "$CACHE.lock"
ln -s "$T/made-by-lock-link" "$CACHE.lock"
login_tok "via-dangling-lock-link"
check "a dangling symlink at the lock file creates nothing" \
	test ! -e "$T/made-by-lock-link"
rm -f "$CACHE.lock"

# ---- the temporary file ----
if [ ! -f "$SHIM" ]; then
	skip "temporary-file symlink tests" "fixed_random.so not built"
	done_testing
fi
ln -s "$T/victim" "$TMPNAME"
# Control: with every name forced to the planted one, the writer must
# give up, which proves the shim works and O_EXCL|O_NOFOLLOW refuses it.
out=$(printf 'forced\n' | FIXED_RANDOM_ALWAYS=1 LD_PRELOAD="$SHIM" timeout 60 \
	"$DAGSHUB_AUTH" login --token-stdin --no-validate 2>&1) && rc=0 || rc=$?
check_eq "only the planted name available: login fails (exit 3)" 3 "$rc"
check_contains "it says every name tried exists" "every name tried exists" "$out"
check_eq "the symlink's target is untouched" "victim" "$(cat "$T/victim")"
check "the cache is untouched" cmp -s "$T/orig" "$CACHE"
check "the planted symlink is still there" test -L "$TMPNAME"

# First try at the planted name, then random names: login succeeds
# without following the symlink.
out=$(printf 'past-the-link\n' | LD_PRELOAD="$SHIM" timeout 60 \
	"$DAGSHUB_AUTH" login --token-stdin --no-validate 2>&1) && rc=0 || rc=$?
check_eq "planted name tried first: login still succeeds" 0 "$rc"
check_eq "the symlink's target is untouched" "victim" "$(cat "$T/victim")"
check "the planted symlink is left as it was" test -L "$TMPNAME"
run_cli token --host https://dagshub.com
check_eq "the token went into the real cache" "seed-token" "$out"
check_contains "both tokens are stored" "past-the-link" "$(cat "$CACHE")"
check_eq "the cache is a regular file of mode 0600" "regular file 600" \
	"$(stat -c '%F %a' "$CACHE")"

# A dangling symlink at the planted name: nothing is created through it.
rm -f "$TMPNAME"
ln -s "$T/made-by-tmp-link" "$TMPNAME"
out=$(printf 'dangling\n' | LD_PRELOAD="$SHIM" timeout 60 \
	"$DAGSHUB_AUTH" login --token-stdin --no-validate 2>&1) && rc=0 || rc=$?
check_eq "dangling symlink at the temporary name: login succeeds" 0 "$rc"
check "nothing is created through the dangling symlink" \
	test ! -e "$T/made-by-tmp-link"

done_testing
