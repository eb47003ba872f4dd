"""The crawl state in SQLite: every URL, its status and validators, and articles not yet delivered.

Each fetched page is recorded in one step together with the URLs it revealed and, for a new or
changed article, its extracted form in ``pending``; steps are atomic (a savepoint each) and
committed in groups (WAL): every ``group`` steps, and whenever the crawl calls ``commit()`` (a few
times a second). So a ``kill -9`` at any moment loses at most the steps since the last commit:
their pages are still ``queued`` or ``claimed`` and get fetched again, and an article is never
lost between "fetched" and "delivered": it waits in ``pending`` until the consumer has taken it
and the commit that records the delivery has run ``before_commit`` (the exporter's flush to
disk) first. Re-delivery is the only effect of a lost group, and exporters overwrite in place.
An article delivered before its group commits (the crawl's usual case) is kept in memory instead
of in ``pending`` meanwhile: the row would be inserted and deleted inside one transaction, so no
commit could see it (``_add_pending``). In the same way a claimed URL's outcome and an article's
"exported" mark are kept in memory (``_outcomes``) and written, all of a group together, right
before its ``COMMIT`` (``_write_outcomes``), or before a read that could see them: a step that
reveals no new URL then runs no statement at all. Claims take a batch of the queue's first rows
in one statement (``claim``), the rows not handed out yet put back as they were before a commit,
a read or a step that queues URLs. Every commit records the same rows as if each step had written
them at once, one claim at a time.
Memory stays flat: the seen-set is the ``urls`` table, not a Python set.
"""

from __future__ import annotations

import contextlib
import dataclasses
import itertools
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Literal

import orjson

from scraper.errors import StateError
from scraper.models import Article, CrawledArticle
from scraper.state_db import connect_wal

__all__ = ["PRIORITY", "Frontier", "NewURL", "RunMode", "URLRow"]

SCHEMA_VERSION = 1
RunMode = Literal["fresh", "resume", "recrawl"]
URLKind = Literal["page", "sitemap", "feed"]

# Lower runs first: feeds and sitemaps reveal the most, revalidating known pages comes last.
PRIORITY = {"discovery": 0, "seed": 5, "feed_item": 8, "page": 10, "revalidate": 20}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS urls (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'queued',
    priority INTEGER NOT NULL,
    depth INTEGER NOT NULL,
    hint TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    http_status INTEGER,
    etag TEXT,
    last_modified TEXT,
    content_hash TEXT,
    page_kind TEXT,
    exported INTEGER NOT NULL DEFAULT 0,
    exported_hash TEXT,
    final_url TEXT,
    error TEXT,
    lastmod TEXT,
    fetched_at TEXT,
    generation INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS urls_queue ON urls (status, priority, id);
CREATE TABLE IF NOT EXISTS pending (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    article_hash TEXT NOT NULL,
    item TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS held (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    url TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    page TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS held_host ON held (host, seq);
"""

# URLs known to be in the table, remembered so a link seen again (the menu, the sidebar) is not
# sent to SQLite again; bounded, so memory stays flat.
KNOWN_URLS = 8192
# Articles this process put in ``pending``, with the JSON they were stored as, so the delivery
# right after returns the object instead of parsing its JSON back (bounded: memory stays flat).
FRESH_ARTICLES = 64
# Articles of the open group kept in memory instead of in ``pending`` (``Frontier._deferred``):
# more than this many are written to the table, so memory stays flat.
DEFERRED_ARTICLES = 64

# At most this many queued rows claimed by one statement (``Frontier.claim``), handed out one
# at a time; how many is learned: twice as many after a full batch, half after one put back
# (a commit, a read, or a URL queued meanwhile).
CLAIM_AHEAD = 16

# Statuses: queued -> claimed -> done | failed | skipped | blocked (robots.txt unreachable)
# | quarantined (over its extraction budget: never fetched again, until ``fresh``).
_FINAL = ("done", "failed", "skipped", "blocked", "quarantined")

_OUTCOME_SQL = (
    "UPDATE urls SET status = ?, http_status = COALESCE(?, http_status), "
    "etag = COALESCE(?, etag), last_modified = COALESCE(?, last_modified), "
    "content_hash = COALESCE(?, content_hash), "
    "page_kind = COALESCE(?, page_kind), final_url = COALESCE(?, final_url), "
    "error = ?, fetched_at = COALESCE(?, fetched_at) WHERE url = ?"
)
_EXPORTED_SQL = "UPDATE urls SET exported = 1, exported_hash = ? WHERE url = ?"


@dataclass(frozen=True, slots=True)
class NewURL:
    """A URL to add to the frontier (ignored when already known)."""

    url: str
    kind: URLKind = "page"
    priority: int = PRIORITY["page"]
    depth: int = 0
    hint: str | None = None
    lastmod: str | None = None


@dataclass(frozen=True, slots=True)
class URLRow:
    """A claimed URL and what the last fetch of it left behind."""

    id: int
    url: str
    kind: URLKind
    depth: int
    hint: str | None
    attempts: int
    etag: str | None
    last_modified: str | None
    exported_hash: str | None


def _article_to_json(item: CrawledArticle) -> str:
    """orjson reads the dataclasses directly (``dataclasses.asdict`` deep-copies every field);
    what it refuses (a lone surrogate) goes the slow way."""
    try:
        return orjson.dumps(item).decode("utf-8")
    except TypeError:
        return json.dumps(dataclasses.asdict(item), ensure_ascii=False)


def _article_from_json(text: str) -> CrawledArticle:
    """orjson reads what it wrote; the slow way's text (a lone surrogate) goes back the slow
    way."""
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError:
        data = json.loads(text)
    fields = data.pop("article")
    for name in ("authors", "tags", "categories"):
        fields[name] = tuple(fields.get(name) or ())
    return CrawledArticle(article=Article(**fields), **data)


class _Step:
    """``Frontier._tx``'s context: a plain class, as a page takes several steps and a
    generator-based context manager costs a few times more per ``with``."""

    __slots__ = ("frontier", "single")

    def __init__(self, frontier: Frontier, *, single: bool) -> None:
        self.frontier = frontier
        self.single = single

    def __enter__(self) -> None:
        frontier = self.frontier
        try:
            if not frontier._open:
                frontier.db.execute("BEGIN IMMEDIATE")
                frontier._open = True
            if not self.single:
                frontier.db.execute("SAVEPOINT step")
                frontier._undo = None
                if not frontier._journal_at:
                    frontier._journal.clear()
                frontier._journal_at.append(len(frontier._journal))
        except sqlite3.Error as exc:
            raise frontier._unwritable(exc) from exc

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        frontier = self.frontier
        at = frontier._journal_at.pop() if not self.single and frontier._journal_at else None
        if exc is not None:
            if not self.single:
                frontier._known.clear()  # some of them may be rolled back
                frontier._rolled_back()
                if at is not None:
                    frontier._undo_outcomes(at)
                with contextlib.suppress(sqlite3.Error):
                    frontier.db.execute("ROLLBACK TO step")
                    frontier.db.execute("RELEASE step")
                if frontier._undo is not None:  # the deferred articles as the step found them
                    frontier._deferred, frontier._may_have_pending = frontier._undo
                    frontier._undo = None
            if isinstance(exc, sqlite3.Error):
                raise frontier._unwritable(exc) from exc
            return
        if not self.single:
            try:
                frontier.db.execute("RELEASE step")
            except sqlite3.Error as error:
                raise frontier._unwritable(error) from error
        frontier._steps += 1
        if frontier._steps >= frontier.group:
            frontier.commit()


class Frontier:
    """One crawl's state database. Single connection, used from the crawl's event loop only.

    ``group`` steps make one commit (1: every step commits at once); ``before_commit`` runs
    before a commit that records deliveries (the exporter makes its files durable there).
    """

    claim_ahead = CLAIM_AHEAD

    def __init__(self, path: Path, *, group: int = 1) -> None:
        self.path = path
        self.group = max(1, group)
        self.before_commit: Callable[[], None] | None = None
        self._open = False  # a group's transaction is open
        self._steps = 0
        self._delivered = False  # the open group records deliveries
        self._generation: int | None = None
        self._known: dict[str, None] = {}  # oldest first (``KNOWN_URLS``)
        # False only when the pending table was found empty and no article was added since:
        # the crawl asks for the next article after every page, most often of an empty table.
        self._may_have_pending = True
        self._fresh: dict[str, tuple[str, CrawledArticle]] = {}  # oldest first (FRESH_ARTICLES)
        # Rows of ``pending`` not written yet (url -> [token, article hash, article], oldest
        # first): see ``_add_pending``. ``_undo`` is what they were when the current step began
        # (taken when the step first changes them); ``_handed`` the tokens handed out and not
        # delivered yet, ``_moved`` those of them written to the table since (both bounded).
        self._deferred: dict[str, list[Any]] = {}
        self._undo: tuple[dict[str, list[Any]], bool] | None = None
        self._handed: dict[int, None] = {}
        self._moved: dict[int, str] = {}
        self._tokens = itertools.count(-1, -1)
        # Outcomes and exported marks not written yet (url -> [outcome parameters or None,
        # exported hash or None]), see ``_record_outcome``; ``_in_flight`` the URLs this process
        # claimed (or adopted) and has not finished: only theirs are kept back, as only they
        # are known to be 'claimed' in the table, which no ``claim`` picks.
        self._outcomes: dict[str, list[Any]] = {}
        self._in_flight: dict[str, None] = {}
        # What recording them replaced, while a step with a savepoint is open (url, its entry
        # before, whether it was in flight), and where each open step's part of it begins: a
        # rolled-back step takes its own outcomes with it (only a step inside another records
        # any before its last statement).
        self._journal: list[tuple[str, list[Any] | None, bool]] = []  # "": ``_put_back``
        self._journal_at: list[int] = []
        # ``MAX(id)`` while no row was added (None: not known); whether the queue was found
        # empty with nothing queued since (then ``claim`` runs no query).
        self._max_id: int | None = None
        self._queue_empty = False
        # Rows claimed ahead and not handed out yet, in queue order (``claim``); how many the
        # next batch takes.
        self._ahead: list[tuple[Any, ...]] = []
        self._ahead_size = 1
        self._step = _Step(self, single=False)
        self._single_step = _Step(self, single=True)
        try:
            self.db = connect_wal(path)
            self.db.executescript(_SCHEMA)
            version = self._meta("schema_version")
            if version is None:
                self._set_meta("schema_version", str(SCHEMA_VERSION))
            elif version != str(SCHEMA_VERSION):
                raise StateError(f"{path}: state schema {version}, expected {SCHEMA_VERSION}")
        except sqlite3.DatabaseError as exc:
            raise StateError(f"{path}: unusable crawl state ({exc})") from exc

    def close(self) -> None:
        """Commit the open group (unless its ``before_commit`` fails: then it is dropped, and
        the next run does its steps again), then close."""
        try:
            self.commit()
        finally:
            if self._open:
                with contextlib.suppress(sqlite3.Error):
                    self.db.execute("ROLLBACK")
                self._forget_deferred()
                self._open = False
            self.db.close()

    def _tx(self, single: bool = False) -> _Step:
        """One step: all of it is recorded, or none of it (a savepoint in the group's
        transaction; ``single``: a step of one statement, atomic by itself). A database that
        can no longer be written (disk full, read-only, I/O error) is a ``StateError``."""
        return self._single_step if single else self._step

    def _unwritable(self, exc: sqlite3.Error) -> StateError:
        return StateError(f"{self.path}: crawl state cannot be written ({exc})")

    @property
    def uncommitted(self) -> int:
        """Steps recorded since the last commit."""
        return self._steps if self._open else 0

    def commit(self) -> None:
        """Make the open group durable: ``before_commit`` first when it records deliveries."""
        if not self._open:
            return
        if self._delivered and self.before_commit is not None:
            self.before_commit()
        try:
            self._write_deferred()
            self._write_outcomes()
            self._put_back()
            self.db.execute("COMMIT")
        except sqlite3.Error as exc:
            self._abandon()
            raise StateError(f"{self.path}: crawl state cannot be written ({exc})") from exc
        finally:
            self._open = False
            self._steps = 0
            self._delivered = False

    def _abandon(self) -> None:
        """The open group cannot be written: all of it is rolled back (the next run does its
        steps again)."""
        self._known.clear()
        with contextlib.suppress(sqlite3.Error):
            self.db.execute("ROLLBACK")
        self._forget_deferred()
        self._open = False
        self._steps = 0
        self._delivered = False

    def _put_back(self) -> None:
        """The rows claimed ahead go back to the queue as they were (before a commit, a read
        or a step that queues URLs): every commit and every read sees what claiming one row at
        a time leaves."""
        ahead = self._ahead
        if not ahead:
            return
        self._ahead = []
        self._ahead_size = max(1, self._ahead_size // 2)
        if self._journal_at:  # inside a step (nested): its rollback claims them again
            self._journal.append(("", ahead, False))
        self.db.executemany(
            "UPDATE urls SET status = 'queued', attempts = attempts - 1 WHERE id = ?",
            [(row[1],) for row in ahead],  # (priority, id, ...)
        )
        self._queue_empty = False

    def _flush(self) -> None:
        """Write the kept outcomes now, outside any step (a step's rollback must not take rows
        of earlier steps with it): before a read or a step that could see them. A failure
        abandons the group, as a failed commit does."""
        if not self._outcomes and not self._ahead:
            return
        try:
            self._write_outcomes()
            self._put_back()
        except sqlite3.Error as exc:
            self._abandon()
            raise self._unwritable(exc) from exc

    # --- meta --------------------------------------------------------------------------------

    def _meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return row[0] if row else None

    def _set_meta(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    @property
    def generation(self) -> int:
        if self._generation is None:
            self._generation = int(self._meta("generation") or 1)
        return self._generation

    # --- runs --------------------------------------------------------------------------------

    def begin_run(self) -> RunMode:
        """Start a run: resume an unfinished crawl, or start an incremental re-crawl.

        Claimed rows (in flight when a run died) and ``blocked`` rows go back to the queue. After
        a finished crawl every known URL is queued again for revalidation (conditional GET),
        feeds and sitemaps first, known pages last.
        """
        state = self._meta("state")
        self._flush()
        with self._tx():
            self._in_flight.clear()
            self._queue_empty = False
            self.db.execute(
                "UPDATE urls SET status = 'queued' WHERE status IN ('claimed', 'blocked')"
            )
            if state == "complete":
                generation = self.generation + 1
                self._set_meta("generation", str(generation))
                self._generation = generation
                self.db.execute(
                    "UPDATE urls SET status = 'queued', attempts = 0, generation = ?, "
                    "priority = CASE WHEN kind = 'page' THEN ? ELSE ? END "
                    "WHERE status != 'quarantined'",
                    (generation, PRIORITY["revalidate"], PRIORITY["discovery"]),
                )
            self._set_meta("state", "running")
        if state is None:
            return "fresh"
        return "recrawl" if state == "complete" else "resume"

    def mark_complete(self) -> None:
        """Every queued URL is dealt with: the next run is an incremental re-crawl."""
        with self._tx():
            self._set_meta("state", "complete")

    # --- adding and claiming -----------------------------------------------------------------

    def _unknown(self, urls: Iterable[NewURL]) -> Iterator[NewURL]:
        """``urls`` less those already in the table that would change nothing there (no hint,
        no lastmod: the insert would be ignored); the rest are remembered as known."""
        known = self._known
        for new in urls:
            if new.url in known:
                if new.hint is None and new.lastmod is None:
                    continue
            else:
                known[new.url] = None
                if len(known) > KNOWN_URLS:
                    del known[next(iter(known))]
            yield new

    def knows(self, url: str) -> bool:
        """Whether ``url`` is remembered as in the table (``KNOWN_URLS``): a ``NewURL`` for it
        without hint or lastmod would change nothing, so a caller may skip making one."""
        return url in self._known

    def _insert(self, urls: Iterable[NewURL]) -> int:
        return self._insert_unknown(self._unknown(urls))

    def _insert_unknown(self, urls: Iterable[NewURL]) -> int:
        """``_insert`` of URLs ``_unknown`` let through already."""
        before = self.db.total_changes
        generation = self.generation
        self.db.executemany(
            "INSERT INTO urls (url, kind, priority, depth, hint, lastmod, generation) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO UPDATE SET "
            "hint = COALESCE(urls.hint, excluded.hint), "
            "lastmod = COALESCE(excluded.lastmod, urls.lastmod) "
            "WHERE excluded.hint IS NOT NULL OR excluded.lastmod IS NOT NULL",
            (  # a generator: a sitemap's 50,000 URLs are never one list here
                (u.url, u.kind, u.priority, u.depth, u.hint, u.lastmod, generation) for u in urls
            ),
        )
        changed = self.db.total_changes - before
        if changed:
            self._max_id = None
            self._queue_empty = False
        return changed

    def add(self, urls: Iterable[NewURL]) -> int:
        """Add URLs not seen before (one transaction); returns how many rows changed."""
        self._flush()
        with self._tx():
            return self._insert(urls)

    def claim(self) -> URLRow | None:
        """Take the next queued URL (lowest priority, then oldest) and mark it in flight.

        Never inside another step: a batch claimed ahead is kept in memory (``_ahead``).

        An empty queue that nothing was queued in since it was found empty is not asked again
        (idle workers ask after every page), but counts as a step all the same."""
        with self._tx(single=True):
            ahead = self._ahead
            if not ahead:
                if self._queue_empty:
                    return None
                # A batch of the queue's first rows, claimed as one claim each would (put back
                # whole before anything could see them claimed early: ``_put_back``).
                ahead = self.db.execute(
                    "UPDATE urls SET status = 'claimed', attempts = attempts + 1 WHERE id IN ("
                    "SELECT id FROM urls WHERE status = 'queued' ORDER BY priority, id LIMIT ?) "
                    "RETURNING priority, id, url, kind, depth, hint, attempts, etag, "
                    "last_modified, exported_hash",
                    (self._ahead_size,),
                ).fetchall()
                if not ahead:
                    self._queue_empty = True
                    return None
                if len(ahead) == self._ahead_size:
                    self._ahead_size = min(self.claim_ahead, self._ahead_size * 2)
                ahead.sort(reverse=True)  # the first to hand out last
                self._ahead = ahead
            row = ahead.pop()
            self._in_flight[row[2]] = None
        return URLRow(*row[1:])

    def adopt(self, url: str, kind: URLKind, depth: int) -> bool:
        """Record a redirect target as this fetch's page; False if it is already known."""
        with self._tx():
            cursor = self.db.execute(
                "INSERT INTO urls (url, kind, status, priority, depth, generation) "
                "VALUES (?, ?, 'claimed', ?, ?, ?) ON CONFLICT (url) DO NOTHING",
                (url, kind, PRIORITY["page"], depth, self.generation),
            )
            if cursor.rowcount != 1:
                return False
            self._max_id = None
            self._in_flight[url] = None
            return True

    def lookup(self, url: str) -> URLRow | None:
        self._flush()
        row = self.db.execute(
            "SELECT id, url, kind, depth, hint, attempts, etag, last_modified, exported_hash "
            "FROM urls WHERE url = ?",
            (url,),
        ).fetchone()
        return URLRow(*row) if row else None

    def outcome(self, url: str) -> tuple[str, str | None] | None:
        """A URL's status and error (None when unknown)."""
        self._flush()
        row = self.db.execute("SELECT status, error FROM urls WHERE url = ?", (url,)).fetchone()
        return (str(row[0]), row[1]) if row else None

    # --- outcomes ----------------------------------------------------------------------------

    def finish(
        self,
        row: URLRow,
        *,
        status: str,
        http_status: int | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        content_hash: str | None = None,
        page_kind: str | None = None,
        final_url: str | None = None,
        error: str | None = None,
        fetched_at: str | None = None,
        found: Iterable[NewURL] = (),
        article: CrawledArticle | None = None,
        article_hash: str | None = None,
        also: Iterable[str] = (),
        held: tuple[str, str] | None = None,
    ) -> int:
        """Record one URL's outcome, the URLs it revealed and its article, atomically.

        ``also`` names further rows (a redirect's target) that get the same outcome. ``held``
        (host, page JSON) keeps the page to be decided later (``release``) instead of an article.
        Returns the number of newly found URLs.
        """
        if status not in _FINAL:
            raise ValueError(status)
        outcome = (
            status,
            http_status,
            etag,
            last_modified,
            content_hash,
            page_kind,
            final_url,
            error,
            fetched_at,
        )
        urls = (row.url, *also)
        in_flight, outcomes = self._in_flight, self._outcomes
        kept = all(url in in_flight and url not in outcomes for url in urls)
        if not kept and any(url in outcomes for url in urls):
            self._flush()  # an outcome again (the page failed after it): in the same order
        pending = article is not None and article_hash is not None
        # A page's links (a list) are sifted first: when none is new, and nothing else is
        # written, the step is no statement at all (no savepoint to make).
        single = False
        if isinstance(found, list | tuple):
            found = list(self._unknown(found))
            single = kept and not found and held is None
            if pending:  # kept in memory, and not so many that the step writes them
                single = single and not self._may_have_pending
                single = single and len(self._deferred) < DEFERRED_ARTICLES
        else:  # a sitemap's URLs: one at a time, in the step
            found = self._unknown(found)
        if found and self._ahead:
            self._flush()  # URLs to queue: the rows claimed ahead go back first
        with self._tx(single=single):
            added = self._insert_unknown(found) if found else 0
            if not kept:
                for url in urls:
                    self.db.execute(_OUTCOME_SQL, (*outcome, url))
            if pending:
                self._add_pending(row.url, article_hash, article)  # type: ignore[arg-type]
            if held is not None:
                self.db.execute(
                    "INSERT INTO held (url, host, page) VALUES (?, ?, ?) "
                    "ON CONFLICT (url) DO UPDATE SET host = excluded.host, page = excluded.page",
                    (row.url, *held),
                )
            if kept:  # last: nothing in the step can fail after it
                for url in urls:
                    self._record_outcome(url, outcome)
        return added

    def _record_outcome(self, url: str, outcome: tuple[Any, ...]) -> None:
        """``url``'s outcome kept for ``_write_outcomes`` (it is no longer in flight; none
        was kept for it: ``finish`` writes a second one at once, after the first)."""
        entry = self._outcomes.get(url)
        flying = self._in_flight.pop(url, 0) is None
        if self._journal_at:
            self._journal.append((url, None if entry is None else list(entry), flying))
        if entry is None:
            self._outcomes[url] = [outcome, None]
        else:  # its exported mark only
            entry[0] = outcome

    def _undo_outcomes(self, at: int) -> None:
        """A step was rolled back: the outcomes and marks it recorded (from ``at`` in the
        journal) are forgotten, its URLs in flight again."""
        journal = self._journal
        for url, entry, flying in reversed(journal[at:]):
            if not url:  # rows claimed ahead, put back
                self._ahead = sorted(self._ahead + entry, reverse=True)  # type: ignore[operator]
            elif entry is None:
                self._outcomes.pop(url, None)
            else:
                self._outcomes[url] = entry
            if flying:
                self._in_flight[url] = None
        del journal[at:]

    def _write_outcomes(self) -> None:
        """Write the kept outcomes and exported marks (before a commit or a read of them)."""
        if not self._outcomes:
            return
        outcomes, self._outcomes = self._outcomes, {}
        if self._journal_at:  # written inside a step (nested): its rollback unwrites them
            self._journal.extend((url, entry, False) for url, entry in outcomes.items())
        self.db.executemany(
            _OUTCOME_SQL, [(*o, url) for url, (o, _h) in outcomes.items() if o is not None]
        )
        self.db.executemany(
            _EXPORTED_SQL, [(h, url) for url, (_o, h) in outcomes.items() if h is not None]
        )

    def _rolled_back(self) -> None:
        """A step or the group was rolled back: what was known of the table may be no more."""
        self._max_id = None
        self._queue_empty = False

    # --- pages held until their site's model is learned ---------------------------------------

    def held_count(self, host: str) -> int:
        row = self.db.execute("SELECT COUNT(*) FROM held WHERE host = ?", (host,)).fetchone()
        return int(row[0])

    def held_hosts(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT DISTINCT host FROM held ORDER BY host")]

    def held_pages(self, host: str) -> list[tuple[str, str]]:
        """``(url, page JSON)`` of a host's held pages, oldest first."""
        rows = self.db.execute("SELECT url, page FROM held WHERE host = ? ORDER BY seq", (host,))
        return [(r[0], r[1]) for r in rows]

    def release(
        self,
        url: str,
        *,
        page_kind: str,
        found: Iterable[NewURL] = (),
        article: CrawledArticle | None = None,
        article_hash: str | None = None,
        failure: tuple[str, str] | None = None,
    ) -> None:
        """A held page is decided: its kind, the URLs its decision revealed and its article (to
        deliver), recorded and the held copy forgotten in one transaction. ``failure`` (status,
        reason) records a page whose extraction failed or ran over its budget."""
        if failure is not None and failure[0] not in _FINAL:
            raise ValueError(failure[0])
        self._flush()
        with self._tx():
            self._insert(found)
            self.db.execute("UPDATE urls SET page_kind = ? WHERE url = ?", (page_kind, url))
            if failure is not None:
                self.db.execute(
                    "UPDATE urls SET status = ?, error = ? WHERE url = ?", (*failure, url)
                )
            if article is not None and article_hash is not None:
                self._add_pending(url, article_hash, article)
            self.db.execute("DELETE FROM held WHERE url = ?", (url,))

    # --- delivery ----------------------------------------------------------------------------

    def _add_pending(self, url: str, article_hash: str, article: CrawledArticle) -> None:
        """``url``'s article waits for delivery (inside the caller's step).

        While ``pending`` is known to be empty (``_may_have_pending`` False) the row is kept in
        memory instead (``_deferred``), and written only if the group commits before it is
        delivered: the crawl delivers an article right after its page, in the same open group,
        so its row would be inserted, read back and deleted before any commit saw it. Every
        commit sees the same rows either way (``_write_deferred`` runs before ``COMMIT``; a
        rolled-back step or group takes its deferred rows with it), so a killed run resumes
        from the same state; what is saved is the article's JSON and three statements."""
        if not self._may_have_pending:
            if self._undo is None:
                self._undo = (dict(self._deferred), False)
            deferred = self._deferred
            entry = deferred.get(url)
            if entry is not None:  # as ON CONFLICT DO UPDATE: the same place in the queue
                deferred[url] = [entry[0], article_hash, article]  # a new list: ``_undo``'s kept
                return
            deferred[url] = [next(self._tokens), article_hash, article]
            if len(deferred) > DEFERRED_ARTICLES:
                self._write_deferred()
            return
        self._may_have_pending = True
        self._insert_pending(url, article_hash, article)

    def _insert_pending(self, url: str, article_hash: str, article: CrawledArticle) -> None:
        item = _article_to_json(article)
        self.db.execute(
            "INSERT INTO pending (url, article_hash, item) VALUES (?, ?, ?) "
            "ON CONFLICT (url) DO UPDATE SET article_hash = excluded.article_hash, "
            "item = excluded.item",
            (url, article_hash, item),
        )
        fresh = self._fresh
        fresh.pop(url, None)
        fresh[url] = (item, article)
        if len(fresh) > FRESH_ARTICLES:
            del fresh[next(iter(fresh))]

    def _write_deferred(self) -> None:
        """Write the deferred rows to ``pending``, oldest first (before a commit, or when there
        are too many); a token handed out for one still finds it (``_moved``)."""
        if not self._deferred:
            return
        deferred, self._deferred = self._deferred, {}
        self._may_have_pending = True
        handed, moved = self._handed, self._moved
        for url, (token, article_hash, article) in deferred.items():
            self._insert_pending(url, article_hash, article)
            if token in handed:
                moved[token] = url
                if len(moved) > FRESH_ARTICLES:
                    del moved[next(iter(moved))]

    def _forget_deferred(self) -> None:
        """The open group was rolled back: its deferred rows and outcomes with it; claims
        made in it are undone too (their rows are queued again)."""
        self._deferred = {}
        self._undo = None
        self._may_have_pending = True  # not known any more
        self._outcomes = {}
        self._in_flight.clear()
        self._journal.clear()
        self._ahead = []
        self._rolled_back()

    def next_pending(self, after: int = 0) -> tuple[int, CrawledArticle] | None:
        """The oldest article not yet delivered (with a sequence number above ``after``; a
        deferred one has a negative number)."""
        if after:
            self._write_deferred()
        elif not self._may_have_pending:
            oldest = next(iter(self._deferred.values()), None)
            if oldest is None:
                return None
            token, _hash, article = oldest
            handed = self._handed
            handed[token] = None
            if len(handed) > FRESH_ARTICLES:
                del handed[next(iter(handed))]
            return token, article
        row = self.db.execute(
            "SELECT seq, url, item FROM pending WHERE seq > ? ORDER BY seq LIMIT 1", (after,)
        ).fetchone()
        if row is None:
            self._may_have_pending = after != 0
            return None
        seq, url, item = row
        # The object stored as this very JSON (rolled back or replaced since: the text differs,
        # and the row's own JSON is read): what parsing it would give, without the parse.
        fresh = self._fresh.pop(url, None)
        if fresh is not None and fresh[0] == item:
            return seq, fresh[1]
        return seq, _article_from_json(item)

    def delivered(self, seq: int) -> None:
        """The consumer took the article: mark its URL exported and forget the pending copy.

        Without a ``before_commit`` (a library consumer keeps the articles itself) the mark is
        committed at once, so a kill re-delivers at most the article in the consumer's hands;
        with one, it waits for the group's commit, after the exporter's flush."""
        if seq < 0 and (url := self._deferred_url(seq)) is not None:
            with self._tx(single=True):  # one statement: no savepoint
                self._mark_exported(url, self._deferred[url][1])
                del self._deferred[url]
                self._handed.pop(seq, None)
                self._delivered = self._delivered or self.before_commit is not None
        else:
            with self._tx():
                self._delivered = self._delivered or self.before_commit is not None
                if seq < 0:
                    self._handed.pop(seq, None)
                    moved = self._moved.pop(seq, None)
                    if moved is not None:
                        self._take_pending("url", moved)
                else:
                    self._take_pending("seq", seq)
        if self.before_commit is None:
            self.commit()

    def _deferred_url(self, token: int) -> str | None:
        for url, entry in self._deferred.items():
            if entry[0] == token:
                return url
        return None

    def _take_pending(self, column: Literal["seq", "url"], key: int | str) -> None:
        """The pending row with ``column`` = ``key`` leaves the table; its URL is exported."""
        row = self.db.execute(
            f"DELETE FROM pending WHERE {column} = ? RETURNING url, article_hash", (key,)
        ).fetchone()
        if row:
            self._mark_exported(row[0], row[1])

    def _mark_exported(self, url: str, article_hash: str) -> None:
        """Kept for ``_write_outcomes`` (the last thing its step does)."""
        entry = self._outcomes.get(url)
        if self._journal_at:
            self._journal.append((url, None if entry is None else list(entry), False))
        if entry is None:
            self._outcomes[url] = [None, article_hash]
        else:
            entry[1] = article_hash

    # --- figures -----------------------------------------------------------------------------

    def count(self, status: str | None = None) -> int:
        self._flush()
        if status is None:
            return int(self.db.execute("SELECT COUNT(*) FROM urls").fetchone()[0])
        query = "SELECT COUNT(*) FROM urls WHERE status = ?"
        return int(self.db.execute(query, (status,)).fetchone()[0])

    def known(self) -> int:
        """How many URLs were ever discovered (cheap: rows are never deleted; remembered
        until a row is added)."""
        if self._max_id is None:
            row = self.db.execute("SELECT MAX(id) FROM urls").fetchone()
            self._max_id = int(row[0] or 0)
        return self._max_id

    def exported_urls(self) -> list[str]:
        """URLs whose article has been delivered (for tests and reports)."""
        self._flush()
        rows = self.db.execute("SELECT url FROM urls WHERE exported = 1 ORDER BY id")
        return [r[0] for r in rows]
