"""Parsing and extraction off the event loop, in worker processes under a time and memory budget.

One slow input (a regular expression gone super-linear, libxml2 chewing on tag soup, an element
with tens of thousands of attributes) must not freeze every other fetch, so the crawl hands each
page, sitemap and feed to a worker process and awaits the answer without blocking its loop. A
worker that misses the deadline is killed (a thread could not be) and replaced; the job raises
``ExtractionTimeout``. Workers cap their address space (``RLIMIT_AS``), so a memory-hungry page
fails alone with ``MemoryError`` instead of taking the machine.

The jobs are the module's top-level functions (``read_html``, ``read_discovery``): small,
picklable arguments in, plain values out. Workers come from a ``forkserver`` that has already
imported the extractor, so starting or replacing one costs milliseconds, and they are kept for
the life of the process (a test run crawls hundreds of times).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import logging
import multiprocessing
import signal
import threading
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Literal, TypeVar

from scraper.crawler.discover import (
    FeedEntries,
    PageLinks,
    SitemapEntries,
    document_kind,
    page_links,
    parse_feed,
    parse_sitemap,
)
from scraper.errors import ExtractionError, ExtractionTimeout
from scraper.extractor import extract_tree, parse_html
from scraper.models import Article

__all__ = ["ExtractionPool", "PageReader", "PageResult", "read_discovery", "read_html"]

log = logging.getLogger("scraper.worker")
T = TypeVar("T")
_MIB = 1024 * 1024


# --- the jobs (run in a worker) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PageResult:
    """One HTML page read: its links (None when the page did not parse) and its article."""

    links: PageLinks | None
    article: Article


def read_html(html: str, url: str, markdown: bool) -> PageResult:
    """Parse once: links first (extraction prunes the tree), then the article."""
    root = parse_html(html)
    links = page_links(root, url) if root is not None else None
    return PageResult(links, extract_tree(root, url, markdown=markdown))


DiscoveryResult = tuple[Literal["sitemap"], SitemapEntries] | tuple[Literal["feed"], FeedEntries]


def read_discovery(content: bytes, url: str) -> DiscoveryResult | None:
    """A sitemap's or a feed's entries, recognised by content; None for anything else."""
    kind = document_kind(content)
    if kind == "sitemap":
        return "sitemap", parse_sitemap(content, url)
    if kind == "feed":
        return "feed", parse_feed(content, url)
    return None


# --- the worker process ------------------------------------------------------------------------


def _serve(conn: Connection, memory_bytes: int | None) -> None:
    """A worker's life: run jobs until the parent closes the pipe (or dies)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_bytes is not None:
        _limit_memory(memory_bytes)
    while True:
        try:
            function, args = conn.recv()
        except (EOFError, OSError):
            return
        try:
            answer: tuple[str, Any] = ("ok", function(*args))
        except MemoryError:
            answer = ("error", "out of memory")
        except RecursionError:
            answer = ("error", "nesting too deep")
        except Exception as exc:  # reported to the parent, which records it
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            conn.send(("error", f"unsendable result: {type(exc).__name__}: {exc}"))


def _limit_memory(memory_bytes: int) -> None:
    with contextlib.suppress(ImportError, ValueError, OSError):
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        target = memory_bytes if hard == resource.RLIM_INFINITY else min(memory_bytes, hard)
        resource.setrlimit(resource.RLIMIT_AS, (target, hard))


class _Worker:
    """One worker process and the parent's end of its pipe."""

    def __init__(self, context: Any, memory_bytes: int | None) -> None:
        parent, child = context.Pipe(duplex=True)
        self.process = context.Process(
            target=_serve, args=(child, memory_bytes), name="scraper-extract", daemon=True
        )
        self.process.start()
        child.close()
        self.conn: Connection = parent

    def alive(self) -> bool:
        return self.process.is_alive()

    def kill(self) -> None:
        with contextlib.suppress(OSError, ValueError):
            self.process.kill()
        with contextlib.suppress(OSError, ValueError, AssertionError):
            self.process.join(timeout=5)
        with contextlib.suppress(OSError):
            self.conn.close()


class ExtractionPool:
    """Worker processes that run jobs with a deadline; safe to share between event loops.

    ``run`` takes an idle worker (starting one if none is idle), so callers bound their own
    concurrency (the crawler uses a semaphore of ``size``). Idle workers beyond ``size`` are
    stopped when returned.
    """

    def __init__(self, size: int, memory_mb: int | None = None) -> None:
        self.size = max(1, size)
        self.memory_bytes = memory_mb * _MIB if memory_mb else None
        self._idle: list[_Worker] = []
        self._lock = threading.Lock()
        self._closed = False

    async def run(self, deadline: float, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker; ``ExtractionTimeout`` after ``deadline`` seconds,
        ``ExtractionError`` when it raised (or its worker died, e.g. out of memory)."""
        worker = self._checkout()
        loop = asyncio.get_running_loop()
        answer: asyncio.Future[tuple[str, Any]] = loop.create_future()
        fd = worker.conn.fileno()
        reusable = False

        def on_readable() -> None:
            loop.remove_reader(fd)
            if answer.done():
                return
            try:
                answer.set_result(worker.conn.recv())
            except (EOFError, OSError) as exc:
                answer.set_exception(ExtractionError(f"extraction worker died ({exc!r})"))

        try:
            try:
                worker.conn.send((function, args))
            except (OSError, EOFError) as exc:
                raise ExtractionError(f"extraction worker died ({exc!r})") from exc
            loop.add_reader(fd, on_readable)
            try:
                status, value = await asyncio.wait_for(answer, deadline)
            except TimeoutError:
                raise ExtractionTimeout(f"extraction timed out after {deadline:g} s") from None
            reusable = True
        finally:
            with contextlib.suppress(OSError, ValueError):
                loop.remove_reader(fd)
            if reusable:
                self._checkin(worker)
            else:
                worker.kill()
        if status != "ok":
            raise ExtractionError(f"extraction failed: {value}")
        return value  # type: ignore[no-any-return]

    def close(self) -> None:
        """Stop the idle workers (busy ones stop when their job's ``run`` ends)."""
        with self._lock:
            idle, self._idle = self._idle, []
            self._closed = True
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.conn.close()
            worker.kill()

    def _checkout(self) -> _Worker:
        with self._lock:
            while self._idle:
                worker = self._idle.pop()
                if worker.alive():
                    return worker
                worker.kill()
        return _Worker(_context(), self.memory_bytes)

    def _checkin(self, worker: _Worker) -> None:
        with self._lock:
            if len(self._idle) < self.size and not self._closed:
                self._idle.append(worker)
                return
        worker.kill()


_CONTEXT: Any = None
_POOLS: dict[tuple[int, int | None], ExtractionPool] = {}
_POOLS_LOCK = threading.Lock()


def _context() -> Any:
    """``forkserver`` (preloaded with this module) where available, else ``spawn``: never a bare
    ``fork`` of a process that runs an event loop and threads."""
    global _CONTEXT
    if _CONTEXT is None:
        if "forkserver" in multiprocessing.get_all_start_methods():
            context = multiprocessing.get_context("forkserver")
            context.set_forkserver_preload([__name__])
        else:
            context = multiprocessing.get_context("spawn")
        _CONTEXT = context
    return _CONTEXT


def shared_pool(size: int, memory_mb: int | None) -> ExtractionPool:
    """The process-wide pool for these settings (workers outlive one crawl; tests crawl often)."""
    key = (size, memory_mb)
    with _POOLS_LOCK:
        pool = _POOLS.get(key)
        if pool is None:
            pool = _POOLS[key] = ExtractionPool(size, memory_mb)
        return pool


@atexit.register
def _close_pools() -> None:
    with _POOLS_LOCK:
        pools = list(_POOLS.values())
        _POOLS.clear()
    for pool in pools:
        pool.close()


class PageReader:
    """What the crawl sees of the workers: read a page or a discovery document within budget.

    ``workers=0`` reads in the calling process instead (no deadline): for debugging, or where
    processes cannot be started.
    """

    def __init__(self, workers: int, timeout: float, memory_mb: int | None) -> None:
        self.timeout = timeout
        self._pool = shared_pool(workers, memory_mb) if workers > 0 else None
        self._slots = asyncio.Semaphore(workers) if workers > 0 else None

    async def html(self, html: str, url: str, markdown: bool) -> PageResult:
        return await self._run(read_html, html, url, markdown)

    async def discovery(self, content: bytes, url: str) -> DiscoveryResult | None:
        return await self._run(read_discovery, content, url)

    async def _run(self, function: Callable[..., T], *args: Any) -> T:
        if self._pool is None or self._slots is None:
            return function(*args)
        async with self._slots:
            return await self._pool.run(self.timeout, function, *args)
