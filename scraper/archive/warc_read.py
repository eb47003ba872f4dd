"""Read HTML pages out of WARC files with FastWARC, skipping (and counting) what is not a page.

Every ``response``, ``resource`` and ``conversion`` (a page as a browser rendered it, written
by ``scraper crawl --render``) record whose payload is HTML becomes a ``Page``; ``revisit``
records are resolved to the payload they point at when that payload is in the files being read.
Non-HTML, non-2xx, truncated and malformed records are counted in ``ArchiveStats.skipped`` and
never stop the run: after a corrupt record the reader resynchronises on the next record start.

FastWARC frames the records and parses the HTTP headers; the payload's transfer and content
codings are undone here (``auto_decode`` in FastWARC 2.0.1 silently ends iteration after the
first gzip-encoded payload, so it is not used).
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import IO, Any

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from scraper.archive.inputs import InputRefused, is_warc_data, open_regular
from scraper.archive.payload import PayloadTooLarge, decode_payload
from scraper.archive.stats import ArchiveStats, SkipReason
from scraper.config import DEFAULT_MAX_BODY_BYTES
from scraper.errors import ArchiveError
from scraper.extractor import decode_html
from scraper.extractor.decode import charset_from_content_type, looks_binary
from scraper.models import Page

__all__ = [
    "ArchiveItem",
    "PathOrStream",
    "RangeRecord",
    "RevisitRef",
    "WarcPageReader",
    "iter_record_offsets",
    "iter_warc_pages",
    "source_key",
]

PathOrStream = str | os.PathLike[str] | IO[bytes]

log = logging.getLogger("scraper.archive")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_SNIFF_TYPES = frozenset({"", "application/octet-stream", "text/plain", "unk", "unknown"})
_PAGE_TYPES = (
    WarcRecordType.response
    | WarcRecordType.resource
    | WarcRecordType.conversion
    | WarcRecordType.revisit
)
_HEADERLESS_TYPES = WarcRecordType.resource | WarcRecordType.conversion
_GZIP_MAGIC = b"\x1f\x8b\x08"
_WARC_MAGIC = b"WARC/1."
_SCAN_BLOCK = 1 << 20
_HTTP_HEAD_ROOM = 1 << 20  # a record holds the HTTP head too, besides the payload


@dataclass(frozen=True, slots=True)
class ArchiveItem:
    """One step of reading a source: a page at ``position``, or (``page=None``) the source's end.

    ``position`` lets a run resume: a WARC record's byte offset, or a mirror file's path.
    """

    source: str
    position: int | str
    page: Page | None


@dataclass(frozen=True, slots=True)
class RevisitRef:
    """A revisit met in a byte range, resolved later by whoever sees every range in order."""

    url: str
    date: datetime | None
    refers_to: str | None
    digest: str | None


@dataclass(frozen=True, slots=True)
class RangeRecord:
    """One record of a byte range: a page (with the ids a revisit may point at) or a revisit."""

    offset: int
    page: Page | None = None
    record_id: str | None = None
    digest: str | None = None
    revisit: RevisitRef | None = None


@dataclass(slots=True)
class _Location:
    """A record's place: its file (reopened to read it) or, for a stream source, the stream."""

    path: str
    offset: int
    stream: IO[bytes] | None = None


@dataclass(slots=True)
class _RevisitIndex:
    """Where each HTML payload lives, by payload digest and record id, to resolve revisits."""

    by_digest: dict[str, _Location] = field(default_factory=dict)
    by_record_id: dict[str, _Location] = field(default_factory=dict)

    def add(self, record: WarcRecord, location: _Location) -> None:
        digest = record.headers.get("WARC-Payload-Digest")
        if digest:
            self.by_digest.setdefault(digest, location)
        record_id = record.headers.get("WARC-Record-ID")
        if record_id:
            self.by_record_id[record_id] = location

    def find(self, revisit: WarcRecord) -> _Location | None:
        refers_to = revisit.headers.get("WARC-Refers-To")
        if refers_to and refers_to in self.by_record_id:
            return self.by_record_id[refers_to]
        digest = revisit.headers.get("WARC-Payload-Digest")
        return self.by_digest.get(digest) if digest else None


def source_key(source: PathOrStream) -> str:
    """A stable name for a source in the resume table: its absolute path, or the stream's name."""
    if isinstance(source, str | os.PathLike):
        return str(Path(source).resolve())
    return str(getattr(source, "name", f"<stream {id(source)}>"))


def iter_warc_pages(source: PathOrStream, *, stats: ArchiveStats | None = None) -> Iterator[Page]:
    """Every HTML page in one WARC file (path, ``.warc`` or ``.warc.gz``) or binary stream.

    Pages carry the decoded payload in ``content`` and its text in ``html``; ``fetched_at`` is the
    record's WARC-Date and ``content_hash`` the payload's SHA-256. Raises ``ArchiveError`` only if
    the source cannot be opened at all.
    """
    reader = WarcPageReader(stats=stats, decode_text=True)
    for item in reader.iter_items([source]):
        if item.page is not None:
            yield item.page


def iter_record_offsets(source: PathOrStream, start: int = 0) -> Iterator[int]:
    """The offset of every record the reader would look at from the record at ``start`` on, to
    split a file into byte ranges."""
    with _open(source) as stream:
        for offset, _record, _payload in _resilient_records(stream, start, ArchiveStats()):
            yield offset


class WarcPageReader:
    """Reads pages from several WARC sources in order, sharing one revisit index between them."""

    def __init__(
        self,
        *,
        stats: ArchiveStats | None = None,
        decode_text: bool = False,
        max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    ) -> None:
        self.stats = stats if stats is not None else ArchiveStats()
        self.decode_text = decode_text
        self.max_bytes = max_bytes
        self._index = _RevisitIndex()
        self._stream: IO[bytes] | None = None
        self._seen: set[bytes] = set()

    def iter_items(
        self, sources: Iterable[PathOrStream], resume_from: Mapping[str, int | str] | None = None
    ) -> Iterator[ArchiveItem]:
        """Pages of every source in order, each source closed by an item with ``page=None``.

        ``resume_from`` maps a source key to the offset of the last record already handled; the
        reader seeks past it. A source mapped to ``"done"`` is skipped entirely.
        """
        resume_from = resume_from or {}
        for source in sources:
            key = source_key(source)
            done_at = resume_from.get(key)
            if done_at == "done":
                continue
            start = int(done_at) if done_at is not None else None
            yield from self._iter_source(source, key, start)
            yield ArchiveItem(key, "done", None)

    def read_range(
        self, source: PathOrStream, start: int, end: int | None, after: int | None = None
    ) -> Iterator[RangeRecord]:
        """The pages and revisits of the records starting in ``[start, end)``, past ``after``.

        For reading one file in pieces on several machines: ``start`` must be a record offset
        from ``iter_record_offsets``. Revisits are not resolved here (their original may be in
        another piece); ``page_at`` reads an original once the caller has found it.
        """
        with _open(source) as stream:
            for offset, record, payload in _resilient_records(stream, start, self.stats):
                if end is not None and offset >= end:
                    return
                if after is not None and offset <= after:
                    continue
                target = self._target(record, payload)
                if target is None or payload is None:
                    continue
                url, date = target
                headers = record.headers
                if record.record_type == WarcRecordType.revisit:
                    refers_to = headers.get("WARC-Refers-To")
                    digest = headers.get("WARC-Payload-Digest")
                    yield RangeRecord(offset, revisit=RevisitRef(url, date, refers_to, digest))
                    continue
                page = self._page(record, payload, url, date)
                if page is not None:
                    record_id, digest = (
                        headers.get("WARC-Record-ID"),
                        headers.get("WARC-Payload-Digest"),
                    )
                    yield RangeRecord(offset, page, record_id, digest)

    def page_at(
        self, source: PathOrStream, offset: int, url: str, date: datetime | None
    ) -> Page | None:
        """What a resolved revisit stands for: the record at ``offset``, under its URL and date."""
        try:
            with _open(source) as stream:
                return self._read_original(stream, offset, url, date)
        except (OSError, ArchiveError):
            self.stats.skip(SkipReason.REVISIT_UNRESOLVED)
            return None

    def _iter_source(
        self, source: PathOrStream, key: str, after: int | None
    ) -> Iterator[ArchiveItem]:
        deferred: list[tuple[int, dict[str, str], datetime | None, str]] = []
        with _open(source) as stream:
            self._stream = None if isinstance(source, str | os.PathLike) else stream
            start = after if after is not None else _position(stream)
            records = _resilient_records(stream, start, self.stats, self.max_bytes)
            for offset, record, payload in records:
                if after is not None and offset <= after:
                    continue
                try:
                    page = self._to_page(record, payload, key, offset, deferred)
                except Exception as exc:  # one record fails, the archive goes on
                    log.warning(
                        "%s: record at %d skipped (%s: %s)", key, offset, type(exc).__name__, exc
                    )
                    self.stats.skip(SkipReason.MALFORMED)
                    continue
                if page is not None:
                    yield ArchiveItem(key, offset, page)
        for offset, headers, date, url in deferred:
            page = self._resolve_revisit(headers, date, url)
            if page is not None:
                yield ArchiveItem(key, offset, page)

    def _to_page(
        self,
        record: WarcRecord,
        payload: bytes | None,
        key: str,
        offset: int,
        deferred: list[tuple[int, dict[str, str], datetime | None, str]],
    ) -> Page | None:
        target = self._target(record, payload)
        if target is None or payload is None:
            return None
        url, date = target
        if record.record_type == WarcRecordType.revisit:
            location = self._index.find(record)
            if location is None:
                deferred.append((offset, dict(record.headers.items()), date, url))
                return None
            return self._page_from_location(location, url, date)
        page = self._page(record, payload, url, date)
        if page is not None:
            self._index.add(record, _Location(key, offset, self._stream))
        return page

    def _target(
        self, record: WarcRecord, payload: bytes | None
    ) -> tuple[str, datetime | None] | None:
        """Count the record; its URL and date if it may hold a page, else None (counted why)."""
        stats = self.stats
        stats.records += 1
        if payload is None:
            stats.skip(SkipReason.TRUNCATED)
            return None
        stats.bytes_read += len(payload)
        if not record.record_type & _PAGE_TYPES:
            stats.skip(SkipReason.OTHER_RECORD)
            return None
        if record.headers.get("WARC-Truncated"):
            stats.skip(SkipReason.TRUNCATED)
            return None
        url = _target_uri(record)
        if not url:
            stats.skip(SkipReason.MALFORMED)
            return None
        return url, _record_date(record)

    def _page(
        self, record: WarcRecord, payload: bytes, url: str, date: datetime | None
    ) -> Page | None:
        stats = self.stats
        if record.record_type & _HEADERLESS_TYPES:
            status = 200
            headers: dict[str, str] = {"content-type": record.headers.get("Content-Type", "")}
        else:
            http = record.http_headers if record.is_http_parsed else None
            status = http.status_code if http is not None else None
            if http is None or status is None:
                stats.skip(SkipReason.MALFORMED)
                return None
            headers = {}
            for name, value in http.items():
                lower = name.lower()
                headers[lower] = f"{headers[lower]}, {value}" if lower in headers else value
        if not 200 <= status < 300:
            stats.skip(SkipReason.STATUS)
            return None
        try:
            content = decode_payload(
                payload,
                headers.get("transfer-encoding"),
                headers.get("content-encoding"),
                limit=self.max_bytes,
            )
        except PayloadTooLarge:
            stats.skip(SkipReason.TOO_LARGE)
            return None
        content_type = headers.get("content-type", "")
        if not _is_html(content_type, content):
            stats.skip(SkipReason.NOT_HTML)
            return None
        content_hash = hashlib.sha256(content).hexdigest() if content else ""
        fingerprint = hashlib.sha256(f"{url}\n{content_hash}".encode()).digest()[:16]
        if fingerprint in self._seen:
            stats.skip(SkipReason.DUPLICATE)
            return None
        self._seen.add(fingerprint)
        charset = charset_from_content_type(content_type)
        html, encoding = decode_html(content, charset) if self.decode_text else ("", charset)
        stats.pages += 1
        return Page(
            url=url,
            final_url=url,
            status=status,
            headers=headers,
            content=content,
            html=html,
            content_type=content_type,
            encoding=encoding,
            fetched_at=_iso(date),
            content_hash=content_hash,
        )

    def _page_from_location(
        self, location: _Location, url: str, date: datetime | None
    ) -> Page | None:
        """The page a revisit stands for: the original's payload under the revisit's URL/date.

        Counted as unresolved only when the original cannot be read; an original that is not an
        HTML page is counted (and skipped) for that reason instead.
        """
        try:
            if location.stream is not None:
                saved = location.stream.tell()
                try:
                    return self._read_original(location.stream, location.offset, url, date)
                finally:
                    location.stream.seek(saved)
            with open(location.path, "rb") as stream:
                return self._read_original(stream, location.offset, url, date)
        except OSError:
            self.stats.skip(SkipReason.REVISIT_UNRESOLVED)
            return None

    def _read_original(
        self, stream: IO[bytes], offset: int, url: str, date: datetime | None
    ) -> Page | None:
        stream.seek(offset)
        for record in ArchiveIterator(stream, parse_http=True, auto_decode="none"):
            payload = _read_payload(record, self.max_bytes)
            if payload is not None:
                return self._page(record, payload, url, date)
            break
        self.stats.skip(SkipReason.REVISIT_UNRESOLVED)
        return None

    def _resolve_revisit(
        self, headers: dict[str, str], date: datetime | None, url: str
    ) -> Page | None:
        refers_to = headers.get("WARC-Refers-To")
        digest = headers.get("WARC-Payload-Digest")
        location = (self._index.by_record_id.get(refers_to) if refers_to else None) or (
            self._index.by_digest.get(digest) if digest else None
        )
        if location is None:
            self.stats.skip(SkipReason.REVISIT_UNRESOLVED)
            return None
        return self._page_from_location(location, url, date)


class _open:
    """Context manager: a path is opened (and closed); a seekable stream is used as it is.

    An unseekable stream (a pipe, stdin) is first spooled to a temporary file: FastWARC 2.0.1
    needs ``seek``, and so do resynchronising after a corrupt record and resolving revisits.
    """

    def __init__(self, source: PathOrStream) -> None:
        self.source = source
        self.owned: IO[bytes] | None = None

    def __enter__(self) -> IO[bytes]:
        if isinstance(self.source, str | os.PathLike):
            try:
                fd = open_regular(self.source)
            except InputRefused as exc:
                raise ArchiveError(f"cannot open WARC file {exc}") from exc
            self.owned = os.fdopen(fd, "rb")
            head = self.owned.read(4096)
            self.owned.seek(0)
            if head and not is_warc_data(head):
                self.owned.close()
                raise ArchiveError(f"{self.source}: not a WARC file (no WARC record at its start)")
            return self.owned
        if _seekable(self.source):
            return self.source
        self.owned = tempfile.TemporaryFile()
        try:
            shutil.copyfileobj(self.source, self.owned, _SCAN_BLOCK)
        except OSError as exc:
            self.owned.close()
            raise ArchiveError(f"cannot read WARC stream: {exc}") from exc
        self.owned.seek(0)
        return self.owned

    def __exit__(self, *exc_info: Any) -> None:
        if self.owned is not None:
            self.owned.close()


def _seekable(stream: IO[bytes]) -> bool:
    try:
        return bool(stream.seekable())
    except (AttributeError, OSError, ValueError):
        return False


def _resilient_records(
    stream: IO[bytes], start: int, stats: ArchiveStats, max_bytes: int = DEFAULT_MAX_BODY_BYTES
) -> Iterator[tuple[int, WarcRecord, bytes | None]]:
    """(offset, record, payload) for each record; payload None if the record is truncated.

    A record longer than ``max_bytes`` (plus room for its HTTP head) is counted as too large and
    never read into memory.

    On a framing or decompression error the rest of the stream is scanned for the next record
    start, so one corrupt record costs only itself. Unseekable streams stop at the error.
    """
    seekable = _seekable(stream)
    gzipped = _looks_gzipped(stream, start) if seekable else False
    offset = start
    resyncing = False
    while True:
        if seekable:
            stream.seek(offset)
        last = offset
        read_any = False
        try:
            records = ArchiveIterator(
                stream, record_types=_PAGE_TYPES, parse_http=True, auto_decode="none"
            )
            for record in records:
                position = record.stream_pos
                if position < offset:
                    position += offset
                last = position
                read_any = True
                if record.content_length > max_bytes + _HTTP_HEAD_ROOM:
                    stats.records += 1
                    stats.skip(SkipReason.TOO_LARGE)
                    continue
                yield position, record, _read_payload(record, max_bytes)
            return
        except BaseException as exc:  # FastWARC's Rust panics are BaseExceptions
            if not _is_read_error(exc):
                raise
            if read_any or not resyncing:
                stats.skip(SkipReason.MALFORMED)  # one count per corrupt stretch
            resyncing = True
            if not seekable:
                return
            following = _find_record_start(stream, last + 1, gzipped)
            if following is None:
                return
            offset = following


def _is_read_error(exc: BaseException) -> bool:
    """A corrupt or unreadable record (not Ctrl-C, not the consumer closing the generator)."""
    return isinstance(exc, OSError | ValueError) or type(exc).__name__ == "PanicException"


def _position(stream: IO[bytes]) -> int:
    """Where a stream is now (a caller may hand over a stream not at its start), else 0."""
    try:
        return stream.tell() if _seekable(stream) else 0
    except (AttributeError, OSError):
        return 0


def _read_payload(record: WarcRecord, max_bytes: int = DEFAULT_MAX_BODY_BYTES) -> bytes | None:
    """The rest of the record's block, or None when it is shorter than its Content-Length (or
    longer than the bound)."""
    if record.headers.get("Content-Length") is None:
        return None
    expected = record.content_length
    if expected > max_bytes + _HTTP_HEAD_ROOM:
        return None
    payload = record.reader.read(expected)
    if len(payload) < expected:
        return None
    return payload


def _looks_gzipped(stream: IO[bytes], start: int) -> bool:
    stream.seek(start)
    head = stream.read(3)
    stream.seek(start)
    return head == _GZIP_MAGIC


def _find_record_start(stream: IO[bytes], begin: int, gzipped: bool) -> int | None:
    """The offset of the next gzip member (or ``WARC/1.`` line) at or after ``begin``."""
    magic = _GZIP_MAGIC if gzipped else _WARC_MAGIC
    position = begin
    carry = b""
    while True:
        stream.seek(position)
        block = stream.read(_SCAN_BLOCK)
        if not block:
            return None
        data = carry + block
        base = position - len(carry)
        found = data.find(magic)
        while found >= 0:
            if gzipped or (found == 0 and base == 0) or data[found - 1 : found] == b"\n":
                return base + found
            found = data.find(magic, found + 1)
        carry = data[-(len(magic) - 1) :]
        position += len(block)


def _target_uri(record: WarcRecord) -> str:
    uri = record.headers.get("WARC-Target-URI") or ""
    return uri.strip().removeprefix("<").removesuffix(">")


def _record_date(record: WarcRecord) -> datetime | None:
    try:
        return record.record_date
    except (ValueError, OSError):
        return None


def _iso(date: datetime | None) -> str:
    if date is None:
        return ""
    if date.tzinfo is not None:
        date = date.astimezone(UTC)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


def _is_html(content_type: str, content: bytes) -> bool:
    if content and looks_binary(content):
        return False  # an image or PDF archived as text/html is no page
    media = content_type.split(";", 1)[0].strip().lower()
    if media in HTML_TYPES:
        return True
    if media not in _SNIFF_TYPES or not content:
        return False
    head = content[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<html" in head
