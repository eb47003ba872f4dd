"""One live page, fetched and extracted: what ``scraper extract URL`` does for each URL."""

from __future__ import annotations

import asyncio

from scraper.config import CrawlConfig
from scraper.crawler.fetch import Fetcher
from scraper.errors import ExtractionError
from scraper.extractor import extract
from scraper.models import CrawledArticle, Page, redact_url

__all__ = ["fetch_article", "fetch_page"]


def fetch_article(
    url: str,
    config: CrawlConfig | None = None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
) -> CrawledArticle:
    """Fetch one page with the crawler's fetcher (user agent, timeouts, retries, size limit).

    A single page the user asked for by name: no robots.txt check, like ``curl``.
    """
    return asyncio.run(_fetch_article(url, config or CrawlConfig(), markdown, include_comments))


def fetch_page(url: str, config: CrawlConfig | None = None) -> Page:
    """Fetch one page as the crawler would, without extracting it (``scraper explain URL``)."""
    return asyncio.run(_fetch_page(url, config or CrawlConfig()))


async def _fetch_page(url: str, config: CrawlConfig) -> Page:
    fetcher = Fetcher(config)
    try:
        page = await fetcher.fetch(url)
    finally:
        await fetcher.aclose()
    if not page.html:
        what = page.content_type or "no type"
        raise ExtractionError(f"{redact_url(url)}: not an HTML page ({what})")
    return page


async def _fetch_article(
    url: str, config: CrawlConfig, markdown: bool, include_comments: bool
) -> CrawledArticle:
    page = await _fetch_page(url, config)
    article = extract(
        page.html, page.final_url, markdown=markdown, include_comments=include_comments
    )
    return CrawledArticle(
        article=article,
        fetched_at=page.fetched_at,
        status=page.status,
        final_url=page.final_url,
        content_hash=page.content_hash,
    )
