# The keyring provider: Secret Service (libsecret, glib) and the kernel
# keyring (libkeyutils).  See man/dagshub-auth-keyring.7.
#
# -z nodelete: glib (pulled in by libsecret) registers GTypes, keeps a
# shared D-Bus connection with a worker thread and thread-local data, and
# cannot be unloaded safely.  With this flag dlclose() leaves the module
# (and so glib) mapped, and a later dlopen() returns the same copy.
provider_LTLIBRARIES += providers/keyring/keyring.la
providers_keyring_keyring_la_SOURCES = \
	providers/keyring/keyring.h \
	providers/keyring/keyring.c \
	providers/keyring/kernel.c \
	providers/keyring/ss.h \
	providers/keyring/ss_bus.c \
	providers/keyring/ss.c
providers_keyring_keyring_la_CFLAGS = $(AM_CFLAGS) $(LIBSECRET_CFLAGS) \
	$(KEYUTILS_CFLAGS) -fvisibility=hidden
providers_keyring_keyring_la_LDFLAGS = $(PROVIDER_LDFLAGS) -Wl,-z,nodelete
providers_keyring_keyring_la_LIBADD = $(LIBSECRET_LIBS) $(KEYUTILS_LIBS)

dist_man_MANS += man/dagshub-auth-keyring.7
