# tests/core/trust_lib.sh - shared by tests/core/trust*.sh: other users
# without a passwd entry, and running the CLI as one of them.
#
# The folder and owner rules are about other users, so these tests need
# root: they make files owned by numeric uids that exist nowhere else
# (setpriv takes numeric ids; no useradd, nothing left behind: every file
# lives under $T, which the test removes).  Without root they SKIP.

trust_need_root() {
	if [ "$(id -u)" != 0 ]; then
		skip "$1" "needs root (files owned by other uids)"
		done_testing
	fi
	if ! command -v setpriv >/dev/null 2>&1; then
		skip "$1" "setpriv is not installed (util-linux)"
		done_testing
	fi
}

# Two uids no account uses: the attacker and the victim (the CLI runs as
# the victim, neither root nor the attacker).  Taken from the test's pid
# so that parallel runs never share one.
ATTACKER=$((1900000000 + ($$ % 100000) * 2))
VICTIM=$((ATTACKER + 1))

# as UID CMD...: runs CMD as UID (group UID, no supplementary groups).
as() {
	_as_u=$1; shift
	setpriv --reuid="$_as_u" --regid="$_as_u" --clear-groups -- "$@"
}

# The CLI binary itself (not libtool's wrapper script, which costs a
# shell per run), with the library it needs.
if [ -x "$top_builddir/cli/.libs/dagshub-auth" ]; then
	TRUST_CLI="$top_builddir/cli/.libs/dagshub-auth"
else
	TRUST_CLI="$DAGSHUB_AUTH"
fi
LD_LIBRARY_PATH="$top_builddir/core/.libs${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export LD_LIBRARY_PATH

# build_evil_so FILE MARKER: a shared object whose constructor creates
# MARKER (what an attacker's module would do: run code as the victim).
build_evil_so() {
	cat > "$T/evil.c" <<EOF
#include <fcntl.h>
#include <unistd.h>
__attribute__((constructor)) static void evil(void)
{
	int fd = open("$2", O_WRONLY | O_CREAT | O_APPEND, 0666);
	if (fd >= 0) { (void)write(fd, "ran\n", 4); close(fd); }
}
EOF
	${CC:-cc} -shared -fPIC -o "$1" "$T/evil.c"
}

# build_flipper FILE: a program that swaps a symlink between two targets
# as fast as it can (rename over it, so the name always exists).
build_flipper() {
	cat > "$T/flip.c" <<'EOF'
#include <stdio.h>
#include <unistd.h>
int main(int argc, char **argv)
{
	char tmp[4096];

	if (argc != 4)
		return 2;
	snprintf(tmp, sizeof(tmp), "%s.flip", argv[1]);
	for (;;)
		for (int i = 2; i < 4; i++) {
			unlink(tmp);
			if (symlink(argv[i], tmp) == 0)
				rename(tmp, argv[1]);
		}
}
EOF
	${CC:-cc} -O1 -o "$1" "$T/flip.c"
}
