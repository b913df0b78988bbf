/*
 * tests/fuzz/fuzz_config.c - the config loader (libconfig and our checks
 * of every setting) through the public API, on any bytes.
 *
 * The input is written to one file (mode 0600, in a temporary directory
 * made once per process and removed at exit) and opened with an explicit
 * config_path, so the file chain (DAGSHUB_AUTH_CONFIG, the user and system
 * files) is never walked.  Opening loads no module: that happens on the
 * first request, which is never made here.
 *
 * Invariants: dagshub_auth_open() returns DAGSHUB_OK, DAGSHUB_ECONFIG or
 * DAGSHUB_ENOMEM; on success the default host is a normalised host; on
 * failure the last error is not empty and names the file (every config
 * error names file, line and setting).
 */
#include "config.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "dagshub/auth.h"
#include "fuzz.h"

/*
 * libconfig 1.5 (Debian 12) leaks the text of a string token its parser
 * throws away on a syntax error (the file `""` loses one byte: bison has
 * no %destructor for it).  Nothing the caller can free, so LeakSanitizer
 * is told to ignore allocations made by libconfig's scanner; leaks of
 * ours still fail.  The hook is read by LSan, in the replay and under
 * libFuzzer alike.
 */
const char *__lsan_default_suppressions(void);
const char *__lsan_default_suppressions(void)
{
	return "leak:libconfig_yylex\nleak:strbuf_append\n";
}

static char s_dir[4096];
static char s_path[4096 + 16];

static void s_cleanup(void)
{
	if (s_path[0])
		unlink(s_path);
	if (s_dir[0])
		rmdir(s_dir);
}

/* Makes the temporary directory once.  Also drops the variables that
 * would change the default host, so an answer depends on the input only. */
static int s_init(void)
{
	const char *tmp = getenv("TMPDIR");

	if (s_dir[0])
		return 0;
	unsetenv("DAGSHUB_CLIENT_HOST");
	unsetenv("DAGSHUB_AUTH_CONFIG");
	snprintf(s_dir, sizeof(s_dir), "%s/dagshub-fuzz-config.XXXXXX",
	         tmp && *tmp ? tmp : "/tmp");
	if (!mkdtemp(s_dir)) {
		perror(s_dir);
		abort();
	}
	snprintf(s_path, sizeof(s_path), "%s/auth.conf", s_dir);
	atexit(s_cleanup);
	return 0;
}

static void s_write(const uint8_t *data, size_t size)
{
	int fd = open(s_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	size_t off = 0;

	FUZZ_CHECK(fd >= 0, "cannot create %s", s_path);
	while (off < size) {
		ssize_t n = write(fd, data + off, size - off);

		FUZZ_CHECK(n > 0, "cannot write %s", s_path);
		off += (size_t)n;
	}
	FUZZ_CHECK(close(fd) == 0, "cannot write %s", s_path);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	dagshub_auth_options opts = DAGSHUB_AUTH_OPTIONS_INIT;
	dagshub_auth *a = NULL;
	int rc;

	s_init();
	s_write(data, size);
	opts.config_path = s_path;
	opts.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	rc = dagshub_auth_open(&a, &opts);
	FUZZ_CHECK(rc == DAGSHUB_OK || rc == DAGSHUB_ECONFIG ||
	           rc == DAGSHUB_ENOMEM, "status %d (%s)", rc,
	           dagshub_auth_last_error(a));
	if (rc == DAGSHUB_OK) {
		const char *host = dagshub_auth_default_host(a);
		char *norm = NULL;

		FUZZ_CHECK(host && *host, "no default host");
		FUZZ_CHECK(dagshub_normalize_host(&norm, host) == DAGSHUB_OK &&
		           !strcmp(norm, host), "default host '%s' is not "
		           "normalised", host);
		free(norm);
		FUZZ_CHECK(!strcmp(dagshub_auth_config_path(a), s_path),
		           "config path '%s'", dagshub_auth_config_path(a));
	} else if (rc == DAGSHUB_ECONFIG) {
		const char *err = dagshub_auth_last_error(a);

		FUZZ_CHECK(err != NULL && *err, "an error without a message");
		FUZZ_CHECK(strstr(err, s_path) != NULL,
		           "the error does not name the file: %s", err);
	}
	dagshub_auth_close(a);
	return 0;
}
