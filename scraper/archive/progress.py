"""How far an archive extraction run got, so an interrupted run resumes instead of restarting.

One row per source (a WARC file or a mirror folder): the position of the last record or file
whose articles the consumer has taken, or ``"done"``. A run that finishes clears its rows, so
the next run over the same inputs (a newer extractor, say) starts from the beginning again.
Kept in ``<output>/.scraper/archive.sqlite``, beside the crawler's state but separate from it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping
from pathlib import Path

from scraper.errors import StateError
from scraper.state_db import connect_wal

__all__ = ["ArchiveProgress"]

_SCHEMA = "CREATE TABLE IF NOT EXISTS progress (source TEXT PRIMARY KEY, position NOT NULL)"


class ArchiveProgress:
    """A tiny SQLite table of resume positions; every save is its own committed transaction."""

    def __init__(self, state_dir: Path) -> None:
        path = Path(state_dir) / "archive.sqlite"
        try:
            self.db = connect_wal(path)
            self.db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"cannot use archive progress database {path}: {exc}") from exc

    def load(self) -> dict[str, int | str]:
        """Every source's saved position."""
        rows = self.db.execute("SELECT source, position FROM progress").fetchall()
        return {source: position for source, position in rows}

    def save(self, positions: Mapping[str, int | str]) -> None:
        """Record positions (one transaction for all of them)."""
        if not positions:
            return
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany(
                "INSERT INTO progress (source, position) VALUES (?, ?) "
                "ON CONFLICT(source) DO UPDATE SET position = excluded.position",
                list(positions.items()),
            )

    def clear(self, sources: Iterable[str]) -> None:
        """Forget the given sources: their run finished."""
        with self.db:
            self.db.execute("BEGIN")
            self.db.executemany("DELETE FROM progress WHERE source = ?", [(s,) for s in sources])

    def close(self) -> None:
        self.db.close()
