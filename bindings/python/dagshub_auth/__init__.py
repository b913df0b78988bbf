"""dagshub_auth - the DagsHub client's auth functions, answered by the
dagshub-auth provider chain (libdagshub-auth.so.0, through ctypes).

    import dagshub_auth
    token = dagshub_auth.get_token()
    client = httpx.Client(auth=dagshub_auth.get_authenticator())

Same names, keywords and defaults as ``dagshub.auth`` of the DagsHub
client: get_token, get_authenticator, add_app_token, add_oauth_token,
clear_token_cache; and beyond it explain() and token_info().  Which
tokens exist and in which order they are tried is the configured chain
(dagshub-auth.conf(5)): DAGSHUB_USER_TOKEN, the client's token cache, the
keyring, company providers, OAuth.  DAGSHUB_CLIENT_HOST,
DAGSHUB_CLIENT_TOKENS_CACHE and DAGSHUB_USER_TOKEN mean what they mean to
the client.

Threads: safe from any number of threads; each thread has its own library
handle (see _lib.py), so a thread waiting for an OAuth login does not hold
up the others.

Secrets: the C copy of a token is wiped (dagshub_token_free) as soon as
it has been turned into the str that is returned, and this package keeps
no token of its own: the authenticator asks the chain again for every request
(a few microseconds when nothing changed).  A Python
str cannot be wiped: the str you get, and the Authorization header built
from it, live until Python frees them; do not keep them longer than you
need.
"""
import os

from . import _lib

__version__ = "0.1.0"
__all__ = [
    "get_token", "get_authenticator", "add_app_token", "add_oauth_token",
    "clear_token_cache", "explain", "token_info", "TokenInfo",
    "DagshubAuthError", "TokenNotFoundError", "TokenRejectedError",
]

_ERRORS = ("DagshubAuthError", "TokenNotFoundError", "TokenRejectedError")


def __getattr__(name):
    # The exception classes load with their module on first use: the
    # common path (a token found) never needs them.
    if name in _ERRORS:
        from . import _errors
        return getattr(_errors, name)
    raise AttributeError("module 'dagshub_auth' has no attribute %r" % name)


_GET_KEYWORDS = frozenset(("fail_if_no_token", "cache_location", "host",
                           "on_message"))


def _check(fn, kwargs, allowed):
    for k in kwargs:
        if k not in allowed:
            raise TypeError("%s() got an unexpected keyword argument %r"
                            % (fn, k))


def _cache_path(loc):
    if loc is None:
        return None
    # Relative to the working directory of this call, as in the client.
    return _lib.arg(os.path.abspath(os.fspath(loc)))


def _walk(h, host, on_message):
    """Runs dagshub_get_token; returns the token pointer (caller frees)."""
    so = _lib.lib()
    tok = _lib.POINTER(_lib.Token)()
    try:
        with _lib.Routing(h, on_message):
            rc = so.dagshub_get_token(_lib.byref(tok), h.ptr, _lib.arg(host))
    except BaseException:  # on_message raised: wipe what came back
        if tok:
            so.dagshub_token_free(tok)
        raise
    if rc != _lib.OK:
        from . import _errors
        raise _errors.from_handle(h, rc, "no token", walk=True)
    return tok


def _value(tok):
    """The token's value as str (the core only lets b64tokens through)."""
    return tok.contents.value.decode("ascii")


def get_token(**kwargs):
    """Gets a DagsHub token as a str.

    Keyword Args:
        fail_if_no_token: if True, never ask a person (no OAuth login, no
            keyring unlock prompt) and raise TokenNotFoundError (a
            RuntimeError) when no entry has a token.  If False (default),
            the chain's OAuth entry may log in when a person is at a
            terminal.
        cache_location: path of the token cache file to use instead of
            DAGSHUB_CLIENT_TOKENS_CACHE or the default.
        host: URL of the DagsHub instance; default DAGSHUB_CLIENT_HOST,
            the config's host, https://dagshub.com.
        on_message: callable(kind, text) that gets the lines meant for the
            person (the OAuth link: kind "info"; "note"; "progress",
            "progress_done") instead of stderr, e.g. for a notebook.

    Raises:
        TokenNotFoundError: no token; its ``entries`` list every entry's
            result and reason.
        DagshubAuthError: a configuration or library error.
    """
    if kwargs:
        _check("get_token", kwargs, _GET_KEYWORDS)
        flags = _lib.NON_INTERACTIVE if kwargs.get("fail_if_no_token") else 0
        h = _lib.handle(_cache_path(kwargs.get("cache_location")), flags)
        tok = _walk(h, kwargs.get("host"), kwargs.get("on_message"))
    else:
        tok = _walk(_lib.handle(), None, None)
    try:
        return _value(tok)
    finally:
        _lib.lib().dagshub_token_free(tok)


def get_authenticator(**kwargs):
    """An authenticator for httpx and requests, with renegotiation.

    The object is an ``httpx.Auth`` and a ``requests.auth.AuthBase``
    (for whichever of the two is installed)::

        httpx.Client(auth=dagshub_auth.get_authenticator())
        requests.Session().auth = dagshub_auth.get_authenticator()

    It puts ``Authorization: Bearer`` on requests to the token's host
    (same scheme, host and port; https, or http to a loopback address)
    and on no other.  On a 401 it erases the token from the provider that
    gave it, takes the next one from the chain (or OAuth, when a person is
    there and fail_if_no_token is not set) and sends the request once
    more.  A token from DAGSHUB_USER_TOKEN is not replaced: the 401 is
    returned.  A 401 from a request that did not carry the token (another
    host, after a redirect the client followed and dropped the header
    for) is returned as it is and erases nothing.  Keywords as
    get_token(); a token is looked up now, so a missing one raises here,
    as in the client.

    Proxies: a request that would carry the token over plain http (to a
    loopback host) while http_proxy, HTTP_PROXY, all_proxy or ALL_PROXY
    is set and no_proxy / NO_PROXY does not name the host raises
    DagshubAuthError before anything is sent, because requests and httpx
    would send it through that proxy, which would read the token.  Set
    ``no_proxy=127.0.0.1,localhost,::1`` or use https (a proxy carries
    https in a tunnel and never sees the header).  The variables are read
    as requests and httpx read them, even for a client made with
    ``trust_env=False``; a proxy you give the client yourself
    (``proxies=``, ``mounts=``) is your choice and is not checked.
    """
    _check("get_authenticator", kwargs, _GET_KEYWORDS)
    from ._authenticator import make
    return make(kwargs)


def add_app_token(token, host=None, **kwargs):
    """Adds an app token (long-lived, from your DagsHub settings) to the
    token cache, as the client's add_app_token().

    The token is checked with the host first (GET /api/v1/user), as the
    client does: a rejected one raises TokenRejectedError and nothing is
    stored.  A token already stored is not added twice.

    Keyword Args:
        cache_location: path of the token cache file to write.
        skip_validation: store without asking the host (not in the client).
    """
    _check("add_app_token", kwargs, frozenset(("cache_location",
                                               "skip_validation")))
    so = _lib.lib()
    h = _lib.handle(_cache_path(kwargs.get("cache_location")),
                    _lib.NON_INTERACTIVE)
    value = _lib.arg(token)
    bhost = _lib.arg(host)
    if not kwargs.get("skip_validation"):
        status = _lib.c_long()
        rc = so.dagshub_validate_token(h.ptr, bhost, value,
                                       _lib.byref(status), None)
        if rc != _lib.OK:
            from . import _errors
            raise _errors.from_handle(h, rc, "token not valid")
    rc = so.dagshub_add_app_token(h.ptr, bhost, value, None)
    if rc != _lib.OK:
        from . import _errors
        raise _errors.from_handle(h, rc, "cannot store the token")


def add_oauth_token(host=None, referrer=None, **kwargs):
    """Logs in with OAuth (the chain's oauth entry) and stores the new
    token, as the client's add_oauth_token().  The link to open reaches
    the person on stderr, or through ``on_message``.

    Keyword Args:
        cache_location: path of the token cache file to write.
        on_message: callable(kind, text), as for get_token().
    """
    _check("add_oauth_token", kwargs, frozenset(("cache_location",
                                                 "on_message")))
    so = _lib.lib()
    h = _lib.handle(_cache_path(kwargs.get("cache_location")), 0)
    tok = _lib.POINTER(_lib.Token)()
    try:
        with _lib.Routing(h, kwargs.get("on_message")):
            rc = so.dagshub_login_oauth(_lib.byref(tok), h.ptr,
                                        _lib.arg(host), _lib.arg(referrer))
    finally:
        if tok:
            so.dagshub_token_free(tok)
    if rc != _lib.OK:
        from . import _errors
        raise _errors.from_handle(h, rc, "OAuth login failed", walk=True)


def clear_token_cache(force=False, **kwargs):
    """Deletes the token cache file (of every ``cache`` entry of the
    configuration; the keyring and other stores are not touched).

    Unless ``force``, asks y/N on the terminal first; with no terminal to
    ask it refuses (raises DagshubAuthError) rather than guess.  Returns
    True when a file was deleted, False when the answer was no or there
    was nothing to delete.

    Keyword Args:
        cache_location: the token cache file to delete.
    """
    _check("clear_token_cache", kwargs, frozenset(("cache_location",)))
    import sys
    if not force:
        try:
            tty = sys.stdin.isatty() and sys.stderr.isatty()
        except (AttributeError, ValueError):
            tty = False
        if not tty:
            from ._errors import DagshubAuthError
            raise DagshubAuthError(
                "refusing to delete the token cache without a terminal to "
                "ask; call clear_token_cache(force=True) to delete it "
                "anyway", _lib.EINVAL)
        sys.stderr.write("Delete the DagsHub token cache? Every token "
                         "stored in it is lost. [y/N] ")
        sys.stderr.flush()
        answer = sys.stdin.readline().strip()
        if answer not in ("y", "Y", "yes", "Yes", "YES"):
            return False
    h = _lib.handle(_cache_path(kwargs.get("cache_location")),
                    _lib.NON_INTERACTIVE)
    rc = _lib.lib().dagshub_clear_token_cache(h.ptr)
    if rc != _lib.OK:
        from . import _errors
        raise _errors.from_handle(h, rc, "cannot delete the token cache")
    # OK with a note: there was no file to delete.
    return not h.last_error()


class TokenInfo:
    """What token_info() tells about a token: never the token itself.

    Attributes: host, type ("app-token", "bearer" or None), expires (an
    aware UTC datetime, or None for never), source (the chain entry's
    module: "env", "cache", "keyring", ...), entry (its index), username
    (the DagsHub login when known) and fingerprint ("abcd…wxyz").
    """
    __slots__ = ("host", "type", "expires", "source", "entry", "username",
                 "fingerprint")

    def __init__(self, **kw):
        for k in self.__slots__:
            setattr(self, k, kw.get(k))

    def as_dict(self):
        return {k: getattr(self, k) for k in self.__slots__}

    def __eq__(self, other):
        return isinstance(other, TokenInfo) and \
            self.as_dict() == other.as_dict()

    def __repr__(self):
        return "TokenInfo(%s)" % ", ".join(
            "%s=%r" % (k, getattr(self, k)) for k in self.__slots__)


def _expiry(us):
    if not us:
        return None
    import datetime
    return datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc) + \
        datetime.timedelta(microseconds=us)


def _fingerprint(tok):
    buf = (_lib.c_char * 16)()  # DAGSHUB_FINGERPRINT_SIZE
    _lib.lib().dagshub_fingerprint(buf, tok.contents.value)
    return _lib.text(buf.value)


def _info(tok):
    t = tok.contents
    return TokenInfo(host=_lib.text(t.host), type=_lib.text(t.type),
                     expires=_expiry(t.expires_us),
                     source=_lib.text(t.source), entry=int(t.entry),
                     username=_lib.text(t.username),
                     fingerprint=_fingerprint(tok))


def token_info(host=None, **kwargs):
    """The token get_token() would return, described (a TokenInfo), not
    given: type, expiry, source, username, fingerprint.  Keywords as
    get_token(); raises as get_token()."""
    _check("token_info", kwargs, _GET_KEYWORDS - {"host"})
    flags = _lib.NON_INTERACTIVE if kwargs.get("fail_if_no_token") else 0
    h = _lib.handle(_cache_path(kwargs.get("cache_location")), flags)
    tok = _walk(h, host, kwargs.get("on_message"))
    try:
        return _info(tok)
    finally:
        _lib.lib().dagshub_token_free(tok)


def explain(host=None, **kwargs):
    """What every entry of the chain answers for ``host``, as plain data
    (what ``dagshub-auth explain`` prints).  Never asks a person, never
    returns a token (only fingerprints), changes nothing: a stored token
    the server rejects is reported as ``rejected`` but not erased.

    Returns a dict: ``config`` (the file in use), ``notes`` (list of
    remarks about it), ``host`` (normalised), ``entries`` (one dict per
    entry: module, control, result, reason, fingerprint, validation,
    warnings, elapsed_us, answered, action), ``answer`` (the token_info()
    of the answer as a dict, expiry as an ISO 8601 string, or None) and ``error`` (the message when no
    token was found, else None).

    Keyword Args:
        cache_location: as for get_token().
    """
    _check("explain", kwargs, frozenset(("cache_location",)))
    from . import _errors
    so = _lib.lib()
    # Looking changes nothing, as `dagshub-auth explain`: a token the
    # server rejects is reported as rejected, not erased.
    h = _lib.handle(_cache_path(kwargs.get("cache_location")),
                    _lib.NON_INTERACTIVE | _lib.DRY_RUN)
    tok = _lib.POINTER(_lib.Token)()
    with _lib.Routing(h, None):
        rc = so.dagshub_get_token(_lib.byref(tok), h.ptr, _lib.arg(host))
    answer, error = None, None
    if rc == _lib.OK:
        try:
            answer = _info(tok).as_dict()
            if answer["expires"] is not None:  # plain data: a string
                answer["expires"] = answer["expires"].isoformat()
        finally:
            so.dagshub_token_free(tok)
    elif rc in (_lib.ENOTOKEN, _lib.EUNAVAILABLE):
        error = h.last_error()
    else:
        raise _errors.from_handle(h, rc, "explain", walk=True)
    note = _lib.text(so.dagshub_auth_config_note(h.ptr))
    return {
        "config": _lib.text(so.dagshub_auth_config_path(h.ptr)),
        "notes": [n for n in (note or "").split("\n") if n],
        "host": _lib.text(so.dagshub_auth_trace_host(h.ptr)
                          or so.dagshub_auth_default_host(h.ptr)),
        "entries": _errors.trace_entries(h),
        "answer": answer,
        "error": error,
    }
