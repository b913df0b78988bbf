"""Checks of the dagshub_auth functions and keywords (run by api.sh).

Environment: FAKE_URL (accepts goodtok-0123456789 for alice and
tok3-0123456789 for carol), FAKE2_URL (tok2-0123456789 for bob),
DAGSHUB_AUTH_CONFIG (env, cache store=true, oauth; host FAKE_URL), T.
"""
import json
import os
import shutil
import subprocess
import sys
import threading

from pytap import (FAKE_URL, T, check, contains, eq, fake_count, fake_reset,
                   raises, run, skip, write_cache)

import dagshub_auth
from dagshub_auth import _lib

FAKE2 = os.environ["FAKE2_URL"]
CACHE = os.path.join(os.environ["XDG_CACHE_HOME"], "dagshub", "tokens")
GOOD, TOK2, TOK3 = "goodtok-0123456789", "tok2-0123456789", "tok3-0123456789"
SRC = os.environ["top_srcdir"]


def fresh():
    """Forget the handles (and so what they remembered) between checks."""
    _lib.close_all()


# ---- get_token ------------------------------------------------------------
write_cache(CACHE, {FAKE_URL: [GOOD], FAKE2: [TOK2]})
fake_reset()
eq("get_token() returns the cached token", GOOD, run("get_token", dagshub_auth.get_token))
eq("get_token() validated it once with the host", 1, fake_count("/api/v1/user"))
eq("a second get_token() answers from the remembered validation", GOOD,
   dagshub_auth.get_token())
eq("...with no request", 1, fake_count("/api/v1/user"))
check("get_token() returns a str", isinstance(dagshub_auth.get_token(), str))

os.environ["DAGSHUB_USER_TOKEN"] = "envtok-0123456789"
eq("DAGSHUB_USER_TOKEN comes first, as in the client", "envtok-0123456789",
   dagshub_auth.get_token())
del os.environ["DAGSHUB_USER_TOKEN"]
eq("...and is gone once unset", GOOD, dagshub_auth.get_token())

eq("host= picks the host's token", TOK2, run("host=", dagshub_auth.get_token, host=FAKE2))
eq("host= is normalised (upper case, trailing slash)", TOK2,
   run("host norm", dagshub_auth.get_token, host=FAKE2.replace("http://", "HTTP://") + "/"))

os.environ["DAGSHUB_CLIENT_HOST"] = FAKE2
eq("DAGSHUB_CLIENT_HOST set in the process is honoured", TOK2,
   run("DAGSHUB_CLIENT_HOST", dagshub_auth.get_token))
info = run("token_info host", dagshub_auth.token_info)
eq("...token_info() says that host", FAKE2, info and info.host)
del os.environ["DAGSHUB_CLIENT_HOST"]
eq("...and unset again, the config's host", GOOD, dagshub_auth.get_token())

other = os.path.join(T, "other", "tokens")
write_cache(other, {FAKE_URL: [TOK3]})
eq("cache_location= reads that file", TOK3,
   run("cache_location", dagshub_auth.get_token, cache_location=other))
os.chdir(os.path.join(T, "other"))
eq("a relative cache_location= is relative to the working directory", TOK3,
   run("relative cache_location", dagshub_auth.get_token, cache_location="tokens"))
os.chdir(T)
os.environ["DAGSHUB_CLIENT_TOKENS_CACHE"] = other
eq("DAGSHUB_CLIENT_TOKENS_CACHE is honoured", TOK3, dagshub_auth.get_token())
del os.environ["DAGSHUB_CLIENT_TOKENS_CACHE"]
eq("...and unset again, the default cache", GOOD, dagshub_auth.get_token())

raises("an unknown keyword is a TypeError", TypeError, dagshub_auth.get_token,
       cache_locaton=other)

# ---- a NUL in an argument: C would read only what comes before it --------
nulc = os.path.join(T, "nul", "tokens")
raises("a NUL in host= is a ValueError (not the host before it)", ValueError,
       dagshub_auth.get_token, host=FAKE2 + "\0x", fail_if_no_token=True)
raises("a NUL in cache_location= is a ValueError", ValueError,
       dagshub_auth.get_token, cache_location=nulc + "\0x")
raises("a NUL in the token of add_app_token is a ValueError", ValueError,
       dagshub_auth.add_app_token, TOK3 + "\0x", cache_location=nulc,
       skip_validation=True)
raises("a NUL in add_app_token's cache_location= is a ValueError", ValueError,
       dagshub_auth.add_app_token, TOK3, cache_location=nulc + "\0.bak",
       skip_validation=True)
check("...and nothing was written (not the token cut short, not the file "
      "named before the NUL)", not os.path.exists(nulc))
e = raises("a token with a line break is refused by the library",
           dagshub_auth.DagshubAuthError, dagshub_auth.add_app_token,
           TOK3 + "\nx", cache_location=nulc, skip_validation=True)
contains("...saying why", "line break", str(e))

# ---- no token: a RuntimeError that carries every entry ---------------------
empty = os.path.join(T, "empty", "tokens")
fake_reset()
e = raises("fail_if_no_token=True with no token raises a RuntimeError",
           RuntimeError, dagshub_auth.get_token, fail_if_no_token=True,
           cache_location=empty)
check("...a TokenNotFoundError (a DagshubAuthError)",
      isinstance(e, dagshub_auth.TokenNotFoundError) and
      isinstance(e, dagshub_auth.DagshubAuthError))
if e is not None:
    eq("...carrying every entry's module", ["env", "cache", "oauth"],
       [x["module"] for x in e.entries])
    eq("...and result", ["notfound", "notfound", "unavailable"],
       [x["result"] for x in e.entries])
    contains("...and reason", "no token cache at " + empty,
             e.entries[1]["reason"])
    contains("...the message lists them too", "oauth", str(e))
    eq("...its status is DAGSHUB_ENOTOKEN", -2, e.status)
    eq("...for the host", FAKE_URL, e.host)
# the message's outside text is escaped by the library, as the CLI
# shows it: a configuration whose name holds ESC, a C1 CSI and a newline
weird = os.path.join(T, "c\x1b[2J\u009b2J\nx.conf")
shutil.copyfile(os.environ["DAGSHUB_AUTH_CONFIG"], weird)
os.chmod(weird, 0o600)
saved_conf, os.environ["DAGSHUB_AUTH_CONFIG"] = os.environ["DAGSHUB_AUTH_CONFIG"], weird
e = raises("no token, a configuration with control characters in its name",
           RuntimeError, dagshub_auth.get_token, fail_if_no_token=True,
           cache_location=empty)
os.environ["DAGSHUB_AUTH_CONFIG"] = saved_conf
os.unlink(weird)
if e is not None:
    contains("...its name escaped in the message", "c\\x1b[2J\\xc2\\x9b2J\\nx.conf", str(e))
    check("...no raw ESC, C1 or line break of it", "\x1b" not in str(e) and
          "\u009b" not in str(e) and "\nx.conf" not in str(e))
eq("...and no request was made to the OAuth endpoints", 0,
   fake_count("/login/oauth/middleman") + fake_count("/login/oauth/authorize")
   + fake_count("/login/oauth/access_token"))

# ---- token_info, explain --------------------------------------------------
info = run("token_info", dagshub_auth.token_info)
if info is not None:
    eq("token_info().type", "app-token", info.type)
    eq("token_info().source", "cache", info.source)
    eq("token_info().expires is None for never", None, info.expires)
    eq("token_info().host", FAKE_URL, info.host)
    check("token_info() has no token anywhere", GOOD not in repr(info) and
          GOOD not in repr(info.as_dict()) and not hasattr(info, "value"))
    check("token_info() repr shows a fingerprint", "good" in repr(info) and
          "6789" in repr(info), repr(info))
info2 = run("token_info(host)", dagshub_auth.token_info, FAKE2)
eq("token_info(host)", FAKE2, info2 and info2.host)

ex = run("explain", dagshub_auth.explain)
if ex is not None:
    check("explain() is plain data (JSON)", run("json", json.dumps, ex) is not None)
    eq("explain() lists every entry", ["env", "cache", "oauth"],
       [x["module"] for x in ex["entries"]])
    eq("explain() results", ["notfound", "token", "not reached"],
       [x["result"] for x in ex["entries"]])
    eq("explain() marks the answering entry", [False, True, False],
       [x["answered"] for x in ex["entries"]])
    eq("explain() names the config", os.environ["DAGSHUB_AUTH_CONFIG"], ex["config"])
    eq("explain() names the host", FAKE_URL, ex["host"])
    eq("explain() answer source", "cache", ex["answer"]["source"])
    check("explain() never shows the token", GOOD not in json.dumps(ex))
ex = run("explain(host)", dagshub_auth.explain, FAKE2)
eq("explain(host) walks for that host", FAKE2, ex and ex["host"])
ex = run("explain none", dagshub_auth.explain, cache_location=empty)
if ex is not None:
    eq("explain() without a token: no answer", None, ex["answer"])
    contains("...and the error says why", "no token", ex["error"] or "")

# ---- add_app_token ----------------------------------------------------------
newc = os.path.join(T, "new", "tokens")
fake_reset()
r = run("add_app_token", dagshub_auth.add_app_token, TOK3, cache_location=newc)
check("add_app_token(token, cache_location=) writes the file", os.path.exists(newc))
eq("...after asking the host once", 1, fake_count("/api/v1/user"))
eq("...for the default host", TOK3,
   dagshub_auth.get_token(cache_location=newc, fail_if_no_token=True))
out = subprocess.run([sys.executable, os.path.join(SRC, "tests/cache/pyclient_load.py"),
                      newc], capture_output=True, text=True)
eq("...and the DagsHub client's loader reads it", (0, "%s app-token never %s\n" % (FAKE_URL, TOK3)),
   (out.returncode, out.stdout))
eq("...mode 0600", 0o600, os.stat(newc).st_mode & 0o777)
run("add twice", dagshub_auth.add_app_token, TOK3, cache_location=newc)
eq("adding the same token again does not add it twice", 1, open(newc).read().count(TOK3))
run("add host", dagshub_auth.add_app_token, TOK2, host=FAKE2, cache_location=newc)
out = subprocess.run([sys.executable, os.path.join(SRC, "tests/cache/pyclient_load.py"),
                      newc], capture_output=True, text=True)
contains("add_app_token(token, host=) stores it for that host",
         "%s app-token never %s" % (FAKE2, TOK2), out.stdout)
before = open(newc).read()
e = raises("a token the host rejects raises", dagshub_auth.TokenRejectedError,
           dagshub_auth.add_app_token, "badtok-0123456789", cache_location=newc)
check("...a RuntimeError", isinstance(e, RuntimeError))
eq("...and nothing is stored", before, open(newc).read())
run("skip_validation", dagshub_auth.add_app_token, "unchecked-0123456789",
    cache_location=newc, skip_validation=True)
contains("skip_validation=True stores without asking", "unchecked-0123456789", open(newc).read())
raises("add_app_token: an unknown keyword is a TypeError", TypeError,
       dagshub_auth.add_app_token, TOK3, fail_if_no_token=True)

# ---- clear_token_cache (no terminal here) -----------------------------------
e = raises("clear_token_cache() with no terminal refuses",
           dagshub_auth.DagshubAuthError, dagshub_auth.clear_token_cache,
           cache_location=newc)
contains("...and says to pass force=True", "force=True", str(e))
check("...and the file stays", os.path.exists(newc))
eq("clear_token_cache(force=True) deletes it", True,
   run("clear force", dagshub_auth.clear_token_cache, force=True, cache_location=newc))
check("...the file is gone", not os.path.exists(newc))
eq("...a second time there is nothing to delete", False,
   run("clear again", dagshub_auth.clear_token_cache, True, cache_location=newc))
check("...and the default cache was not touched", os.path.exists(CACHE))

# ---- threads ------------------------------------------------------------------
fresh()
results, handles, errors = [], set(), []
# All threads alive at once, so no handle's address is reused by another.
together = threading.Barrier(8, timeout=60)


def worker():
    try:
        for _ in range(50):
            results.append(dagshub_auth.get_token())
        handles.add(_lib.handle().ptr)
        together.wait()
    except Exception as ex:  # noqa: BLE001
        errors.append(repr(ex))


ts = [threading.Thread(target=worker) for _ in range(8)]
for t in ts:
    t.start()
for t in ts:
    t.join(60)
eq("8 threads x 50 get_token(): no error", [], errors)
eq("...every answer is the token", [GOOD] * 400, results)
eq("...each thread had its own library handle", 8, len(handles))

raises("on_message must be spelled right", TypeError,
       dagshub_auth.get_token, on_mesage=print)

# ---- a missing library -----------------------------------------------------
env = dict(os.environ, DAGSHUB_AUTH_LIBRARY=os.path.join(T, "no-such-lib.so.0"))
out = subprocess.run([sys.executable, "-c", "import dagshub_auth\n"
                      "try:\n dagshub_auth.get_token()\n"
                      "except ImportError as e:\n print(e)"],
                     env=env, capture_output=True, text=True)
contains("a missing DAGSHUB_AUTH_LIBRARY is named in the error",
         "no-such-lib.so.0 (from DAGSHUB_AUTH_LIBRARY)", out.stdout)
env = dict(os.environ)
env.pop("DAGSHUB_AUTH_LIBRARY")
env.pop("LD_LIBRARY_PATH", None)
probe = subprocess.run([sys.executable, "-c", "import ctypes; ctypes.CDLL('libdagshub-auth.so.0')"],
                       env=env, capture_output=True)
if probe.returncode == 0:
    skip("a missing library says what to install", "libdagshub-auth.so.0 is installed on this machine")
else:
    out = subprocess.run([sys.executable, "-c", "import dagshub_auth\n"
                          "try:\n dagshub_auth.get_token()\n"
                          "except ImportError as e:\n print(e)"],
                         env=env, capture_output=True, text=True)
    contains("a missing library says what to install",
             "the C library libdagshub-auth.so.0 is not installed", out.stdout)
    contains("...and how to point at one", "DAGSHUB_AUTH_LIBRARY", out.stdout)
