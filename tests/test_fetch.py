"""The fetcher against loopback servers that misbehave: retries, limits, redirects, decoding."""

from __future__ import annotations

import asyncio
import gzip
import itertools
import zlib
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import brotli
import httpx
import pytest
from conftest import fast_config
from servers import Reply, ScriptedServer

from scraper.crawler.fetch import Fetcher, header_map, parse_retry_after, retry_delay
from scraper.errors import FetchError, HTTPStatusError, OutOfScope, RedirectError, TooLarge
from scraper.models import Exchange, Page

PAGE = "<html><body><p>Hello, caf\u00e9.</p></body></html>"


class ListRecorder:
    def __init__(self) -> None:
        self.exchanges: list[Exchange] = []

    def record(self, exchange: Exchange) -> None:
        self.exchanges.append(exchange)

    def close(self) -> None:
        pass


def fetch(url: str, tmp_path: Path, *, recorder: Any = None, **options: Any) -> Page:
    kind = options.pop("kind", "page")
    check = options.pop("check", None)
    validators = {k: options.pop(k) for k in ("etag", "last_modified") if k in options}

    async def run() -> Page:
        fetcher = Fetcher(fast_config(url, tmp_path, **options), recorder=recorder)
        try:
            return await fetcher.fetch(url, kind, check=check, **validators)
        finally:
            await fetcher.aclose()

    return asyncio.run(run())


# --- the retry decision, pure ------------------------------------------------------------------


def test_backoff_grows_exponentially_with_jitter_and_stops(tmp_path: Path) -> None:
    config = fast_config("http://x.org/", tmp_path, backoff_base=1.0, backoff_max=5, max_retries=4)
    low = [retry_delay(n, config, status=503, rand=lambda: 0.0) for n in range(4)]
    high = [retry_delay(n, config, status=503, rand=lambda: 1.0) for n in range(4)]
    assert low == [0.5, 1.0, 2.0, 2.5]
    assert high == [1.0, 2.0, 4.0, 5.0]
    assert retry_delay(4, config, status=503) is None


def test_what_is_retried(tmp_path: Path) -> None:
    config = fast_config("http://x.org/", tmp_path)
    for status in (429, 500, 502, 503, 504):
        assert retry_delay(0, config, status=status) is not None
    for status in (400, 401, 403, 404, 410, 501):
        assert retry_delay(0, config, status=status) is None
    import httpx

    assert retry_delay(0, config, error=httpx.ConnectError("refused")) is not None
    assert retry_delay(0, config, error=httpx.ReadTimeout("slow")) is not None
    assert retry_delay(0, config, error=ValueError("bug")) is None


def test_retry_after_in_both_forms(tmp_path: Path) -> None:
    now = datetime(2024, 1, 1, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(format_datetime(now + timedelta(seconds=30), usegmt=True), now) == 30
    assert parse_retry_after("soon") is None
    config = fast_config("http://x.org/", tmp_path, max_retry_after=60)
    assert retry_delay(0, config, status=429, retry_after="7") == 7.0
    assert retry_delay(0, config, status=429, retry_after="3600") is None


# --- live faults --------------------------------------------------------------------------------


def test_503_with_retry_after_is_honoured(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route(
        "/p", Reply(503, b"busy", {"Retry-After": "1"}), Reply(body=PAGE.encode("utf-8"))
    )
    page = fetch(scripted.url + "p", tmp_path)
    assert page.status == 200 and "caf\u00e9" in page.html
    first, second = scripted.seen("/p")
    assert second.at - first.at >= 0.9


def test_429_with_an_http_date_then_success(scripted: ScriptedServer, tmp_path: Path) -> None:
    when = format_datetime(datetime.now(UTC) + timedelta(seconds=1), usegmt=True)
    scripted.route("/p", Reply(429, b"", {"Retry-After": when}), Reply(body=b"<p>ok</p>"))
    assert fetch(scripted.url + "p", tmp_path).status == 200
    assert len(scripted.seen("/p")) == 2


def test_500_recovers_after_retries(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/p", Reply(500), Reply(502), Reply(body=b"<p>ok</p>"))
    assert fetch(scripted.url + "p", tmp_path).status == 200
    assert len(scripted.seen("/p")) == 3


def test_persistent_500_fails_after_max_retries(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/p", Reply(500))
    with pytest.raises(HTTPStatusError) as caught:
        fetch(scripted.url + "p", tmp_path, max_retries=2)
    assert caught.value.status == 500
    assert len(scripted.seen("/p")) == 3


def test_404_is_not_retried(scripted: ScriptedServer, tmp_path: Path) -> None:
    with pytest.raises(HTTPStatusError) as caught:
        fetch(scripted.url + "missing", tmp_path)
    assert caught.value.status == 404
    assert len(scripted.seen("/missing")) == 1


def test_dropped_connections_are_retried_then_fail(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    scripted.route("/p", Reply(drop=True), Reply(body=b"<p>ok</p>"))
    assert fetch(scripted.url + "p", tmp_path).status == 200
    scripted.route("/q", Reply(drop=True))
    with pytest.raises(FetchError):
        fetch(scripted.url + "q", tmp_path, max_retries=1)
    assert len(scripted.seen("/q")) == 2


def test_read_timeout_is_retried(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/p", Reply(body=b"<p>late</p>", delay=0.6), Reply(body=b"<p>ok</p>"))
    page = fetch(scripted.url + "p", tmp_path, read_timeout=0.2)
    assert b"ok" in page.content


def test_declared_length_over_the_limit(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/big", Reply(body=b"x" * 5000))
    with pytest.raises(TooLarge):
        fetch(scripted.url + "big", tmp_path, max_body_bytes=1024)


def test_streamed_body_over_the_limit_stops_early(scripted: ScriptedServer, tmp_path: Path) -> None:
    sent: list[int] = []

    def endless() -> Any:
        for n in range(10_000):
            sent.append(n)
            yield b"<p>" + b"x" * 4096 + b"</p>"

    scripted.route("/stream", Reply(chunks=endless()))
    with pytest.raises(TooLarge):
        fetch(scripted.url + "stream", tmp_path, max_body_bytes=64 * 1024)
    assert len(sent) < 10_000


def test_gzip_bomb_is_stopped_by_the_decompressed_size(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    bomb = gzip.compress(b"<p>" + b"a" * (50 * 1024 * 1024), compresslevel=9)
    assert len(bomb) < 100_000
    scripted.route("/bomb", Reply(body=bomb, headers={"Content-Encoding": "gzip"}))
    with pytest.raises(TooLarge):
        fetch(scripted.url + "bomb", tmp_path, max_body_bytes=1024 * 1024)


@pytest.mark.parametrize("coding", ["gzip", "deflate", "raw-deflate", "br"])
def test_content_codings_are_decoded(coding: str, scripted: ScriptedServer, tmp_path: Path) -> None:
    data = PAGE.encode("utf-8") * 50
    if coding == "gzip":
        body = gzip.compress(data)
    elif coding == "deflate":
        body = zlib.compress(data)
    elif coding == "raw-deflate":
        squeezer = zlib.compressobj(wbits=-zlib.MAX_WBITS)
        body = squeezer.compress(data) + squeezer.flush()
    else:
        body = brotli.compress(data)
    name = "deflate" if coding == "raw-deflate" else coding
    scripted.route("/z", Reply(body=body, headers={"Content-Encoding": name}))
    recorder = ListRecorder()
    page = fetch(scripted.url + "z", tmp_path, recorder=recorder)
    assert page.content == data
    assert recorder.exchanges[-1].body == data


def test_charset_from_the_header_decodes_the_page(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route(
        "/latin",
        Reply(body=PAGE.encode("latin-1"), content_type="text/html; charset=iso-8859-1"),
    )
    assert "caf\u00e9" in fetch(scripted.url + "latin", tmp_path).html


def test_non_html_bodies_are_not_downloaded(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/photo.jpg", Reply(body=b"\xff\xd8" * 1000, content_type="image/jpeg"))
    page = fetch(scripted.url + "photo.jpg", tmp_path)
    assert page.status == 200 and page.content == b"" and page.html == ""


def test_redirect_loop_is_detected(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/a", Reply(302, headers={"Location": "/b"}))
    scripted.route("/b", Reply(301, headers={"Location": "/a"}))
    with pytest.raises(RedirectError, match="loop"):
        fetch(scripted.url + "a", tmp_path)
    assert len(scripted.seen("/a")) == 1


def test_too_many_redirects(scripted: ScriptedServer, tmp_path: Path) -> None:
    for n in range(5):
        scripted.route(f"/r{n}", Reply(302, headers={"Location": f"/r{n + 1}"}))
    scripted.html("/r5", "<p>end</p>")
    with pytest.raises(RedirectError, match="more than 3"):
        fetch(scripted.url + "r0", tmp_path, max_redirects=3)
    assert fetch(scripted.url + "r0", tmp_path).final_url == scripted.url + "r5"


def test_off_site_redirect_is_refused(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/out", Reply(302, headers={"Location": "http://elsewhere.invalid/x"}))

    async def in_site_only(target: str) -> None:
        if not target.startswith(scripted.url):
            raise OutOfScope(target, "off-site")

    with pytest.raises(OutOfScope):
        fetch(scripted.url + "out", tmp_path, check=in_site_only)


def test_redirect_hops_are_all_recorded(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/old", Reply(301, headers={"Location": "/new/"}))
    scripted.html("/new/", "<p>new</p>")
    recorder = ListRecorder()
    page = fetch(scripted.url + "old", tmp_path, recorder=recorder)
    assert page.url == scripted.url + "old" and page.final_url == scripted.url + "new/"
    assert [(e.url, e.status) for e in recorder.exchanges] == [
        (scripted.url + "old", 301),
        (scripted.url + "new/", 200),
    ]
    assert recorder.exchanges[0].request_headers


def test_conditional_request_gets_304(scripted: ScriptedServer, tmp_path: Path) -> None:
    scripted.route("/p", Reply(304))
    page = fetch(
        scripted.url + "p", tmp_path, etag='"v1"', last_modified="Wed, 01 Jan 2020 00:00:00 GMT"
    )
    assert page.status == 304
    headers = {k.lower(): v for k, v in scripted.seen("/p")[0].headers.items()}
    assert headers["if-none-match"] == '"v1"'
    assert headers["if-modified-since"] == "Wed, 01 Jan 2020 00:00:00 GMT"


def test_user_agent_names_the_project_and_is_overridable(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    scripted.html("/p", "<p>x</p>")
    fetch(scripted.url + "p", tmp_path)
    fetch(scripted.url + "p", tmp_path, user_agent="custom-bot/1.0")
    agents = [r.headers.get("User-Agent", "") for r in scripted.seen("/p")]
    assert agents[0].startswith("scraper/") and "http" in agents[0]
    assert agents[1] == "custom-bot/1.0"


def test_explicit_proxy_is_used(scripted: ScriptedServer, tmp_path: Path) -> None:
    # The scripted server plays the proxy: it sees the absolute target URL in the request line.
    scripted.route("http://blog.invalid/p", Reply(body=b"<p>via proxy</p>"))
    page = fetch("http://blog.invalid/p", tmp_path, proxy=scripted.url, trust_env=False)
    assert b"via proxy" in page.content
    assert scripted.requests[0].path == "http://blog.invalid/p"


def test_per_host_delay_spaces_requests(scripted: ScriptedServer, tmp_path: Path) -> None:
    for n in range(4):
        scripted.html(f"/p{n}", "<p>x</p>")

    async def run() -> None:
        config = fast_config(scripted.url, tmp_path, delay=0.2, per_host_concurrency=1)
        fetcher = Fetcher(config)
        try:
            await asyncio.gather(*(fetcher.fetch(f"{scripted.url}p{n}") for n in range(4)))
        finally:
            await fetcher.aclose()

    asyncio.run(run())
    times = sorted(r.at for r in scripted.requests)
    gaps = [b - a for a, b in itertools.pairwise(times)]
    assert len(gaps) == 3 and min(gaps) >= 0.18, gaps


def test_a_slow_drip_body_hits_the_request_deadline(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    import time

    def drip() -> Any:
        for _ in range(40):
            time.sleep(0.05)
            yield b"<p>x</p>"

    scripted.route("/drip", Reply(chunks=drip()))
    with pytest.raises(FetchError, match="Timeout"):
        fetch(scripted.url + "drip", tmp_path, request_timeout=0.5, read_timeout=1.0, max_retries=0)


def test_proxy_from_the_environment_is_used(
    scripted: ScriptedServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", scripted.url)
    scripted.route("http://blog.invalid/env", Reply(body=b"<p>via env proxy</p>"))
    page = fetch("http://blog.invalid/env", tmp_path)
    assert b"via env proxy" in page.content


@pytest.mark.parametrize(
    "raw",
    [
        [(b"Content-Type", b"text/html"), (b"Set-Cookie", b"a=1"), (b"set-cookie", b"b=2")],
        [(b"Location", "/caf\u00e9/".encode()), (b"X-Empty", b"")],
        [(b"Location", b"/caf\xe9/"), (b"Retry-After", b"5")],
    ],
)
def test_response_headers_read_as_httpx_reads_them(raw: list[tuple[bytes, bytes]]) -> None:
    """The fetcher's plain header dict (no ``httpx.Headers`` per response) says what httpx
    says: lower-case names, repeats joined, UTF-8 or Latin-1 when not ASCII."""
    expected = httpx.Headers(raw)
    assert header_map(raw) == dict(expected.items())
    for name in ("location", "set-cookie", "content-type", "retry-after", "x-empty", "none"):
        assert header_map(raw).get(name) == expected.get(name)
