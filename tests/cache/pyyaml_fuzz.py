#!/usr/bin/env python3
"""Writes token cache files with real PyYAML, the way the DagsHub Python
client does (yaml.dump of its dict), with awkward token values: numbers,
booleans, null, quotes, spaces, long folded strings, non-ASCII, control
characters, line breaks.  The emitter test rewrites each file with the
cache provider's writer and compares the bytes.

usage: pyyaml_fuzz.py OUTDIR COUNT SEED [ordinary]

With `ordinary`, the values are what real tokens look like (hex, oauth-
prefixes, base64-ish, and the odd token that reads as a number or a
boolean), so every file must come back byte for byte.
"""
import os
import random
import sys

import yaml

SPECIAL = ["1234567890", "yes", "No", "true", "null", "~", "", "0x1F",
           "1e5", "1.5", ".inf", "0o17", "017", "1_000", "12:30:45",
           "2001-12-14", "2001-12-14t21:59:43.10-05:00", "=", "<<", "!",
           "&a", "*a", "- x", "-x", "? x", "?x", ":x", "x: y", "x:y",
           "a #b", "a#b", "#a", "'q'", '"dq"', "a'b", "---", "...x",
           " lead", "trail ", "a\nb", "a \nb", "a\n b", "tab\there",
           "caf\u00e9", "\u00a0nb", "\u2028", "\ufeff", "\U0001F600",
           "\x85", "\x07bell", "back\\slash", "@at", "`tick", "%pct",
           "|bar", ">gt", "[x", "]x", "{x", "x,y", "x[y]", "ok-token"]


def rand_str(r):
    kind = r.random()
    if kind < 0.35:
        return r.choice(SPECIAL)
    alphabet = ("abcdefghijklmnopqrstuvwxyz0123456789 -_:#'\"\\\n\t"
                "\u00e9\u00a0\u2028\u4e2d.,[]{}!&*?|>%@`")
    n = r.choice([1, 2, 5, 20, 60, 90, 150, 300])
    weights = None
    s = "".join(r.choice(alphabet) for _ in range(n))
    if r.random() < 0.5:
        # mostly words with spaces: exercises line folding at width 80
        s = " ".join("".join(r.choice("abcdefgh") for _ in range(r.randint(1, 12)))
                     for _ in range(r.randint(1, 40)))
    return s


ORDINARY = False


def ordinary_str(r):
    return r.choice(["%040x" % r.getrandbits(160), "oauth-%040x" % r.getrandbits(160),
                     "1234567890", "yes", "null", "1e5", "0x1F", "017", "12:30",
                     "dh_%030x" % r.getrandbits(120), "a-b_c.d~e", "tok=en+/x=="])


def token(r, i):
    t = {"access_token": (ordinary_str(r) if ORDINARY else rand_str(r)) or "x%d" % i}
    if r.random() < 0.5:
        t["token_type"] = "app-token"
        t["expiry"] = "never"
    else:
        t["token_type"] = "bearer"
        t["expiry"] = "20%02d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (
            r.randint(30, 99), r.randint(1, 12), r.randint(1, 28),
            r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
            r.randint(0, 999999))
    if r.random() < 0.2:
        t["zz_note"] = ordinary_str(r) if ORDINARY else rand_str(r)
    if r.random() < 0.1:
        t["count"] = r.randint(-5, 10**6)
    if r.random() < 0.1:
        t["a_flag"] = r.random() < 0.5
    return t


def main():
    global ORDINARY
    outdir, count, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ORDINARY = sys.argv[4:] == ["ordinary"]
    r = random.Random(seed)
    for n in range(count):
        d = {"version": "1"}
        for h in range(r.randint(0, 4)):
            host = r.choice(["https://dagshub.com", "http://127.0.0.1:%d" % r.randint(1024, 65535),
                             "https://h%d.example" % h, "https://dagshub.example.corp/prefix"])
            d[host] = [token(r, i) for i in range(r.randint(0, 3))]
        with open(os.path.join(outdir, "fuzz-%04d.yaml" % n), "w") as f:
            f.write(yaml.dump(d))


main()
