#!/bin/sh
# `make install` into a temporary prefix, then the example provider built
# OUTSIDE the tree against that install (cc + pkg-config, nothing else),
# loaded by the installed CLI through a config.
. "$top_srcdir/tests/lib.sh"

P="$T/prefix"
if ${MAKE:-make} -C "$top_builddir" install prefix="$P" >"$T/install.log" 2>&1; then
	ok "make install into a temporary prefix"
else
	not_ok "make install into a temporary prefix" "$(tail -20 "$T/install.log")"
	done_testing
fi

for f in bin/dagshub-auth bin/git-credential-dagshub include/dagshub/auth.h include/dagshub/provider.h \
	lib/pkgconfig/dagshub-auth.pc etc/dagshub/auth.conf \
	lib/dagshub-auth/env.so share/man/man1/dagshub-auth.1 \
	share/man/man5/dagshub-auth.conf.5 share/man/man3/dagshub-auth-provider.3; do
	check "installed: $f" test -e "$P/$f"
done
check "installed: libdagshub-auth.so" sh -c "ls '$P'/lib/libdagshub-auth.so.* >/dev/null"
check "the example provider is not installed (it is a template)" test ! -e "$P/lib/dagshub-auth/example.so"

export PKG_CONFIG_PATH="$P/lib/pkgconfig"
# `make install prefix=...` relinks for the configured libdir, so the
# installed CLI finds the installed library the way a user of a private
# prefix would: through LD_LIBRARY_PATH.
export LD_LIBRARY_PATH="$P/lib"
pc() { pkg-config --define-prefix "$@" dagshub-auth; }
check_eq "pkg-config providerdir points into the prefix" "$P/lib/dagshub-auth" "$(pc --variable=providerdir)"

mkdir "$T/outside"
cp "$top_srcdir/providers/example/example.c" "$T/outside/"
if (cd "$T/outside" && ${CC:-cc} -shared -fPIC -Wall -Wextra -Werror $(pc --cflags) \
	-o example.so example.c) 2>"$T/cc.err"; then
	ok "example builds outside the tree with cc and pkg-config only"
else
	not_ok "example builds outside the tree with cc and pkg-config only" "$(cat "$T/cc.err")"
fi
chmod 755 "$T/outside/example.so"

printf 'company-token-0123456789\n' > "$T/token-file"
cat <<EOF2 | write_config "$T/ex.conf"
version = 1;
provider_dir = "$(pc --variable=providerdir)";
providers = (
  { module = "env"; },
  { module = "$T/outside/example.so"; args = { file = "$T/token-file"; }; }
);
EOF2
out=$(timeout 20 "$P/bin/dagshub-auth" -c "$T/ex.conf" token 2>"$T/err") && rc=0 || rc=$?
check_eq "the installed CLI gets the token from the outside-built example" "company-token-0123456789" "$out"
check_eq "...with exit 0" 0 "$rc"
out=$(DAGSHUB_USER_TOKEN=env-token-9876543210 timeout 20 "$P/bin/dagshub-auth" -c "$T/ex.conf" token 2>/dev/null)
check_eq "the installed env provider still comes first" "env-token-9876543210" "$out"

out=$(timeout 20 "$P/bin/dagshub-auth" -c "$T/ex.conf" explain 2>&1)
check_contains "explain shows the example's reason" "from $T/token-file" "$out"
rm "$T/token-file"
out=$(timeout 20 "$P/bin/dagshub-auth" -c "$T/ex.conf" token 2>&1) && rc=0 || rc=$?
check_eq "no file: no token, exit 1" 1 "$rc"
check_contains "...and the example says why" "token-file: No such file or directory" "$out"

check_not_contains "the installed library does not link libcurl" "libcurl" "$(ldd "$P"/lib/libdagshub-auth.so.*[0-9])"

done_testing
