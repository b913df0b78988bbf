"""Checks that explain() looks only (lookonly.sh).

FAKE_URL accepts goodtok-0123456789 (alice); the chain is env, cache
(validated, the default), oauth.  A token the fake issued and then revoked
sits in the cache: explain() must report it rejected and leave the file
as it was; get_token() then erases it (so the check above could fail).
"""
import os

from pytap import (FAKE_URL, check, eq, contains, fake_count, fake_reset,
                   fake_revoke, fake_token, raises, run, write_cache)

import dagshub_auth

CACHE = os.path.join(os.environ["XDG_CACHE_HOME"], "dagshub", "tokens")
REVOKED = "revtok-0123456789"

os.environ.pop("DAGSHUB_USER_TOKEN", None)
fake_token(REVOKED, "dave")
fake_revoke(REVOKED)
write_cache(CACHE, {FAKE_URL: [REVOKED]})
with open(CACHE, "rb") as f:
    before = f.read()
st = os.stat(CACHE)
fake_reset()

ex = run("explain() on a cache holding a revoked token", dagshub_auth.explain)
if ex is not None:
    eq("explain() lists every entry", ["env", "cache", "oauth"],
       [x["module"] for x in ex["entries"]])
    eq("...the cache entry is reported as rejected", "rejected",
       ex["entries"][1]["result"])
    contains("...which would be erased (this run changes nothing)",
             "would be erased", ex["entries"][1]["reason"] or "")
    eq("...no answer", None, ex["answer"])
    check("...and the token is not shown", REVOKED not in repr(ex))
check("the server was asked about the token", fake_count("/api/v1/user") >= 1)
with open(CACHE, "rb") as f:
    after = f.read()
eq("explain() leaves the cache file byte-identical", before, after)
st2 = os.stat(CACHE)
eq("...not even rewritten (same inode, size and mtime)",
   (st.st_ino, st.st_size, st.st_mtime_ns),
   (st2.st_ino, st2.st_size, st2.st_mtime_ns))

# The same walk without looking only erases it: what explain() must not do.
raises("get_token(fail_if_no_token=True) then finds no token", RuntimeError,
       dagshub_auth.get_token, fail_if_no_token=True)
with open(CACHE, "rb") as f:
    check("...and erased the revoked token from the cache",
          REVOKED.encode() not in f.read())
