"""Extraction past one machine, on a Dask cluster (``pip install "scraper[dask]"``).

>>> from distributed import Client
>>> from scraper.distributed import extract_archives
>>> with Client("tcp://scheduler:8786") as client:  # doctest: +SKIP
...     for item in extract_archives(["s3://bucket/crawl/warc.paths.gz"], client):
...         print(item.final_url, item.article.title)

Inputs are WARC paths (on a filesystem every worker sees), fsspec URLs the workers open
themselves, or path lists (one per line, gzipped or not, like Common Crawl's ``warc.paths.gz``).
Each WARC is cut into record ranges, so one huge file still spreads over the workers; the
articles come back in file and record order, exactly those of
``scraper.archive.warc.iter_warc_articles``. ``to_bag`` gives the same work as a ``dask.bag``
for users composing their own graphs.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any

from scraper.archive.pipeline import ExtractSettings
from scraper.archive.stats import ArchiveStats
from scraper.distributed.cluster import ClusterError, connect
from scraper.distributed.run import RECORDS_PER_TASK, ClusterRun, ErrorHandler
from scraper.distributed.sources import Source, expand_sources
from scraper.models import CrawledArticle

__all__ = ["ClusterError", "connect", "extract_archives", "to_bag"]

Inputs = str | os.PathLike[str] | Iterable[str | os.PathLike[str]]


def extract_archives(
    paths: Inputs,
    client: Any = None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    articles_only: bool = True,
    state_dir: str | os.PathLike[str] | None = None,
    stats: ArchiveStats | None = None,
    on_progress: Callable[[ArchiveStats], None] | None = None,
    on_error: ErrorHandler | None = None,
    records_per_task: int = RECORDS_PER_TASK,
) -> Iterator[CrawledArticle]:
    """The articles of every WARC in ``paths``, extracted on the cluster of ``client``.

    ``client`` is a ``distributed.Client`` (default: the current one). A WARC that cannot be
    read is reported to ``on_error(where, message)`` (and logged) while the others complete.
    With ``state_dir`` an interrupted run resumes after the ranges its consumer took, sharing
    the one-machine reader's resume table. Raises ``ArchiveError`` before any work if a local
    path does not exist.
    """
    sources = expand_sources(paths)
    if client is None:
        client = _current_client()
    run = ClusterRun(
        client,
        sources,
        settings=ExtractSettings(markdown, include_comments, articles_only),
        stats=stats if stats is not None else ArchiveStats(),
        state_dir=Path(state_dir) if state_dir is not None else None,
        on_progress=on_progress,
        on_error=on_error,
        records_per_task=records_per_task,
    )
    yield from run.articles()


def to_bag(
    paths: Inputs,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    articles_only: bool = True,
    records_per_task: int = RECORDS_PER_TASK,
) -> Any:
    """A ``dask.bag.Bag`` of article records (``scraper.models.as_record`` dicts), one
    partition per record range, in file and record order.

    The ranges are planned now (on the current scheduler); the extraction runs when the bag is
    computed. Each partition stands alone: revisit records are not resolved and a page repeated
    in two ranges stays twice; use ``extract_archives`` for the one-reader semantics.
    """
    import dask
    import dask.bag

    from scraper.distributed.tasks import plan_ranges

    sources: list[Source] = expand_sources(paths)
    plans = dask.compute(
        *[dask.delayed(plan_ranges)(source.location, records_per_task) for source in sources]
    )
    settings = ExtractSettings(markdown, include_comments, articles_only)
    parts = [
        dask.delayed(_range_records)(source.location, span.start, span.end, settings)
        for source, plan in zip(sources, plans, strict=True)
        for span in plan.ranges
    ]
    return dask.bag.from_delayed(parts)


def _range_records(
    location: str, start: int, end: int | None, settings: ExtractSettings
) -> list[dict[str, Any]]:
    from scraper.distributed.run import crawled_article
    from scraper.distributed.tasks import PageResult, extract_range
    from scraper.models import Article, as_record

    output = extract_range(location, start, end, None, settings)
    return [
        as_record(crawled_article(entry.result, entry))
        for entry in output.entries
        if isinstance(entry, PageResult) and isinstance(entry.result, Article)
    ]


def _current_client() -> Any:
    from distributed import default_client

    try:
        return default_client()
    except ValueError as exc:
        raise ClusterError(
            "no Dask client: pass client= or start one (distributed.Client(...))"
        ) from exc
