"""WARC reading (files written by another tool, warcio) and writing (checked with two readers)."""

from __future__ import annotations

import gzip
import io
import os
import signal
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator as WarcioIterator
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.archive import pipeline
from scraper.archive.warc import ArchiveStats, WarcWriter, iter_warc_articles, iter_warc_pages
from scraper.archive.warc_write import last_complete_member_end
from scraper.errors import ArchiveError, InputError
from scraper.models import Exchange

BLOG = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
POSTS = sorted(p for p in BLOG.glob("20*/*/*/*/index.html"))
POST = (BLOG / "2014/07/09/no-traffic-jams-extra-mile/index.html").read_bytes()
LISTING = (BLOG / "index.html").read_bytes()
SITE = "https://blog.example"


def _http(status: str, headers: list[tuple[str, str]]) -> StatusAndHeaders:
    return StatusAndHeaders(status, headers, protocol="HTTP/1.1")


def _response(
    writer: WARCWriter,
    url: str,
    body: bytes,
    headers: list[tuple[str, str]],
    status: str = "200 OK",
) -> ArcWarcRecord:
    record = writer.create_warc_record(
        url, "response", payload=io.BytesIO(body), http_headers=_http(status, headers)
    )
    writer.write_record(record)
    return record


def write_other_tool_warc(path: Path, *, gzipped: bool = True) -> None:
    """A WARC as warcio (another tool) writes it, with every kind of record a reader meets."""
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "warcio"}))
        encoded = gzip.compress(POST)
        chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(encoded), encoded)
        original = _response(
            writer,
            f"{SITE}/post/",
            chunked,
            [
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Encoding", "gzip"),
                ("Transfer-Encoding", "chunked"),
            ],
        )
        png = b"\x89PNG\r\n\x1a\n" + bytes(64)
        _response(writer, f"{SITE}/logo.png", png, [("Content-Type", "image/png")])
        _response(writer, f"{SITE}/gone/", POST, [("Content-Type", "text/html")], "404 Not Found")
        rss = b"<?xml version='1.0'?><rss></rss>"
        _response(writer, f"{SITE}/feed/", rss, [("Content-Type", "application/rss+xml")])
        writer.write_record(
            writer.create_warc_record(
                f"{SITE}/saved/",
                "resource",
                payload=io.BytesIO(POST),
                warc_content_type="text/html",
            )
        )
        revisit = writer.create_revisit_record(
            f"{SITE}/post/?utm=copy",
            digest=original.rec_headers.get_header("WARC-Payload-Digest"),
            refers_to_uri=f"{SITE}/post/",
            refers_to_date=original.rec_headers.get_header("WARC-Date"),
            http_headers=_http("200 OK", [("Content-Type", "text/html; charset=utf-8")]),
        )
        writer.write_record(revisit)
        orphan = writer.create_revisit_record(
            f"{SITE}/elsewhere/",
            digest="sha1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            refers_to_uri=f"{SITE}/unknown/",
            refers_to_date=original.rec_headers.get_header("WARC-Date"),
            http_headers=_http("200 OK", [("Content-Type", "text/html")]),
        )
        writer.write_record(orphan)
        _response(writer, f"{SITE}/listing/", LISTING, [("Content-Type", "text/html")])
        truncated = writer.create_warc_record(
            f"{SITE}/cut/",
            "response",
            payload=io.BytesIO(POST[:500]),
            http_headers=_http("200 OK", [("Content-Type", "text/html")]),
        )
        truncated.rec_headers.add_header("WARC-Truncated", "length")
        writer.write_record(truncated)


@pytest.mark.parametrize("gzipped", [True, False], ids=["warc.gz", "warc"])
def test_reads_every_kind_of_record_from_another_tools_warc(tmp_path: Path, gzipped: bool) -> None:
    path = tmp_path / ("other.warc.gz" if gzipped else "other.warc")
    write_other_tool_warc(path, gzipped=gzipped)
    stats = ArchiveStats()
    pages = list(iter_warc_pages(path, stats=stats))
    assert [p.url for p in pages] == [
        f"{SITE}/post/",
        f"{SITE}/saved/",
        f"{SITE}/post/?utm=copy",
        f"{SITE}/listing/",
    ]
    post, resource, revisit, _ = pages
    assert post.content == POST  # chunking and gzip undone
    assert post.status == 200 and post.encoding == "utf-8"
    assert "There are no traffic jams" in post.html
    assert resource.content == POST and revisit.content == POST
    assert revisit.fetched_at.endswith("Z") and len(post.content_hash) == 64
    assert stats.skipped == {
        "not-html": 2,
        "http-status": 1,
        "revisit-unresolved": 1,
        "truncated": 1,
    }


def test_articles_keep_only_articles_with_crawl_facts(tmp_path: Path) -> None:
    path = tmp_path / "other.warc.gz"
    write_other_tool_warc(path)
    stats = ArchiveStats()
    items = list(iter_warc_articles(path, stats=stats))
    assert [i.final_url for i in items] == [
        f"{SITE}/post/",
        f"{SITE}/saved/",
        f"{SITE}/post/?utm=copy",
    ]
    first = items[0]
    assert first.article.title == "There are no traffic jams on the extra mile"
    assert first.status == 200 and first.fetched_at and first.content_hash
    assert stats.skipped["not-article"] == 1  # the listing page
    assert stats.articles == 3


def test_truncated_file_keeps_the_complete_records(tmp_path: Path) -> None:
    path = tmp_path / "full.warc.gz"
    write_other_tool_warc(path)
    data = path.read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(data[: len(data) - 700])  # inside the last records
    stats = ArchiveStats()
    urls = [p.url for p in iter_warc_pages(cut, stats=stats)]
    assert urls[:3] == [f"{SITE}/post/", f"{SITE}/saved/", f"{SITE}/post/?utm=copy"]
    assert stats.skipped["truncated"] + stats.skipped["malformed"] >= 1


def test_uncompressed_file_cut_inside_a_payload_counts_it_truncated(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    write_other_tool_warc(path, gzipped=False)
    data = path.read_bytes()
    end = data.index(b"WARC-Target-URI: " + f"{SITE}/logo.png".encode())
    stats = ArchiveStats()
    pages = list(iter_warc_pages(io.BytesIO(data[: end - 2000]), stats=stats))
    assert pages == []
    assert stats.skipped == {"truncated": 1}


def _member_offsets(data: bytes) -> list[int]:
    offsets, position = [], 0
    while position < len(data):
        offsets.append(position)
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        decoder.decompress(data[position:])
        position = len(data) - len(decoder.unused_data)
    return offsets


def test_a_corrupt_record_in_the_middle_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "other.warc.gz"
    write_other_tool_warc(path)
    data = bytearray(path.read_bytes())
    second_record = _member_offsets(bytes(data))[2]  # warcinfo, post, then the PNG response
    data[second_record + 30 : second_record + 60] = b"\x00" * 30
    stats = ArchiveStats()
    urls = [p.url for p in iter_warc_pages(io.BytesIO(bytes(data)), stats=stats)]
    assert urls == [f"{SITE}/post/", f"{SITE}/saved/", f"{SITE}/post/?utm=copy", f"{SITE}/listing/"]
    assert stats.skipped["malformed"] == 1


def test_a_garbled_header_in_an_uncompressed_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "other.warc"
    write_other_tool_warc(path, gzipped=False)
    data = bytearray(path.read_bytes())
    second = data.index(b"WARC/1.", 10)
    second = data.index(b"WARC/1.", second + 10)
    data[second : second + 8] = b"garbage!"
    stats = ArchiveStats()
    urls = [p.url for p in iter_warc_pages(io.BytesIO(bytes(data)), stats=stats)]
    assert f"{SITE}/saved/" in urls and f"{SITE}/listing/" in urls
    assert stats.skipped["malformed"] == 1


def test_missing_file_is_an_archive_error(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError):
        list(iter_warc_articles(tmp_path / "nope.warc.gz"))
    with pytest.raises(ArchiveError):
        list(iter_warc_pages(tmp_path / "nope.warc.gz"))


def write_posts_warc(path: Path, copies: int = 1) -> list[str]:
    """Every fixture post as a response record (``copies`` times, under distinct URLs)."""
    urls = []
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for copy in range(copies):
            for number, post in enumerate(POSTS):
                url = f"{SITE}/{copy}/{number}/"
                _response(writer, url, post.read_bytes(), [("Content-Type", "text/html")])
                urls.append(url)
    return urls


def test_two_processes_give_the_same_articles_in_the_same_order(tmp_path: Path) -> None:
    path = tmp_path / "posts.warc.gz"
    write_posts_warc(path)
    one = [i.to_dict() for i in iter_warc_articles([path], processes=1)]
    two = [i.to_dict() for i in iter_warc_articles([path], processes=2)]
    assert len(one) >= 20
    assert one == two


def test_an_interrupted_run_resumes_after_what_its_consumer_took(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "CHUNK_SIZE", 4)
    path = tmp_path / "posts.warc.gz"
    urls = write_posts_warc(path)
    state = tmp_path / "out" / ".scraper"
    everything = [i.final_url for i in iter_warc_articles(path)]
    assert everything == urls

    run = iter_warc_articles(path, state_dir=state)
    taken = [next(run).final_url for _ in range(6)]
    run.close()  # as on Ctrl-C: the first chunk of 4 was handed over and asked past
    resumed = [i.final_url for i in iter_warc_articles(path, state_dir=state)]
    assert resumed == everything[4:]
    assert taken == everything[:6]
    # The finished run cleared its positions, so the next run starts over.
    assert [i.final_url for i in iter_warc_articles(path, state_dir=state)] == everything


# --- writing ---------------------------------------------------------------------------------


def exchange(number: int, body: bytes = POST, **changes: object) -> Exchange:
    values: dict[str, object] = {
        "url": f"{SITE}/post-{number}/?a=1",
        "method": "GET",
        "request_headers": (("Host", "blog.example"), ("User-Agent", "scraper-test")),
        "http_version": "HTTP/1.1",
        "status": 200,
        "reason": "OK",
        "response_headers": (
            ("Content-Type", "text/html; charset=utf-8"),
            ("Content-Encoding", "gzip"),
            ("Transfer-Encoding", "chunked"),
        ),
        "body": body,
        "fetched_at": "2026-11-23T10:00:00Z",
        "peer_ip": "127.0.0.1",
    }
    values.update(changes)
    return Exchange(**values)  # type: ignore[arg-type]


def warcio_records(path: Path) -> list[tuple[str, str | None, object]]:
    """(type, target URI, record headers) for each record; fails on any bad digest."""
    found = []
    with open(path, "rb") as stream:
        for record in WarcioIterator(stream, check_digests="raise"):
            record.content_stream().read()
            assert record.rec_headers.protocol == "WARC/1.1"
            found.append(
                (record.rec_type, record.rec_headers.get_header("WARC-Target-URI"), record)
            )
    return found


def test_written_warc_is_valid_for_warcio_and_fastwarc(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with WarcWriter(path, software="scraper/test") as writer:
        writer.record(exchange(1))
        writer.record(exchange(2, body=b"", status=301, reason="Moved Permanently"))
    records = warcio_records(path)
    assert [(kind, uri) for kind, uri, _ in records] == [
        ("warcinfo", None),
        ("request", f"{SITE}/post-1/?a=1"),
        ("response", f"{SITE}/post-1/?a=1"),
        ("request", f"{SITE}/post-2/?a=1"),
        ("response", f"{SITE}/post-2/?a=1"),
    ]
    request, response = records[1][2], records[2][2]
    assert request.rec_headers.get_header("WARC-Concurrent-To") == response.rec_headers.get_header(
        "WARC-Record-ID"
    )
    assert response.rec_headers.get_header("WARC-IP-Address") == "127.0.0.1"
    assert response.rec_headers.get_header("WARC-Date").startswith("2026-11-23T10:00:00")
    assert response.http_headers.get_header("Content-Encoding") is None
    assert response.http_headers.get_header("Transfer-Encoding") is None
    assert response.http_headers.get_header("Content-Length") == str(len(POST))
    data = path.read_bytes()
    assert b"software: scraper/test" in gzip.decompress(data[: _member_offsets(data)[1]])
    with open(path, "rb") as stream:
        checked = 0
        for record in FastIterator(stream, parse_http=False):
            assert record.verify_block_digest()
            checked += 1
    assert checked == 5
    with open(path, "rb") as stream:
        for record in FastIterator(stream, parse_http=False):
            record.parse_http()
            if record.headers.get("WARC-Type") != "warcinfo":
                assert record.verify_payload_digest()
    pages = list(iter_warc_pages(path))
    assert [p.content for p in pages] == [POST]


def test_every_record_is_its_own_gzip_member(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with WarcWriter(path) as writer:
        for number in range(3):
            writer.record(exchange(number))
    data = path.read_bytes()
    members = _member_offsets(data)
    assert len(members) == 7  # warcinfo, then a request and a response per exchange
    for start, end in zip(members, [*members[1:], len(data)], strict=True):
        assert gzip.decompress(data[start:end]).startswith(b"WARC/1.1\r\n")


def test_a_half_written_record_is_cut_off_when_the_writer_reopens(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with WarcWriter(path) as writer:
        for number in range(3):
            writer.record(exchange(number))
    complete = path.stat().st_size
    # A kill in the middle of writing the fourth exchange leaves part of a gzip member.
    with WarcWriter(tmp_path / "other.warc.gz") as other:
        other.record(exchange(3))
    partial = (tmp_path / "other.warc.gz").read_bytes()
    members = _member_offsets(partial)
    with open(path, "ab") as stream:
        stream.write(partial[members[1] : members[1] + 150])
    assert last_complete_member_end(path) == complete

    with WarcWriter(path) as writer:
        writer.record(exchange(4))
    uris = [uri for kind, uri, _ in warcio_records(path) if kind == "response"]
    assert uris == [f"{SITE}/post-{n}/?a=1" for n in (0, 1, 2, 4)]
    assert [kind for kind, _, _ in warcio_records(path)].count("warcinfo") == 1


def test_a_file_cut_mid_record_reopens_and_appends(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with WarcWriter(path) as writer:
        for number in range(3):
            writer.record(exchange(number))
    os.truncate(path, path.stat().st_size - 40)  # inside the last response record
    with WarcWriter(path) as writer:
        writer.record(exchange(9))
    records = warcio_records(path)
    responses = [uri for kind, uri, _ in records if kind == "response"]
    assert responses == [f"{SITE}/post-0/?a=1", f"{SITE}/post-1/?a=1", f"{SITE}/post-9/?a=1"]
    assert [p.url for p in iter_warc_pages(path)] == responses


def test_rotation_starts_numbered_files_each_with_warcinfo(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with WarcWriter(path, max_bytes=len(gzip.compress(POST)) * 2) as writer:
        for number in range(6):
            writer.record(exchange(number))
    names = sorted(p.name for p in tmp_path.iterdir())
    assert names[0] == "crawl-00001.warc.gz" and "crawl.warc.gz" in names
    assert [p.name for p in writer.paths][:2] == ["crawl.warc.gz", "crawl-00001.warc.gz"]
    urls = []
    for file in writer.paths:
        records = warcio_records(file)
        assert records[0][0] == "warcinfo"
        urls += [uri for kind, uri, _ in records if kind == "response"]
    assert urls == [f"{SITE}/post-{n}/?a=1" for n in range(6)]
    # Reopening continues in the newest file of the series.
    with WarcWriter(path, max_bytes=10**9) as writer:
        writer.record(exchange(7))
    assert writer.paths == [path.with_name(writer.paths[0].name)]
    assert writer.paths[0].name != "crawl.warc.gz"


def test_writer_rejects_a_tiny_size_limit_and_use_after_close(tmp_path: Path) -> None:
    with pytest.raises(InputError):
        WarcWriter(tmp_path / "x.warc.gz", max_bytes=10)
    writer = WarcWriter(tmp_path / "x.warc.gz")
    writer.close()
    with pytest.raises(ArchiveError):
        writer.record(exchange(1))


def test_a_revisit_before_its_original_is_resolved_at_the_end_of_the_file(tmp_path: Path) -> None:
    path = tmp_path / "revisit-first.warc.gz"
    scratch = io.BytesIO()
    original = _response(
        WARCWriter(scratch, gzip=True), f"{SITE}/post/", POST, [("Content-Type", "text/html")]
    )
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=True)
        writer.write_record(
            writer.create_revisit_record(
                f"{SITE}/copy/",
                digest=original.rec_headers.get_header("WARC-Payload-Digest"),
                refers_to_uri=f"{SITE}/post/",
                refers_to_date="2026-11-23T10:00:00Z",
                http_headers=_http("200 OK", [("Content-Type", "text/html")]),
            )
        )
        _response(writer, f"{SITE}/post/", POST, [("Content-Type", "text/html")])
    stats = ArchiveStats()
    pages = list(iter_warc_pages(path, stats=stats))
    assert [p.url for p in pages] == [f"{SITE}/post/", f"{SITE}/copy/"]
    assert pages[1].content == POST and not stats.skipped


_WRITER_LOOP = """
import os, sys
from scraper.models import Exchange
from scraper.archive.warc import WarcWriter
body = os.urandom(1 << 18)  # 256 KiB that does not compress away
writer = WarcWriter(sys.argv[1])
number = 0
while True:
    writer.record(Exchange(url=f"https://blog.example/{number}", method="GET",
        request_headers=(), http_version="HTTP/1.1", status=200, reason="OK",
        response_headers=(("Content-Type", "application/octet-stream"),), body=body,
        fetched_at="2026-11-23T10:00:00Z"))
    number += 1
"""


def test_a_writer_killed_with_sigkill_leaves_a_file_that_reopens_cleanly(tmp_path: Path) -> None:
    path = tmp_path / "killed.warc.gz"
    project = Path(__file__).resolve().parent.parent
    child = subprocess.Popen(
        [sys.executable, "-c", _WRITER_LOOP, str(path)],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project)},
    )
    try:
        while not path.exists() or path.stat().st_size < 2_000_000:
            assert child.poll() is None, "the writer died on its own"
            time.sleep(0.01)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait()
    with WarcWriter(path) as writer:
        writer.record(exchange(1))
    records = warcio_records(path)
    assert records[0][0] == "warcinfo" and records[-1][1] == f"{SITE}/post-1/?a=1"
    assert len([r for r in records if r[0] == "response"]) >= 5


class _Pipe(io.RawIOBase):
    """A stream that can only be read forward, like stdin or a socket."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        chunk = self._data.read(len(buffer))
        buffer[: len(chunk)] = chunk
        return len(chunk)


def test_an_unseekable_stream_is_read_with_resync_and_revisits(tmp_path: Path) -> None:
    path = tmp_path / "other.warc.gz"
    write_other_tool_warc(path)
    data = bytearray(path.read_bytes())
    png_record = _member_offsets(bytes(data))[2]
    data[png_record + 30 : png_record + 60] = b"\x00" * 30
    stats = ArchiveStats()
    pages = list(iter_warc_pages(io.BufferedReader(_Pipe(bytes(data))), stats=stats))
    assert [p.url for p in pages] == [
        f"{SITE}/post/",
        f"{SITE}/saved/",
        f"{SITE}/post/?utm=copy",
        f"{SITE}/listing/",
    ]
    assert stats.skipped["malformed"] == 1
