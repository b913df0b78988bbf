"""ctypes view of libdagshub-auth.so.0 (<dagshub/auth.h>) and the handles.

Kept small on purpose: `import dagshub_auth` must cost little more than
`import ctypes`, so nothing here imports threading, logging, httpx or
requests, and the library is opened on the first call, not at import.

Threads: every thread gets its own library handles (a `_thread._local`),
because one dagshub_auth handle must not be used by two threads at once
(auth.h) and a per-thread handle lets one thread wait for an OAuth login
while others keep getting tokens.  The price: each thread reads the
configuration once.  After os.fork() the child starts with no handles; the
parent's are forgotten there, not closed, so a child never closes its
parent's connections (D-Bus, sockets) behind its back.
"""
import os
import sys
import _thread
import _weakref

# The ctypes types this package uses, made straight from _ctypes, the C
# extension that ctypes/__init__.py wraps: importing the ctypes package
# (it also imports types, struct and ctypes._endian) is about a
# millisecond, more than half of what `import dagshub_auth` may cost.
# These are the definitions ctypes/__init__.py itself makes; where
# _ctypes lacks a piece (another Python implementation), the ctypes
# package is used instead.
try:
    from _ctypes import (CFuncPtr as _CFuncPtr, FUNCFLAG_CDECL as _CDECL,
                         POINTER, Structure, _SimpleCData, byref,
                         dlopen as _dlopen, sizeof as _sizeof)

    class c_int(_SimpleCData):
        _type_ = "i"

    class c_uint(_SimpleCData):
        _type_ = "I"

    class c_long(_SimpleCData):
        _type_ = "l"

    class c_int64(_SimpleCData):
        _type_ = "q"

    class c_void_p(_SimpleCData):
        _type_ = "P"

    class c_char_p(_SimpleCData):
        _type_ = "z"

    class c_char(_SimpleCData):
        _type_ = "c"

    class c_size_t(_SimpleCData):
        _type_ = "L" if _sizeof(c_void_p) == _sizeof(c_long) else "Q"

    def CFUNCTYPE(restype, *argtypes):  # noqa: N802 (ctypes' name)
        class CFunctionType(_CFuncPtr):
            _argtypes_ = argtypes
            _restype_ = restype
            _flags_ = _CDECL
        return CFunctionType

    class _Function(_CFuncPtr):
        _flags_ = _CDECL
        _restype_ = c_int

    class _Dll:
        """What a ctypes.CDLL is to a function pointer: a _handle."""

        def __init__(self, name):
            self._name = name
            self._handle = _dlopen(name, 0)  # RTLD_NOW | RTLD_LOCAL

        def __getattr__(self, name):
            fn = _Function((name, self))
            setattr(self, name, fn)
            return fn

    CDLL = _Dll
except ImportError:  # pragma: no cover - not CPython
    from ctypes import (CDLL, CFUNCTYPE, POINTER, Structure, byref,  # noqa
                        c_char, c_char_p, c_int, c_int64, c_long, c_size_t,
                        c_uint, c_void_p)

SONAME = "libdagshub-auth.so.0"
# The library to load instead of the one found by soname (a build tree).
LIBRARY_ENV = "DAGSHUB_AUTH_LIBRARY"

# dagshub_status
OK = 0
ERROR = -1
ENOTOKEN = -2
ECONFIG = -3
EINVAL = -4
ENOMEM = -5
ENOSTORE = -6
EPROVIDER = -7
EREJECTED = -8
ENETWORK = -9
EUNAVAILABLE = -10
STATUS_NAMES = {
    OK: "ok", ERROR: "error", ENOTOKEN: "no token", ECONFIG: "config",
    EINVAL: "invalid argument", ENOMEM: "out of memory",
    ENOSTORE: "no store", EPROVIDER: "provider failed",
    EREJECTED: "rejected", ENETWORK: "network", EUNAVAILABLE: "unavailable",
}

# dagshub_auth_options.flags
NON_INTERACTIVE = 1 << 0
VERBOSE = 1 << 1
# look only (explain): a token the server rejects is reported, not erased;
# nothing is written back
DRY_RUN = 1 << 2

# dagshub_trace_result, as dagshub_trace_result_str() names them
TRACE_RESULTS = ("token", "notfound", "unavailable", "error", "not reached",
                 "rejected")

# dagshub_message_cb kinds (CONTRACT: options version 2)
MESSAGE_KINDS = ("info", "progress", "progress_done", "note")
# DAGSHUB_LOG_* of <dagshub/provider.h> -> logging levels
_LOG_LEVELS = (10, 20, 30)  # DEBUG, INFO, WARNING

MESSAGE_CB = CFUNCTYPE(None, c_int, c_char_p, c_void_p)
LOG_CB = CFUNCTYPE(None, c_int, c_char_p, c_char_p, c_void_p)
CLOCK_CB = CFUNCTYPE(c_int64, c_void_p)


class Options(Structure):
    """dagshub_auth_options, version 2 (version 1 is its first 7 fields)."""
    _fields_ = [
        ("version", c_uint),
        ("config_path", c_char_p),
        ("host", c_char_p),
        ("cache_path", c_char_p),
        ("flags", c_uint),
        ("clock_us", CLOCK_CB),
        ("clock_payload", c_void_p),
        # version 2
        ("message", MESSAGE_CB),
        ("message_payload", c_void_p),
        ("log", LOG_CB),
        ("log_payload", c_void_p),
    ]


class Token(Structure):
    """dagshub_token (reading `value` copies the secret into a bytes
    object: read it once)."""
    _fields_ = [
        ("value", c_char_p),
        ("type", c_char_p),
        ("expires_us", c_int64),
        ("host", c_char_p),
        ("source", c_char_p),
        ("username", c_char_p),
        ("entry", c_size_t),
    ]


class LibraryMissing(ImportError):
    pass


_lib = None
_lib_lock = _thread.allocate_lock()

def lib():
    """The loaded library, with prototypes set (loaded on first use)."""
    global _lib
    if _lib is not None:
        return _lib
    with _lib_lock:
        if _lib is None:
            _lib = _load()
    return _lib


def _prototypes():
    """(name, restype, argtypes) of every function used; built on first
    use (POINTER types cost time at import).  dagshub_auth_trace_at is
    set up by _errors, which defines the trace structure."""
    return (
        ("dagshub_strerror", c_char_p, (c_int,)),
        ("dagshub_auth_version", c_char_p, ()),
        ("dagshub_auth_open", c_int, (POINTER(c_void_p), POINTER(Options))),
        ("dagshub_auth_close", None, (c_void_p,)),
        ("dagshub_auth_last_error", c_char_p, (c_void_p,)),
        ("dagshub_auth_config_path", c_char_p, (c_void_p,)),
        ("dagshub_auth_default_host", c_char_p, (c_void_p,)),
        ("dagshub_auth_config_note", c_char_p, (c_void_p,)),
        ("dagshub_get_token", c_int, (POINTER(POINTER(Token)), c_void_p,
                                      c_char_p)),
        ("dagshub_token_free", None, (POINTER(Token),)),
        ("dagshub_fingerprint", c_char_p, (c_char_p, c_char_p)),
        ("dagshub_auth_trace_count", c_size_t, (c_void_p,)),
        ("dagshub_auth_trace_host", c_char_p, (c_void_p,)),
        ("dagshub_trace_result_str", c_char_p, (c_int,)),
        ("dagshub_add_app_token", c_int, (c_void_p, c_char_p, c_char_p,
                                          c_char_p)),
        ("dagshub_erase_tokens", c_int, (c_void_p, c_char_p, c_char_p,
                                         c_char_p, POINTER(c_size_t))),
        ("dagshub_clear_token_cache", c_int, (c_void_p,)),
        ("dagshub_login_oauth", c_int, (POINTER(POINTER(Token)), c_void_p,
                                        c_char_p, c_char_p)),
        ("dagshub_validate_token", c_int, (c_void_p, c_char_p, c_char_p,
                                           POINTER(c_long), c_void_p)),
    )


def _load():
    path = os.environ.get(LIBRARY_ENV) or SONAME
    try:
        so = CDLL(path)
    except OSError as e:
        if path != SONAME:
            raise LibraryMissing(
                "dagshub_auth: cannot load %s (from %s): %s"
                % (path, LIBRARY_ENV, e)) from None
        raise LibraryMissing(
            "dagshub_auth: the C library %s is not installed (%s).\n"
            "Install dagshub-auth (on Debian/Ubuntu the package that ships "
            "%s, or `make install` from its source tree, then `ldconfig`), "
            "or set %s to the path of the library."
            % (SONAME, e, SONAME, LIBRARY_ENV)) from None
    for name, restype, argtypes in _prototypes():
        try:
            fn = getattr(so, name)
        except AttributeError:
            raise LibraryMissing(
                "dagshub_auth: %s has no %s: it is older than this package "
                "needs; install a newer dagshub-auth" % (path, name)) from None
        fn.restype = restype
        fn.argtypes = argtypes
    return so


def text(b):
    """A C string from the library as str (None stays None)."""
    return None if b is None else b.decode("utf-8", "replace")


def arg(s):
    """A str argument for the library (None stays NULL).  A NUL in it is
    a ValueError, as for open() and os functions: C would read only what
    comes before it (a token cut short, another host, another file)."""
    if s is None:
        return None
    s = os.fspath(s)
    if not isinstance(s, bytes):
        s = s.encode("utf-8", "surrogateescape")
    if b"\0" in s:
        raise ValueError("embedded null character")
    return s


# ---- messages and log lines ---------------------------------------------

# Messages are routed by the handle they come from (the payload is its
# number): the OAuth spinner's PROGRESS messages come from a thread of the
# provider's own, so "the call running in this thread" would not find
# them.  A handle is used by one call at a time (one thread), so the
# call's on_message is kept on the handle for the duration of the call.
_by_number = {}
_numbers = [0]
_numbers_lock = _thread.allocate_lock()


def _default_message(kind, msg):
    err = sys.stderr
    if err is None:
        return
    tty = False
    try:
        tty = err.isatty()
    except (AttributeError, ValueError):
        pass
    if kind == "progress":
        if tty:
            err.write("\r\033[K" + msg)
            err.flush()
        return
    if kind == "progress_done":
        if tty:
            err.write("\r\033[K")
            err.flush()
        return
    err.write(msg + "\n")
    err.flush()


def _on_message(kind, msg, payload):
    k = MESSAGE_KINDS[kind] if 0 <= kind < len(MESSAGE_KINDS) else "info"
    s = text(msg) or ""
    ref = _by_number.get(payload)
    h = ref() if ref is not None else None
    fn = h.on_message if h is not None else None
    try:
        if fn is None:
            _default_message(k, s)
        else:
            fn(k, s)
    except BaseException as e:  # never let an exception unwind through C
        if h is not None and h.error is None:
            h.error = e


def _on_log(level, source, msg, payload):
    import logging  # only when the library has something to say
    lv = _LOG_LEVELS[level] if 0 <= level < len(_LOG_LEVELS) else 30
    try:
        logging.getLogger("dagshub_auth").log(
            lv, "%s: %s", text(source) or "core", text(msg) or "")
    except Exception:
        pass


_MESSAGE_TRAMPOLINE = MESSAGE_CB(_on_message)
_LOG_TRAMPOLINE = LOG_CB(_on_log)


class Routing:
    """with Routing(h, on_message): the messages of h's calls inside go to
    on_message (None: stderr); an exception it raised is raised after."""
    __slots__ = ("h", "fn", "prev")

    def __init__(self, h, fn):
        self.h = h
        self.fn = fn

    def __enter__(self):
        h = self.h
        self.prev = h.on_message
        h.on_message = self.fn
        h.error = None
        return self

    def __exit__(self, *exc):
        h = self.h
        h.on_message = self.prev
        err, h.error = h.error, None
        if err is not None and exc[0] is None:
            raise err
        return False


# ---- handles --------------------------------------------------------------

# Which options version the library took (2, or 1 for a library from
# before the callbacks); None until the first open.
options_version = None


class Handle:
    """One dagshub_auth handle, closed when dropped (in the process that
    opened it only)."""
    __slots__ = ("ptr", "pid", "number", "on_message", "error",
                 "__weakref__")

    def __init__(self, cache_path, flags):
        global options_version
        so = lib()
        self.ptr = None
        self.on_message = self.error = None
        with _numbers_lock:
            _numbers[0] += 1
            self.number = n = _numbers[0]
        _by_number[n] = _weakref.ref(self)
        o = Options()
        o.version = options_version or 2
        o.cache_path = cache_path
        o.flags = flags
        o.message = _MESSAGE_TRAMPOLINE
        o.message_payload = n
        o.log = _LOG_TRAMPOLINE
        p = c_void_p()
        rc = so.dagshub_auth_open(byref(p), byref(o))
        if rc == EINVAL and o.version == 2 and options_version is None \
                and p.value and b"version" in (
                    so.dagshub_auth_last_error(p) or b""):
            # A library from before options version 2: no callbacks (it
            # writes the OAuth link to stderr itself).
            so.dagshub_auth_close(p)
            o.version = 1
            p = c_void_p()
            rc = so.dagshub_auth_open(byref(p), byref(o))
        self.ptr = p.value
        self.pid = os.getpid()
        if rc != OK:
            from . import _errors
            e = _errors.from_handle(self, rc, "cannot open the configuration")
            self.close()
            raise e
        if options_version is None:
            options_version = o.version

    def close(self):
        p, self.ptr = self.ptr, None
        _by_number.pop(self.number, None)
        if p and self.pid == os.getpid():
            lib().dagshub_auth_close(p)

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass

    def last_error(self):
        return text(lib().dagshub_auth_last_error(self.ptr)) or ""


_local = _thread._local()
# The settings a handle was opened under: what the library reads at open.
_ENV_KEYS = ("DAGSHUB_AUTH_CONFIG", "DAGSHUB_CLIENT_HOST",
             "DAGSHUB_CLIENT_TOKENS_CACHE", "XDG_CONFIG_HOME",
             "XDG_CACHE_HOME", "HOME", "CI")


def handle(cache_path=None, flags=0):
    """This thread's handle for these options (opened on first use, and
    again when one of the variables the library reads at open changed)."""
    env = os.environ
    key = (cache_path, flags) + tuple(env.get(k) for k in _ENV_KEYS)
    try:
        h = _local.handles[key]
    except AttributeError:
        _local.handles = {}
    except KeyError:
        pass
    else:
        if h.ptr:
            return h
    h = Handle(cache_path, flags)
    hs = _local.handles
    if len(hs) >= 8:  # settings changing in a loop must not pile up
        for k in list(hs)[:4]:
            hs.pop(k).close()
    hs[key] = h
    return h


def _after_fork():
    # The parent's handles are dropped here but not closed (Handle.close
    # checks the pid): they are the parent's.
    global _local
    _local = _thread._local()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_after_fork)


def close_all():
    """Closes this thread's handles (tests; a long-lived program that wants
    the configuration read again)."""
    hs = getattr(_local, "handles", None)
    if hs:
        for h in hs.values():
            h.close()
        hs.clear()
