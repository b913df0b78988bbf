#!/bin/sh
# Out of memory at each allocation in turn (an LD_PRELOAD shim,
# fail_malloc.so, fails the Nth one): every command either succeeds or
# fails with its documented exit status and a message that says
# something, never crashes, and leaves the cache file as it was.
# Allocations are counted once the configuration is loaded (libconfig
# itself does not survive a failed allocation; see fail_malloc.c).
. "$top_srcdir/tests/lib.sh"
. "$top_srcdir/tests/cache/lib-cache.sh"

SHIM="$top_builddir/tests/core/.libs/fail_malloc.so"
if [ ! -f "$SHIM" ]; then
	skip "out-of-memory runs" "fail_malloc.so not built"
	done_testing
fi
# The shim's malloc hands out glibc's memory, which AddressSanitizer's
# free would refuse: nothing to learn from a sanitizer build here.
if grep -q __asan_init "$DAGSHUB_AUTH" 2>/dev/null; then
	skip "out-of-memory runs" "a sanitizer build"
	done_testing
fi

# The environment first (it answers only when its variable is set), then
# the cache.
{
	conf_header
	echo 'providers = ( { module = "env"; },'
	echo '  { module = "cache"; store = true; validate = false; } );'
} | write_config "$CONF"

login_tok "seed-token-0001"
check_eq "a cache file to protect exists" 0 "$rc"
cp "$CACHE" "$T/orig"

# nomem NAME OKCODES ARGS...: runs `dagshub-auth ARGS` with allocation
# N = 1, 2, ... failing, up to the number a normal run makes; one check
# for all of them.  OKCODES: the exit statuses allowed besides 0.  With
# MAY_REMOVE=1 a run that succeeds may remove the cache file (it is put
# back for the next run); one that fails must still leave it as it was.
nomem() {
	_name=$1 _codes=$2
	shift 2
	# (env: the shim in dagshub-auth only, not in timeout, whose exit
	# would write its own count last)
	timeout 60 env FAIL_MALLOC_START=1 FAIL_MALLOC_COUNT="$T/count" \
		LD_PRELOAD="$SHIM" "$DAGSHUB_AUTH" "$@" >/dev/null 2>&1
	_total=$(cat "$T/count" 2>/dev/null || echo 0)
	cp -p "$T/orig" "$CACHE"
	_bad=""
	_i=1
	while [ "$_i" -le "$_total" ]; do
		timeout 60 env FAIL_MALLOC_N=$_i FAIL_MALLOC_START=1 \
			LD_PRELOAD="$SHIM" "$DAGSHUB_AUTH" "$@" \
			>/dev/null 2>"$T/err" && _rc=0 || _rc=$?
		# the message is what follows "dagshub-auth: " on a line
		_msg=$(sed -n 's/^dagshub-auth: *//p' "$T/err" | tr -d '\n')
		case " 0 $_codes " in
		*" $_rc "*) ;;
		*) _bad="$_bad
N=$_i: exit $_rc: $(head -c 300 "$T/err")" ;;
		esac
		if [ "$_rc" -ne 0 ] && [ -z "$_msg" ]; then
			_bad="$_bad
N=$_i: exit $_rc with no message: [$(head -c 300 "$T/err")]"
		fi
		if [ "$_rc" -eq 0 ] && [ "${MAY_REMOVE:-}" = 1 ]; then
			cp -p "$T/orig" "$CACHE"
		elif ! cmp -s "$T/orig" "$CACHE"; then
			_bad="$_bad
N=$_i: exit $_rc, and the cache file changed"
			cp "$T/orig" "$CACHE"
		fi
		_i=$((_i + 1))
	done
	if [ "$_total" -gt 0 ] && [ -z "$_bad" ]; then
		ok "$_name: $_total allocations failed in turn"
	else
		not_ok "$_name: $_total allocations failed in turn" "$_bad"
	fi
}

# A provider that runs out of memory reports an error, and the chain goes
# on (exit 1, "no token", with that error in the message).
nomem "token" "1 3" token
nomem "list" "1 3" list
MAY_REMOVE=1 nomem "clear-cache --force" "1 2 3" clear-cache --force
MAY_REMOVE=
export DAGSHUB_USER_TOKEN=env-token-0004
nomem "token from the environment" "1 3" token
unset DAGSHUB_USER_TOKEN
done_testing
