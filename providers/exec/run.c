/*
 * providers/exec/run.c - running a command with a hard bound, inside a
 * host process that is not ours.
 *
 * What the host must not notice: no signal disposition or mask of the
 * process changes (the child resets its own after fork), no child but
 * ours is waited for (waitid/waitpid on our pid only), no descriptor of
 * ours leaks into the command, and nothing keeps running after get()
 * returns.
 *
 * The command runs in a process group of its own (setpgid in the child
 * and in the parent, so either order works).  When it exits, the exit is
 * seen with WNOWAIT: the zombie still holds its pid, so the group id
 * cannot be reused while we kill what the command left in its group
 * (a forked helper that hangs); only then is it reaped.  On the bound, or
 * as soon as stdout passes EX_OUT_MAX: SIGTERM to the group, up to a
 * second for it to go, SIGKILL to the group, reap.  A descendant that made itself a new session escapes
 * this, as it escapes any process-group kill.
 *
 * Except when interactive: a command that talks to the person must be in
 * the terminal's foreground process group (the host's), or reading the
 * terminal or turning off echo stops it with SIGTTIN/SIGTTOU.  It then
 * stays in the host's group, and only its pid is signalled (never the
 * group: that is the host's); what it leaves behind is not killed.
 *
 * The executable is the descriptor the trust check opened: fexecve() runs
 * exactly the file that was checked.  For a script (#!) the kernel hands
 * the interpreter /dev/fd/N, so the child clears close-on-exec on that
 * descriptor first (only then; the interpreter inherits it).
 */
#define _GNU_SOURCE /* pipe2, fexecve, close_range, F_DUPFD_CLOEXEC */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "exec.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

#define S_GRACE_MS 200 /* after the exit, for the last output to drain */

static int64_t s_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static char *s_msg(const char *what, int err)
{
	char *m = NULL;

	if (asprintf(&m, "%s: %s", what, strerror(err)) < 0)
		return NULL;
	return m;
}

/* Moves fd to a number >= 3 (close-on-exec), so dup2() onto 0..2 in the
 * child never meets one of our own descriptors. */
static int s_high(int fd)
{
	int h;

	if (fd < 0 || fd > 2)
		return fd;
	h = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	close(fd);
	return h;
}

static void s_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* In the child: marks every descriptor >= 3 close-on-exec by reading
 * /proc/self/fd with getdents64 (open, a raw syscall, fcntl, close: all
 * async-signal-safe, no malloc).  0, or -1 when /proc cannot be read. */
static int s_cloexec_proc(void)
{
	char buf[4096];
	long n;
	int dir = open("/proc/self/fd", O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (dir < 0)
		return -1;
	while ((n = syscall(SYS_getdents64, dir, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n;) {
			/* struct linux_dirent64: ino 8, off 8, reclen 2, type 1,
			 * then the name. */
			unsigned short reclen;
			const char *name = buf + off + 19;
			int fd = 0;

			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			if (reclen == 0)
				break;
			off += reclen;
			if (*name < '0' || *name > '9')
				continue;
			for (; *name >= '0' && *name <= '9'; name++)
				fd = fd * 10 + (*name - '0');
			if (fd > 2 && fd != dir)
				fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
	}
	close(dir);
	return n < 0 ? -1 : 0;
}

/* In the child, before exec: only async-signal-safe calls. */
static void s_child(const ex_run *r, int exe, int devnull, int outw,
                    int errw, int errpipe, int script, long open_max)
	__attribute__((noreturn));
static void s_child(const ex_run *r, int exe, int devnull, int outw,
                    int errw, int errpipe, int script, long open_max)
{
	struct sigaction dfl;
	sigset_t none;
	int e;

	if (!r->interactive)
		setpgid(0, 0);
	/* Should the host die while waiting (killed by a CI runner), the
	 * command dies with it instead of running on.  Safe for threads:
	 * the thread that forked waits in get() until the child is reaped. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != r->parent)
		_exit(127);
	memset(&dfl, 0, sizeof(dfl));
	dfl.sa_handler = SIG_DFL;
	for (int s = 1; s < NSIG; s++)
		if (s != SIGKILL && s != SIGSTOP)
			sigaction(s, &dfl, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if ((!r->interactive && dup2(devnull, 0) < 0) || dup2(outw, 1) < 0 ||
	    (!r->interactive && dup2(errw, 2) < 0))
		goto fail;
	/* Whatever else the host left open must not reach the command.
	 * close_range() fails before Linux 5.11 (ENOSYS, or EINVAL for the
	 * flag): then /proc/self/fd, and without /proc every number up to
	 * the limit the parent read (not 1024: a host may hold more). */
	{
		int done = -1;
#ifdef CLOSE_RANGE_CLOEXEC
		done = close_range(3, ~0U, CLOSE_RANGE_CLOEXEC);
#endif
		if (done != 0)
			done = s_cloexec_proc();
		if (done != 0)
			for (long fd = 3; fd < open_max; fd++)
				fcntl((int)fd, F_SETFD, FD_CLOEXEC);
	}
	if (script && fcntl(exe, F_SETFD, 0) < 0)
		goto fail;
	fexecve(exe, r->argv, r->envp);
fail:
	e = errno;
	if (write(errpipe, &e, sizeof(e)) < 0)
		e = 0;
	_exit(127);
}

/* Appends to the stderr tail, keeping the last EX_ERR_MAX bytes. */
static void s_tail(ex_run *r, const char *p, size_t n)
{
	if (n >= EX_ERR_MAX) {
		memcpy(r->err, p + n - EX_ERR_MAX, EX_ERR_MAX);
		r->err_len = EX_ERR_MAX;
	} else {
		if (r->err_len + n > EX_ERR_MAX) {
			size_t drop = r->err_len + n - EX_ERR_MAX;
			memmove(r->err, r->err + drop, r->err_len - drop);
			r->err_len -= drop;
		}
		memcpy(r->err + r->err_len, p, n);
		r->err_len += n;
	}
	r->err[r->err_len] = '\0';
}

/* Reads what is there on fd; closes it at EOF or error. */
static void s_drain(ex_run *r, int *fd, int is_out)
{
	char buf[16384];
	ssize_t n = read(*fd, buf, sizeof(buf));

	if (n < 0 && (errno == EINTR || errno == EAGAIN))
		return;
	if (n <= 0) {
		s_close(fd);
		return;
	}
	if (!is_out) {
		s_tail(r, buf, (size_t)n);
	} else if (r->out_len < EX_OUT_MAX) {
		size_t take = (size_t)n;
		if (take > EX_OUT_MAX - r->out_len) {
			take = EX_OUT_MAX - r->out_len;
			r->out_truncated = true;
		}
		memcpy(r->out + r->out_len, buf, take);
		r->out_len += take;
		r->out[r->out_len] = '\0';
	} else {
		r->out_truncated = true; /* read and dropped */
	}
	dh_wipe(buf, (size_t)n);
}

/* Whether the child has exited, without reaping it (WNOWAIT).  -1 when it
 * cannot be waited for (ECHILD: the host ignores SIGCHLD). */
static int s_exited(pid_t pid)
{
	siginfo_t si;

	memset(&si, 0, sizeof(si));
	if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG | WNOWAIT) != 0)
		return errno == EINTR ? 0 : -1;
	return si.si_pid == pid;
}

/* Signals the command's group, or, when interactive (it is in the host's
 * group then), the command only. */
static void s_kill(const ex_run *r, pid_t pid, int sig)
{
	if (r->interactive)
		kill(pid, sig);
	else
		killpg(pid, sig);
}

/* Puts the terminal on stdin back to `saved` after an interactive
 * command was killed.  Only from the terminal's foreground process group:
 * from the background, tcsetattr() would stop the host with SIGTTOU.
 * TCSANOW: draining output could wait for ever on a terminal stopped by
 * flow control. */
static void s_tty_back(const struct termios *saved)
{
	if (tcgetpgrp(STDIN_FILENO) == getpgrp())
		(void)tcsetattr(STDIN_FILENO, TCSANOW, saved);
}

/* Reaps our child (and only it). */
static int s_reap(pid_t pid, int *status)
{
	pid_t w;

	do
		w = waitpid(pid, status, 0);
	while (w < 0 && errno == EINTR);
	return w == pid ? 0 : -1;
}

int ex_run_command(ex_run *r, char **why)
{
	int outp[2] = { -1, -1 }, errp[2] = { -1, -1 }, ep[2] = { -1, -1 };
	int devnull = -1, pidfd = -1, exe = -1, script = 0, rc = -1, ex;
	int64_t start, bound, exit_at = 0;
	long open_max = sysconf(_SC_OPEN_MAX); /* not async-signal-safe */
	char magic[2] = { 0, 0 };
	struct termios tty;
	bool have_tty = false;
	pid_t pid;

	*why = NULL;
	r->out = malloc(EX_OUT_MAX + 1);
	r->err = malloc(EX_ERR_MAX + 1);
	if (!r->out || !r->err) {
		*why = s_msg("starting the command", ENOMEM);
		return -1;
	}
	r->out[0] = r->err[0] = '\0';
	r->out_len = r->err_len = 0;
	if (pread(r->exe_fd, magic, 2, 0) == 2 && magic[0] == '#' &&
	    magic[1] == '!')
		script = 1;
	if (pipe2(outp, O_CLOEXEC) != 0 || pipe2(errp, O_CLOEXEC) != 0 ||
	    pipe2(ep, O_CLOEXEC) != 0 ||
	    (devnull = open("/dev/null", O_RDWR | O_CLOEXEC)) < 0) {
		*why = s_msg("making pipes for the command", errno);
		goto out;
	}
	for (int *fd = &outp[0]; fd <= &outp[1]; fd++)
		*fd = s_high(*fd);
	for (int *fd = &errp[0]; fd <= &errp[1]; fd++)
		*fd = s_high(*fd);
	/* The executable too: in a host that closed stdin it may be fd 0,
	 * which dup2(devnull, 0) would replace before fexecve.  A copy, as
	 * the caller owns (and closes) its own. */
	exe = r->exe_fd > 2 ? r->exe_fd : fcntl(r->exe_fd, F_DUPFD_CLOEXEC, 3);
	ep[0] = s_high(ep[0]);
	ep[1] = s_high(ep[1]);
	devnull = s_high(devnull);
	if (outp[0] < 0 || outp[1] < 0 || errp[0] < 0 || errp[1] < 0 ||
	    ep[0] < 0 || ep[1] < 0 || devnull < 0 || exe < 0) {
		*why = s_msg("making pipes for the command", errno);
		goto out;
	}

	/* An interactive command may turn echo off to ask for a secret
	 * (stty -echo, read -s, op).  Killed at the bound in the middle of
	 * that, it never turns it back on, and the person's terminal would
	 * stay silent after we return: its settings from before are put
	 * back then (see s_tty_back). */
	if (r->interactive && tcgetattr(STDIN_FILENO, &tty) == 0)
		have_tty = true;

	start = s_now_ms();
	r->parent = getpid();
	pid = fork();
	if (pid < 0) {
		*why = s_msg("fork", errno);
		goto out;
	}
	if (pid == 0)
		s_child(r, exe, devnull, outp[1], errp[1], ep[1], script,
		        open_max > 0 ? open_max : 1024 * 1024);
	if (!r->interactive)
		setpgid(pid, pid); /* also here: no window before the child's */
	s_close(&outp[1]);
	s_close(&errp[1]);
	s_close(&ep[1]);
	s_close(&devnull);
	if (r->interactive)
		s_close(&errp[0]); /* stderr went to the person */
	fcntl(outp[0], F_SETFL, O_NONBLOCK);
	if (errp[0] >= 0)
		fcntl(errp[0], F_SETFL, O_NONBLOCK);
#ifdef SYS_pidfd_open
	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
#endif

	bound = start + r->timeout_s * 1000;
	r->waited_s = r->timeout_s;
	if (r->deadline_ms && r->deadline_ms < bound) {
		bound = r->deadline_ms;
		r->by_deadline = true;
		r->waited_s = (r->deadline_ms - start + 999) / 1000;
	}

	/* Until it has exited and its output is read, or the bound. */
	ex = 0;
	for (;;) {
		struct pollfd pf[4];
		int n = 0, wait_ms;
		int64_t now = s_now_ms(), until = bound;

		if (!ex) {
			ex = s_exited(pid);
			if (ex < 0)
				break;
			if (ex)
				exit_at = now;
		}
		if (ex && outp[0] < 0 && errp[0] < 0 && ep[0] < 0)
			break;
		if (ex && exit_at + S_GRACE_MS < until)
			until = exit_at + S_GRACE_MS;
		if (now >= until) {
			r->timed_out = !ex;
			break;
		}
		if (r->out_truncated && !ex) {
			/* More than a token file could hold: the answer is an
			 * error already; stop it now rather than at the bound. */
			r->killed_early = true;
			break;
		}
		wait_ms = (int)(until - now);
		if (!ex && pidfd < 0 && wait_ms > 10)
			wait_ms = 10; /* no pidfd: look at the child that often */
		if (outp[0] >= 0)
			pf[n++] = (struct pollfd){ .fd = outp[0], .events = POLLIN };
		if (errp[0] >= 0)
			pf[n++] = (struct pollfd){ .fd = errp[0], .events = POLLIN };
		if (ep[0] >= 0)
			pf[n++] = (struct pollfd){ .fd = ep[0], .events = POLLIN };
		if (!ex && pidfd >= 0)
			pf[n++] = (struct pollfd){ .fd = pidfd, .events = POLLIN };
		if (poll(pf, (nfds_t)n, wait_ms) < 0 && errno != EINTR) {
			*why = s_msg("waiting for the command", errno);
			break;
		}
		for (int i = 0; i < n; i++) {
			if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
				continue;
			if (pf[i].fd == outp[0]) {
				s_drain(r, &outp[0], 1);
			} else if (pf[i].fd == errp[0]) {
				s_drain(r, &errp[0], 0);
			} else if (pf[i].fd == ep[0]) {
				int e = 0;
				if (read(ep[0], &e, sizeof(e)) == sizeof(e))
					r->exec_errno = e;
				s_close(&ep[0]);
			}
		}
	}

	if (ex < 0) {
		/* Auto-reaped (SIGCHLD ignored): no status, and the group may
		 * be gone or reused; do not signal it. */
		if (!*why)
			*why = s_msg("cannot learn how the command ended (does this "
			             "program ignore SIGCHLD?)", ECHILD);
		goto out;
	}
	if (r->timed_out || r->killed_early) {
		int64_t t_end;
		s_kill(r, pid, SIGTERM);
		t_end = s_now_ms() + 1000;
		while (s_now_ms() < t_end && (ex = s_exited(pid)) == 0) {
			if (pidfd >= 0) {
				struct pollfd pf = { .fd = pidfd, .events = POLLIN };
				poll(&pf, 1, (int)(t_end - s_now_ms()));
			} else {
				struct timespec ts = { 0, 10 * 1000000L };
				nanosleep(&ts, NULL);
			}
		}
	}
	/* The leader is a zombie or alive: the group id (or the pid) is
	 * still ours. */
	s_kill(r, pid, SIGKILL);
	if (s_reap(pid, &r->status) != 0) {
		if (!*why)
			*why = s_msg("waiting for the command", errno);
		goto out;
	}
	if (have_tty && (r->timed_out || r->killed_early))
		s_tty_back(&tty);
	if (!*why)
		rc = 0;
out:
	s_close(&outp[0]);
	s_close(&outp[1]);
	s_close(&errp[0]);
	s_close(&errp[1]);
	s_close(&ep[0]);
	s_close(&ep[1]);
	s_close(&devnull);
	s_close(&pidfd);
	if (exe != r->exe_fd)
		s_close(&exe);
	return rc;
}

void ex_run_free(ex_run *r)
{
	/* Only what was written (and its NUL) is wiped: wiping the untouched
	 * rest of 64 KiB cost 16 page faults. */
	if (r->out) {
		dh_wipe(r->out, r->out_len + 1);
		free(r->out);
	}
	if (r->err) {
		dh_wipe(r->err, r->err_len + 1);
		free(r->err);
	}
	r->out = r->err = NULL;
}
