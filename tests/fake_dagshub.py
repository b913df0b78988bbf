#!/usr/bin/env python3
"""A fake DagsHub server for the dagshub-auth tests (python3 stdlib only).

Tests start it on a loopback address with a free port:

    fake_dagshub.py --port-file FILE [--token TOK:USER ...] [--client-id ID]
                    [--oauth-wait SECONDS] [--bind ADDR] [--watch-pid PID]

It binds port 0 and writes the port it got to FILE (atomically, by rename),
so a test never races for a port.  tests/fake.sh wraps all of this.

What it serves
--------------
GET  /api/v1/user                 200 {"login": U, "username": U, ...} for an
                                  accepted `Authorization: Bearer TOK`, else 401
                                  (also at any path ending in /api/v1/user,
                                  for hosts with a path prefix)
GET  /login/oauth/authorize       ?state&client_id&middleman_request_id[&referrer]
                                  approves that request id (the test plays
                                  the browser with curl); small HTML page
POST /login/oauth/middleman       form request_id: waits (at most --oauth-wait
                                  seconds, then 408) until that id is
                                  approved, answers the code as a JSON string
POST /login/oauth/access_token    form client_id, code, state: answers
                                  {"access_token": "oauth-<hex>", "expiry":
                                  "<RFC 3339, 9 fractional digits, UTC>",
                                  "token_type": "bearer"}; the token is
                                  accepted from then on.  Wrong code or
                                  client_id (or a state that differs from the
                                  authorize call's): 400.

Control API (for the tests; never counted, never logged)
--------------------------------------------------------
POST /_fake/mode      form path=P, mode=ok|500|401|403|drop|slow:<seconds>|
                      garbage (200 with a body that is not JSON)|
                      redirect:<absolute URL> (302 there)
GET  /_fake/count     ?path=P: requests to P; no path: all non-control ones
GET  /_fake/log       JSON list of {method, path, host_header, authorization}
                      where authorization is "present" or "absent" (the token
                      itself is never written anywhere)
POST /_fake/reset     clears counts, log, modes and OAuth requests; the
                      accepted tokens stay as they are
POST /_fake/token     form token, user: accept a token from now on
POST /_fake/revoke    form token: stop accepting it
GET  /_fake/redirect  ?to=<absolute URL>: 302 to it.  This one is counted
                      and logged (the client under test makes it).

Counts and the log are kept by path without the query string.  A mode
applies to a path before it is served, so `slow:3` on /api/v1/user delays
the answer by 3 s, and `drop` closes the connection without any answer.
"""

import argparse
import datetime
import json
import os
import secrets
import socket
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# DagsHub's public OAuth client id (the one the Python client uses).
DEFAULT_CLIENT_ID = \
    "32b60ba385aa7cecf24046d8195a71c07dd345d9657977863b52e7748e0f0f28"

CONTROL_PREFIX = "/_fake/"
# Control paths the client under test (not the test script) requests.
CLIENT_FACING_CONTROL = {"/_fake/redirect"}


class State:
    """Everything the server remembers, behind one lock."""

    def __init__(self, tokens, client_id, oauth_wait):
        self.lock = threading.Condition()
        self.tokens = dict(tokens)      # token -> user
        self.client_id = client_id
        self.oauth_wait = oauth_wait
        self.modes = {}                 # path -> mode
        self.counts = {}                # path -> n
        self.total = 0
        self.log = []
        self.approved = {}              # middleman request id -> state
        self.codes = {}                 # code -> state given at authorize

    def reset(self):
        with self.lock:
            self.modes.clear()
            self.counts.clear()
            self.total = 0
            self.log.clear()
            self.approved.clear()
            self.codes.clear()
            self.lock.notify_all()


def valid_mode(mode):
    if mode in ("ok", "500", "401", "403", "drop", "garbage"):
        return True
    if mode.startswith("redirect:"):
        return mode[9:].startswith(("http://", "https://"))
    if mode.startswith("slow:"):
        try:
            return float(mode[5:]) >= 0
        except ValueError:
            return False
    return False


def rfc3339_ns(dt):
    """2026-11-27T18:51:22.593920000Z: what DagsHub (Go) sends."""
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + "%06d000Z" % dt.microsecond


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "FakeDagsHub/1"

    # -- plumbing --------------------------------------------------------

    def log_message(self, fmt, *args):  # noqa: N802 (stdlib name)
        # Quiet unless asked: never print request lines (queries may hold
        # OAuth state); the harness keeps stderr in the test log.
        if self.server.verbose:
            sys.stderr.write("fake: " + (fmt % args) + "\n")

    @property
    def st(self):
        return self.server.state

    def split(self):
        u = urllib.parse.urlsplit(self.path)
        return u.path, urllib.parse.parse_qs(u.query)

    def form(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n).decode("utf-8", "replace") if n else ""
        return urllib.parse.parse_qs(body)

    def send(self, status, body, ctype="application/json", headers=()):
        if isinstance(body, str):
            body = body.encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            for k, v in headers:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True

    def send_json(self, status, obj):
        self.send(status, json.dumps(obj))

    def bearer(self):
        h = self.headers.get("Authorization", "")
        if h.startswith("Bearer "):
            return h[len("Bearer "):]
        return None

    # -- dispatch --------------------------------------------------------

    def do_GET(self):  # noqa: N802
        self.dispatch("GET")

    def do_POST(self):  # noqa: N802
        self.dispatch("POST")

    def dispatch(self, method):
        path, query = self.split()
        control = path.startswith(CONTROL_PREFIX) and \
            path not in CLIENT_FACING_CONTROL
        if control:
            return self.control(method, path, query)
        with self.st.lock:
            self.st.total += 1
            self.st.counts[path] = self.st.counts.get(path, 0) + 1
            self.st.log.append({
                "method": method,
                "path": path,
                "host_header": self.headers.get("Host", ""),
                "authorization": "present"
                if "Authorization" in self.headers else "absent",
            })
            mode = self.st.modes.get(path, "ok")
        if mode == "drop":
            # Read what was sent, then hang up without a status line.
            if method == "POST":
                self.form()
            self.close_connection = True
            return
        if mode.startswith("slow:"):
            time.sleep(float(mode[5:]))
        elif mode in ("500", "401", "403"):
            return self.send_json(int(mode), {"error": "fake mode " + mode})
        elif mode == "garbage":
            return self.send(200, "<html>not json</html>", "text/html")
        elif mode.startswith("redirect:"):
            return self.send(302, "", "text/plain",
                             [("Location", mode[9:])])
        routes = {
            ("GET", "/api/v1/user"): self.user,
            ("GET", "/login/oauth/authorize"): self.authorize,
            ("POST", "/login/oauth/middleman"): self.middleman,
            ("POST", "/login/oauth/access_token"): self.access_token,
            ("GET", "/_fake/redirect"): self.redirect,
        }
        fn = routes.get((method, path))
        if fn is None and method == "GET" and path.endswith("/api/v1/user"):
            fn = self.user  # a host with a path prefix, or a moved API
        if fn is None:
            return self.send_json(404, {"error": "not found"})
        return fn(query)

    # -- DagsHub ---------------------------------------------------------

    def user(self, query):
        tok = self.bearer()
        with self.st.lock:
            user = self.st.tokens.get(tok) if tok else None
        if user is None:
            return self.send_json(401, {"error": "unauthorized"})
        return self.send_json(200, {
            "id": 1, "login": user, "username": user, "full_name": user,
            "email": user + "@example.invalid", "avatar_url": "",
        })

    def authorize(self, query):
        def one(k):
            return (query.get(k) or [""])[0]
        rid, state = one("middleman_request_id"), one("state")
        if one("client_id") != self.st.client_id or not rid or not state:
            return self.send(400, "<p>bad authorize request</p>",
                             "text/html")
        with self.st.lock:
            self.st.approved[rid] = state
            self.st.lock.notify_all()
        return self.send(200, "<html><body><p>Authorized. You can close "
                         "this window.</p></body></html>", "text/html")

    def middleman(self, query):
        rid = (self.form().get("request_id") or [""])[0]
        if not rid:
            return self.send_json(400, {"error": "request_id missing"})
        deadline = time.monotonic() + self.st.oauth_wait
        with self.st.lock:
            while rid not in self.st.approved:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self.st.lock.wait(min(left, 0.5))
            state = self.st.approved.pop(rid, None)
            if state is None:
                code = None
            else:
                code = "code-" + secrets.token_hex(8)
                self.st.codes[code] = state
        if code is None:
            return self.send_json(408, {"error": "not approved in time"})
        return self.send_json(200, code)

    def access_token(self, query):
        f = self.form()

        def one(k):
            return (f.get(k) or [""])[0]
        with self.st.lock:
            state = self.st.codes.get(one("code"))
            if one("client_id") != self.st.client_id or state is None \
                    or (one("state") and one("state") != state):
                bad = True
            else:
                bad = False
                del self.st.codes[one("code")]
                tok = "oauth-" + secrets.token_hex(20)
                self.st.tokens[tok] = self.server.oauth_user
        if bad:
            return self.send_json(400, {"error": "bad_verification_code"})
        exp = datetime.datetime.now(datetime.timezone.utc) + \
            datetime.timedelta(seconds=self.server.oauth_ttl)
        return self.send_json(200, {"access_token": tok,
                                    "expiry": rfc3339_ns(exp),
                                    "token_type": "bearer"})

    def redirect(self, query):
        to = (query.get("to") or [""])[0]
        if not to:
            return self.send_json(400, {"error": "to missing"})
        return self.send(302, "", "text/plain", [("Location", to)])

    # -- control ---------------------------------------------------------

    def control(self, method, path, query):
        st = self.st
        f = self.form() if method == "POST" else {}

        def one(k, src=f):
            return (src.get(k) or [""])[0]
        if (method, path) == ("POST", "/_fake/mode"):
            p, m = one("path"), one("mode")
            if not p or not valid_mode(m):
                return self.send_json(400, {"error": "bad path or mode"})
            with st.lock:
                st.modes[p] = m
            return self.send_json(200, {"path": p, "mode": m})
        if (method, path) == ("GET", "/_fake/count"):
            p = one("path", query)
            with st.lock:
                n = st.counts.get(p, 0) if p else st.total
            return self.send(200, "%d\n" % n, "text/plain")
        if (method, path) == ("GET", "/_fake/log"):
            with st.lock:
                return self.send_json(200, list(st.log))
        if (method, path) == ("POST", "/_fake/reset"):
            st.reset()
            return self.send_json(200, {"reset": True})
        if (method, path) == ("POST", "/_fake/token"):
            tok, user = one("token"), one("user")
            if not tok or not user:
                return self.send_json(400, {"error": "token and user"})
            with st.lock:
                st.tokens[tok] = user
            return self.send_json(200, {"accepted": True})
        if (method, path) == ("POST", "/_fake/revoke"):
            with st.lock:
                gone = st.tokens.pop(one("token"), None) is not None
            return self.send_json(200, {"revoked": gone})
        return self.send_json(404, {"error": "unknown control " + path})


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--port-file", required=True)
    p.add_argument("--token", action="append", default=[],
                   metavar="TOK:USER")
    p.add_argument("--client-id", default=DEFAULT_CLIENT_ID)
    p.add_argument("--oauth-wait", type=float, default=60.0)
    p.add_argument("--oauth-user", default="oauthuser",
                   help="login of the tokens made by OAuth")
    p.add_argument("--oauth-ttl", type=int, default=3600,
                   help="seconds until an OAuth token expires")
    p.add_argument("--bind", default="127.0.0.1",
                   help="loopback address to listen on")
    p.add_argument("--watch-pid", type=int, default=0,
                   help="exit when this process is gone")
    p.add_argument("--verbose", action="store_true")
    return p.parse_args(argv)


def main(argv):
    args = parse_args(argv)
    tokens = {}
    for t in args.token:
        tok, sep, user = t.rpartition(":")
        if not sep or not tok or not user:
            sys.exit("fake_dagshub: --token wants TOK:USER")
        tokens[tok] = user
    if ":" in args.bind:
        Server.address_family = socket.AF_INET6
    srv = Server((args.bind, 0), Handler)
    srv.state = State(tokens, args.client_id, args.oauth_wait)
    srv.verbose = args.verbose
    srv.oauth_user = args.oauth_user
    srv.oauth_ttl = args.oauth_ttl
    port = srv.server_address[1]
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as fh:
        fh.write("%d\n" % port)
    os.rename(tmp, args.port_file)

    if args.watch_pid:
        def watch():
            while True:
                try:
                    os.kill(args.watch_pid, 0)
                except ProcessLookupError:
                    os._exit(0)
                except PermissionError:
                    pass
                time.sleep(0.5)
        threading.Thread(target=watch, daemon=True).start()
    try:
        srv.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
