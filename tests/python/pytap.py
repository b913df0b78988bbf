"""Helpers of the tests/python check scripts: PASS/FAIL lines for
py_checks (lib-python.sh) and the fake DagsHub's control API."""
import json
import os
import sys
import traceback
import urllib.parse
import urllib.request

FAKE_URL = os.environ.get("FAKE_URL", "")
T = os.environ.get("T", "")
_opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _emit(passed, name, detail=""):
    print(("PASS " if passed else "FAIL ") + name.replace("\n", " "))
    if not passed and detail:
        for line in str(detail).splitlines():
            print("# " + line)
    sys.stdout.flush()
    return passed


def check(name, cond, detail=""):
    return _emit(bool(cond), name, detail)


def eq(name, want, got):
    return _emit(want == got, name, "expected: %r\ngot:      %r" % (want, got))


def contains(name, needle, hay):
    return _emit(needle in hay, name,
                 "expected to find %r in %r" % (needle, hay))


def skip(name, why):
    print("SKIP %s|%s" % (name, why))


def raises(name, exc, fn, *a, **kw):
    """Checks that fn(*a, **kw) raises exc; returns the exception."""
    try:
        fn(*a, **kw)
    except exc as e:
        _emit(True, name)
        return e
    except Exception:
        _emit(False, name, "raised something else:\n" + traceback.format_exc())
        return None
    _emit(False, name, "raised nothing")
    return None


def run(name, fn, *a, **kw):
    """fn(*a, **kw), a failure (not a crash) when it raises."""
    try:
        return fn(*a, **kw)
    except Exception:
        _emit(False, name, traceback.format_exc())
        return None


def _fake(path, data=None, url=None, query=None):
    u = (url or FAKE_URL) + path
    if query:
        u += "?" + urllib.parse.urlencode(query)
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with _opener.open(u, body, timeout=10) as r:
        return r.read().decode()


def fake_count(path=None, url=None):
    return int(_fake("/_fake/count", url=url,
                     query={"path": path} if path else None))


def fake_reset(url=None):
    _fake("/_fake/reset", {}, url=url)


def fake_token(tok, user, url=None):
    _fake("/_fake/token", {"token": tok, "user": user}, url=url)


def fake_revoke(tok, url=None):
    _fake("/_fake/revoke", {"token": tok}, url=url)


def fake_mode(path, mode, url=None):
    _fake("/_fake/mode", {"path": path, "mode": mode}, url=url)


def fake_log(url=None):
    return json.loads(_fake("/_fake/log", url=url))


def write_cache(path, hosts):
    """A token cache in the client's layout: hosts = {host: [app tokens]}."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        for host in sorted(hosts):
            f.write(host + ":\n")
            for t in hosts[host]:
                f.write("- access_token: %s\n  expiry: never\n"
                        "  token_type: app-token\n" % t)
        f.write("version: '1'\n")
    os.chmod(path, 0o600)
