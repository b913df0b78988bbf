#!/bin/sh
# `make install` into DESTDIR (never the configured prefix or sysconfdir:
# with the README's --sysconfdir=/etc a plain install would rewrite the
# real /etc/dagshub/auth.conf), then the example provider built OUTSIDE
# the tree against that install (cc + pkg-config, nothing else), loaded by
# the installed CLI through a config.  Then what an admin's edited
# auth.conf meets: a second install keeps it (the new default goes beside
# it as auth.conf.dist, and the install says so), uninstall keeps it too;
# and a sysconfdir outside the build tree, standing in for /etc, is never
# touched.
. "$top_srcdir/tests/lib.sh"

: "${PREFIX:?run through make check}" "${SYSCONFDIR:?}" "${LIBDIR:?}"
M=${MAKE:-make}
D="$T/dest"
if $M -C "$top_builddir" install DESTDIR="$D" >"$T/install.log" 2>&1; then
	ok "make install into DESTDIR"
else
	not_ok "make install into DESTDIR" "$(tail -20 "$T/install.log")"
	done_testing
fi

for f in "$BINDIR/dagshub-auth" "$BINDIR/git-credential-dagshub" \
	"$INCLUDEDIR/dagshub/auth.h" \
	"$INCLUDEDIR/dagshub/provider.h" "$PKGCONFIGDIR/dagshub-auth.pc" \
	"$SYSCONFDIR/dagshub/auth.conf" "$PROVIDERDIR/env.so" \
	"$MANDIR/man1/dagshub-auth.1" "$MANDIR/man5/dagshub-auth.conf.5" \
	"$MANDIR/man3/dagshub-auth-provider.3" "$DOCDIR/examples/example.c"; do
	check "installed under DESTDIR: $f" test -e "$D$f"
done
check "installed: libdagshub-auth.so" sh -c "ls '$D$LIBDIR'/libdagshub-auth.so.* >/dev/null"
check "the example provider is not installed (it is a template)" test ! -e "$D$PROVIDERDIR/example.so"
check_not_contains "the install log names no path outside DESTDIR for auth.conf" \
	" '$SYSCONFDIR/dagshub/auth.conf'" "$(cat "$T/install.log")"

export PKG_CONFIG_PATH="$D$PKGCONFIGDIR"
# The installed CLI finds the installed library the way a user of a
# staged install would: through LD_LIBRARY_PATH.
export LD_LIBRARY_PATH="$D$LIBDIR"
pc() { pkg-config --define-prefix "$@" dagshub-auth; }
check_eq "pkg-config providerdir points into the staged prefix" "$D$PROVIDERDIR" "$(pc --variable=providerdir)"

mkdir "$T/outside"
# the copy a user has: the installed example
cp "$D$DOCDIR/examples/example.c" "$T/outside/"
if (cd "$T/outside" && ${CC:-cc} -shared -fPIC -Wall -Wextra -Werror $(pc --cflags) \
	-o example.so example.c) 2>"$T/cc.err"; then
	ok "example builds outside the tree with cc and pkg-config only"
else
	not_ok "example builds outside the tree with cc and pkg-config only" "$(cat "$T/cc.err")"
fi
chmod 755 "$T/outside/example.so"

CLI="$D$BINDIR/dagshub-auth"
printf 'company-token-0123456789\n' > "$T/token-file"
cat <<EOF2 | write_config "$T/ex.conf"
version = 1;
provider_dir = "$(pc --variable=providerdir)";
providers = (
  { module = "env"; },
  { module = "$T/outside/example.so"; args = { file = "$T/token-file"; }; }
);
EOF2
out=$(timeout 20 "$CLI" -c "$T/ex.conf" token 2>"$T/err") && rc=0 || rc=$?
check_eq "the installed CLI gets the token from the outside-built example" "company-token-0123456789" "$out"
check_eq "...with exit 0" 0 "$rc"
out=$(DAGSHUB_USER_TOKEN=env-token-9876543210 timeout 20 "$CLI" -c "$T/ex.conf" token 2>/dev/null)
check_eq "the installed env provider still comes first" "env-token-9876543210" "$out"

out=$(timeout 20 "$CLI" -c "$T/ex.conf" explain 2>&1)
check_contains "explain shows the example's reason" "from $T/token-file" "$out"
rm "$T/token-file"
out=$(timeout 20 "$CLI" -c "$T/ex.conf" token 2>&1) && rc=0 || rc=$?
check_eq "no file: no token, exit 1" 1 "$rc"
check_contains "...and the example says why" "token-file: No such file or directory" "$out"

check_not_contains "the installed library does not link libcurl" "libcurl" "$(ldd "$D$LIBDIR"/libdagshub-auth.so.*[0-9])"
# full RELRO where the linker takes -z now (configure.ac): bound at start,
# the GOT read-only after
if grep -q "^BINDNOW_LDFLAGS = -Wl,-z,now" "$top_builddir/Makefile"; then
	for prog in dagshub-auth git-credential-dagshub; do
		check_contains "the installed $prog is linked with -z now (full RELRO)" \
			"BIND_NOW" "$(readelf -d "$D$BINDIR/$prog" 2>&1)"
	done
fi

# ---- an admin's edited auth.conf survives install and uninstall ----
CONF="$D$SYSCONFDIR/dagshub/auth.conf"
printf '# edited by the admin\n' >>"$CONF"
edited=$(cat "$CONF")
$M -C "$top_builddir" install DESTDIR="$D" >"$T/install2.log" 2>&1 && rc=0 || rc=$?
check_eq "a second make install succeeds" 0 "$rc"
check_eq "...and keeps the edited auth.conf" "$edited" "$(cat "$CONF")"
check "...installs the new default beside it as auth.conf.dist" cmp -s "$CONF.dist" "$top_srcdir/etc/dagshub/auth.conf"
check_contains "...and says so" "kept the existing $CONF" "$(cat "$T/install2.log")"
check_contains "...naming the new file" "the new default is $CONF.dist" "$(cat "$T/install2.log")"
$M -C "$top_builddir" uninstall DESTDIR="$D" >"$T/uninstall.log" 2>&1 && rc=0 || rc=$?
check_eq "make uninstall succeeds" 0 "$rc"
check "...removes auth.conf.dist" test ! -e "$CONF.dist"
check_eq "...and keeps the edited auth.conf" "$edited" "$(cat "$CONF" 2>/dev/null)"
check_contains "...saying so" "kept $CONF: it was edited" "$(cat "$T/uninstall.log")"
check "...while the rest is gone (the CLI)" test ! -e "$CLI"
cp "$top_srcdir/etc/dagshub/auth.conf" "$CONF"
$M -C "$top_builddir" uninstall DESTDIR="$D" >"$T/uninstall2.log" 2>&1
check "an unedited auth.conf is removed by uninstall" test ! -e "$CONF"

# ---- a sysconfdir outside the build tree, standing in for /etc ----
# (as a build configured with --sysconfdir=$ETC installs it; the make
# variable sets the same install paths without a second configure)
ETC="$T/etc-standin"
mkdir -p "$ETC/dagshub"
printf '# the machine'"'"'s real config\n' >"$ETC/dagshub/auth.conf"
before=$(ls -lR --time-style=+%s.%N "$ETC"; cat "$ETC/dagshub/auth.conf")
$M -C "$top_builddir" install DESTDIR="$T/dest2" sysconfdir="$ETC" >"$T/install3.log" 2>&1 && rc=0 || rc=$?
check_eq "make install with an absolute sysconfdir, into DESTDIR" 0 "$rc"
check "...puts auth.conf under DESTDIR" cmp -s "$T/dest2$ETC/dagshub/auth.conf" "$top_srcdir/etc/dagshub/auth.conf"
check_eq "...and leaves the real sysconfdir exactly as it was" "$before" \
	"$(ls -lR --time-style=+%s.%N "$ETC"; cat "$ETC/dagshub/auth.conf")"
# No test of `make check` installs anywhere but a DESTDIR.
bad=$(grep -nE '(\$\{?MAKE|\$M )[^#]*[[:space:]](un)?install([[:space:]]|$)' \
	"$top_srcdir"/tests/*/*.sh | grep -v 'DESTDIR=' || :)
check_eq "every make install in the tests goes to a DESTDIR" "" "$bad"

done_testing
