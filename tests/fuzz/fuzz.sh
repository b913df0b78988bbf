#!/bin/sh
# tests/fuzz/fuzz.sh - fuzz the parsers with clang's libFuzzer, under
# AddressSanitizer and UndefinedBehaviorSanitizer.  Not part of
# `make check` (which only replays the seed corpora, with gcc); .ci/run
# runs it.
#
#   tests/fuzz/fuzz.sh [-t SECONDS] [-T TOTAL] [TARGET...]
#
# TARGET is the X of a tests/fuzz/fuzz_X.c (default: every one there; a
# new fuzz_X.c is picked up once tests/fuzz/local.mk builds
# tests/fuzz/fuzz_X).  Each runs for SECONDS (default 60), or for TOTAL
# seconds shared by all of them when that is less.  Needs clang (Debian:
# apt-get install clang; scripts/install-deps installs it).
#
# Works from any state of the checkout (fresh clone, in-tree build,
# tarball): the sources are copied to $FUZZ_BUILD/src (a git checkout's
# tracked and new source files, as they are in the work tree), configured
# there with clang in $FUZZ_BUILD/obj, and the targets are linked with
# libFuzzer from the objects automake builds for them (minus replay.c).
# $FUZZ_BUILD defaults to ${TMPDIR:-/tmp}/dagshub-auth-fuzz.
#
# Each target starts on a fresh copy of tests/fuzz/corpus/fuzz_X (new
# inputs land in $FUZZ_BUILD/corpus-X, never in the tree).  Every target
# runs; the script fails when any of them found a crash, a leak, a
# timeout (10 s on one input) or a broken invariant.  The input that did
# it is saved as $FUZZ_BUILD/X-crash-* (or X-leak-*, X-timeout-*; also
# printed as hex); replay one
# with $FUZZ_BUILD/fuzz_X FILE and, once fixed, keep it as a regression
# test by copying it into tests/fuzz/corpus/fuzz_X/.  Extra libFuzzer
# options may be given in FUZZ_ARGS (e.g. FUZZ_ARGS=-jobs=4).
set -eu

secs=60
total=
while getopts t:T: opt; do
	case $opt in
	t) secs=$OPTARG ;;
	T) total=$OPTARG ;;
	*) echo "usage: $0 [-t SECONDS] [-T TOTAL] [TARGET...]" >&2
	   exit 2 ;;
	esac
done
shift $((OPTIND - 1))

top=$(cd "$(dirname "$0")/../.." && pwd)
build=${FUZZ_BUILD:-${TMPDIR:-/tmp}/dagshub-auth-fuzz}
if [ $# -eq 0 ]; then
	for f in "$top"/tests/fuzz/fuzz_*.c; do
		[ -e "$f" ] || continue
		t=${f##*/fuzz_}
		set -- "$@" "${t%.c}"
	done
fi
[ $# -gt 0 ] || { echo "fuzz.sh: no tests/fuzz/fuzz_*.c" >&2; exit 2; }
if [ -n "$total" ] && [ $((total / $#)) -lt "$secs" ]; then
	secs=$((total / $#))
fi
if ! command -v clang >/dev/null 2>&1; then
	echo "fuzz.sh: clang is not installed (apt-get install clang)" >&2
	exit 77
fi

# ---- a pristine copy of the sources ----
src=$build/src obj=$build/obj
rm -rf "$src" "$obj"
mkdir -p "$src" "$obj"
if git -C "$top" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
	# Tracked files as they are now, and new (untracked, not ignored)
	# source files such as a fuzz target not yet committed; never build
	# products, which VPATH would take for up-to-date targets.
	{
		git -C "$top" ls-files -z
		git -C "$top" ls-files -z --others --exclude-standard -- \
			'*.c' '*.h' '*.am' '*.mk' '*.ac' '*.in' '*.sh' '*.py' \
			'*.conf' '*.def' 'tests/fuzz/corpus/*'
	} | (cd "$top" && xargs -0 sh -c 'for f; do [ -f "$f" ] && printf "%s\0" "$f"; done' sh) |
		tar -C "$top" --null -T - -cf - | tar -C "$src" -xf -
else
	# a tarball: everything, then undo an in-tree configure
	cp -a "$top/." "$src/"
	if [ -f "$src/config.status" ]; then
		make -C "$src" distclean >/dev/null 2>&1 || :
	fi
fi
if [ ! -x "$src/configure" ]; then
	echo "fuzz.sh: autoreconf in $src"
	(cd "$src" && autoreconf -fi) >"$build/autoreconf.log" 2>&1 ||
		{ tail -20 "$build/autoreconf.log"; exit 1; }
fi

san="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
cd "$obj"
# The library and the targets' own code are instrumented for coverage
# (fuzzer-no-link), so libFuzzer sees the branches of the parsers.
echo "fuzz.sh: configuring a clang build in $obj"
"$src/configure" --enable-silent-rules CC=clang \
	CFLAGS="-g -O1 -fsanitize=fuzzer-no-link $san" LDFLAGS="$san" \
	>configure.log 2>&1 || { tail -20 configure.log; exit 1; }
progs=
for t in "$@"; do
	[ -f "$src/tests/fuzz/fuzz_$t.c" ] ||
		{ echo "fuzz.sh: no tests/fuzz/fuzz_$t.c" >&2; exit 2; }
	progs="$progs tests/fuzz/fuzz_$t"
done
# shellcheck disable=SC2086
make -j2 core/builtin-conf.h $progs >build.log 2>&1 ||
	{ tail -30 build.log; echo "fuzz.sh: is each target in tests/fuzz/local.mk?" >&2; exit 1; }

# What automake built each target from, and links it with.
var() {
	printf 'print-var:\n\t@echo $(%s)\n' "$1" |
		make -s -f Makefile -f - print-var 2>/dev/null
}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:intercept_tls_get_addr=0}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
export TMPDIR="$build"
status=0 failed=
for t in "$@"; do
	v=tests_fuzz_fuzz_$t
	objs=
	for o in $(var "${v}_OBJECTS"); do
		case $o in
		*/replay.o|*-replay.o) ;; # the replay's main()
		*) objs="$objs $o" ;;
		esac
	done
	ldadd=$(var "${v}_LDADD")
	# libtool turns libdagshub-auth.la into the right -L/-l/rpath.
	# shellcheck disable=SC2086
	./libtool --quiet --mode=link clang -g -O1 -fsanitize=fuzzer $san \
		-no-install -o "$build/fuzz_$t" $objs $ldadd >>build.log 2>&1 ||
		{ tail -20 build.log; exit 1; }
	rm -rf "$build/corpus-$t"
	mkdir "$build/corpus-$t"
	if [ -d "$src/tests/fuzz/corpus/fuzz_$t" ]; then
		cp "$src/tests/fuzz/corpus/fuzz_$t"/* "$build/corpus-$t/" 2>/dev/null || :
	fi
	echo "fuzz.sh: fuzzing $t for ${secs}s"
	rc=0
	# shellcheck disable=SC2086
	"$build/fuzz_$t" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$build/$t-" \
		${FUZZ_ARGS:-} "$build/corpus-$t" >"$build/fuzz-$t.log" 2>&1 || rc=$?
	grep -E '^stat::number_of_executed_units|^Done|ERROR|invariant' \
		"$build/fuzz-$t.log" || :
	if [ "$rc" != 0 ]; then
		status=1 failed="$failed $t"
		tail -40 "$build/fuzz-$t.log"
		for a in "$build/$t"-crash-* "$build/$t"-leak-* "$build/$t"-timeout-* \
			"$build/$t"-oom-* "$build/$t"-slow-unit-*; do
			[ -f "$a" ] || continue
			echo "fuzz.sh: input kept as $a:"
			od -A d -t x1 "$a" | head -20
		done
	fi
done
[ "$status" = 0 ] || echo "fuzz.sh: found a problem in:$failed" >&2
exit "$status"
