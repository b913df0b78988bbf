#!/bin/sh
# tests/fuzz/fuzz.sh - fuzz the parsers with clang's libFuzzer, under
# AddressSanitizer and UndefinedBehaviorSanitizer.  Not part of
# `make check` (which only replays the seed corpora, with gcc).
#
#   tests/fuzz/fuzz.sh [-t SECONDS] [TARGET...]
#
# TARGET is host, config, cache or expiry (default: all four, one after
# the other), each run for SECONDS (default 60).  Needs clang (Debian:
# apt-get install clang; not in scripts/install-deps) and a source tree
# with ./configure (autoreconf -fi).  It configures its own build of the
# library with clang in $FUZZ_BUILD (default /tmp/dagshub-auth-fuzz),
# starts each target on a fresh copy of tests/fuzz/corpus/fuzz_TARGET
# (new inputs land in $FUZZ_BUILD/corpus-TARGET, never in the tree) and
# stops at the first crash, leak or broken invariant; the input that did
# it is saved as $FUZZ_BUILD/crash-TARGET-*.  Replay one with
#   $FUZZ_BUILD/fuzz_TARGET FILE
# and, once fixed, keep it as a regression test by copying it into
# tests/fuzz/corpus/fuzz_TARGET/.  Extra libFuzzer options may be given in
# FUZZ_ARGS (e.g. FUZZ_ARGS=-jobs=4).
set -eu

secs=60
while getopts t: opt; do
	case $opt in
	t) secs=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [host|config|cache|expiry]..." >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || set -- host config cache expiry token

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-${TMPDIR:-/tmp}/dagshub-auth-fuzz}
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz.sh: clang is not installed (apt-get install clang)" >&2
	exit 77
fi
if [ ! -x "$top/configure" ]; then
	echo "fuzz.sh: run autoreconf -fi in $top first" >&2
	exit 2
fi

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
mkdir -p "$build"
cd "$build"
# The library itself is instrumented for coverage (fuzzer-no-link), so
# libFuzzer sees the branches of the config loader and host code.
if [ ! -f Makefile ]; then
	echo "fuzz.sh: configuring a clang build in $build"
	"$top/configure" --enable-silent-rules CC=clang \
		CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san" LDFLAGS="$san" \
		>configure.log 2>&1 || { tail -20 configure.log; exit 1; }
fi
make -j"$(nproc)" core/builtin-conf.h core/libdagshub-auth.la >build.log 2>&1 ||
	{ tail -20 build.log; exit 1; }

cflags="-g -O1 -fsanitize=fuzzer $san -I$build -I$top/core/include -I$top"
lib="-L$build/core/.libs -ldagshub-auth -Wl,-rpath,$build/core/.libs"
yaml=$(pkg-config --cflags --libs yaml-0.1)
cache_src="$top/providers/cache/cachefile.c $top/providers/cache/cachefast.c
	$top/providers/cache/cachemodel.c $top/providers/cache/cacheemit.c"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TMPDIR="$build"
status=0
for t in "$@"; do
	case $t in
	host|config) src="$top/tests/fuzz/fuzz_$t.c"; libs=$lib ;;
	cache) src="$top/tests/fuzz/fuzz_cache.c $cache_src"; libs="$lib $yaml" ;;
	expiry) src="$top/tests/fuzz/fuzz_expiry.c $top/providers/oauth/expiry.c $cache_src"
		libs=$yaml ;;
	token) src="$top/tests/fuzz/fuzz_token.c $top/core/token.c $top/core/error.c
		$top/core/escape.c -I$top/core $(pkg-config --cflags libconfig)"
		libs= ;;
	*) echo "fuzz.sh: unknown target $t" >&2; exit 2 ;;
	esac
	# shellcheck disable=SC2086 # word lists on purpose
	clang $cflags -o "fuzz_$t" $src $libs
	rm -rf "corpus-$t"
	mkdir "corpus-$t"
	cp "$top/tests/fuzz/corpus/fuzz_$t"/* "corpus-$t/"
	echo "fuzz.sh: fuzzing $t for ${secs}s"
	# shellcheck disable=SC2086
	"./fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/crash-$t-" \
		${FUZZ_ARGS:-} "corpus-$t" >"fuzz-$t.log" 2>&1 || status=1
	grep -E '^stat::number_of_executed_units|^Done|ERROR|invariant' \
		"fuzz-$t.log" || :
	[ "$status" = 0 ] || { tail -40 "fuzz-$t.log"; exit 1; }
done
exit "$status"
