"""The package's exceptions: RuntimeError subclasses, as the DagsHub client
raises RuntimeError when no token is found."""
from . import _lib
from ._lib import (POINTER, Structure, c_char_p, c_int, c_int64, c_size_t,
                   c_void_p)


class Trace(Structure):
    """dagshub_trace."""
    _fields_ = [
        ("module", c_char_p),
        ("control", c_char_p),
        ("result", c_int),
        ("reason", c_char_p),
        ("fingerprint", c_char_p),
        ("validation", c_char_p),
        ("warnings", POINTER(c_char_p)),
        ("elapsed_us", c_int64),
        ("answered", c_int),
        ("action", c_char_p),
    ]


class DagshubAuthError(RuntimeError):
    """A call of libdagshub-auth failed.

    Attributes: ``status`` (the negative dagshub_status code), ``reason``
    (its short name: "no token", "rejected", "config", ...), ``message``
    (the library's message, which says what to do), ``host`` (the host
    the failing walk was for, or None) and ``entries`` (what every entry
    of the chain answered, as :func:`dagshub_auth.explain` lists them:
    dicts with module, control, result, reason, ...).
    """

    def __init__(self, message, status=_lib.ERROR, entries=(), host=None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.reason = _lib.STATUS_NAMES.get(status, "error")
        self.entries = list(entries)
        self.host = host


class TokenNotFoundError(DagshubAuthError):
    """No entry of the chain gave a token (``fail_if_no_token=True``, or
    nobody was there to log in).  ``entries`` says why, entry by entry."""


class TokenRejectedError(DagshubAuthError):
    """The server rejected the token (401/403)."""


def trace_entries(h):
    """The last walk of handle h as a list of plain dicts."""
    so = _lib.lib()
    fn = so.dagshub_auth_trace_at
    fn.restype = POINTER(Trace)
    fn.argtypes = (c_void_p, c_size_t)
    out = []
    for i in range(so.dagshub_auth_trace_count(h.ptr)):
        tp = so.dagshub_auth_trace_at(h.ptr, i)
        if not tp:
            break
        t = tp.contents
        warnings = []
        if t.warnings:
            j = 0
            while t.warnings[j] is not None:
                warnings.append(_lib.text(t.warnings[j]))
                j += 1
        r = t.result
        out.append({
            "module": _lib.text(t.module),
            "control": _lib.text(t.control),
            "result": _lib.text(so.dagshub_trace_result_str(r)),
            "reason": _lib.text(t.reason) or "",
            "fingerprint": _lib.text(t.fingerprint),
            "validation": _lib.text(t.validation),
            "warnings": warnings,
            "elapsed_us": int(t.elapsed_us),
            "answered": bool(t.answered),
            "action": _lib.text(t.action),
        })
    return out


def from_handle(h, rc, what, walk=False):
    """The exception for status rc on handle h (its message, and the
    entries of the last walk when the call walked the chain)."""
    so = _lib.lib()
    msg = h.last_error() if h is not None and h.ptr else ""
    if not msg:
        msg = "%s: %s" % (what, _lib.text(so.dagshub_strerror(rc)))
    entries, host = (), None
    if walk and h is not None and h.ptr:
        entries = trace_entries(h)
        host = _lib.text(so.dagshub_auth_trace_host(h.ptr))
    cls = DagshubAuthError
    if rc == _lib.ENOTOKEN:
        cls = TokenNotFoundError
    elif rc == _lib.EREJECTED:
        cls = TokenRejectedError
    return cls(msg, rc, entries, host)


for _c in (DagshubAuthError, TokenNotFoundError, TokenRejectedError):
    _c.__module__ = "dagshub_auth"
del _c
