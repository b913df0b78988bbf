#!/usr/bin/env python3
"""The fake DagsHub (tests/fake_dagshub.py) plus git's smart HTTP, for the
git credential helper tests.  python3 stdlib and `git http-backend` only.

    git_server.py --git-root DIR --port-file FILE [fake_dagshub.py options]

Everything fake_dagshub.py serves is served unchanged (/api/v1/user, OAuth,
the /_fake/ control API: tokens, revoke, counts).  In addition:

GET/POST /<owner>/<repo>.git/...   git http-backend (CGI) on DIR/<owner>/
                                   <repo>.git, behind Basic auth: the
                                   password must be a token the fake
                                   accepts (the one /api/v1/user accepts)
                                   and not denied for that repository;
                                   else 401 with WWW-Authenticate: Basic.
                                   DagsHub also takes the token as the
                                   username with any password; so does this.
POST /_fake/deny      form token, repo (owner/name.git): refuse the token
                      for that repository only (a token without access)
GET  /_fake/gitlog    JSON list of {repo, service, status, user, tail}:
                      `tail` is the last 4 characters of the token used
                      (never the token), "" when none was sent
"""

import base64
import json
import os
import subprocess
import sys
import threading
import urllib.parse

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                ".."))
import fake_dagshub as fd  # noqa: E402


class GitState:
    def __init__(self, root):
        self.root = root
        self.lock = threading.Lock()
        self.denied = set()   # (token, repo)
        self.log = []


class GitHandler(fd.Handler):
    server_version = "FakeDagsHubGit/1"

    @property
    def gst(self):
        return self.server.git_state

    def dispatch(self, method):
        path = urllib.parse.urlsplit(self.path).path
        if path == "/_fake/deny" and method == "POST":
            f = self.form()
            tok = (f.get("token") or [""])[0]
            repo = (f.get("repo") or [""])[0]
            if not tok or not repo:
                return self.send_json(400, {"error": "token and repo"})
            with self.gst.lock:
                self.gst.denied.add((tok, repo))
            return self.send_json(200, {"denied": True})
        if path == "/_fake/gitlog" and method == "GET":
            with self.gst.lock:
                return self.send_json(200, list(self.gst.log))
        parts = path.lstrip("/").split("/")
        if len(parts) >= 3 and parts[1].endswith(".git") and \
                ".." not in parts and all(parts[:2]):
            return self.git(method, path, "/".join(parts[:2]))
        return super().dispatch(method)

    # -- git ----------------------------------------------------------

    def body(self):
        """The request body: Content-Length or chunked (git uses chunked
        for packs larger than http.postBuffer)."""
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            out = bytearray()
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass
                    return bytes(out)
                out += self.rfile.read(size)
                self.rfile.readline()
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n else b""

    def basic(self):
        h = self.headers.get("Authorization", "")
        if not h.startswith("Basic "):
            return None, None
        try:
            raw = base64.b64decode(h[6:], validate=True).decode()
        except (ValueError, UnicodeDecodeError):
            return None, None
        user, _, password = raw.partition(":")
        return user, password

    def git(self, method, path, repo):
        data = self.body() if method == "POST" else b""
        query = urllib.parse.urlsplit(self.path).query
        service = urllib.parse.parse_qs(query).get("service", [""])[0] or \
            path.rsplit("/", 1)[-1]
        user, password = self.basic()
        with self.st.lock:
            tokens = dict(self.st.tokens)
        token = None
        for cand in (password, user):
            if cand and cand in tokens:
                token = cand
                break
        with self.gst.lock:
            denied = token is not None and (token, repo) in self.gst.denied
        ok = token is not None and not denied
        entry = {"repo": repo, "service": service,
                 "status": 200 if ok else 401,
                 "user": user or "",
                 "tail": (password or user or "")[-4:]}
        with self.gst.lock:
            self.gst.log.append(entry)
        if not ok:
            return self.send(401, "authentication required\n", "text/plain",
                             [("WWW-Authenticate",
                               'Basic realm="FakeDagsHub"')])
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": self.gst.root,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": "/dev/null",
            "GIT_PROJECT_ROOT": self.gst.root,
            "GIT_HTTP_EXPORT_ALL": "1",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "REQUEST_METHOD": method,
            "CONTENT_TYPE": self.headers.get("Content-Type", ""),
            "CONTENT_LENGTH": str(len(data)),
            "REMOTE_USER": tokens[token],
            "REMOTE_ADDR": "127.0.0.1",
        }
        for h, v in (("Git-Protocol", "HTTP_GIT_PROTOCOL"),
                     ("Content-Encoding", "HTTP_CONTENT_ENCODING")):
            if self.headers.get(h):
                env[v] = self.headers[h]
        try:
            p = subprocess.run(["git", "http-backend"], input=data, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               timeout=60, check=False)
        except subprocess.TimeoutExpired:
            return self.send(504, "http-backend timed out\n", "text/plain")
        out = p.stdout
        cands = [(i, n) for i, n in ((out.find(b"\r\n\r\n"), 4),
                                     (out.find(b"\n\n"), 2)) if i >= 0]
        if not cands:
            sys.stderr.write("git_server: bad CGI output: %r\n" % p.stderr)
            return self.send(500, "bad CGI output\n", "text/plain")
        sep, skip = min(cands)
        status, headers = 200, []
        for line in out[:sep].decode("latin-1").splitlines():
            k, _, v = line.partition(":")
            if k.lower() == "status":
                status = int(v.strip().split()[0])
            elif k:
                headers.append((k.strip(), v.strip()))
        ctype = "text/plain"
        rest = []
        for k, v in headers:
            if k.lower() == "content-type":
                ctype = v
            elif k.lower() != "content-length":
                rest.append((k, v))
        return self.send(status, out[sep + skip:], ctype, rest)


def main(argv):
    root = None
    rest = []
    it = iter(argv)
    for a in it:
        if a == "--git-root":
            root = next(it)
        else:
            rest.append(a)
    if not root:
        sys.exit("git_server: --git-root DIR is required")
    fd.Server.git_state = GitState(os.path.abspath(root))
    # fake_dagshub.main() builds its server from the module's Handler name
    fd.Handler = GitHandler
    return fd.main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
