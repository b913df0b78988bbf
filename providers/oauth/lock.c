/*
 * providers/oauth/lock.c - one OAuth flow per host at a time.
 *
 * Two processes that both need OAuth for the same host (two `git push`es,
 * a notebook and a shell) must not show the person two links.  The first
 * takes an flock on <state_dir>/oauth-<host>.lock and runs the flow; the
 * second waits for that lock (bounded by the same timeout) and finds the
 * first one's token in the store (svc->recheck_stores; oauth.c).
 *
 * flock, not fcntl locks: fcntl locks belong to the process and vanish
 * when any fd of the file is closed; an flock belongs to our open file
 * description only.  The fd is O_CLOEXEC so a browser we start never
 * inherits (and keeps) the lock.  The kernel drops the lock if the process
 * dies, so a Ctrl-C never leaves a stale lock behind.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "oauth.h"

/* Poll interval while another process holds the lock. */
#define S_POLL_MS 100
/* File names stay well below NAME_MAX; longer hosts are cut and hashed. */
#define S_NAME_MAX 160

/* FNV-1a: only to tell apart two long hosts that share a prefix. */
static uint64_t s_fnv1a(const char *s)
{
	uint64_t h = 1469598103934665603ull;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return h;
}

/* "oauth-" + the host with every byte but [A-Za-z0-9.-] as %XX + ".lock":
 * distinct hosts give distinct names and no name has a '/'. */
static char *s_lock_name(const char *host)
{
	char name[S_NAME_MAX + 32], *o = name;

	o += sprintf(o, "oauth-");
	for (const unsigned char *p = (const unsigned char *)host; *p; p++) {
		if (o - name >= S_NAME_MAX) {
			o += sprintf(o, "~%016llx", (unsigned long long)s_fnv1a(host));
			break;
		}
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || *p == '.' || *p == '-')
			*o++ = (char)*p;
		else
			o += sprintf(o, "%%%02X", *p);
	}
	strcpy(o, ".lock");
	return strdup(name);
}

static void s_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

int oauth_lock_open(int *fd, const dagshub_provider_services *svc,
                    dagshub_provider_ctx *ctx, const char *host)
{
	const char *dir = svc->state_dir(ctx);
	char *name = NULL, *path = NULL;
	struct stat st;
	int rc = -1;

	*fd = -1;
	if (!dir)
		return -1; /* reason set by state_dir */
	if (!(name = s_lock_name(host)) ||
	    asprintf(&path, "%s/%s", dir, name) < 0) {
		path = NULL;
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NOCTTY,
	           0600);
	if (*fd < 0) {
		svc->set_reason(ctx, "cannot open the login lock %s: %s", path,
		                strerror(errno));
		goto out;
	}
	/* The state folder is root's or ours (the core checks it); a lock
	 * file in it owned by another user could be held by them forever. */
	if (fstat(*fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    (st.st_uid != 0 && st.st_uid != geteuid())) {
		svc->set_reason(ctx, "the login lock %s is refused: not a "
		                "regular file owned by root or by you (uid %u); "
		                "remove it", path, (unsigned)geteuid());
		close(*fd);
		*fd = -1;
		goto out;
	}
	rc = 0;
out:
	free(name);
	free(path);
	return rc;
}

int oauth_lock_take(int fd, const dagshub_provider_services *svc,
                    dagshub_provider_ctx *ctx, int64_t until_ms)
{
	for (;;) {
		if (flock(fd, LOCK_EX | LOCK_NB) == 0)
			return 1;
		if (errno != EWOULDBLOCK && errno != EINTR) {
			svc->set_reason(ctx, "cannot lock the login lock file: %s",
			                strerror(errno));
			return -1;
		}
		if (svc->monotonic_ms(ctx) >= until_ms)
			return 0;
		s_sleep_ms(S_POLL_MS);
	}
}

void oauth_unlock(int *fd)
{
	if (*fd < 0)
		return;
	/* The file stays: removing it would race with a process that has it
	 * open and is about to lock it (it would lock an unlinked inode).
	 * Closing also unlocks; LOCK_UN says so where it happens. */
	flock(*fd, LOCK_UN);
	close(*fd);
	*fd = -1;
}
