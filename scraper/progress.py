"""The crawl's progress on the terminal: a live line while it runs, a summary when it ends.

Both go to stderr, so stdout stays clean for ``-o -``. The live display only appears when it can
help: stderr and stdout are both terminals and ``--quiet`` is off; in a pipe or a log it stays
silent and only the summary line is printed (unless quiet).
"""

from __future__ import annotations

import sys
import time
from types import TracebackType
from typing import IO, TYPE_CHECKING, Any, Protocol, Self

if TYPE_CHECKING:  # rich is imported only for a live display (~50 ms of a run's CPU otherwise)
    from rich.live import Live
    from rich.text import Text

__all__ = [
    "ArchiveProgressView",
    "CrawlProgress",
    "StatsLike",
    "format_summary",
    "wants_live_display",
]


class StatsLike(Protocol):
    """What the display reads from ``scraper.crawler.crawl.CrawlStats``."""

    discovered: int
    fetched: int
    exported: int
    skipped: int
    failed: int

    @property
    def rate(self) -> float: ...


def wants_live_display(*, quiet: bool, stderr: IO[str] | None = None) -> bool:
    """A live display only on an interactive terminal that is not piping its output."""
    err = stderr or sys.stderr
    return not quiet and _is_tty(err) and _is_tty(sys.stdout)


def format_summary(stats: StatsLike, elapsed: float | None = None, *, unchanged: int = 0) -> str:
    """One line: what the crawl did, e.g. ``fetched 12, exported 9, skipped 3, failed 0``."""
    parts = [
        f"discovered {stats.discovered}",
        f"fetched {stats.fetched}",
        f"exported {stats.exported}",
    ]
    not_modified = int(getattr(stats, "not_modified", 0) or 0) + unchanged
    if not_modified:
        parts.append(f"unchanged {not_modified}")
    duplicates = int(getattr(stats, "duplicates", 0) or 0)
    if duplicates:  # the same page at a second address: exported once
        parts.append(f"duplicates {duplicates}")
    parts += [f"skipped {stats.skipped}", f"failed {stats.failed}"]
    line = ", ".join(parts)
    if elapsed is not None:
        line += f" in {elapsed:.1f}s ({stats.rate:.1f} pages/s)"
    return line


class CrawlProgress:
    """Feed it ``update(stats)`` from the crawler's ``on_progress``; use it as a context manager."""

    def __init__(self, *, live: bool, quiet: bool = False, stderr: IO[str] | None = None) -> None:
        self._stream = stderr or sys.stderr
        self._live: Live | None = None
        self._want_live = live
        self._quiet = quiet
        self._started = time.monotonic()
        self.last: StatsLike | None = None

    def __enter__(self) -> Self:
        self._started = time.monotonic()
        if self._want_live:
            from rich.console import Console
            from rich.live import Live

            self._live = Live(
                self._render(None),
                console=Console(file=self._stream, stderr=True, highlight=False),
                refresh_per_second=8,
                transient=True,
            )
            self._live.start()
        return self

    def update(self, stats: StatsLike) -> None:
        """Record the latest numbers and redraw (rate-limited by rich)."""
        self.last = stats
        if self._live is not None:
            self._live.update(self._render(stats))

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._live is not None:
            self._live.stop()
            self._live = None

    def summary(self, stats: StatsLike | None = None, **extra: Any) -> str:
        """Print (unless quiet) and return the closing summary line."""
        final = stats or self.last
        if final is None:
            return ""
        line = format_summary(final, time.monotonic() - self._started, **extra)
        if not self._quiet:
            print(line, file=self._stream, flush=True)
        return line

    def _render(self, stats: StatsLike | None) -> Text:
        from rich.text import Text

        if stats is None:
            return Text("starting…", style="dim")
        return Text.assemble(
            ("discovered ", "dim"),
            (str(stats.discovered), "bold"),
            ("  fetched ", "dim"),
            (str(stats.fetched), "bold"),
            ("  exported ", "dim"),
            (str(stats.exported), "bold green"),
            ("  skipped ", "dim"),
            (str(stats.skipped), "bold"),
            ("  failed ", "dim"),
            (str(stats.failed), "bold red" if stats.failed else "bold"),
            (f"  {stats.rate:.1f} pages/s", "dim"),
        )


class ArchiveProgressView:
    """Shows a WARC or mirror run's ``ArchiveStats`` with the crawl display's counters.

    Records read count as discovered, pages as fetched, articles as exported; truncated and
    malformed records as failed, every other skip (not HTML, listings, feeds) as skipped.
    """

    _FAILURES = frozenset({"truncated", "malformed"})

    def __init__(self, stats: Any) -> None:
        self.discovered = int(stats.records)
        self.fetched = int(stats.pages)
        self.exported = int(stats.articles)
        skipped = dict(stats.skipped)
        self.failed = sum(n for reason, n in skipped.items() if reason in self._FAILURES)
        self.skipped = sum(skipped.values()) - self.failed
        self._rate = float(stats.rate)

    @property
    def rate(self) -> float:
        return self._rate


def _is_tty(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
