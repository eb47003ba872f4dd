"""The crawl: wires robots, discovery, the frontier, the fetcher and the extractor together.

``Crawler.articles()`` yields each new or changed article once. Workers fetch URLs from the
SQLite frontier; every page's outcome (and its article, if any) is recorded in one atomic step,
steps are committed in groups (every ``COMMIT_GROUP`` steps or ``COMMIT_SECONDS``), and an
article is marked exported only when the consumer asks for the next one, that mark being
committed only after ``sync_output`` (the exporter's flush to disk) has run. So delivery is
at-least-once across crashes, and an exporter that overwrites deterministically writes each
article exactly once.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import fcntl
import hashlib
import itertools
import json
import json.encoder
import logging
import os
import sqlite3
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import IO, Any
from urllib.parse import urlsplit

import httpx

from scraper.config import CrawlConfig
from scraper.crawler.discover import (
    FEED_PATHS,
    SITEMAP_PATHS,
    FeedEntries,
    PageLinks,
    document_kind,
)
from scraper.crawler.fetch import ExchangeRecorder, Fetcher
from scraper.crawler.frontier import PRIORITY, Frontier, NewURL, URLRow
from scraper.crawler.render import PageRenderer
from scraper.crawler.robots import RobotsPolicy, robots_url
from scraper.crawler.urls import Scope, normalize_url, site_root, url_host
from scraper.crawler.worker import PackedSitemap, PageReader
from scraper.errors import (
    CrawlLocked,
    ExportError,
    ExtractionError,
    ExtractionTimeout,
    FetchError,
    HTTPStatusError,
    InputError,
    OutOfScope,
    RedirectError,
    RobotsDisallowed,
    StateError,
    TooLarge,
)
from scraper.extractor.classify import is_list_address
from scraper.models import Article, CrawledArticle, Page, redact_url
from scraper.sitemodel import MODEL_FILE, SiteModels, host_of

__all__ = ["CrawlStats", "Crawler", "ExchangeRecorder", "acrawl", "crawl"]

STATE_FILE = "state.sqlite"
LOCK_FILE = "lock"
# Frontier steps (a claim, a page's outcome, a delivery) per commit, and the longest a step waits
# for its commit: a kill loses at most this much work, which the next run does again.
COMMIT_GROUP = 256
COMMIT_SECONDS = 0.25
# Pages delivered in this run remembered by their bytes and text (``Crawler._copy_delivered``):
# bounded, so memory stays flat.
DELIVERED_PAGES = 65536

log = logging.getLogger("scraper.crawl")
# Failures of the run's own resources stop the run; anything else fails one page only.
RUN_ERRORS = (StateError, ExportError)


@dataclass(slots=True)
class CrawlStats:
    """Running figures of one crawl run (``on_progress`` receives this object)."""

    discovered: int = 0
    fetched: int = 0
    exported: int = 0
    not_modified: int = 0
    skipped: int = 0
    duplicates: int = 0  # articles whose page was exported under another address
    failed: int = 0
    needed_render: int = 0  # pages detected as app shells that only a browser fills
    rendered: int = 0
    started_at: float = field(default_factory=time.monotonic)
    # Why start URLs gave nothing (an off-site redirect, robots.txt, an error): said to the user
    # when the whole run crawled nothing.
    start_problems: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        """Fetched pages per second since the start."""
        elapsed = time.monotonic() - self.started_at
        return self.fetched / elapsed if elapsed > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        data = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)}
        data.pop("started_at")
        data.pop("start_problems")
        data["rate"] = round(self.rate, 2)
        data["elapsed"] = round(time.monotonic() - self.started_at, 3)
        return data


# ``json.dumps(value, sort_keys=True, ensure_ascii=False)``'s own C encoder, made once: ``dumps``
# builds an encoder object and a C encoder for every call (a third of the hash's JSON time).
# No cycle check: an article's dict holds strings, numbers, None and lists of strings only.
_MAKE_ENCODER = getattr(json.encoder, "c_make_encoder", None)
_HASH_JSON = (
    None
    if _MAKE_ENCODER is None
    else _MAKE_ENCODER(
        None,  # markers: no cycle check
        json.JSONEncoder().default,  # what is not JSON: the same TypeError as ``dumps``
        json.encoder.encode_basestring,  # ensure_ascii=False
        None,  # indent
        ": ",
        ", ",
        True,  # sort_keys
        False,  # skipkeys
        True,  # allow_nan
    )
)


def _article_hash(item: CrawledArticle) -> str:
    """What "changed" means for re-export: the extracted article, not the raw bytes (its
    ``to_dict()`` as ``json.dumps(..., sort_keys=True, ensure_ascii=False)`` renders it)."""
    article = item.article.to_dict()
    if _HASH_JSON is not None:
        data = "".join(_HASH_JSON(article, 0))
    else:
        data = json.dumps(article, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(data.encode("utf-8")).hexdigest()


def _page_key(item: CrawledArticle) -> str:
    """A delivered page's bytes and text as one key ("" without bytes or text)."""
    text = item.article.text
    if not item.content_hash or not text:
        return ""
    return f"{item.content_hash}:{hashlib.sha256(text.encode('utf-8')).hexdigest()[:32]}"


def _canonical_variant_of(url: str, canonical: str | None) -> str | None:
    """The canonical URL when ``url`` is only a query-string variant of it, else None.

    Only same host and path count: a canonical elsewhere (a syndicated copy, a misconfigured
    theme pointing every page at the home page) is not trusted to drop a page.
    """
    if not canonical or canonical == url:  # the common case, without a normalisation
        return None
    target = normalize_url(canonical, url)
    if target is None or target == url:
        return None
    here, there = urlsplit(url), urlsplit(target)
    if (here.netloc, here.path) != (there.netloc, there.path) or not here.query:
        return None
    return target


class _StateLock:
    """An exclusive ``flock`` on the state folder: one crawl per output folder at a time."""

    def __init__(self, config: CrawlConfig) -> None:
        self.path = config.state_dir / LOCK_FILE
        self.handle: IO[str] | None = None

    def acquire(self) -> None:
        folder = self.path.parent
        for planted in (folder, self.path, folder / STATE_FILE):
            if planted.is_symlink():  # the state must never be written outside the output
                raise StateError(f"refusing to follow a symlink in the crawl state: {planted}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(self.path, "a+")  # noqa: SIM115 - held for the crawl's lifetime
        except OSError as exc:
            raise StateError(f"cannot create crawl state in {self.path.parent}: {exc}") from exc
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError as exc:
            handle.close()
            raise CrawlLocked(f"another crawl is running on {self.path.parent.parent}") from exc
        self.handle = handle

    def release(self) -> None:
        if self.handle is not None:
            fcntl.flock(self.handle.fileno(), fcntl.LOCK_UN)
            self.handle.close()
            self.handle = None


class Crawler:
    """One crawl of ``config.start_urls``; iterate ``articles()`` to run it.

    A ``recorder`` passed in receives every HTTP exchange and stays the caller's to close; with
    ``config.warc_path`` and no recorder the crawler writes a WARC itself and closes it.

    ``sync_output``, when given, makes everything the consumer wrote so far durable (the
    exporter's ``sync``); it runs before each commit that records articles as exported.

    ``config.max_pages`` bounds the URLs taken from the frontier in one run (pages, feeds and
    sitemaps alike); the next run on the same folder carries on from there. A run that empties
    the frontier marks the crawl complete, and the run after that is an incremental re-crawl:
    feeds and sitemaps first, then new URLs, then conditional GETs for every known page.
    Articles are yielded only when new or changed (their extracted fields, not raw bytes).
    """

    def __init__(
        self,
        config: CrawlConfig,
        *,
        on_progress: Callable[[CrawlStats], None] | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
        recorder: ExchangeRecorder | None = None,
        sync_output: Callable[[], None] | None = None,
    ) -> None:
        if not config.start_urls:
            raise InputError("at least one start URL is needed")
        self.config = config
        self.scope = Scope(config.start_urls, config.include, config.exclude)
        self.seeds = [normalize_url(u) for u in config.start_urls]
        self._seed_set = {seed for seed in self.seeds if seed is not None}
        self.on_progress = on_progress
        self.transport = transport
        self.recorder = recorder
        self.sync_output = sync_output
        self.stats = CrawlStats()
        self.renderer = PageRenderer(config, self.scope, self.stats)  # checks setup, starts nothing
        self._robots: dict[str, RobotsPolicy] = {}
        self._robots_locks: dict[str, asyncio.Lock] = {}
        self._frontier: Frontier | None = None
        self._fetcher: Fetcher | None = None
        self.site_models: SiteModels | None = None
        self._reader: PageReader | None = None
        self._fatal: BaseException | None = None
        self._wake = asyncio.Event()
        self._in_flight = 0
        self._claims = 0
        self._queue_exhausted = False
        self._settling: set[str] = set()  # hosts whose held pages are being decided
        # each page delivered in this run by its bytes and text, with its address
        self._delivered_pages: dict[str, str] = {}

    # --- the run -----------------------------------------------------------------------------

    async def articles(self) -> AsyncIterator[CrawledArticle]:
        """Run the crawl, yielding each new or changed article once (at-least-once on crashes)."""
        lock = _StateLock(self.config)
        lock.acquire()
        own_recorder = None
        workers: list[asyncio.Task[None]] = []
        committer: asyncio.Task[None] | None = None
        try:
            if self.config.fresh:
                self._forget_state()
            self._frontier = Frontier(self.config.state_dir / STATE_FILE, group=COMMIT_GROUP)
            self._frontier.before_commit = self.sync_output
            if self.config.site_model:
                self.site_models = SiteModels(self.config.state_dir / MODEL_FILE)
            if self.recorder is None and self.config.warc_path is not None:
                from scraper.archive.warc import WarcWriter  # lazily: the crawl works without it

                own_recorder = WarcWriter(self.config.warc_path)
                self.recorder = own_recorder
            self._fetcher = Fetcher(self.config, transport=self.transport, recorder=self.recorder)
            self.renderer.attach(self._fetcher, self._policy, self.recorder)
            self._reader = PageReader(
                self.config.workers_for_extraction,
                self.config.extract_timeout,
                self.config.extract_memory_mb,
            )
            self._frontier.begin_run()
            self._seed()
            self.stats.started_at = time.monotonic()
            self.stats.discovered = self._frontier.count()
            self._wake = asyncio.Event()
            workers = [asyncio.create_task(self._worker()) for _ in range(self.config.concurrency)]
            committer = asyncio.create_task(self._commit_now_and_then())
            async for item in self._deliver(workers):
                yield item
            if self._fatal is not None:
                raise self._fatal
            if self._queue_exhausted:
                self._frontier.mark_complete()
        except sqlite3.Error as exc:  # a read outside the frontier's write transactions
            raise StateError(f"crawl state unusable: {exc}") from exc
        finally:
            tasks = [*workers, *([committer] if committer is not None else [])]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)
            await self.renderer.aclose()
            if self._reader is not None:
                self._reader.close()
            if self._fetcher is not None:
                await self._fetcher.aclose()
            if own_recorder is not None:
                own_recorder.close()
            if self._frontier is not None:
                self._frontier.close()
            lock.release()

    async def _deliver(self, workers: list[asyncio.Task[None]]) -> AsyncIterator[CrawledArticle]:
        frontier = self._require_frontier()
        while True:
            pending = frontier.next_pending()
            if pending is not None:
                seq, item = pending
                key = _page_key(item)
                if self._copy_delivered(key, item.final_url):
                    frontier.delivered(seq)  # handled: never delivered again, here or resumed
                    self.stats.duplicates += 1
                    continue
                yield item
                frontier.delivered(seq)
                self._remember_delivered(key, item.final_url)
                self.stats.exported += 1
                self._progress()
                continue
            if self._fatal is not None:
                return
            if all(task.done() for task in workers):
                if await self._settle_all():
                    # Pages held for their site's model were decided: deliver them, and crawl
                    # what their decision revealed (a canonical address).
                    if frontier.count("queued"):
                        workers += [
                            asyncio.create_task(self._worker())
                            for _ in range(self.config.concurrency)
                        ]
                    continue
                return
            self._wake.clear()
            await self._wake.wait()

    def _copy_delivered(self, key: str, url: str) -> bool:
        """Whether this run delivered the same page (``_page_key``) under another address
        already: a host answering ``/x`` as ``/x.html``, a post linked with and without its
        ``index.html`` (two app shells alike in their bytes differ once a browser rendered
        them)."""
        delivered_at = self._delivered_pages.get(key) if key else None
        return delivered_at is not None and delivered_at != url

    def _remember_delivered(self, key: str, url: str) -> None:
        if not key:
            return
        pages = self._delivered_pages
        pages[key] = url
        if len(pages) > DELIVERED_PAGES:
            del pages[next(iter(pages))]

    async def _commit_now_and_then(self) -> None:
        """Commit the frontier's open group every ``COMMIT_SECONDS``: a slow (polite) crawl's
        progress is durable soon too. A failed commit stops the run like a failed worker."""
        frontier = self._require_frontier()
        try:
            while True:
                await asyncio.sleep(COMMIT_SECONDS)
                frontier.commit()
        except BaseException as exc:
            if self._fatal is None and not isinstance(exc, asyncio.CancelledError):
                self._fatal = exc
            self._wake.set()
            raise

    def _forget_state(self) -> None:
        for name in (STATE_FILE, STATE_FILE + "-wal", STATE_FILE + "-shm", MODEL_FILE):
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.config.state_dir / name)

    def _require_frontier(self) -> Frontier:
        if self._frontier is None:
            raise StateError("the crawl is not running")
        return self._frontier

    def _require_reader(self) -> PageReader:
        if self._reader is None:
            raise StateError("the crawl is not running")
        return self._reader

    def _require_fetcher(self) -> Fetcher:
        if self._fetcher is None:
            raise StateError("the crawl is not running")
        return self._fetcher

    def _progress(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.stats)

    def _seed(self) -> None:
        """The start URLs (sitemaps come with robots.txt, feeds with the start pages)."""
        new: list[NewURL] = []
        for seed in self.seeds:
            if seed is None:
                continue
            new.append(NewURL(seed, "page", PRIORITY["seed"], 0))
        self._require_frontier().add(new)

    # --- workers -----------------------------------------------------------------------------

    async def _worker(self) -> None:
        frontier = self._require_frontier()
        try:
            while True:
                row = None
                if self.config.max_pages is None or self._claims < self.config.max_pages:
                    row = frontier.claim()
                if row is None:
                    if self._in_flight == 0:
                        self._queue_exhausted = (
                            self.config.max_pages is None or self._claims < self.config.max_pages
                        )
                        return
                    self._wake.clear()
                    await self._wake.wait()
                    continue
                self._claims += 1
                self._in_flight += 1
                try:
                    await self._process_safely(row)
                finally:
                    self._in_flight -= 1
                    self._progress()
                    self._wake.set()
        except BaseException as exc:
            # The run's own resources failed (state, output, WARC): stop every worker now.
            if self._fatal is None and not isinstance(exc, asyncio.CancelledError):
                self._fatal = exc
            raise
        finally:
            self._wake.set()

    async def _process_safely(self, row: URLRow) -> None:
        """A page can fail; the run never does: anything unexpected while handling one URL is
        recorded as that URL's failure, unless the run's own state or output failed."""
        try:
            await self._process(row)
        except RUN_ERRORS:
            raise
        except Exception as exc:  # the boundary of one page
            log.debug("%s: unexpected error", redact_url(row.url), exc_info=True)
            self._page_failed(row, f"internal error: {type(exc).__name__}: {exc}")
        if row.depth == 0 and row.kind == "page" and row.url in self._seed_set:
            self._note_start_outcome(row.url)

    def _note_start_outcome(self, url: str) -> None:
        outcome = self._require_frontier().outcome(url)
        if outcome is not None and outcome[0] in ("skipped", "failed", "blocked", "quarantined"):
            reason = outcome[1] or outcome[0]
            self.stats.start_problems.append(f"{redact_url(url)}: {reason}")

    async def _process(self, row: URLRow) -> None:
        frontier = self._require_frontier()
        if row.attempts > self.config.max_attempts:
            # Claimed this often without an outcome: each run died on it. Stop feeding it in.
            frontier.finish(row, status="failed", error=f"gave up after {row.attempts - 1} runs")
            self.stats.failed += 1
            return
        policy = await self._policy(row.url)
        if not policy.allowed(row.url):
            status = "blocked" if policy.state == "unreachable" else "skipped"
            frontier.finish(row, status=status, error=f"robots.txt ({policy.state})")
            self.stats.skipped += 1
            return
        if row.kind == "page" and not self.scope.in_scope(row.url):
            frontier.finish(row, status="skipped", error="out of scope")
            self.stats.skipped += 1
            return
        check = self._page_check if row.kind == "page" else self._site_check
        try:
            page = await self._require_fetcher().fetch(
                row.url,
                row.kind,
                etag=row.etag,
                last_modified=row.last_modified,
                check=check,
            )
        except HTTPStatusError as exc:
            self.stats.fetched += 1
            quiet = row.kind != "page" and exc.status in (404, 410)
            frontier.finish(
                row, status="skipped" if quiet else "failed", http_status=exc.status, error=str(exc)
            )
            if quiet:
                self.stats.skipped += 1
            else:
                self.stats.failed += 1
            return
        except (OutOfScope, RobotsDisallowed) as exc:
            frontier.finish(row, status="skipped", error=str(exc))
            self.stats.skipped += 1
            return
        except (TooLarge, RedirectError, FetchError) as exc:
            frontier.finish(row, status="failed", error=str(exc))
            self.stats.failed += 1
            return
        self.stats.fetched += 1
        await self._handle(row, page)

    async def _handle(self, row: URLRow, page: Page) -> None:
        frontier = self._require_frontier()
        validators = {
            "etag": page.headers.get("etag"),
            "last_modified": page.headers.get("last-modified"),
            "http_status": page.status,
            "fetched_at": page.fetched_at,
        }
        if page.status == 304:
            frontier.finish(row, status="done", **validators)
            self.stats.not_modified += 1
            return
        # No redirect: the final URL is the frontier's own, normalised already.
        final = row.url if page.final_url == row.url else normalize_url(page.final_url) or row.url
        also: tuple[str, ...] = ()
        if final != row.url:
            if not frontier.adopt(final, row.kind, row.depth):
                # The target is known under its own URL: it is (or will be) handled there.
                frontier.finish(row, status="skipped", final_url=final, error="redirect to known")
                self.stats.skipped += 1
                return
            also = (final,)
        content = page.content
        common = {**validators, "content_hash": page.content_hash, "final_url": final}
        # Sitemaps and feeds are known by their content, whatever their Content-Type says: a
        # discovery URL always gets a look, a page only when its first element says so.
        # A page that is neither (an image, a PDF) is not shipped to a worker at all.
        discovery = bool(content) and (
            row.kind != "page"
            or document_kind(content, inflate=False) is not None
            or (not page.html and content.startswith(b"\x1f\x8b"))  # a gzipped sitemap
        )
        try:
            if discovery and await self._handle_discovery(row, content, final, also, common):
                return
            if page.html:
                await self._handle_html(row, page, final, also, common)
                return
        except ExtractionTimeout as exc:
            # Over budget: given up for good (until --fresh), so the next run does not stall
            # on it again.
            self._page_failed(row, str(exc), also=also, quarantine=True, **common)
            return
        except ExtractionError as exc:
            self._page_failed(row, str(exc), also=also, **common)
            return
        frontier.finish(row, status="skipped", error="not HTML", also=also, **common)
        self.stats.skipped += 1
        self.stats.discovered = frontier.known()

    async def _handle_discovery(
        self,
        row: URLRow,
        content: bytes,
        final: str,
        also: tuple[str, ...],
        common: dict[str, Any],
    ) -> bool:
        """Read a sitemap or feed (in a worker); False when the content is neither."""
        frontier = self._require_frontier()
        result = await self._require_reader().discovery(content, final)
        if result is None:
            return False
        kind, entries = result
        found: Iterable[NewURL] = []
        if isinstance(entries, PackedSitemap):
            # A generator: a big sitemap's pages go to the frontier one at a time.
            limit = self.config.max_links_per_document
            found = itertools.chain(
                (
                    NewURL(u, "sitemap", PRIORITY["discovery"], 0)
                    for u in entries.sitemaps[:limit]
                    if self._may_fetch_from_site(u)
                ),
                (
                    NewURL(u, "page", PRIORITY["page"], 1, lastmod=lastmod)
                    for u, lastmod in itertools.islice(entries.pages(), limit)
                    if self._may_fetch(u)
                ),
            )
        elif isinstance(entries, FeedEntries):
            # A feed that summarises none of its items lists the blog's tag or category pages:
            # links to follow, not posts, so no hint that would make them articles.
            hint = "feed_item" if entries.summarised else None
            found = [
                NewURL(u, "page", PRIORITY["feed_item"], 1, hint=hint)
                for u in entries.items[: self.config.max_links_per_document]
                if self._may_fetch(u)
            ]
        frontier.finish(row, status="done", page_kind=kind, found=found, also=also, **common)
        self.stats.discovered = frontier.known()
        return True

    def _page_failed(
        self,
        row: URLRow,
        reason: str,
        *,
        also: tuple[str, ...] = (),
        quarantine: bool = False,
        **outcome: Any,
    ) -> None:
        """Record one page's failure with its reason and log it; the crawl goes on."""
        log.warning("%s: %s", redact_url(row.url), reason)
        status = "quarantined" if quarantine else "failed"
        self._require_frontier().finish(row, status=status, error=reason, also=also, **outcome)
        self.stats.failed += 1

    async def _handle_html(
        self, row: URLRow, page: Page, final: str, also: tuple[str, ...], common: dict[str, Any]
    ) -> None:
        frontier = self._require_frontier()
        models = self.site_models
        # ``host_of(final)`` (the netloc, lower-cased) once a page, from ``url_host``'s memo
        host = url_host(final).lower()
        held_back = models is not None and host not in models.models  # ``is_learned``
        model = None if models is None or held_back else models.models.get(host)
        reader = self._require_reader()
        result = await reader.html(
            page.html, final, self.config.markdown, model, links_only=held_back
        )
        found = self._page_found(row, final, result.links)
        article = result.article
        if self.renderer.wanted(page, article):  # an app shell: read what a browser builds
            try:
                page = await self.renderer.render(page, final)
            except Exception as exc:  # a browser crash or hang: failed, the next run retries
                frontier.finish(row, status="failed", error=f"rendering failed: {exc}")
                self.stats.failed += 1
                return
            result = await reader.html(
                page.html, final, self.config.markdown, model, links_only=held_back
            )
            found = self._page_found(row, final, result.links)
            article = result.article
        if held_back:
            # The site's model is still learned from its first pages: keep this one and decide
            # it with the model (``_settle``), so the output is as if it had been known first.
            held = json.dumps(
                {
                    "final_url": final,
                    "html": page.html,
                    "status": page.status,
                    "fetched_at": page.fetched_at,
                    "content_hash": page.content_hash,
                }
            )
            frontier.finish(
                row,
                status="done",
                page_kind="held",
                found=found,
                also=also,
                held=(host, held),
                **common,
            )
            if frontier.held_count(host) >= models.pool_pages:
                await self._settle(host)
            self.stats.discovered = frontier.known()
            return
        if article is None:  # only links were read: not held back, so never
            raise ExtractionError("page not extracted")
        kind, item, item_hash = self._verdict(row, page, final, article, found)
        frontier.finish(
            row,
            status="done",
            page_kind=kind,
            found=found,
            article=item,
            article_hash=item_hash,
            also=also,
            **common,
        )
        self.stats.discovered = frontier.known()
        if item is not None:
            self._wake.set()

    def _verdict(
        self, row: URLRow, page: Page, final: str, article: Article, found: list[NewURL]
    ) -> tuple[str, CrawledArticle | None, str | None]:
        """The page's kind and, for a new or changed article, what to deliver and its hash."""
        kind = article.page_kind
        models = self.site_models
        listed = row.hint == "feed_item" and (
            not models or (article.date_published and not models.decides_kinds(final))
        )
        if kind == "other" and listed and article.text and not is_list_address(final):
            # A URL listed among a feed's items is a post: trust that over a weak "other" (with
            # a site model only a dated one: some feeds list the tag pages too; never one at a
            # blog engine's list address, ``/tags/x/``).
            kind = "article"
            article = dataclasses.replace(article, page_kind="article")
        item = None
        item_hash = None
        canonical = _canonical_variant_of(final, article.canonical_url)
        if kind == "article" and canonical is not None:
            # ``/post/?share=x`` whose canonical is ``/post/``: export the page once, there.
            found.append(NewURL(canonical, "page", PRIORITY["page"], row.depth))
            kind = "duplicate"
        if kind == "article" and self.scope.exportable(final):
            item = CrawledArticle(
                article=article,
                fetched_at=page.fetched_at,
                status=page.status,
                final_url=final,
                content_hash=page.content_hash,
            )
            item_hash = _article_hash(item)
            if item_hash == row.exported_hash:
                item = None
        else:
            self.stats.skipped += 1  # a listing or other page: read for links only
        return kind, item, item_hash

    async def _settle(self, host: str) -> None:
        """Learn ``host``'s site model from a sample of its held pages, then decide each of them
        with it (the pages out of the sample in the workers: the crawl goes on meanwhile)."""
        if self.site_models is None or host in self._settling:
            return
        self._settling.add(host)
        try:
            await self._decide_held(host, self.site_models)
        finally:
            self._settling.discard(host)
        self._wake.set()

    async def _decide_held(self, host: str, models: SiteModels) -> None:
        frontier = self._require_frontier()
        held = [(url, json.loads(text)) for url, text in frontier.held_pages(host)]
        pages = [(p["final_url"], p["html"]) for _, p in held]
        decided: dict[str, Article | ExtractionError] = {}
        if host not in models.models:  # else a run died while deciding them: the model is kept
            frontier.commit()  # the held pages are on disk before the model that decides them
            # The sample's pages judged alone (in the workers), which the learner checks its
            # model against.
            chosen = models.sample_of(u for u, _ in pages)
            sample = [(u, h) for u, h in pages if u in chosen]
            alone = await asyncio.gather(*(self._extract_with_model(h, u) for u, h in sample))
            failed = {
                u: a for (u, _), a in zip(sample, alone, strict=True) if not isinstance(a, Article)
            }
            kinds = {
                u: a.page_kind
                for (u, _), a in zip(sample, alone, strict=True)
                if isinstance(a, Article)
            }
            # a page over its budget alone is not read again in this process to learn from
            learnable = [(u, h) for u, h in pages if u not in failed]
            decided.update(failed)
            decided.update(
                models.learn(host, learnable, markdown=self.config.markdown, alone_kinds=kinds)
            )
        rest = [p for _, p in held if p["final_url"] not in decided]
        read = await asyncio.gather(
            *(self._extract_with_model(p["html"], p["final_url"]) for p in rest)
        )
        decided.update(zip((p["final_url"] for p in rest), read, strict=True))
        skipped = self.stats.skipped
        for url, data in held:
            row = frontier.lookup(url)
            if row is None:
                continue
            page = Page(
                url=url,
                **{
                    k: data[k]
                    for k in ("final_url", "html", "status", "fetched_at", "content_hash")
                },
            )
            found: list[NewURL] = []
            article = decided[page.final_url]
            if isinstance(article, ExtractionError):
                # over its budget (given up for good, until --fresh) or its worker died
                status = "quarantined" if isinstance(article, ExtractionTimeout) else "failed"
                frontier.release(url, page_kind="other", failure=(status, str(article)))
                self.stats.failed += 1
                continue
            kind, item, item_hash = self._verdict(row, page, page.final_url, article, found)
            frontier.release(url, page_kind=kind, found=found, article=item, article_hash=item_hash)
        if not self.stats.fetched:
            # A resumed run that only decides what a killed one fetched and held: those are no
            # pages this run skipped (it would read as "nothing could be fetched").
            self.stats.skipped = skipped

    async def _extract_with_model(self, html: str, url: str) -> Article | ExtractionError:
        """A held page out of the learning sample, extracted in a worker with its site's model;
        the error when it ran over its budget or its worker died (recorded, never raised)."""
        models = self.site_models
        model = models.models.get(host_of(url)) if models is not None else None
        try:
            result = await self._require_reader().html(html, url, self.config.markdown, model)
        except ExtractionError as exc:
            log.warning("%s: %s", redact_url(url), exc)
            return exc
        return result.article if result.article is not None else Article(url=url, page_kind="other")

    async def _settle_all(self) -> bool:
        """At the end of a crawl, decide the pages held for sites too small to fill a sample."""
        frontier = self._require_frontier()
        if self.site_models is None or not self._queue_exhausted:
            return False
        hosts = frontier.held_hosts()
        for host in hosts:
            await self._settle(host)
        return bool(hosts)

    def _page_found(self, row: URLRow, final: str, links: PageLinks | None) -> list[NewURL]:
        """The URLs a page reveals that this crawl may follow."""
        found: list[NewURL] = []
        if links is None:
            return found
        limit = self.config.max_links_per_document
        feeds = links.feeds[:limit]
        if row.depth == 0 and not feeds and not links.nofollow:
            # A start page that names no feed: try the usual places instead.
            feeds = [site_root(final).rstrip("/") + path for path in FEED_PATHS]
        found += [
            NewURL(u, "feed", PRIORITY["discovery"], 0)
            for u in feeds
            if self._may_fetch_from_site(u)
        ]
        # Links the frontier knows already (the menu, the sidebar, on every page) would change
        # nothing there: they are left out before their scope check and their ``NewURL``.
        # ``finish`` runs before the next await, so what is known now is known then.
        knows = self._require_frontier().knows
        # The next page of a listing is the same listing, not a level deeper: a blog with
        # 500 pages of pagination must not run into max_depth.
        found += [
            NewURL(u, "page", PRIORITY["page"], row.depth)
            for u in links.next_pages[:limit]
            if not knows(u) and self._may_fetch(u)
        ]
        depth = row.depth + 1
        if depth <= self.config.max_depth:
            found += [
                NewURL(u, "page", PRIORITY["page"], depth)
                for u in links.links[:limit]
                if not knows(u) and self._may_fetch(u)
            ]
        return found

    def _may_fetch(self, url: str) -> bool:
        """In scope and of a sane length (endless calendar or session URLs grow without end)."""
        return len(url) <= self.config.max_url_length and self.scope.in_scope(url)

    def _may_fetch_from_site(self, url: str) -> bool:
        """On the crawl's site (any path): for feeds and sitemaps."""
        return len(url) <= self.config.max_url_length and self.scope.in_site(url)

    # --- robots and redirect checks ----------------------------------------------------------

    async def _policy(self, url: str) -> RobotsPolicy:
        host = url_host(url)
        policy = self._robots.get(host)
        if policy is not None:
            return policy
        lock = self._robots_locks.setdefault(host, asyncio.Lock())
        async with lock:
            policy = self._robots.get(host)
            if policy is None:
                policy = await self._load_robots(url)
                self._robots[host] = policy
        return policy

    async def _load_robots(self, url: str) -> RobotsPolicy:
        agent = self.config.user_agent
        if not self.config.respect_robots:
            return RobotsPolicy.allow_all(agent)
        fetcher = self._require_fetcher()
        target = robots_url(site_root(url))
        try:
            page = await fetcher.fetch(target, "robots", check=self._site_check)
            policy = _robots_policy(page.status, page.content, agent)
        except HTTPStatusError as exc:
            policy = RobotsPolicy.from_response(exc.status, b"", agent)
        except (RedirectError, OutOfScope, TooLarge):
            policy = RobotsPolicy.allow_all(agent)  # RFC 9309: "unavailable"
        except FetchError:
            policy = RobotsPolicy.unreachable(agent)
        fetcher.set_host_delay(url_host(url), policy.crawl_delay)
        sitemaps = [normalize_url(s, target) for s in policy.sitemaps]
        if not sitemaps:  # robots.txt names none: try the usual places
            sitemaps = [site_root(url).rstrip("/") + path for path in SITEMAP_PATHS]
        self._require_frontier().add(
            NewURL(s, "sitemap", PRIORITY["discovery"], 0)
            for s in sitemaps
            if s and self.scope.in_site(s)
        )
        return policy

    async def _page_check(self, target: str) -> None:
        if not self.scope.in_scope(target):
            raise OutOfScope(target, "redirect leaves the crawl's scope")
        if not (await self._policy(target)).allowed(target):
            raise RobotsDisallowed(target, "redirect target disallowed by robots.txt")

    async def _site_check(self, target: str) -> None:
        if not self.scope.in_site(target):
            raise OutOfScope(target, "redirect leaves the crawled site")


def _robots_policy(status: int, content: bytes, agent: str) -> RobotsPolicy:
    """The policy of a fetched robots.txt; one the parser chokes on counts as unavailable."""
    try:
        return RobotsPolicy.from_response(status, content, agent)
    except Exception as exc:  # a hostile robots.txt must not fail every page
        log.warning(
            "robots.txt not parsed (%s: %s): treated as unavailable", type(exc).__name__, exc
        )
        return RobotsPolicy.allow_all(agent)


# --- entry points ------------------------------------------------------------------------------


def _config(start: str | Sequence[str] | CrawlConfig, options: dict[str, Any]) -> CrawlConfig:
    if isinstance(start, CrawlConfig):
        return start.with_changes(**options) if options else start
    starts = (start,) if isinstance(start, str) else tuple(start)
    try:
        return CrawlConfig(start_urls=starts, **options)
    except TypeError as exc:
        raise InputError(f"unknown crawl option: {exc}") from exc


async def acrawl(
    start: str | Sequence[str] | CrawlConfig, **options: Any
) -> AsyncIterator[CrawledArticle]:
    """Crawl a site, yielding each new or changed article (options are ``CrawlConfig`` fields)."""
    crawler = Crawler(_config(start, options))
    async for item in crawler.articles():
        yield item


def crawl(start: str | Sequence[str] | CrawlConfig, **options: Any) -> Iterator[CrawledArticle]:
    """The synchronous ``acrawl``: a generator that runs the crawl on its own event loop.

    The crawl pauses while the caller handles an article. Closing the generator early, or a
    ``KeyboardInterrupt``, stops it cleanly: the state stays consistent and the next run resumes.
    """
    crawler = Crawler(_config(start, options))
    agen = crawler.articles()
    # asyncio.Runner turns a Ctrl-C during a step into a cancellation of that step (so the
    # crawler's own clean-up runs) and then raises KeyboardInterrupt; it installs its SIGINT
    # handler only while a step runs, and only in the main thread.
    with asyncio.Runner() as runner:
        try:
            while True:
                try:
                    item = runner.run(_next_article(agen))
                except StopAsyncIteration:
                    return
                except asyncio.CancelledError:
                    # Only a Ctrl-C cancels a step's task (no one else holds it). The Runner
                    # re-raises it as CancelledError instead of KeyboardInterrupt when the task
                    # saw more than one cancel() on the way out (a cancel scope in the clean-up
                    # can deliver its own to the same task); the caller must see the interrupt.
                    raise KeyboardInterrupt from None
                yield item
        finally:
            with contextlib.suppress(RuntimeError, StopAsyncIteration, asyncio.CancelledError):
                runner.run(agen.aclose())


async def _next_article(agen: AsyncIterator[CrawledArticle]) -> CrawledArticle:
    """One step of the async crawl, as the coroutine ``asyncio.Runner.run`` requires."""
    return await agen.__anext__()
