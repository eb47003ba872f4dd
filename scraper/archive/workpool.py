"""Worker processes that run one job each under a deadline and a memory cap, and can be killed.

One slow input (a regular expression gone super-linear, libxml2 chewing on tag soup) must not
stall a run, and a thread running C code cannot be stopped; a process can. So a job (a picklable
top-level function and its arguments) is sent to an idle worker over a pipe; a worker that misses
the deadline is killed and replaced, and the job raises ``ExtractionTimeout``. Workers cap their
address space (``RLIMIT_AS``), so a memory-hungry page fails alone with ``MemoryError``.

Workers come from a ``forkserver`` that has already imported the extractor, so starting or
replacing one costs milliseconds, and they are kept for the life of the process. ``run`` serves
an event loop (the crawl), ``run_sync`` a thread (``scraper extract``).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import multiprocessing
import signal
import threading
from collections.abc import Callable
from multiprocessing.connection import Connection
from typing import Any, TypeVar

from scraper.errors import ExtractionError, ExtractionTimeout

__all__ = ["ExtractionPool", "shared_pool"]

T = TypeVar("T")
_MIB = 1024 * 1024
# Imported once by the fork server, so each worker starts with them loaded.
_PRELOAD = ["scraper.extractor", "scraper.archive.batch"]


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

    def run_sync(self, deadline: float, function: Callable[..., T], *args: Any) -> T:
        """``run`` for a thread: blocks (this thread only) until the answer or the deadline."""
        worker = self._checkout()
        reusable = False
        try:
            try:
                worker.conn.send((function, args))
                if not worker.conn.poll(deadline):
                    raise ExtractionTimeout(f"extraction timed out after {deadline:g} s")
                status, value = worker.conn.recv()
            except (OSError, EOFError) as exc:
                raise ExtractionError(f"extraction worker died ({exc!r})") from exc
            reusable = True
        finally:
            if reusable:
                self._checkin(worker)
            else:
                worker.kill()
        if status != "ok":
            raise ExtractionError(f"extraction failed: {value}")
        return value  # type: ignore[no-any-return]

    def warm(self) -> None:
        """Start the fork server and one idle worker in the background, so the first job does
        not wait for them (a crawl's first pages are still being fetched meanwhile)."""

        def start() -> None:
            with contextlib.suppress(Exception):
                self._checkin(self._checkout())

        threading.Thread(target=start, name="scraper-warm", daemon=True).start()

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
            context.set_forkserver_preload(_PRELOAD)
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
