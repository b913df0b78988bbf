"""Checks of get_authenticator() under proxy variables (proxy.sh).

FAKE_URL (127.0.0.1) accepts goodtok-0123456789 (alice); FAKE6_URL, when
set, is the same on [::1].  PROXY_URL is tests/http/listener.py in proxy
mode: it answers a plain request 200 as user "mallory" and logs one JSON
line per connection (PROXY_LOG), with "authorization": "present" when it
saw the header.  The chain is just the cache (validate = false).
"""
import json
import os
import time

from pytap import (FAKE_URL, check, contains, eq, fake_count, fake_log,
                   fake_reset, write_cache)

import dagshub_auth

import httpx  # noqa: E402
import requests  # noqa: E402

PROXY = os.environ["PROXY_URL"]
PROXY_LOG = os.environ["PROXY_LOG"]
FAKE6 = os.environ.get("FAKE6_URL", "")
CACHE = os.path.join(os.environ["XDG_CACHE_HOME"], "dagshub", "tokens")
GOOD = "goodtok-0123456789"
USER = FAKE_URL + "/api/v1/user"
VARS = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY",
        "all_proxy", "ALL_PROXY", "no_proxy", "NO_PROXY")


def proxy_log():
    """The proxy's connections so far (its log is written when a
    connection ends: wait until it stops growing)."""
    prev = None
    for _ in range(20):
        with open(PROXY_LOG) as f:
            lines = [json.loads(x) for x in f if x.strip()]
        if prev is not None and len(lines) == len(prev):
            break
        prev = lines
        time.sleep(0.1)
    return lines


def set_env(**kw):
    for v in VARS:
        os.environ.pop(v, None)
    os.environ.update(kw)


def via_requests(url, host=None):
    s = requests.Session()  # trust_env: it reads the proxy variables
    s.auth = dagshub_auth.get_authenticator(host=host)
    return s.get(url, timeout=30)


def via_httpx(url, host=None):
    with httpx.Client(auth=dagshub_auth.get_authenticator(host=host),
                      timeout=30) as c:
        return c.get(url)


def attempt(fn, url, host=None):
    """(response, None) or (None, exception)."""
    try:
        return fn(url, host), None
    except Exception as e:  # noqa: BLE001
        return None, e


CLIENTS = (("requests", via_requests), ("httpx", via_httpx))
write_cache(CACHE, {FAKE_URL: [GOOD]} if not FAKE6 else
            {FAKE_URL: [GOOD], FAKE6: [GOOD]})

# ---- a proxy named by each variable: refused, nothing sent -----------------
for var in ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"):
    for name, fn in CLIENTS:
        set_env(**{var: PROXY})
        fake_reset()
        before = len(proxy_log())
        r, e = attempt(fn, USER)
        what = "%s, %s set" % (name, var)
        check(what + ": the request is refused with DagshubAuthError",
              isinstance(e, dagshub_auth.DagshubAuthError),
              "got %r" % ((e if e is not None else
                           (r.status_code, r.text[:200])),))
        eq(what + ": the proxy saw no connection", [],
           proxy_log()[before:])
        eq(what + ": nor did the server", 0, fake_count())
        if isinstance(e, dagshub_auth.DagshubAuthError):
            msg = str(e)
            contains(what + ": the message says why", "over plain http "
                     "through a proxy", msg)
            contains(what + ": ...names the host", "127.0.0.1", msg)
            contains(what + ": ...and says what to do", "no_proxy", msg)
            check(what + ": ...and holds no token", GOOD not in msg, msg)

# ---- no_proxy naming the host: direct, with the token ----------------------
for np in ("127.0.0.1,localhost,::1", "127.0.0.1", "*"):
    for name, fn in CLIENTS:
        set_env(http_proxy=PROXY, no_proxy=np)
        fake_reset()
        before = len(proxy_log())
        r, e = attempt(fn, USER)
        what = "%s, no_proxy=%s" % (name, np)
        eq(what + ": the server itself answers, for the token's user",
           (200, "alice"), (r.status_code, r.json().get("login")) if r
           else repr(e))
        eq(what + ": the proxy saw nothing", [], proxy_log()[before:])
set_env(http_proxy=PROXY, NO_PROXY="127.0.0.1")
r, e = attempt(via_requests, USER)
eq("NO_PROXY works as no_proxy", 200, r.status_code if r else repr(e))
set_env(http_proxy=PROXY, no_proxy="localhost,example.invalid")
r, e = attempt(via_requests, USER)
check("no_proxy naming other hosts only: still refused",
      isinstance(e, dagshub_auth.DagshubAuthError), repr(r or e))

# ---- [::1]: requests honours no_proxy=::1, httpx 0.23 does not -------------
if FAKE6:
    for name, fn in CLIENTS:
        set_env(http_proxy=PROXY, no_proxy="127.0.0.1,localhost,::1")
        before = len(proxy_log())
        r, e = attempt(fn, FAKE6 + "/api/v1/user", FAKE6)
        seen = proxy_log()[before:]
        what = "%s, [::1] with no_proxy=...,::1" % name
        eq(what + ": the proxy never sees the token", [],
           [x for x in seen if x["authorization"] == "present"])
        check(what + ": either direct to the server or refused",
              (r is not None and r.status_code == 200 and
               r.json().get("login") == "alice") or
              isinstance(e, dagshub_auth.DagshubAuthError), repr(r or e))
        if isinstance(e, dagshub_auth.DagshubAuthError):
            contains(what + ": a refusal says what works instead",
                     "127.0.0.1 or localhost", str(e))
else:
    from pytap import skip  # noqa: E402
    skip("[::1] with no_proxy=::1", "no IPv6 loopback here")

# ---- requests elsewhere are the client's business --------------------------
set_env(http_proxy=PROXY)
before = len(proxy_log())
r, e = attempt(via_requests, "http://other.example.invalid/x")
eq("a request to another host goes its way (through the proxy), no error",
   200, r.status_code if r else repr(e))
eq("...without the token", ["absent"],
   [x["authorization"] for x in proxy_log()[before:]])
set_env()
fake_reset()
r, e = attempt(via_httpx, USER)
eq("no proxy variables: direct, as before", (200, ["present"]),
   (r.status_code if r else repr(e),
    [x["authorization"] for x in fake_log()]))
