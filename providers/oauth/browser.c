/*
 * providers/oauth/browser.c - opening the link in the person's browser.
 *
 * Only when there is a display (args.open_browser = "auto": DISPLAY or
 * WAYLAND_DISPLAY set) or when asked ("always").  xdg-open is started with
 * posix_spawnp (no fork of a possibly large, threaded host process), its
 * stdin/stdout/stderr on /dev/null so it can neither read the person's
 * terminal nor write over our prompt, and it is never waited for: it is
 * reaped with WNOHANG after the flow and in close().  The link is in its
 * argv; that is how xdg-open takes it, and the link holds no secret.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "oauth.h"

extern char **environ;

static bool s_have_display(void)
{
	const char *x = secure_getenv("DISPLAY");
	const char *w = secure_getenv("WAYLAND_DISPLAY");

	return (x && *x) || (w && *w);
}

pid_t oauth_browser_open(const dagshub_provider_services *svc,
                         dagshub_provider_ctx *ctx, oauth_browser_mode mode,
                         const char *link)
{
	posix_spawn_file_actions_t fa;
	char *argv[] = { (char *)"xdg-open", (char *)link, NULL };
	pid_t pid = 0;
	int err;

	if (mode == OAUTH_BROWSER_NEVER ||
	    (mode == OAUTH_BROWSER_AUTO && !s_have_display()))
		return 0;
	if ((err = posix_spawn_file_actions_init(&fa)) != 0) {
		svc->log(ctx, DAGSHUB_LOG_INFO, "cannot start xdg-open: %s",
		         strerror(err));
		return 0;
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
		err = posix_spawnp(&pid, "xdg-open", &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	if (err) {
		svc->log(ctx, DAGSHUB_LOG_INFO, "cannot start xdg-open: %s "
		         "(open the link yourself)", strerror(err));
		return 0;
	}
	svc->log(ctx, DAGSHUB_LOG_DEBUG, "started xdg-open (pid %ld)",
	         (long)pid);
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
