#!/usr/bin/env python3
"""A loopback listener for the HTTP tests (python3 stdlib only).

    listener.py --port-file FILE --log FILE [--mode proxy|close]
                [--watch-pid PID]

It binds 127.0.0.1 port 0, writes the port it got to FILE (by rename), and
appends one JSON line per connection to the log:

    {"n": 1, "first_line": "GET http://... HTTP/1.1",
     "authorization": "present" | "absent"}

(the header's value is never written anywhere).

--mode proxy (default): poses as an HTTP proxy that would love to see a
    token.  A plain request is answered 200 with a DagsHub-looking user
    (login "mallory"), so a client that went through it would believe it;
    CONNECT (https through a proxy) is answered 403, after the request
    line and headers were read and logged.
--mode close: counts the connection and closes it at once, without
    reading or answering (a server that is down but accepts TCP).

It exits on its own when --watch-pid is gone (or after 300 s).
"""

import argparse
import json
import os
import socket
import sys
import threading
import time


def serve(conn, n, args, lock):
    first, auth = "", "absent"
    try:
        if args.mode == "close":
            return
        conn.settimeout(5)
        data = b""
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                break
            data += chunk
        head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
        lines = head.split("\r\n")
        first = lines[0] if lines else ""
        for line in lines[1:]:
            name = line.split(":", 1)[0].strip().lower()
            if name in ("authorization", "proxy-authorization"):
                auth = "present"
        if first.startswith("CONNECT "):
            conn.sendall(b"HTTP/1.1 403 Forbidden\r\n"
                         b"Content-Length: 0\r\nConnection: close\r\n\r\n")
        else:
            body = json.dumps({"id": 666, "login": "mallory",
                               "username": "mallory"}).encode()
            conn.sendall(b"HTTP/1.1 200 OK\r\n"
                         b"Content-Type: application/json\r\n"
                         b"Connection: close\r\n"
                         b"Content-Length: " + str(len(body)).encode() +
                         b"\r\n\r\n" + body)
    except OSError:
        pass
    finally:
        try:
            conn.close()
        except OSError:
            pass
        with lock:
            with open(args.log, "a") as f:
                f.write(json.dumps({"n": n, "first_line": first,
                                    "authorization": auth}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log", required=True)
    ap.add_argument("--mode", choices=("proxy", "close"), default="proxy")
    ap.add_argument("--watch-pid", type=int)
    args = ap.parse_args()

    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", 0))
    s.listen(128)
    s.settimeout(0.5)
    open(args.log, "a").close()
    tmp = args.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write(str(s.getsockname()[1]))
    os.rename(tmp, args.port_file)

    lock = threading.Lock()
    n = 0
    end = time.monotonic() + 300
    while time.monotonic() < end:
        if args.watch_pid:
            try:
                os.kill(args.watch_pid, 0)
            except OSError:
                break
        try:
            conn, _ = s.accept()
        except socket.timeout:
            continue
        n += 1
        threading.Thread(target=serve, args=(conn, n, args, lock),
                         daemon=True).start()
    return 0


if __name__ == "__main__":
    sys.exit(main())
