"""Site boilerplate for text dumps: lines that repeat across many pages of one site.

Dumps of one site share their header, menu, sidebar, promo boxes and footer. Counting each
block's fingerprint (``textfeatures.block_key``) once per page over a batch of the site's dumps
finds them; the result is plain data (a frozenset of fingerprints) handed to
``textdump.extract_text(..., site_lines=...)``, which treats those blocks as chrome. Pure: the
caller (a folder or WET run in ``scraper.archive.batch``) decides what a batch is.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable

from scraper.extractor.textfeatures import block_key
from scraper.extractor.textlines import split_dump

__all__ = ["MIN_PAGES", "SiteLines", "learn_site_lines"]

MIN_PAGES = 3  # fewer pages than this cannot tell a site's chrome from one article's text
MIN_SHARE = 0.5  # a block on at least half the site's pages is its chrome


class SiteLines:
    """Counts block fingerprints per page for one site; identical dumps count once."""

    def __init__(self) -> None:
        self.pages = 0
        self._counts: Counter[str] = Counter()
        self._seen: set[bytes] = set()

    def add(self, dump: str) -> None:
        digest = hashlib.blake2b(dump.encode("utf-8", "replace"), digest_size=16).digest()
        if digest in self._seen:
            return
        self._seen.add(digest)
        self.pages += 1
        self._counts.update({key for text in split_dump(dump).texts if (key := block_key(text))})

    def repeated(self, min_pages: int = MIN_PAGES, min_share: float = MIN_SHARE) -> frozenset[str]:
        """The fingerprints seen on at least ``min_share`` of the pages (and on two or more)."""
        if self.pages < min_pages:
            return frozenset()
        floor = max(2.0, min_share * self.pages)
        return frozenset(key for key, count in self._counts.items() if count >= floor)


def learn_site_lines(dumps: Iterable[str], min_pages: int = MIN_PAGES) -> frozenset[str]:
    """The repeated block fingerprints of a batch of dumps of one site."""
    site = SiteLines()
    for dump in dumps:
        site.add(dump)
    return site.repeated(min_pages)
