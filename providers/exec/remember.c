/*
 * providers/exec/remember.c - args.cache_seconds: a command's result kept
 * in memory only, as a key in the kernel user keyring whose own timeout
 * makes the kernel drop it.  Never on disk.
 *
 * The key is made in this thread's keyring, where we possess it, so we
 * may set its permissions and timeout; then it is linked into the user
 * keyring (replacing an older key of the same description there) and
 * unlinked from the thread keyring.  Its permissions let processes of the
 * same user find and read it (KEY_USR_*): a later `dagshub-auth` or git
 * credential helper runs in another session, where the user keyring need
 * not be linked, so possession cannot be relied on.  Other users see
 * nothing (the user keyring is per uid).
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <keyutils.h>

#include "exec.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

/* Errors meaning "there is no kernel keyring here": an old kernel, or a
 * container whose seccomp profile blocks the keyctl family. */
static int s_class(int err)
{
	if (err == ENOSYS || err == EPERM || err == EOPNOTSUPP ||
	    err == EACCES)
		return EX_MEM_NOKEYRING;
	return EX_MEM_FAILED;
}

int ex_remember_get(const char *desc, ex_memory *out, int *err)
{
	void *buf = NULL;
	long key;
	int n;

	memset(out, 0, sizeof(*out));
	*err = 0;
	key = keyctl_search(KEY_SPEC_USER_KEYRING, "user", desc, 0);
	if (key < 0) {
		if (errno == ENOKEY || errno == EKEYEXPIRED ||
		    errno == EKEYREVOKED)
			return EX_MEM_MISS;
		*err = errno;
		return s_class(errno);
	}
	n = keyctl_read_alloc((key_serial_t)key, &buf);
	if (n < 0) {
		if (errno == ENOKEY || errno == EKEYEXPIRED ||
		    errno == EKEYREVOKED)
			return EX_MEM_MISS; /* timed out between search and read */
		*err = errno;
		return s_class(errno);
	}
	out->payload = buf;
	out->len = (size_t)n;
	out->key = (int)key;
	return EX_MEM_HIT;
}

int ex_remember_put(const char *desc, const char *payload, size_t len,
                    unsigned int timeout_s, int *key_out, int *err)
{
	key_serial_t key;

	*err = 0;
	key = add_key("user", desc, payload, len, KEY_SPEC_THREAD_KEYRING);
	if (key < 0)
		goto fail;
	if (keyctl_setperm(key, KEY_POS_ALL | KEY_USR_VIEW | KEY_USR_READ |
	                                KEY_USR_SEARCH) < 0 ||
	    keyctl_set_timeout(key, timeout_s) < 0 ||
	    keyctl_link(key, KEY_SPEC_USER_KEYRING) < 0) {
		int e = errno;
		keyctl_invalidate(key);
		errno = e;
		goto fail;
	}
	keyctl_unlink(key, KEY_SPEC_THREAD_KEYRING);
	*key_out = (int)key;
	return 0;
fail:
	*err = errno;
	return s_class(errno);
}

int ex_remember_forget(int key, int *err)
{
	*err = 0;
	if (keyctl_invalidate((key_serial_t)key) == 0 ||
	    (errno == EOPNOTSUPP &&
	     keyctl_unlink((key_serial_t)key, KEY_SPEC_USER_KEYRING) == 0))
		return 0;
	*err = errno;
	if (errno == ENOKEY || errno == EKEYEXPIRED || errno == EKEYREVOKED)
		return EX_MEM_MISS;
	return s_class(errno);
}

void ex_memory_free(ex_memory *m)
{
	if (m->payload) {
		dh_wipe(m->payload, m->len);
		free(m->payload);
	}
	m->payload = NULL;
	m->len = 0;
}
