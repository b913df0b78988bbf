"""Checks of get_authenticator() with httpx and requests (authenticator.sh).

FAKE_URL accepts goodtok-0123456789 (alice); FAKE2_URL accepts
other-0123456789; the chain is env, cache (validate = false), oauth.
"""
import asyncio
import os
import sys

from pytap import (FAKE_URL, check, eq, fake_count, fake_log,
                   fake_reset, raises, run, write_cache)

import dagshub_auth

FAKE2 = os.environ["FAKE2_URL"]
CACHE = os.path.join(os.environ["XDG_CACHE_HOME"], "dagshub", "tokens")
DEAD, GOOD = "deadtok-0123456789", "goodtok-0123456789"
USER = FAKE_URL + "/api/v1/user"

heavy = [m for m in ("httpx", "requests") if m in sys.modules]
eq("httpx and requests are not imported before get_authenticator()", [], heavy)

import httpx  # noqa: E402
import requests  # noqa: E402
import requests.auth  # noqa: E402

write_cache(CACHE, {FAKE_URL: [GOOD]})
au = run("get_authenticator()", dagshub_auth.get_authenticator)
check("the authenticator is an httpx.Auth", isinstance(au, httpx.Auth))
check("...and a requests.auth.AuthBase", isinstance(au, requests.auth.AuthBase))
check("...its repr shows no token", GOOD not in repr(au) and
      GOOD not in repr(vars(au)), repr(vars(au)))
import copy  # noqa: E402
import pickle  # noqa: E402
for how, fn in (("copied", copy.copy), ("deep-copied", copy.deepcopy),
                ("pickled", lambda a: pickle.loads(pickle.dumps(a)))):
    au2 = run("the authenticator " + how, fn, au)
    check("...%s, it is still an httpx.Auth and a requests AuthBase" % how,
          isinstance(au2, httpx.Auth) and isinstance(au2, requests.auth.AuthBase))
    r = run("...%s, it authenticates" % how, requests.get, USER, auth=au2, timeout=30)
    eq("...%s: 200 as alice" % how, (200, "alice"),
       r is not None and (r.status_code, r.json().get("login")))
check("...a pickle of it holds no token", GOOD.encode() not in pickle.dumps(au))
au2 = pickle.loads(pickle.dumps(dagshub_auth.get_authenticator(
    host=FAKE_URL + "/", fail_if_no_token=True)))
eq("...and keeps host= and fail_if_no_token=", (FAKE_URL + "/", True),
   (au2.host, bool(au2._flags & 1)))

# ---- httpx: revoked token first, good one second -------------------------
write_cache(CACHE, {FAKE_URL: [DEAD, GOOD]})
fake_reset()
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = run("httpx get", c.get, USER)
eq("httpx: the request succeeds after the 401", 200, r and r.status_code)
eq("httpx: as the good token's user", "alice", r and r.json().get("login"))
eq("httpx: exactly one retry (two requests)", 2, fake_count("/api/v1/user"))
eq("httpx: the refused response is in the history", [401],
   r and [h.status_code for h in r.history])
check("httpx: the revoked token is erased from the cache", DEAD not in open(CACHE).read())
check("httpx: the good one stays", GOOD in open(CACHE).read())
fake_reset()
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = c.get(USER)
eq("httpx: next time one request", (200, 1), (r.status_code, fake_count("/api/v1/user")))

# ---- requests: the same through a response hook ---------------------------
write_cache(CACHE, {FAKE_URL: [DEAD, GOOD]})
fake_reset()
s = requests.Session()
s.trust_env = False
s.auth = dagshub_auth.get_authenticator()
r = run("requests get", s.get, USER, timeout=30)
eq("requests: the request succeeds after the 401", 200, r and r.status_code)
eq("requests: as the good token's user", "alice", r and r.json().get("login"))
eq("requests: exactly one retry (two requests)", 2, fake_count("/api/v1/user"))
eq("requests: the refused response is in the history", [401],
   r and [h.status_code for h in r.history])
check("requests: the revoked token is erased from the cache", DEAD not in open(CACHE).read())
fake_reset()
r = s.get(USER, timeout=30)
eq("requests: next time one request", (200, 1), (r.status_code, fake_count("/api/v1/user")))
r = requests.get(USER, auth=dagshub_auth.get_authenticator(), timeout=30)
eq("requests.get(auth=...) works too", 200, r.status_code)

# ---- both bad: one retry, then the 401 is returned ------------------------
write_cache(CACHE, {FAKE_URL: [DEAD, "dead2-0123456789"]})
fake_reset()
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = c.get(USER)
eq("httpx: two refused tokens: the 401 is returned after one retry",
   (401, 2), (r.status_code, fake_count("/api/v1/user")))
write_cache(CACHE, {FAKE_URL: [DEAD, "dead2-0123456789"]})
fake_reset()
r = s.get(USER, timeout=30)
eq("requests: two refused tokens: the 401 is returned after one retry",
   (401, 2), (r.status_code, fake_count("/api/v1/user")))

# ---- a 500 is not renegotiated ---------------------------------------------
write_cache(CACHE, {FAKE_URL: [GOOD]})
from pytap import fake_mode  # noqa: E402
fake_reset()
fake_mode("/api/v1/user", "500")
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = c.get(USER)
eq("a 500 is returned as is, with no retry", (500, 1),
   (r.status_code, fake_count("/api/v1/user")))
check("...and the token stays", GOOD in open(CACHE).read())
fake_mode("/api/v1/user", "ok")

# ---- env tokens are not replaced ------------------------------------------
os.environ["DAGSHUB_USER_TOKEN"] = "envtok-0123456789"
fake_reset()
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = c.get(USER)
eq("a refused DAGSHUB_USER_TOKEN is not replaced: 401, one request",
   (401, 1), (r.status_code, fake_count("/api/v1/user")))
del os.environ["DAGSHUB_USER_TOKEN"]

# ---- the token goes to its host only ---------------------------------------
fake_reset(url=FAKE2)
with httpx.Client(auth=dagshub_auth.get_authenticator()) as c:
    r = c.get(FAKE2 + "/api/v1/user")
eq("httpx: a request to another host carries no Authorization",
   ["absent"], [x["authorization"] for x in fake_log(url=FAKE2)])
fake_reset(url=FAKE2)
r = s.get(FAKE2 + "/api/v1/user", timeout=30)
eq("requests: a request to another host carries no Authorization",
   ["absent"], [x["authorization"] for x in fake_log(url=FAKE2)])
write_cache(CACHE, {FAKE_URL: [GOOD], FAKE2: ["other-0123456789"]})
with httpx.Client(auth=dagshub_auth.get_authenticator(host=FAKE2)) as c:
    r = c.get(FAKE2 + "/api/v1/user")
eq("get_authenticator(host=) uses that host's token", "bob", r.json().get("login"))

# ---- cache_location, async, fail_if_no_token --------------------------------
other = os.path.join(os.environ["T"], "other-tokens")
write_cache(other, {FAKE_URL: [DEAD, GOOD]})
write_cache(CACHE, {FAKE_URL: ["dead2-0123456789"]})
fake_reset()
with httpx.Client(auth=dagshub_auth.get_authenticator(cache_location=other)) as c:
    r = c.get(USER)
eq("get_authenticator(cache_location=) renegotiates in that file", (200, 2),
   (r.status_code, fake_count("/api/v1/user")))
check("...erasing there", DEAD not in open(other).read())


async def anext_get():
    async with httpx.AsyncClient(auth=dagshub_auth.get_authenticator(cache_location=other)) as c:
        return await c.get(USER)
r = run("async", asyncio.run, anext_get())
eq("httpx.AsyncClient works too", 200, r and r.status_code)

empty = os.path.join(os.environ["T"], "empty-tokens")
fake_reset()
e = raises("get_authenticator(fail_if_no_token=True) with no token raises now",
           dagshub_auth.TokenNotFoundError, dagshub_auth.get_authenticator,
           fail_if_no_token=True, cache_location=empty)
check("...a RuntimeError", isinstance(e, RuntimeError))
eq("...without any request", 0, fake_count())
raises("get_authenticator: an unknown keyword is a TypeError", TypeError,
       dagshub_auth.get_authenticator, cache=other)

# ---- requests: a body that cannot be sent again ----------------------------
# A small upload server of our own on 127.0.0.1: 401 unless the good
# token, and it records the length of every body it got.
import http.server  # noqa: E402
import threading  # noqa: E402

got = []


class Upload(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def do_POST(self):  # noqa: N802
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                n = int(self.rfile.readline().strip(), 16)
                if n == 0:
                    self.rfile.readline()
                    break
                data += self.rfile.read(n)
                self.rfile.readline()
        else:
            data = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        ok = self.headers.get("Authorization") == "Bearer " + GOOD
        got.append((ok, len(data)))
        self.send_response(200 if ok else 401)
        self.send_header("Content-Length", "0")
        self.end_headers()


up = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Upload)
threading.Thread(target=up.serve_forever, daemon=True).start()
UP = "http://127.0.0.1:%d" % up.server_address[1]
DATA = b"x" * 30000


def chunks():
    for i in range(0, len(DATA), 10000):
        yield DATA[i:i + 10000]


write_cache(CACHE, {UP: [DEAD, GOOD]})
s = requests.Session()
s.trust_env = False
s.auth = dagshub_auth.get_authenticator(host=UP)
del got[:]
r = run("requests: a generator body", s.post, UP + "/up", data=chunks(), timeout=30)
eq("requests: a generator body after a 401 is not sent again empty: "
   "the 401 is returned", (401, [(False, len(DATA))]),
   (r is not None and r.status_code, got))
check("...the refused token is erased all the same", DEAD not in open(CACHE).read())
del got[:]
r = run("requests: the next generator body", s.post, UP + "/up", data=chunks(), timeout=30)
eq("...and the next request takes the next token", (200, [(True, len(DATA))]),
   (r is not None and r.status_code, got))
write_cache(CACHE, {UP: [DEAD, GOOD]})
del got[:]
import io  # noqa: E402
r = run("requests: a file body", s.post, UP + "/up", data=io.BytesIO(DATA), timeout=30)
eq("requests: a file body is sent again whole after a 401",
   (200, [(False, len(DATA)), (True, len(DATA))]),
   (r is not None and r.status_code, got))
rfd, wfd = os.pipe()
os.write(wfd, DATA[:5000])
os.close(wfd)
del got[:]
with os.fdopen(rfd, "rb") as pipe:
    r = run("requests: a pipe body (no tell())", s.post, UP + "/up", data=pipe, timeout=30)
eq("...is sent, with the token", (200, [(True, 5000)]),
   (r is not None and r.status_code, got))
up.shutdown()
