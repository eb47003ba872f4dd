"""WARC in and out: read articles from web archives, and archive a crawl's HTTP exchanges.

>>> from scraper.archive.warc import iter_warc_articles
>>> for item in iter_warc_articles(["crawl.warc.gz"], processes=2):  # doctest: +SKIP
...     print(item.final_url, item.article.title)

Reading uses FastWARC; records that are not HTML pages (or are truncated or corrupt) are counted
in ``ArchiveStats.skipped`` and skipped. ``WarcWriter`` is the crawler's ``ExchangeRecorder``
for ``scraper crawl --warc FILE.warc.gz``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from scraper.archive.pipeline import ExtractSettings, extract_items
from scraper.archive.progress import ArchiveProgress
from scraper.archive.sitepass import learn_site_models, load_models
from scraper.archive.stats import ArchiveStats, SkipReason
from scraper.archive.warc_read import PathOrStream, WarcPageReader, iter_warc_pages, source_key
from scraper.archive.warc_write import WarcWriter
from scraper.config import DEFAULT_EXTRACT_TIMEOUT, DEFAULT_MAX_BODY_BYTES
from scraper.errors import ArchiveError
from scraper.models import CrawledArticle
from scraper.sitemodel import SiteModel

__all__ = [
    "ArchiveStats",
    "SkipReason",
    "WarcWriter",
    "is_warc_path",
    "iter_warc_articles",
    "iter_warc_pages",
]

WARC_SUFFIXES = (".warc", ".warc.gz")


def is_warc_path(path: str | os.PathLike[str]) -> bool:
    """Whether a file name looks like a WARC file (``.warc`` or ``.warc.gz``)."""
    return str(path).lower().endswith(WARC_SUFFIXES)


def iter_warc_articles(
    paths: PathOrStream | Iterable[PathOrStream],
    *,
    processes: int = 1,
    markdown: bool = False,
    include_comments: bool = False,
    articles_only: bool = True,
    state_dir: str | os.PathLike[str] | None = None,
    stats: ArchiveStats | None = None,
    on_progress: Callable[[ArchiveStats], None] | None = None,
    max_bytes: int = DEFAULT_MAX_BODY_BYTES,
    timeout: float = DEFAULT_EXTRACT_TIMEOUT,
    site_model: bool = True,
) -> Iterator[CrawledArticle]:
    """The articles in one or more WARC files (or streams), in file and record order.

    With ``site_model`` (files only: a stream is read once) the archive is read twice: first
    to learn each host's site model from its pages (``scraper.archive.sitepass``, saved as
    ``site-model.json`` in ``state_dir``), then to extract every page with its host's model.

    A record whose payload is (or inflates to) more than ``max_bytes`` is skipped as too large,
    the fetcher's own bound, so a compression bomb in a tiny archive costs no memory.

    ``fetched_at`` is the record's WARC-Date, ``status`` and ``final_url`` come from the record,
    ``content_hash`` is the SHA-256 of the decoded payload. Pages the extractor does not classify
    as articles are skipped unless ``articles_only=False``. With ``state_dir`` (an output's
    ``.scraper`` folder) an interrupted run resumes where its consumer stopped; a finished run
    clears its positions. Raises ``ArchiveError`` before any work if a path does not exist.
    """
    sources = _as_sources(paths)
    for source in sources:
        if isinstance(source, str | os.PathLike) and not Path(source).is_file():
            raise ArchiveError(f"no such WARC file: {source}")
    stats = stats if stats is not None else ArchiveStats()
    progress = ArchiveProgress(Path(state_dir)) if state_dir is not None else None
    try:
        resume_from = progress.load() if progress is not None else {}
        settings = ExtractSettings(markdown, include_comments, articles_only, timeout)
        models = None
        if site_model and all(isinstance(s, str | os.PathLike) for s in sources):
            models = _site_models(sources, resume_from, settings, processes, max_bytes, state_dir)
        reader = WarcPageReader(stats=stats, max_bytes=max_bytes)
        items = reader.iter_items(sources, resume_from)
        yield from extract_items(
            items,
            processes=processes,
            settings=settings,
            stats=stats,
            progress=progress,
            on_progress=on_progress,
            models=models,
        )
        if progress is not None:
            progress.clear(source_key(source) for source in sources)
    finally:
        if progress is not None:
            progress.close()


def _site_models(
    sources: list[PathOrStream],
    resume_from: dict[str, int | str],
    settings: ExtractSettings,
    processes: int,
    max_bytes: int,
    state_dir: str | os.PathLike[str] | None,
) -> Mapping[str, SiteModel]:
    """The first pass: each host's model, or the saved ones when resuming (same output)."""
    state = Path(state_dir) if state_dir is not None else None
    if state is not None and any(source_key(s) in resume_from for s in sources):
        return load_models(state)
    reader = WarcPageReader(stats=ArchiveStats(), max_bytes=max_bytes)  # not counted twice
    return learn_site_models(
        reader.iter_items(sources, {}),
        processes=processes,
        markdown=settings.markdown,
        timeout=settings.timeout,
        memory_mb=settings.memory_mb,
        state_dir=state,
    )


def _as_sources(paths: PathOrStream | Iterable[PathOrStream]) -> list[PathOrStream]:
    if isinstance(paths, str | os.PathLike) or hasattr(paths, "read"):
        return [paths]  # type: ignore[list-item]
    return list(paths)  # type: ignore[arg-type]
