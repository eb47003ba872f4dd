"""Parsing and extraction off the event loop: the jobs the crawl sends to worker processes.

One slow input (a regular expression gone super-linear, libxml2 chewing on tag soup, an element
with tens of thousands of attributes) must not freeze every other fetch, so the crawl hands each
page, sitemap and feed to a worker of ``scraper.archive.workpool`` and awaits the answer without
blocking its loop; a job over its deadline raises ``ExtractionTimeout`` (its worker is killed).

The jobs are this module's top-level functions (``read_html``, ``read_discovery``): small,
picklable arguments in, plain values out. ``PageReader`` is the crawl's whole view of them.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable, Iterator
from dataclasses import dataclass, fields
from typing import Any, Literal, TypeVar

from scraper.archive.workpool import ExtractionPool, WorkerLanes, shared_pool
from scraper.crawler.discover import (
    FeedEntries,
    PageLinks,
    SitemapEntries,
    document_kind,
    page_links,
    parse_feed,
    parse_sitemap,
)
from scraper.extractor import extract_tree, parse_tree
from scraper.models import Article
from scraper.sitemodel.model import SiteModel
from scraper.sitemodel.models import extract_prepared
from scraper.sitemodel.refine import prepare

__all__ = [
    "ExtractionPool",
    "PackedModel",
    "PackedSitemap",
    "PageReader",
    "PageResult",
    "prefork_workers",
    "read_discovery",
    "read_html",
]

T = TypeVar("T")


# --- the jobs (run in a worker) ----------------------------------------------------------------


_ARTICLE_FIELDS = tuple(spec.name for spec in fields(Article))


@dataclass(frozen=True, slots=True)
class PageResult:
    """One HTML page read: its links (None when the page did not parse) and its article."""

    links: PageLinks | None
    article: Article | None  # None when only the links were asked for

    def __reduce__(self) -> tuple[Any, ...]:
        """Crosses back from the worker as plain tuples: a dataclass's own pickling walks its
        fields in Python on both sides, for every page."""
        links, article = self.links, self.article
        packed = None if links is None else (links.links, links.next_pages, links.feeds)
        nofollow = links is not None and links.nofollow
        values = None if article is None else tuple([getattr(article, n) for n in _ARTICLE_FIELDS])
        return _unpack_page_result, (packed, nofollow, values)


def _unpack_page_result(
    packed: tuple[list[str], list[str], list[str]] | None,
    nofollow: bool,
    values: tuple[Any, ...] | None,
) -> PageResult:
    links = None if packed is None else PageLinks(*packed, nofollow=nofollow)
    return PageResult(links, None if values is None else Article(*values))


def read_html(html: str, url: str, markdown: bool, model: SiteModel | None = None) -> PageResult:
    """Parse once: links first (extraction prunes the tree), then the article, refined by the
    site's learned ``model`` when there is one (plain data, so it travels to the worker)."""
    root = parse_tree(html)
    links = page_links(root, url) if root is not None else None
    if model is None:
        return PageResult(links, extract_tree(root, url, markdown=markdown))
    facts = prepare(root, url, model)
    return PageResult(links, extract_prepared(html, root, facts, model, markdown=markdown))


# Site models a worker has unpickled, by digest: a crawl sends the same few (one per host) with
# every page. Bounded: a crawl of very many hosts starts over rather than grow.
_UNPACKED: dict[str, SiteModel] = {}
_MAX_PACKED = 256


class PackedModel:
    """A site model as it travels with a page: pickled once in the crawl's process, unpickled
    once per worker, instead of both for every page. Its pickle is the digest and the model's
    own pickled bytes, and unpickles as the ``SiteModel`` itself (``_unpacked_model``), so the
    job's function never sees this wrapper; a worker that has not met the model yet (a new or
    a replaced one) reads it from those bytes, so every job still stands alone."""

    __slots__ = ("blob", "digest")

    def __init__(self, model: SiteModel) -> None:
        self.blob = pickle.dumps(model, pickle.HIGHEST_PROTOCOL)
        self.digest = hashlib.blake2b(self.blob, digest_size=16).hexdigest()

    def __reduce__(self) -> tuple[Any, ...]:
        return _unpacked_model, (self.digest, self.blob)


def _unpacked_model(digest: str, blob: bytes) -> SiteModel:
    model = _UNPACKED.get(digest)
    if model is None:
        model = pickle.loads(blob)  # the crawl's own bytes, as every job is
        if len(_UNPACKED) >= _MAX_PACKED:
            _UNPACKED.clear()
        _UNPACKED[digest] = model
    return model


def read_links(html: str, url: str) -> PageResult:
    """Only the page's links: a page held for its site's model is extracted once, with it."""
    root = parse_tree(html)
    return PageResult(page_links(root, url) if root is not None else None, None)


@dataclass(frozen=True, slots=True)
class PackedSitemap:
    """A sitemap's entries as they cross back from the worker: its pages as two texts of one
    line each, so a 20,000-URL sitemap is two strings in the crawl's process, not 20,000
    tuples, and its pages are read one at a time (``pages()``)."""

    sitemaps: list[str]
    urls: str
    lastmods: str

    @classmethod
    def pack(cls, entries: SitemapEntries) -> PackedSitemap:
        pages = [(u, m) for u, m in entries.pages if "\n" not in u]  # never in a normal URL
        return cls(
            entries.sitemaps,
            "\n".join(u for u, _ in pages),
            "\n".join(" ".join((m or "").split()) for _, m in pages),
        )

    def pages(self) -> Iterator[tuple[str, str | None]]:
        """``(url, lastmod or None)`` of each page, in the sitemap's order."""
        if not self.urls:
            return
        url_at = lastmod_at = 0
        while url_at <= len(self.urls):
            url_end = _line_end(self.urls, url_at)
            lastmod_end = _line_end(self.lastmods, lastmod_at)
            yield self.urls[url_at:url_end], self.lastmods[lastmod_at:lastmod_end] or None
            url_at, lastmod_at = url_end + 1, lastmod_end + 1


def _line_end(text: str, start: int) -> int:
    end = text.find("\n", start)
    return len(text) if end < 0 else end


DiscoveryResult = tuple[Literal["sitemap"], PackedSitemap] | tuple[Literal["feed"], FeedEntries]


def read_discovery(content: bytes, url: str) -> DiscoveryResult | None:
    """A sitemap's or a feed's entries, recognised by content; None for anything else."""
    kind = document_kind(content)
    if kind == "sitemap":
        return "sitemap", PackedSitemap.pack(parse_sitemap(content, url))
    if kind == "feed":
        return "feed", parse_feed(content, url)
    return None


class PageReader:
    """What the crawl sees of the workers: read a page or a discovery document within budget.

    Jobs go to ``workers`` lanes of the shared pool (``WorkerLanes``), several queued on each,
    so the workers never wait for the event loop; ``close()`` hands them back to the pool.
    ``workers=0`` reads in the calling process instead (no deadline): for debugging, or where
    processes cannot be started.
    """

    def __init__(self, workers: int, timeout: float, memory_mb: int | None) -> None:
        self.timeout = timeout
        self._lanes: WorkerLanes | None = None
        # Each model packed once, by id; the model is kept beside its packing, so its id cannot
        # be reused by another object while the entry lives. A run has one model per host.
        self._packed: dict[int, tuple[SiteModel, PackedModel]] = {}
        if workers > 0:
            pool = shared_pool(workers, memory_mb)
            pool.warm()
            self._lanes = pool.lanes(workers)

    async def html(
        self,
        html: str,
        url: str,
        markdown: bool,
        model: SiteModel | None = None,
        *,
        links_only: bool = False,
    ) -> PageResult:
        if links_only:
            return await self._run(read_links, html, url)
        if model is None or self._lanes is None:
            return await self._run(read_html, html, url, markdown, model)
        return await self._run(read_html, html, url, markdown, self._pack(model))

    def _pack(self, model: SiteModel) -> PackedModel:
        """``model`` ready to cross to a worker, packed the first time it is asked for."""
        known = self._packed.get(id(model))
        if known is not None and known[0] is model:
            return known[1]
        if len(self._packed) >= _MAX_PACKED:
            self._packed.clear()
        packed = PackedModel(model)
        self._packed[id(model)] = (model, packed)
        return packed

    async def discovery(self, content: bytes, url: str) -> DiscoveryResult | None:
        return await self._run(read_discovery, content, url)

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        if self._lanes is None:
            return function(*args)
        return await self._lanes.run(self.timeout, function, *args)

    def close(self) -> None:
        if self._lanes is not None:
            self._lanes.close()


def prefork_workers(workers: int, memory_mb: int | None) -> int:
    """Start the crawl's extraction workers now, by forking this process (``prefork``): call it
    before the event loop starts, with the extractor imported (this module imports it)."""
    if workers <= 0:
        return 0
    return shared_pool(workers, memory_mb).prefork(workers)
