#!/bin/sh
# The exec provider's hard bound: a command that hangs, and one whose
# forked child hangs (ignoring SIGTERM), are killed with their whole
# process group within the timeout (+1 s for SIGKILL), nothing of them is
# left running, and explain says "timed out after N s".  A command that
# exits but leaves a child holding its stdout does not hold the answer
# back, and the child is killed.  Inside a long-lived host program, the
# host's signal dispositions, its mask and its own child are untouched
# and no child of the provider is left behind.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/exec/lib-exec.sh"

C="$T/auth.conf"
export DAGSHUB_AUTH_CONFIG="$C"
INPROC="$top_builddir/tests/exec/inproc"

now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# ---- a command that hangs ----
mkcmd hang <<EOS
echo \$\$ > "$T/hang.pid"
sleep 300
EOS
exec_config "$C" "\"$BIN/hang\"" 'timeout = 1;'
t0=$(now_ms)
run_cli token
t1=$(now_ms)
check_eq "a hanging command: no token" 1 "$rc"
check_contains "... error: timed out after 1 s" "timed out after 1 s" "$err"
# Bound: 1 s timeout + 1 s to SIGKILL + a loaded machine's slack.
check "... returned within the bound (took $((t1 - t0)) ms)" test $((t1 - t0)) -lt 8000
check_eq "... nothing of its process group is left" "" "$(left_in_group "$T/hang.pid")"

# ---- a command whose child hangs and ignores SIGTERM ----
mkcmd forks <<EOS
echo \$\$ > "$T/forks.pid"
trap '' TERM
sh -c 'trap "" TERM; echo \$\$ > "$T/forks.child"; exec sleep 300' &
wait
sleep 300
EOS
exec_config "$C" "\"$BIN/forks\"" 'timeout = 1;'
t0=$(now_ms)
run_cli explain
t1=$(now_ms)
check_contains "forking command: explain says timed out after 1 s" "timed out after 1 s" "$out"
check "... returned within the bound (took $((t1 - t0)) ms)" test $((t1 - t0)) -lt 8000
check_eq "... nothing of its process group is left" "" "$(left_in_group "$T/forks.pid")"
check "... it had forked its child" test -s "$T/forks.child"
check "... the child that ignored SIGTERM is gone too" eval '! still_running "$T/forks.child"'

# ---- exits with the token, leaves a child holding stdout ----
mkcmd lingers <<EOS
echo \$\$ > "$T/lingers.pid"
sleep 300 &
echo tok_lingers_0123456789
EOS
exec_config "$C" "\"$BIN/lingers\"" 'timeout = 20;'
t0=$(now_ms)
run_cli token
t1=$(now_ms)
check_eq "a command that exits leaving a child: its token" tok_lingers_0123456789 "$out"
check "... without waiting for the timeout (took $((t1 - t0)) ms)" test $((t1 - t0)) -lt 10000
check_eq "... and its child is killed" "" "$(left_in_group "$T/lingers.pid")"

# ---- the request's own deadline is not this test's business; the host ----
mkcmd tok <<'EOS'
echo tok_inproc_0123456789
EOS
exec_config "$C" "\"$BIN/tok\""
out=$(timeout 60 "$INPROC" "$C" 5 2>&1)
check_contains "in a host program: five gets give the token" "token tok_inproc_0123456789" "$out"
check_contains "... SIGPIPE's disposition is kept" "sigpipe_kept 1" "$out"
check_contains "... the SIGCHLD handler is kept" "sigchld_kept 1" "$out"
check_contains "... the signal mask is kept" "mask_kept 1" "$out"
check_contains "... the host's own child is not reaped" "own_child_kept 1" "$out"
check_contains "... no child of the provider is left" "children_left 0" "$out"
# A host that closed stdin: the command's descriptor is the lowest free
# one, 0, and must not be what the child's /dev/null replaces.
out=$(INPROC_CLOSE_STDIN=1 timeout 60 "$INPROC" "$C" 1 2>&1 </dev/null)
check_contains "in a host with fd 0 closed: the command runs, the token" \
	"token tok_inproc_0123456789" "$out"
check_contains "... no child of the provider is left" "children_left 0" "$out"
cp /bin/true "$BIN/tokbin" && chmod 755 "$BIN/tokbin"
exec_config "$C" "\"$BIN/tokbin\""
out=$(INPROC_CLOSE_STDIN=1 timeout 60 "$INPROC" "$C" 1 2>&1 </dev/null)
check_contains "... a binary (no #!) runs too: notfound, not a failed exec" \
	"printed nothing (exit 0)" "$out"
exec_config "$C" "\"$BIN/hang\"" 'timeout = 1;'
out=$(timeout 60 "$INPROC" "$C" 1 2>&1)
check_contains "in a host program: a hang times out" "timed out after 1 s" "$out"
check_contains "... the host's own child is not reaped" "own_child_kept 1" "$out"
check_contains "... no child of the provider is left" "children_left 0" "$out"
check_eq "... nothing of its process group is left" "" "$(left_in_group "$T/hang.pid")"

done_testing
