"""Checks of get_authenticator() across redirects (redirect.sh).

FAKE_URL (127.0.0.1) accepts goodtok-0123456789 (alice); FAKE2_URL
(127.0.0.2) accepts no token.  FAKE_URL/_fake/redirect?to=URL is a 302
to URL.  The chain is cache (validate = false), oauth (unavailable).
"""
import os
import urllib.parse

from pytap import (FAKE_URL, check, eq, fake_count, fake_log, fake_reset,
                   run, write_cache)

import dagshub_auth

import httpx  # noqa: E402
import requests  # noqa: E402

FAKE2 = os.environ["FAKE2_URL"]
CACHE = os.path.join(os.environ["XDG_CACHE_HOME"], "dagshub", "tokens")
DEAD, GOOD = "deadtok-0123456789", "goodtok-0123456789"


def redirect(to):
    return FAKE_URL + "/_fake/redirect?" + urllib.parse.urlencode({"to": to})


def cached():
    with open(CACHE) as f:
        return f.read()


def via_httpx(url):
    with httpx.Client(auth=dagshub_auth.get_authenticator(),
                      follow_redirects=True, timeout=30) as c:
        return c.get(url)


def via_requests(url):
    s = requests.Session()
    s.trust_env = False
    s.auth = dagshub_auth.get_authenticator()
    return s.get(url, timeout=30)


for name, fn in (("httpx", via_httpx), ("requests", via_requests)):
    # ---- a 401 from another host after a redirect: the token stays --------
    write_cache(CACHE, {FAKE_URL: [GOOD]})
    fake_reset()
    fake_reset(url=FAKE2)
    r = run(name + ": a redirect to another host", fn,
            redirect(FAKE2 + "/api/v1/user"))
    eq(name + ": the other host's 401 is returned", 401,
       r is not None and r.status_code)
    eq(name + ": our host got the token, the other host did not",
       (["present"], ["absent"]),
       ([x["authorization"] for x in fake_log()],
        [x["authorization"] for x in fake_log(url=FAKE2)]))
    check(name + ": the good token is still in the cache", GOOD in cached(),
          cached())
    eq(name + ": no retry: one request to each host", (1, 1),
       (fake_count(), fake_count(url=FAKE2)))
    r = run(name + ": the next request", fn, FAKE_URL + "/api/v1/user")
    eq(name + ": ...still has the token: 200 as alice", (200, "alice"),
       r is not None and (r.status_code, r.json().get("login")))

    # ---- a 401 on our own host after a redirect: renegotiated -------------
    write_cache(CACHE, {FAKE_URL: [DEAD, GOOD]})
    fake_reset()
    r = run(name + ": a redirect on the token's own host", fn,
            redirect(FAKE_URL + "/api/v1/user"))
    eq(name + ": same host, revoked token: renegotiated, 200 as alice",
       (200, "alice"),
       r is not None and (r.status_code, r.json().get("login")))
    check(name + ": ...and the revoked token is erased", DEAD not in cached(),
          cached())
