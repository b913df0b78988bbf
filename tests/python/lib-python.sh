# tests/python/lib-python.sh - sourced by the tests of the dagshub_auth
# Python package after tests/lib.sh and tests/fake.sh: the package from
# the source tree on the library of the build tree, a Python that has
# httpx and requests, and py_checks to run a Python check script.

# The HTTP helpers (write_cache, CACHE_FILE, no proxies).
. "$top_srcdir/tests/http/http_lib.sh"

# Debian's python3 (with python3-httpx, python3-requests, python3-yaml)
# first; the configured one if it has them.
PY=
for _p in /usr/bin/python3 "${PYTHON:-}" python3; do
	[ -n "$_p" ] || continue
	if "$_p" -c 'import httpx, requests, yaml' >/dev/null 2>&1; then
		PY=$_p
		break
	fi
done

DAGSHUB_AUTH_LIBRARY="$top_builddir/core/.libs/libdagshub-auth.so.0"

# A library built with AddressSanitizer (CI's sanitizer build) can only be
# loaded into a process whose first library is the ASan runtime: python3
# is not built with it, so it runs with the runtime preloaded, through a
# wrapper.  Leak checking is off in those processes only (the interpreter
# keeps its objects to the end by design); the C tests keep it.
_py_asan=$(ldd "$DAGSHUB_AUTH_LIBRARY" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\).*/\1/p' | head -n 1)
if [ -n "$PY" ] && [ -n "$_py_asan" ]; then
	cat > "$T/python3-asan" <<EOF2
#!/bin/sh
LD_PRELOAD="$_py_asan\${LD_PRELOAD:+:\$LD_PRELOAD}" \\
ASAN_OPTIONS="\${ASAN_OPTIONS:+\$ASAN_OPTIONS:}detect_leaks=0" \\
exec "$PY" "\$@"
EOF2
	chmod 755 "$T/python3-asan"
	PY="$T/python3-asan"
fi
PYTHONPATH="$top_srcdir/bindings/python:$top_srcdir/tests/python"
# Nothing written next to the sources (make check stays in $T).
PYTHONDONTWRITEBYTECODE=1
PYTHONNOUSERSITE=1
export DAGSHUB_AUTH_LIBRARY PYTHONPATH PYTHONDONTWRITEBYTECODE PYTHONNOUSERSITE

# py_require: ends the test with a skip when there is no such Python.
py_require() {
	if [ -z "$PY" ]; then
		skip "dagshub_auth tests" "no python3 with httpx, requests and yaml (apt-get install python3-httpx python3-requests python3-yaml)"
		done_testing
	fi
}

# py_checks SCRIPT [ARGS...]: runs a check script of tests/python (bounded)
# and turns its "PASS name" / "FAIL name" lines (with "# ..." detail
# lines) into this test's TAP.  A script that dies is a failure too.
py_checks() {
	_py_s=$1; shift
	timeout 120 "$PY" "$top_srcdir/tests/python/$_py_s" "$@" \
		>"$T/.py.out" 2>"$T/.py.err" && _py_rc=0 || _py_rc=$?
	_py_detail=
	_py_name=
	_py_flush() {
		[ -n "$_py_name" ] || return 0
		case $_py_name in
		PASS\ *) ok "${_py_name#PASS }" ;;
		SKIP\ *) _py_n=${_py_name#SKIP }; skip "${_py_n%%|*}" "${_py_n#*|}" ;;
		*) not_ok "${_py_name#FAIL }" "$_py_detail" ;;
		esac
		_py_name= _py_detail=
	}
	while IFS= read -r _py_l; do
		case $_py_l in
		PASS\ *|FAIL\ *|SKIP\ *) _py_flush; _py_name=$_py_l ;;
		"# "*) _py_detail="$_py_detail${_py_detail:+
}${_py_l#\# }" ;;
		*) echo "# $_py_l" ;;
		esac
	done < "$T/.py.out"
	_py_flush
	if [ "$_py_rc" -ne 0 ]; then
		not_ok "$_py_s ran to the end (exit $_py_rc)" "$(tail -30 "$T/.py.err")"
	fi
}
