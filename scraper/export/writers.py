"""Exporters with Scrapy's lifecycle: ``start()``, ``export(item)`` per article, ``finish()``.

Every exporter is also a context manager (start on enter, finish on exit). Re-running a crawl
into the same place never duplicates: per-article files are keyed by URL and overwritten
atomically; the JSONL file remembers the URLs it already holds and replaces changed lines.
"""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from scraper.errors import ExportError
from scraper.export.atomic import (
    NewFileLinker,
    atomic_write_bytes,
    atomic_writer,
    ensure_dir,
    make_durable,
    remove_stale_temp_files,
)
from scraper.export.naming import article_path, file_name, is_inside, site_folder
from scraper.export.records import (
    Exportable,
    as_record,
    record_key,
    record_name_url,
    record_to_json,
)
from scraper.export.render import render_markdown, render_text

_UNKNOWN = os.stat_result((0,) * 10)  # lstat failed for another reason than a missing file

__all__ = [
    "Exporter",
    "JsonDirExporter",
    "JsonlExporter",
    "MarkdownExporter",
    "PerArticleExporter",
    "StreamExporter",
    "TextExporter",
]


class Exporter:
    """Base class: counts what it wrote; subclasses implement ``write(record)``."""

    def __init__(self) -> None:
        self.exported = 0
        self.last_path: Path | None = None

    def start(self) -> None:
        """Open files, read what an earlier run left."""

    def export(self, item: Exportable) -> None:
        """Write one article (a ``CrawledArticle``, an ``Article`` or a record dict)."""
        self.write(as_record(item))
        self.exported += 1

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def sync(self) -> None:
        """Make every article exported so far durable (a crawl calls this before it records
        them as exported, once per batch)."""

    def finish(self) -> None:
        """Flush and close; after this every exported article is on disk."""

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.finish()


class PerArticleExporter(Exporter):
    """One file per article: ``<root>/<site>/<slug>-<hash><suffix>``, written atomically.

    A hash collision (another URL already in the file) is resolved deterministically by a longer
    hash, so two URLs never share a file and the same URL always finds its own. Rendered files end
    with a one-line ``marker`` naming their URL, which is how a re-run tells whose file it is.

    Files are renamed into place at once (a killed process never leaves half a file) and flushed
    to disk together by ``sync()`` (one ``syncfs`` per batch) and by ``finish()``.
    """

    suffix = ".txt"
    marker: tuple[str, str] | None = ("\nsource: ", "\n")

    def __init__(self, root: Path | str, render: Callable[[Mapping[str, Any]], str]) -> None:
        super().__init__()
        self.root = Path(root)
        self._render = render
        self._resolved_root: Path | None = None
        self._inside: set[Path] = set()  # folders found to lie inside the root
        self._made: set[Path] = set()  # folders this run created or found
        self._unsynced: list[Path | str] = []  # files written since the last ``sync``
        self._unsynced_folders: set[Path] = set()  # and their folders
        self._folders: dict[str, Path] = {}  # site folder name -> its path under the root
        self._folder_texts: dict[Path, str] = {}  # a site folder -> ``str`` of it, with a sep
        self._linker = NewFileLinker()

    def start(self) -> None:
        ensure_dir(self.root)
        remove_stale_temp_files(self.root)
        self._resolved_root = self.root.resolve()
        self._inside = set()
        self._made = set()

    def path_for(self, record: Mapping[str, Any]) -> Path:
        """The file this record goes to (stable across runs)."""
        key = record_key(record)
        if not key:
            raise ExportError(f"article has no URL to name its file: {record.get('title')!r}")
        shown = record_name_url(record)
        root, inside = self._resolved_root or self.root.resolve(), self._inside
        folder = self._folder(shown)
        path = folder / file_name(key, self.suffix, name_url=shown)
        # One lstat says whether the file is there (its owner is read only then) and whether it
        # is a link (then the whole path is resolved again, as for a folder not seen yet).
        try:
            there: os.stat_result | None = os.lstat(path)
        except FileNotFoundError:
            there = None
        except OSError:
            there = _UNKNOWN
        linked = there is not None and (there is _UNKNOWN or stat.S_ISLNK(there.st_mode))
        if (linked or folder not in inside) and not is_inside(path, root, inside):
            raise ExportError(f"refusing to write outside {self.root}: {path}")
        if there is not None and self._owner_of(path) not in (None, key):
            path = article_path(
                self.root,
                key,
                self.suffix,
                long_hash=True,
                name_url=shown,
                resolved_root=root,
                known_folders=inside,
            )
        return path

    def _folder(self, url: str) -> Path:
        """The site folder of ``url`` under the root (one ``Path`` per site, not per article)."""
        name = site_folder(url)
        folder = self._folders.get(name)
        if folder is None:
            folder = self._folders[name] = self.root / name
        return folder

    @property  # type: ignore[override]
    def last_path(self) -> Path | None:
        """The file written last (kept as its text: a ``Path`` per file costs more than the
        rest of naming it)."""
        last = self._last_path
        return None if last is None else Path(last)

    @last_path.setter
    def last_path(self, path: Path | str | None) -> None:
        self._last_path = path

    def write(self, record: dict[str, Any]) -> None:
        path: Path | str | None = self._new_file(record)
        if path is None:
            path = self.path_for(record)
            data = self._data(record)
            folder = path.parent
            atomic_write_bytes(path, data, durable=False, make_folder=folder not in self._made)
            self._made.add(folder)
            self._unsynced_folders.add(folder)
        self._unsynced.append(path)
        self._last_path = path

    def _data(self, record: dict[str, Any]) -> bytes:
        text = self._render(record)
        if self.marker is not None:
            text += f"{self.marker[0]}{record_key(record)}{self.marker[1]}"
        return text.encode("utf-8")

    def _new_file(self, record: dict[str, Any]) -> str | None:
        """The record written where ``path_for`` puts a URL whose file is not there yet, in a
        folder already found inside the root and made (``NewFileLinker``: no ``lstat``, no
        temporary name), and its path as text; None when that is not the case, and nothing was
        written."""
        if not self._linker.enabled:
            return None
        key = record_key(record)
        if not key:
            return None  # path_for says why
        shown = record_name_url(record)
        folder = self._folder(shown)
        if folder not in self._inside or folder not in self._made:
            return None
        text = self._folder_texts.get(folder)
        if text is None:
            text = self._folder_texts[folder] = str(folder)
        # ``str(folder / name)``: the name is one part, never ``.``, ``..`` or with a ``/``
        path = f"{text}{os.sep}{file_name(key, self.suffix, name_url=shown)}"
        if not self._linker.link_new(text, path, self._data(record)):
            return None
        self._unsynced_folders.add(folder)
        return path

    def sync(self) -> None:
        if self._unsynced:
            make_durable(self.root, self._unsynced, self._unsynced_folders)
            self._unsynced = []
            self._unsynced_folders = set()

    def finish(self) -> None:
        self.sync()
        self._linker.close()

    def _owner_of(self, path: Path) -> str | None:
        """The URL an existing file was written for; None when there is no such file, or when
        it is damaged (truncated, not UTF-8, not a record): then it is replaced, not kept
        beside a second file."""
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError, UnicodeDecodeError):
            return None
        except OSError:
            return ""  # there, but unreadable: leave it alone and write beside it
        return self._url_in(text) or None

    def _url_in(self, text: str) -> str:
        if self.marker is None:
            return ""
        prefix, end = self.marker
        start = text.rfind(prefix)
        if start < 0:
            return ""
        return text[start + len(prefix) :].split(end, 1)[0]


class JsonDirExporter(PerArticleExporter):
    """The default: one pretty-printed UTF-8 JSON file per article, grouped by site."""

    suffix = ".json"
    marker = None

    def __init__(self, root: Path | str) -> None:
        super().__init__(root, lambda record: record_to_json(record, indent=2) + "\n")

    def _url_in(self, text: str) -> str:
        try:
            record = json.loads(text)
        except ValueError:
            return ""
        return record_key(record) if isinstance(record, dict) else ""


class MarkdownExporter(PerArticleExporter):
    """One Markdown file per article, for people who read the results."""

    suffix = ".md"
    marker = ("\n<!-- source: ", " -->\n")

    def __init__(self, root: Path | str) -> None:
        super().__init__(root, render_markdown)


class TextExporter(PerArticleExporter):
    """One plain-text file per article."""

    suffix = ".txt"

    def __init__(self, root: Path | str) -> None:
        super().__init__(root, render_text)


class JsonlExporter(Exporter):
    """One JSON object per line, to a file or a stream (``sys.stdout`` for ``-o -``).

    To a file, one line per URL: an article already in the file that changed is appended at
    once (so it is on disk before the crawl marks it delivered) and the file is compacted at
    ``finish()`` by one atomic rewrite, the newest line of each URL taking the place of its
    first. ``start()`` repairs what a crash or a hand edit left: torn or damaged lines and lines
    that are no JSON object are dropped, duplicates compacted; every good record is kept. A
    symlink at the file's path is refused, never followed. To a stream, every line is flushed at
    once so pipes see it immediately.
    """

    def __init__(self, target: Path | str | IO[str]) -> None:
        super().__init__()
        self._path: Path | None = None if hasattr(target, "write") else Path(target)  # type: ignore[arg-type]
        self._stream: IO[str] | None = None if self._path else target  # type: ignore[assignment]
        self._seen: set[str] = set()
        self._appended_again = False

    @classmethod
    def stdout(cls) -> JsonlExporter:
        return cls(sys.stdout)

    def start(self) -> None:
        if self._path is None:
            return
        ensure_dir(self._path.parent)
        self._refuse_symlink()
        self._repair()
        try:
            fd = os.open(
                self._path,
                os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0),
                0o644,
            )
            self._stream = open(fd, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise ExportError(f"cannot write {self._path}: {exc.strerror or exc}") from exc
        self.last_path = self._path

    def write(self, record: dict[str, Any]) -> None:
        if self._stream is None:
            raise ExportError("JsonlExporter.export() called before start()")
        line = record_to_json(record)
        key = record_key(record)
        if self._path is not None and key in self._seen:
            self._appended_again = True  # compacted at finish (or by the next start)
        elif key:
            self._seen.add(key)
        try:
            self._stream.write(line + "\n")
            self._stream.flush()
        except BrokenPipeError:
            raise
        except (OSError, ValueError) as exc:
            raise ExportError(f"cannot write JSONL: {exc}") from exc

    def sync(self) -> None:
        if self._path is None or self._stream is None:
            return
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
        except OSError as exc:
            raise ExportError(f"cannot write {self._path}: {exc.strerror or exc}") from exc

    def finish(self) -> None:
        if self._path is None or self._stream is None:
            return
        try:
            self._stream.flush()
            os.fsync(self._stream.fileno())
            self._stream.close()
        except OSError as exc:
            raise ExportError(f"cannot write {self._path}: {exc.strerror or exc}") from exc
        self._stream = None
        if self._appended_again:
            self._refuse_symlink()
            self._repair()
            self._appended_again = False

    def _refuse_symlink(self) -> None:
        assert self._path is not None
        if self._path.is_symlink():
            raise ExportError(f"refusing to write through a symlink: {self._path}")

    def _repair(self) -> None:
        """Read the URLs already exported; rewrite the file when a line is torn, damaged, not
        a JSON object, or a newer copy of an earlier URL (the newest wins, at the first place).
        """
        assert self._path is not None
        if not self._path.exists():
            return
        newest: dict[str, str] = {}
        needs_rewrite = False
        self._seen = set()
        for line, record in self._lines():
            key = record_key(record) if record is not None else ""
            if record is None or not key or not line.endswith("\n"):
                needs_rewrite = True
                if record is None or not key:
                    continue
            if key in self._seen:
                newest[key] = line
                needs_rewrite = True
            self._seen.add(key)
        if not needs_rewrite:
            return
        written: set[str] = set()
        with atomic_writer(self._path) as out:
            for line, record in self._lines():
                key = record_key(record) if record is not None else ""
                if not key or key in written:
                    continue
                written.add(key)
                out.write(newest.get(key, line).rstrip("\n") + "\n")

    def _lines(self) -> Iterator[tuple[str, dict[str, Any] | None]]:
        """Each line with its record, or None when it is no JSON object (damaged)."""
        assert self._path is not None
        try:
            with open(self._path, encoding="utf-8", errors="replace") as handle:
                for line in handle:
                    try:
                        record = json.loads(line)
                    except (ValueError, RecursionError):
                        record = None
                    yield line, record if isinstance(record, dict) else None
        except OSError as exc:
            raise ExportError(f"cannot read {self._path}: {exc.strerror or exc}") from exc


class StreamExporter(Exporter):
    """Rendered documents (Markdown or text) to a stream, one after another."""

    def __init__(self, stream: IO[str], render: Callable[[Mapping[str, Any]], str]) -> None:
        super().__init__()
        self._stream = stream
        self._render = render

    def write(self, record: dict[str, Any]) -> None:
        if self.exported:
            self._stream.write("\n")
        self._stream.write(self._render(record))
        self._stream.flush()
