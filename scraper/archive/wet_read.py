"""Read the text records of WET files (Common Crawl's plain-text conversions) with FastWARC.

A WET file holds one ``conversion`` record per page: the page's visible text, one block per
line, with the page's address in ``WARC-Target-URI``. Other record types (``warcinfo``) are
skipped. A corrupt stretch ends the file with an ``ArchiveError`` after the records before it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass

from fastwarc.warc import ArchiveIterator, WarcRecordType

from scraper.errors import ArchiveError

__all__ = ["WET_SUFFIXES", "WetRecord", "iter_wet_records"]

WET_SUFFIXES = (".warc.wet.gz", ".warc.wet", ".wet.gz", ".wet")


@dataclass(frozen=True, slots=True)
class WetRecord:
    """One page's text as the WET file gives it."""

    url: str
    date: str | None
    text: str
    offset: int


def iter_wet_records(path: str | os.PathLike[str]) -> Iterator[WetRecord]:
    """Every ``conversion`` record of one WET file (plain or gzipped), in file order."""
    try:
        stream = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except OSError as exc:
        raise ArchiveError(f"cannot open WET file {path}: {exc.strerror}") from exc
    try:
        records = ArchiveIterator(stream, record_types=WarcRecordType.conversion, parse_http=False)
        for record in records:
            uri = (record.headers.get("WARC-Target-URI") or "").strip().strip("<>")
            payload = record.reader.read()
            yield WetRecord(
                url=uri,
                date=record.headers.get("WARC-Date"),
                text=payload.decode("utf-8", "replace"),
                offset=record.stream_pos,
            )
    except BaseException as exc:  # FastWARC's Rust panics are BaseExceptions
        if isinstance(exc, GeneratorExit | KeyboardInterrupt | SystemExit):
            raise
        raise ArchiveError(f"{path}: unreadable WET record ({exc})") from exc
    finally:
        stream.close()
