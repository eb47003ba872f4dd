"""Worker processes that run one job each under a deadline and a memory cap, and can be killed.

One slow input (a regular expression gone super-linear, libxml2 chewing on tag soup) must not
stall a run, and a thread running C code cannot be stopped; a process can. So a job (a picklable
top-level function and its arguments) is sent to an idle worker over a pipe; a worker that misses
the deadline is killed and replaced, and the job raises ``ExtractionTimeout``. Workers cap their
address space (``RLIMIT_AS``), so a memory-hungry page fails alone with ``MemoryError``.

Workers come from a ``forkserver`` that has already imported the extractor, so starting or
replacing one costs milliseconds, and they are kept for the life of the process. ``run`` serves
an event loop one job at a time, ``run_sync`` a thread (``scraper extract``), and ``lanes()``
an event loop that keeps its workers busy (the crawl: ``WorkerLanes``).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import gc
import multiprocessing
import os
import pickle
import signal
import threading
from collections import deque
from collections.abc import Callable
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler
from typing import Any, TypeVar

from scraper.errors import ExtractionError, ExtractionTimeout

__all__ = ["ExtractionPool", "WorkerLanes", "shared_pool"]

T = TypeVar("T")
_MIB = 1024 * 1024
# Imported once by the fork server, so each worker starts with them loaded (``warmup`` also
# loads the shipped models: a worker's first page must not pay for them inside its deadline).
_PRELOAD = ["scraper.extractor", "scraper.archive.batch", "scraper.archive.warmup"]


def _serve(
    conn: Connection, memory_bytes: int | None, parent_end: Connection | None = None
) -> None:
    """A worker's life: run jobs until the parent closes the pipe (or dies). A forked worker
    holds a copy of the parent's end (``parent_end``): closed here, or the parent's death would
    never read as the end of the pipe and the worker would outlive it."""
    if parent_end is not None:
        parent_end.close()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    if memory_bytes is not None:
        _limit_memory(memory_bytes)
    # What the worker inherits (the preloaded extractor, its models and regexes: ~50k objects)
    # lives as long as the worker; frozen, full collections stop walking it on every pass
    # (~2% of the CPU of an extraction-bound worker, measured in round nineteen).
    gc.freeze()
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
            conn.send_bytes(_dumps(answer))
        except (EOFError, OSError):
            return
        except Exception as exc:  # an answer that cannot be pickled
            conn.send(("error", f"unsendable result: {type(exc).__name__}: {exc}"))


def _dumps(answer: tuple[str, Any]) -> bytes:
    """An answer's pickle as ``Connection.send`` frames it (the parent reads either with
    ``pickle.loads``), by plain ``pickle.dumps``: ``send``'s ``ForkingPickler`` builds a buffer
    and copies its dispatch table for every answer, a third of a page's answer pickling. The
    rare answer only its reducers can pickle still goes through it."""
    try:
        return pickle.dumps(answer, pickle.HIGHEST_PROTOCOL)
    except Exception:
        return bytes(ForkingPickler.dumps(answer))


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
        forked = context.get_start_method() == "fork"  # the child has every descriptor
        self.process = context.Process(
            target=_serve,
            args=(child, memory_bytes, parent if forked else None),
            name="scraper-extract",
            daemon=True,
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

    def prefork(self, count: int) -> int:
        """Start idle workers (up to ``count`` in all) by forking this process, while that is
        safe: no other thread, no running event loop. They skip the fork server's own start
        (an interpreter importing the extractor again: most of a second of CPU per run).
        Returns how many were started; 0 where forking is not safe or not available (the
        workers then come from the fork server when needed)."""
        if threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            return 0
        with contextlib.suppress(RuntimeError):
            asyncio.get_running_loop()
            return 0
        context = multiprocessing.get_context("fork")
        from scraper.archive import warmup  # noqa: F401  (forked workers inherit the models)

        with self._lock:
            missing = min(count, self.size) - len(self._idle)
        started = 0
        for _ in range(missing):
            self._checkin(_Worker(context, self.memory_bytes))
            started += 1
        return started

    def lanes(self, count: int, depth: int = 4) -> WorkerLanes:
        """``count`` workers of this pool, each fed up to ``depth`` jobs at once from an event
        loop (``WorkerLanes``); ``close()`` the lanes to hand the workers back."""
        return WorkerLanes(self, count, depth)

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


class _Job:
    """A job sent to a lane: its pickled form (sent again if its worker is replaced before it
    ran), its deadline in seconds once started, and the future its caller awaits."""

    __slots__ = ("deadline", "frame", "future")

    def __init__(self, frame: bytes, deadline: float, future: asyncio.Future[Any]) -> None:
        self.frame = frame
        self.deadline = deadline
        self.future = future


def _frame(payload: bytes) -> bytes:
    """``payload`` framed as ``Connection.send_bytes`` does (what the worker's ``recv`` reads)."""
    size = len(payload)
    if size > 0x7FFFFFFF:
        return (-1).to_bytes(4, "big", signed=True) + size.to_bytes(8, "big") + payload
    return size.to_bytes(4, "big", signed=True) + payload


class _Lane:
    """One worker and the jobs sent to it, oldest first: the first is running, the others wait
    in the socket, so the worker starts the next job the moment it answers one, whatever the
    event loop is busy with. Writes never block the loop (a big page waits in ``_outbox`` while
    the worker is busy); answers are read as they come. The running job's deadline counts from
    when its predecessor answered; past it, or when the worker dies, the worker is replaced, the
    running job fails alone and the waiting ones are sent to the new worker."""

    def __init__(self, pool: ExtractionPool, loop: asyncio.AbstractEventLoop) -> None:
        self.pool = pool
        self.loop = loop
        self.jobs: deque[_Job] = deque()
        self.worker: _Worker | None = None
        self._fd = -1
        self._inbox = bytearray()
        self._outbox = bytearray()
        self._clock: asyncio.TimerHandle | None = None

    def submit(self, job: _Job) -> None:
        if self.worker is None:
            self._attach()
        self.jobs.append(job)
        self._write(job.frame)
        if len(self.jobs) == 1:
            self._start_clock()

    def close(self) -> None:
        """Hand a lane with nothing in flight back to the pool; kill one that is busy."""
        worker, idle = self.worker, not self.jobs and not self._outbox and not self._inbox
        self._detach()
        for job in self.jobs:
            if not job.future.done():
                job.future.set_exception(ExtractionError("extraction stopped"))
        self.jobs.clear()
        if worker is None:
            return
        if idle and worker.alive():
            with contextlib.suppress(OSError):
                os.set_blocking(worker.conn.fileno(), True)
                self.pool._checkin(worker)
                return
        worker.kill()

    # --- the worker and its socket ---------------------------------------------------------

    def _attach(self) -> None:
        worker = self.pool._checkout()
        self.worker = worker
        self._fd = worker.conn.fileno()
        os.set_blocking(self._fd, False)
        self.loop.add_reader(self._fd, self._on_readable)

    def _detach(self) -> None:
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None
        if self.worker is not None:
            with contextlib.suppress(OSError, ValueError):
                self.loop.remove_reader(self._fd)
                self.loop.remove_writer(self._fd)
        self.worker = None
        self._fd = -1
        self._inbox.clear()
        self._outbox.clear()

    def _write(self, data: bytes) -> None:
        if self._outbox:
            self._outbox += data
            return
        try:
            sent = os.write(self._fd, data)
        except BlockingIOError:
            sent = 0
        except OSError:
            return  # the worker is gone: its socket reads as closed, which replaces it
        if sent < len(data):
            self._outbox += memoryview(data)[sent:]
            self.loop.add_writer(self._fd, self._flush)

    def _flush(self) -> None:
        try:
            sent = os.write(self._fd, self._outbox)
        except BlockingIOError:
            return
        except OSError:
            sent = len(self._outbox)  # the worker is gone (see _write)
        del self._outbox[:sent]
        if not self._outbox:
            self.loop.remove_writer(self._fd)

    def _on_readable(self) -> None:
        while True:
            try:
                chunk = os.read(self._fd, 1 << 16)
            except BlockingIOError:
                break
            except OSError as exc:
                self._replace(ExtractionError(f"extraction worker died ({exc!r})"))
                return
            if not chunk:
                self._replace(ExtractionError("extraction worker died"))
                return
            self._inbox += chunk
            if len(chunk) < 1 << 16:
                break
        self._take_answers()

    def _take_answers(self) -> None:
        inbox = self._inbox
        while len(inbox) >= 4:
            size, start = int.from_bytes(inbox[:4], "big", signed=True), 4
            if size == -1:
                if len(inbox) < 12:
                    return
                size, start = int.from_bytes(inbox[4:12], "big"), 12
            if len(inbox) < start + size:
                return
            answer = pickle.loads(inbox[start : start + size])
            del inbox[: start + size]
            self._answered(answer)

    def _answered(self, answer: tuple[str, Any]) -> None:
        if not self.jobs:  # a worker never answers what it was not asked
            self._replace(ExtractionError("extraction worker out of step"))
            return
        job = self.jobs.popleft()
        if self._clock is not None:
            self._clock.cancel()
            self._clock = None
        if self.jobs:
            self._start_clock()
        if job.future.done():
            return  # its caller gave up (the crawl stopping)
        status, value = answer
        if status == "ok":
            job.future.set_result(value)
        else:
            job.future.set_exception(ExtractionError(f"extraction failed: {value}"))

    # --- deadlines and replacement ---------------------------------------------------------

    def _start_clock(self) -> None:
        job = self.jobs[0]
        self._clock = self.loop.call_later(job.deadline, self._expire, job)

    def _expire(self, job: _Job) -> None:
        if self.jobs and self.jobs[0] is job:
            self._clock = None
            self._replace(ExtractionTimeout(f"extraction timed out after {job.deadline:g} s"))

    def _replace(self, error: ExtractionError) -> None:
        """The running job fails with ``error``; a new worker takes the ones waiting."""
        worker = self.worker
        self._detach()
        if worker is not None:
            worker.kill()
        if self.jobs:
            failed = self.jobs.popleft()
            if not failed.future.done():
                failed.future.set_exception(error)
        waiting, self.jobs = self.jobs, deque()
        try:
            for job in waiting:
                self.submit(job)
        except Exception as exc:  # no worker can be started: every waiting job fails
            self._detach()
            for job in waiting:
                if not job.future.done():
                    job.future.set_exception(ExtractionError(f"no extraction worker ({exc})"))
            self.jobs.clear()


class WorkerLanes:
    """Jobs from one event loop spread over ``count`` workers, up to ``depth`` queued on each
    (``_Lane``), so extraction runs on the other cores while the loop fetches; the answers and
    failures of ``ExtractionPool.run``. Made by ``ExtractionPool.lanes``; one event loop only.
    """

    def __init__(self, pool: ExtractionPool, count: int, depth: int) -> None:
        self.pool = pool
        self.count = max(1, count)
        self.depth = max(1, depth)
        self._lanes: list[_Lane] = []
        self._room: asyncio.Semaphore | None = None

    async def run(self, deadline: float, function: Callable[..., T], *args: Any) -> T:
        """``function(*args)`` in a worker; ``ExtractionTimeout`` when it runs longer than
        ``deadline`` seconds, ``ExtractionError`` when it raised or its worker died."""
        if self._room is None:
            loop = asyncio.get_running_loop()
            self._lanes = [_Lane(self.pool, loop) for _ in range(self.count)]
            self._room = asyncio.Semaphore(self.count * self.depth)
        # Plain pickle: a job is a function and plain data, which needs none of
        # ``ForkingPickler``'s reducers (descriptors, sockets), and its per-call set-up (a buffer
        # and a pickler with its own dispatch table) cost more than the page's own pickling.
        frame = _frame(pickle.dumps((function, args), pickle.HIGHEST_PROTOCOL))
        async with self._room:
            lane = min(self._lanes, key=lambda lane: len(lane.jobs))
            future: asyncio.Future[T] = lane.loop.create_future()
            try:
                lane.submit(_Job(frame, deadline, future))
            except (OSError, ValueError) as exc:
                raise ExtractionError(f"no extraction worker ({exc})") from exc
            return await future

    def close(self) -> None:
        """Hand idle workers back to the pool (busy ones are killed)."""
        for lane in self._lanes:
            lane.close()
        self._lanes = []
        self._room = None


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
