"""Kept outcomes: a claimed URL's outcome and an article's exported mark wait in memory and are
written per group right before its ``COMMIT`` (or before a read that could see them), yet every
commit records what writing each at once recorded, and every read sees the same.

The reference is the same ``Frontier`` writing each outcome and mark at once (as before): random
runs of claims, pages (new links, redirects, articles), deliveries, reads, commits and rolled-back
steps must claim the same URLs, read the same rows and leave the same committed rows after every
commit (what a process killed right then would resume from).
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path
from typing import Any

import pytest

import scraper.crawler.frontier as frontier_module
from scraper.crawler.frontier import Frontier, NewURL
from scraper.models import Article, CrawledArticle


def item(url: str, text: str = "Body.") -> CrawledArticle:
    return CrawledArticle(Article(url=url, title="T", text=text), "2024-01-01", 200, url, "h")


class WritingFrontier(Frontier):
    """The old behaviour: each outcome and mark written by its own step, at once, and one row
    claimed at a time."""

    claim_ahead = 1

    def _record_outcome(self, url: str, outcome: tuple[Any, ...]) -> None:
        self._in_flight.pop(url, None)
        self.db.execute(frontier_module._OUTCOME_SQL, (*outcome, url))

    def _mark_exported(self, url: str, article_hash: str) -> None:
        self.db.execute(frontier_module._EXPORTED_SQL, (article_hash, url))


def committed(path: Path) -> list[tuple[object, ...]]:
    """What another connection (a killed run's successor) sees."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        urls = db.execute(
            "SELECT url, status, attempts, http_status, etag, page_kind, final_url, error, "
            "exported, exported_hash FROM urls ORDER BY url"
        ).fetchall()
        pending = db.execute("SELECT url, article_hash FROM pending ORDER BY seq").fetchall()
    return [*urls, ("pending", *pending)]


def started(path: Path, cls: type[Frontier]) -> Frontier:
    frontier = cls(path, group=1000)
    frontier.before_commit = lambda: None
    frontier.begin_run()
    return frontier


def test_a_page_without_new_links_runs_no_statement(tmp_path: Path) -> None:
    frontier = started(tmp_path / "state.sqlite", Frontier)
    frontier.add([NewURL("https://x.org/a"), NewURL("https://x.org/b")])
    assert frontier.next_pending() is None
    row = frontier.claim()
    assert row is not None and frontier.known() == 2  # asked once, then remembered
    statements: list[str] = []
    frontier.db.set_trace_callback(statements.append)
    frontier.finish(
        row,
        status="done",
        page_kind="article",
        found=[NewURL("https://x.org/b")],  # known already
        article=item(row.url),
        article_hash="h1",
    )
    pending = frontier.next_pending()
    assert pending is not None
    frontier.delivered(pending[0])
    assert frontier.known() == 2
    assert statements == []
    frontier.db.set_trace_callback(None)
    assert frontier.outcome(row.url) == ("done", None)  # written before the read
    frontier.commit()
    assert committed(tmp_path / "state.sqlite")[0][:2] == ("https://x.org/a", "done")
    frontier.close()


def test_an_empty_queue_is_not_asked_again_until_a_url_is_added(tmp_path: Path) -> None:
    frontier = started(tmp_path / "state.sqlite", Frontier)
    assert frontier.claim() is None
    statements: list[str] = []
    frontier.db.set_trace_callback(statements.append)
    assert frontier.claim() is None
    assert statements == []
    frontier.add([NewURL("https://x.org/a")])
    row = frontier.claim()
    assert row is not None and row.url == "https://x.org/a"
    frontier.close()


def test_a_rolled_back_group_queues_its_claims_again(tmp_path: Path) -> None:
    frontier = started(tmp_path / "state.sqlite", Frontier)
    frontier.add([NewURL("https://x.org/a")])
    frontier.commit()
    row = frontier.claim()
    assert row is not None and frontier.claim() is None
    frontier.finish(row, status="done")
    frontier._abandon()  # the group cannot be written
    again = frontier.claim()
    assert again is not None and again.url == row.url
    frontier.finish(again, status="failed", error="x")
    frontier.commit()
    assert frontier.outcome(row.url) == ("failed", "x")
    frontier.close()


@pytest.mark.parametrize("seed", range(40))
def test_random_runs_commit_and_read_what_writing_at_once_does(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frontier_module, "DEFERRED_ARTICLES", 3)  # overflows happen too
    rng = random.Random(seed)
    urls = [f"https://x.org/{i}" for i in range(30)]
    sides = []
    for name, cls in (("new", Frontier), ("old", WritingFrontier)):
        path = tmp_path / f"{name}.sqlite"
        frontier = started(path, cls)
        frontier.add([NewURL(u) for u in urls[:4]])
        sides.append((path, frontier, [], [None], []))  # ..., delivered, in hand, claimed
    ops = ["claim", "claim", "page", "page", "page", "redirect", "look", "deliver"]
    ops += ["commit", "fail", "read", "again"]
    for step in range(120):
        op = rng.choice(ops)
        picks = [  # links of any priority, some with a hint or a lastmod for a known URL
            (u, rng.choice([0, 5, 8, 10, 10]), rng.choice([None, None, "feed_item"]))
            for u in rng.sample(urls, rng.randint(0, 4))
        ]
        text = f"v{step}"
        which = rng.random()
        seen = []
        for _path, frontier, delivered, hand, claimed in sides:
            if op == "claim":
                row = frontier.claim()
                seen.append(row)
                if row is not None:
                    claimed.append(row)
            elif op in ("page", "redirect", "fail") and claimed:
                row = claimed.pop(int(which * len(claimed)))
                also: tuple[str, ...] = ()
                if op == "redirect":
                    target = row.url + "/moved"
                    also = (target,) if frontier.adopt(target, "page", 1) else ()
                found = [
                    NewURL(u, "page", priority, row.depth + 1, hint, lastmod=hint and text)
                    for u, priority, hint in picks
                ]
                article = item(row.url, text) if which < 0.7 else None
                outcome = {
                    "status": "done" if which < 0.8 else "failed",
                    "http_status": 200 if which < 0.5 else None,
                    "page_kind": "article" if article else None,
                    "error": None if which < 0.8 else text,
                }
                if op == "fail":
                    with pytest.raises(RuntimeError), frontier._tx():
                        frontier.finish(
                            row, found=found, article=article, article_hash=text, **outcome
                        )
                        raise RuntimeError("the step fails")
                    claimed.append(row)  # still in flight
                else:
                    frontier.finish(
                        row, found=found, article=article, article_hash=text, also=also, **outcome
                    )
            elif op == "again" and claimed:  # a page that failed after its outcome
                row = claimed[int(which * len(claimed))]
                frontier.finish(row, status="done", page_kind="listing", etag=text)
                frontier.finish(row, status="failed", error="internal error")
                claimed.remove(row)
            elif op == "look" and hand[0] is None:
                hand[0] = frontier.next_pending()
            elif op == "deliver" and hand[0] is not None:
                delivered.append(hand[0][1])
                frontier.delivered(hand[0][0])
                hand[0] = None
            elif op == "commit":
                frontier.commit()
            elif op == "read":
                row = frontier.lookup(urls[int(which * len(urls))])
                seen.append((row, frontier.known(), frontier.count(), frontier.count("done")))
        if seen:
            assert seen[0] == seen[1]
        assert sides[0][2] == sides[1][2]  # the same articles delivered, in the same order
        if op == "commit":
            assert committed(sides[0][0]) == committed(sides[1][0])
    for _path, frontier, delivered, hand, _claimed in sides:
        if hand[0] is not None:
            delivered.append(hand[0][1])
            frontier.delivered(hand[0][0])
        while (pending := frontier.next_pending()) is not None:
            delivered.append(pending[1])
            frontier.delivered(pending[0])
        frontier.close()
    assert sides[0][2] == sides[1][2]
    assert committed(sides[0][0]) == committed(sides[1][0])
