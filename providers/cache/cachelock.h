/*
 * providers/cache/cachelock.h - reading the token cache file, and
 * rewriting it safely: a sidecar lock, a temporary file that is never a
 * symlink, fsync, rename, fsync of the folder (see cache-format.md,
 * "Safety").
 *
 * Errors come back as malloc()ed messages in *err that name the file and
 * the system error; they never contain file contents.
 */
#ifndef DAGSHUB_CACHELOCK_H
#define DAGSHUB_CACHELOCK_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/stat.h>

/* Larger files are refused rather than read: 10,000 hosts take ~1 MiB. */
#define CL_MAX_FILE (64u << 20)

/* Creates `dir` and missing parents with mode 0700 (existing folders are
 * left as they are).  Every folder must be owned by root or the caller
 * (core/files.h, DH_TRUST_OWNER), checked before anything is created and
 * after.  0 or -1 with *err. */
int cl_mkdirs(const char *dir, char **err);

/* Takes an exclusive flock() on `lock_path` (created 0600, never through
 * a symlink; its folders and the lock file itself owned by root or the
 * caller), waiting at most until CLOCK_MONOTONIC `deadline_ms`.
 * Returns the descriptor, or -1 with *err. */
int cl_lock(const char *lock_path, int64_t deadline_ms, char **err);
void cl_unlock(int fd);

/* One pause of a bounded poll: false at once when CLOCK_MONOTONIC
 * `deadline_ms` has passed; else sleeps *pause_us (never past the
 * deadline), doubles it up to max_us for the next one, and returns
 * true. */
bool cl_pause(unsigned int *pause_us, unsigned int max_us,
              int64_t deadline_ms);

/* Reads the whole file, opened once and checked on that descriptor: a
 * regular file owned by root or the caller, in folders owned by root or
 * the caller (core/files.h, DH_TRUST_OWNER).  Returns 0 with *buf
 * (malloc()ed, wipe it: it holds tokens), *len and *st; 1 when the file
 * does not exist; -1 with *err (a refusal names the file or folder and
 * the owner). */
int cl_read(const char *path, char **buf, size_t *len, struct stat *st,
            char **err);

/* Replaces `path` with `len` bytes of data: a new file with a random name
 * in the same folder (O_CREAT|O_EXCL|O_NOFOLLOW, mode 0600), fsync,
 * rename, fsync of the folder.  Call with the lock held.  Temporary files
 * left by writers that were killed are removed first.  On success *st
 * (may be NULL) describes the new file.  0 or -1 with *err; on failure the
 * old file is untouched. */
int cl_replace(const char *path, const char *data, size_t len,
               struct stat *st, char **err);

/* The folder part of a path ("." when there is none); malloc()ed. */
char *cl_dirname(const char *path);

#endif /* DAGSHUB_CACHELOCK_H */
