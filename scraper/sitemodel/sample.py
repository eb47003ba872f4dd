"""Which pages a site's model is learned from: a sample spread over the site, not its first pages.

A crawl meets a site's pages in an order set by its links (a home page's dozens of tag pages
first, or the feed's posts first); a mirror's sorted paths put every tag page first. A model
learned from such a run of look-alike pages is wrong for the rest (posts' excerpts repeated on
every tag page look like template). So the run keeps a pool of up to ``POOL_PAGES`` pages per
host and learns from ``SAMPLE_PAGES`` of them chosen by ``choose_sample``: by a hash of each
URL's path (the same choice on every run and whatever the host is called: a crawl of a site and
its mirror learn from the same pages), taking one page of each URL shape in turn, so that no
shape (the tag pages) fills the sample while others have pages left. On a site smaller than
the pool the sample depends on nothing but the site.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable
from urllib.parse import urlsplit

from scraper.sitemodel.model import url_shape

__all__ = ["POOL_PAGES", "SAMPLE_PAGES", "choose_sample", "url_rank"]

SAMPLE_PAGES = 40  # pages a host's model is learned from (fewer if the site is smaller)
POOL_PAGES = 3 * SAMPLE_PAGES  # pages of a host met before its sample is chosen among them


def url_rank(url: str) -> int:
    """A URL's place in the sampling order: a hash of its path and query, not of its host."""
    parts = urlsplit(url)
    key = parts.path + ("?" + parts.query if parts.query else "")
    return int.from_bytes(hashlib.blake2b(key.encode("utf-8", "replace"), digest_size=8).digest())


def choose_sample(urls: Iterable[str], size: int = SAMPLE_PAGES) -> list[str]:
    """``size`` of ``urls`` spread over the site, in ``urls``' order: one page of each URL shape
    in turn (``tags/*/``, ``posts/*/``, ``about/``...), each shape's lowest ``url_rank`` first."""
    pool = list(dict.fromkeys(urls))
    if len(pool) <= size:
        return pool
    turns: Counter[str] = Counter()
    keyed = []
    for url in sorted(pool, key=lambda u: (url_rank(u), u)):
        shape = url_shape(url, suffixes=True)
        keyed.append((turns[shape], len(keyed), url))  # its turn: pages of its shape before it
        turns[shape] += 1
    chosen = {url for _, _, url in sorted(keyed)[:size]}
    return [u for u in pool if u in chosen]
