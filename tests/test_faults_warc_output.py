"""``--warc`` safety with real files and a real crawl on 127.0.0.1: a file that is not ours is
never truncated or appended to, and two crawls never write one WARC at once."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer

from scraper.archive.warc import WarcWriter
from scraper.cli import main
from scraper.errors import ArchiveLocked, ArchiveWriteError

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def crawl_with_warc(server: FaultServer, output: Path, warc: Path) -> int:
    start = server.url("/links", u=[server.url("/article/one")])
    options = ["-o", str(output), "--warc", str(warc), "--delay", "0", "--quiet", "--depth", "1"]
    return main(["crawl", start, *options])


@pytest.mark.parametrize(
    "foreign",
    [
        b"precious notes, not an archive\n" * 100,
        gzip.compress(b"WARC/1.0\r\nWARC-Type: warcinfo\r\n\r\nsoftware: wget/1.21\r\n\r\n"),
        gzip.compress(b"just some gzipped text"),
    ],
    ids=["text", "another-tools-warc", "gzip"],
)
def test_warc_that_is_not_ours_is_refused_and_left_whole(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str], foreign: bytes
) -> None:
    warc = tmp_path / "archive.warc.gz"
    warc.write_bytes(foreign)
    assert crawl_with_warc(server, tmp_path / "out", warc) == 4
    assert warc.read_bytes() == foreign
    error = capsys.readouterr().err.strip()
    assert len(error.splitlines()) == 1
    assert "not a WARC file written by scraper" in error


def test_our_own_warc_is_appended_to_by_the_next_run(server: FaultServer, tmp_path: Path) -> None:
    warc = tmp_path / "archive.warc.gz"
    assert crawl_with_warc(server, tmp_path / "out", warc) == 0
    first = warc.read_bytes()
    assert crawl_with_warc(server, tmp_path / "out2", warc) == 0
    assert warc.read_bytes().startswith(first) and len(warc.read_bytes()) > len(first)


def test_second_writer_on_one_warc_is_refused(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    warc = tmp_path / "shared.warc.gz"
    with WarcWriter(warc):
        with pytest.raises(ArchiveLocked):
            WarcWriter(warc)
        before = warc.read_bytes()
        assert crawl_with_warc(server, tmp_path / "other-output", warc) == 5
        assert warc.read_bytes() == before
    assert "another crawl is writing the WARC file" in capsys.readouterr().err
    WarcWriter(warc).close()  # free again once the first writer closed


def test_warc_path_that_is_a_fifo_or_device_is_refused(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "pipe.warc.gz"
    os.mkfifo(fifo)
    with pytest.raises(ArchiveWriteError):
        WarcWriter(fifo)
    with pytest.raises(ArchiveWriteError):
        WarcWriter("/dev/null")
