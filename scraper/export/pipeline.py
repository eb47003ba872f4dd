"""A crawl wired to an exporter: what ``scraper crawl`` and ``scraper demo`` run.

Each article is written before the crawler is asked for the next one, and the crawler marks an
article exported only when asked for the next, committing those marks in groups, each only after
the exporter's ``sync`` made the group's files durable (one flush per group, not per file): an
interrupted run re-delivers at most the articles of the group in flight, which the exporter
overwrites in place, so output is exactly-once across runs.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from scraper.config import CrawlConfig
from scraper.export.writers import Exporter

if TYPE_CHECKING:
    from scraper.crawler.crawl import CrawlStats

__all__ = ["acrawl_to", "crawl_to"]

log = logging.getLogger(__name__)


async def acrawl_to(
    config: CrawlConfig,
    exporter: Exporter,
    *,
    on_progress: Callable[[Any], None] | None = None,
) -> CrawlStats:
    """Crawl with ``config`` and export every new or changed article; return the stats."""
    from scraper.crawler.crawl import Crawler

    crawler = Crawler(config, on_progress=on_progress, sync_output=exporter.sync)
    exporter.start()
    try:
        async for item in crawler.articles():
            exporter.export(item)
            if log.isEnabledFor(logging.INFO):
                where = exporter.last_path or "stdout"
                log.info("exported %s -> %s", item.article.url or item.final_url, where)
    finally:
        exporter.finish()
    return crawler.stats


def crawl_to(
    config: CrawlConfig,
    exporter: Exporter,
    *,
    on_progress: Callable[[Any], None] | None = None,
) -> CrawlStats:
    """The blocking form of ``acrawl_to``. Its extraction workers are forked before the event
    loop starts (``prefork_workers``), which spares starting the fork server."""
    from scraper.crawler.worker import prefork_workers

    prefork_workers(config.workers_for_extraction, config.extract_memory_mb)
    return asyncio.run(acrawl_to(config, exporter, on_progress=on_progress))
