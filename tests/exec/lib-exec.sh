# tests/exec/lib-exec.sh - sourced by the exec tests after tests/lib.sh:
# commands as shell scripts in a private folder, and configs whose only
# (or first) entry runs them.

BIN="$T/bin"
mkdir -p "$BIN"
chmod 755 "$BIN"

# mkcmd NAME  (stdin: the script's body after "#!/bin/sh") -> $BIN/NAME, 0755
mkcmd() {
	{ echo '#!/bin/sh'; cat; } > "$BIN/$1"
	chmod 755 "$BIN/$1"
}

# exec_config FILE COMMAND-LIST [MORE-ARGS]  e.g.
#   exec_config "$C" "\"$BIN/tok\"" 'timeout = 2;'
exec_config() {
	{
		conf_header
		printf 'providers = ( { module = "exec"; args = { command = [ %s ]; %s }; } );\n' \
			"$2" "${3:-}"
	} | write_config "$1"
}

# The process group of a command that wrote its $$ to FILE (it is its
# group's leader): what is still running in it.  A killed process whose
# parent died too is a zombie until init reaps it: not running, so not
# counted.
left_in_group() {
	[ -s "$1" ] || { echo "no pid file $1"; return; }
	ps -eo pid=,pgid=,stat=,args= | awk -v g="$(cat "$1")" '$2 == g && $3 !~ /^Z/'
}

# Whether the process in FILE still runs (a zombie does not).
still_running() {
	[ -s "$1" ] && ps -o stat= -p "$(cat "$1")" 2>/dev/null | grep -qv '^Z'
}
