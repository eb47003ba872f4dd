"""The client side of a cluster extraction: plan, submit, reorder, de-duplicate, resume.

Workers first cut each WARC into record ranges (``plan_ranges``), then extract the ranges
(``extract_range``); the client keeps a bounded window of ranges in flight, takes results as
they complete (``distributed.as_completed``) and hands articles over strictly in file and
record order. What one reader of all files in order would do across ranges is done here, in
that order: dropping a page already seen (same URL and payload) and resolving revisits against
the pages before them. A range's resume position is saved in the same table as a one-machine
run's, once the consumer has taken its articles; a lost worker's tasks are rerun by Dask.
"""

from __future__ import annotations

import hashlib
import logging
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from distributed import Client, Future, as_completed

from scraper.archive.pipeline import EXTRACT_FAILED, ExtractSettings
from scraper.archive.progress import ArchiveProgress
from scraper.archive.stats import ArchiveStats, SkipReason
from scraper.archive.warc_read import RangeRecord, RevisitRef
from scraper.distributed.sources import Source
from scraper.distributed.tasks import (
    PageResult,
    PlanPiece,
    RangeOutput,
    RecordRange,
    extract_range,
    plan_ranges,
    resolve_revisit,
)
from scraper.models import Article, CrawledArticle

__all__ = ["ARCHIVE_FAILED", "RECORDS_PER_TASK", "ClusterRun", "crawled_article"]

RECORDS_PER_TASK = 128
ARCHIVE_FAILED = "archive-failed"
_IN_FLIGHT_PER_THREAD = 3
_PLANS_AHEAD = 4
_FIRST_PIECE = 4  # ranges planned before a file's extraction can start
_LATER_PIECES = 64
log = logging.getLogger("scraper.distributed")

ErrorHandler = Callable[[str, str], None]


@dataclass(frozen=True, slots=True)
class _RangeStep:
    source: Source
    span: RecordRange
    after: int | None


@dataclass(frozen=True, slots=True)
class _EndStep:
    source: Source


@dataclass(frozen=True, slots=True)
class _FailedStep:
    source: Source
    message: str


_Step = _RangeStep | _EndStep | _FailedStep


@dataclass(slots=True)
class _Index:
    """The pages handed over so far, by payload digest and record id: what revisits point at."""

    by_digest: dict[str, tuple[str, int]] = field(default_factory=dict)
    by_record_id: dict[str, tuple[str, int]] = field(default_factory=dict)

    def add(self, location: str, page: PageResult) -> None:
        if page.digest:
            self.by_digest.setdefault(page.digest, (location, page.offset))
        if page.record_id:
            self.by_record_id[page.record_id] = (location, page.offset)

    def find(self, revisit: RevisitRef) -> tuple[str, int] | None:
        if revisit.refers_to and revisit.refers_to in self.by_record_id:
            return self.by_record_id[revisit.refers_to]
        return self.by_digest.get(revisit.digest) if revisit.digest else None


class ClusterRun:
    """One extraction over a cluster; ``articles()`` yields in order and saves resume positions."""

    def __init__(
        self,
        client: Client,
        sources: list[Source],
        *,
        settings: ExtractSettings,
        stats: ArchiveStats,
        state_dir: Path | None,
        on_progress: Callable[[ArchiveStats], None] | None,
        on_error: ErrorHandler | None,
        records_per_task: int = RECORDS_PER_TASK,
    ) -> None:
        self.client = client
        self.sources = sources
        self.settings = settings
        self.stats = stats
        self.state_dir = state_dir
        self.on_progress = on_progress
        self.on_error = on_error
        self.records_per_task = records_per_task
        self._seen: set[bytes] = set()
        self._index = _Index()
        self._deferred: list[tuple[int, RevisitRef]] = []
        self._futures: dict[Future, int] = {}

    def articles(self) -> Iterator[CrawledArticle]:
        progress = ArchiveProgress(self.state_dir) if self.state_dir is not None else None
        try:
            resume = progress.load() if progress is not None else {}
            yield from self._deliver_all(resume, progress)
            if progress is not None:
                progress.clear(source.key for source in self.sources)
        finally:
            if self._futures:
                self.client.cancel(list(self._futures))
                self._futures.clear()
            if progress is not None:
                progress.close()
            log.info("cluster archive read: %s", self.stats.as_dict())

    def _deliver_all(
        self, resume: dict[str, int | str], progress: ArchiveProgress | None
    ) -> Iterator[CrawledArticle]:
        todo = [source for source in self.sources if resume.get(source.key) != "done"]
        steps = enumerate(self._steps(todo, resume))
        threads = max(1, sum(self.client.nthreads().values()))
        window = max(4, _IN_FLIGHT_PER_THREAD * threads)
        planned: dict[int, _Step] = {}
        ready: dict[int, RangeOutput | BaseException | None] = {}
        completed = as_completed()
        next_index = 0
        exhausted = False
        while True:
            while not exhausted and len(planned) < window:
                item = next(steps, None)
                if item is None:
                    exhausted = True
                    break
                index, step = item
                planned[index] = step
                if isinstance(step, _RangeStep):
                    future = self.client.submit(
                        extract_range,
                        step.source.location,
                        step.span.start,
                        step.span.end,
                        step.after,
                        self.settings,
                        pure=False,
                    )
                    self._futures[future] = index
                    completed.add(future)
                else:
                    ready[index] = None
            if next_index not in planned:
                return
            while next_index not in ready:
                self._collect(next(completed), ready)
            step, output = planned.pop(next_index), ready.pop(next_index)
            next_index += 1
            yield from self._handle(step, output, progress)

    def _collect(
        self, future: Future, ready: dict[int, RangeOutput | BaseException | None]
    ) -> None:
        index = self._futures.pop(future)
        try:
            ready[index] = future.result()
        except Exception as exc:  # a bad archive or a range that failed on every worker
            ready[index] = exc
        finally:
            future.release()

    def _steps(self, sources: list[Source], resume: dict[str, int | str]) -> Iterator[_Step]:
        """Every range of every source in order. Files are planned a few ahead, and a file's
        plan comes in pieces, each asked for as soon as the one before it arrives."""
        pending = iter(sources)
        firsts: deque[tuple[Source, Future]] = deque()

        def plan(source: Source, start: int, pieces: int) -> Future:
            return self.client.submit(
                plan_ranges,
                source.location,
                self.records_per_task,
                start,
                pieces,
                priority=10,
                pure=False,
            )

        def plan_more() -> None:
            while len(firsts) < _PLANS_AHEAD:
                source = next(pending, None)
                if source is None:
                    return
                firsts.append((source, plan(source, 0, _FIRST_PIECE)))

        plan_more()
        while firsts:
            source, future = firsts.popleft()
            plan_more()
            position = resume.get(source.key)
            after = int(position) if position is not None and position != "done" else None
            next_piece: Future | None = future
            while next_piece is not None:
                try:
                    piece: PlanPiece = next_piece.result()
                except Exception as exc:
                    yield _FailedStep(source, _describe(exc))
                    break
                finally:
                    next_piece.release()
                next_piece = None
                if piece.next_start is not None:
                    next_piece = plan(source, piece.next_start, _LATER_PIECES)
                for span in piece.ranges:
                    if after is not None and span.last <= after:
                        continue
                    inside = after if after is not None and after >= span.start else None
                    yield _RangeStep(source, span, inside)
            else:
                yield _EndStep(source)

    def _handle(
        self,
        step: _Step,
        output: RangeOutput | BaseException | None,
        progress: ArchiveProgress | None,
    ) -> Iterator[CrawledArticle]:
        if isinstance(step, _FailedStep):
            self._fail(step.source.location, step.message)
            return
        if isinstance(step, _EndStep):
            yield from self._resolve_deferred(step.source)
            if progress is not None:
                progress.save({step.source.key: "done"})
            self._deferred.clear()
            self._progressed()
            return
        if isinstance(output, BaseException) or output is None:
            where = f"{step.source.location} (records from byte {step.span.start})"
            self._fail(where, _describe(output))
            return
        self._count(output.counts)
        for entry in output.entries:
            if isinstance(entry, PageResult):
                yield from self._page(step.source.location, entry)
            elif entry.revisit is not None:
                yield from self._revisit(entry)
        if progress is not None:
            progress.save({step.source.key: step.span.last})
        self._progressed()

    def _page(
        self, location: str, page: PageResult, index: bool = True
    ) -> Iterator[CrawledArticle]:
        fingerprint = hashlib.sha256(f"{page.final_url}\n{page.content_hash}".encode()).digest()
        if fingerprint[:16] in self._seen:
            self.stats.pages -= 1  # the worker counted it before this cross-range check
            self.stats.skip(SkipReason.DUPLICATE)
            return
        self._seen.add(fingerprint[:16])
        if index:
            self._index.add(location, page)
        result = page.result
        if isinstance(result, str):
            self.stats.skip(EXTRACT_FAILED)
            return
        if result is None:
            self.stats.skip(SkipReason.NOT_ARTICLE)
            return
        self.stats.articles += 1
        yield crawled_article(result, page)

    def _revisit(self, entry: RangeRecord) -> Iterator[CrawledArticle]:
        revisit = entry.revisit
        assert revisit is not None
        found = self._index.find(revisit)
        if found is None:
            self._deferred.append((entry.offset, revisit))  # its original may come later
            return
        yield from self._resolved([(found, revisit)])

    def _resolve_deferred(self, source: Source) -> Iterator[CrawledArticle]:
        wanted = []
        for _offset, revisit in self._deferred:
            found = self._index.find(revisit)
            if found is None:
                self.stats.skip(SkipReason.REVISIT_UNRESOLVED)
            else:
                wanted.append((found, revisit))
        yield from self._resolved(wanted)

    def _resolved(
        self, wanted: list[tuple[tuple[str, int], RevisitRef]]
    ) -> Iterator[CrawledArticle]:
        futures = [
            self.client.submit(
                resolve_revisit, location, offset, revisit, self.settings, pure=False
            )
            for (location, offset), revisit in wanted
        ]
        for ((location, _), _revisit), future in zip(wanted, futures, strict=True):
            try:
                page, counts = future.result()
            except Exception as exc:
                self._fail(location, _describe(exc))
                continue
            finally:
                future.release()
            self._count(counts)
            if page is not None:
                yield from self._page(location, page, index=False)

    def _count(self, counts: dict[str, Any]) -> None:
        stats = self.stats
        stats.records += counts.get("records", 0)
        stats.pages += counts.get("pages", 0)
        stats.bytes_read += counts.get("bytes_read", 0)
        for reason, number in counts.get("skipped", {}).items():
            stats.skip(reason, number)

    def _fail(self, where: str, message: str) -> None:
        message = message.removeprefix(f"{where}: ")
        self.stats.skip(ARCHIVE_FAILED)
        if self.on_error is not None:
            log.info("%s: %s", where, message)
            self.on_error(where, message)
        else:
            log.warning("%s: %s", where, message)

    def _progressed(self) -> None:
        if self.on_progress is not None:
            self.on_progress(self.stats)


def crawled_article(article: Article, page: PageResult) -> CrawledArticle:
    return CrawledArticle(
        article=article,
        fetched_at=page.fetched_at,
        status=page.status,
        final_url=page.final_url,
        content_hash=page.content_hash,
    )


def _describe(exc: BaseException | None) -> str:
    if exc is None:
        return "failed"
    text = str(exc).strip() or type(exc).__name__
    return text.splitlines()[0] if text else type(exc).__name__
