"""Reading the files a user points us at, within bounds: what a path is decides before it is read.

A FIFO or a device would hang the read or never end it, a 2 GiB (sparse) file would be read
whole, a symlink in a mirror folder may point anywhere. So every input is opened without blocking
(``O_NONBLOCK``: a FIFO's open returns at once), checked on the open descriptor (no race between
the check and the read) to be a regular file of at most ``limit`` bytes, and read with that
bound; inside a folder, a symlink must also resolve inside the folder.
"""

from __future__ import annotations

import contextlib
import os
import stat
import zlib
from pathlib import Path

from scraper.errors import ArchiveError

__all__ = [
    "InputRefused",
    "file_kind",
    "is_warc_data",
    "open_regular",
    "read_bounded",
]

_READ_BLOCK = 1 << 20


class InputRefused(ArchiveError):
    """An input path that is not read: ``reason`` is a short skip reason for the statistics."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        self.reason = reason


def file_kind(mode: int) -> str:
    """A few words for what a non-regular file is."""
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def open_regular(path: str | os.PathLike[str], *, within: Path | None = None) -> int:
    """A read-only descriptor of ``path`` once it is known to be a regular file (inside
    ``within`` when given, symlinks resolved); ``InputRefused`` otherwise."""
    if within is not None:
        real = Path(os.path.realpath(path))
        if not real.is_relative_to(Path(os.path.realpath(within))):
            raise InputRefused(f"{path}: links outside {within}", "outside-folder")
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise InputRefused(f"{path}: {exc.strerror or exc}", "unreadable") from exc
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            raise InputRefused(f"{path}: {file_kind(mode)}, not a file to read", "not-a-file")
    except BaseException:
        os.close(fd)
        raise
    return fd


def read_bounded(path: str | os.PathLike[str], limit: int, *, within: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; ``InputRefused`` otherwise.

    The size is checked before reading (a sparse 2 GiB file is refused without a read) and again
    while reading (a file that grows meanwhile)."""
    fd = open_regular(path, within=within)
    try:
        size = os.fstat(fd).st_size
        if size > limit:
            raise InputRefused(f"{path}: {size} bytes, over the {limit}-byte limit", "too-large")
        parts: list[bytes] = []
        total = 0
        while True:
            block = os.read(fd, min(_READ_BLOCK, limit + 1 - total))
            if not block:
                break
            parts.append(block)
            total += len(block)
            if total > limit:
                raise InputRefused(f"{path}: over the {limit}-byte limit", "too-large")
        return b"".join(parts)
    except OSError as exc:
        raise InputRefused(f"{path}: {exc.strerror or exc}", "unreadable") from exc
    finally:
        with contextlib.suppress(OSError):
            os.close(fd)


def is_warc_data(head: bytes) -> bool:
    """Whether a file's first bytes are a WARC record, plain or as a gzip member."""
    if head.startswith(b"\x1f\x8b"):
        with contextlib.suppress(zlib.error):
            head = zlib.decompressobj(zlib.MAX_WBITS | 16).decompress(head, 64)
    return head.startswith(b"WARC/")
