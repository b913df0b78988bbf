/*
 * providers/exec/exec.h - the parts of the exec provider: running the
 * command with its bounds (run.c) and remembering a result in the kernel
 * user keyring (remember.c).  exec.c reads the args and the output.
 */
#ifndef DAGSHUB_EXEC_H
#define DAGSHUB_EXEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define EX_OUT_MAX (64 * 1024) /* stdout kept; more is read and dropped */
#define EX_ERR_MAX 4096        /* the tail of stderr kept */

typedef struct ex_run {
	/* In. */
	int exe_fd;            /* the checked executable (open_trusted) */
	char *const *argv;     /* argv[0] as configured */
	char *const *envp;     /* the child's whole environment */
	bool interactive;      /* stdin and stderr stay the person's */
	long timeout_s;        /* the command's own bound */
	int64_t deadline_ms;   /* CLOCK_MONOTONIC ms; 0: none */

	/* Out (free with ex_run_free). */
	char *out;             /* stdout, NUL-terminated, at most EX_OUT_MAX */
	size_t out_len;
	bool out_truncated;    /* it printed more than EX_OUT_MAX ... */
	bool killed_early;     /* ... and was killed for it before it exited */
	char *err;             /* the last EX_ERR_MAX bytes of stderr */
	size_t err_len;
	int status;            /* waitpid() status, when !timed_out */
	bool timed_out;
	long waited_s;         /* the bound that ran out, in seconds */
	bool by_deadline;      /* ... and it was the request's deadline */
	int exec_errno;        /* fexecve() failed in the child with this */
	pid_t parent;          /* (internal) the process that forked */
} ex_run;

/* Runs the command to its end or its bound; whatever it left running in
 * its process group is killed (when interactive: the command only, as it
 * stays in the host's group), and the child is reaped.  Returns 0 when it
 * ran (see status, timed_out, exec_errno), or -1 when it could not be
 * started, with *why a malloc()ed message. */
int ex_run_command(ex_run *r, char **why);
void ex_run_free(ex_run *r);

/* What was remembered for a key. */
typedef struct ex_memory {
	char *payload;         /* malloc()ed, wipe before free */
	size_t len;
	int key;               /* the key's serial */
} ex_memory;

/* Results of ex_remember_get/put. */
enum { EX_MEM_HIT = 1, EX_MEM_MISS = 0, EX_MEM_NOKEYRING = -1,
       EX_MEM_FAILED = -2 };

/* Looks `desc` up in the kernel user keyring.  EX_MEM_NOKEYRING when the
 * kernel (or a seccomp profile) offers no keyring, EX_MEM_FAILED on
 * another failure; *err holds errno for both. */
int ex_remember_get(const char *desc, ex_memory *out, int *err);

/* Keeps payload under desc in the user keyring for timeout_s seconds
 * (the key's own timeout: the kernel drops it).  Returns 0 with *key set,
 * or EX_MEM_NOKEYRING / EX_MEM_FAILED with *err. */
int ex_remember_put(const char *desc, const char *payload, size_t len,
                    unsigned int timeout_s, int *key, int *err);

/* Drops a remembered key (found by ex_remember_get).  0, EX_MEM_MISS when
 * it is gone already, EX_MEM_NOKEYRING / EX_MEM_FAILED with *err. */
int ex_remember_forget(int key, int *err);

void ex_memory_free(ex_memory *m);

#endif /* DAGSHUB_EXEC_H */
