"""The SQLite frontier: order, dedupe, atomic outcomes, resume and re-crawl generations."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.crawler.frontier import PRIORITY, Frontier, NewURL
from scraper.errors import StateError
from scraper.models import Article, CrawledArticle


def item(url: str, text: str = "Body.") -> CrawledArticle:
    article = Article(url=url, title="T", text=text, tags=("a", "b"), authors=("Jo",))
    return CrawledArticle(article, "2024-01-01T00:00:00Z", 200, url, "h")


@pytest.fixture
def frontier(tmp_path: Path) -> Frontier:
    f = Frontier(tmp_path / "state.sqlite")
    f.begin_run()
    return f


def test_claims_follow_priority_then_age_and_urls_are_unique(frontier: Frontier) -> None:
    frontier.add([NewURL("https://x.org/a"), NewURL("https://x.org/b")])
    frontier.add([NewURL("https://x.org/feed/", "feed", PRIORITY["discovery"])])
    frontier.add([NewURL("https://x.org/a")])
    assert frontier.count() == 3
    order = [frontier.claim() for _ in range(4)]
    assert [row.url if row else None for row in order] == [
        "https://x.org/feed/",
        "https://x.org/a",
        "https://x.org/b",
        None,
    ]


def test_outcome_links_and_article_commit_together(frontier: Frontier) -> None:
    frontier.add([NewURL("https://x.org/a")])
    row = frontier.claim()
    assert row is not None
    frontier.finish(
        row,
        status="done",
        etag='"1"',
        page_kind="article",
        found=[NewURL("https://x.org/b", depth=1)],
        article=item(row.url),
        article_hash="h1",
    )
    assert frontier.count("done") == 1 and frontier.count("queued") == 1
    pending = frontier.next_pending()
    assert pending is not None
    seq, got = pending
    assert got == item(row.url)
    frontier.delivered(seq)
    assert frontier.next_pending() is None
    assert frontier.exported_urls() == ["https://x.org/a"]


def test_a_crash_mid_claim_is_resumed(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = Frontier(path)
    assert first.begin_run() == "fresh"
    first.add([NewURL("https://x.org/a"), NewURL("https://x.org/b")])
    claimed = first.claim()
    assert claimed is not None
    first.db.close()  # the process dies: no finish() for the claimed URL
    second = Frontier(path)
    assert second.begin_run() == "resume"
    urls = []
    while (row := second.claim()) is not None:
        urls.append(row.url)
    assert urls == ["https://x.org/a", "https://x.org/b"]


def test_undelivered_articles_survive_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = Frontier(path)
    first.begin_run()
    first.add([NewURL("https://x.org/a")])
    row = first.claim()
    assert row is not None
    first.finish(row, status="done", article=item(row.url), article_hash="h")
    first.close()
    second = Frontier(path)
    second.begin_run()
    pending = second.next_pending()
    assert pending is not None and pending[1].final_url == "https://x.org/a"


def test_a_finished_crawl_is_revalidated_next_time(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    first = Frontier(path)
    first.begin_run()
    first.add([NewURL("https://x.org/a"), NewURL("https://x.org/feed/", "feed", 0)])
    while (row := first.claim()) is not None:
        first.finish(row, status="done", etag='"e"')
    first.mark_complete()
    first.close()
    second = Frontier(path)
    assert second.begin_run() == "recrawl"
    assert second.generation == 2
    feed = second.claim()
    page = second.claim()
    assert feed is not None and feed.url == "https://x.org/feed/"
    assert page is not None and page.etag == '"e"'


def test_a_corrupt_state_file_is_a_state_error(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(StateError):
        Frontier(path)


def test_wal_mode_is_on(frontier: Frontier) -> None:
    assert frontier.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert isinstance(frontier.db, sqlite3.Connection)


def test_links_seen_again_are_skipped_but_hints_and_rolled_back_links_still_land(
    frontier: Frontier,
) -> None:
    """Known links are not sent to SQLite again; a hint or lastmod still reaches the row, and
    links whose step was rolled back are not taken for known."""
    frontier.add([NewURL("https://x.org/a"), NewURL("https://x.org/b")])
    frontier.add([NewURL("https://x.org/a"), NewURL("https://x.org/a", hint="feed_item")])
    frontier.add([NewURL("https://x.org/b", lastmod="2024-05-01")])
    rows = dict(frontier.db.execute("SELECT url, COALESCE(hint, lastmod) FROM urls"))
    assert rows == {"https://x.org/a": "feed_item", "https://x.org/b": "2024-05-01"}

    def broken() -> Iterator[NewURL]:
        yield NewURL("https://x.org/c")
        raise sqlite3.OperationalError("disk I/O error")

    with pytest.raises(StateError):
        frontier.add(broken())
    assert frontier.count() == 2
    frontier.add([NewURL("https://x.org/c")])
    assert frontier.count() == 3


def test_a_fresh_article_is_delivered_as_its_stored_json_reads(frontier: Frontier) -> None:
    """The delivery right after ``finish`` returns the object kept in memory: equal to what its
    JSON reads as; a row replaced or rolled back since is read from the table, never the memo."""
    from scraper.crawler.frontier import _article_from_json, _article_to_json

    urls = [f"https://x.org/{i}" for i in range(3)]
    frontier.add([NewURL(u) for u in urls])
    rows = [frontier.claim() for _ in urls]
    first, second, third = (r for r in rows if r is not None)
    odd = item(first.url, "Accents é, ‘quotes’ and \u2028 a separator.")
    frontier.finish(first, status="done", article=odd, article_hash="h")
    pending = frontier.next_pending()
    assert pending is not None
    assert pending[1] is odd and odd == _article_from_json(_article_to_json(odd))
    frontier.delivered(pending[0])
    # the same URL recorded twice: the table holds the second, and so does the delivery
    frontier.finish(second, status="done", article=item(second.url, "one"), article_hash="1")
    frontier.db.execute(
        "UPDATE pending SET item = ? WHERE url = ?",
        (_article_to_json(item(second.url, "two")), second.url),
    )
    pending = frontier.next_pending()
    assert pending is not None and pending[1] == item(second.url, "two")
    frontier.delivered(pending[0])
    # a step rolled back: its article is neither in the table nor delivered from memory
    with pytest.raises(RuntimeError), frontier._tx():
        frontier._add_pending(third.url, "h", item(third.url))
        raise RuntimeError("the step fails")
    assert frontier.next_pending() is None
