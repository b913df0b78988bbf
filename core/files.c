/*
 * core/files.c - the rule for files the core trusts with code or
 * configuration: owned by root or by the calling user, and not writable
 * by group or others.  This is the check PAM and sudo make; without it,
 * anyone who can write a config or a module can run code as the user.
 */
#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "internal.h"

int dh_check_trusted_file(const char *path, const char *what, char **why)
{
	struct stat st;

	*why = NULL;
	if (stat(path, &st) != 0) {
		*why = dh_asprintf("%s %s: %s", what, path, strerror(errno));
		return -1;
	}
	return dh_check_trusted_stat(&st, path, what, why);
}

int dh_check_trusted_stat(const struct stat *sp, const char *path,
                          const char *what, char **why)
{
	const struct stat st = *sp;

	*why = NULL;
	if (!S_ISREG(st.st_mode)) {
		*why = dh_asprintf("%s %s: not a regular file", what, path);
		return -1;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid()) {
		*why = dh_asprintf("%s %s is refused: it is owned by uid %u, "
		                   "not by root or by you (uid %u)",
		                   what, path, (unsigned)st.st_uid,
		                   (unsigned)geteuid());
		return -1;
	}
	if (st.st_mode & (S_IWGRP | S_IWOTH)) {
		*why = dh_asprintf("%s %s is refused: it is writable by %s "
		                   "(mode %04o); run: chmod go-w %s",
		                   what, path,
		                   (st.st_mode & S_IWOTH) ? "others" : "its group",
		                   (unsigned)(st.st_mode & 07777), path);
		return -1;
	}
	return 0;
}
