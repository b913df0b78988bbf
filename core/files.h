/*
 * core/files.h - the one rule for files dagshub-auth trusts (core/files.c).
 *
 * Code and configuration (config files, provider modules, the HTTP module,
 * executables a provider runs) are trusted when the file is owned by root
 * or by the calling user (the effective uid) and is not writable by group
 * or others, and every folder from the file up to `/` is owned by root or
 * the calling user and not writable by group or others (OpenSSH's
 * safe_path rule).  A folder writable by others is allowed only when it is
 * root-owned and sticky (like /tmp): there nobody but an entry's owner can
 * rename or remove it, and the entries traversed in it must themselves be
 * owned by root or the caller.
 *
 * Data the user's umask may leave group-writable (the token cache, lock
 * files, the state folder) follows the owner part only: owned by root or
 * the calling user, file and every folder.
 *
 * The file is opened once and checked on the open descriptor, so what the
 * caller reads, loads (dlopen("/proc/self/fd/N")) or runs is exactly what
 * was checked.  Symlinks are resolved here, one component at a time, and
 * every folder traversed (also a symlink's target folders) is checked;
 * the final component is then opened with O_NOFOLLOW.
 *
 * This file needs nothing but libc: the cache provider compiles it in, so
 * every open of a trusted file in the project goes through this code.
 * Messages name the file or folder, say why and how to fix it.
 */
#ifndef DAGSHUB_CORE_FILES_H
#define DAGSHUB_CORE_FILES_H

#include <sys/stat.h>

typedef enum dh_trust_rule {
	/* code and configuration: owner and mode, file and folders */
	DH_TRUST_STRICT = 0,
	/* data: owner only, file and folders */
	DH_TRUST_OWNER = 1
} dh_trust_rule;

/*
 * Folders found trusted, remembered so that files in one folder (modules
 * in provider_dir, a cache re-read) cost one walk.  Owned by whoever
 * embeds it (a handle, a provider's state); zero-initialised; freed with
 * dh_trust_memo_free().  Not thread-safe: one per handle.
 */
#define DH_TRUST_MEMO_SIZE 4
typedef struct dh_trust_memo {
	char *given[DH_TRUST_MEMO_SIZE];    /* the folder as named */
	char *resolved[DH_TRUST_MEMO_SIZE]; /* the folder it resolved to */
	unsigned char rule[DH_TRUST_MEMO_SIZE];
	unsigned char open_dir[DH_TRUST_MEMO_SIZE]; /* writable by others */
	unsigned int next;
} dh_trust_memo;

void dh_trust_memo_free(dh_trust_memo *memo);

/*
 * Opens `path` read-only (O_RDONLY|O_CLOEXEC|O_NOCTTY, the last component
 * with O_NOFOLLOW after resolving symlinks here; never blocking on a FIFO)
 * and checks on the descriptor that it is a regular file passing `rule`,
 * and every folder on the way.  `flags` may add O_NONBLOCK (kept on the
 * descriptor) or O_NOATIME; other bits are refused.  `what` names the
 * file's role in messages ("module", "config file").  memo may be NULL.
 *
 * Returns 0 with *fd_out (the caller closes it) and *st_out (may be NULL)
 * filled; 1 when the file does not exist (the folders that do exist were
 * checked and passed; *why says which file is missing); -1 when refused
 * or failed, with *why (malloc()ed; NULL only when out of memory).
 */
int dh_open_trusted(int *fd_out, const char *path, int flags,
                    dh_trust_rule rule, const char *what,
                    dh_trust_memo *memo, struct stat *st_out, char **why);

/*
 * Checks that folder `dir` and every folder above it pass `rule`.  0; 1
 * when `dir` (or a folder above it) does not exist, with *why saying which
 * (the folders that exist passed: dh_state_dir() then creates the rest and
 * checks again); -1 with *why when refused.  `what` names the folder's
 * role.
 */
int dh_check_trusted_dir(const char *dir, dh_trust_rule rule,
                         const char *what, dh_trust_memo *memo, char **why);

/*
 * The file part of the rule, on a stat of an open descriptor: a regular
 * file owned by root or the caller (and, for DH_TRUST_STRICT, writable by
 * neither group nor others).  0, or -1 with *why.
 */
int dh_check_trusted_file_stat(const struct stat *st, const char *path,
                               dh_trust_rule rule, const char *what,
                               char **why);

/* dh_check_trusted_file_stat(st, path, DH_TRUST_STRICT, what, why). */
int dh_check_trusted_stat(const struct stat *st, const char *path,
                          const char *what, char **why);

/*
 * A provider module as configured: a bare name is [A-Za-z0-9_.-]+ without
 * "..", looked up in provider_dir; an absolute path holds no control
 * characters and no ".." component.  0, or -1 with *why (what is wrong
 * and what to write instead; control characters shown escaped).
 */
int dh_check_module_name(const char *module, char **why);

#endif /* DAGSHUB_CORE_FILES_H */
