"""Atomic file writes: a reader, or a crash, never sees half a file.

Write to a temporary file in the same folder, flush and fsync it, then ``os.replace`` it over the
target (atomic on POSIX and Windows), then fsync the folder so the rename itself survives a crash.

Many small files (a crawl's articles) are written with ``durable=False`` instead, and made
durable together by ``make_durable``: one ``syncfs`` per batch where Linux has it. A process
kill never tears such a file (the rename is atomic and the kernel holds the data); only a power
loss before ``make_durable`` can, which is why a crawl records an article as exported only after
its batch is durable.
"""

from __future__ import annotations

import contextlib
import ctypes
import itertools
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from scraper.errors import ExportError

__all__ = [
    "NewFileLinker",
    "atomic_write_bytes",
    "atomic_write_text",
    "atomic_writer",
    "ensure_dir",
    "make_durable",
    "remove_stale_temp_files",
]


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
def atomic_writer(
    path: Path, *, durable: bool = True, make_folder: bool = True
) -> Iterator[IO[str]]:
    """Yield a UTF-8 text file that replaces ``path`` only when the block ends without error.

    ``durable=False`` skips the two fsyncs (the caller batches them with ``make_durable``);
    ``make_folder=False`` when the caller knows the folder exists."""
    with (
        _replacing(path, durable=durable, make_folder=make_folder) as fd,
        open(fd, "w", encoding="utf-8", newline="\n") as handle,
    ):
        yield handle
        handle.flush()
        if durable:
            os.fsync(handle.fileno())


def atomic_write_bytes(
    path: Path, data: bytes, *, durable: bool = True, make_folder: bool = True
) -> None:
    """``atomic_writer`` for bytes already rendered: straight ``os.write`` calls on the temporary
    file, without a text layer (one ``isatty`` probe, seeks and a buffer per file: a crawl
    writes thousands)."""
    with _replacing(path, durable=durable, make_folder=make_folder) as fd:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            if durable:
                os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def _replacing(path: Path, *, durable: bool, make_folder: bool) -> Iterator[int]:
    """Yield a new temporary file's descriptor (the caller writes and closes it), then rename it
    over ``path``; on any error the temporary file is removed and an ``OSError`` becomes an
    ``ExportError``, so both writers fail the same way."""
    if make_folder:
        ensure_dir(path.parent)
    try:
        fd, tmp = _create_temp(path)
    except OSError as exc:
        raise ExportError(f"cannot write in {path.parent}: {exc.strerror or exc}") from exc
    # ``tmp`` stays a string: every ``Path`` interns its name, and a crawl writes thousands.
    try:
        yield fd
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        if isinstance(exc, OSError):
            raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
        raise
    if durable:
        _fsync_dir(path.parent)


_TEMP_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
_TEMP_FLAGS |= getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0)
_temp_numbers = itertools.count()


def _create_temp(path: Path) -> tuple[int, str]:
    """A new file ``.<name>.<pid>.<n>.tmp`` beside ``path``, as ``tempfile.mkstemp`` makes one
    (created exclusively, never through a link, mode 0600) at a fraction of its cost: the
    process id and a counter make the name unique, a leftover of an earlier process with the
    same id is stepped over."""
    stem = f"{path.parent}{os.sep}.{path.name[:40]}.{os.getpid()}."
    for _attempt in range(10_000):
        tmp = f"{stem}{next(_temp_numbers)}.tmp"
        try:
            return os.open(tmp, _TEMP_FLAGS, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {path}")


class NewFileLinker:
    """Writes a file that is not there yet as an unnamed file (``O_TMPFILE``) linked into
    place once whole (``linkat``): a reader or a kill still never sees half a file, with one
    directory entry made instead of a temporary name created and renamed, and no ``lstat``
    beforehand (a crawl writes thousands of new files). Linux only; where the folder's file
    system, the kernel or ``/proc`` cannot, ``link_new`` answers None from then on and the
    caller writes as before (``atomic_write_bytes``).

    ``link_new`` returns True when it made the file, False when something is already at
    ``path`` (a file, a link: nothing is written; the caller's checks decide), None when it
    could not (nothing is left behind: the unnamed file goes with its descriptor)."""

    _FLAGS = getattr(os, "O_TMPFILE", 0) | os.O_RDWR | getattr(os, "O_CLOEXEC", 0)

    def __init__(self) -> None:
        self._proc: int | None = None
        self.enabled = bool(getattr(os, "O_TMPFILE", 0)) and os.link in os.supports_dir_fd

    def link_new(self, folder: str, path: str, data: bytes) -> bool | None:
        if not self.enabled:
            return None
        try:
            if self._proc is None:
                # ``self`` is looked up at each link, so a forked process links its own files
                self._proc = os.open("/proc", os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
            fd = os.open(folder, self._FLAGS, 0o600)
        except OSError:
            self.enabled = False  # no O_TMPFILE on this file system, or no /proc: never again
            self.close()
            return None
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.link(f"self/fd/{fd}", path, src_dir_fd=self._proc, follow_symlinks=True)
        except FileExistsError:
            return False
        except OSError:
            # ENOSPC, or a file system that takes no link from /proc: the caller's own write
            # says what went wrong, and writes the files from now on
            self.enabled = False
            return None
        finally:
            os.close(fd)
        return True

    def close(self) -> None:
        """Let ``/proc`` go (opened again if another file is linked)."""
        if self._proc is not None:
            with contextlib.suppress(OSError):
                os.close(self._proc)
            self._proc = None


def make_durable(root: Path, files: Iterable[Path | str], folders: Iterable[Path]) -> None:
    """Flush a batch of ``durable=False`` writes under ``root`` to disk: one ``syncfs`` of
    ``root``'s file system (Linux), else an fsync of every file and folder."""
    try:
        if _syncfs(root):
            return
        for path in files:
            fd = os.open(path, os.O_RDONLY)
            try:
                os.fsync(fd)
            finally:
                os.close(fd)
    except OSError as exc:
        raise ExportError(f"cannot flush {root}: {exc.strerror or exc}") from exc
    for folder in folders:
        _fsync_dir(folder)


def _libc_syncfs() -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    with contextlib.suppress(OSError, AttributeError):
        return ctypes.CDLL(None, use_errno=True).syncfs
    return None


_SYNCFS = _libc_syncfs() if os.name == "posix" else None


def _syncfs(root: Path) -> bool:
    """``syncfs(2)`` on ``root``'s file system; False where it is not available."""
    if _SYNCFS is None:
        return False
    fd = os.open(root, os.O_RDONLY)
    try:
        if _SYNCFS(fd) != 0:
            errno = ctypes.get_errno()
            raise OSError(errno, os.strerror(errno))
    finally:
        os.close(fd)
    return True


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
