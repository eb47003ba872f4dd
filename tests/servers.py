"""Loopback HTTP servers that misbehave on purpose, one scripted reply per request.

``ScriptedServer`` answers each path from a list of ``Reply`` objects (the last one repeats), so a
test says "503 with Retry-After, then 200" in one line and then reads ``requests`` to see what the
crawler actually did and when.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    """One scripted response. ``chunks`` streams a body piece by piece without a length."""

    status: int = 200
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "text/html; charset=utf-8"
    chunks: Iterable[bytes] | None = None
    delay: float = 0.0
    drop: bool = False  # close the connection without answering


@dataclass(frozen=True)
class Seen:
    at: float
    path: str
    headers: dict[str, str]


class ScriptedServer:
    """A threaded server on 127.0.0.1 answering from ``routes``; unknown paths get 404."""

    def __init__(self) -> None:
        self.routes: dict[str, list[Reply]] = {}
        self.requests: list[Seen] = []
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(self))
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(target=self._httpd.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"http://{host}:{port}/"

    def route(self, path: str, *replies: Reply) -> ScriptedServer:
        self.routes[path] = list(replies)
        return self

    def html(self, path: str, text: str, **headers: str) -> ScriptedServer:
        return self.route(path, Reply(body=text.encode(), headers=dict(headers)))

    def next_reply(self, path: str) -> Reply:
        with self._lock:
            replies = self.routes.get(path)
            if not replies:
                return Reply(404, b"not found")
            return replies.pop(0) if len(replies) > 1 else replies[0]

    def seen(self, path: str) -> list[Seen]:
        with self._lock:
            return [r for r in self.requests if r.path == path]

    def log(self, entry: Seen) -> None:
        with self._lock:
            self.requests.append(entry)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


def _handler(server: ScriptedServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = 64 * 1024
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            pass

        def handle(self) -> None:
            # The client gave up on purpose (limits, deadlines): not a server fault.
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().handle()

        def finish(self) -> None:
            with contextlib.suppress(BrokenPipeError, ConnectionResetError):
                super().finish()

        def do_GET(self) -> None:
            path = urlsplit(self.path).path
            full = self.path
            server.log(Seen(time.monotonic(), full, dict(self.headers.items())))
            reply = server.next_reply(full if full in server.routes else path)
            if reply.delay:
                time.sleep(reply.delay)
            if reply.drop:
                self.close_connection = True
                return
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            for name, value in reply.headers.items():
                self.send_header(name, value)
            if reply.chunks is not None:
                self.send_header("Connection", "close")
                self.end_headers()
                self.close_connection = True
                try:
                    for chunk in reply.chunks:
                        self.wfile.write(chunk)
                        self.wfile.flush()
                except (BrokenPipeError, ConnectionResetError):
                    pass
                return
            if "Content-Length" not in reply.headers:
                self.send_header("Content-Length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

    return Handler
