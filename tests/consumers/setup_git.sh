#!/bin/sh
# dagshub-auth setup-git: per served host, helper = "" then the path of
# git-credential-dagshub beside dagshub-auth; twice changes nothing;
# --remove restores the file (also after an older `helper = dagshub`); and
# real git then asks the helper.
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/fake.sh"
. "$top_srcdir/tests/consumers/lib-consumers.sh"

TOK=goodtok-0123456789abcdef
fake_start --token "$TOK:alice"
CORP="https://dagshub.example.invalid"
{ conf_header; echo "host = \"$FAKE_URL\";"
  echo 'providers = ( { module = "cache"; store = true; } );'
  echo "hosts = ( { url = \"$CORP/\"; providers = ( { module = \"env\"; args = { any_host = true; }; } ); } );"
} | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf"
F="$T/some.gitconfig"
# the program beside the dagshub-auth that runs, as /proc/self/exe names it
HELPER="$(cd "$(dirname "$DAGSHUB_AUTH")" && pwd -P)/git-credential-dagshub"
printf '[user]\n\tname = Someone\n[credential]\n\thelper = store\n' >"$F"
cp "$F" "$T/orig"

run_cli setup-git --file "$F"
check_eq "setup-git exits 0" 0 "$rc"
check_eq "the default host: an empty helper, then the helper by its path" "
$HELPER" "$(git config --file "$F" --get-all "credential.$FAKE_URL.helper")"
check_eq "every hosts entry (normalised) too" "
$HELPER" "$(git config --file "$F" --get-all "credential.$CORP.helper")"
check_eq "the rest of the file is kept" "Someone store" \
	"$(git config --file "$F" user.name) $(git config --file "$F" credential.helper)"
# started by a caller that ignores SIGCHLD (inherited through execve):
# git must still be waited for
out=$(timeout 60 "$PYTHON" -c 'import os, signal, sys
signal.signal(signal.SIGCHLD, signal.SIG_IGN)
os.execv(sys.argv[1], sys.argv[1:])' "$DAGSHUB_AUTH" setup-git --file "$T/ign.gitconfig" 2>"$T/err") && rc=0 || rc=$?
check_eq "setup-git started with SIGCHLD ignored: exit 0" 0 "$rc"
check_eq "... and the helper is set" "
$HELPER" "$(git config --file "$T/ign.gitconfig" --get-all "credential.$FAKE_URL.helper")"
cp "$F" "$T/once"
run_cli setup-git --file "$F"
check_eq "a second run exits 0" 0 "$rc"
check "a second run changes nothing (byte for byte)" cmp -s "$F" "$T/once"
check_contains "...and says so" "already set up" "$out"

# another helper configured for the host is replaced (as gh does)
git config --file "$F" --add "credential.$CORP.helper" cache
run_cli setup-git --file "$F"
check_eq "a foreign helper for the host is replaced" "
$HELPER" "$(git config --file "$F" --get-all "credential.$CORP.helper")"

run_cli setup-git --file "$F" --remove
check_eq "--remove exits 0" 0 "$rc"
check "--remove restores the file" cmp -s "$F" "$T/orig"
run_cli setup-git --file "$F" --remove
check_eq "--remove with nothing to remove exits 0" 0 "$rc"
check "...and changes nothing" cmp -s "$F" "$T/orig"
# --remove takes out only our lines
run_cli setup-git --file "$F"
git config --file "$F" --add "credential.$FAKE_URL.username" alice
run_cli setup-git --file "$F" --remove
check_eq "--remove leaves other settings of the host's section" "alice" \
	"$(git config --file "$F" "credential.$FAKE_URL.username")"
check_eq "...but no helper line" "" "$(git config --file "$F" --get-all "credential.$FAKE_URL.helper")"
# a set-up by name (an older setup-git, or by hand): made a path, and
# taken out by --remove
cp "$T/orig" "$F"
git config --file "$F" --add "credential.$FAKE_URL.helper" ""
git config --file "$F" --add "credential.$FAKE_URL.helper" dagshub
run_cli setup-git --file "$F" --host "$FAKE_URL"
check_eq "helper = dagshub becomes the helper's path" "
$HELPER" "$(git config --file "$F" --get-all "credential.$FAKE_URL.helper")"
git config --file "$F" --replace-all "credential.$FAKE_URL.helper" ""
git config --file "$F" --add "credential.$FAKE_URL.helper" dagshub
run_cli setup-git --file "$F" --remove
check "--remove takes out helper = dagshub too" cmp -s "$F" "$T/orig"

# --host: that host only
G2="$T/host.gitconfig"
run_cli setup-git --file "$G2" --host "$CORP"
check_eq "--host: that host" "
$HELPER" "$(git config --file "$G2" --get-all "credential.$CORP.helper")"
check_eq "--host: no other host" "" "$(git config --file "$G2" --get-all "credential.$FAKE_URL.helper")"

# plain http to a host that is not loopback: the helper never answers
# there, so git is not pointed at it
{ conf_header; echo 'host = "http://dagshub.example.invalid";'; echo 'allow_insecure_http = true;'
  echo 'providers = ( { module = "env"; } );'; } | write_config "$T/insecure.conf"
run_cli -c "$T/insecure.conf" setup-git --file "$T/insecure.gitconfig"
check_contains "setup-git skips a plain-http host that is not loopback" "skipped" "$out"
check_eq "...and writes nothing for it" "" "$(git config --file "$T/insecure.gitconfig" --get-all credential.http://dagshub.example.invalid.helper 2>/dev/null)"
run_cli -c "$T/insecure.conf" setup-git --file "$T/insecure2.gitconfig" --host http://dagshub.example.invalid
check_eq "...named with --host: a usage error (exit 2)" 2 "$rc"
check_contains "...saying why" "plain http to a host that is not loopback" "$err"
check "...and no git config is written" test ! -s "$T/insecure2.gitconfig"

run_cli setup-git --file "$F" --global
check_eq "two scopes: usage error" 2 "$rc"
run_cli setup-git extra
check_eq "an argument: usage error" 2 "$rc"

# --global goes where git's --global goes (GIT_CONFIG_GLOBAL here), and
# then real git asks the helper: `git credential fill` gives the token.
write_cache "$FAKE_URL" "$TOK"
run_cli setup-git
check_eq "the default scope is --global" "
$HELPER" "$(git config --global --get-all "credential.$FAKE_URL.helper")"
printf 'url=%s/alice/repo.git\n\n' "$FAKE_URL" >"$T/req"
out=$(timeout 30 git credential fill <"$T/req" 2>"$T/err") && rc=0 || rc=$?
check_eq "git credential fill, set up by setup-git, gives the token" "0:password=$TOK" \
	"$rc:$(printf '%s\n' "$out" | grep '^password=')"
check_contains "...with the login" "username=alice" "$out"
# by its path: git runs it without the helper's folder in PATH
out=$(PATH=/usr/bin:/bin timeout 30 git credential fill <"$T/req" 2>"$T/err") && rc=0 || rc=$?
check_eq "...also with the build tree not in PATH" "0:password=$TOK" \
	"$rc:$(printf '%s\n' "$out" | grep '^password=')"
# the empty helper resets helpers from wider scopes: a system-wide helper
# comes first in git's list and would answer otherwise
git config --file "$T/sys.gitconfig" credential.helper \
	'!f() { echo username=x; echo password=from-another-helper; }; f'
printf 'url=%s/alice/repo.git\n\n' "$FAKE_URL" >"$T/req"
out=$(GIT_CONFIG_NOSYSTEM= GIT_CONFIG_SYSTEM="$T/sys.gitconfig" timeout 30 git credential fill <"$T/req" 2>"$T/err") && rc=0 || rc=$?
check_eq "a system-wide helper is not asked for the host" "password=$TOK" \
	"$(printf '%s\n' "$out" | grep '^password=')"
printf 'url=https://elsewhere.example.invalid/x.git\n\n' >"$T/req"
out=$(GIT_CONFIG_NOSYSTEM= GIT_CONFIG_SYSTEM="$T/sys.gitconfig" timeout 30 git credential fill <"$T/req" 2>"$T/err") && rc=0 || rc=$?
check_eq "...while it still answers for other hosts" "password=from-another-helper" \
	"$(printf '%s\n' "$out" | grep '^password=')"
# a [credential] helper further down the file than the host's section
# (the section was there before it) is read after ours: git hands it the
# token on store.  setup-git says so, and real git shows why.
git config --global --replace-all "credential.$FAKE_URL.helper" ""
git config --global --unset-all "credential.$FAKE_URL.helper"
git config --global "credential.$FAKE_URL.username" alice
git config --global credential.helper "store --file=$T/creds"
run_cli setup-git
check_eq "a plain helper later in the file: still set up (exit 0)" 0 "$rc"
check_contains "...and a warning names it" \
	"credential.helper = store --file=$T/creds comes after the lines for $FAKE_URL" "$err"
printf 'url=%s/alice/repo.git\nusername=alice\npassword=%s\n\n' "$FAKE_URL" "$TOK" |
	timeout 30 git credential approve 2>/dev/null
check_contains "...rightly: git hands that helper the token" "$TOK" "$(cat "$T/creds" 2>/dev/null)"
run_cli setup-git
check_contains "a second run warns again" "comes after the lines for $FAKE_URL" "$err"
git config --global --unset credential.helper
git config --global --unset "credential.$FAKE_URL.username"
run_cli setup-git
check_not_contains "no later helper: no warning" "warning" "$err"
run_cli setup-git --global --remove
check_eq "--global --remove" "" "$(git config --global --get-all "credential.$FAKE_URL.helper")"
done_testing
