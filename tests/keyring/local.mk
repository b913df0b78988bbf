# Tests of the keyring provider against the real things: the kernel
# keyring, a private gnome-keyring-daemon on a private D-Bus session, and
# Python's keyring library.  Each test skips (saying why) where its daemon
# or tool is missing.  Included from tests/local.mk.

# Drives the module through the provider ABI without the core.
check_PROGRAMS += tests/keyring/krdrive
tests_keyring_krdrive_SOURCES = tests/keyring/krdrive.c

KEYRING_TESTS = \
	tests/keyring/kernel.sh \
	tests/keyring/secret_service.sh \
	tests/keyring/nobus.sh \
	tests/keyring/chain.sh \
	tests/keyring/logout.sh \
	tests/keyring/nosession.sh
TESTS += $(KEYRING_TESTS)
EXTRA_DIST += $(KEYRING_TESTS) tests/keyring/lib-keyring.sh
