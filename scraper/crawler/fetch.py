"""The async fetcher: polite, bounded, retrying, and honest about every fault.

Behaviour per fault (the contract the fault-injection suite relies on):

- Connection refused/reset, DNS failure, connect or read timeout, a server that closes mid-body,
  an exchange slower than ``config.request_deadline`` overall (a slow drip): retried with
  exponential backoff and jitter (``retry_delay``) up to ``max_retries`` times, then
  ``FetchError``.
- 429 and 5xx (but 501/505): retried the same way; ``Retry-After`` (seconds or an HTTP date) is
  honoured, and also pauses the whole host. A ``Retry-After`` beyond ``max_retry_after`` is not
  waited for: the fetch fails now and a later run retries. After the last retry
  ``HTTPStatusError`` carries the final status.
- Any other 4xx: no retry, ``HTTPStatusError`` at once.
- Redirects (301/302/303/307/308) are followed by hand, each hop a polite request of its own:
  more than ``max_redirects`` hops or a URL seen twice raise ``RedirectError``; a hop that the
  caller's ``check`` rejects (off-site, robots) raises what ``check`` raises (``OutOfScope``...).
- Bodies are read only for accepted content types (HTML for pages, XML/text for sitemaps, feeds,
  robots.txt); others give a ``Page`` with empty content. A ``Content-Length`` above
  ``max_body_bytes``, or a body that grows past it while streaming *after* gzip/deflate/br
  decoding (so compression bombs stop early), raises ``TooLarge``. A body whose content coding
  is corrupt raises ``FetchError``.
- 304 (to a conditional request) gives a ``Page`` with status 304 and no content.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import math
import random
import time
import urllib.request
import zlib
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any, Literal, Protocol

import aiohttp
import brotli
import httpx

from scraper.config import CrawlConfig
from scraper.crawler.transport import AiohttpTransport, as_httpx_errors, peer_address
from scraper.crawler.urls import normalize_url, url_host
from scraper.errors import FetchError, HTTPStatusError, RedirectError, TooLarge
from scraper.extractor import decode_html
from scraper.extractor.decode import charset_from_content_type, looks_binary
from scraper.models import Exchange, Page

__all__ = [
    "ExchangeRecorder",
    "FetchKind",
    "Fetcher",
    "HostGate",
    "parse_retry_after",
    "retry_delay",
]

log = logging.getLogger("scraper.fetch")
# "asset": whatever a rendering browser asks for (scripts, JSON, styles); any type is read.
FetchKind = Literal["page", "sitemap", "feed", "robots", "asset"]
RedirectCheck = Callable[[str], Awaitable[None]]

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
NOT_RETRIED_5XX = frozenset({501, 505})
HTML_TYPES = ("text/html", "application/xhtml+xml")
XML_MARKERS = ("xml", "rss", "atom", "gzip", "octet-stream")
ACCEPT = {
    "page": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5",
    "sitemap": "application/xml,text/xml;q=0.9,*/*;q=0.5",
    "feed": "application/rss+xml,application/atom+xml,application/xml;q=0.9,*/*;q=0.5",
    "robots": "text/plain,*/*;q=0.5",
    "asset": "*/*",
}


class ExchangeRecorder(Protocol):
    """Receives every completed HTTP exchange (a WARC writer, for one)."""

    def record(self, exchange: Exchange) -> None: ...

    def close(self) -> None: ...


# --- retry decision: pure functions ------------------------------------------------------------


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date; None if bad."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())


def is_retryable_status(status: int) -> bool:
    """429 and 5xx (but 501 Not Implemented and 505 Version Not Supported) are worth a retry."""
    return status == 429 or (500 <= status < 600 and status not in NOT_RETRIED_5XX)


def is_retryable_error(error: BaseException) -> bool:
    """Transport trouble (connect, read, timeout, protocol, proxy) is worth a retry."""
    return isinstance(
        error,
        httpx.TimeoutException
        | httpx.NetworkError
        | httpx.RemoteProtocolError
        | httpx.ProxyError
        | TimeoutError,
    )


def retry_delay(
    attempt: int,
    config: CrawlConfig,
    *,
    status: int | None = None,
    error: BaseException | None = None,
    retry_after: str | None = None,
    rand: Callable[[], float] = random.random,
    now: datetime | None = None,
) -> float | None:
    """Seconds to wait before retry number ``attempt + 1``, or None when not to retry.

    ``attempt`` counts failures so far from 0. Exponential backoff ``backoff_base * 2**attempt``
    capped at ``backoff_max``, with jitter (between half and all of it), never shorter than the
    server's ``Retry-After``; a ``Retry-After`` beyond ``max_retry_after`` means give up now.
    """
    if attempt >= config.max_retries:
        return None
    if error is not None and not is_retryable_error(error):
        return None
    if status is not None and not is_retryable_status(status):
        return None
    if error is None and status is None:
        return None
    backoff = min(config.backoff_max, config.backoff_base * (2**attempt))
    delay = backoff * (0.5 + 0.5 * rand())
    asked = parse_retry_after(retry_after, now)
    if asked is not None:
        if asked > config.max_retry_after:
            return None
        delay = max(delay, asked)
    return delay


# --- politeness --------------------------------------------------------------------------------


@dataclass(slots=True)
class HostGate:
    """One host's politeness: at most ``concurrency`` requests at once, starts ``delay`` apart."""

    concurrency: int
    delay: float
    _semaphore: asyncio.Semaphore = field(init=False)
    _lock: asyncio.Lock = field(init=False)
    _next_start: float = 0.0

    def __post_init__(self) -> None:
        self._semaphore = asyncio.Semaphore(self.concurrency)
        self._lock = asyncio.Lock()

    def pause(self, seconds: float) -> None:
        """Hold every request to this host for ``seconds`` (a 429 or 503 with Retry-After)."""
        self._next_start = max(self._next_start, time.monotonic() + seconds)

    @contextlib.asynccontextmanager
    async def slot(self) -> AsyncIterator[None]:
        async with self._semaphore:
            async with self._lock:
                wait = self._next_start - time.monotonic()
                if wait > 0:
                    await asyncio.sleep(wait)
                self._next_start = time.monotonic() + self.delay
            yield


# --- content decoding, bounded -----------------------------------------------------------------


class _BoundedDecoder:
    """Undoes a Content-Encoding chain chunk by chunk, never producing more than ``limit`` bytes."""

    def __init__(self, encodings: list[str], limit: int, url: str) -> None:
        self.url = url
        self.limit = limit
        self.size = 0
        self.steps: list[zlib._Decompress | brotli.Decompressor | None] = []
        for coding in reversed(encodings):
            if coding in ("gzip", "x-gzip"):
                self.steps.append(zlib.decompressobj(16 + zlib.MAX_WBITS))
            elif coding == "deflate":
                self.steps.append(zlib.decompressobj(zlib.MAX_WBITS))
            elif coding == "br":
                self.steps.append(brotli.Decompressor())
            elif coding in ("identity", ""):
                continue
            else:
                raise FetchError(url, f"unsupported content encoding {coding!r}")
        self._deflate_raw_tried = False

    def _room(self) -> int:
        return self.limit - self.size + 1

    def _run(self, step: zlib._Decompress | brotli.Decompressor, data: bytes) -> bytes:
        out = bytearray()
        if isinstance(step, brotli.Decompressor):
            out += step.process(data, output_buffer_limit=self._room())
            while not step.can_accept_more_data() and self.size + len(out) <= self.limit:
                out += step.process(b"", output_buffer_limit=self._room())
        else:
            while data and self.size + len(out) <= self.limit:
                out += step.decompress(data, self._room())
                data = step.unconsumed_tail
        return bytes(out)

    def feed(self, chunk: bytes) -> bytes:
        data = chunk
        try:
            for index, step in enumerate(self.steps):
                if step is None:
                    continue
                try:
                    data = self._run(step, data)
                except zlib.error:
                    if isinstance(step, brotli.Decompressor) or self._deflate_raw_tried:
                        raise
                    # Some servers send raw deflate without the zlib header.
                    self._deflate_raw_tried = True
                    self.steps[index] = zlib.decompressobj(-zlib.MAX_WBITS)
                    data = self._run(self.steps[index], data)  # type: ignore[arg-type]
        except (zlib.error, brotli.error) as exc:
            raise FetchError(self.url, f"corrupt compressed body: {exc}") from exc
        self.size += len(data)
        if self.size > self.limit:
            raise TooLarge(self.url, f"body larger than {self.limit} bytes")
        return data


# --- the fetcher -------------------------------------------------------------------------------


_STAMP: list[Any] = [-1, ""]  # the last second stamped and its text (one per second, not page)


def _now_iso() -> str:
    """The time now, UTC, to the second (``2024-01-01T12:00:00Z``)."""
    second = int(time.time())
    if second != _STAMP[0]:
        _STAMP[:] = [second, time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(second))]
    return str(_STAMP[1])


def _accepts(kind: FetchKind, content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    if not media or kind == "asset":
        return True
    if media in HTML_TYPES:
        return True
    if kind == "robots":
        return media.startswith("text/")
    if kind in ("sitemap", "feed") and media.startswith("text/"):
        return True  # text/plain sitemaps exist; the content decides (discover.document_kind)
    return any(marker in media for marker in XML_MARKERS)


@dataclass(slots=True)
class _Hop:
    """One HTTP exchange's outcome, before the redirect logic looks at it."""

    url: str
    status: int
    headers: dict[str, str]  # lower-case names, repeats joined (``header_map``)
    body: bytes
    accepted: bool


class Fetcher:
    """Fetches URLs over one shared ``httpx.AsyncClient`` (connection reuse), politely.

    Politeness per host (``HostGate``): ``per_host_concurrency`` requests at once, their starts
    ``delay`` seconds apart (raised per host by ``set_host_delay``, e.g. to robots' Crawl-delay);
    a global ``concurrency`` bound on top. ``delay=0`` turns pauses off.
    """

    def __init__(
        self,
        config: CrawlConfig,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: ExchangeRecorder | None = None,
    ) -> None:
        self.config = config
        self.recorder = recorder
        self._gates: dict[str, HostGate] = {}
        self._global = asyncio.Semaphore(config.concurrency)
        headers = {"User-Agent": config.user_agent, "Accept-Encoding": "gzip, deflate, br"}
        headers.update(config.extra_headers)
        timeout = httpx.Timeout(
            connect=config.connect_timeout,
            read=config.read_timeout,
            write=config.read_timeout,
            pool=None,
        )
        limits = httpx.Limits(
            max_connections=config.concurrency, max_keepalive_connections=config.concurrency
        )
        env_proxies = config.trust_env and bool(urllib.request.getproxies())
        self._direct: AiohttpTransport | None = None
        if transport is None and config.proxy is None and not env_proxies:
            # aiohttp on the wire, and asked directly: a fraction of the CPU a request of the
            # httpx stack (see transport.py). A proxy, explicit or from the environment, keeps
            # httpx's own transport; a transport passed in is used through httpx.
            transport = self._direct = AiohttpTransport(
                limits, trust_env=config.trust_env, keep_cookies=True
            )
        self._headers = {**headers}
        self._wire_timeout = aiohttp.ClientTimeout(
            total=None, sock_connect=config.connect_timeout, sock_read=config.read_timeout
        )
        self.client = httpx.AsyncClient(
            headers=headers,
            timeout=timeout,
            limits=limits,
            transport=transport,
            proxy=config.proxy if transport is None else None,
            trust_env=config.trust_env,
            follow_redirects=False,
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    def gate(self, host: str) -> HostGate:
        gate = self._gates.get(host)
        if gate is None:
            gate = HostGate(self.config.per_host_concurrency, self.config.delay)
            self._gates[host] = gate
        return gate

    def set_host_delay(self, host: str, crawl_delay: float | None) -> None:
        """delay = max(config.delay, robots Crawl-delay), unless politeness is off (delay 0).

        The server's wish is capped at ``max_crawl_delay``: a ``Crawl-delay: 86400`` (or inf,
        or nan) must not stall the crawl silently."""
        if crawl_delay is None or self.config.delay <= 0:
            return
        if not math.isfinite(crawl_delay) or crawl_delay > self.config.max_crawl_delay:
            log.warning(
                "%s: robots.txt Crawl-delay %s capped at %g s",
                host,
                crawl_delay,
                self.config.max_crawl_delay,
            )
            crawl_delay = self.config.max_crawl_delay
        gate = self.gate(host)
        gate.delay = max(self.config.delay, crawl_delay)

    async def fetch(
        self,
        url: str,
        kind: FetchKind = "page",
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        check: RedirectCheck | None = None,
    ) -> Page:
        """Fetch ``url``, following redirects; see the module docstring for every fault."""
        conditional: dict[str, str] = {}
        if etag:
            conditional["If-None-Match"] = etag
        if last_modified:
            conditional["If-Modified-Since"] = last_modified
        current = url
        seen = {url}
        for _hop in range(self.config.max_redirects + 1):
            hop = await self._fetch_with_retries(current, kind, conditional)
            if hop.status not in REDIRECT_STATUSES:
                return self._to_page(url, hop)
            location = hop.headers.get("location")
            target = normalize_url(location, current) if location else None
            if target is None:
                raise RedirectError(current, f"redirect without a usable Location ({location!r})")
            if target in seen:
                raise RedirectError(url, f"redirect loop at {target}")
            if check is not None:
                await check(target)
            seen.add(target)
            current = target
            conditional = {}
        raise RedirectError(url, f"more than {self.config.max_redirects} redirects")

    def _to_page(self, url: str, hop: _Hop) -> Page:
        status = hop.status
        if status >= 400:
            raise HTTPStatusError(hop.url, status)
        content_type = hop.headers.get("content-type", "")
        html = ""
        encoding = None
        media = content_type.split(";", 1)[0].strip().lower()
        if hop.body and (media in HTML_TYPES or not media) and not looks_binary(hop.body):
            html, encoding = decode_html(hop.body, charset_from_content_type(content_type))
        return Page(
            url=url,
            final_url=hop.url,
            status=status,
            headers=dict(hop.headers),
            content=hop.body,
            html=html,
            content_type=content_type,
            encoding=encoding,
            fetched_at=_now_iso(),
            content_hash=hashlib.sha256(hop.body).hexdigest() if hop.body else "",
        )

    async def _fetch_with_retries(
        self, url: str, kind: FetchKind, conditional: dict[str, str]
    ) -> _Hop:
        gate = self.gate(url_host(url))
        attempt = 0
        while True:
            try:
                async with gate.slot(), self._global:
                    hop = await self._exchange(url, kind, conditional)
            except (httpx.HTTPError, TimeoutError) as exc:
                delay = retry_delay(attempt, self.config, error=exc)
                if delay is None:
                    reason = _describe(exc)
                    raise FetchError(url, reason) from exc
            else:
                retry_after = hop.headers.get("retry-after")
                delay = (
                    retry_delay(attempt, self.config, status=hop.status, retry_after=retry_after)
                    if is_retryable_status(hop.status)
                    else None
                )
                if delay is None:
                    return hop
                asked = parse_retry_after(retry_after)
                if asked is not None:
                    gate.pause(asked)
            attempt += 1
            await asyncio.sleep(delay)

    async def _exchange(self, url: str, kind: FetchKind, conditional: dict[str, str]) -> _Hop:
        if self._direct is not None:
            return await self._exchange_direct(self._direct, url, kind, conditional)
        headers = {"Accept": ACCEPT[kind], **conditional}
        request = self.client.build_request("GET", url, headers=headers)
        async with asyncio.timeout(self.config.request_deadline):
            response = await self.client.send(request, stream=True)
            try:
                hop = await self._read(
                    url,
                    kind,
                    response.status_code,
                    dict(response.headers.items()),  # lower-case names, repeats joined
                    response.aiter_raw(),
                )
            finally:
                await response.aclose()
        self._record(request, response, hop.body)
        return hop

    async def _exchange_direct(
        self, wire: AiohttpTransport, url: str, kind: FetchKind, conditional: dict[str, str]
    ) -> _Hop:
        """``_exchange`` straight on aiohttp: no httpx request or response objects."""
        headers = {**self._headers, "Accept": ACCEPT[kind], **conditional}
        async with asyncio.timeout(self.config.request_deadline):
            with as_httpx_errors():
                response = await wire.session().request(
                    "GET",
                    url,
                    headers=headers,
                    allow_redirects=False,
                    timeout=self._wire_timeout,
                    ssl=wire.ssl_for(url),
                )
            try:
                peer = peer_address(response) if self.recorder is not None else None
                status = response.status
                hop_headers = header_map(response.raw_headers)
                hop = await self._read(
                    url, kind, status, hop_headers, _raw_chunks(response), whole=response
                )
            finally:
                if response.content.at_eof():
                    response.release()
                else:
                    response.close()
        if self.recorder is not None:
            version = response.version
            self.recorder.record(
                Exchange(
                    url=url,
                    method="GET",
                    request_headers=tuple(response.request_info.headers.items()),
                    http_version=f"HTTP/{version.major}.{version.minor}" if version else "HTTP/1.1",
                    status=status,
                    reason=response.reason or "",
                    response_headers=tuple(
                        (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.raw_headers
                    ),
                    body=hop.body,
                    fetched_at=_now_iso(),
                    peer_ip=str(peer[0]) if peer else None,
                )
            )
        return hop

    async def _read(
        self,
        url: str,
        kind: FetchKind,
        status: int,
        headers: dict[str, str],
        chunks: AsyncIterator[bytes],
        whole: aiohttp.ClientResponse | None = None,
    ) -> _Hop:
        content_type = headers.get("content-type", "")
        accepted = _accepts(kind, content_type)
        wants_body = status not in REDIRECT_STATUSES and status != 304 and accepted
        body = b""
        if wants_body:
            body = await self._read_body(url, headers, chunks, whole)
        return _Hop(url, status, headers, body, accepted)

    async def _read_body(
        self,
        url: str,
        headers: dict[str, str],
        chunks: AsyncIterator[bytes],
        whole: aiohttp.ClientResponse | None = None,
    ) -> bytes:
        """The body, decoded, at most ``max_body_bytes``. ``whole``: the aiohttp response,
        read in one call when it declares a length within the limit and no content coding (most
        pages: no chunk loop, no decoder)."""
        limit = self.config.max_body_bytes
        declared = headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise TooLarge(url, f"Content-Length {declared} exceeds {limit} bytes")
        coding = headers.get("content-encoding", "")
        if whole is not None and declared.isdigit() and coding.strip().lower() in ("", "identity"):
            with as_httpx_errors():
                return await whole.content.read()
        codings = [c.strip().lower() for c in coding.split(",")]
        decoder = _BoundedDecoder([c for c in codings if c], limit, url)
        parts: list[bytes] = []
        raw_size = 0
        async for chunk in chunks:
            raw_size += len(chunk)
            if raw_size > limit:
                raise TooLarge(url, f"body larger than {limit} bytes")
            parts.append(decoder.feed(chunk))
        return b"".join(parts)

    def _record(self, request: httpx.Request, response: httpx.Response, body: bytes) -> None:
        if self.recorder is None:
            return
        self.recorder.record(
            Exchange(
                url=str(request.url),
                method=request.method,
                request_headers=tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in request.headers.raw
                ),
                http_version=response.http_version,
                status=response.status_code,
                reason=response.reason_phrase,
                response_headers=tuple(
                    (k.decode("latin-1"), v.decode("latin-1")) for k, v in response.headers.raw
                ),
                body=body,
                fetched_at=_now_iso(),
                peer_ip=_peer_ip(response),
            )
        )


def header_map(raw: Iterable[tuple[bytes, bytes]]) -> dict[str, str]:
    """Response headers as ``httpx.Headers.items()`` gives them (names lower-cased, a repeated
    header's values joined by ", ", all decoded as ASCII, else UTF-8, else Latin-1), without
    building an ``httpx.Headers`` for every response."""
    pairs = list(raw)
    for encoding in ("ascii", "utf-8", "latin-1"):
        try:
            decoded = [(k.decode(encoding).lower(), v.decode(encoding)) for k, v in pairs]
        except UnicodeDecodeError:
            continue
        break
    headers: dict[str, str] = {}
    for name, value in decoded:
        headers[name] = f"{headers[name]}, {value}" if name in headers else value
    return headers


async def _raw_chunks(response: aiohttp.ClientResponse) -> AsyncIterator[bytes]:
    with as_httpx_errors():
        async for chunk in response.content.iter_any():
            yield chunk


def _peer_ip(response: httpx.Response) -> str | None:
    stream = response.extensions.get("network_stream")
    if stream is None:
        return None
    try:
        address = stream.get_extra_info("server_addr")
    except Exception:  # the transport may not know; the archive can do without
        return None
    return str(address[0]) if address else None


def _describe(exc: BaseException) -> str:
    name = type(exc).__name__
    detail = str(exc)
    return f"{name}: {detail}" if detail else name
