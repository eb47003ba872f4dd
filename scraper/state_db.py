"""SQLite state files shared by the crawler's frontier and the archive readers' resume positions."""

from __future__ import annotations

import sqlite3
from pathlib import Path

__all__ = ["connect_wal"]


def connect_wal(path: Path) -> sqlite3.Connection:
    """An autocommit SQLite connection in WAL mode: each write is durable once it returns, and
    a ``kill -9`` loses at most the statement in flight. Every state database here uses it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA busy_timeout=5000")
    return db
