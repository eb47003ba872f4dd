"""Write every HTTP exchange of a crawl to standard WARC 1.1 files that survive being killed.

Each record is its own gzip member, appended with one ``write`` then flushed and fsynced, so a
kill can only ever leave the last member half-written; reopening the file (a resumed crawl)
finds the end of the last complete member and truncates the rest before appending. Files are
rotated at ``max_bytes``: ``crawl.warc.gz``, then ``crawl-00001.warc.gz``, ``crawl-00002...``.

The fetcher hands over bodies after content decoding, so the stored response headers are
rewritten to match what is stored: ``Content-Encoding`` and ``Transfer-Encoding`` are dropped
and ``Content-Length`` is set to the stored length; the original values are kept as
``X-Archive-Orig-Content-Encoding`` (and so on), the convention other archiving tools use.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import hashlib
import os
import stat
import threading
import uuid
import zlib
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from scraper._version import __version__
from scraper.errors import ArchiveError, ArchiveLocked, ArchiveWriteError, InputError
from scraper.models import Exchange

__all__ = ["DEFAULT_MAX_BYTES", "WarcWriter", "last_complete_member_end"]

DEFAULT_MAX_BYTES = 1 << 30
_REWRITTEN_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_GZIP_MAGIC = b"\x1f\x8b\x08"
_TAIL_BLOCK = 1 << 20
# Responses remembered for a later ``conversion`` record's WARC-Refers-To (rendering follows
# the fetch of its page closely, so a short memory is enough).
_RECENT_RESPONSES = 1024
_OWNER_CHECK_BYTES = 64 * 1024


class WarcWriter:
    """An ``ExchangeRecorder`` writing request/response record pairs to rotating WARC files.

    ``path`` names the first file (``.warc.gz`` is the convention; records are gzipped either
    way). Reopening an existing file appends to the newest file of its rotation series.
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        software: str = f"scraper/{__version__}",
    ) -> None:
        if max_bytes < 1024:
            raise InputError("WARC max size must be at least 1 KiB")
        self.path = Path(path)
        self.max_bytes = max_bytes
        self.software = software
        self.paths: list[Path] = []
        self._lock = threading.Lock()
        self._fd: int | None = None
        self._size = 0
        self._warcinfo_id = ""
        self._sequence = 0
        self._stem, self._suffix = _split_name(self.path.name)
        self._recent: dict[str, str] = {}
        self._open_newest()

    # --- the ExchangeRecorder protocol ---------------------------------------------------------

    def record(self, exchange: Exchange) -> None:
        """Append the exchange as a request and a response record, durably."""
        response_id = _record_id()
        request_id = _record_id()
        date = _warc_date(exchange.fetched_at)
        response = self._response_record(exchange, response_id, date)
        request = self._request_record(exchange, request_id, response_id, date)
        with self._lock:
            if self._fd is None:
                raise ArchiveError(f"WARC writer for {self.path} is closed")
            data = request + response
            if self._size > 0 and self._size + len(data) > self.max_bytes:
                self._rotate()
            self._append(data)
            self._recent[exchange.url] = response_id
            if len(self._recent) > _RECENT_RESPONSES:
                del self._recent[next(iter(self._recent))]

    def record_conversion(self, url: str, body: bytes, content_type: str) -> None:
        """Append another form of ``url``'s content (the DOM a browser built) as a
        ``conversion`` record referring to the page's response record, durably."""
        headers = [
            ("WARC-Type", "conversion"),
            ("WARC-Record-ID", _record_id()),
            ("WARC-Date", _warc_date("")),
            ("WARC-Target-URI", url),
            ("WARC-Warcinfo-ID", self._warcinfo_id),
        ]
        with self._lock:
            if self._fd is None:
                raise ArchiveError(f"WARC writer for {self.path} is closed")
            refers_to = self._recent.get(url)
            if refers_to:
                headers.append(("WARC-Refers-To", refers_to))
            digest = _sha1_digest(body)  # the block is the payload: one hash for both
            headers += [
                ("Content-Type", content_type),
                ("WARC-Payload-Digest", digest),
                ("WARC-Block-Digest", digest),
            ]
            data = _gzip_record(headers, body)
            if self._size > 0 and self._size + len(data) > self.max_bytes:
                self._rotate()
            self._append(data)

    def close(self) -> None:
        """Close the current file (and release its lock); every record is already on disk."""
        with self._lock:
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None

    def __enter__(self) -> WarcWriter:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    # --- files ---------------------------------------------------------------------------------

    def _file_path(self, sequence: int) -> Path:
        if sequence == 0:
            return self.path
        return self.path.with_name(f"{self._stem}-{sequence:05d}{self._suffix}")

    def _open_newest(self) -> None:
        sequence = 0
        while self._file_path(sequence + 1).exists():
            sequence += 1
        self._open(sequence)

    def _rotate(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
        self._open(self._sequence + 1)

    def _open(self, sequence: int) -> None:
        """Open (or create) one file of the series, locked against a second writer.

        An existing file is appended to only when it is one of ours (its first record is our
        ``warcinfo``); anything else is refused, never truncated. A second crawl writing the same
        file would interleave its records with ours: the ``flock`` makes it fail at once.
        """
        path = self._file_path(sequence)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NONBLOCK | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise ArchiveWriteError(f"cannot write WARC file {path}: {exc.strerror}") from exc
        try:
            end = self._take(fd, path)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._size = end
        self._sequence = sequence
        self.paths.append(path)
        self._warcinfo_id = _record_id()
        if end == 0:
            self._append(self._warcinfo_record(path.name))

    def _take(self, fd: int, path: Path) -> int:
        """Check, lock and repair an opened file; returns where appending starts."""
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise ArchiveWriteError(f"WARC path {path} is not a regular file")
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            raise ArchiveLocked(f"another crawl is writing the WARC file {path}") from exc
        except OSError as exc:
            raise ArchiveWriteError(f"cannot lock WARC file {path}: {exc.strerror}") from exc
        size = info.st_size
        if size == 0:
            return 0
        if not _written_by_us(fd, self.software):
            raise ArchiveWriteError(
                f"{path} exists and is not a WARC file written by scraper: refusing to "
                "append to it (choose another --warc file)"
            )
        try:
            end = last_complete_member_end(path)
            if end != size:
                os.ftruncate(fd, end)
                os.fsync(fd)
            os.lseek(fd, end, os.SEEK_SET)
        except OSError as exc:
            raise ArchiveWriteError(f"cannot write WARC file {path}: {exc.strerror}") from exc
        return end

    def _append(self, data: bytes) -> None:
        assert self._fd is not None
        try:
            view = memoryview(data)
            while view:
                written = os.write(self._fd, view)
                view = view[written:]
            os.fsync(self._fd)
        except OSError as exc:
            where = self.paths[-1] if self.paths else self.path
            raise ArchiveWriteError(f"cannot write WARC file {where}: {exc.strerror}") from exc
        self._size += len(data)

    # --- records -------------------------------------------------------------------------------

    def _warcinfo_record(self, filename: str) -> bytes:
        block = (
            f"software: {self.software}\r\n"
            "format: WARC File Format 1.1\r\n"
            "conformsTo: https://iipc.github.io/warc-specifications/specifications/"
            "warc-format/warc-1.1/\r\n"
        ).encode()
        headers = [
            ("WARC-Type", "warcinfo"),
            ("WARC-Record-ID", self._warcinfo_id),
            ("WARC-Date", _warc_date("")),
            ("WARC-Filename", filename),
            ("Content-Type", "application/warc-fields"),
            ("WARC-Block-Digest", _sha1_digest(block)),
        ]
        return _gzip_record(headers, block)

    def _response_record(self, exchange: Exchange, record_id: str, date: str) -> bytes:
        head = _response_head(exchange)
        block = head + exchange.body
        headers = [
            ("WARC-Type", "response"),
            ("WARC-Record-ID", record_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", exchange.url),
            ("WARC-Warcinfo-ID", self._warcinfo_id),
        ]
        if exchange.peer_ip:
            headers.append(("WARC-IP-Address", exchange.peer_ip))
        if not exchange.body and _declared_length(exchange) > 0:
            headers.append(("WARC-Truncated", "unspecified"))
        headers += [
            ("Content-Type", "application/http;msgtype=response"),
            ("WARC-Payload-Digest", _sha1_digest(exchange.body)),
            ("WARC-Block-Digest", _sha1_digest(block)),
        ]
        return _gzip_record(headers, block)

    def _request_record(
        self, exchange: Exchange, record_id: str, response_id: str, date: str
    ) -> bytes:
        block = _request_head(exchange)
        headers = [
            ("WARC-Type", "request"),
            ("WARC-Record-ID", record_id),
            ("WARC-Date", date),
            ("WARC-Target-URI", exchange.url),
            ("WARC-Concurrent-To", response_id),
            ("WARC-Warcinfo-ID", self._warcinfo_id),
        ]
        if exchange.peer_ip:
            headers.append(("WARC-IP-Address", exchange.peer_ip))
        headers += [
            ("Content-Type", "application/http;msgtype=request"),
            ("WARC-Payload-Digest", _sha1_digest(b"")),
            ("WARC-Block-Digest", _sha1_digest(block)),
        ]
        return _gzip_record(headers, block)


def _written_by_us(fd: int, software: str) -> bool:
    """Whether the file's first record is a ``warcinfo`` naming scraper as its software."""
    with contextlib.suppress(OSError, zlib.error):
        head = os.pread(fd, _OWNER_CHECK_BYTES, 0)
        if not head.startswith(_GZIP_MAGIC):
            return False
        decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
        first = decoder.decompress(head, _OWNER_CHECK_BYTES)
        product = software.split("/", 1)[0]
        return (
            first.startswith(b"WARC/1.")
            and b"WARC-Type: warcinfo" in first
            and f"software: {product}/".encode() in first
        )
    return False


def last_complete_member_end(path: str | os.PathLike[str]) -> int:
    """Where the last complete gzip member of ``path`` ends (0 if there is none).

    Searches backwards from the end for a member start whose member decompresses completely;
    only the last member can be incomplete, because every record is fsynced before the next.
    """
    with open(path, "rb") as stream:
        size = stream.seek(0, os.SEEK_END)
        window = min(size, _TAIL_BLOCK)
        while True:
            stream.seek(size - window)
            tail = stream.read(window)
            candidate = tail.rfind(_GZIP_MAGIC)
            while candidate >= 0:
                end = _member_end(tail[candidate:])
                if end is not None:
                    return size - window + candidate + end
                candidate = tail.rfind(_GZIP_MAGIC, 0, candidate)
            if window == size:
                return 0
            window = min(size, window * 4)


def _member_end(data: bytes) -> int | None:
    """Length of the complete gzip member at the start of ``data``, or None if it is not one."""
    decoder = zlib.decompressobj(zlib.MAX_WBITS | 16)
    pending = data
    try:
        while pending and not decoder.eof:
            decoder.decompress(pending, 1 << 16)
            pending = decoder.unconsumed_tail
    except zlib.error:
        return None
    if not decoder.eof:
        return None
    return len(data) - len(decoder.unused_data)


def _gzip_record(headers: list[tuple[str, str]], block: bytes) -> bytes:
    head = "WARC/1.1\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers)
    head += f"Content-Length: {len(block)}\r\n\r\n"
    compressor = zlib.compressobj(6, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    return (
        compressor.compress(head.encode("utf-8"))
        + compressor.compress(block)
        + compressor.compress(b"\r\n\r\n")
        + compressor.flush()
    )


def _response_head(exchange: Exchange) -> bytes:
    version = _http_version(exchange.http_version)
    lines = [f"{version} {exchange.status} {exchange.reason or ''}".rstrip()]
    for name, value in exchange.response_headers:
        if name.lower() in _REWRITTEN_HEADERS:
            lines.append(f"X-Archive-Orig-{name}: {value}")
        else:
            lines.append(f"{name}: {value}")
    lines.append(f"Content-Length: {len(exchange.body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _request_head(exchange: Exchange) -> bytes:
    parts = urlsplit(exchange.url)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    lines = [f"{exchange.method} {target} {_http_version(exchange.http_version)}"]
    names = {name.lower() for name, _ in exchange.request_headers}
    if "host" not in names and parts.netloc:
        lines.append(f"Host: {parts.netloc}")
    lines += [f"{name}: {value}" for name, value in exchange.request_headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace")


def _http_version(version: str) -> str:
    version = (version or "").strip().upper()
    return version if version.startswith("HTTP/") else "HTTP/1.1"


def _declared_length(exchange: Exchange) -> int:
    for name, value in exchange.response_headers:
        if name.lower() == "content-length" and value.strip().isdigit():
            return int(value.strip())
    return 0


def _sha1_digest(data: bytes) -> str:
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def _record_id() -> str:
    return f"<urn:uuid:{uuid.uuid4()}>"


def _warc_date(iso: str) -> str:
    """WARC 1.1 date (UTC, microseconds) from the fetcher's ISO 8601 time; now if unreadable."""
    try:
        moment = datetime.fromisoformat(iso.replace("Z", "+00:00")) if iso else None
    except ValueError:
        moment = None
    if moment is None:
        moment = datetime.now(UTC)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _split_name(name: str) -> tuple[str, str]:
    """``crawl.warc.gz`` -> (``crawl``, ``.warc.gz``), so rotated files keep the suffix."""
    for suffix in (".warc.gz", ".warc", ".gz"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    return name, ""
