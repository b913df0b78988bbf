/*
 * providers/oauth/browser.c - opening the link in the person's browser.
 *
 * Only when there is a display (args.open_browser = "auto": DISPLAY or
 * WAYLAND_DISPLAY set) or when asked ("always").  xdg-open is started with
 * posix_spawnp (no fork of a possibly large, threaded host process), its
 * stdin/stdout/stderr on /dev/null so it can neither read the person's
 * terminal nor write over our prompt, and it is never waited for: it is
 * reaped with WNOHANG after the flow and in close().
 *
 * The link holds a secret: its middleman_request_id is what the code is
 * later fetched with, so while the login waits anyone who knows it can
 * race us for the person's token.  Every local user can read a process's
 * argv in /proc, so the link is not put there.  Instead it is written to
 * a 0600 HTML file (a meta refresh and a plain link to it) in a fresh
 * 0700 folder under $XDG_RUNTIME_DIR (else $TMPDIR, else /tmp), xdg-open
 * is given that file, and the file and folder are deleted when the wait
 * is over.  Only when no such file can be made does the link go on argv
 * (logged).  A browser that cannot read that folder (a sandboxed snap or
 * flatpak browser with a private /tmp) shows an error page; the link is
 * printed on stderr in any case.
 *
 * xdg-open's environment is ours without the token variables
 * (providers/common/childenv.h).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oauth.h"
#include "../common/childenv.h"

#define S_FORWARD_FILE "login.html"

static bool s_have_display(void)
{
	const char *x = secure_getenv("DISPLAY");
	const char *w = secure_getenv("WAYLAND_DISPLAY");

	return (x && *x) || (w && *w);
}

/* A folder of ours for the forwarding file: $XDG_RUNTIME_DIR when it is
 * ours and private, else $TMPDIR, else /tmp. */
static const char *s_private_base(void)
{
	const char *xdg = secure_getenv("XDG_RUNTIME_DIR");
	const char *tmp = secure_getenv("TMPDIR");
	struct stat st;

	if (xdg && xdg[0] == '/' && stat(xdg, &st) == 0 && S_ISDIR(st.st_mode) &&
	    st.st_uid == geteuid() && (st.st_mode & 077) == 0)
		return xdg;
	if (tmp && tmp[0] == '/')
		return tmp;
	return "/tmp";
}

/* Writes s with HTML's attribute escapes (the link has & in it). */
static int s_put_escaped(FILE *f, const char *s)
{
	for (; *s; s++) {
		int rc;

		switch (*s) {
		case '&': rc = fputs("&amp;", f); break;
		case '"': rc = fputs("&quot;", f); break;
		case '<': rc = fputs("&lt;", f); break;
		case '>': rc = fputs("&gt;", f); break;
		default: rc = fputc(*s, f); break;
		}
		if (rc == EOF)
			return -1;
	}
	return 0;
}

void oauth_browser_forget(char **forward)
{
	char path[PATH_MAX];

	if (!*forward)
		return;
	if (snprintf(path, sizeof(path), "%s/" S_FORWARD_FILE, *forward) <
	    (int)sizeof(path))
		unlink(path);
	rmdir(*forward);
	free(*forward);
	*forward = NULL;
}

/* Makes the private folder and the file that forwards to the link;
 * returns the file's path (malloc()ed; xdg-open takes paths) and sets *forward, or NULL (why
 * set to a static reason). */
static char *s_make_forward(const char *link, char **forward,
                            const char **why)
{
	char dir[PATH_MAX], path[PATH_MAX + sizeof(S_FORWARD_FILE) + 1];
	char *url = NULL;
	FILE *f = NULL;
	int fd, bad;

	*forward = NULL;
	if (snprintf(dir, sizeof(dir), "%s/dagshub-auth-login.XXXXXX",
	             s_private_base()) >= (int)sizeof(dir)) {
		*why = "the temporary folder's name is too long";
		return NULL;
	}
	if (!mkdtemp(dir)) {       /* mode 0700, new, ours */
		*why = "cannot make a private folder";
		return NULL;
	}
	if (!(*forward = strdup(dir))) {
		rmdir(dir);
		*why = "out of memory";
		return NULL;
	}
	snprintf(path, sizeof(path), "%s/" S_FORWARD_FILE, dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC,
	          0600);
	if (fd < 0 || !(f = fdopen(fd, "w"))) {
		if (fd >= 0)
			close(fd);
		*why = "cannot write the forwarding file";
		goto fail;
	}
	bad = fputs("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">\n"
	            "<meta name=\"referrer\" content=\"no-referrer\">\n"
	            "<meta http-equiv=\"refresh\" content=\"0;url=", f) == EOF;
	bad |= s_put_escaped(f, link) != 0;
	bad |= fputs("\">\n<title>DagsHub login</title></head>\n<body><p><a "
	             "href=\"", f) == EOF;
	bad |= s_put_escaped(f, link) != 0;
	bad |= fputs("\">Continue to the DagsHub login</a></p></body></html>\n",
	             f) == EOF;
	bad |= fclose(f) != 0;
	if (bad) {
		*why = "cannot write the forwarding file";
		goto fail;
	}
	if (!(url = strdup(path))) {
		*why = "out of memory";
		goto fail;
	}
	return url;
fail:
	oauth_browser_forget(forward);
	return NULL;
}

pid_t oauth_browser_open(const dagshub_provider_services *svc,
                         dagshub_provider_ctx *ctx, oauth_browser_mode mode,
                         const char *link, char **forward)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"xdg-open", NULL, NULL };
	char *url, **env;
	const char *why = NULL;
	pid_t pid = 0;
	int err;

	*forward = NULL;
	if (mode == OAUTH_BROWSER_NEVER ||
	    (mode == OAUTH_BROWSER_AUTO && !s_have_display()))
		return 0;
	if (!(env = dh_child_environ(NULL))) {
		svc->log(ctx, DAGSHUB_LOG_INFO, "cannot start xdg-open: out "
		         "of memory");
		return 0;
	}
	if (!(url = s_make_forward(link, forward, &why)))
		svc->log(ctx, DAGSHUB_LOG_WARNING, "%s (%s); the login link is "
		         "on xdg-open's command line, where other local users "
		         "can read it", why, strerror(errno));
	argv[1] = url ? url : (char *)link;
	if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
		svc->log(ctx, DAGSHUB_LOG_INFO, "cannot start xdg-open: %s",
		         strerror(err));
		goto out;
	}
	for (int fd = 0; fd <= 2 && !err; fd++)
		err = posix_spawn_file_actions_addopen(&fa, fd, "/dev/null",
		                                       fd ? O_WRONLY : O_RDONLY, 0);
#if defined(__GLIBC__) && (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 34))
	/* The host process may have fds without O_CLOEXEC; keep them. */
	if (!err)
		err = posix_spawn_file_actions_addclosefrom_np(&fa, 3);
#endif
	if (!err)
		err = posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		pid = 0;
		svc->log(ctx, DAGSHUB_LOG_INFO, "cannot start xdg-open: %s "
		         "(open the link yourself)", strerror(err));
		goto out;
	}
	svc->log(ctx, DAGSHUB_LOG_DEBUG, "started xdg-open (pid %ld)",
	         (long)pid);
out:
	if (!pid)
		oauth_browser_forget(forward);
	free(url);
	dh_child_environ_free(env);
	return pid;
}

void oauth_browser_reap(pid_t *pid)
{
	pid_t r;

	if (*pid <= 0)
		return;
	do
		r = waitpid(*pid, NULL, WNOHANG);
	while (r < 0 && errno == EINTR);
	/* Reaped, or not ours to reap any more (ECHILD: the host process
	 * reaps children itself): either way forget it.  Still running: keep
	 * the pid for the next try. */
	if (r != 0)
		*pid = 0;
}
