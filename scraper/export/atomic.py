"""Atomic file writes: a reader, or a crash, never sees half a file.

Write to a temporary file in the same folder, flush and fsync it, then ``os.replace`` it over the
target (atomic on POSIX and Windows), then fsync the folder so the rename itself survives a crash.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from scraper.errors import ExportError

__all__ = ["atomic_write_text", "atomic_writer", "ensure_dir", "remove_stale_temp_files"]


def ensure_dir(path: Path) -> Path:
    """Create ``path`` (and parents); an unwritable or blocked folder becomes an ``ExportError``."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create output folder {path}: {exc.strerror or exc}") from exc
    if not os.access(path, os.W_OK | os.X_OK):
        raise ExportError(f"output folder is not writable: {path}")
    return path


@contextlib.contextmanager
def atomic_writer(path: Path) -> Iterator[IO[str]]:
    """Yield a UTF-8 text file that replaces ``path`` only when the block ends without error."""
    ensure_dir(path.parent)
    try:
        prefix = f".{path.name[:40]}.{os.getpid()}."
        fd, tmp_name = tempfile.mkstemp(prefix=prefix, suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write in {path.parent}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with open(fd, "w", encoding="utf-8", newline="\n") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException as exc:
        tmp.unlink(missing_ok=True)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    _fsync_dir(path.parent)


def remove_stale_temp_files(root: Path) -> int:
    """Delete the temporary files of writers that died mid-write (SIGKILL, power loss) in
    ``root`` and its sub-folders; returns how many. A temp file's name carries its writer's
    process id, so the files of a live writer (another process) are never touched."""
    removed = 0
    for tmp in [*root.glob(".*.tmp"), *root.glob("*/.*.tmp")]:
        pid = _writer_pid(tmp.name)
        if pid is None or pid == os.getpid() or _alive(pid):
            continue
        with contextlib.suppress(OSError):
            tmp.unlink()
            removed += 1
    return removed


def _writer_pid(name: str) -> int | None:
    """The process id in ``.<name>.<pid>.<random>.tmp``, or None for another naming."""
    parts = name[: -len(".tmp")].rsplit(".", 2)
    return int(parts[1]) if len(parts) == 3 and parts[1].isdigit() else None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # exists, owned by someone else
    return True


def atomic_write_text(path: Path, text: str) -> None:
    """Replace ``path`` with ``text`` atomically."""
    with atomic_writer(path) as handle:
        handle.write(text)


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
