"""What runs on the workers: split a WARC into record ranges, extract a range, resolve a revisit.

Workers open the archives themselves (a local path on a shared filesystem, or an fsspec URL),
so no archive byte passes through the client. Each function returns small, picklable results:
extracted articles and the facts the client needs to order, de-duplicate and count them, never
the page payloads.
"""

from __future__ import annotations

import contextlib
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from scraper.archive.pipeline import ExtractSettings, extract_chunk
from scraper.archive.stats import ArchiveStats
from scraper.archive.warc_read import (
    PathOrStream,
    RangeRecord,
    RevisitRef,
    WarcPageReader,
    iter_record_offsets,
)
from scraper.errors import ArchiveError
from scraper.models import Article, Page

__all__ = [
    "PageResult",
    "PlanPiece",
    "RangeOutput",
    "RecordRange",
    "extract_range",
    "plan_ranges",
    "resolve_revisit",
]

_GZIP_MAGIC = b"\x1f\x8b"
_WARC_START = b"WARC/"


@dataclass(frozen=True, slots=True)
class RecordRange:
    """Records starting in ``[start, end)`` (``end`` None: to the end); ``last`` is the offset of
    the last of them, the resume position once the range's articles are handed over."""

    start: int
    end: int | None
    last: int


@dataclass(frozen=True, slots=True)
class PageResult:
    """One HTML page of a range: the extractor's answer and the facts about its record."""

    offset: int
    final_url: str
    status: int | None
    fetched_at: str
    content_hash: str
    record_id: str | None
    digest: str | None
    result: Article | str | None  # an Article kept, None for another page kind, str an error


@dataclass(slots=True)
class RangeOutput:
    """A range's pages and unresolved revisits in record order, and the reader's counters."""

    entries: list[PageResult | RangeRecord] = field(default_factory=list)
    counts: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class PlanPiece:
    """Some ranges of a file, and where the next piece starts (None: the file is planned)."""

    ranges: list[RecordRange]
    next_start: int | None


def plan_ranges(
    location: str, records_per_range: int, start: int = 0, max_ranges: int | None = None
) -> PlanPiece:
    """Cut a WARC, from the record at ``start`` on, into ranges of ``records_per_range``
    records, at most ``max_ranges`` of them.

    A pass with FastWARC over the records: far cheaper than extracting them, and it lets one
    huge file spread over every worker. Planned piece by piece, so the first ranges of a huge
    file are extracted while the rest is still being planned. Raises ``ArchiveError`` when the
    file does not start like a WARC (plain or gzipped), so a wrong file is reported rather
    than read as empty.
    """
    limit = None if max_ranges is None else max_ranges * records_per_range + 1
    with _opened(location) as source:
        if start == 0:
            _check_warc(source, location)
        offsets = list(itertools.islice(iter_record_offsets(source, start), limit))
    next_start = None
    if limit is not None and len(offsets) == limit:
        next_start = offsets.pop()
    ranges = []
    for first in range(0, len(offsets), records_per_range):
        chunk = offsets[first : first + records_per_range]
        following = first + records_per_range
        end = offsets[following] if following < len(offsets) else next_start
        ranges.append(RecordRange(chunk[0], end, chunk[-1]))
    return PlanPiece(ranges, next_start)


def extract_range(
    location: str, start: int, end: int | None, after: int | None, settings: ExtractSettings
) -> RangeOutput:
    """Read and extract the pages of one record range (records past ``after`` only)."""
    stats = ArchiveStats()
    reader = WarcPageReader(stats=stats)
    with _opened(location) as source:
        records = list(reader.read_range(source, start, end, after))
    pages = [record.page for record in records if record.page is not None]
    results = iter(extract_chunk(_jobs(pages), settings))
    output = RangeOutput(counts=_counts(stats))
    for record in records:
        if record.page is None:
            output.entries.append(record)
        else:
            output.entries.append(_result(record, record.page, next(results)))
    return output


def resolve_revisit(
    location: str, offset: int, revisit: RevisitRef, settings: ExtractSettings
) -> tuple[PageResult | None, dict[str, Any]]:
    """The page a revisit stands for, read from its original at ``offset``, extracted."""
    stats = ArchiveStats()
    reader = WarcPageReader(stats=stats)
    with _opened(location) as source:
        page = reader.page_at(source, offset, revisit.url, revisit.date)
    if page is None:
        return None, _counts(stats)
    [result] = extract_chunk(_jobs([page]), settings)
    return _result(RangeRecord(offset), page, result), _counts(stats)


def _jobs(pages: list[Page]) -> list[tuple[str, bytes, str | None]]:
    return [(page.final_url, page.content, page.encoding) for page in pages]


def _result(record: RangeRecord, page: Page, result: Article | str | None) -> PageResult:
    return PageResult(
        offset=record.offset,
        final_url=page.final_url,
        status=page.status,
        fetched_at=page.fetched_at,
        content_hash=page.content_hash,
        record_id=record.record_id,
        digest=record.digest,
        result=result,
    )


def _counts(stats: ArchiveStats) -> dict[str, Any]:
    return {
        "records": stats.records,
        "pages": stats.pages,
        "bytes_read": stats.bytes_read,
        "skipped": dict(stats.skipped),
    }


@contextlib.contextmanager
def _opened(location: str) -> Iterator[PathOrStream]:
    """A local path as it is (the reader opens it); an fsspec URL opened by fsspec."""
    if "://" not in location:
        yield location
        return
    import fsspec

    try:
        opened = fsspec.open(location, "rb").open()
    except (OSError, ValueError, ImportError) as exc:
        raise ArchiveError(f"cannot open WARC {location}: {exc}") from exc
    try:
        yield opened
    finally:
        opened.close()


def _check_warc(source: PathOrStream, location: str) -> None:
    try:
        if isinstance(source, str):
            with open(source, "rb") as stream:
                head = _head(stream)
        else:
            head = _head(source)
            source.seek(0)
    except OSError as exc:
        raise ArchiveError(f"cannot read WARC {location}: {exc.strerror or exc}") from exc
    if not head.startswith((_GZIP_MAGIC, _WARC_START)):
        raise ArchiveError(f"{location}: not a WARC file (no WARC record at its start)")


def _head(stream: IO[bytes]) -> bytes:
    return stream.read(len(_WARC_START))
