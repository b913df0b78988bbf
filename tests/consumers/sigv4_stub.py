#!/usr/bin/env python3
"""A loopback S3 stub that checks AWS Signature Version 4 by hand
(hashlib/hmac, not botocore, so the check does not share the signer's
code), for the aws-credential-process test.

    sigv4_stub.py --port-file FILE --key AKID --secret SECRET [--watch-pid PID]

Every request must carry `Authorization: AWS4-HMAC-SHA256 Credential=AKID/
DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=...` whose
signature matches one computed from the request as received, and an
x-amz-content-sha256 equal to the body's hash.  Then GET /BUCKET answers an
empty ListBucketResult (200); otherwise 403 SignatureDoesNotMatch.  Counts
of good and bad requests: GET /_stub/count (not signed).
"""

import argparse
import hashlib
import hmac
import os
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

COUNTS = {"good": 0, "bad": 0}
LOCK = threading.Lock()


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


def hmac_sha256(key, msg):
    return hmac.new(key, msg.encode(), hashlib.sha256).digest()


def quote(s):
    return urllib.parse.quote(s, safe="-_.~")


def canonical_query(raw):
    pairs = []
    for part in raw.split("&") if raw else []:
        k, _, v = part.partition("=")
        pairs.append((quote(urllib.parse.unquote(k)),
                      quote(urllib.parse.unquote(v))))
    return "&".join("%s=%s" % kv for kv in sorted(pairs))


def check(handler, body, key, secret):
    """None when the request is signed right, else why not."""
    auth = handler.headers.get("Authorization", "")
    alg = "AWS4-HMAC-SHA256 "
    if not auth.startswith(alg):
        return "not SigV4"
    fields = {}
    for part in auth[len(alg):].split(","):
        k, _, v = part.strip().partition("=")
        fields[k] = v
    try:
        akid, date, region, service, term = fields["Credential"].split("/")
        signed = fields["SignedHeaders"].split(";")
        sig = fields["Signature"]
    except (KeyError, ValueError):
        return "malformed Authorization"
    if akid != key:
        return "unknown access key"
    if term != "aws4_request" or "host" not in signed:
        return "bad scope or signed headers"
    amz_date = handler.headers.get("x-amz-date", "")
    if not amz_date.startswith(date):
        return "x-amz-date does not match the scope"
    payload = handler.headers.get("x-amz-content-sha256", "")
    if payload != "UNSIGNED-PAYLOAD" and payload != sha256_hex(body):
        return "x-amz-content-sha256 is not the body's hash"
    path, _, query = handler.path.partition("?")
    headers = ""
    for h in signed:
        v = handler.headers.get(h)
        if v is None:
            return "signed header %s missing" % h
        headers += "%s:%s\n" % (h, " ".join(v.split()))
    creq = "\n".join([handler.command, path, canonical_query(query),
                      headers, ";".join(signed), payload])
    scope = "/".join([date, region, service, term])
    sts = "\n".join(["AWS4-HMAC-SHA256", amz_date, scope,
                     sha256_hex(creq.encode())])
    k = hmac_sha256(("AWS4" + secret).encode(), date)
    for part in (region, service, term):
        k = hmac_sha256(k, part)
    want = hmac.new(k, sts.encode(), hashlib.sha256).hexdigest()
    if not hmac.compare_digest(want, sig):
        return "signature does not match"
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):  # noqa: N802
        pass

    def reply(self, status, body, ctype="application/xml"):
        b = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(b)))
        self.end_headers()
        self.wfile.write(b)

    def handle_any(self):
        n = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(n) if n else b""
        if self.path.startswith("/_stub/count"):
            with LOCK:
                return self.reply(200, "%d %d\n" % (COUNTS["good"],
                                                    COUNTS["bad"]),
                                  "text/plain")
        why = check(self, body, self.server.key, self.server.secret)
        with LOCK:
            COUNTS["bad" if why else "good"] += 1
        if why:
            return self.reply(403, "<?xml version=\"1.0\"?><Error><Code>"
                              "SignatureDoesNotMatch</Code><Message>%s"
                              "</Message></Error>" % why)
        bucket = self.path.partition("?")[0].strip("/").split("/")[0]
        return self.reply(200, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                          "<ListBucketResult xmlns=\"http://s3.amazonaws.com"
                          "/doc/2006-03-01/\"><Name>%s</Name><Prefix></Prefix>"
                          "<KeyCount>0</KeyCount><MaxKeys>1000</MaxKeys>"
                          "<IsTruncated>false</IsTruncated></ListBucketResult>"
                          % bucket)

    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = handle_any  # noqa


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--port-file", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--secret", required=True)
    p.add_argument("--watch-pid", type=int, default=0)
    a = p.parse_args(argv)
    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    srv.key, srv.secret = a.key, a.secret
    with open(a.port_file + ".tmp", "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.rename(a.port_file + ".tmp", a.port_file)
    if a.watch_pid:
        def watch():
            while True:
                try:
                    os.kill(a.watch_pid, 0)
                except ProcessLookupError:
                    os._exit(0)
                except PermissionError:
                    pass
                time.sleep(0.5)
        threading.Thread(target=watch, daemon=True).start()
    srv.serve_forever(poll_interval=0.2)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
