#!/usr/bin/env python3
"""Loads a token cache file the way the DagsHub Python client does
(dagshub/auth/tokens.py: yaml.load with yaml.Loader, version check,
token_type dispatch, expiry parsing) and fails where the client would
crash.  On success prints one line per token, "HOST TYPE EXPIRY VALUE",
in file order, for the tests to compare.

usage: pyclient_load.py FILE
"""
import datetime
import sys

import yaml


def main():
    with open(sys.argv[1]) as f:
        text = f.read()
    if not text.endswith("\n"):
        sys.exit("file does not end with a newline")
    data = yaml.load(text, yaml.Loader)
    # the client calls data.get(): None (empty file) or a list crash it
    version = data.get("version", "1")
    if version != "1":
        sys.exit("client: Don't know how to parse token schema %r" % (version,))
    for host, tokens in data.items():
        if host == "version":
            continue
        if not isinstance(host, str):
            sys.exit("host key %r is not a string" % (host,))
        for t in tokens:
            kind = t["token_type"]  # KeyError in the client
            if kind not in ("app-token", "bearer"):
                sys.exit("client: unknown token_type %r" % (kind,))
            value = t["access_token"]
            if not isinstance(value, str):
                sys.exit("access_token %r is not a string" % (value,))
            expiry = t["expiry"] if kind == "bearer" else t.get("expiry", "never")
            if kind == "bearer":
                # the client hands it to dateutil.parser.parse: a datetime
                # (unquoted timestamp) is a TypeError there
                if not isinstance(expiry, str):
                    sys.exit("expiry %r is not a string" % (expiry,))
                # and writes it back with this format, dropping any offset
                datetime.datetime.strptime(expiry, "%Y-%m-%dT%H:%M:%S.%fZ")
            print(host, kind, expiry, value)


main()
