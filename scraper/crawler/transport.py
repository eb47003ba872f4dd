"""An httpx transport over aiohttp: many small requests to few hosts at a fraction of the CPU.

httpx's own transport (httpcore, h11 and anyio) spends most of a crawl's non-extraction CPU: its
HTTP/1.1 parser is pure Python and its connection pool re-scans every connection on each request.
aiohttp parses in C (llhttp) and hands out keep-alive connections from a per-host queue. The
crawl keeps httpx's interface above it (requests, responses, cookies, errors, and so the
fetcher's fault handling); only the wire changes. Bodies come raw (the fetcher undoes the content
coding itself, within its size bound), redirects are never followed here, and aiohttp keeps no
cookies (httpx does). aiohttp's errors are raised as the httpx errors that mean the same.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import AsyncIterator
from types import TracebackType
from typing import Any

import aiohttp
import httpx
import yarl

__all__ = ["AiohttpTransport", "as_httpx_errors", "peer_address"]

# Most specific first: the first match names the httpx error.
_ERRORS: tuple[tuple[type[BaseException], type[httpx.TransportError]], ...] = (
    (aiohttp.ConnectionTimeoutError, httpx.ConnectTimeout),
    (aiohttp.SocketTimeoutError, httpx.ReadTimeout),
    (aiohttp.ServerTimeoutError, httpx.ReadTimeout),
    (aiohttp.ClientProxyConnectionError, httpx.ProxyError),
    (aiohttp.ClientConnectorError, httpx.ConnectError),
    (aiohttp.ServerDisconnectedError, httpx.RemoteProtocolError),
    (aiohttp.ClientPayloadError, httpx.RemoteProtocolError),
    (aiohttp.ClientResponseError, httpx.RemoteProtocolError),
    (aiohttp.InvalidURL, httpx.UnsupportedProtocol),
    (aiohttp.ClientOSError, httpx.ReadError),
    (aiohttp.ClientError, httpx.RemoteProtocolError),
    (asyncio.TimeoutError, httpx.ReadTimeout),
)


class _HttpxErrors:
    """``as_httpx_errors``'s context: a plain class, as every request enters it two or three
    times and a generator-based context manager costs a few times more per ``with``."""

    __slots__ = ("request",)

    def __init__(self, request: httpx.Request | None) -> None:
        self.request = request

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if not isinstance(exc, Exception) or isinstance(exc, httpx.HTTPError):
            return  # none, an httpx error already, or not an error (a cancellation)
        for source, target in _ERRORS:
            if isinstance(exc, source):
                raise target(str(exc) or type(exc).__name__, request=self.request) from exc


_WITHOUT_REQUEST = _HttpxErrors(None)


def as_httpx_errors(request: httpx.Request | None = None) -> _HttpxErrors:
    """Raise aiohttp's errors (and its read timeouts) as the httpx errors that mean the same."""
    return _WITHOUT_REQUEST if request is None else _HttpxErrors(request)


class _Peer:
    """What the fetcher asks of httpx's ``network_stream`` extension: the server's address."""

    def __init__(self, address: Any) -> None:
        self.address = address

    def get_extra_info(self, name: str) -> Any:
        return self.address if name == "server_addr" else None


class _Body(httpx.AsyncByteStream):
    """The raw body as it arrives; closing early drops the connection instead of reusing it."""

    def __init__(self, response: aiohttp.ClientResponse, request: httpx.Request) -> None:
        self._response = response
        self._request = request

    async def __aiter__(self) -> AsyncIterator[bytes]:
        with as_httpx_errors(self._request):
            async for chunk in self._response.content.iter_any():
                yield chunk

    async def aclose(self) -> None:
        if self._response.content.at_eof():
            self._response.release()
        else:
            self._response.close()


def peer_address(response: aiohttp.ClientResponse) -> Any:
    """The server's address while the response still holds its connection (else None)."""
    connection = response.connection
    if connection is None or connection.transport is None:
        return None
    return connection.transport.get_extra_info("peername")


class AiohttpTransport(httpx.AsyncBaseTransport):
    """One aiohttp session (made on first use, inside the running loop) for every request.

    ``keep_cookies`` when the session is used directly (``session()``), without an httpx
    client above it to keep them."""

    def __init__(
        self, limits: httpx.Limits, *, trust_env: bool = True, keep_cookies: bool = False
    ) -> None:
        self.limits = limits
        self.keep_cookies = keep_cookies
        self.trust_env = trust_env
        self._ssl_context: ssl.SSLContext | None = None
        self._session: aiohttp.ClientSession | None = None

    @property
    def ssl_context(self) -> ssl.SSLContext:
        """httpx's context (its CA bundle, ``SSL_CERT_FILE`` when ``trust_env``), made on the
        first ``https`` request: loading the CA bundle costs ~40 ms of CPU, which a crawl of a
        plain ``http`` site never needs."""
        if self._ssl_context is None:
            self._ssl_context = httpx.create_ssl_context(trust_env=self.trust_env)
        return self._ssl_context

    def ssl_for(self, url: str) -> ssl.SSLContext | bool:
        """The ``ssl`` argument of a request to ``url``: the context for ``https``, else
        aiohttp's default (``True``: no TLS on a plain connection)."""
        return self.ssl_context if url[:6].lower() == "https:" else True

    def session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = self._open()
        return self._session

    def _open(self) -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=self.limits.max_connections or 0,
            limit_per_host=0,
            keepalive_timeout=self.limits.keepalive_expiry or 5.0,
            # no ``ssl`` here: each https request passes the context (``ssl_for``), so it is
            # made only when one is sent
        )
        session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=(
                aiohttp.CookieJar(unsafe=True) if self.keep_cookies else aiohttp.DummyCookieJar()
            ),
            auto_decompress=False,
            skip_auto_headers=("User-Agent", "Accept-Encoding", "Accept"),
            timeout=aiohttp.ClientTimeout(total=None),
        )
        # aiohttp silently sends a request again when a kept-alive connection was dropped; the
        # fetcher counts (and spaces, politely) every attempt itself. No public switch exists.
        if hasattr(session, "_retry_connection"):
            session._retry_connection = False
        return session

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        session = self.session()
        timeout = request.extensions.get("timeout", {})
        raw_headers = request.headers.raw
        # httpx already percent-encoded the URL and turned its credentials into a header.
        url = yarl.URL(str(request.url), encoded=True)
        if request.url.userinfo:
            url = url.with_user(None)
        with as_httpx_errors(request):
            response = await session.request(
                request.method,
                url,
                headers=[(k.decode("latin-1"), v.decode("latin-1")) for k, v in raw_headers],
                data=request.content or None,
                allow_redirects=False,
                compress=False,
                ssl=self.ssl_for(str(url)),
                timeout=aiohttp.ClientTimeout(
                    total=None, sock_connect=timeout.get("connect"), sock_read=timeout.get("read")
                ),
            )
        peer = peer_address(response)
        extensions: dict[str, Any] = {
            "http_version": f"HTTP/{response.version.major}.{response.version.minor}".encode()
            if response.version
            else b"HTTP/1.1",
            "network_stream": _Peer(peer),
        }
        if response.reason:
            extensions["reason_phrase"] = response.reason.encode("latin-1", "replace")
        return httpx.Response(
            status_code=response.status,
            headers=list(response.raw_headers),
            stream=_Body(response, request),
            request=request,
            extensions=extensions,
        )

    async def aclose(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None
