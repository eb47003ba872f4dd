"""Saved-page input with real files: FIFOs, devices, symlinks, a 2 GiB sparse file, a compression
bomb inside a tiny WARC, a non-WARC named ``.warc.gz`` and binary files saved as ``.html``.

Each input path is checked for what it is before it is read (regular file, size, signature), with
the fetcher's size and decompression bounds; a bad input fails alone and the good articles around
it are still output.
"""

from __future__ import annotations

import json
import os
import tracemalloc
from pathlib import Path

import pytest
from faultserver import PARAGRAPHS, article_html, gzip_bomb

from scraper.archive.stats import ArchiveStats
from scraper.archive.warc import iter_warc_articles
from scraper.cli import main

pytestmark = pytest.mark.timeout(60)

SITE = "https://blog.example"
GIB = 1024 * 1024 * 1024


def write_page(path: Path, title: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(article_html(title), encoding="utf-8")
    return path


def output_titles(capsys: pytest.CaptureFixture[str]) -> list[str]:
    out = capsys.readouterr().out.strip()
    if not out:
        return []
    if out.startswith("{\n"):
        return [json.loads(out)["title"]]
    return [json.loads(line)["title"] for line in out.splitlines()]


def test_fifo_device_and_sparse_file_fail_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    good = write_page(tmp_path / "good.html", "Good one")
    fifo = tmp_path / "pipe.html"
    os.mkfifo(fifo)
    device = tmp_path / "zero.html"
    device.symlink_to("/dev/zero")
    sparse = tmp_path / "sparse.html"
    with open(sparse, "wb") as handle:
        handle.truncate(2 * GIB)  # no blocks on disk; reading it whole would take 2 GiB
    later = write_page(tmp_path / "later.html", "Good two")
    inputs = [str(p) for p in (good, fifo, device, sparse, later)]
    assert main(["extract", *inputs, "-q"]) == 1
    captured = capsys.readouterr()
    titles = [json.loads(line)["title"] for line in captured.out.splitlines()]
    assert titles == ["Good one", "Good two"]
    assert "a FIFO" in captured.err and "a device" in captured.err
    assert "over the" in captured.err  # the sparse file: refused by its size, never read


def test_mirror_skips_fifos_devices_outside_links_and_binaries(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    mirror = tmp_path / "mirror"
    write_page(mirror / "2020" / "first.html", "First post")
    write_page(mirror / "2020" / "second.html", "Second post")
    os.mkfifo(mirror / "2020" / "fifo.html")
    (mirror / "2020" / "random.html").symlink_to("/dev/urandom")
    secret = write_page(tmp_path / "outside" / "secret.html", "Outside the mirror")
    (mirror / "2020" / "leak.html").symlink_to(secret)
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4096)
    (mirror / "2020" / "image.html").write_bytes(png)
    with open(mirror / "2020" / "huge.html", "wb") as handle:
        handle.truncate(2 * GIB)
    out = tmp_path / "out"
    code = main(["extract", str(mirror), "--base-url", SITE + "/", "-o", str(out), "-q"])
    assert code == 0
    titles = sorted(
        json.loads(p.read_text("utf-8"))["title"] for p in out.rglob("*.json") if p.is_file()
    )
    assert titles == ["First post", "Second post"]


def test_binary_saved_as_html_is_not_an_article(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    for index in range(4):
        write_page(folder / f"post{index}.html", f"Post {index}")
    (folder / "photo.html").write_bytes(b"\xff\xd8\xff\xe0\x00\x10JFIF" + os.urandom(20000))
    (folder / "doc.html").write_bytes(b"%PDF-1.7\n" + os.urandom(20000))
    assert main(["extract", str(folder), "-j", "1", "-q"]) == 1
    captured = capsys.readouterr()
    titles = sorted(json.loads(line)["title"] for line in captured.out.splitlines())
    assert titles == [f"Post {index}" for index in range(4)]
    assert "binary data" in captured.err


def warc_record(url: str, http_head: bytes, payload: bytes) -> bytes:
    block = http_head + payload
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\n"
        f"WARC-Target-URI: {url}\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(url)):032x}>\r\n"
        "Content-Type: application/http;msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def page_record(url: str, title: str) -> bytes:
    body = article_html(title).encode()
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(body)}\r\n\r\n"
    return warc_record(url, http.encode(), body)


def test_compression_bomb_in_a_tiny_warc_is_bounded(tmp_path: Path) -> None:
    bomb = gzip_bomb(GIB)  # about 1 MB that inflates to 1 GiB
    http = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n"
        f"Content-Length: {len(bomb)}\r\n\r\n"
    ).encode()
    warc = tmp_path / "bomb.warc"
    warc.write_bytes(
        page_record(f"{SITE}/before/", "Before the bomb")
        + warc_record(f"{SITE}/bomb/", http, bomb)
        + page_record(f"{SITE}/after/", "After the bomb")
    )
    stats = ArchiveStats()
    tracemalloc.start()
    try:
        titles = [item.article.title for item in iter_warc_articles(warc, stats=stats)]
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert titles == ["Before the bomb", "After the bomb"]
    assert stats.skipped["too-large"] == 1
    assert peak < 100 * 1024 * 1024


def test_huge_record_in_a_warc_is_skipped_unread(tmp_path: Path) -> None:
    warc = tmp_path / "huge.warc"
    with open(warc, "wb") as handle:
        handle.write(page_record(f"{SITE}/one/", "One"))
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        size = len(http) + GIB
        handle.write(
            (
                "WARC/1.0\r\nWARC-Type: response\r\n"
                f"WARC-Target-URI: {SITE}/huge/\r\nWARC-Date: 2024-01-01T00:00:00Z\r\n"
                "Content-Type: application/http;msgtype=response\r\n"
                f"Content-Length: {size}\r\n\r\n"
            ).encode()
            + http
        )
        handle.seek(GIB, os.SEEK_CUR)  # a sparse gigabyte of payload
        handle.write(b"\r\n\r\n" + page_record(f"{SITE}/two/", "Two"))
    stats = ArchiveStats()
    titles = [item.article.title for item in iter_warc_articles(warc, stats=stats)]
    assert titles == ["One", "Two"]
    assert stats.skipped["too-large"] == 1


def test_a_file_named_warc_gz_that_is_no_warc_is_a_clear_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    fake = tmp_path / "crawl.warc.gz"
    fake.write_text(" ".join(PARAGRAPHS), encoding="utf-8")
    assert main(["extract", str(fake)]) == 2
    error = capsys.readouterr().err.strip()
    assert "not a WARC file" in error and len(error.splitlines()) == 1
    good = write_page(tmp_path / "good.html", "Still read")
    assert main(["extract", str(fake), str(good)]) == 1
    assert output_titles(capsys) == ["Still read"]


# A page of 300,000 short paragraphs: about 2.4 s of CPU to extract, five times the budget,
# while an ordinary page takes a few milliseconds in a worker that starts with the models
# loaded (archive/warmup.py): the budget sits far from both, so a busy machine does not
# turn an ordinary page into a timed-out one.
SLOW_PAGE = (
    "<html><body><article>" + "<p>one two three</p>\n" * 300_000 + "</article></body></html>"
)
SLOW_BUDGET = "0.5"


def test_saved_page_over_its_extraction_budget_fails_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "pages"
    for index in range(4):
        write_page(folder / f"post{index}.html", f"Post {index}")
    (folder / "slow.html").write_text(SLOW_PAGE, encoding="utf-8")
    code = main(["extract", str(folder), "-j", "2", "-q", "--extract-timeout", SLOW_BUDGET])
    assert code == 1
    captured = capsys.readouterr()
    titles = sorted(json.loads(line)["title"] for line in captured.out.splitlines())
    assert titles == [f"Post {index}" for index in range(4)]
    assert "slow.html" in captured.err and "timed out" in captured.err


def test_archived_page_over_its_extraction_budget_fails_alone(tmp_path: Path) -> None:
    huge = SLOW_PAGE.encode()
    http = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(huge)}\r\n\r\n"
    warc = tmp_path / "slow.warc"
    warc.write_bytes(
        page_record(f"{SITE}/before/", "Before the slow page")
        + warc_record(f"{SITE}/slow/", http.encode(), huge)
        + page_record(f"{SITE}/after/", "After the slow page")
    )
    stats = ArchiveStats()
    articles = iter_warc_articles(warc, stats=stats, timeout=float(SLOW_BUDGET))
    titles = [item.article.title for item in articles]
    assert titles == ["Before the slow page", "After the slow page"]
    assert stats.skipped["extract-timed-out"] == 1
