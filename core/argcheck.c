/*
 * core/argcheck.c - every entry's args are checked when the config is
 * loaded, without opening every module at every start.
 *
 * dagshub-auth.conf(5) promises that the file is checked completely at
 * load (exit 2 naming file, line and setting), and a typo in an entry's
 * args must not wait until the walk reaches that entry (or never, when an
 * earlier entry answers).  Only the provider knows its args, so checking
 * means opening each entry's module and calling open() (which runs
 * args_check and reads every argument) and close().  Doing that at every
 * start would cost the hot path dearly (the keyring module pulls in glib;
 * `token` from the environment must stay close to a hello-world), so:
 *
 *   - the key of a check is SHA-256 over the library version and the
 *     exact bytes of the config that were parsed (so there is no window
 *     between checking a file's identity and reading it, and an edit
 *     within the same second is seen);
 *   - a successful check is remembered in the state folder, in
 *     `checked-configs` (0600, up to S_MAX_KEYS keys, one per line,
 *     written to a temporary file and renamed over);
 *   - at load, a config whose key is remembered is trusted; any other is
 *     checked: open()+close() of every entry of every chain.  An open()
 *     that fails because of its args (an args service reported it, or
 *     the provider's reason starts with "args.", the convention of
 *     dagshub-auth-provider(3)) fails the load with DAGSHUB_ECONFIG.  A
 *     module that cannot be loaded or opened for another reason (not
 *     installed, no D-Bus) is left to the walk, as before; the check is
 *     remembered all the same (else every start would load every module
 *     of such a config).
 *
 * The common path pays one small read of the state file and a hash of a
 * file it has read anyway.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sha256.h"

#define S_FILE "checked-configs"
#define S_MAX_KEYS 32
#define S_MAX_FILE (S_MAX_KEYS * DH_SHA256_HEX_SIZE)

void dh_argcheck_digest(struct dagshub_auth *a, const char *text)
{
	dh_sha256_ctx c;
	uint8_t d[DH_SHA256_SIZE];

	dh_sha256_init(&c);
	dh_sha256_update(&c, PACKAGE_VERSION, sizeof(PACKAGE_VERSION));
	dh_sha256_update(&c, text, strlen(text));
	dh_sha256_final(d, &c);
	dh_sha256_hex(a->config_key, d);
}

/* Reads the remembered keys (at most S_MAX_FILE bytes) into buf; "" when
 * there is no usable file (missing, not ours, not 0600, not regular). */
static void s_read_keys(const char *dir, char *buf, size_t cap)
{
	char *path = dh_concat(dir, "/" S_FILE, NULL);
	struct stat st;
	ssize_t n;
	int fd;

	buf[0] = '\0';
	if (!path)
		return;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
	free(path);
	if (fd < 0)
		return;
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_uid == geteuid() && (st.st_mode & 077) == 0 &&
	    (n = read(fd, buf, cap - 1)) > 0)
		buf[n] = '\0';
	close(fd);
}

static bool s_has_key(const char *keys, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = keys; *p;) {
		size_t n = dh_cspan(p, "\n");

		if (n == kl && !memcmp(p, key, kl))
			return true;
		p += n + (p[n] == '\n');
	}
	return false;
}

/* Remembers key first, then up to S_MAX_KEYS - 1 older ones.  Failure
 * only costs a check next time. */
static void s_remember(const char *dir, const char *old, const char *key)
{
	/* the names on the heap, not in 8 KiB of arrays: inlined into
	 * dh_argcheck, those made every start's stack reach two pages
	 * deeper (page faults) for a write that is rare */
	char *path = dh_concat(dir, "/" S_FILE, NULL);
	char *tmp = dh_concat(dir, "/." S_FILE ".XXXXXX", NULL);
	size_t kept = 1;
	FILE *f;
	int fd = -1;

	if (!path || !tmp || (fd = mkstemp(tmp)) < 0) /* mode 0600 */
		goto out;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		goto out;
	}
	fprintf(f, "%s\n", key);
	for (const char *p = old; *p && kept < S_MAX_KEYS;) {
		size_t n = dh_cspan(p, "\n");

		if (n == DH_SHA256_HEX_SIZE - 1 && memcmp(p, key, n)) {
			fprintf(f, "%.*s\n", (int)n, p);
			kept++;
		}
		p += n + (p[n] == '\n');
	}
	if (fclose(f) != 0 || rename(tmp, path) != 0)
		unlink(tmp);
out:
	free(tmp);
	free(path);
}

/* Opens and closes one entry; DAGSHUB_ECONFIG when its args are wrong,
 * 1 when it could not be opened for another reason, else 0. */
static int s_check_entry(struct dagshub_auth *a, dh_entry *e,
                         const char *where, size_t i)
{
	bool args_error;
	int rc = 0;

	if (dh_entry_open(a, e) == 0) {
		dh_entry_close(e);
		return 0;
	}
	args_error = e->ctx.args_error ||
	             (e->open_error && !strncmp(e->open_error, "args.", 5));
	if (args_error && e->ctx.args_error)
		/* the args service's reason names file, line and setting */
		rc = dh_set_error(a, DAGSHUB_ECONFIG, "%s.[%zu] (module %s): %s",
		                  where, i, e->module, e->open_error);
	else if (args_error)
		/* the provider's own "args.NAME: ..." names the setting only */
		rc = dh_set_error(a, DAGSHUB_ECONFIG, "%s:%d: %s.[%zu] (module "
		                  "%s): %s", e->file ? e->file : a->config_path,
		                  e->line, where, i, e->module, e->open_error);
	/* else not about args (a module that is not installed): left to
	 * the walk, which reports it when it gets there */
	dh_entry_close(e);
	return rc;
}

static int s_check_chain(struct dagshub_auth *a, dh_chain *c,
                         const char *where)
{
	for (size_t i = 0; i < c->n; i++) {
		int rc = s_check_entry(a, &c->entries[i], where, i);

		if (rc)
			return rc;
	}
	return 0;
}

int dh_argcheck(struct dagshub_auth *a)
{
	char keys[S_MAX_FILE + 1], *why = NULL, *path, where[64];
	const char *dir;
	int rc;

	if (!a->config_key[0])  /* the built-in chain: nothing to check */
		return 0;
	/* The common case, a remembered config, reads the memory without
	 * the state folder's walk (three or more stat calls, about 10 us a
	 * start): a key only skips a check already made, and s_read_keys
	 * takes a file only when it is ours and 0600 (checked on the
	 * descriptor), which someone controlling a folder above can move
	 * but not write.  Remembering a new key creates a file, and that
	 * needs the checked folder. */
	keys[0] = '\0';
	if ((path = dh_state_path(NULL))) {
		s_read_keys(path, keys, sizeof(keys));
		free(path);
		if (s_has_key(keys, a->config_key))
			return 0;
	}
	/* the same folder as path: keys, just read, are what it holds */
	dir = dh_state_dir(a, &why);
	free(why);
	/* No state folder to remember the check in (HOME unset or not the
	 * caller's, as under sudo): checking at every start would load every
	 * module every time, so the entries' args are checked when the walk
	 * reaches them, as open() always does (dagshub-auth.conf(5)). */
	if (!dir)
		return 0;
	if ((rc = s_check_chain(a, &a->default_chain, "providers")))
		return rc;
	for (size_t h = 0; h < a->nhosts; h++) {
		snprintf(where, sizeof(where), "hosts.[%zu].providers", h);
		if ((rc = s_check_chain(a, &a->hosts[h], where)))
			return rc;
	}
	/* Remembered even when a module could not be loaded (a keyring
	 * module not installed on a server): checking again at every start
	 * would load every module every time.  Such an entry's args are
	 * checked when the walk reaches it, as for any open(). */
	s_remember(dir, keys, a->config_key);
	return 0;
}
