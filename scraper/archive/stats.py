"""Counters for reading archives: what was read, extracted and skipped, and why.

Skips are counted by reason rather than raised, because a real archive always holds some
records that are not pages (images, feeds, truncated or broken records) and none of them should
stop a run.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

__all__ = ["ArchiveStats", "SkipReason"]


class SkipReason:
    """The reasons a record or file is skipped; plain strings so they print and serialise."""

    NOT_HTML = "not-html"
    STATUS = "http-status"
    TRUNCATED = "truncated"
    MALFORMED = "malformed"
    REVISIT_UNRESOLVED = "revisit-unresolved"
    OTHER_RECORD = "other-record-type"
    DUPLICATE = "duplicate"
    NOT_ARTICLE = "not-article"
    FEED = "feed"
    REDIRECT_STUB = "redirect-stub"
    RESUMED = "already-done"
    TOO_LARGE = "too-large"  # over the size bound (or inflating past it)
    NOT_A_FILE = "not-a-file"  # a FIFO, device or socket
    OUTSIDE_FOLDER = "outside-folder"  # a symlink leading out of the folder read
    UNREADABLE = "unreadable"


@dataclass(slots=True)
class ArchiveStats:
    """Live counters of one archive-reading run; ``on_progress`` callbacks receive this object."""

    records: int = 0
    pages: int = 0
    articles: int = 0
    bytes_read: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    started_at: float = field(default_factory=time.monotonic)

    def skip(self, reason: str, count: int = 1) -> None:
        """Count ``count`` records skipped for ``reason``."""
        self.skipped[reason] += count

    @property
    def rate(self) -> float:
        """Pages extracted per second since the run started."""
        elapsed = time.monotonic() - self.started_at
        return self.pages / elapsed if elapsed > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready summary, for logs and the CLI's final line."""
        return {
            "records": self.records,
            "pages": self.pages,
            "articles": self.articles,
            "bytes_read": self.bytes_read,
            "skipped": dict(sorted(self.skipped.items())),
            "rate": round(self.rate, 2),
        }
