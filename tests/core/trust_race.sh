#!/bin/sh
# A module swapped between the check and the load never runs.
#
# The attack (issue 8, finding 1): a symlink named as the module, flipped
# in a loop between a trusted module and an attacker's .so whose
# constructor leaves a marker.  The code this replaced checked the name
# with stat() and then dlopen()ed the name again; the attacker's
# constructor ran as the victim within a few dozen runs.
#
# Two runs of 500, the CLI each time as a third uid (the victim):
#
# 1. The setting: the folder holding the symlink is owned by the
#    attacker, who flips it.  The folder rule now refuses that folder
#    outright, every time - which proves the folder rule, but not that
#    the load is race-free (nothing is ever loaded).
#
# 2. What really proves the TOCTOU fix: a race that stays inside what the
#    rules allow.  The folder is the victim's own and the flipping loop
#    runs as the victim (think of a deploy script swapping a link); the
#    targets are a good module and a .so that sits in a root-owned folder
#    but is owned by the attacker, so the FILE check refuses it.  Both
#    outcomes must happen (the race is real: some runs get the token, some
#    are refused naming the attacker's uid), and the marker never appears:
#    whatever file the check saw is the file that was loaded.  With a
#    check by name and a load by name this fails.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/core/trust_lib.sh"
trust_need_root "symlink race tests"

RUNS=${TRUST_RACE_RUNS:-500}
chmod 755 "$T"
mkdir -m 1777 "$T/mark"
MARK="$T/mark/evil-ran"

# A trusted module: root's, in root's folder.
mkdir -m 755 "$T/good"
cp "$top_builddir/providers/env/.libs/env.so" "$T/good/env.so"
chmod 755 "$T/good/env.so"

mkdir -m 755 "$T/bin"
build_evil_so "$T/bin/evil.so" "$MARK"
build_flipper "$T/bin/flip"
chmod 755 "$T/bin/evil.so" "$T/bin/flip"
# The victim must reach the CLI, and the build tree may be in a folder
# only root can enter (a clone in a mktemp -d folder): run a copy from
# $T.  The CLI links no library of the build tree (cli/local.mk), so the
# copy runs as it is; libtool's wrapper script (a build that does) is
# used in place.
if head -c 4 "$TRUST_CLI" | grep -q ELF; then
	cp "$TRUST_CLI" "$T/bin/dagshub-auth"
	chmod 755 "$T/bin/dagshub-auth"
	TRUST_CLI="$T/bin/dagshub-auth"
fi

# The victim's home and config.
mkdir -m 700 "$T/vhome"
chown "$VICTIM:$VICTIM" "$T/vhome"

# victim_runs CONF: runs the CLI $RUNS times as the victim; prints
# "<token answers> <refusals naming WANT> <other>".
victim_runs() {
	as "$VICTIM" env HOME="$T/vhome" XDG_CONFIG_HOME="$T/vhome/.config" \
		XDG_CACHE_HOME="$T/vhome/.cache" \
		XDG_STATE_HOME="$T/vhome/.state" \
		DAGSHUB_USER_TOKEN=good-token-0123456789 \
		sh -c '
		ok=0 refused=0 other=0 i=0
		while [ $i -lt "$1" ]; do
			out=$("$2" -c "$3" token 2>&1) && rc=0 || rc=$?
			case $rc:$out in
			0:good-token-0123456789) ok=$((ok + 1)) ;;
			*"$4"*) refused=$((refused + 1)) ;;
			*) other=$((other + 1)); last=$out ;;
			esac
			i=$((i + 1))
		done
		echo "$ok $refused $other"
		[ $other = 0 ] || printf "%s\n" "$last" >&2
		' sh "$RUNS" "$TRUST_CLI" "$1" "$2"
}

flipper=
stop_flipper() {
	[ -n "$flipper" ] && kill "$flipper" 2>/dev/null && wait "$flipper" 2>/dev/null
	flipper=
	return 0
}
at_exit stop_flipper

# ---- 1: the attacker's folder ----
mkdir -m 755 "$T/adir"
cp "$T/bin/evil.so" "$T/adir/evil.so"
chown -R "$ATTACKER:$ATTACKER" "$T/adir"
ln -s "$T/good/env.so" "$T/adir/mod.so"
chown -h "$ATTACKER:$ATTACKER" "$T/adir/mod.so"
printf 'version = 1;\nproviders = ( { module = "%s"; } );\n' "$T/adir/mod.so" > "$T/vhome/a.conf"
chown "$VICTIM:$VICTIM" "$T/vhome/a.conf"
chmod 600 "$T/vhome/a.conf"

# setpriv execs the flipper: $! is its pid (a shell function would not be)
setpriv --reuid="$ATTACKER" --regid="$ATTACKER" --clear-groups -- \
	"$T/bin/flip" "$T/adir/mod.so" "$T/good/env.so" "$T/adir/evil.so" </dev/null >/dev/null 2>&1 &
flipper=$!
res=$(victim_runs "$T/vhome/a.conf" "folder $T/adir is owned by uid $ATTACKER")
stop_flipper
set -- $res
echo "# attacker's folder: $1 token answers, $2 refusals naming the folder, $3 other in $RUNS runs"
check_eq "attacker's folder: $RUNS runs, every one refused naming the folder" \
	"0 $RUNS 0" "$res"
check "attacker's folder: the attacker's module never ran" test ! -e "$MARK"

# ---- 2: a race inside the rules ----
mkdir -m 755 "$T/bad"
cp "$T/bin/evil.so" "$T/bad/evil.so"
chown "$ATTACKER:$ATTACKER" "$T/bad/evil.so"
chmod 644 "$T/bad/evil.so"
mkdir -m 755 "$T/vdir"
ln -s "$T/good/env.so" "$T/vdir/mod.so"
chown -R -h "$VICTIM:$VICTIM" "$T/vdir"
printf 'version = 1;\nproviders = ( { module = "%s"; } );\n' "$T/vdir/mod.so" > "$T/vhome/v.conf"
chown "$VICTIM:$VICTIM" "$T/vhome/v.conf"
chmod 600 "$T/vhome/v.conf"

setpriv --reuid="$VICTIM" --regid="$VICTIM" --clear-groups -- \
	"$T/bin/flip" "$T/vdir/mod.so" "$T/good/env.so" "$T/bad/evil.so" </dev/null >/dev/null 2>&1 &
flipper=$!
res=$(victim_runs "$T/vhome/v.conf" "module $T/vdir/mod.so is refused: it is owned by uid $ATTACKER")
stop_flipper
set -- $res
echo "# race inside the rules: $1 token answers, $2 refusals, $3 other in $RUNS runs"
check_eq "race inside the rules: every run either answers or refuses the attacker's file" \
	"$RUNS" "$(($1 + $2))"
check "...the race was real: some runs saw the good module" test "$1" -gt 0
check "...and some saw the attacker's file (refused on its descriptor)" test "$2" -gt 0
check "race inside the rules: the attacker's module never ran" test ! -e "$MARK"

done_testing
