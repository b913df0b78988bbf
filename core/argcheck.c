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
 *   - a successful check is remembered in the state folder, as an empty
 *     file named by its key in `checked-configs.d/` (0600, the folder
 *     0700; the S_MAX_KEYS most recently checked are kept);
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
 * The common path pays one lstat() of the key's file and a hash of a
 * file it has read anyway.  (One file per key rather than a list in one
 * file: the lookup is one system call instead of four, about 4 us a
 * start; bench/RESULTS.md.)
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"
#include "sha256.h"

#define S_DIR "checked-configs.d"
#define S_OLD_FILE "checked-configs" /* one list, before S_DIR */
#define S_MAX_KEYS 32

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

/* Is key remembered?  Its file must be a regular file of ours, 0600. */
static bool s_remembered(const char *state, const char *key)
{
	char *path = DH_JOIN(state, "/" S_DIR "/", key);
	struct stat st;
	bool yes;

	yes = path && lstat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	      st.st_uid == geteuid() && (st.st_mode & 077) == 0;
	free(path);
	return yes;
}

static bool s_is_key(const char *name)
{
	size_t n = dh_span(name, "0123456789abcdef");

	return n == DH_SHA256_HEX_SIZE - 1 && !name[n];
}

typedef struct s_key_age {
	char name[DH_SHA256_HEX_SIZE];
	struct timespec used;
} s_key_age;

static int s_older_first(const void *x, const void *y)
{
	const struct timespec *a = &((const s_key_age *)x)->used;
	const struct timespec *b = &((const s_key_age *)y)->used;

	if (a->tv_sec != b->tv_sec)
		return a->tv_sec < b->tv_sec ? -1 : 1;
	return a->tv_nsec < b->tv_nsec ? -1 : a->tv_nsec > b->tv_nsec;
}

/* Keeps the S_MAX_KEYS most recently checked keys of the folder dfd. */
static void s_prune(int dfd)
{
	s_key_age *k = NULL;
	size_t n = 0, cap = 0;
	struct dirent *de;
	int dup_fd = dup(dfd);
	DIR *d = dup_fd >= 0 ? fdopendir(dup_fd) : NULL;

	if (!d) {
		if (dup_fd >= 0)
			close(dup_fd);
		return;
	}
	while ((de = readdir(d))) {
		struct stat st;

		if (!s_is_key(de->d_name) ||
		    fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0)
			continue;
		if (n == cap) {
			s_key_age *m = realloc(k, (cap = cap ? cap * 2 : 64) *
			                          sizeof(*k));

			if (!m)
				break;
			k = m;
		}
		memcpy(k[n].name, de->d_name, sizeof(k[n].name));
		k[n++].used = st.st_mtim;
	}
	closedir(d);
	if (n > S_MAX_KEYS) {
		qsort(k, n, sizeof(*k), s_older_first);
		for (size_t i = 0; i < n - S_MAX_KEYS; i++)
			unlinkat(dfd, k[i].name, 0);
	}
	free(k);
}

/* Remembers key in the checked state folder dir: creates (or touches,
 * for its age) its file, then keeps the S_MAX_KEYS newest.  Failure only
 * costs a check next time. */
static void s_remember(const char *dir, const char *key)
{
	char *sub = DH_JOIN(dir, "/" S_DIR);
	char *old = DH_JOIN(dir, "/" S_OLD_FILE);
	struct stat st;
	int dfd = -1, fd;

	if (!sub)
		goto out;
	if (mkdir(sub, 0700) != 0 && errno != EEXIST)
		goto out;
	/* the folder is ours, private and not a link: checked on the
	 * descriptor the files are made through */
	dfd = open(sub, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (dfd < 0 || fstat(dfd, &st) != 0 || st.st_uid != geteuid() ||
	    (st.st_mode & 077) != 0)
		goto out;
	fd = openat(dfd, key, O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK |
	            O_CLOEXEC, 0600);
	if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	                st.st_uid != geteuid())) {
		close(fd);
		fd = -1;
	}
	if (fd < 0) {
		/* something else by that name (a link, ...): a file of ours
		 * in its place */
		(void)unlinkat(dfd, key, 0);
		fd = openat(dfd, key, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		            O_CLOEXEC, 0600);
		if (fd < 0)
			goto out;
	} else if (st.st_mode & 077) {
		(void)fchmod(fd, 0600);
	}
	(void)futimens(fd, NULL); /* checked now: pruned last */
	close(fd);
	s_prune(dfd);
	if (old)
		(void)unlink(old); /* the list of the versions before */
out:
	if (dfd >= 0)
		close(dfd);
	free(old);
	free(sub);
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
	char *why = NULL, *path, where[64];
	const char *dir;
	bool known = false;
	int rc;

	if (!a->config_key[0])  /* the built-in chain: nothing to check */
		return 0;
	/* The common case, a remembered config, looks without the state
	 * folder's walk (three or more stat calls, about 10 us a start): a
	 * key only skips a check already made (an entry's args are checked
	 * again by its open() when the walk reaches it), and its file counts
	 * only when it is ours and 0600.  Remembering a new key creates a
	 * file, and that needs the checked folder. */
	if ((path = dh_state_path(NULL))) {
		known = s_remembered(path, a->config_key);
		free(path);
		if (known)
			return 0;
	}
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
	s_remember(dir, a->config_key);
	return 0;
}
