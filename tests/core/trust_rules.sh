#!/bin/sh
# The folder rule (OpenSSH's safe_path) for modules, the HTTP module and
# configs; a config that is a FIFO; what a module name may hold.
#
# Every folder from the file up to / must be owned by root or the caller
# and not writable by group or others; a root-owned sticky folder (like
# /tmp) passes when what is in it passes.  Refusals name the folder, say
# why, and give the fix.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"

ENV_SO="$top_builddir/providers/env/.libs/env.so"
export DAGSHUB_USER_TOKEN=env-token-0123456789

# module_conf FILE MODULE: a chain of one entry
module_conf() {
	{ conf_header; printf 'providers = ( { module = "%s"; } );\n' "$2"; } |
		write_config "$1"
}

# ---- folders above a module ----
mkdir -m 775 "$T/gw"
chmod 775 "$T/gw" # whatever the umask
cp "$ENV_SO" "$T/gw/env.so"
chmod 755 "$T/gw/env.so"
module_conf "$T/gw.conf" "$T/gw/env.so"
run_cli -c "$T/gw.conf" token
check_eq "a module in a group-writable folder: no token" "1:" "$rc:$out"
check_contains "...the refusal names the folder, says why and the fix" \
	"module $T/gw/env.so is refused: folder $T/gw is writable by its group (mode 0775), who could replace what is in it; run: chmod g-w $T/gw" "$err"

mkdir "$T/ow"
chmod 757 "$T/ow"
cp "$ENV_SO" "$T/ow/env.so"
module_conf "$T/ow.conf" "$T/ow/env.so"
run_cli -c "$T/ow.conf" token
check_eq "a module in a world-writable folder: no token" "1:" "$rc:$out"
check_contains "...named, with the fix" \
	"folder $T/ow is writable by others (mode 0757), who could replace what is in it; run: chmod o-w $T/ow" "$err"

# A folder above the module's folder counts too.
mkdir -p "$T/gw/deeper"
cp "$ENV_SO" "$T/gw/deeper/env.so"
module_conf "$T/deep.conf" "$T/gw/deeper/env.so"
run_cli -c "$T/deep.conf" token
check_contains "a group-writable folder two levels up is refused by name" \
	"folder $T/gw is writable by its group" "$err"

# A symlink's target folders are checked: a link in a good folder to a
# module in a group-writable one is refused, naming the target's folder.
mkdir -m 755 "$T/links"
ln -s "$T/gw/env.so" "$T/links/env.so"
module_conf "$T/link.conf" "$T/links/env.so"
run_cli -c "$T/link.conf" token
check_eq "a symlink into a group-writable folder: no token" "1:" "$rc:$out"
check_contains "...the target's folder is named" \
	"module $T/links/env.so is refused: folder $T/gw is writable by its group" "$err"
# and a folder that is a symlink to such a folder
ln -s "$T/gw" "$T/gwlink"
module_conf "$T/dirlink.conf" "$T/gwlink/env.so"
run_cli -c "$T/dirlink.conf" token
check_contains "a folder symlink to a group-writable folder: refused by the real name" \
	"folder $T/gw is writable by its group" "$err"

# The same module from a good folder loads (the control).
mkdir -m 755 "$T/good"
cp "$ENV_SO" "$T/good/env.so"
module_conf "$T/good.conf" "$T/good/env.so"
run_cli -c "$T/good.conf" token
check_eq "the same module in a good folder answers" "env-token-0123456789" "$out"

# ---- the HTTP module ----
fake_start --token goodtok-0123456789:alice
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "env"; } );'; } | write_config "$T/http.conf"
cp "$top_builddir/core/http/.libs/http.so" "$T/gw/http.so"
chmod 755 "$T/gw/http.so"
out=$(DAGSHUB_USER_TOKEN=goodtok-0123456789 DAGSHUB_AUTH_HTTP_MODULE="$T/gw/http.so" \
	timeout 20 "$DAGSHUB_AUTH" -c "$T/http.conf" whoami 2>&1) && rc=0 || rc=$?
check_eq "an HTTP module in a group-writable folder: whoami fails (exit 3)" 3 "$rc"
check_contains "...naming the folder" \
	"HTTP module $T/gw/http.so is refused: folder $T/gw is writable by its group" "$out"
check_eq "...and nothing was sent" 0 "$(fake_count)"

# ---- configs ----
mkdir -m 775 "$T/cgw"
chmod 775 "$T/cgw"
module_conf "$T/cgw/c.conf" env
run_cli -c "$T/cgw/c.conf" token
check_eq "a config in a group-writable folder: exit 2" 2 "$rc"
check_contains "...naming the folder" \
	"config file $T/cgw/c.conf is refused: folder $T/cgw is writable by its group (mode 0775)" "$err"
check_eq "...and no token is printed" "" "$out"

# A relative config name is checked from the current folder.
out=$(cd "$T" && timeout 20 "$DAGSHUB_AUTH" -c good.conf token 2>&1) && rc=0 || rc=$?
check_eq "a relative config path is read" "env-token-0123456789" "$out"
out=$(cd "$T/cgw" && timeout 20 "$DAGSHUB_AUTH" -c c.conf token 2>&1) && rc=0 || rc=$?
check_contains "...and its folders checked" "folder $T/cgw is writable by its group" "$out"

# A FIFO as the config: refused at once (nothing would ever write to it).
mkfifo "$T/fifo.conf"
start=$(date +%s)
out=$(timeout 20 "$DAGSHUB_AUTH" -c "$T/fifo.conf" token 2>&1) && rc=0 || rc=$?
took=$(( $(date +%s) - start ))
check_eq "a FIFO config: exit 2 (not a hang)" 2 "$rc"
check "...within seconds (took ${took}s)" test "$took" -lt 10
check_contains "...refused as not a regular file" \
	"config file $T/fifo.conf is refused: not a regular file" "$out"
mkdir -p "$XDG_CONFIG_HOME/dagshub"
mkfifo "$XDG_CONFIG_HOME/dagshub/auth.conf"
out=$(timeout 20 "$DAGSHUB_AUTH" token 2>&1) && rc=0 || rc=$?
check_eq "a FIFO as the user's config: exit 2 too" 2 "$rc"
rm -f "$XDG_CONFIG_HOME/dagshub/auth.conf"

# ---- module names ----
module_conf "$T/sp.conf" "env "
run_cli -c "$T/sp.conf" token
check_eq "a module name with a space: config error (exit 2)" 2 "$rc"
check_contains "...saying what a name is made of" \
	"a bare module name is made of letters, digits" "$err"
module_conf "$T/tab.conf" 'en\tv'
run_cli -c "$T/tab.conf" token
check_eq "a module name with a tab: exit 2" 2 "$rc"
check_contains "...shown escaped" 'module "en\x09v" is refused' "$err"
module_conf "$T/nl.conf" "$T/good/env\\n.so"
run_cli -c "$T/nl.conf" token
check_eq "an absolute module path with a newline: exit 2" 2 "$rc"
check_contains "...shown escaped" "module \"$T/good/env\\x0a.so\" is refused: a path with a control character" "$err"
module_conf "$T/esc.conf" "$T/good/\\x1b[31menv.so"
run_cli -c "$T/esc.conf" token
check_eq "an absolute module path with ESC: exit 2" 2 "$rc"
module_conf "$T/ok.conf" "env"
run_cli -c "$T/ok.conf" token
check_eq "a plain name still loads" "env-token-0123456789" "$out"

# ---- the ABI 1.1 service open_trusted (tests/modules/trusted.c) ----
# trusted_conf FILE PATH: the test provider reading its token from PATH
trusted_conf() {
	{ conf_header; printf 'providers = ( { module = "trusted"; args = { path = "%s"; }; } );\n' "$2"; } |
		write_config "$1"
}
mkdir -m 755 "$T/tok"
echo file-token-0123456789 > "$T/tok/t"
chmod 600 "$T/tok/t"
trusted_conf "$T/tr.conf" "$T/tok/t"
run_cli -c "$T/tr.conf" token
check_eq "open_trusted: a good file is read through its descriptor" "file-token-0123456789" "$out"
echo gw-token-0123456789 > "$T/gw/t"
chmod 600 "$T/gw/t"
trusted_conf "$T/trgw.conf" "$T/gw/t"
run_cli -c "$T/trgw.conf" explain
check_contains "open_trusted: a file in a group-writable folder is refused, with the reason" \
	"token file $T/gw/t is refused: folder $T/gw is writable by its group (mode 0775)" "$out"
chmod 620 "$T/tok/t"
run_cli -c "$T/tr.conf" explain
check_contains "open_trusted: a group-writable file is refused" \
	"token file $T/tok/t is refused: it is writable by its group (mode 0620)" "$out"
chmod 600 "$T/tok/t"
trusted_conf "$T/trno.conf" "$T/tok/none"
run_cli -c "$T/trno.conf" explain
# the result column of the entry's row (the time after it is wider in a
# slow build, so no padding is matched)
check_eq "open_trusted: a missing file is notfound, named" notfound \
	"$(printf '%s\n' "$out" | awk '$2 == "trusted" { print $4; exit }')"
check_contains "...with the reason" "token file $T/tok/none: No such file or directory" "$out"
mkfifo "$T/tok/fifo"
trusted_conf "$T/trfifo.conf" "$T/tok/fifo"
out=$(timeout 20 "$DAGSHUB_AUTH" -c "$T/trfifo.conf" explain 2>&1) && rc=0 || rc=$?
check_contains "open_trusted: a FIFO is refused without blocking" \
	"token file $T/tok/fifo is refused: not a regular file" "$out"

# ---- root only: owners, and root's sticky folders ----
if [ "$(id -u)" != 0 ]; then
	skip "sticky folder and owner checks" "needs root"
	done_testing
fi
OTHER=$((1900000000 + ($$ % 100000) * 2))

# A root-owned sticky folder like /tmp passes, when the file passes.
mkdir "$T/sticky"
chmod 1777 "$T/sticky"
cp "$ENV_SO" "$T/sticky/env.so"
module_conf "$T/sticky.conf" "$T/sticky/env.so"
run_cli -c "$T/sticky.conf" token
check_eq "a module in a root-owned sticky folder (1777) loads" "env-token-0123456789" "$out"
# ...but not a file someone else put there,
cp "$ENV_SO" "$T/sticky/theirs.so"
chown "$OTHER:$OTHER" "$T/sticky/theirs.so"
module_conf "$T/theirs.conf" "$T/sticky/theirs.so"
run_cli -c "$T/theirs.conf" token
check_contains "...a file there owned by another uid is refused" \
	"module $T/sticky/theirs.so is refused: file $T/sticky/theirs.so is owned by uid $OTHER" "$err"
# ...nor their symlink to a good module,
ln -s "$T/good/env.so" "$T/sticky/link.so"
chown -h "$OTHER:$OTHER" "$T/sticky/link.so"
module_conf "$T/slink.conf" "$T/sticky/link.so"
run_cli -c "$T/slink.conf" token
check_contains "...nor another uid's symlink in it" \
	"symlink $T/sticky/link.so is owned by uid $OTHER" "$err"
# ...nor their folder in it.
mkdir "$T/sticky/sub"
cp "$ENV_SO" "$T/sticky/sub/env.so"
chown "$OTHER:$OTHER" "$T/sticky/sub"
module_conf "$T/ssub.conf" "$T/sticky/sub/env.so"
run_cli -c "$T/ssub.conf" token
check_contains "...nor another uid's folder in it" \
	"folder $T/sticky/sub is owned by uid $OTHER" "$err"
# A sticky folder that is not root's is not /tmp-like.
mkdir "$T/osticky"
chmod 1777 "$T/osticky"
chown "$OTHER:$OTHER" "$T/osticky"
cp "$ENV_SO" "$T/osticky/env.so"
module_conf "$T/osticky.conf" "$T/osticky/env.so"
run_cli -c "$T/osticky.conf" token
check_contains "a sticky folder owned by another uid is refused" \
	"folder $T/osticky is owned by uid $OTHER" "$err"

# A config owned by another uid, and one in another uid's folder.
module_conf "$T/theirs-c.conf" env
chown "$OTHER:$OTHER" "$T/theirs-c.conf"
run_cli -c "$T/theirs-c.conf" token
check_eq "a config owned by another uid: exit 2" 2 "$rc"
check_contains "...says whose" "is owned by uid $OTHER, not by root or by you" "$err"
mkdir -m 755 "$T/odir"
module_conf "$T/odir/c.conf" env
chown "$OTHER:$OTHER" "$T/odir"
run_cli -c "$T/odir/c.conf" token
check_eq "a config in another uid's folder: exit 2" 2 "$rc"
check_contains "...naming the folder" "config file $T/odir/c.conf is refused: folder $T/odir is owned by uid $OTHER" "$err"

done_testing
