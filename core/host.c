/*
 * core/host.c - host URL normalisation.
 *
 * Two spellings of one DagsHub instance must find the same chain and the
 * same cached tokens, so every host is reduced to one form:
 * scheme://host[:port][/path] with scheme and host lower-case, the default
 * port dropped, no trailing slash, and a path prefix kept as written.
 * User info, queries and fragments are refused: they have no meaning for
 * a host and user info would put a secret into logs.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "internal.h"

static int s_fail(char **why, const char *msg)
{
	if (why)
		*why = dh_strdup(msg);
	return DAGSHUB_EINVAL;
}

int dh_normalize_host(char **out, const char *url, char **why)
{
	const char *p, *auth, *auth_end, *host_end, *port = NULL;
	const char *scheme;
	unsigned default_port, port_no = 0;
	size_t hostlen, pathlen, i;
	char *res, *w;

	*out = NULL;
	if (why)
		*why = NULL;
	if (!url || !*url)
		return s_fail(why, "empty host URL");
	for (p = url; *p; p++)
		if ((unsigned char)*p <= ' ' || *p == 0x7f)
			return s_fail(why, "host URL contains a space or control character");

	if (dh_has_prefix_nocase(url, "https://")) {
		scheme = "https";
		default_port = 443;
		auth = url + 8;
	} else if (dh_has_prefix_nocase(url, "http://")) {
		scheme = "http";
		default_port = 80;
		auth = url + 7;
	} else {
		return s_fail(why, "host URL must start with https:// or http://");
	}

	auth_end = auth + dh_cspan(auth, "/?#");
	if (auth_end[dh_cspan(auth_end, "?#")])
		return s_fail(why, "host URL must not have a query or fragment");
	if (memchr(auth, '@', (size_t)(auth_end - auth)))
		return s_fail(why, "host URL must not contain user info (user@)");

	if (*auth == '[') { /* IPv6 literal */
		const char *rb = memchr(auth, ']', (size_t)(auth_end - auth));
		if (!rb)
			return s_fail(why, "unterminated [IPv6] address in host URL");
		host_end = rb + 1;
	} else {
		host_end = memchr(auth, ':', (size_t)(auth_end - auth));
		if (!host_end)
			host_end = auth_end;
	}
	if (host_end == auth)
		return s_fail(why, "host URL has no host name");
	if (host_end < auth_end) {
		if (*host_end != ':')
			return s_fail(why, "unexpected text after ] in host URL");
		port = host_end + 1;
		if (port == auth_end)
			port = NULL; /* "host:" means the default port */
		for (p = port; p && p < auth_end; p++)
			if (!dh_is_digit(*p))
				return s_fail(why, "host URL port is not a number");
		if (port) {
			/* "0443" and "041565" are 443 and 41565, as libcurl
			 * and Python read them: leading zeros do not count */
			p = port;
			while (p + 1 < auth_end && *p == '0')
				p++;
			if (auth_end - p > 5)
				return s_fail(why, "host URL port is out of range");
			for (; p < auth_end; p++)
				port_no = port_no * 10 + (unsigned)(*p - '0');
			if (port_no > 65535 || port_no == 0)
				return s_fail(why, "host URL port is out of range");
			if (port_no == default_port)
				port = NULL;
		}
	}
	/* A host name is ASCII letters, digits and a few marks (RFC 3986's
	 * reg-name); quotes, angle brackets and bytes past ASCII (C1
	 * controls, bidi overrides) would only reach terminals, logs and
	 * git's configuration keys. */
	for (p = auth; p < host_end; p++)
		if ((unsigned char)*p >= 0x80 || strchr("\"<>\\^`{|}", *p))
			return s_fail(why, (unsigned char)*p >= 0x80 ?
			              "host URL's host name is not ASCII (write an "
			              "international name in its xn-- form)" :
			              "host URL's host name has a character a host "
			              "name cannot have");

	pathlen = strlen(auth_end);
	while (pathlen > 0 && auth_end[pathlen - 1] == '/')
		pathlen--;

	hostlen = (size_t)(host_end - auth);
	res = malloc(strlen(scheme) + 3 + hostlen + 7 + pathlen + 1);
	if (!res)
		return DAGSHUB_ENOMEM;
	w = res;
	i = strlen(scheme);
	memcpy(w, scheme, i);
	memcpy(w + i, "://", 3);
	w += i + 3;
	for (i = 0; i < hostlen; i++)
		*w++ = dh_to_lower(auth[i]);
	if (port) {
		*w++ = ':';
		w += dh_put_uint(w, port_no);
	}
	memcpy(w, auth_end, pathlen);
	w[pathlen] = '\0';
	*out = res;
	return DAGSHUB_OK;
}

DH_API int dagshub_normalize_host(char **out, const char *url)
{
	int rc;

	if (!out)
		return DAGSHUB_EINVAL;
	rc = dh_normalize_host(out, url, NULL);
	return rc;
}
