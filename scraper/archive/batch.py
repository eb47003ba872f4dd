"""``scraper extract``'s engine: saved pages, folders of them, WARC files, or one live URL.

Each input becomes export records in a deterministic order. A folder of saved pages is
extracted across processes, since the extractor is a pure function of the page. WARC files
and site mirrors given a ``--base-url`` are read by ``scraper.archive.warc`` and
``scraper.archive.mirror`` (imported only when needed).
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from scraper.archive.inputs import InputRefused, read_bounded
from scraper.archive.workpool import ExtractionPool, shared_pool
from scraper.config import (
    DEFAULT_EXTRACT_MEMORY_MB,
    DEFAULT_EXTRACT_TIMEOUT,
    DEFAULT_MAX_BODY_BYTES,
    check_http_url,
)
from scraper.errors import ArchiveError, FetchError, InputError, ScraperError
from scraper.extractor import extract
from scraper.extractor.decode import looks_binary
from scraper.models import CrawledArticle, as_record, redact_url

__all__ = [
    "HTML_SUFFIXES",
    "TEXT_SUFFIXES",
    "ExtractOptions",
    "Outcome",
    "extract_inputs",
    "extract_path",
    "find_html_files",
    "find_text_files",
]

HTML_SUFFIXES = (".html", ".htm", ".xhtml")
TEXT_SUFFIXES = (".txt",)  # text dumps (lynx/w3m -dump, browser copies), read by extract_text
# Well-known site files that share the suffix but are never pages; and a dump is more than a note.
_NOT_DUMPS = frozenset({"robots.txt", "humans.txt", "ads.txt", "app-ads.txt", "security.txt"})
_MIN_DUMP_BYTES = 256
_PROCESS_POOL_MIN_FILES = 4


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    """What every input shares: extractor switches, the worker count and the fetch settings."""

    markdown: bool = False
    include_comments: bool = False
    jobs: int | None = None
    # Fetches one live URL (the CLI passes the crawler's ``fetch_article``); archives stay
    # below the crawler, so the fetcher is handed in rather than imported.
    fetch_url: Callable[[str], CrawledArticle] | None = None
    base_url: str | None = None  # a folder is a site mirror saved from this URL
    state_dir: Path | None = None  # where WARC and mirror runs keep their resume positions
    on_archive_progress: Callable[[Any], None] | None = (
        None  # gets scraper.archive.warc.ArchiveStats
    )
    max_bytes: int = DEFAULT_MAX_BODY_BYTES  # a saved page or archived payload larger is skipped
    timeout: float = DEFAULT_EXTRACT_TIMEOUT  # per saved page, in a worker process
    memory_mb: int | None = DEFAULT_EXTRACT_MEMORY_MB  # the worker's address-space cap
    site_model: bool = True  # WARC files and mirrors: learn each host's model first (two passes)


@dataclass(frozen=True, slots=True)
class Outcome:
    """One input's result: a record, or the one-line reason it failed."""

    source: str
    record: dict[str, Any] | None = None
    error: str | None = None
    network: bool = False
    unusable: bool = False  # the input as a whole is not what its name says (exit 2 if alone)


def extract_inputs(inputs: Sequence[str], options: ExtractOptions) -> Iterator[Outcome]:
    """Yield one outcome per page in input order (folders in sorted path order).

    Raises ``InputError`` before any work when an input is neither a URL nor an existing path.
    """
    plan = [_classify(item) for item in inputs]
    for kind, value in plan:
        if kind == "url":
            yield _fetch_outcome(value, options)
        elif kind == "dir" and options.base_url:
            yield from _extract_mirror(Path(value), options)
        elif kind == "dir":
            files = find_html_files(Path(value))
            yield from _extract_files(files, options)
            yield from _extract_text_files(find_text_files(Path(value)), options)
        else:
            yield from _file_reader(Path(value))(Path(value), options)


def find_html_files(folder: Path) -> list[Path]:
    """Every saved HTML page under ``folder``, recursively, in a stable order."""
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in HTML_SUFFIXES and path.is_file() and ".scraper" not in path.parts
    ]
    return sorted(found)


def find_text_files(folder: Path) -> list[Path]:
    """Every text dump under ``folder``, in a stable order.

    ``.txt`` files, minus robots.txt and kin and files too small to be a page (a note).
    """
    found = [
        path
        for path in folder.rglob("*")
        if path.suffix.lower() in TEXT_SUFFIXES
        and path.name.lower() not in _NOT_DUMPS
        and ".scraper" not in path.parts
        and path.is_file()
        and path.stat().st_size >= _MIN_DUMP_BYTES
    ]
    return sorted(found)


def extract_path(
    path: Path,
    markdown: bool = False,
    include_comments: bool = False,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
) -> Outcome:
    """Extract one saved page. Top-level so a process pool can pickle it.

    Only a regular file of at most ``max_bytes`` is read (a FIFO, a device or a huge sparse file
    fails alone), and a binary file (an image saved as ``.html``) is not an HTML page."""
    try:
        data = read_bounded(path, max_bytes)
    except InputRefused as exc:
        return Outcome(str(path), error=str(exc))
    if looks_binary(data):
        return Outcome(str(path), error=f"{path}: not an HTML page (binary data)")
    try:
        article = extract(data, markdown=markdown, include_comments=include_comments)
    except ScraperError as exc:
        return Outcome(str(path), error=f"{path}: {exc}")
    except Exception as exc:  # one page fails, the batch goes on
        return Outcome(str(path), error=f"{path}: internal error: {type(exc).__name__}: {exc}")
    if article.url is None:
        article = replace(article, url=path.resolve().as_uri())
    record = as_record(article)
    record["content_hash"] = hashlib.sha256(data).hexdigest()
    return Outcome(str(path), record=record)


def _classify(item: str) -> tuple[str, str]:
    try:
        scheme = urlsplit(item).scheme.lower()
    except ValueError as exc:
        raise InputError(f"bad input {item!r}: {exc}") from None
    if scheme in ("http", "https"):
        return "url", check_http_url(item)
    if "://" in item:
        raise InputError(f"unsupported URL scheme {scheme!r}: {item} (use http or https)")
    path = Path(item)
    if path.is_dir():
        return "dir", item
    if path.exists() or path.is_symlink():
        return "file", item  # a FIFO or device too: its reader refuses it, the others go on
    raise InputError(f"no such file or folder: {item}")


def _fetch_outcome(url: str, options: ExtractOptions) -> Outcome:
    try:
        if options.fetch_url is None:
            raise InputError(f"{url}: this run cannot fetch URLs (no fetcher given)")
        return Outcome(url, record=as_record(options.fetch_url(url)))
    except FetchError as exc:
        return Outcome(redact_url(url), error=str(exc), network=True)
    except ScraperError as exc:
        return Outcome(redact_url(url), error=str(exc))
    except Exception as exc:  # one URL fails, the batch goes on
        reason = f"internal error: {type(exc).__name__}: {exc}"
        return Outcome(redact_url(url), error=f"{redact_url(url)}: {reason}")


def _extract_files(files: list[Path], options: ExtractOptions) -> Iterator[Outcome]:
    """Each file in a worker process under the time and memory budget, ``jobs`` at once, in
    order: a page that hangs the parser or a regular expression fails alone ("timed out")."""
    jobs = min(options.jobs or os.cpu_count() or 1, max(1, len(files)))
    pool = shared_pool(jobs, options.memory_mb)
    if len(files) < _PROCESS_POOL_MIN_FILES or jobs == 1:
        for path in files:
            yield _extract_in_worker(pool, options, path)
        return
    threads = ThreadPoolExecutor(max_workers=jobs, thread_name_prefix="scraper-extract")
    try:
        yield from threads.map(lambda path: _extract_in_worker(pool, options, path), files)
    finally:
        # On Ctrl-C or an early stop, drop the queued pages instead of finishing them all.
        threads.shutdown(wait=True, cancel_futures=True)


def _extract_in_worker(pool: ExtractionPool, options: ExtractOptions, path: Path) -> Outcome:
    try:
        return pool.run_sync(
            options.timeout,
            extract_path,
            path,
            options.markdown,
            options.include_comments,
            options.max_bytes,
        )
    except ScraperError as exc:  # over budget, or its worker died (out of memory)
        return Outcome(str(path), error=f"{path}: {exc}")


def _extract_single(path: Path, options: ExtractOptions) -> Iterator[Outcome]:
    yield from _extract_files([path], options)


def _extract_warc(path: Path, options: ExtractOptions) -> Iterator[Outcome]:
    try:
        from scraper.archive.warc import iter_warc_articles
    except ImportError as exc:
        raise InputError(f"{path}: WARC support is not available ({exc})") from exc
    try:
        articles = iter_warc_articles(path, **_archive_options(options))
        yield from _archive_outcomes(path, articles)
    except ArchiveError as exc:  # this archive is unreadable (not a WARC at all): the next goes on
        yield Outcome(str(path), error=str(exc), unusable=True)


def _extract_mirror(folder: Path, options: ExtractOptions) -> Iterator[Outcome]:
    """A wget/HTTrack mirror: files mapped back to URLs under ``--base-url``, articles only."""
    from scraper.archive.mirror import iter_mirror_articles

    articles = iter_mirror_articles(folder, options.base_url or "", **_archive_options(options))
    yield from _archive_outcomes(folder, articles)


def _archive_options(options: ExtractOptions) -> dict[str, Any]:
    """The keywords the WARC and mirror readers share, from the command's options."""
    return {
        "processes": options.jobs or os.cpu_count() or 1,
        "markdown": options.markdown,
        "include_comments": options.include_comments,
        "state_dir": options.state_dir,
        "on_progress": options.on_archive_progress,
        "max_bytes": options.max_bytes,
        "timeout": options.timeout,
        "site_model": options.site_model,
    }


def _archive_outcomes(source: Path, articles: Iterable[Any]) -> Iterator[Outcome]:
    for item in articles:
        record = as_record(item)
        yield Outcome(f"{source}#{record.get('url')}", record=record)


def _extract_text_files(files: list[Path], options: ExtractOptions) -> Iterator[Outcome]:
    """Text dumps of a folder, after learning each subfolder's repeated (site) lines."""
    from scraper.archive.textbatch import extract_text_files

    yield from extract_text_files(files, options.markdown)


def _extract_wet(path: Path, options: ExtractOptions) -> Iterator[Outcome]:
    from scraper.archive.textbatch import extract_wet

    yield from extract_wet(path, options.markdown)


Reader = Callable[[Path, ExtractOptions], Iterable[Outcome]]

_READERS_BY_SUFFIX: dict[str, Reader] = {
    ".warc": _extract_warc,
    ".warc.gz": _extract_warc,
    ".warc.wet.gz": _extract_wet,
    ".warc.wet": _extract_wet,
    ".wet.gz": _extract_wet,
    ".wet": _extract_wet,
}


def _file_reader(path: Path) -> Reader:
    """The dispatch point by file suffix; anything else is read as one HTML page."""
    name = path.name.lower()
    for suffix, reader in _READERS_BY_SUFFIX.items():
        if name.endswith(suffix):
            return reader
    return _extract_single
