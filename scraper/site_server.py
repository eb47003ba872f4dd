"""A small static-file web server on 127.0.0.1 for the demo and the tests.

It serves a folder the way a blog host would: ``/x/`` from ``/x/index.html`` (or ``index.xml``
for a feed), a 301 from ``/x`` to ``/x/``, ``/x`` from ``x.html`` where there is no ``x`` (as
GitHub Pages does), real content types, ``ETag`` and ``Last-Modified`` with conditional
requests (304), and gzip when the client accepts it. A site saved under its
real address (``https://www.example.com/...`` in its links, sitemaps and feeds) names that
origin in an ``origin.txt`` file (never served); the server rewrites it to its own
``http://127.0.0.1:port`` on the fly, so absolute links stay on the local copy. Saved from a
folder of its host (``https://www.example.com/blog``), the copy is served under that folder
(``/blog/x/``), as its root-relative links expect, and the root redirects to it.
"""

from __future__ import annotations

import gzip
import hashlib
import mimetypes
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from email.utils import formatdate, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

__all__ = ["LoggedRequest", "SiteServer", "serve_site"]

ORIGIN_FILE = "origin.txt"
# A slash as a character reference: some generators escape every one in an attribute.
_ESCAPED_SLASHES = ("&#x2F;", "&#x2f;", "&#47;")
INDEX_FILES = ("index.html", "index.xml")
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".xml": "application/xml; charset=utf-8",
    ".txt": "text/plain; charset=utf-8",
    ".gz": "application/gzip",
    ".json": "application/json",
}
REWRITTEN_SUFFIXES = (".html", ".xml", ".txt")


@dataclass(frozen=True, slots=True)
class LoggedRequest:
    """One request the server answered (tests check politeness and conditional GETs with it)."""

    at: float
    path: str
    status: int
    headers: dict[str, str]


class SiteServer:
    """Serve ``root`` on ``127.0.0.1`` (a free port unless given) in a background thread."""

    def __init__(self, root: Path | str, *, port: int = 0, origin: str | None = None) -> None:
        self.root = Path(root).resolve()
        if not self.root.is_dir():
            raise FileNotFoundError(f"no such site folder: {self.root}")
        origin_file = self.root / ORIGIN_FILE
        if origin is None and origin_file.is_file():
            origin = origin_file.read_text(encoding="utf-8").strip()
        self.origin = origin.rstrip("/") if origin else None
        # Saved from a folder of its host (``https://host/blog``): served under that folder,
        # as on its host (its root-relative links, ``/blog/x/``, hold it); the root redirects
        # there.
        self.folder = urlsplit(self.origin).path.rstrip("/") if self.origin else ""
        self.requests: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), _handler_for(self))
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        """The base URL, ``http://127.0.0.1:port/``."""
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def start(self) -> SiteServer:
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def log(self, entry: LoggedRequest) -> None:
        with self._lock:
            self.requests.append(entry)

    def paths(self) -> list[str]:
        """Paths requested so far, in order."""
        with self._lock:
            return [r.path for r in self.requests]

    def body_for(self, file: Path) -> bytes:
        """A file's bytes as served: with the saved origin rewritten to this server's."""
        data = file.read_bytes()
        if self.origin is None:
            return data
        if file.suffix in REWRITTEN_SUFFIXES:
            return self._rewrite(data)
        if file.name.endswith(".xml.gz"):
            return gzip.compress(self._rewrite(gzip.decompress(data)), mtime=0)
        return data

    def _rewrite(self, data: bytes) -> bytes:
        """The saved origin, absolute or scheme-relative (``//host/...``), made this server's."""
        assert self.origin is not None
        local = self.url.rstrip("/") + self.folder
        data = data.replace(self.origin.encode(), local.encode())
        for slash in _ESCAPED_SLASHES:  # Zola writes ``href="https:&#x2F;&#x2F;host&#x2F;…"``
            escaped = self.origin.replace("/", slash)
            if escaped.encode() in data:
                data = data.replace(escaped.encode(), local.replace("/", slash).encode())
        scheme_relative = self.origin.split(":", 1)[1]  # "//host"
        return data.replace(b'"' + scheme_relative.encode(), b'"' + local.split(":", 1)[1].encode())

    def resolve(self, path: str) -> tuple[Path | None, bool]:
        """The file for a URL path, and whether it is a folder asked for without its slash
        (the root, for a site served under a folder: it redirects there)."""
        folder = self.folder
        if folder:
            if path in ("/", folder):
                return self.root, True
            if not path.startswith(folder + "/"):
                return None, False
            path = path[len(folder) :]
        relative = unquote(path).lstrip("/")
        candidate = (self.root / relative).resolve()
        if candidate != self.root and self.root not in candidate.parents:
            return None, False
        if candidate.is_dir():
            if not path.endswith("/"):
                return candidate, True
            for name in INDEX_FILES:
                if (candidate / name).is_file():
                    return candidate / name, False
            return None, False
        hidden = candidate.name.startswith(".") or candidate == self.root / ORIGIN_FILE
        if candidate.is_file() and not hidden:
            return candidate, False
        page = candidate.with_name(candidate.name + ".html")
        if not candidate.exists() and not hidden and not path.endswith("/") and page.is_file():
            return page, False  # ``/x`` from ``x.html``, as GitHub Pages answers it
        return None, False


def _handler_for(server: SiteServer) -> type[BaseHTTPRequestHandler]:
    class Handler(_SiteHandler):
        site = server

    return Handler


class _SiteHandler(BaseHTTPRequestHandler):
    site: SiteServer
    protocol_version = "HTTP/1.1"
    server_version = "scraper-site-server"
    # Whole responses in one write, sent at once: no Nagle/delayed-ACK stalls on keep-alive.
    wbufsize = 64 * 1024
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the log lives in ``SiteServer.requests``."""

    def handle(self) -> None:
        # The client went away (a crawl stopped early): nothing left to answer.
        with suppress(BrokenPipeError, ConnectionResetError):
            super().handle()

    def finish(self) -> None:
        with suppress(BrokenPipeError, ConnectionResetError):
            super().finish()

    def do_HEAD(self) -> None:
        self._serve(send_body=False)

    def do_GET(self) -> None:
        self._serve(send_body=True)

    def _serve(self, *, send_body: bool) -> None:
        path = urlsplit(self.path).path or "/"
        file, needs_slash = self.site.resolve(path)
        if file is None:
            self._answer(404, b"<h1>Not found</h1>", "text/html; charset=utf-8", send_body)
        elif needs_slash:
            to = self.site.folder + "/" if path == "/" else path + "/"
            self._answer(301, b"", "text/html", send_body, {"Location": to})
        else:
            self._serve_file(file, send_body)

    def _serve_file(self, file: Path, send_body: bool) -> None:
        body = self.site.body_for(file)
        etag = '"' + hashlib.sha1(body).hexdigest()[:20] + '"'
        mtime = int(file.stat().st_mtime)
        headers = {"ETag": etag, "Last-Modified": formatdate(mtime, usegmt=True)}
        content_type = CONTENT_TYPES.get(file.suffix) or (
            mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        )
        if file.parent.name == "feed" and file.name == "index.xml":
            content_type = "application/rss+xml; charset=utf-8"
        if self._not_modified(etag, mtime):
            self._answer(304, b"", content_type, send_body, headers)
            return
        accepts = self.headers.get("Accept-Encoding", "")
        if "gzip" in accepts and file.suffix in (".html", ".xml") and len(body) > 1024:
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
            headers["Vary"] = "Accept-Encoding"
        self._answer(200, body, content_type, send_body, headers)

    def _not_modified(self, etag: str, mtime: int) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [tag.strip() for tag in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return mtime <= parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _answer(
        self,
        status: int,
        body: bytes,
        content_type: str,
        send_body: bool,
        headers: dict[str, str] | None = None,
    ) -> None:
        self.site.log(
            LoggedRequest(time.monotonic(), self.path, status, dict(self.headers.items()))
        )
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)) if status != 304 else "0")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        if send_body and status != 304:
            self.wfile.write(body)


@contextmanager
def serve_site(root: Path | str, *, port: int = 0) -> Iterator[SiteServer]:
    """``with serve_site(folder) as server: crawl(server.url)``."""
    server = SiteServer(root, port=port).start()
    try:
        yield server
    finally:
        server.stop()
