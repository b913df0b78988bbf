#!/bin/sh
# The system file decides whether a user's own file is read
# (allow_user_config), and is itself held to the ownership/mode rule.
# Uses tests/core/dagshub-auth-sysconf: the CLI built with its system
# config folder at $top_builddir/tests/core/sysconf.
. "$top_srcdir/tests/lib.sh"

CLI="$top_builddir/tests/core/dagshub-auth-sysconf"
SYS="$top_builddir/tests/core/sysconf/dagshub/auth.conf"
USER_FILE="$XDG_CONFIG_HOME/dagshub/auth.conf"
rm -rf "$top_builddir/tests/core/sysconf"
cleanup_sysconf() { rm -rf "$top_builddir/tests/core/sysconf"; }
at_exit cleanup_sysconf

sysrun() { out=$(timeout 20 "$CLI" "$@" 2>"$T/err") && rc=0 || rc=$?; err=$(cat "$T/err"); }
export SYS_TOKEN=from-system-file-1234 USER_TOKEN=from-user-file-5678

{ conf_header; echo 'providers = ( { module = "env"; args = { variable = "USER_TOKEN"; }; } );'; } |
	write_config "$USER_FILE"

sysrun token
check_eq "no system file: the user's file is read" "from-user-file-5678" "$out"

{ conf_header; echo 'allow_user_config = false;'
  echo 'providers = ( { module = "env"; args = { variable = "SYS_TOKEN"; }; } );'; } |
	write_config "$SYS"
sysrun token
check_eq "allow_user_config = false: the system file is used" "from-system-file-1234" "$out"
sysrun explain
check_contains "explain names the system file" "config: $SYS" "$out"
check_contains "explain says the user's file is ignored, and why" \
	"$USER_FILE is ignored: $SYS sets allow_user_config = false" "$out"

sed -i 's/allow_user_config = false/allow_user_config = true/' "$SYS"
sysrun token
check_eq "allow_user_config = true: the user's file wins" "from-user-file-5678" "$out"

rm "$USER_FILE"
sysrun token
check_eq "no user file: the system file" "from-system-file-1234" "$out"

chmod 664 "$SYS"
sysrun token
check_eq "a group-writable system file: exit 2" 2 "$rc"
check_contains "...refused with the reason" "config file $SYS is refused: it is writable by its group" "$err"
chmod 600 "$SYS"

DAGSHUB_AUTH_CONFIG="$T/none.conf" sysrun token
check_contains "DAGSHUB_AUTH_CONFIG wins over the system file" "config file $T/none.conf: No such file" "$err"
done_testing
