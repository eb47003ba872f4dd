"""A misbehaving HTTP server on 127.0.0.1, one named endpoint per fault (Scrapy mockserver style).

It speaks HTTP/1.1 over raw sockets, one thread per connection, because ``http.server`` cannot
misbehave enough: resetting a connection mid-body, sending fewer bytes than ``Content-Length``,
dribbling a byte at a time or never answering at all. Every response closes the connection.
Large bodies (``/huge``, the bombs) are streamed or built small, never held whole in memory.

Endpoints (query parameters in brackets):

network   /reset-mid-body  /hang  /dribble[interval,size]  /short-body
          (connection refused: ``FaultServer.closed_port_url``)
http      /status/CODE[fail,key,retry_after,retry_date]  /flaky/500[fail,key]
          /redirect-loop  /redirect-chain/N  /offsite  /error-200  /article/NAME
content   /binary-as-html  /pdf-as-html  /wrong-charset  /missing-charset  /mixed-encodings
          /huge[size,length=0]  /gzip-bomb[size]  /deep-nesting[depth]  /scripts-only
discovery /sitemap-bomb.xml  /feed-bomb.xml  /sitemap-gz-bomb.xml.gz  /sitemap-cycle-a.xml
          /sitemap-cycle-b.xml  /sitemap-malformed.xml  /feed-malformed.xml  /robots.txt
traps     /calendar/YYYY/MM  /long/a/a/...  /session[sid]
hostile   /bad-charset[name]  /bad-jsonld  /slow-extract[size]  /sitemap-as-text.xml[u]
          /feed-untyped.xml[u]
helpers   /links?u=URL&u=URL (a listing page)  /sitemap.xml?u=URL (a sitemap)

``robots`` chooses what /robots.txt does: ``allow``, ``huge``, ``error`` (503), ``redirect``
(to /robots-moved.txt, which disallows /private/), ``disallow-private``, ``missing`` (404),
``crawl-delay`` (asks for a day between requests), ``sitemaps-by-content`` (names a sitemap
served as text/plain and a feed served with no Content-Type).
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import html
import random
import socket
import sqlite3
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

from scraper.config import CrawlConfig
from scraper.crawler.crawl import Crawler, CrawlStats
from scraper.crawler.fetch import Fetcher, FetchKind
from scraper.models import CrawledArticle, Page
from scraper.site_server import SiteServer

__all__ = [
    "FaultServer",
    "Request",
    "SlowSite",
    "article_html",
    "closed_port",
    "fault_config",
    "fetch",
    "run_crawl",
    "state_for",
    "url_states",
]

MAX_REQUEST_HEAD = 64 * 1024
HANG_LIMIT_SECONDS = 60.0
HUGE_DEFAULT_BYTES = 100 * 1024 * 1024
BOMB_DEFAULT_BYTES = 1024 * 1024 * 1024
MIB = 1024 * 1024

REASONS = {
    200: "OK",
    301: "Moved Permanently",
    302: "Found",
    304: "Not Modified",
    404: "Not Found",
    410: "Gone",
    429: "Too Many Requests",
    500: "Internal Server Error",
    502: "Bad Gateway",
    503: "Service Unavailable",
}

PARAGRAPHS = (
    "The harbour was quiet that morning, and the fishing boats rocked gently against the pier "
    "while gulls argued over scraps near the market stalls.",
    "Residents say the new ferry timetable has changed the rhythm of the town, bringing more "
    "visitors on weekdays and fewer crowds at the weekend than anyone had expected.",
    "Local shop owners welcomed the change, although several of them worried aloud about the "
    "rising cost of deliveries from the mainland during the winter months.",
    "By the afternoon the wind had turned, and the last boat of the day left half an hour "
    "early, carrying a handful of tourists and a crate of freshly caught mackerel.",
)


@dataclass(frozen=True, slots=True)
class Request:
    """The parts of a request the endpoints look at."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]

    def arg(self, name: str, default: str = "") -> str:
        values = self.query.get(name)
        return values[0] if values else default

    def number(self, name: str, default: float) -> float:
        value = self.arg(name)
        return float(value) if value else default


def closed_port() -> int:
    """A loopback port nothing listens on: connecting to it is refused."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def article_html(title: str, paragraphs: int = 4, extra: str = "") -> str:
    """A small, realistic article page the extractor classifies as an article."""
    body = "\n".join(
        f"<p>{html.escape(PARAGRAPHS[i % len(PARAGRAPHS)])}</p>" for i in range(paragraphs)
    )
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title>"
        "<meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-03-05T10:00:00+00:00'>"
        "<meta name='author' content='Fault Server'></head><body>"
        "<nav><a href='/'>Home</a></nav><main><article>"
        f"<h1>{html.escape(title)}</h1><p class='byline'>By Fault Server, 5 March 2024</p>"
        f"{body}{extra}</article></main><footer>© Fault Server</footer></body></html>"
    )


def listing_html(title: str, hrefs: list[str]) -> str:
    """A link-only listing page: discovery follows it, the exporter does not keep it."""
    items = "".join(
        f"<li><a href='{html.escape(href, quote=True)}'>{html.escape(href)}</a></li>"
        for href in hrefs
    )
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
        f"</head><body><h1>{html.escape(title)}</h1><ul>{items}</ul></body></html>"
    )


def repeated_gzip(prefix: bytes, block: bytes, count: int, suffix: bytes) -> bytes:
    """A gzip stream of ``prefix + block * count + suffix`` built without compressing it all:
    ``block`` is deflated once behind a full flush (which resets the compressor), so its
    compressed form can simply be repeated. Zeros or spaces compress about 1000:1."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    head = compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)
    body = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.compress(suffix) + compressor.flush()
    crc = zlib.crc32(prefix)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(suffix, crc)
    size = len(prefix) + len(block) * count + len(suffix)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + head + body * count + tail + struct.pack("<II", crc, size & 0xFFFFFFFF)


@cache
def gzip_bomb(decompressed_bytes: int) -> bytes:
    """A gzip stream of ``decompressed_bytes`` zeros (about 1000:1)."""
    return repeated_gzip(b"", bytes(MIB), max(1, decompressed_bytes // MIB), b"")


@cache
def sitemap_gz_bomb(decompressed_bytes: int) -> bytes:
    """A gzipped sitemap whose ``<urlset>`` is padded with ``decompressed_bytes`` of spaces."""
    prefix = b'<?xml version="1.0"?><urlset xmlns="' + SITEMAP_NS + b'">'
    count = max(1, decompressed_bytes // MIB)
    return repeated_gzip(prefix, b" " * MIB, count, b"</urlset>")


SITEMAP_NS = b"http://www.sitemaps.org/schemas/sitemap/0.9"

BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + "".join(
        f' <!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + "]>\n"
)


Handler = Callable[["Connection", Request], None]


@dataclass
class Connection:
    """One accepted client socket and the helpers to answer on it."""

    sock: socket.socket
    server: FaultServer

    def send_head(
        self, status: int, headers: dict[str, str] | None = None, reason: str | None = None
    ) -> None:
        lines = [f"HTTP/1.1 {status} {reason or REASONS.get(status, 'Status')}"]
        merged = {"Server": "faultserver", "Connection": "close", **(headers or {})}
        lines += [f"{name}: {value}" for name, value in merged.items()]
        self.sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))

    def respond(
        self,
        status: int,
        body: bytes | str = b"",
        content_type: str = "text/html; charset=utf-8",
        headers: dict[str, str] | None = None,
    ) -> None:
        data = body.encode("utf-8") if isinstance(body, str) else body
        head = {"Content-Type": content_type, "Content-Length": str(len(data)), **(headers or {})}
        if not content_type:
            del head["Content-Type"]  # no type at all
        self.send_head(status, head)
        self.sock.sendall(data)

    def redirect(self, location: str, status: int = 302) -> None:
        self.respond(status, f"<a href='{location}'>moved</a>", headers={"Location": location})

    def reset(self) -> None:
        """Close with a TCP RST instead of a FIN."""
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.sock.close()


@dataclass
class FaultServer:
    """Start with ``start()`` (or as a context manager); ``url(path)`` builds request URLs."""

    robots: str = "allow"
    host: str = "127.0.0.1"
    port: int = 0
    hits: Counter[str] = field(default_factory=Counter)
    arrivals: list[tuple[float, str]] = field(default_factory=list)
    _counters: Counter[str] = field(default_factory=Counter)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _stopping: threading.Event = field(default_factory=threading.Event)
    _listener: socket.socket | None = None
    _threads: list[threading.Thread] = field(default_factory=list)

    def start(self) -> FaultServer:
        listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind((self.host, self.port))
        listener.listen(128)
        listener.settimeout(0.2)
        self.port = int(listener.getsockname()[1])
        self._listener = listener
        acceptor = threading.Thread(target=self._accept_loop, name="faultserver", daemon=True)
        acceptor.start()
        self._threads.append(acceptor)
        return self

    def stop(self) -> None:
        self._stopping.set()
        for thread in list(self._threads):
            thread.join(timeout=2)
        if self._listener is not None:
            self._listener.close()

    def __enter__(self) -> FaultServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def other_host_url(self) -> str:
        """The same server under another host name (``localhost``): off-site for a crawl."""
        return f"http://localhost:{self.port}"

    @property
    def closed_port_url(self) -> str:
        return f"http://127.0.0.1:{closed_port()}/"

    def url(self, path: str, **params: object) -> str:
        query = f"?{urlencode(params, doseq=True)}" if params else ""
        return f"{self.base_url}{path}{query}"

    def count(self, path: str) -> int:
        """How many requests reached ``path`` (without its query)."""
        with self._lock:
            return self.hits[path]

    def count_prefix(self, prefix: str) -> int:
        """How many requests reached a path starting with ``prefix``."""
        with self._lock:
            return sum(count for path, count in self.hits.items() if path.startswith(prefix))

    def times(self, path: str) -> list[float]:
        """When requests for ``path`` arrived (``time.monotonic()``), in order."""
        with self._lock:
            return [at for at, seen in self.arrivals if seen == path]

    # -- plumbing -----------------------------------------------------------------------------

    def _accept_loop(self) -> None:
        assert self._listener is not None
        while not self._stopping.is_set():
            try:
                sock, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            worker = threading.Thread(target=self._serve, args=(sock,), daemon=True)
            worker.start()

    def _serve(self, sock: socket.socket) -> None:
        sock.settimeout(10)
        connection = Connection(sock, self)
        try:
            request = read_request(sock)
            if request is None:
                return
            with self._lock:
                self.hits[request.path] += 1
                self.arrivals.append((time.monotonic(), request.path))
            route(request.path)(connection, request)
        except OSError:
            pass  # the client gave up (timeouts, aborted downloads): that is the point
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def next_count(self, key: str) -> int:
        """Increment and return the per-key counter (1 on the first call)."""
        with self._lock:
            self._counters[key] += 1
            return self._counters[key]

    def wait(self, seconds: float) -> bool:
        """Sleep unless the server stops first; True when it is stopping."""
        return self._stopping.wait(seconds)


def read_request(sock: socket.socket) -> Request | None:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_REQUEST_HEAD:
            return None
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    request_line, *header_lines = head.split("\r\n")
    method, target, _ = request_line.split(" ", 2)
    headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    parts = urlsplit(target)
    return Request(method, parts.path, parse_qs(parts.query), headers)


# -- endpoints --------------------------------------------------------------------------------


def reset_mid_body(conn: Connection, request: Request) -> None:
    conn.send_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": "20000"})
    conn.sock.sendall(article_html("Reset")[:500].encode())
    time.sleep(0.05)
    conn.reset()


def hang(conn: Connection, request: Request) -> None:
    conn.server.wait(HANG_LIMIT_SECONDS)


def dribble(conn: Connection, request: Request) -> None:
    interval = request.number("interval", 1.0)
    body = article_html("Dribble").encode()
    size = int(request.number("size", len(body)))
    body = (body * (size // len(body) + 1))[:size]
    conn.send_head(200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(size)})
    for i in range(size):
        conn.sock.sendall(body[i : i + 1])
        if conn.server.wait(interval):
            return


def short_body(conn: Connection, request: Request) -> None:
    body = article_html("Short body").encode()
    conn.send_head(
        200, {"Content-Type": "text/html; charset=utf-8", "Content-Length": str(len(body) + 5000)}
    )
    conn.sock.sendall(body)


def status(conn: Connection, request: Request) -> None:
    code = int(request.path.rsplit("/", 1)[-1])
    fail = request.arg("fail")
    if fail and conn.server.next_count(f"{request.path}:{request.arg('key')}") > int(fail):
        conn.respond(200, article_html(f"Recovered after {code}"))
        return
    headers = {}
    if request.arg("retry_after"):
        headers["Retry-After"] = request.arg("retry_after")
    if request.arg("retry_date"):
        at = time.time() + float(request.arg("retry_date"))
        headers["Retry-After"] = email.utils.formatdate(at, usegmt=True)
    conn.respond(code, f"<html><body><h1>{code}</h1></body></html>", headers=headers)


def flaky(conn: Connection, request: Request) -> None:
    status(conn, Request(request.method, request.path, {"fail": ["3"], **request.query}, {}))


def redirect_loop(conn: Connection, request: Request) -> None:
    target = "/redirect-loop-b" if request.path == "/redirect-loop" else "/redirect-loop"
    conn.redirect(target)


def redirect_chain(conn: Connection, request: Request) -> None:
    remaining = int(request.path.rsplit("/", 1)[-1])
    if remaining <= 0:
        conn.respond(200, article_html("End of the redirect chain"))
    else:
        conn.redirect(f"/redirect-chain/{remaining - 1}", status=301)


def offsite(conn: Connection, request: Request) -> None:
    conn.redirect(f"{conn.server.other_host_url}/article/offsite-target")


def error_200(conn: Connection, request: Request) -> None:
    page = (
        "<!doctype html><html><head><title>Page not found</title></head><body>"
        "<h1>Oops! That page can't be found.</h1><p>Try a search.</p></body></html>"
    )
    conn.respond(200, page)


def article(conn: Connection, request: Request) -> None:
    name = request.path.rsplit("/", 1)[-1] or "index"
    conn.respond(200, article_html(f"Article {name}"))


def binary_as_html(conn: Connection, request: Request) -> None:
    rng = random.Random(5)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(64 * 1024)
    conn.respond(200, png, content_type="text/html")


def pdf_as_html(conn: Connection, request: Request) -> None:
    rng = random.Random(6)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Length 9000 >>\nstream\n"
    conn.respond(200, pdf + rng.randbytes(32 * 1024) + b"\nendstream\n%%EOF\n", "text/html")


CHARSET_TEXT = "Crème brûlée à la façon de Noël: déjà vu, naïve coöperation, Zürich."


def wrong_charset(conn: Connection, request: Request) -> None:
    """Declares UTF-8 but sends windows-1252."""
    page = article_html("Crème brûlée", extra=f"<p>{CHARSET_TEXT}</p>")
    conn.respond(200, page.encode("cp1252"), "text/html; charset=utf-8")


def missing_charset(conn: Connection, request: Request) -> None:
    """No charset anywhere, Cyrillic text in windows-1251."""
    text = "Москва — столица России, крупнейший по численности населения город страны. " * 8
    page = article_html("Новости", extra=f"<p>{text}</p>").replace("<meta charset='utf-8'>", "")
    conn.respond(200, page.encode("cp1251"), "text/html")


UTF8_TEXT = "Ça coûte 5 € à Köln — naïve “quotes” and a café’s crème."


def mixed_encodings(conn: Connection, request: Request) -> None:
    """A UTF-8 page with a windows-1252 paragraph pasted in."""
    head, tail = article_html("Mixed encodings", extra=f"<p>{UTF8_TEXT}</p>").split("</article>")
    body = head.encode() + f"<p>{CHARSET_TEXT}</p>".encode("cp1252") + b"</article>"
    conn.respond(200, body + tail.encode(), "text/html; charset=utf-8")


def huge_chunks(size: int) -> Iterator[bytes]:
    """``size`` bytes of HTML paragraphs, generated 64 KiB at a time."""
    yield b"<!doctype html><html><head><title>Huge</title></head><body><article>"
    para = b"<p>" + PARAGRAPHS[0].encode() + b"</p>\n"
    chunk = para * (64 * 1024 // len(para))
    sent = 0
    while sent < size:
        piece = chunk[: size - sent]
        sent += len(piece)
        yield piece


def huge(conn: Connection, request: Request) -> None:
    size = int(request.number("size", HUGE_DEFAULT_BYTES))
    headers = {"Content-Type": "text/html; charset=utf-8"}
    if request.arg("length", "1") != "0":
        headers["Content-Length"] = str(size + len(next(huge_chunks(0))))
    conn.send_head(200, headers)
    for piece in huge_chunks(size):
        conn.sock.sendall(piece)


def gzip_bomb_page(conn: Connection, request: Request) -> None:
    body = gzip_bomb(int(request.number("size", BOMB_DEFAULT_BYTES)))
    conn.respond(200, body, headers={"Content-Encoding": "gzip"})


def deep_nesting(conn: Connection, request: Request) -> None:
    """A normal article wrapped in ``depth`` nested divs (50,000 by default)."""
    depth = int(request.number("depth", 50_000))
    page = article_html("Deep nesting")
    page = page.replace("<main>", "<div>" * depth + "<main>")
    page = page.replace("</main>", "</main>" + "</div>" * depth)
    conn.respond(200, page)


def scripts_only(conn: Connection, request: Request) -> None:
    scripts = "".join(f"<script>var a{i} = {i}; console.log(a{i});</script>" for i in range(200))
    conn.respond(200, f"<!doctype html><html><head>{scripts}</head><body>{scripts}</body></html>")


def sitemap_xml(urls: list[str]) -> str:
    items = "".join(f"<url><loc>{html.escape(u)}</loc></url>" for u in urls)
    return f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS.decode()}">{items}</urlset>'


def sitemap_index_xml(urls: list[str]) -> str:
    items = "".join(f"<sitemap><loc>{html.escape(u)}</loc></sitemap>" for u in urls)
    namespace = SITEMAP_NS.decode()
    return f'<?xml version="1.0"?><sitemapindex xmlns="{namespace}">{items}</sitemapindex>'


def sitemap(conn: Connection, request: Request) -> None:
    conn.respond(200, sitemap_xml(request.query.get("u", [])), "application/xml")


def sitemap_bomb(conn: Connection, request: Request) -> None:
    base = conn.server.base_url
    xml = BILLION_LAUGHS + (
        f'<urlset xmlns="{SITEMAP_NS.decode()}"><url><loc>{base}/article/bomb-&lol9;</loc></url>'
        f"<url><loc>{base}/article/after-bomb</loc></url></urlset>"
    )
    conn.respond(200, xml, "application/xml")


def feed_bomb(conn: Connection, request: Request) -> None:
    base = conn.server.base_url
    xml = BILLION_LAUGHS + (
        "<rss version='2.0'><channel><title>&lol9;</title>"
        f"<item><title>&lol9;</title><link>{base}/article/feed-bomb</link></item>"
        "</channel></rss>"
    )
    conn.respond(200, xml, "application/rss+xml")


def sitemap_gz_bomb_page(conn: Connection, request: Request) -> None:
    body = sitemap_gz_bomb(int(request.number("size", BOMB_DEFAULT_BYTES)))
    conn.respond(200, body, "application/x-gzip")


def sitemap_cycle(conn: Connection, request: Request) -> None:
    base = conn.server.base_url
    other = "b" if request.path.endswith("-a.xml") else "a"
    if request.path.endswith("-a.xml"):
        urls = [f"{base}/sitemap-cycle-{other}.xml", f"{base}/sitemap-cycle-a.xml"]
    else:
        urls = [f"{base}/sitemap-cycle-{other}.xml", f"{base}/sitemap-cycle-leaf.xml"]
    conn.respond(200, sitemap_index_xml(urls), "application/xml")


def sitemap_cycle_leaf(conn: Connection, request: Request) -> None:
    conn.respond(200, sitemap_xml([f"{conn.server.base_url}/article/cycle-leaf"]), "text/xml")


def sitemap_malformed(conn: Connection, request: Request) -> None:
    base = conn.server.base_url
    xml = (
        f'<?xml version="1.0"?><urlset xmlns="{SITEMAP_NS.decode()}">'
        f"<url><loc>{base}/article/malformed-1</loc></url><url><loc>not a url at all</loc>"
        f"<url><loc>{base}/article/malformed-2</loc></url><url><loc>\x00\x01</loc></urlset"
    )
    conn.respond(200, xml, "application/xml")


def feed_malformed(conn: Connection, request: Request) -> None:
    base = conn.server.base_url
    xml = (
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Broken & feed</title>"
        f"<item><title>One</title><link>{base}/article/feed-1</link></item>"
        f"<item><title>Two<link>{base}/article/feed-2</link></item><item><link></link>"
    )
    conn.respond(200, xml, "application/rss+xml")


def robots(conn: Connection, request: Request) -> None:
    mode = conn.server.robots
    if request.path == "/robots-moved.txt":
        conn.respond(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
    elif mode == "huge":
        rules = "".join(f"Disallow: /junk/{i}/\n" for i in range(200_000))
        conn.respond(200, "User-agent: *\n" + rules + "Disallow: /private/\n", "text/plain")
    elif mode == "error":
        conn.respond(503, "unavailable", "text/plain")
    elif mode == "redirect":
        conn.redirect("/robots-moved.txt", status=301)
    elif mode == "disallow-private":
        conn.respond(200, "User-agent: *\nDisallow: /private/\n", "text/plain")
    elif mode == "missing":
        conn.respond(404, "not found", "text/plain")
    elif mode == "sitemaps-by-content":
        conn.respond(
            200,
            "User-agent: *\nAllow: /\n"
            "Sitemap: /sitemap-as-text.xml?u=/article/s1&u=/article/s2\n"
            "Sitemap: /feed-untyped.xml?u=/article/f1\n",
            "text/plain",
        )
    elif mode == "crawl-delay":
        conn.respond(200, "User-agent: *\nCrawl-delay: 86400\nAllow: /\n", "text/plain")
    else:
        conn.respond(200, "User-agent: *\nAllow: /\n", "text/plain")


def calendar(conn: Connection, request: Request) -> None:
    """An endless calendar: every month links to the previous and the next."""
    parts = request.path.strip("/").split("/")
    year, month = (int(parts[1]), int(parts[2])) if len(parts) >= 3 else (2024, 1)
    prev_y, prev_m = (year, month - 1) if month > 1 else (year - 1, 12)
    next_y, next_m = (year, month + 1) if month < 12 else (year + 1, 1)
    links = [f"/calendar/{prev_y}/{prev_m:02d}", f"/calendar/{next_y}/{next_m:02d}"]
    conn.respond(200, listing_html(f"Events {year}-{month:02d}", links))


def long_path(conn: Connection, request: Request) -> None:
    """Every page links one segment deeper: /long/a, /long/a/a, ..."""
    conn.respond(200, listing_html("Long", [request.path.rstrip("/") + "/a"]))


def session(conn: Connection, request: Request) -> None:
    """Every link carries a fresh session id (and there are only three real pages)."""
    rng = random.Random()
    links = [f"/session/{n}?sid={rng.getrandbits(64):016x}" for n in ("one", "two", "three")]
    conn.respond(200, listing_html("Session", links))


def links(conn: Connection, request: Request) -> None:
    conn.respond(200, listing_html("Links", request.query.get("u", [])))


def bad_charset(conn: Connection, request: Request) -> None:
    """Declares a charset Python knows but cannot decode with (HTTP header and meta)."""
    name = request.arg("name", "undefined")
    page = article_html("Bad charset", extra=f"<p>{CHARSET_TEXT}</p>")
    page = page.replace("<head>", f'<head><meta charset="{name}">', 1)
    conn.respond(200, page.encode("cp1252"), f"text/html; charset={name}")


def bad_jsonld(conn: Connection, request: Request) -> None:
    """JSON-LD whose escapes are lone surrogates or invalid (``\\ud800``, ``\\x``)."""
    data = (
        '{"@context":"https://schema.org","@type":"NewsArticle",'
        '"headline":"Broken \\ud800 escapes \\udfff here","keywords":["\\udc80x","ok"],'
        '"author":{"@type":"Person","name":"A \\x41 \\u12 writer"},'
        '"datePublished":"2020-01-0\\u0000"}'
    )
    extra = f'<script type="application/ld+json">{data}</script>'
    page = article_html("Broken JSON-LD").replace("</head>", extra + "</head>", 1)
    conn.respond(200, page)


def slow_extract(conn: Connection, request: Request) -> None:
    """An ordinary but enormous article (300,000 short paragraphs in 6 MB): about 2.4 s of CPU
    to extract, so a short ``extract_timeout`` (half a second) runs out on it, while an ordinary
    page is far inside it even on a busy machine."""
    size = int(request.number("size", 6 * MIB))  # under the default 10 MiB body limit
    paragraph = "<p>one two three</p>\n"
    body = paragraph * max(1, size // len(paragraph))
    conn.respond(
        200,
        f"<html><head><title>Slow</title></head><body><article><h1>Slow</h1>{body}</article></body></html>",
    )


def sitemap_as_text(conn: Connection, request: Request) -> None:
    """A sitemap served as text/plain (its content says what it is)."""
    urls = request.query.get("u", [])
    conn.respond(200, sitemap_xml(urls), content_type="text/plain")


def feed_untyped(conn: Connection, request: Request) -> None:
    """An RSS feed served with no Content-Type at all."""
    items = "".join(
        f"<item><title>t</title><link>{html.escape(u)}</link></item>"
        for u in request.query.get("u", [])
    )
    body = (
        f"<?xml version='1.0'?><rss version='2.0'><channel><title>f</title>{items}</channel></rss>"
    )
    conn.respond(200, body, content_type="")


EXACT: dict[str, Handler] = {
    "/reset-mid-body": reset_mid_body,
    "/hang": hang,
    "/dribble": dribble,
    "/short-body": short_body,
    "/redirect-loop": redirect_loop,
    "/redirect-loop-b": redirect_loop,
    "/offsite": offsite,
    "/error-200": error_200,
    "/binary-as-html": binary_as_html,
    "/pdf-as-html": pdf_as_html,
    "/wrong-charset": wrong_charset,
    "/missing-charset": missing_charset,
    "/mixed-encodings": mixed_encodings,
    "/huge": huge,
    "/gzip-bomb": gzip_bomb_page,
    "/deep-nesting": deep_nesting,
    "/scripts-only": scripts_only,
    "/sitemap.xml": sitemap,
    "/sitemap-bomb.xml": sitemap_bomb,
    "/feed-bomb.xml": feed_bomb,
    "/sitemap-gz-bomb.xml.gz": sitemap_gz_bomb_page,
    "/sitemap-cycle-a.xml": sitemap_cycle,
    "/sitemap-cycle-b.xml": sitemap_cycle,
    "/sitemap-cycle-leaf.xml": sitemap_cycle_leaf,
    "/sitemap-malformed.xml": sitemap_malformed,
    "/feed-malformed.xml": feed_malformed,
    "/robots.txt": robots,
    "/robots-moved.txt": robots,
    "/links": links,
    "/bad-charset": bad_charset,
    "/bad-jsonld": bad_jsonld,
    "/slow-extract": slow_extract,
    "/sitemap-as-text.xml": sitemap_as_text,
    "/feed-untyped.xml": feed_untyped,
}

PREFIXES: tuple[tuple[str, Handler], ...] = (
    ("/status/", status),
    ("/flaky/", flaky),
    ("/redirect-chain/", redirect_chain),
    ("/article/", article),
    ("/session", session),
    ("/calendar", calendar),
    ("/long", long_path),
    ("/private/", article),
)


def not_found(conn: Connection, request: Request) -> None:
    conn.respond(404, "<html><body><h1>Not found</h1></body></html>")


def route(path: str) -> Handler:
    if path in EXACT:
        return EXACT[path]
    for prefix, handler in PREFIXES:
        if path.startswith(prefix):
            return handler
    return not_found


# -- helpers for the fault tests --------------------------------------------------------------


def fault_config(start: str | list[str], output_dir: Path, **changes: Any) -> CrawlConfig:
    """A crawl config that meets faults quickly: 1 s timeouts, two fast retries, no pauses."""
    options: dict[str, Any] = {
        "start_urls": (start,) if isinstance(start, str) else tuple(start),
        "output_dir": output_dir,
        "delay": 0.0,
        "connect_timeout": 1.0,
        "read_timeout": 1.0,
        "max_retries": 2,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "max_retry_after": 5.0,
        "concurrency": 4,
        "per_host_concurrency": 4,
    }
    options.update(changes)
    return CrawlConfig(**options)


def fetch(config: CrawlConfig, url: str, kind: FetchKind = "page") -> Page:
    """One ``Fetcher.fetch`` on a fresh fetcher and event loop."""

    async def run() -> Page:
        fetcher = Fetcher(config)
        try:
            return await fetcher.fetch(url, kind)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


def run_crawl(config: CrawlConfig) -> tuple[list[CrawledArticle], CrawlStats]:
    """Run a whole crawl; the articles it delivered and its final stats."""

    async def run() -> tuple[list[CrawledArticle], CrawlStats]:
        crawler = Crawler(config)
        items = [item async for item in crawler.articles()]
        return items, crawler.stats

    return asyncio.run(run())


def url_states(config: CrawlConfig) -> dict[str, tuple[str, str | None]]:
    """Every URL the crawl state knows, with its status and error, read from the SQLite file."""
    with contextlib.closing(sqlite3.connect(config.state_dir / "state.sqlite")) as db:
        rows = db.execute("SELECT url, status, error FROM urls").fetchall()
    return {url: (status, error) for url, status, error in rows}


def state_for(config: CrawlConfig, path: str) -> tuple[str, str | None] | None:
    """The state of the one known URL whose path (and query) ends with ``path``."""
    for url, state in url_states(config).items():
        parts = urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        if target == path:
            return state
    return None


class SlowSite(SiteServer):
    """A static site (the fixture blog) whose every request takes ``delay`` seconds, so a crawl
    of it lasts long enough to be killed, or raced, mid-way."""

    delay = 0.02

    def resolve(self, path: str) -> tuple[Path | None, bool]:
        time.sleep(self.delay)
        return super().resolve(path)
