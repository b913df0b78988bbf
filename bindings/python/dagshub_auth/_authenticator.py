"""get_authenticator(): one object that is an httpx.Auth and a
requests.auth.AuthBase, with the DagsHub client's renegotiation.

Imported only by get_authenticator(), so `import dagshub_auth` never
imports httpx or requests; this module imports whichever of them is
installed, to subclass their base classes (httpx only accepts an
httpx.Auth instance as `auth=`).

No token is kept in the object: each request asks the chain (cheap when
nothing changed), the header carries it, and on a 401 the token that was
refused is read back from the request's own header.
"""
import ipaddress
import urllib.parse
import urllib.request

from . import _lib, _errors

_DEFAULT_PORTS = {"http": 80, "https": 443}


def _origin(url):
    u = urllib.parse.urlsplit(url)
    scheme = (u.scheme or "").lower()
    host = (u.hostname or "").lower()
    try:
        port = u.port or _DEFAULT_PORTS.get(scheme)
    except ValueError:
        return None
    return scheme, host, port


def _loopback(host):
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _may_send(url, token_host):
    """A token for token_host goes only to that origin, over https, or
    plain http to a loopback address (as the C authenticator)."""
    o = _origin(url)
    if o is None or o != _origin(token_host):
        return False
    return o[0] == "https" or (o[0] == "http" and _loopback(o[1]))


def _http_proxies():
    """The environment's proxy map (urllib's reading) when it names a
    proxy for plain http (http_proxy / HTTP_PROXY or all_proxy /
    ALL_PROXY), else None."""
    proxies = urllib.request.getproxies_environment()
    return proxies if proxies.get("http") or proxies.get("all") else None


def _env_proxied(url):
    """Whether a plain-http request for url would go through a proxy the
    environment names, as requests (and httpx) read the variables:
    http_proxy / HTTP_PROXY or all_proxy / ALL_PROXY set, and no_proxy /
    NO_PROXY not naming the host.  The same variables the C side's
    s_http_would_proxy (core/http/http.c) reads.  requests bypasses every
    host urllib bypasses (and some more: CIDR ranges), so when this says
    False requests goes direct; a no_proxy entry urllib does not read
    (a CIDR range) leaves it True: refused rather than sent in clear."""
    proxies = _http_proxies()
    if proxies is None:
        return False
    host = urllib.parse.urlsplit(url).hostname or ""
    return not urllib.request.proxy_bypass_environment(host, proxies)


def _httpx_proxied(url):
    """httpx's own reading of the same variables, which differs from
    urllib's: httpx 0.23 ignores an IPv6 address in no_proxy, so it sends
    http://[::1]/ through the proxy with no_proxy=::1.  Asked of httpx
    itself (its environment proxy map, matched as its Client matches it);
    when this httpx has no such internals, any proxy variable counts."""
    if _http_proxies() is None:
        return False
    try:
        import httpx
        from httpx._utils import URLPattern, get_environment_proxies
        u = httpx.URL(url)
        mounts = get_environment_proxies()
        for pat in sorted(URLPattern(k) for k in mounts):
            if pat.matches(u):
                return mounts[pat.pattern] is not None
        return False
    except Exception:  # noqa: BLE001 - unknown httpx: assume the proxy
        return True


def _refuse_proxy(url, thost, httpx_only):
    """The error for a token request a proxy would carry in clear; worded
    as the C side's refusal (core/http/http.c, s_proxy_setup)."""
    host = urllib.parse.urlsplit(url).hostname or url
    msg = ("refusing to send a request for %s over plain http through a "
           "proxy (http_proxy, HTTP_PROXY or ALL_PROXY is set): the proxy "
           "would read the token; use https, or add the host to no_proxy "
           "(e.g. no_proxy=127.0.0.1,localhost,::1)" % host)
    if httpx_only:
        try:
            import httpx
            ver = " " + httpx.__version__
        except Exception:  # noqa: BLE001
            ver = ""
        msg += ("; this httpx%s does not exempt %s with no_proxy as set "
                "(httpx before 0.24.1 ignores IPv6 addresses there): use "
                "127.0.0.1 or localhost, or no_proxy=*" % (ver, host))
    return _errors.DagshubAuthError(msg, _lib.ERROR, host=thost)


class _Base:
    """The shared part: which token, and renegotiation after a 401."""

    # httpx: read a streamed body first, so the retry can send it again.
    requires_request_body = True
    requires_response_body = False

    def __init__(self, host, cache_location, fail_if_no_token, on_message):
        self.host = host
        self._cache_path = cache_location
        self._flags = _lib.NON_INTERACTIVE if fail_if_no_token else 0
        self._on_message = on_message

    def __repr__(self):
        return "<dagshub_auth authenticator for %s>" % (
            self.host or "the default host")

    def __reduce__(self):
        # The class is made at run time (for whichever of httpx and
        # requests is installed), so pickle cannot find it by name: it is
        # made again where it is unpickled (as the client's authenticator
        # pickles, e.g. to DataLoader workers).  No token is in it.
        return (_rebuild, (self.host, self._cache_path,
                           bool(self._flags & _lib.NON_INTERACTIVE),
                           self._on_message))

    def _get(self):
        """(header value, source module, normalised token host)."""
        h = _lib.handle(self._cache_path, self._flags)
        from . import _walk, _value
        tok = _walk(h, self.host, self._on_message)
        try:
            t = tok.contents
            return ("Bearer " + _value(tok), _lib.text(t.source),
                    _lib.text(t.host))
        finally:
            _lib.lib().dagshub_token_free(tok)

    def _credential(self, url, httpx_client=False):
        """(header, source, token host) for a request to url, or None
        when the token must not go there.  Raises DagshubAuthError when
        the request is for the token's host over plain http but the
        environment would route it through a proxy: the proxy would read
        the header, and the authenticator cannot choose the route (the
        C side sends loopback requests direct instead, which only the
        client can do here).  Raising stops the request before anything
        is sent, rather than sending it without the token to a certain
        401."""
        hdr, source, thost = self._get()
        if not _may_send(url, thost):
            return None
        if urllib.parse.urlsplit(url).scheme.lower() == "http":
            if _env_proxied(url):
                raise _refuse_proxy(url, thost, False)
            if httpx_client and _httpx_proxied(url):
                raise _refuse_proxy(url, thost, True)
        return hdr, source, thost

    def _renegotiate(self, refused_header, source, thost):
        """After a 401: erase the refused token from its source, take the
        next one.  The new header, or None when there is nothing better
        (env token, or the chain gives the same token again)."""
        if source == "env" or not refused_header.startswith("Bearer "):
            return None
        so = _lib.lib()
        h = _lib.handle(self._cache_path, self._flags)
        erased = _lib.c_size_t()
        so.dagshub_erase_tokens(h.ptr, _lib.arg(thost),
                                _lib.arg(refused_header[7:]),
                                _lib.arg(source), _lib.byref(erased))
        try:
            hdr, _src, nhost = self._get()
        except _errors.TokenNotFoundError:
            return None
        if hdr == refused_header or nhost != thost:
            return None
        return hdr

    # ---- httpx ----------------------------------------------------------

    def auth_flow(self, request):
        cred = self._credential(str(request.url), httpx_client=True)
        if cred is None:
            yield request
            return
        request.headers["Authorization"] = cred[0]
        response = yield request
        if response.status_code != 401:
            return
        # With follow_redirects, httpx hands back the last response of
        # the redirects, and drops Authorization on a redirect to another
        # origin: a 401 from a request that did not carry our header says
        # nothing about our token (as the C authenticator, and the
        # requests hook below, which reads the header actually sent).
        if response.request.headers.get("Authorization") != cred[0]:
            return
        new = self._renegotiate(cred[0], cred[1], cred[2])
        if new is None:
            return
        request.headers["Authorization"] = new
        yield request

    # ---- requests -------------------------------------------------------

    def __call__(self, r):
        cred = self._credential(r.url)
        if cred is None:
            return r
        r.headers["Authorization"] = cred[0]
        # Whether the body can be sent again after a 401: bytes can, a
        # file at its position can; an iterator (a generator) or a pipe
        # cannot: sent again it would be empty, so it is not.
        body, pos = r.body, None
        replay = body is None or \
            isinstance(body, (bytes, str, bytearray, memoryview))
        if not replay:
            try:
                pos = body.tell()
                replay = True
            except (AttributeError, OSError, ValueError):
                pass
        source, thost = cred[1], cred[2]
        r.register_hook("response",
                        self._requests_hook(source, thost, pos, replay))
        return r

    def _requests_hook(self, source, thost, pos, replay):
        def on_response(r, **kwargs):
            if r.status_code != 401 or \
                    getattr(r.request, "_dagshub_auth_retry", False):
                return r
            new = self._renegotiate(
                r.request.headers.get("Authorization", ""), source, thost)
            # A body that cannot be sent again: the 401 is returned (the
            # refused token is erased all the same, the next request
            # takes the next one).
            if new is None or not replay:
                return r
            if pos is not None:
                r.request.body.seek(pos)
            r.content  # noqa: B018 - drain, so the connection is reused
            r.close()
            prep = r.request.copy()
            try:
                from requests.cookies import extract_cookies_to_jar
                extract_cookies_to_jar(prep._cookies, r.request, r.raw)
                prep.prepare_cookies(prep._cookies)
            except (ImportError, AttributeError):
                pass
            prep.headers["Authorization"] = new
            prep._dagshub_auth_retry = True
            retry = r.connection.send(prep, **kwargs)
            retry.history.append(r)
            retry.request = prep
            return retry
        return on_response


_cls = None


def _class():
    global _cls
    if _cls is None:
        bases = [_Base]
        try:
            import httpx
            bases.append(httpx.Auth)
        except ImportError:
            pass
        try:
            import requests.auth
            bases.append(requests.auth.AuthBase)
        except ImportError:
            pass
        _cls = type("DagshubAuthenticator", tuple(bases), {
            "__module__": "dagshub_auth",
            "__doc__": "httpx.Auth and requests.auth.AuthBase on the "
                       "dagshub-auth chain (see get_authenticator).",
        })
    return _cls


def _rebuild(host, cache_path, fail_if_no_token, on_message):
    return _class()(host, cache_path, fail_if_no_token, on_message)


def make(kwargs):
    from . import _cache_path
    au = _class()(kwargs.get("host"),
                  _cache_path(kwargs.get("cache_location")),
                  bool(kwargs.get("fail_if_no_token")),
                  kwargs.get("on_message"))
    au._get()  # as the client: a missing token shows now, not later
    return au
