#!/usr/bin/env python3
"""Writes the corpus of tests/cache/fastpath.sh: token cache files that the
cache provider's fast reader (providers/cache/cachefast.c) must read exactly
as the full libyaml parse does, or decline.

usage: fastpath_files.py FUZZDIR OUTDIR SEED

FUZZDIR holds files written by pyyaml_fuzz.py (real PyYAML).  OUTDIR gets
NAME.yaml files, each with NAME.yaml.hosts: the hosts to ask for, one a
line.  Groups by name prefix:
  fuzz-*      the PyYAML files as they are (some mode 0644)
  trunc-*     a PyYAML file cut at a random byte
  garbage-*   a PyYAML file with an odd line put in the middle
  otherbad-*  a clean file whose SECOND host has a broken token line; the
              first line of .hosts is the intact first host (get must fail)
  real-*      what the Python client writes for ordinary tokens (PyYAML)
  special-*   hand-made layouts: host spellings, escapes, versions,
              comments, JSON, CRLF, tabs, documents markers, ...
"""
import os
import random
import sys

import yaml

FIXED_HOSTS = ["https://dagshub.com", "https://h0.example", "https://h1.example",
               "https://dagshub.example.corp/prefix", "https://nothere.example"]


def keys_of(text):
    """Host keys written at column 0 (good enough to pick hosts to ask)."""
    out = []
    for line in text.split("\n"):
        if line.startswith("http") and ":" in line:
            k = line[:line.rfind(":")] if line.endswith(":") else line.split(": ")[0]
            out.append(k)
    return out


def write(outdir, name, text, hosts, mode=0o600):
    path = os.path.join(outdir, name + ".yaml")
    with open(path, "wb") as f:
        f.write(text.encode("utf-8", "surrogateescape"))
    os.chmod(path, mode)
    seen = []
    for h in hosts:
        if h not in seen:
            seen.append(h)
    with open(path + ".hosts", "w") as f:
        f.write("\n".join(seen) + "\n")


GARBAGE = ["garbage", "  - x: y", '"unterminated', "x: 'bad", ": :", "\tx: y",
           "{", "---", "- [x]", "@@", "- ", "   deep: z", "? k", "&a x: y",
           "https://x.example: scalar", "https://x.example: {}", "- a: b: c",
           "  '", "- a: 'b''", '- a: "\\0"', '- a: "\\x00"', '- a: "\\q"',
           "- a: b #c", "- a: b ", "- a: *x", "caf\u00e9:", "...", "%YAML 1.1",
           "  x: y # c", "- !!str a: b", "- a: |", "- a: >", "- a: &anchor x",
           "- a: !!binary eA==", "- a: x\t", "- {a: x}", "-  a: x"]


def token(i, kind):
    if kind == "app":
        return {"access_token": "tok-%d" % i, "expiry": "never", "token_type": "app-token"}
    return {"access_token": "bear-%d" % i, "expiry": "2099-01-0%dT00:00:00.000000Z" % (1 + i % 9),
            "token_type": "bearer"}


def real_token(r):
    v = r.choice(["%040x" % r.getrandbits(160), "oauth-%040x" % r.getrandbits(160),
                  "1234567890", "yes", "null", "1e5", "0x1F", "dh_" + "%030x" % r.getrandbits(120),
                  "a-b_c.d~e", "tok=en+/x"])
    if r.random() < 0.5:
        t = {"access_token": v, "expiry": "never", "token_type": "app-token"}
    else:
        t = {"access_token": v, "token_type": "bearer",
             "expiry": "20%02d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
                 r.randint(25, 99), r.randint(1, 12), r.randint(1, 28), r.randint(0, 23),
                 r.randint(0, 59), r.randint(0, 59), r.randint(0, 999999))}
    if r.random() < 0.1:
        t["note"] = r.choice(["x", "12", 12, True, "caf\u00e9", "a b c"])
    return t


def real_file(r):
    d = {"version": "1"}
    for i in range(r.randint(1, 30)):
        host = r.choice(["https://dagshub.com", "https://DagsHub.com/", "https://dagshub.com:443",
                         "http://127.0.0.1:%d" % r.randint(1024, 65535), "https://h%d.example" % i,
                         "https://dagshub.example.corp/prefix", "https://empty.example"])
        d[host] = [real_token(r) for _ in range(r.randint(0, 3))]
    return yaml.dump(d)


def clean_two_hosts(r):
    d = {"version": "1",
         "https://aaa.example": [token(1, "bearer"), token(2, "app")],
         "https://zzz.example": [token(3, "app"), token(4, "bearer")]}
    for i in range(r.randint(0, 5)):
        d["https://m%d.example" % i] = [token(10 + i, r.choice(["app", "bearer"]))]
    return yaml.dump(d)


OTHERBAD = ["- access_token: 'unterminated", '- access_token: "bad \\q escape"',
            '- access_token: "nul \\0 here"', '- access_token: "nul \\x00 here"',
            '- access_token: "\\uD800"', "- access_token: a: b", "- access_token: [x",
            "- access_token: 'a'b'", "- access_token: \"a\" b", "- access_token: *nowhere",
            "- access_token: \"\\x0\"", "- access_token: 'x", "- access_token: \"x"]


SPECIALS = {
    # spellings of one host, merged in file order; quoted and escaped keys
    "spellings": (
        "'https://DagsHub.com/':\n- access_token: s1\n  expiry: never\n  token_type: app-token\n"
        "https://a.example:\n- access_token: other\n  expiry: never\n  token_type: app-token\n"
        "https://dagshub.com:\n- access_token: s2\n  expiry: '2099-01-01T00:00:00.000000Z'\n"
        "  token_type: bearer\n- access_token: s3\n  expiry: never\n  token_type: app-token\n"
        "\"https://dagsh\\x75b.com:0443\":\n- access_token: s4\n  expiry: never\n  token_type: app-token\n"
        "HTTPS://DAGSHUB.COM:443///:\n- access_token: 's5'\n  expiry: never\n  token_type: app-token\n"
        "https://dagshub.com.evil.example:\n- access_token: evil\n  expiry: never\n  token_type: app-token\n"
        "'https://it''s.example':\n- access_token: q\n  expiry: never\n  token_type: app-token\n"
        "version: '1'\n"),
    "version2": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nversion: '2'\n",
    "version-int": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nversion: 1\n",
    "version-first": "version: '1'\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "version-quoted-key": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n'version': '3'\n",
    "version-escaped-key": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n\"versio\\x6E\": '4'\n",
    "version-twice": "version: '2'\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nversion: '1'\n",
    "version-list": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nversion:\n- a: b\n",
    "version-empty-list": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nversion: []\n",
    "no-version": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "comments": "# a comment\n\nhttps://dagshub.com:\n# inside\n- access_token: c1\n\n  expiry: never\n   \n  token_type: app-token\n#x\nhttps://b.example: []\n\nversion: '1'\n# end\n",
    "no-final-newline": "https://dagshub.com:\n- access_token: nf\n  expiry: never\n  token_type: app-token",
    "no-final-newline-version": "https://dagshub.com:\n- access_token: nf\n  expiry: never\n  token_type: app-token\nversion: '1'",
    "empty": "",
    "only-comment": "# nothing\n",
    "empty-host": "https://dagshub.com: []\nversion: '1'\n",
    "host-at-eof": "https://a.example:\n- access_token: x\n  expiry: never\n  token_type: app-token\nhttps://dagshub.com:\n",
    "host-scalar": "https://dagshub.com: oops\nversion: '1'\n",
    "other-host-scalar": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\nhttps://b.example: oops\n",
    "other-host-null": "https://b.example:\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "crlf": "https://dagshub.com:\r\n- access_token: v\r\n  expiry: never\r\n  token_type: app-token\r\n",
    "tab": "https://dagshub.com:\n- access_token: v\n\texpiry: never\n",
    "doc-start": "---\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "doc-end": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n...\n",
    "two-docs": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n---\nx: y\n",
    "json": '{"version": "1", "https://dagshub.com": [{"access_token": "j", "expiry": "never", "token_type": "app-token"}]}\n',
    "indented-seq": "https://dagshub.com:\n  - access_token: v\n    expiry: never\n    token_type: app-token\n",
    "utf8-plain": "https://dagshub.com:\n- access_token: caf\u00e9\n  expiry: never\n  token_type: app-token\n",
    "utf8-other": "https://b.example:\n- access_token: caf\u00e9\n  expiry: never\n  token_type: app-token\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "bad-utf8-other": "https://b.example:\n- access_token: caf\udce9\n  expiry: never\n  token_type: app-token\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "long-key": "https://" + "a" * 1100 + ".example:\n- access_token: x\n  expiry: never\n  token_type: app-token\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "bad-tokens": ("https://dagshub.com:\n- access_token: b1\n  expiry: '2001-01-01T00:00:00.000000Z'\n  token_type: bearer\n"
                   "- access_token: b2\n  token_type: bearer\n- access_token: b3\n  expiry: never\n  token_type: weird\n"
                   "- expiry: never\n  token_type: app-token\n- access_token: b5\n  expiry: 2099-01-01 00:00:00\n  token_type: bearer\n"
                   "- access_token: b6\n  expiry: '2099-02-02T00:00:00.000000Z'\n  token_type: bearer\n  extra: '12'\n  n: 12\n"),
    "dup-fields": "https://dagshub.com:\n- access_token: d1\n  access_token: d2\n  expiry: never\n  token_type: app-token\n",
    "escapes": ("https://dagshub.com:\n- access_token: \"e\\t\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\\\\\\"\\ \"\n"
                "  expiry: never\n  token_type: app-token\n- access_token: 'it''s'\n  expiry: never\n  token_type: app-token\n"),
    "escape-slash": "https://dagshub.com:\n- access_token: \"a\\/b\"\n  expiry: never\n  token_type: app-token\n",
    "empty-values": "https://dagshub.com:\n- access_token: ''\n  expiry: never\n  token_type: app-token\n- access_token: \"\"\n  expiry: never\n  token_type: app-token\n",
    "plain-odd": ("https://dagshub.com:\n- access_token: a:b#c,d[e]{f}&g*h!i|j>k'l\"m%n@o`p\n  expiry: never\n  token_type: app-token\n"
                  "- access_token: ~\n  expiry: never\n  token_type: app-token\n"),
    "ipv6": "http://[::1]:8080:\n- access_token: six\n  expiry: never\n  token_type: app-token\n'http://[::1]:08080/':\n- access_token: six2\n  expiry: never\n  token_type: app-token\n",
    "paths": "https://h.example/a:\n- access_token: p1\n  expiry: never\n  token_type: app-token\nhttps://h.example/A:\n- access_token: p2\n  expiry: never\n  token_type: app-token\nhttps://h.example:\n- access_token: p3\n  expiry: never\n  token_type: app-token\n",
    "not-url-key": "dagshub.com:\n- access_token: nu\n  expiry: never\n  token_type: app-token\nhttps://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n",
    "item-key-only": "https://dagshub.com:\n- access_token:\n  expiry: never\n  token_type: app-token\n",
    "nested-extra": "https://dagshub.com:\n- access_token: v\n  expiry: never\n  token_type: app-token\n  meta:\n    a: b\n",
}

SPECIAL_HOSTS = ["https://dagshub.com", "https://a.example", "https://b.example", "http://[::1]:8080",
                 "https://h.example/a", "https://h.example/A", "https://h.example", "https://it's.example",
                 "https://dagshub.com.evil.example"]


def main():
    fuzzdir, outdir, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    r = random.Random(seed)
    names = sorted(os.listdir(fuzzdir))
    for n, name in enumerate(names):
        text = open(os.path.join(fuzzdir, name)).read()
        hosts = keys_of(text) + FIXED_HOSTS
        base = name[:-5]
        write(outdir, base, text, hosts, 0o644 if n % 7 == 0 else 0o600)
        if n % 3 == 0 and text:
            cut = r.randint(0, len(text) - 1)
            write(outdir, "trunc-%s" % base, text[:cut], hosts)
        if n % 3 == 1:
            lines = text.split("\n")
            at = r.randint(0, len(lines) - 1)
            lines.insert(at, r.choice(GARBAGE))
            write(outdir, "garbage-%s" % base, "\n".join(lines), hosts)
    for i in range(60):
        text = real_file(r)
        write(outdir, "real-%02d" % i, text, keys_of(text) + FIXED_HOSTS,
              0o644 if i % 5 == 0 else 0o600)
    for i in range(60):
        text = clean_two_hosts(r)
        lines = text.split("\n")
        start = lines.index("https://zzz.example:")
        victim = start + 1 + r.randrange(0, 6)
        bad = r.choice(OTHERBAD)
        if r.random() < 0.5 or not lines[victim].startswith("- "):
            # a token line of the second host, indented or not
            bad = bad if lines[victim].startswith("- ") else "  " + bad[2:]
        lines[victim] = bad
        write(outdir, "otherbad-%02d" % i, "\n".join(lines),
              ["https://aaa.example", "https://zzz.example", "https://dagshub.com"])
    for name, text in SPECIALS.items():
        write(outdir, "special-" + name, text, SPECIAL_HOSTS, 0o644 if "version" in name else 0o600)
    for name in ("python-client.yaml", "handwritten.json"):
        src = os.path.join(os.path.dirname(os.path.abspath(__file__)), "fixtures", name)
        text = open(src).read()
        write(outdir, "special-fixture-" + name.split(".")[0], text,
              keys_of(text) + ["https://dagshub.com", "https://dagshub.example.corp",
                               "https://empty.example", "http://127.0.0.1:38271"])


main()
