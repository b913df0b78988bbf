/*
 * core/http/policy.h - where a request (and a token) may go.  Compiled
 * into both libdagshub-auth (checks before anything is loaded or
 * connected) and the HTTP module (checks every redirect target).  Not
 * installed.
 *
 * The rule (dagshub-auth.conf(5), allow_insecure_http): https anywhere; plain http
 * only to a loopback address (127.0.0.0/8, ::1, localhost) unless the
 * config sets allow_insecure_http = true.  It applies to every request,
 * not only those carrying a token: OAuth answers carry tokens too.
 */
#ifndef DAGSHUB_CORE_HTTP_POLICY_H
#define DAGSHUB_CORE_HTTP_POLICY_H

#include <stdbool.h>

typedef struct dh_url_parts {
	bool https;          /* else http */
	char host[256];      /* lower-case; IPv6 without brackets */
	unsigned port;       /* explicit, or 80/443 */
} dh_url_parts;

/* Splits an http(s) URL.  0, or -1 when it is not one, or holds userinfo
 * (user@host, refused as core/host.c refuses it), a backslash, a space or
 * a control character anywhere (bytes parsers read differently).  The
 * HTTP module reads every URL again with libcurl's curl_url() and refuses
 * it unless both readings agree (core/http/http.c, s_url_read). */
int dh_url_parse(dh_url_parts *out, const char *url);

/* true when two hosts as dh_url_parse gives them are the same: equal
 * strings, or one IPv6 address written two ways. */
bool dh_url_same_host(const char *a, const char *b);

/* true for 127.0.0.0/8, ::1 and "localhost". */
bool dh_url_host_is_loopback(const char *host);

/* 0 when a request to url is allowed; else -1 and *why (malloc()ed)
 * says why, naming the host but never the rest of the URL. */
int dh_url_check(const char *url, bool allow_insecure_http, char **why);

/* true when a redirect from `from` to `to` may be followed with the same
 * credentials: same host and port and scheme, or the same host moving
 * from http to https on the default ports.  Anything else is another
 * origin and is not followed at all. */
bool dh_url_redirect_ok(const char *from, const char *to);
/* The same rule on URLs already split (the module splits with libcurl). */
bool dh_url_parts_redirect_ok(const dh_url_parts *from,
                              const dh_url_parts *to);

#endif /* DAGSHUB_CORE_HTTP_POLICY_H */
