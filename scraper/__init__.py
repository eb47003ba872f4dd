"""scraper: turn blog and news archives into clean, structured text.

>>> from scraper import extract
>>> article = extract("<html><body><article><p>Hello, world.</p></article></body></html>")
>>> article.text
'Hello, world.'
"""

from __future__ import annotations

from scraper import _httpx  # noqa: F401  # first: httpx without its command-line client
from scraper._version import __version__
from scraper.config import CrawlConfig
from scraper.crawler.crawl import Crawler, CrawlStats, acrawl, crawl
from scraper.errors import *  # noqa: F403
from scraper.errors import __all__ as _error_names
from scraper.extractor import extract, extract_text
from scraper.extractor.explain import Explanation, explain
from scraper.models import Article, CrawledArticle, Exchange, Page

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
