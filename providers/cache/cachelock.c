/*
 * providers/cache/cachelock.c - the locked, atomic rewrite of the token
 * cache, and reading it.
 *
 * Why each step (the Python client does none of them, and twenty parallel
 * Python writers lose entries and read half-written files):
 * - a sidecar lock file, not a lock on the cache itself: the cache is
 *   replaced by rename(), so a lock on its inode would be lost with it;
 * - the caller re-reads under the lock, so no other writer's change is lost;
 * - the new content goes to a temporary file in the same folder (rename()
 *   is atomic only within a file system) with a random name, created with
 *   O_CREAT|O_EXCL|O_NOFOLLOW so that a symlink or file planted at that
 *   name is never followed or reused, and mode 0600 from the start;
 * - fsync before rename, so a crash cannot leave an empty file under the
 *   real name; fsync of the folder after, so the rename itself is durable.
 *
 * Whose files: the cache file, its folder (and those above it) and the
 * lock file must be owned by root or the calling user (core/files.c's
 * owner rule, checked on the descriptors read and locked).  A token in a
 * file another user controls may belong to another account; such a file
 * is refused with the reason and nothing is written next to it.
 */
#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include "cachelock.h"
#include "core/files.h" /* the core's trust rule, compiled in */
#include "../common/mkdirp.h" /* dh_mkdir_p */
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

#define CL_TMP_INFIX ".tmp-"
#define CL_TMP_RANDOM 12
#define CL_TMP_TRIES 16

static int s_err(char **err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int s_err(char **err, const char *fmt, ...)
{
	va_list ap;

	if (err) {
		va_start(ap, fmt);
		if (vasprintf(err, fmt, ap) < 0)
			*err = NULL;
		va_end(ap);
	}
	return -1;
}

char *cl_dirname(const char *path)
{
	const char *slash = strrchr(path, '/');

	if (!slash)
		return strdup(".");
	if (slash == path)
		return strdup("/");
	return strndup(path, (size_t)(slash - path));
}

/* dir and the folders above it are root's or ours (1: part of it does
 * not exist yet; what exists passed). */
static int s_check_dir(const char *dir, char **err)
{
	char *why = NULL;
	int rc = dh_check_trusted_dir(dir, DH_TRUST_OWNER, "token cache folder",
	                              NULL, &why);

	if (rc < 0) {
		if (err)
			*err = why ? why : strdup("out of memory");
		else
			free(why);
		return -1;
	}
	free(why);
	return rc;
}

int cl_mkdirs(const char *dir, char **err)
{
	char *failed = NULL;
	int rc = s_check_dir(dir, err);

	/* Nothing is created under a folder another user owns. */
	if (rc <= 0)
		return rc;
	/* Each missing folder is made 0700 (the folder holds secrets; an
	 * existing folder's mode is the user's choice). */
	if (dh_mkdir_p(dir, 0700, &failed) != 0) {
		s_err(err, "cannot create folder %s: %s", failed ? failed : dir,
		      strerror(errno));
		free(failed);
		return -1;
	}
	/* and what now exists is ours */
	return s_check_dir(dir, err) == 0 ? 0 : -1;
}

static int64_t s_monotonic_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool cl_pause(unsigned int *pause_us, unsigned int max_us,
              int64_t deadline_ms)
{
	int64_t left_us = (deadline_ms - s_monotonic_ms()) * 1000;
	struct timespec ts;

	if (left_us <= 0)
		return false;
	if ((int64_t)*pause_us < left_us)
		left_us = *pause_us;
	ts.tv_sec = (time_t)(left_us / 1000000);
	ts.tv_nsec = (long)(left_us % 1000000) * 1000;
	nanosleep(&ts, NULL);
	*pause_us = *pause_us < max_us / 2 ? *pause_us * 2 : max_us;
	return true;
}

int cl_lock(const char *lock_path, int64_t deadline_ms, char **err)
{
	struct stat st;
	unsigned int pause_us = 1000;
	char *dir = cl_dirname(lock_path), *why = NULL;
	int fd;

	/* Its folder first: no lock file is created where another user
	 * decides what is there. */
	if (!dir)
		return s_err(err, "out of memory");
	fd = s_check_dir(dir, err);
	free(dir);
	if (fd < 0)
		return -1;
	if (fd > 0)
		return s_err(err, "cannot open lock file %s: its folder does not "
		             "exist", lock_path);
	fd = open(lock_path, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
	                     O_NONBLOCK, 0600);
	if (fd < 0)
		return s_err(err, "cannot open lock file %s: %s%s", lock_path,
		             strerror(errno),
		             errno == ELOOP ? " (it is a symlink; remove it)"
		                            : "");
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return s_err(err, "lock file %s is not a regular file",
		             lock_path);
	}
	/* Another user's lock file could be held by them forever. */
	if (dh_check_trusted_file_stat(&st, lock_path, DH_TRUST_OWNER,
	                               "lock file", &why) != 0) {
		close(fd);
		if (err)
			*err = why ? why : strdup("out of memory");
		else
			free(why);
		return -1;
	}
	/* flock() has no timeout; poll with a growing pause so that every
	 * wait stays bounded. */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			s_err(err, "cannot lock %s: %s", lock_path,
			      strerror(errno));
			close(fd);
			return -1;
		}
		/* 1, 2, 4 ... 32 ms */
		if (!cl_pause(&pause_us, 32000, deadline_ms)) {
			close(fd);
			return s_err(err, "timed out waiting for the lock on "
			             "%s (another dagshub-auth or a stuck "
			             "process holds it)", lock_path);
		}
	}
	return fd;
}

void cl_unlock(int fd)
{
	if (fd >= 0)
		close(fd); /* releases the flock */
}

int cl_read(const char *path, char **buf, size_t *len, struct stat *st,
            char **err)
{
	char *b = NULL, *why = NULL;
	size_t got = 0;
	int fd, rc = -1;

	*buf = NULL;
	*len = 0;
	/* Checked on the descriptor read (files.h): a regular file owned by
	 * root or us, in folders owned by root or us.  O_NONBLOCK: a FIFO
	 * planted at the path must not hang us. */
	rc = dh_open_trusted(&fd, path, O_NONBLOCK, DH_TRUST_OWNER,
	                     "token cache", NULL, st, &why);
	if (rc != 0) {
		if (rc == 1) {
			free(why);
			return 1;
		}
		if (err)
			*err = why ? why : strdup("out of memory");
		else
			free(why);
		return -1;
	}
	rc = -1;
	if ((uintmax_t)st->st_size > CL_MAX_FILE) {
		s_err(err, "%s is larger than %u MiB; refusing to read it",
		      path, CL_MAX_FILE >> 20);
		goto out;
	}
	b = malloc((size_t)st->st_size + 1);
	if (!b) {
		s_err(err, "out of memory");
		goto out;
	}
	while (got < (size_t)st->st_size) {
		ssize_t n = read(fd, b + got, (size_t)st->st_size - got);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			s_err(err, "cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break; /* shrank meanwhile; parse what is there */
		got += (size_t)n;
	}
	b[got] = '\0';
	*buf = b;
	*len = got;
	b = NULL;
	rc = 0;
out:
	if (b) {
		dh_wipe(b, (size_t)st->st_size);
		free(b);
	}
	close(fd);
	return rc;
}

/* Removes temporary files of writers that died (SIGKILL, power loss)
 * before their rename.  Only called with the lock held, so none of them
 * belongs to a live writer.  Only our own regular files go: anything else
 * at such a name (a planted symlink) is left for O_EXCL to refuse. */
static void s_remove_stale(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t plen = strlen(prefix);

	if (!d)
		return;
	while ((de = readdir(d)) != NULL) {
		struct stat st;

		if (strncmp(de->d_name, prefix, plen) ||
		    strlen(de->d_name) != plen + CL_TMP_RANDOM)
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) ==
		            0 &&
		    S_ISREG(st.st_mode) && st.st_uid == geteuid())
			unlinkat(dirfd(d), de->d_name, 0);
	}
	closedir(d);
}

static int s_random_name(char *out, size_t n)
{
	static const char alphabet[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char rnd[CL_TMP_RANDOM];

	if (getrandom(rnd, sizeof(rnd), 0) != (ssize_t)sizeof(rnd))
		return -1;
	for (size_t i = 0; i < n && i < sizeof(rnd); i++)
		out[i] = alphabet[rnd[i] % (sizeof(alphabet) - 1)];
	out[n] = '\0';
	return 0;
}

static int s_write_all(int fd, const char *data, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		data += n;
		len -= (size_t)n;
	}
	return 0;
}

int cl_replace(const char *path, const char *data, size_t len,
               struct stat *st, char **err)
{
	char *dir = cl_dirname(path), *prefix = NULL, *tmp = NULL;
	const char *base = strrchr(path, '/');
	int fd = -1, dfd = -1, rc = -1;
	size_t plen;

	base = base ? base + 1 : path;
	if (!dir || asprintf(&prefix, "%s/.%s" CL_TMP_INFIX, dir, base) < 0) {
		prefix = NULL;
		s_err(err, "out of memory");
		goto out;
	}
	s_remove_stale(dir, strrchr(prefix, '/') + 1);
	plen = strlen(prefix);
	tmp = malloc(plen + CL_TMP_RANDOM + 1);
	if (!tmp) {
		s_err(err, "out of memory");
		goto out;
	}
	memcpy(tmp, prefix, plen);
	for (int i = 0; i < CL_TMP_TRIES && fd < 0; i++) {
		if (s_random_name(tmp + plen, CL_TMP_RANDOM) < 0) {
			s_err(err, "cannot get random bytes: %s",
			      strerror(errno));
			goto out;
		}
		/* O_EXCL|O_NOFOLLOW: whatever sits at this name (a planted
		 * symlink, a file) makes open fail; we pick another name. */
		fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW |
		               O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST && errno != ELOOP) {
			s_err(err, "cannot create %s: %s", tmp,
			      strerror(errno));
			goto out;
		}
	}
	if (fd < 0) {
		s_err(err, "cannot create a temporary file next to %s: every "
		      "name tried exists", path);
		goto out;
	}
	/* 0600 whatever the umask left (a umask can only remove bits, but
	 * be explicit: this file holds secrets). */
	if (fchmod(fd, 0600) < 0 || s_write_all(fd, data, len) < 0 ||
	    fsync(fd) < 0) {
		s_err(err, "cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (st && fstat(fd, st) < 0) {
		s_err(err, "cannot stat %s: %s", tmp, strerror(errno));
		goto fail;
	}
	if (close(fd) < 0) {
		fd = -1;
		s_err(err, "cannot write %s: %s", tmp, strerror(errno));
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path) < 0) {
		s_err(err, "cannot rename %s to %s: %s", tmp, path,
		      strerror(errno));
		goto fail;
	}
	/* rename() changes the file's ctime on most file systems (ext4,
	 * tmpfs): stamp the file now in place, while it is still ours, so a
	 * handle that keeps this stamp does not read it again for nothing. */
	if (st) {
		struct stat now;

		if (stat(path, &now) == 0 && now.st_dev == st->st_dev &&
		    now.st_ino == st->st_ino)
			*st = now;
	}
	/* The new file is in place.  A folder that cannot be synced (some
	 * file systems refuse fsync on a directory) only weakens durability
	 * across a power loss; it is not a reason to report failure. */
	dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd >= 0)
		(void)fsync(dfd);
	rc = 0;
	goto out;
fail:
	unlink(tmp);
out:
	if (fd >= 0)
		close(fd);
	if (dfd >= 0)
		close(dfd);
	free(tmp);
	free(prefix);
	free(dir);
	return rc;
}
