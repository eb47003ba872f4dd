"""Exporters with Scrapy's lifecycle: ``start()``, ``export(item)`` per article, ``finish()``.

Every exporter is also a context manager (start on enter, finish on exit). Re-running a crawl
into the same place never duplicates: per-article files are keyed by URL and overwritten
atomically; the JSONL file remembers the URLs it already holds and replaces changed lines.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from scraper.errors import ExportError
from scraper.export.atomic import atomic_writer, ensure_dir, remove_stale_temp_files
from scraper.export.naming import article_path
from scraper.export.records import Exportable, as_record, record_key, record_to_json
from scraper.export.render import render_markdown, render_text

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
    """

    suffix = ".txt"
    marker: tuple[str, str] | None = ("\nsource: ", "\n")

    def __init__(self, root: Path | str, render: Callable[[Mapping[str, Any]], str]) -> None:
        super().__init__()
        self.root = Path(root)
        self._render = render

    def start(self) -> None:
        ensure_dir(self.root)
        remove_stale_temp_files(self.root)

    def path_for(self, record: Mapping[str, Any]) -> Path:
        """The file this record goes to (stable across runs)."""
        key = record_key(record)
        if not key:
            raise ExportError(f"article has no URL to name its file: {record.get('title')!r}")
        path = article_path(self.root, key, self.suffix)
        if self._owner_of(path) not in (None, key):
            path = article_path(self.root, key, self.suffix, long_hash=True)
        return path

    def write(self, record: dict[str, Any]) -> None:
        path = self.path_for(record)
        text = self._render(record)
        if self.marker is not None:
            text += f"{self.marker[0]}{record_key(record)}{self.marker[1]}"
        with atomic_writer(path) as handle:
            handle.write(text)
        self.last_path = path

    def _owner_of(self, path: Path) -> str | None:
        """The URL an existing file was written for, or None when there is no such file."""
        try:
            text = path.read_text(encoding="utf-8")
        except (FileNotFoundError, NotADirectoryError):
            return None
        except (OSError, UnicodeDecodeError):
            return ""
        return self._url_in(text)

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
            return record_key(json.loads(text))
        except (ValueError, AttributeError):
            return ""


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

    To a file, a re-run appends only URLs the file does not hold yet; an article that changed is
    replaced in place by one atomic rewrite at ``finish()``. A torn last line (a crash mid-write)
    is dropped on start. To a stream, every line is flushed at once so pipes see it immediately.
    """

    def __init__(self, target: Path | str | IO[str]) -> None:
        super().__init__()
        self._path: Path | None = None if hasattr(target, "write") else Path(target)  # type: ignore[arg-type]
        self._stream: IO[str] | None = None if self._path else target  # type: ignore[assignment]
        self._seen: set[str] = set()
        self._replacements: dict[str, str] = {}

    @classmethod
    def stdout(cls) -> JsonlExporter:
        return cls(sys.stdout)

    def start(self) -> None:
        if self._path is None:
            return
        ensure_dir(self._path.parent)
        self._drop_torn_lines()
        try:
            self._stream = open(self._path, "a", encoding="utf-8", newline="\n")  # noqa: SIM115
        except OSError as exc:
            raise ExportError(f"cannot write {self._path}: {exc.strerror or exc}") from exc
        self.last_path = self._path

    def write(self, record: dict[str, Any]) -> None:
        if self._stream is None:
            raise ExportError("JsonlExporter.export() called before start()")
        line = record_to_json(record)
        key = record_key(record)
        if self._path is not None and key in self._seen:
            self._replacements[key] = line
            return
        if key:
            self._seen.add(key)
        try:
            self._stream.write(line + "\n")
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise ExportError(f"cannot write JSONL: {exc.strerror or exc}") from exc

    def finish(self) -> None:
        if self._path is None or self._stream is None:
            return
        self._stream.flush()
        os.fsync(self._stream.fileno())
        self._stream.close()
        self._stream = None
        if self._replacements:
            self._rewrite(self._replacements)
            self._replacements = {}

    def _drop_torn_lines(self) -> None:
        """Read the URLs already exported; rewrite the file if a line is not valid JSON."""
        assert self._path is not None
        if not self._path.exists():
            return
        good: list[str] = []
        torn = False
        with open(self._path, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                try:
                    record = json.loads(line)
                except ValueError:
                    torn = True
                    continue
                if not line.endswith("\n"):
                    torn = True
                key = record_key(record) if isinstance(record, dict) else ""
                if key in self._seen:
                    torn = True
                    continue
                if key:
                    self._seen.add(key)
                good.append(line.rstrip("\n"))
        if torn:
            with atomic_writer(self._path) as out:
                out.writelines(f"{line}\n" for line in good)

    def _rewrite(self, replacements: Mapping[str, str]) -> None:
        assert self._path is not None
        with open(self._path, encoding="utf-8") as src, atomic_writer(self._path) as out:
            for line in src:
                key = record_key(json.loads(line))
                out.write(replacements.get(key, line.rstrip("\n")) + "\n")


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
