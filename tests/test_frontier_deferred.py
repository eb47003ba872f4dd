"""Deferred pending rows: an article delivered within its own open group is never written to the
``pending`` table, yet every commit records what writing it would have recorded.

The reference is the same ``Frontier`` with deferral off (every article inserted into
``pending`` at once, as before): random runs of pages, deliveries, commits, rolled-back steps
and re-recorded URLs must deliver the same articles in the same order and leave the same
committed rows after every commit (what a process killed right then would resume from).
"""

from __future__ import annotations

import contextlib
import random
import sqlite3
from pathlib import Path

import pytest

import scraper.crawler.frontier as frontier_module
from scraper.crawler.frontier import Frontier, NewURL, _article_to_json
from scraper.models import Article, CrawledArticle


def item(url: str, text: str = "Body.") -> CrawledArticle:
    article = Article(url=url, title="T", text=text, tags=("a",), authors=("Jo",))
    return CrawledArticle(article, "2024-01-01T00:00:00Z", 200, url, "h")


class WritingFrontier(Frontier):
    """The old behaviour: every pending article goes to the table at once."""

    def _add_pending(self, url: str, article_hash: str, article: CrawledArticle) -> None:
        self._may_have_pending = True
        super()._add_pending(url, article_hash, article)


def committed(path: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """What another connection (a killed run's successor) sees."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        urls = db.execute(
            "SELECT url, status, exported, exported_hash FROM urls ORDER BY url"
        ).fetchall()
        pending = db.execute("SELECT url, article_hash, item FROM pending ORDER BY seq").fetchall()
    return urls, pending


def started(path: Path, cls: type[Frontier] = Frontier) -> Frontier:
    frontier = cls(path, group=1000)
    frontier.before_commit = lambda: None
    frontier.begin_run()
    return frontier


def test_an_article_delivered_in_its_group_never_reaches_the_table(tmp_path: Path) -> None:
    frontier = started(tmp_path / "state.sqlite")
    frontier.add([NewURL("https://x.org/a")])
    assert frontier.next_pending() is None  # the table is found empty
    row = frontier.claim()
    assert row is not None
    frontier.finish(row, status="done", article=item(row.url), article_hash="h1")
    assert frontier.db.execute("SELECT COUNT(*) FROM pending").fetchone()[0] == 0
    pending = frontier.next_pending()
    assert pending is not None and pending[0] < 0 and pending[1] == item(row.url)
    frontier.delivered(pending[0])
    assert frontier.next_pending() is None
    frontier.commit()
    urls, rows = committed(tmp_path / "state.sqlite")
    assert urls == [("https://x.org/a", "done", 1, "h1")] and rows == []
    frontier.close()


def test_a_commit_before_the_delivery_writes_the_row(tmp_path: Path) -> None:
    """Committed while the consumer holds the article: the row is in the table (a kill now
    delivers it again), and the delivery still finds and removes it."""
    path = tmp_path / "state.sqlite"
    frontier = started(path)
    frontier.add([NewURL("https://x.org/a")])
    assert frontier.next_pending() is None
    row = frontier.claim()
    assert row is not None
    frontier.finish(row, status="done", article=item(row.url), article_hash="h1")
    pending = frontier.next_pending()
    assert pending is not None
    frontier.commit()
    assert committed(path)[1] == [(row.url, "h1", _article_to_json(item(row.url)))]
    frontier.delivered(pending[0])
    frontier.commit()
    assert committed(path) == ([(row.url, "done", 1, "h1")], [])
    frontier.close()


def test_a_rolled_back_step_takes_only_its_own_deferred_article(tmp_path: Path) -> None:
    frontier = started(tmp_path / "state.sqlite")
    assert frontier.next_pending() is None
    frontier._add_pending("https://x.org/a", "1", item("https://x.org/a"))  # an earlier step's
    with pytest.raises(RuntimeError), frontier._tx():
        frontier._add_pending("https://x.org/a", "2", item("https://x.org/a", "replaced"))
        frontier._add_pending("https://x.org/b", "3", item("https://x.org/b"))
        raise RuntimeError("the step fails")
    pending = frontier.next_pending()
    assert pending is not None and pending[1] == item("https://x.org/a")
    assert frontier._deferred["https://x.org/a"][1] == "1"
    assert list(frontier._deferred) == ["https://x.org/a"]
    frontier.close()


@pytest.mark.parametrize("seed", range(30))
def test_random_runs_commit_what_writing_every_row_commits(
    tmp_path: Path, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(frontier_module, "DEFERRED_ARTICLES", 3)  # overflows happen too
    rng = random.Random(seed)
    urls = [f"https://x.org/{i}" for i in range(12)]
    sides = []
    for name, cls in (("new", Frontier), ("old", WritingFrontier)):
        path = tmp_path / f"{name}.sqlite"
        frontier = started(path, cls)
        frontier.add([NewURL(u) for u in urls])
        sides.append((path, frontier, [], [None]))  # path, frontier, delivered, in hand
    for step in range(80):
        op = rng.choice(["finish", "finish", "finish", "look", "deliver", "commit", "fail"])
        url, text = rng.choice(urls), f"v{step}"
        for _path, frontier, delivered, hand in sides:
            if op == "finish":
                frontier.finish(
                    frontier.lookup(url),  # type: ignore[arg-type]
                    status="done",
                    article=item(url, text),
                    article_hash=text,
                )
            elif op == "look" and hand[0] is None:
                hand[0] = frontier.next_pending()
            elif op == "deliver" and hand[0] is not None:
                delivered.append(hand[0][1])
                frontier.delivered(hand[0][0])
                hand[0] = None
            elif op == "commit":
                frontier.commit()
            elif op == "fail":
                with pytest.raises(RuntimeError), frontier._tx():
                    frontier.finish(
                        frontier.lookup(url),  # type: ignore[arg-type]
                        status="done",
                        article=item(url, "rolled back"),
                        article_hash="x",
                    )
                    raise RuntimeError("the step fails")
        assert sides[0][2] == sides[1][2]  # the same articles delivered, in the same order
        if op == "commit":
            assert committed(sides[0][0]) == committed(sides[1][0])
    for _path, frontier, delivered, hand in sides:
        if hand[0] is not None:
            delivered.append(hand[0][1])
            frontier.delivered(hand[0][0])
        while (pending := frontier.next_pending()) is not None:
            delivered.append(pending[1])
            frontier.delivered(pending[0])
        frontier.close()
    assert sides[0][2] == sides[1][2]
    assert committed(sides[0][0]) == committed(sides[1][0])
