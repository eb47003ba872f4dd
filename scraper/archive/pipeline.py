"""Extract pages read from an archive in worker processes, in order, resumably.

The parent reads the archive (fast, sequential I/O) and sends chunks of about 64 pages to
worker processes (``scraper.archive.workpool``), so inter-process traffic is one message per
chunk; a chunk over one page's time budget is run again page by page, so only the page at fault
fails. At most two chunks per worker are in flight, so memory stays flat however large the
archive is. Results come back in input order. A chunk's resume positions are saved only after
the consumer has taken all of its articles (when it asks for the next one), so delivery is at
least once, as with the crawler.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from scraper.archive.progress import ArchiveProgress
from scraper.archive.stats import ArchiveStats, SkipReason
from scraper.archive.warc_read import ArchiveItem
from scraper.archive.workpool import ExtractionPool, shared_pool
from scraper.config import DEFAULT_EXTRACT_MEMORY_MB, DEFAULT_EXTRACT_TIMEOUT
from scraper.errors import ExtractionTimeout, ScraperError
from scraper.extractor import extract
from scraper.models import Article, CrawledArticle, Page
from scraper.sitemodel import SiteModel, extract_page, host_of

__all__ = ["CHUNK_SIZE", "ExtractSettings", "extract_chunk", "extract_items"]

CHUNK_SIZE = 64
log = logging.getLogger("scraper.archive")
_IN_FLIGHT_PER_WORKER = 2
EXTRACT_FAILED = "extract-failed"
TIMED_OUT = "extract-timed-out"

_Job = tuple[str, bytes, str | None]  # (url, content, declared charset)


@dataclass(frozen=True, slots=True)
class ExtractSettings:
    """The extractor switches and which page kinds to keep."""

    markdown: bool = False
    include_comments: bool = False
    articles_only: bool = True
    timeout: float = DEFAULT_EXTRACT_TIMEOUT  # per page: a chunk over it is retried page by page
    memory_mb: int | None = DEFAULT_EXTRACT_MEMORY_MB


@dataclass(slots=True)
class _Chunk:
    pages: list[Page]
    positions: dict[str, int | str]


def extract_items(
    items: Iterable[ArchiveItem],
    *,
    processes: int = 1,
    settings: ExtractSettings = ExtractSettings(),
    stats: ArchiveStats,
    progress: ArchiveProgress | None = None,
    on_progress: Callable[[ArchiveStats], None] | None = None,
    models: Mapping[str, SiteModel] | None = None,
) -> Iterator[CrawledArticle]:
    """The articles of ``items``' pages, in order, extracted by ``processes`` processes; each
    page with its host's site model from ``models`` when there is one (``scraper.sitemodel``)."""
    yield from _extract_all(
        _chunks(items), processes, settings, stats, progress, on_progress, models or {}
    )
    log.info("archive read: %s", stats.as_dict())


def _extract_all(
    chunks: Iterator[_Chunk],
    processes: int,
    settings: ExtractSettings,
    stats: ArchiveStats,
    progress: ArchiveProgress | None,
    on_progress: Callable[[ArchiveStats], None] | None,
    models: Mapping[str, SiteModel],
) -> Iterator[CrawledArticle]:
    pool = shared_pool(max(1, processes), settings.memory_mb)
    threads = ThreadPoolExecutor(
        max_workers=max(1, processes), thread_name_prefix="scraper-archive"
    )
    pending: deque[tuple[_Chunk, Future[list[Article | str | None]]]] = deque()
    try:
        for chunk in chunks:
            jobs = _jobs(chunk)
            chunk_models = _models_for(jobs, models)
            pending.append(
                (chunk, threads.submit(_extract_guarded, pool, jobs, settings, chunk_models))
            )
            if len(pending) >= max(1, processes) * _IN_FLIGHT_PER_WORKER:
                done, future = pending.popleft()
                yield from _deliver(done, future.result(), stats)
                _commit(done, progress, stats, on_progress)
        while pending:
            done, future = pending.popleft()
            yield from _deliver(done, future.result(), stats)
            _commit(done, progress, stats, on_progress)
    finally:
        threads.shutdown(wait=True, cancel_futures=True)


def _models_for(jobs: list[_Job], models: Mapping[str, SiteModel]) -> dict[str, SiteModel]:
    """The site models a chunk's pages need (only those travel to the worker)."""
    if not models:
        return {}
    hosts = {host_of(url) for url, _, _ in jobs}
    return {host: models[host] for host in hosts if host in models}


def _extract_guarded(
    pool: ExtractionPool,
    jobs: list[_Job],
    settings: ExtractSettings,
    models: dict[str, SiteModel] | None = None,
) -> list[Article | str | None]:
    """A chunk in a worker process within one page's budget (a chunk of ordinary pages takes
    a second or two); a chunk over it, or whose worker died, is run again page by page, so only
    the page at fault fails ("extraction timed out")."""
    if not jobs:
        return []
    try:
        return pool.run_sync(settings.timeout, _extract_chunk, jobs, settings, models)
    except ScraperError:
        if len(jobs) == 1:
            return _extract_alone(pool, jobs[0], settings, models)
    results: list[Article | str | None] = []
    for job in jobs:
        results += _extract_alone(pool, job, settings, models)
    return results


def _extract_alone(
    pool: ExtractionPool,
    job: _Job,
    settings: ExtractSettings,
    models: dict[str, SiteModel] | None = None,
) -> list[Article | str | None]:
    try:
        return pool.run_sync(settings.timeout, _extract_chunk, [job], settings, models)
    except ExtractionTimeout as exc:
        log.warning("%s: %s", job[0], exc)
        return [f"{TIMED_OUT}: {exc}"]
    except ScraperError as exc:
        log.warning("%s: %s", job[0], exc)
        return [str(exc)]


def _chunks(items: Iterable[ArchiveItem]) -> Iterator[_Chunk]:
    chunk = _Chunk([], {})
    for item in items:
        chunk.positions[item.source] = item.position
        if item.page is not None:
            chunk.pages.append(item.page)
        if len(chunk.pages) >= CHUNK_SIZE or item.page is None:
            yield chunk
            chunk = _Chunk([], {})
    if chunk.pages or chunk.positions:
        yield chunk


def _jobs(chunk: _Chunk) -> list[_Job]:
    return [(page.final_url, page.content, page.encoding) for page in chunk.pages]


def _extract_chunk(
    jobs: list[_Job], settings: ExtractSettings, models: dict[str, SiteModel] | None = None
) -> list[Article | str | None]:
    """Worker side: an Article per kept page, None for a page of another kind, or an error."""
    results: list[Article | str | None] = []
    for url, content, encoding in jobs:
        model = models.get(host_of(url)) if models else None
        try:
            if model is None:
                article = extract(
                    content,
                    url,
                    markdown=settings.markdown,
                    include_comments=settings.include_comments,
                    encoding=encoding,
                )
            else:
                article = extract_page(
                    content,
                    url,
                    model,
                    markdown=settings.markdown,
                    include_comments=settings.include_comments,
                    encoding=encoding,
                )
        except Exception as exc:  # one bad page must not end a run over millions
            results.append(f"{type(exc).__name__}: {exc}")
            continue
        keep = article.page_kind == "article" or not settings.articles_only
        results.append(article if keep else None)
    return results


def _deliver(
    chunk: _Chunk,
    results: list[Article | str | None],
    stats: ArchiveStats,
) -> Iterator[CrawledArticle]:
    for page, result in zip(chunk.pages, results, strict=True):
        if isinstance(result, str):
            stats.skip(TIMED_OUT if result.startswith(TIMED_OUT) else EXTRACT_FAILED)
            continue
        if result is None:
            stats.skip(SkipReason.NOT_ARTICLE)
            continue
        stats.articles += 1
        yield CrawledArticle(
            article=result,
            fetched_at=page.fetched_at,
            status=page.status,
            final_url=page.final_url,
            content_hash=page.content_hash,
        )


def _commit(
    chunk: _Chunk,
    progress: ArchiveProgress | None,
    stats: ArchiveStats,
    on_progress: Callable[[ArchiveStats], None] | None,
) -> None:
    if progress is not None:
        progress.save(chunk.positions)
    if on_progress is not None:
        on_progress(stats)


# Public name for engines that ship chunks of pages elsewhere (scraper.distributed).
extract_chunk = _extract_chunk
