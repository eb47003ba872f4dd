"""scraper: turn blog and news archives into clean, structured text.

>>> from scraper import extract
>>> article = extract("<html><body><article><p>Hello, world.</p></article></body></html>")
>>> article.text
'Hello, world.'
"""

from __future__ import annotations

import typing as _typing
from importlib import import_module as _import_module

from scraper._version import __version__
from scraper.config import CrawlConfig
from scraper.errors import *  # noqa: F403
from scraper.errors import __all__ as _error_names
from scraper.extractor import extract, extract_text
from scraper.extractor.explain import Explanation, explain
from scraper.models import Article, CrawledArticle, Exchange, Page

if _typing.TYPE_CHECKING:  # the names stay out of the package's namespace until first use
    from typing import Any

    from scraper.crawler.crawl import Crawler, CrawlStats, acrawl, crawl

# The crawler's names load on first use (PEP 562): its stack (httpx, aiohttp, asyncio,
# multiprocessing, attrs) is ~20,000 tracked objects that every full garbage collection walks,
# so a process that only calls extract() does not carry them (~40% of the heap after import).
_CRAWLER_NAMES = frozenset({"Crawler", "CrawlStats", "acrawl", "crawl"})


def __getattr__(name: str) -> Any:
    """Import the crawler on first access to one of its names, then cache them in the package."""
    if name not in _CRAWLER_NAMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    crawler = _import_module("scraper.crawler")  # imports ``scraper._httpx`` first
    for each in _CRAWLER_NAMES:
        globals()[each] = getattr(crawler, each)
    return globals()[name]


__all__ = [
    "Article",
    "CrawlConfig",
    "CrawlStats",
    "CrawledArticle",
    "Crawler",
    "Exchange",
    "Explanation",
    "Page",
    "__version__",
    "acrawl",
    "crawl",
    "explain",
    "extract",
    "extract_text",
    *_error_names,
]
