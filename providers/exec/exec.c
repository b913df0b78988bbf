/*
 * providers/exec/exec.c - a token from a command: `vault`, `op read`, a
 * company's SSO helper.  See dagshub-auth-exec(7).
 *
 * args:
 *   command             = [ "/usr/bin/vault", "kv", "get", ... ];  argv, no shell
 *   timeout             = 10;    seconds; the whole process group is killed
 *   interactive         = false; true: when a person is there, the command
 *                                gets the terminal (stdin, stderr) and
 *                                stays in the host's process group
 *   interactive_timeout = 120;   the bound when it is interactive
 *   cache_seconds       = 0;     remember a token that long (kernel keyring)
 *   hosts, any_host              as the env provider
 *
 * What the command prints on stdout: the token alone on one line, or a
 * JSON object {"token": ..., "expires": RFC 3339 or Unix seconds,
 * "username": ..., "type": ...}.  Exit 0 with a token: token; exit 0 with
 * nothing: notfound; exit 75 (EX_TEMPFAIL): unavailable; anything else:
 * error, with the last line of stderr as the reason.
 */
#define _GNU_SOURCE /* secure_getenv, asprintf */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "dagshub/provider.h"
#include "../common/childenv.h"
#include "../common/cjson.h"
#include "../common/hosts.h"
#include "../oauth/expiry.h"
#include "exec.h"
#include "../common/wipe.h" /* dh_wipe, dh_free_secret */

#define S_MAX_ARGS 64
#define S_MAX_TIMEOUT 3600
#define S_MAX_CACHE (7 * 24 * 3600)
#define S_EX_TEMPFAIL 75

static const dagshub_provider_services *svc;

struct s_exec {
	char *argv[S_MAX_ARGS + 1]; /* copies; NULL-terminated */
	size_t argc;
	long timeout, interactive_timeout, cache_seconds;
	bool interactive;
	ph_hosts hosts;
	char tag[17]; /* hex digest of argv: names this command's keys */
};

/* What one run (or the memory of one) gave. */
typedef struct s_answer {
	char *value, *type, *username;
	int64_t expires_us;
} s_answer;

static void s_answer_free(s_answer *a)
{
	dh_free_secret(a->value);
	free(a->type);
	free(a->username);
	memset(a, 0, sizeof(*a));
}

static void s_close(void *state)
{
	struct s_exec *st = state;

	if (!st)
		return;
	for (size_t i = 0; i < st->argc; i++)
		free(st->argv[i]);
	ph_hosts_free(&st->hosts);
	free(st);
}

/* Reads an integer arg within [lo, hi]; 0 or -1 (reason set). */
static int s_arg_range(dagshub_provider_ctx *ctx, const char *name, long lo,
                       long hi, long *out)
{
	long long v;
	int rc = svc->arg_int(ctx, name, &v);

	if (rc == DAGSHUB_ARG_INVALID)
		return -1;
	if (rc == DAGSHUB_ARG_ABSENT)
		return 0;
	if (v < lo || v > hi) {
		svc->set_reason(ctx, "args.%s = %lld: use %ld to %ld seconds",
		                name, v, lo, hi);
		return -1;
	}
	*out = (long)v;
	return 0;
}

static int s_open(dagshub_provider_ctx *ctx, void **state)
{
	static const char *const known[] = { "command", "timeout", "interactive",
	                                      "interactive_timeout",
	                                      "cache_seconds", "hosts",
	                                      "any_host", NULL };
	const char *items[S_MAX_ARGS];
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */
	struct s_exec *st;
	size_t n = 0;
	int inter = 0, rc;

	if (svc->args_check(ctx, known) != 0)
		return -1;
	if (!(st = calloc(1, sizeof(*st)))) {
		svc->set_reason(ctx, "out of memory");
		return -1;
	}
	st->timeout = 10;
	st->interactive_timeout = 120;
	rc = svc->arg_strings(ctx, "command", items, S_MAX_ARGS, &n);
	if (rc == DAGSHUB_ARG_INVALID)
		goto fail;
	if (rc == DAGSHUB_ARG_ABSENT || n == 0) {
		svc->set_reason(ctx, "args.command is missing: the program and "
		                "its arguments as a list, e.g. command = "
		                "[ \"/usr/bin/vault\", \"kv\", \"get\", "
		                "\"-field=token\", \"secret/dagshub\" ]");
		goto fail;
	}
	if (n > S_MAX_ARGS) {
		svc->set_reason(ctx, "args.command has %zu items; at most %d", n,
		                S_MAX_ARGS);
		goto fail;
	}
	if (!*items[0] || (items[0][0] != '/' && strchr(items[0], '/'))) {
		svc->set_reason(ctx, "args.command[0] = \"%s\": use an absolute "
		                "path or a bare name looked up on $PATH",
		                items[0]);
		goto fail;
	}
	for (size_t i = 0; i < n; i++) {
		if (!(st->argv[i] = strdup(items[i]))) {
			svc->set_reason(ctx, "out of memory");
			goto fail;
		}
		st->argc = i + 1;
		for (const char *p = items[i];; p++) {
			h = (h ^ (unsigned char)*p) * 1099511628211ULL;
			if (!*p)
				break;
		}
	}
	snprintf(st->tag, sizeof(st->tag), "%016" PRIx64, h);
	if (s_arg_range(ctx, "timeout", 1, S_MAX_TIMEOUT, &st->timeout) ||
	    s_arg_range(ctx, "interactive_timeout", 1, S_MAX_TIMEOUT,
	                &st->interactive_timeout) ||
	    s_arg_range(ctx, "cache_seconds", 0, S_MAX_CACHE,
	                &st->cache_seconds) ||
	    svc->arg_bool(ctx, "interactive", &inter) == DAGSHUB_ARG_INVALID ||
	    ph_hosts_read(svc, ctx, &st->hosts) != 0)
		goto fail;
	st->interactive = inter;
	*state = st;
	return 0;
fail:
	s_close(st);
	return -1;
}

/* ---- finding and checking the executable ---- */

/* The checked descriptor of the command, and its resolved path in
 * `path`.  Returns 0, or -1 with the reason set. */
static int s_command_fd(struct s_exec *st, dagshub_provider_ctx *ctx,
                        char path[PATH_MAX], int *fd)
{
	const char *name = st->argv[0];
	char found[PATH_MAX];
	int rc;

	if (name[0] == '/') {
		if ((size_t)snprintf(found, sizeof(found), "%s", name) >=
		    sizeof(found)) {
			/* The cut copy would name another file, maybe one
			 * that exists and runs. */
			svc->set_reason(ctx, "args.command[0] is %zu bytes long: "
			                "at most %zu", strlen(name),
			                sizeof(found) - 1);
			return -1;
		}
	} else {
		const char *p = secure_getenv("PATH");
		bool hit = false;

		if (!p || !*p)
			p = "/usr/local/bin:/usr/bin:/bin";
		while (*p && !hit) {
			size_t len = strcspn(p, ":");
			struct stat sb;
			/* Relative entries ("", ".") are skipped: what they
			 * find depends on the caller's working folder. */
			if (len && p[0] == '/' &&
			    (size_t)snprintf(found, sizeof(found), "%.*s/%s",
			                     (int)len, p, name) < sizeof(found) &&
			    stat(found, &sb) == 0 && S_ISREG(sb.st_mode) &&
			    access(found, X_OK) == 0)
				hit = true;
			p += len;
			if (*p == ':')
				p++;
		}
		if (!hit) {
			svc->set_reason(ctx, "command \"%s\" is not on $PATH (or "
			                "use an absolute path in args.command)",
			                name);
			return -1;
		}
	}
	/* open_trusted follows the symlinks (/usr/bin/vault ->
	 * /opt/vault/bin/vault) and checks every folder on the way. */
	snprintf(path, PATH_MAX, "%s", found);
	rc = svc->open_trusted(ctx, path, 0, "command", fd);
	if (rc != 0)
		return -1; /* reason set: missing (1) or refused (-1) */
	return 0;
}

/* ---- reading what it printed ---- */

/* Replaces every occurrence of secret in line, in place (the line never
 * grows). */
static void s_redact(char *line, const char *secret)
{
	char *hit;

	/* The search goes on after the text put in: a short secret becomes
	 * '*'s, and a secret made of '*' (or of "[token]") would otherwise
	 * be found again in its own replacement, for ever. */
	for (char *from = line; secret && *secret &&
	     (hit = strstr(from, secret));) {
		size_t sl = strlen(secret);
		if (sl > 7) {
			memcpy(hit, "[token]", 7);
			memmove(hit + 7, hit + sl, strlen(hit + sl) + 1);
			from = hit + 7;
		} else {
			memset(hit, '*', sl);
			from = hit + sl;
		}
	}
}

/* The last non-empty line of stderr, with every occurrence of each of the
 * secrets (a NULL-terminated list; an item may be NULL only as its end)
 * replaced: malloc()ed, or NULL when there is none. */
static char *s_last_line(const char *err, const char *const *secrets)
{
	const char *end = err + strlen(err), *start;
	char *line;
	size_t n;

	while (end > err && (end[-1] == '\n' || end[-1] == '\r' ||
	                     end[-1] == ' ' || end[-1] == '\t'))
		end--;
	for (start = end; start > err && start[-1] != '\n'; start--)
		;
	n = (size_t)(end - start);
	if (!n)
		return NULL;
	if (!(line = strndup(start, n)))
		return NULL;
	/* Outside bytes are escaped by the core when shown; here only the
	 * secrets go. */
	for (; *secrets; secrets++)
		s_redact(line, *secrets);
	/* Cut only after the secret is gone: a cut through it would leave
	 * a piece of it. */
	if (strlen(line) > 300)
		line[300] = '\0';
	return line;
}

/* Frees a parsed document: cJSON_Delete frees without wiping, so its
 * top-level strings (the token among them) are wiped first. */
static void s_json_free(cJSON *doc)
{
	for (cJSON *it = cJSON_IsObject(doc) ? doc->child : NULL; it;
	     it = it->next)
		if (cJSON_IsString(it) && it->valuestring)
			dh_wipe(it->valuestring, strlen(it->valuestring));
	cJSON_Delete(doc);
}

/* The object's "token" string when it has a non-empty one, else NULL. */
static const char *s_json_token(const cJSON *doc)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(doc, "token");

	return cJSON_IsString(v) && v->valuestring && *v->valuestring
	           ? v->valuestring
	           : NULL;
}

/* The answer from a JSON object.  0, or -1 with *bad saying why. */
static int s_parse_json(const char *text, s_answer *a, const char **bad)
{
	static _Thread_local char msg[640]; /* *bad, when composed */
	const char *why;
	const char *tok;
	cJSON *doc, *v;
	int rc = -1;

	/* The token would end at a NUL (cJSON decodes \u0000 into one). */
	if ((why = dh_json_nul(text, strlen(text))) != NULL) {
		snprintf(msg, sizeof(msg), "printed JSON holding %s: not a "
		         "token", why);
		*bad = msg;
		return -1;
	}
	if (dh_cjson_load(&why) != 0) {
		snprintf(msg, sizeof(msg), "printed JSON, which cannot be "
		         "read here: %s", why);
		*bad = msg;
		return -1;
	}
	doc = cJSON_Parse(text);
	if (!cJSON_IsObject(doc)) {
		*bad = "printed something that starts like JSON but is not a "
		       "JSON object";
		goto out;
	}
	if (!(tok = s_json_token(doc))) {
		*bad = "printed a JSON object without a \"token\" string";
		goto out;
	}
	if (!(a->value = strdup(tok)))
		goto nomem;
	v = cJSON_GetObjectItemCaseSensitive(doc, "expires");
	if (cJSON_IsNumber(v)) {
		if (v->valuedouble <= 0 || v->valuedouble >= 253402300800.0) {
			*bad = "printed an \"expires\" outside 1970..9999";
			goto out;
		}
		a->expires_us = (int64_t)v->valuedouble * 1000000;
	} else if (cJSON_IsString(v)) {
		if (oauth_parse_expiry(&a->expires_us, v->valuestring) != 0) {
			*bad = "printed an \"expires\" that is not RFC 3339 "
			       "(e.g. 2026-12-01T18:00:00Z) or Unix seconds";
			goto out;
		}
	} else if (v && !cJSON_IsNull(v)) {
		*bad = "printed an \"expires\" that is neither a string nor a "
		       "number";
		goto out;
	}
	v = cJSON_GetObjectItemCaseSensitive(doc, "username");
	if (cJSON_IsString(v) && v->valuestring && *v->valuestring &&
	    !strpbrk(v->valuestring, "\n\r\t") &&
	    !(a->username = strdup(v->valuestring)))
		goto nomem;
	v = cJSON_GetObjectItemCaseSensitive(doc, "type");
	if (cJSON_IsString(v) && v->valuestring && *v->valuestring &&
	    !strpbrk(v->valuestring, "\n\r\t") &&
	    !(a->type = strdup(v->valuestring)))
		goto nomem;
	rc = 0;
	goto out;
nomem:
	*bad = "out of memory";
out:
	s_json_free(doc);
	if (rc != 0)
		s_answer_free(a);
	return rc;
}

/* Reads stdout (len bytes) into *a.  TOKEN, NOTFOUND (printed nothing)
 * or ERROR with *bad saying why. */
static dagshub_provider_result s_parse(char *out, size_t len, s_answer *a,
                                       const char **bad)
{
	char *p = out, *end, *nl;

	memset(a, 0, sizeof(*a));
	/* What follows reads a C string: it would stop at a NUL and take
	 * what comes before it for the whole token. */
	if (memchr(out, '\0', len)) {
		*bad = "printed a NUL byte on stdout: not a token";
		return DAGSHUB_PROVIDER_ERROR;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	if (!*p)
		return DAGSHUB_PROVIDER_NOTFOUND;
	if (*p == '{')
		return s_parse_json(p, a, bad) == 0 ? DAGSHUB_PROVIDER_TOKEN
		                                    : DAGSHUB_PROVIDER_ERROR;
	end = p + strlen(p);
	while (end > p && (end[-1] == '\n' || end[-1] == '\r' ||
	                   end[-1] == ' ' || end[-1] == '\t'))
		end--;
	*end = '\0';
	if ((nl = strchr(p, '\n')) != NULL) {
		*bad = "printed more than one line: print the token alone on "
		       "one line, or a JSON object";
		return DAGSHUB_PROVIDER_ERROR;
	}
	if (!(a->value = strdup(p))) {
		*bad = "out of memory";
		return DAGSHUB_PROVIDER_ERROR;
	}
	return DAGSHUB_PROVIDER_TOKEN;
}

/* The token in what a failed command printed, only to remove it from the
 * reason: its JSON object's "token" string, read as s_parse_json() reads
 * it but whatever else the output holds (a bad "expires", a \u0000 that
 * cuts the string: its beginning goes then).  A token printed alone is
 * the output's first line, which the caller removes as it is.
 * malloc()ed, or NULL. */
static char *s_printed_token(const char *out)
{
	const char *p = out + strspn(out, " \t\r\n"), *why, *tok;
	char *value = NULL;
	cJSON *doc;

	if (*p != '{' || dh_cjson_load(&why) != 0)
		return NULL;
	doc = cJSON_Parse(p);
	if ((tok = s_json_token(doc)))
		value = strdup(tok);
	s_json_free(doc);
	return value;
}

/* ---- remembering (args.cache_seconds) ---- */

/* "dagshub-exec:<host>:<tag>": per host and per command. */
static char *s_key_desc(const struct s_exec *st, const char *host)
{
	char *d = NULL;

	if (asprintf(&d, "dagshub-exec:%s:%s", host, st->tag) < 0)
		return NULL;
	return d;
}

/* Payload: "v1\n<stored_us>\n<expires_us>\n<type|->\n<username|->\n<token>" */
static int s_unpack(char *payload, s_answer *a, int64_t *stored_us)
{
	char *f[6], *p = payload;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < 5; i++) {
		char *nl = strchr(p, '\n');
		if (!nl)
			return -1;
		*nl = '\0';
		f[i] = p;
		p = nl + 1;
	}
	f[5] = p;
	if (strcmp(f[0], "v1") != 0 || !*f[5])
		return -1;
	*stored_us = strtoll(f[1], NULL, 10);
	a->expires_us = strtoll(f[2], NULL, 10);
	if ((strcmp(f[3], "-") && !(a->type = strdup(f[3]))) ||
	    (strcmp(f[4], "-") && !(a->username = strdup(f[4]))) ||
	    !(a->value = strdup(f[5]))) {
		s_answer_free(a);
		return -1;
	}
	return 0;
}

/* ---- get ---- */

static dagshub_provider_result s_answer_with(dagshub_provider_ctx *ctx,
                                             const s_answer *a)
{
	dagshub_provider_token tok;

	memset(&tok, 0, sizeof(tok));
	tok.struct_size = sizeof(tok);
	tok.value = a->value;
	tok.type = a->type;
	tok.username = a->username;
	tok.expires_us = a->expires_us;
	/* set_token checks the token rule; on -1 it has set the reason
	 * (which rule the value broke, never the value). */
	if (svc->set_token(ctx, &tok, 0) != 0)
		return DAGSHUB_PROVIDER_ERROR;
	return DAGSHUB_PROVIDER_TOKEN;
}

/* Looks the host's token up in the memory.  TOKEN (answer and reason
 * set), NOTFOUND (nothing remembered), or UNAVAILABLE with `note` saying
 * why nothing can be remembered here. */
static dagshub_provider_result s_recall(struct s_exec *st,
                                        dagshub_provider_ctx *ctx,
                                        const char *desc, char *note,
                                        size_t note_size)
{
	dagshub_provider_result res = DAGSHUB_PROVIDER_NOTFOUND;
	int64_t stored = 0, now = svc->now_us(ctx);
	s_answer a = { 0 };
	ex_memory m;
	int err, rc = ex_remember_get(desc, &m, &err);

	if (rc == EX_MEM_NOKEYRING || rc == EX_MEM_FAILED) {
		snprintf(note, note_size, "; not remembered: %s (keyctl: %s)",
		         rc == EX_MEM_NOKEYRING
		                 ? "no kernel keyring here (a container's "
		                   "seccomp profile may block keyctl)"
		                 : "the kernel keyring failed",
		         strerror(err));
		return DAGSHUB_PROVIDER_UNAVAILABLE;
	}
	if (rc != EX_MEM_HIT)
		return DAGSHUB_PROVIDER_NOTFOUND;
	if (s_unpack(m.payload, &a, &stored) == 0 &&
	    (!a.expires_us || a.expires_us > now)) {
		res = s_answer_with(ctx, &a);
		if (res == DAGSHUB_PROVIDER_TOKEN)
			svc->set_reason(ctx, "remembered from a run of %s %" PRId64
			                " s ago (kernel key %d; cache_seconds = "
			                "%ld)", st->argv[0],
			                (now - stored) / 1000000, m.key,
			                st->cache_seconds);
	}
	s_answer_free(&a);
	ex_memory_free(&m);
	return res;
}

/* Remembers a fresh answer; appends what happened to `note`. */
static void s_remember(struct s_exec *st, dagshub_provider_ctx *ctx,
                       const char *desc, const s_answer *a, char *note,
                       size_t note_size)
{
	int64_t now = svc->now_us(ctx), left = st->cache_seconds;
	char *payload = NULL;
	int key = 0, err, n;

	/* Never past the token's own expiry. */
	if (a->expires_us) {
		int64_t until = (a->expires_us - now) / 1000000;
		if (until < left)
			left = until;
	}
	if (left < 1) {
		snprintf(note, note_size, "; not remembered: the token expires "
		         "within a second");
		return;
	}
	n = asprintf(&payload, "v1\n%" PRId64 "\n%" PRId64 "\n%s\n%s\n%s", now,
	             a->expires_us, a->type ? a->type : "-",
	             a->username ? a->username : "-", a->value);
	if (n < 0) {
		snprintf(note, note_size, "; not remembered: out of memory");
		return;
	}
	if (ex_remember_put(desc, payload, (size_t)n, (unsigned int)left, &key,
	                    &err) == 0)
		snprintf(note, note_size, "; remembered for %" PRId64 " s "
		         "(kernel key %d in the user keyring)", left, key);
	else
		snprintf(note, note_size, "; not remembered: %s (keyctl: %s)",
		         err == ENOSYS || err == EPERM || err == EOPNOTSUPP ||
		                         err == EACCES
		                 ? "no kernel keyring here (a container's "
		                   "seccomp profile may block keyctl)"
		                 : err == EDQUOT ? "the user's key quota is full"
		                                 : "the kernel keyring failed",
		         strerror(err));
	dh_wipe(payload, (size_t)n);
	free(payload);
}

static dagshub_provider_result s_get(void *state, dagshub_provider_ctx *ctx,
                                     const dagshub_provider_request *req)
{
	struct s_exec *st = state;
	dagshub_provider_result res = DAGSHUB_PROVIDER_ERROR;
	const char *add[4], *bad = NULL, *cmd;
	char path[PATH_MAX], note[256] = "", *desc = NULL, *why = NULL;
	char *e_host = NULL, *e_inter = NULL, *e_def = NULL, *line = NULL;
	char **envp = NULL;
	bool interactive = st->interactive &&
	                   (req->flags & DAGSHUB_REQUEST_INTERACTIVE);
	bool keyring = st->cache_seconds > 0;
	s_answer a = { 0 };
	ex_run r;
	int fd = -1;

	memset(&r, 0, sizeof(r));
	cmd = st->argv[0];
	if (!ph_hosts_match(&st->hosts, req)) {
		ph_hosts_miss(svc, ctx, &st->hosts, req, "the command");
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (keyring) {
		if (!(desc = s_key_desc(st, req->host))) {
			svc->set_reason(ctx, "out of memory");
			return DAGSHUB_PROVIDER_ERROR;
		}
		res = s_recall(st, ctx, desc, note, sizeof(note));
		if (res == DAGSHUB_PROVIDER_TOKEN)
			goto out;
		keyring = res != DAGSHUB_PROVIDER_UNAVAILABLE;
		res = DAGSHUB_PROVIDER_ERROR;
	}

	if (s_command_fd(st, ctx, path, &fd) != 0)
		goto out;
	/* asprintf leaves its pointer undefined when it fails. */
	if (asprintf(&e_host, "DAGSHUB_AUTH_HOST=%s", req->host) < 0)
		e_host = NULL;
	if (asprintf(&e_inter, "DAGSHUB_AUTH_INTERACTIVE=%d", interactive) < 0)
		e_inter = NULL;
	if (asprintf(&e_def, "DAGSHUB_AUTH_DEFAULT_HOST=%s",
	             req->default_host ? req->default_host : "") < 0)
		e_def = NULL;
	if (!e_host || !e_inter || !e_def) {
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	add[0] = e_host;
	add[1] = e_inter;
	add[2] = e_def;
	add[3] = NULL;
	if (!(envp = dh_child_environ(add))) {
		svc->set_reason(ctx, "out of memory");
		goto out;
	}
	r.exe_fd = fd;
	r.argv = st->argv;
	r.envp = envp;
	r.interactive = interactive;
	r.timeout_s = interactive ? st->interactive_timeout : st->timeout;
	r.deadline_ms = req->deadline_ms;
	if (ex_run_command(&r, &why) != 0) {
		svc->set_reason(ctx, "%s: %s", cmd, why ? why : "out of memory");
		goto out;
	}
	if (r.exec_errno) {
		svc->set_reason(ctx, "cannot run %s: %s", path,
		                strerror(r.exec_errno));
		goto out;
	}
	if (r.timed_out) {
		svc->set_reason(ctx, "%s timed out after %ld s%s; %s was "
		                "killed", cmd, r.waited_s,
		                r.by_deadline ? " (the request's deadline)"
		                : interactive ? " (args.interactive_timeout)"
		                              : " (args.timeout)",
		                interactive ? "it" : "its process group");
		goto out;
	}
	if (r.out_truncated) {
		svc->set_reason(ctx, "%s printed more than %d KiB on stdout: not "
		                "a token%s", cmd, EX_OUT_MAX / 1024,
		                !r.killed_early ? ""
		                : interactive ? "; it was killed"
		                              : "; its process group was killed");
		goto out;
	}
	if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == 0) {
		const char *secrets[2] = { NULL, NULL };
		res = s_parse(r.out, r.out_len, &a, &bad);
		secrets[0] = a.value;
		line = s_last_line(r.err, secrets);
	} else {
		/* Whatever it printed on stdout must not show up in a reason
		 * through its stderr either: the token in it as it would have
		 * been read (from a JSON object), and its first line as is. */
		char *tok = s_printed_token(r.out), *o = r.out;
		const char *secrets[3] = { NULL, NULL, NULL };
		size_t k = 0;
		while (*o == ' ' || *o == '\n' || *o == '\r' || *o == '\t')
			o++;
		o[strcspn(o, "\r\n")] = '\0';
		/* The longer first: the line may hold the token. */
		if (*o)
			secrets[k++] = o;
		if (tok)
			secrets[k++] = tok;
		line = s_last_line(r.err, secrets);
		dh_free_secret(tok);
		res = DAGSHUB_PROVIDER_ERROR;
	}
	if (WIFSIGNALED(r.status)) {
		int sig = WTERMSIG(r.status);
		const char *abbrev = sigabbrev_np(sig); /* thread-safe */
		svc->set_reason(ctx, "%s was killed by signal %d (SIG%s)%s%s",
		                cmd, sig, abbrev ? abbrev : "?",
		                line ? ": " : "", line ? line : "");
	} else if (WEXITSTATUS(r.status) == S_EX_TEMPFAIL) {
		svc->set_reason(ctx, "%s cannot answer now (exit 75)%s%s", cmd,
		                line ? ": " : "", line ? line : "");
		res = DAGSHUB_PROVIDER_UNAVAILABLE;
	} else if (WEXITSTATUS(r.status) != 0) {
		svc->set_reason(ctx, "%s exited with status %d: %s", cmd,
		                WEXITSTATUS(r.status),
		                line ? line : "(nothing on stderr)");
	} else if (res == DAGSHUB_PROVIDER_NOTFOUND) {
		svc->set_reason(ctx, "%s printed nothing (exit 0)%s%s", cmd,
		                line ? ": " : "", line ? line : "");
	} else if (res == DAGSHUB_PROVIDER_ERROR) {
		svc->set_reason(ctx, "%s %s", cmd, bad);
	} else if ((res = s_answer_with(ctx, &a)) == DAGSHUB_PROVIDER_TOKEN) {
		if (keyring)
			s_remember(st, ctx, desc, &a, note, sizeof(note));
		svc->set_reason(ctx, "from %s (exit 0)%s", cmd, note);
	}
out:
	s_answer_free(&a);
	free(line);
	free(why);
	ex_run_free(&r);
	dh_child_environ_free(envp);
	free(e_host);
	free(e_inter);
	free(e_def);
	if (fd >= 0)
		close(fd);
	free(desc);
	return res;
}

/* Forgets what cache_seconds remembered for the host (`dagshub-auth
 * logout`, or a token the server rejected): the command runs again on the
 * next get.  With `value`, only when that is the token remembered. */
static dagshub_provider_result s_erase(void *state, dagshub_provider_ctx *ctx,
                                       const dagshub_provider_request *req,
                                       const char *value)
{
	struct s_exec *st = state;
	dagshub_provider_result res = DAGSHUB_PROVIDER_NOTFOUND;
	char *desc;
	s_answer a = { 0 };
	int64_t stored;
	ex_memory m;
	int err, rc;

	if (st->cache_seconds <= 0) {
		svc->set_reason(ctx, "nothing remembered (cache_seconds = 0)");
		return DAGSHUB_PROVIDER_NOTFOUND;
	}
	if (!(desc = s_key_desc(st, req->host))) {
		svc->set_reason(ctx, "out of memory");
		return DAGSHUB_PROVIDER_ERROR;
	}
	rc = ex_remember_get(desc, &m, &err);
	if (rc == EX_MEM_MISS) {
		svc->set_reason(ctx, "nothing remembered for %s", req->host);
	} else if (rc != EX_MEM_HIT) {
		svc->set_reason(ctx, "cannot look in the kernel keyring: %s",
		                strerror(err));
		res = rc == EX_MEM_NOKEYRING ? DAGSHUB_PROVIDER_NOTFOUND
		                             : DAGSHUB_PROVIDER_ERROR;
	} else if (value && (s_unpack(m.payload, &a, &stored) != 0 ||
	                     strcmp(a.value, value) != 0)) {
		svc->set_reason(ctx, "kernel key %d remembers another token; "
		                "kept", m.key);
	} else if ((rc = ex_remember_forget(m.key, &err)) == 0) {
		svc->set_reason(ctx, "forgot kernel key %d (the command runs "
		                "again on the next get)", m.key);
		res = DAGSHUB_PROVIDER_TOKEN;
	} else if (rc == EX_MEM_MISS) {
		svc->set_reason(ctx, "nothing remembered for %s", req->host);
	} else {
		svc->set_reason(ctx, "removing kernel key %d: %s", m.key,
		                strerror(err));
		res = DAGSHUB_PROVIDER_ERROR;
	}
	s_answer_free(&a);
	ex_memory_free(&m);
	free(desc);
	return res;
}

static const dagshub_provider_ops s_ops = {
	.abi_major = DAGSHUB_PROVIDER_ABI_MAJOR,
	.abi_minor = DAGSHUB_PROVIDER_ABI_MINOR,
	.struct_size = sizeof(dagshub_provider_ops),
	.name = "exec",
	.flags = 0,
	.open = s_open,
	.get = s_get,
	.erase = s_erase,
	.close = s_close,
};

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services);

DAGSHUB_PROVIDER_EXPORT const dagshub_provider_ops *
dagshub_provider_entry(uint32_t core_abi_major, uint32_t core_abi_minor,
                       const dagshub_provider_services *services)
{
	(void)core_abi_minor;
	if (core_abi_major != DAGSHUB_PROVIDER_ABI_MAJOR)
		return NULL;
	/* open_trusted is ABI 1.1: an older core cannot check the command. */
	if (!DAGSHUB_HAS_FIELD(services, dagshub_provider_services,
	                       open_trusted))
		return NULL;
	svc = services;
	return &s_ops;
}
