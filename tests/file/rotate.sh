#!/bin/sh
# The file provider follows a rotation at once from a long-lived handle:
# a simulated Kubernetes secret volume (the kubelet's atomic writer: a new
# hidden folder, the ..data symlink swapped by rename) and a simulated
# Vault Agent sink (write a temporary file, rename it over the sink), each
# rotated many times while one program asks in a loop.  It must switch to
# each new token on its next get, and never see an empty, missing or
# mixed token.
. "$top_srcdir/tests/lib.sh"

ROTLOOP="$top_builddir/tests/file/rotloop"
C="$T/auth.conf"
N=25

# Tokens of different lengths, so a mix of two would show.
tok() { printf 'tok_%s_%d_%0*d' "$1" "$2" $(( ($2 % 7) * 9 + 1 )) 0; }
toks() { i=1; while [ $i -le $N ]; do tok "$1" $i; echo; i=$((i + 1)); done; }

file_config() {
	{
		conf_header
		printf 'providers = ( { module = "file"; args = { path = "%s"; }; } );\n' "$1"
	} | write_config "$C"
}

# run_loop KIND ROTATE-FUNCTION: starts the loop, rotates N-1 times, stops.
run_loop() {
	D="$T/marks-$1"
	mkdir -p "$D"
	: > "$D/at-1"
	# shellcheck disable=SC2046
	timeout 120 "$ROTLOOP" "$C" "$D" $(toks "$1") > "$T/loop-$1.out" 2> "$T/loop-$1.err" &
	lp=$!
	sleep 0.3
	i=2
	while [ $i -le $N ]; do
		"$2" $i
		: > "$D/at-$i"
		sleep 0.05
		i=$((i + 1))
	done
	sleep 0.2
	: > "$D/stop"
	wait $lp
	loop=$(cat "$T/loop-$1.out")
}

# ---- Kubernetes secret volume ----
V="$T/pod/secrets/dagshub"
mkdir -p "$V/..2026_12_01_00_00_00.1"
tok k8s 1 > "$V/..2026_12_01_00_00_00.1/token"
ln -s ..2026_12_01_00_00_00.1 "$V/..data"
ln -s ..data/token "$V/token"
k8s_rotate() {
	new="..2026_12_01_00_00_$1.$$"
	old=$(readlink "$V/..data")
	mkdir "$V/$new"
	tok k8s "$1" > "$V/$new/token"
	ln -s "$new" "$V/..data_tmp"
	mv -T "$V/..data_tmp" "$V/..data"
	rm -rf "${V:?}/$old"
}
file_config "$V/token"
run_loop k8s k8s_rotate
n_gets=$(echo "$loop" | sed -n 's/^gets //p')
check "kubelet ..data swap: the loop asked many times ($n_gets)" test "${n_gets:-0}" -gt $N
check_eq "... it saw every token, in order" "seen $(seq -s ' ' 1 $N)" "$(echo "$loop" | sed -n '/^seen/p' | sed 's/ *$//')"
check_eq "... never an empty, missing or mixed one" "bad 0" "$(echo "$loop" | grep '^bad')"
check_eq "... never an old one after a swap" "stale 0" "$(echo "$loop" | grep '^stale')"
run_cli -c "$C" explain
check_contains "explain names the link and the file it resolved to" \
	"from $V/token (-> $V/..2026_12_01_00_00_$N.$$/token; read)" "$out"
check_not_contains "no warning for a readable file in a secret volume" "readable by" "$out"

# ---- Vault Agent sink ----
S="$T/vault/agent"
mkdir -p "$S"
chmod 700 "$S"
tok vault 1 > "$S/token"
vault_rotate() {
	# Vault Agent's file sink: a temporary file, then rename(2).
	( umask 077; tok vault "$1" > "$S/.token.tmp.$1" )
	mv "$S/.token.tmp.$1" "$S/token"
}
file_config "$S/token"
run_loop vault vault_rotate
n_gets=$(echo "$loop" | sed -n 's/^gets //p')
check "Vault Agent sink: the loop asked many times ($n_gets)" test "${n_gets:-0}" -gt $N
check_eq "... it saw every token, in order" "seen $(seq -s ' ' 1 $N)" "$(echo "$loop" | sed -n '/^seen/p' | sed 's/ *$//')"
check_eq "... never an empty, missing or mixed one" "bad 0" "$(echo "$loop" | grep '^bad')"
check_eq "... never an old one after a rename" "stale 0" "$(echo "$loop" | grep '^stale')"

done_testing
