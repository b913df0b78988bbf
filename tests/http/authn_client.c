/*
 * tests/http/authn_client.c - a small libcurl program using
 * <dagshub/authenticator.h>, as an application would.  For
 * tests/http/authenticator.sh, authn_oauth.sh and redirect.sh.
 *
 *   authn_client -c CONFIG -u URL [-H HOST] [-L] [-w] [-i]
 *
 * -i leaves out DAGSHUB_AUTH_NON_INTERACTIVE, so the library decides
 * (a terminal on stdin and stderr, CI unset: OAuth may run; authn_oauth.sh);
 * -L sets CURLOPT_FOLLOWLOCATION on the caller's handle (libcurl's own
 * redirect rule then applies); -w calls dagshub_authenticator_whoami
 * instead.  Prints rc=, status=, retries=, source=, body= lines on stdout
 * and the library's message on stderr; exits 0 when the call returned
 * DAGSHUB_OK.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curl/curl.h>

#include "dagshub/authenticator.h"

struct body {
	char buf[4096];
	size_t len;
	int retries;
};

static size_t s_write(char *p, size_t size, size_t n, void *ud)
{
	struct body *b = ud;
	size_t len = size * n, room = sizeof(b->buf) - 1 - b->len;

	memcpy(b->buf + b->len, p, len < room ? len : room);
	b->len += len < room ? len : room;
	b->buf[b->len] = '\0';
	return len;
}

/* The refused answer's body already went to s_write: start over. */
static void s_retry(void *curl, void *payload)
{
	struct body *b = payload;

	(void)curl;
	b->len = 0;
	b->buf[0] = '\0';
	b->retries++;
}

/* The library writes nothing itself: the person's lines (the OAuth
 * link) go where an application puts them, here stderr. */
static void s_message(int kind, const char *text, void *payload)
{
	(void)payload;
	if (kind == DAGSHUB_MESSAGE_INFO)
		fprintf(stderr, "%s\n", text);
}

int main(int argc, char **argv)
{
	dagshub_auth_options o = DAGSHUB_AUTH_OPTIONS_INIT;
	const char *url = NULL;
	dagshub_authenticator *au = NULL;
	dagshub_auth *a = NULL;
	struct body b = { .len = 0 };
	int c, follow = 0, whoami = 0, interactive = 0, rc;
	long status = 0;
	CURL *curl = NULL;

	while ((c = getopt(argc, argv, "c:u:H:Lwi")) != -1) {
		switch (c) {
		case 'c': o.config_path = optarg; break;
		case 'u': url = optarg; break;
		case 'H': o.host = optarg; break;
		case 'L': follow = 1; break;
		case 'w': whoami = 1; break;
		case 'i': interactive = 1; break;
		default: return 2;
		}
	}
	if (!interactive)
		o.flags = DAGSHUB_AUTH_NON_INTERACTIVE;
	o.message = s_message;
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK)
		return 2;
	if ((rc = dagshub_auth_open(&a, &o)) != DAGSHUB_OK)
		goto out;
	if ((rc = dagshub_authenticator_new(&au, a, NULL)) != DAGSHUB_OK)
		goto out;
	if (whoami) {
		char *login = NULL;

		rc = dagshub_authenticator_whoami(&login, au);
		printf("login=%s\n", login ? login : "");
		free(login);
		goto out;
	}
	if (!url || !(curl = curl_easy_init()))
		return 2;
	curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, s_write);
	curl_easy_setopt(curl, CURLOPT_WRITEDATA, &b);
	curl_easy_setopt(curl, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(curl, CURLOPT_FOLLOWLOCATION, (long)follow);
	dagshub_authenticator_on_retry(au, s_retry, &b);
	rc = dagshub_authenticator_perform(&status, au, curl, url);
	printf("status=%ld\nretries=%d\nbody=%s\n", status, b.retries, b.buf);
out:
	printf("rc=%s\n", rc == DAGSHUB_OK ? "ok" : dagshub_strerror(rc));
	if (au && dagshub_authenticator_token(au))
		printf("source=%s\n", dagshub_authenticator_token(au)->source);
	if (rc != DAGSHUB_OK)
		fprintf(stderr, "authn_client: %s\n", dagshub_auth_last_error(a));
	if (curl)
		curl_easy_cleanup(curl);
	dagshub_authenticator_free(au);
	dagshub_auth_close(a);
	curl_global_cleanup();
	return rc == DAGSHUB_OK ? 0 : 1;
}
