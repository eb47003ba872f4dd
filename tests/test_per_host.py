"""``--per-host N``: requests in flight to one host, counted by a real server on loopback."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from scraper.cli import main

POSTS = 8
PARAGRAPH = "<p>" + "A slow server answers this post after a short pause, on purpose. " * 6 + "</p>"


class _CountingServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.lock = threading.Lock()
        self.in_flight = 0
        self.most_in_flight = 0


class _Handler(BaseHTTPRequestHandler):
    server: _CountingServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self._pause()
        if self.path == "/":
            links = "".join(f'<li><a href="/post/{n}/">Post {n}</a></li>' for n in range(POSTS))
            body = f"<html><body><ul>{links}</ul></body></html>"
        elif self.path.startswith("/post/"):
            body = f"<html><body><article><h1>Post</h1>{PARAGRAPH * 3}</article></body></html>"
        else:
            self.send_error(404)
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _pause(self) -> None:
        """Count the request as in flight only while it is held here, before any answer.

        Counting until the answer is written would race: the client can read a whole
        response and send its next request before this thread leaves ``do_GET``, which on a
        loaded machine reads as two requests at once though the crawler waited.
        """
        with self.server.lock:
            self.server.in_flight += 1
            self.server.most_in_flight = max(self.server.most_in_flight, self.server.in_flight)
        try:
            time.sleep(0.15)
        finally:
            with self.server.lock:
                self.server.in_flight -= 1


@pytest.fixture
def server() -> Iterator[_CountingServer]:
    httpd = _CountingServer()
    threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True).start()
    try:
        yield httpd
    finally:
        httpd.shutdown()
        httpd.server_close()


def _crawl(server: _CountingServer, out: Path, *options: str) -> int:
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    return main(["crawl", url, "-o", str(out), "--delay", "0", "-q", "--no-site-model", *options])


def test_one_request_at_a_time_per_host_by_default(server: _CountingServer, tmp_path: Path) -> None:
    assert _crawl(server, tmp_path / "out") == 0
    assert server.most_in_flight == 1


def test_per_host_allows_that_many_requests_at_once(
    server: _CountingServer, tmp_path: Path
) -> None:
    assert _crawl(server, tmp_path / "out", "--per-host", "3") == 0
    assert 2 <= server.most_in_flight <= 3


def test_per_host_must_be_positive(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["crawl", "http://127.0.0.1:9/", "-o", str(tmp_path), "--per-host", "0"]) == 2
    assert "per-host" in capsys.readouterr().err
