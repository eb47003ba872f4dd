"""Fetching a site: URL rules, robots.txt, the polite fetcher, discovery, the SQLite frontier,
and the crawl loop that wires them.

``crawl``/``acrawl``/``Crawler`` are re-exported by ``scraper`` itself; the modules here are
the parts (``fetch``, ``discover``, ``frontier``, ``robots``, ``urls``, ``crawl``, ``single``).
"""

import scraper._httpx  # noqa: F401  # first: httpx without its command-line client
from scraper.crawler.crawl import Crawler, CrawlStats, acrawl, crawl

__all__ = ["CrawlStats", "Crawler", "acrawl", "crawl"]
