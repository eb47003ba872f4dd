"""A varied set of WARC files written by another tool (warcio), for the cluster tests and bench.

Pages come from the fixture blog and fixture pages under distinct URLs, mixed with what real
archives hold besides pages: images, error statuses, gzip-encoded and chunked payloads,
exact duplicates (also across files), revisits before and after their originals (also across
files) and request records.
"""

from __future__ import annotations

import gzip
import io
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SITE = "https://blog.example"


def fixture_pages() -> list[bytes]:
    """Every fixture HTML page: the demo blog's posts and listings, and the page fixtures."""
    files = sorted((FIXTURES / "blog").rglob("*.html")) + sorted(
        (FIXTURES / "pages").glob("*.html")
    )
    return [path.read_bytes() for path in files]


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


class _Writer:
    def __init__(self, out: io.BufferedWriter, gzipped: bool) -> None:
        self.writer = WARCWriter(out, gzip=gzipped)
        self.records = 0

    def response(
        self, url: str, body: bytes, headers: list[tuple[str, str]], status: str = "200 OK"
    ) -> object:
        record = self.writer.create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=_http(status, headers)
        )
        self.writer.write_record(record)
        self.records += 1
        return record

    def revisit(self, url: str, original: object) -> None:
        headers = original.rec_headers  # type: ignore[attr-defined]
        record = self.writer.create_revisit_record(
            url,
            digest=headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=headers.get_header("WARC-Target-URI"),
            refers_to_date=headers.get_header("WARC-Date"),
            http_headers=_http("200 OK", [("Content-Type", "text/html; charset=utf-8")]),
        )
        self.writer.write_record(record)
        self.records += 1

    def request(self, url: str) -> None:
        record = self.writer.create_warc_record(
            url,
            "request",
            payload=io.BytesIO(b""),
            http_headers=StatusAndHeaders(
                "GET / HTTP/1.1", [("Host", "blog.example")], is_http_request=True
            ),
        )
        self.writer.write_record(record)
        self.records += 1


def write_warc_set(folder: Path, copies: int = 8) -> tuple[list[Path], int]:
    """Three WARC files (two gzipped, one plain) holding ``copies`` rounds of every fixture page.

    Returns the paths and the number of records written.
    """
    pages = fixture_pages()
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "a.warc.gz", folder / "b.warc", folder / "c.warc.gz"]
    total = 0
    html = [("Content-Type", "text/html; charset=utf-8")]
    first_original: object | None = None
    for number, path in enumerate(paths):
        with open(path, "wb") as out:
            w = _Writer(out, gzipped=path.suffix == ".gz")
            rounds = range(number, copies, len(paths))
            pending_revisit: tuple[str, object] | None = None
            # A revisit before its original (resolved at the end of the file) and an orphan.
            w.revisit(f"{SITE}/early/{number}/", _detached(f"{SITE}/{number}/2/", pages[2]))
            w.revisit(f"{SITE}/orphan/{number}/", _detached(f"{SITE}/nowhere/", b"<html></html>"))
            for copy in rounds:
                for index, body in enumerate(pages):
                    url = f"{SITE}/{copy}/{index}/"
                    if index % 17 == 3:
                        w.request(url)
                    if index % 11 == 5:
                        encoded = gzip.compress(body)
                        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(encoded), encoded)
                        w.response(
                            url,
                            chunked,
                            [*html, ("Content-Encoding", "gzip"), ("Transfer-Encoding", "chunked")],
                        )
                    else:
                        original = w.response(url, body, html)
                        if first_original is None:
                            first_original = original
                        if index % 23 == 7:
                            w.revisit(f"{url}?again", original)
                        if index % 29 == 2 and pending_revisit is None:
                            pending_revisit = (f"{url}?early", original)
                    if index % 13 == 0:
                        w.response(f"{url}logo.png", b"\x89PNG\r\n\x1a\n" + bytes(64), [])
                    if index % 19 == 4:
                        w.response(f"{url}gone", body, html, "404 Not Found")
                    if index % 31 == 6:
                        w.response(url, body, html)  # the same page again: a duplicate
            if number > 0 and first_original is not None:
                w.revisit(f"{SITE}/across-files/{number}/", first_original)
            if pending_revisit is not None:
                # A revisit whose original sits in another file was never seen: unresolved.
                w.revisit(*pending_revisit)
            total += w.records
    return paths, total


def _detached(url: str, body: bytes) -> object:
    """A response record written elsewhere: what a revisit can point at by payload digest."""
    writer = _Writer(io.BytesIO(), gzipped=False)  # type: ignore[arg-type]
    return writer.response(url, body, [("Content-Type", "text/html; charset=utf-8")])
