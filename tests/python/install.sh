#!/bin/sh
# Installing dagshub_auth: `make install` puts it where the configured
# Python reads (DESTDIR and prefix respected), and `pip install
# bindings/python` works offline (no index, build isolation on) without
# writing into the source folder.  Both installs then answer get_token().
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/python/lib-python.sh"
py_require
unset PYTHONPATH

{ conf_header; echo 'providers = ( { module = "env"; } );'; } | write_config "$T/c.conf"
export DAGSHUB_AUTH_CONFIG="$T/c.conf" DAGSHUB_USER_TOKEN=installed-0123456789

# ---- make install ----
vars=$(printf 'print-py:\n\t@echo "PYVARS|$(PYTHON)|$(pythondir)|$(dagshub_auth_PYTHON)"\n' |
	${MAKE:-make} -s -C "$top_builddir" -f Makefile -f - print-py 2>"$T/print-py.err" |
	sed -n 's/^PYVARS|//p')
CONF_PY=${vars%%|*}; rest=${vars#*|}; PYDIR=${rest%%|*}; PYFILES=${rest#*|}
if [ -z "$PYFILES" ]; then
	skip "make install of the Python package" "configured with --disable-python (or without a Python 3)"
else
	if ${MAKE:-make} -C "$top_builddir" install-dagshub_authPYTHON DESTDIR="$T/dest" \
		>"$T/install.log" 2>&1; then
		ok "make install-dagshub_authPYTHON DESTDIR=..."
	else
		not_ok "make install-dagshub_authPYTHON DESTDIR=..." "$(tail -20 "$T/install.log")"
	fi
	for f in __init__.py _lib.py _errors.py _authenticator.py; do
		check "installed under DESTDIR: $PYDIR/dagshub_auth/$f" test -f "$T/dest$PYDIR/dagshub_auth/$f"
	done
	check_eq "nothing is installed outside DESTDIR+pythondir" "" \
		"$(cd "$T/dest" && find . -type f | grep -v "^\.$PYDIR/dagshub_auth/")"
	case $PYDIR in
	/usr/local/*|/usr/lib/*)
		check_eq "pythondir is on the configured Python's sys.path" yes \
			"$("$CONF_PY" -c 'import sys; print("yes" if sys.argv[1] in sys.path else sys.path)' "$PYDIR")" ;;
	*) skip "pythondir is on the configured Python's sys.path" "prefix $PYDIR is not a system one" ;;
	esac
	out=$(PYTHONPATH="$T/dest$PYDIR" "$PY" -c '
import dagshub_auth
print(dagshub_auth.__file__.startswith(__import__("sys").argv[1]), dagshub_auth.get_token())' "$T/dest" 2>&1)
	check_eq "the installed package answers get_token()" "True installed-0123456789" "$out"
fi

# ---- pip, offline ----
if ! "$PY" -m pip --version >/dev/null 2>&1; then
	skip "pip install bindings/python" "no pip for $PY (apt-get install python3-pip)"
	done_testing
fi
cp -R "$top_srcdir/bindings/python" "$T/src"
chmod -R u+w "$T/src"
rm -f "$T/src/local.mk"
(cd "$T/src" && find . | sort) > "$T/src.before"
if PIP_NO_INDEX=1 PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_CONFIG_FILE=/dev/null \
	"$PY" -m pip install --no-index --target "$T/site" "$T/src" >"$T/pip.log" 2>&1; then
	ok "pip install --no-index (build isolation on) works offline"
else
	not_ok "pip install --no-index (build isolation on) works offline" "$(tail -20 "$T/pip.log")"
fi
(cd "$T/src" && find . | sort) > "$T/src.after"
check_eq "pip wrote nothing into the source folder" "" "$(diff "$T/src.before" "$T/src.after")"
check "the wheel has the package" test -f "$T/site/dagshub_auth/_lib.py"
check "...and its metadata" test -f "$T/site/dagshub_auth-0.1.0.dist-info/METADATA"
check_eq "the metadata names no dependency" "" \
	"$(grep '^Requires-Dist:' "$T/site/dagshub_auth-0.1.0.dist-info/METADATA" | grep -v 'extra ==')"
check_eq "pyproject.toml and the package agree on the version" \
	"$(sed -n 's/^version = "\(.*\)"$/\1/p' "$T/src/pyproject.toml")" \
	"$(sed -n 's/^__version__ = "\(.*\)"$/\1/p' "$T/src/dagshub_auth/__init__.py")"
out=$(PYTHONPATH="$T/site" "$PY" -c 'import dagshub_auth; print(dagshub_auth.get_token())' 2>&1)
check_eq "the pip-installed package answers get_token()" installed-0123456789 "$out"
if PIP_NO_INDEX=1 PIP_CONFIG_FILE=/dev/null "$PY" -m pip wheel --no-index --no-deps \
	-w "$T/wheels" "$T/src" >"$T/wheel.log" 2>&1; then
	out=$("$PY" -c 'import sys, zipfile
print(sorted(zipfile.ZipFile(sys.argv[1]).namelist()))' "$T"/wheels/*.whl)
	check_contains "pip wheel: a py3-none-any wheel with the sources" "'dagshub_auth/_authenticator.py'" "$out"
else
	not_ok "pip wheel works offline" "$(tail -20 "$T/wheel.log")"
fi
done_testing
