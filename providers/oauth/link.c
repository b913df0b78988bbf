/*
 * providers/oauth/link.c - the random ids of one login attempt and the
 * authorize link the person opens.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "oauth.h"

static const char s_hex[] = "0123456789abcdef";

/* getrandom() until n bytes came (it may be interrupted by a signal). */
static int s_random(unsigned char *buf, size_t n)
{
	size_t got = 0;

	while (got < n) {
		ssize_t r = getrandom(buf + got, n - got, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		got += (size_t)r;
	}
	return 0;
}

static void s_to_hex(char *out, const unsigned char *in, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out[2 * i] = s_hex[in[i] >> 4];
		out[2 * i + 1] = s_hex[in[i] & 15];
	}
	out[2 * n] = '\0';
}

int oauth_ids_new(oauth_ids *ids)
{
	unsigned char u[16], r[32];
	char hex[33];

	if (s_random(u, sizeof(u)) || s_random(r, sizeof(r)))
		return -1;
	/* RFC 4122 version 4 (random) UUID, as Python's uuid.uuid4(). */
	u[6] = (unsigned char)((u[6] & 0x0f) | 0x40);
	u[8] = (unsigned char)((u[8] & 0x3f) | 0x80);
	s_to_hex(hex, u, sizeof(u));
	snprintf(ids->state, sizeof(ids->state), "%.8s-%.4s-%.4s-%.4s-%.12s",
	         hex, hex + 8, hex + 12, hex + 16, hex + 20);
	/*
	 * The Python client sends sha256(os.urandom(...)).hexdigest(): 64 hex
	 * digits of a digest of random bytes.  32 bytes straight from
	 * getrandom() are exactly as unpredictable and look the same to the
	 * server, without carrying a SHA-256 implementation here.
	 */
	s_to_hex(ids->request_id, r, sizeof(r));
	dh_wipe(u, sizeof(u));
	dh_wipe(r, sizeof(r));
	return 0;
}

char *oauth_url_encode(const char *s)
{
	size_t n = strlen(s);
	char *out = malloc(3 * n + 1), *o = out;

	if (!out)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		/* RFC 3986 unreserved characters stay as they are. */
		if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~", *p)) {
			*o++ = (char)*p;
		} else {
			*o++ = '%';
			*o++ = "0123456789ABCDEF"[*p >> 4];
			*o++ = "0123456789ABCDEF"[*p & 15];
		}
	}
	*o = '\0';
	return out;
}

char *oauth_authorize_link(const char *host, const char *client_id,
                           const oauth_ids *ids, const char *referrer)
{
	char *cid = oauth_url_encode(client_id);
	char *ref = referrer && *referrer ? oauth_url_encode(referrer) : NULL;
	char *link = NULL;

	if (!cid || (referrer && *referrer && !ref))
		goto out;
	if (asprintf(&link, "%s/login/oauth/authorize?state=%s&client_id=%s"
	             "&middleman_request_id=%s%s%s", host, ids->state, cid,
	             ids->request_id, ref ? "&referrer=" : "",
	             ref ? ref : "") < 0)
		link = NULL;
out:
	free(cid);
	free(ref);
	return link;
}
