"""The crawl's per-page bookkeeping shortcuts keep their results: an article added after the
pending table was found empty is still delivered, a body read in one piece is the body, a
remembered word count is the count, and the exporter's single look at an existing file still
tells a planted link from its own file and another URL's file from its own."""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from faultserver import fault_config, fetch
from hypothesis import given, settings
from hypothesis import strategies as st
from servers import Reply, ScriptedServer

from scraper.crawler.crawl import _article_hash
from scraper.crawler.fetch import _now_iso
from scraper.crawler.frontier import Frontier, NewURL
from scraper.errors import ExportError, FetchError
from scraper.export.writers import JsonDirExporter
from scraper.models import (
    _NON_ASCII_RE,
    Article,
    CrawledArticle,
    _ascii_stand_ins,
    count_words,
)

# What a word is, by the export schema's definition: the reference ``count_words`` must match.
_WORD_RE = re.compile(r"\w+")


def _item(url: str) -> CrawledArticle:
    return CrawledArticle(Article(url=url, title="T", text="Body."), "2024-01-01", 200, url, "h")


def test_an_article_added_after_an_empty_look_is_delivered(tmp_path: Path) -> None:
    frontier = Frontier(tmp_path / "state.sqlite")
    frontier.begin_run()
    assert frontier.next_pending() is None  # found empty: not asked again until an article comes
    assert frontier.next_pending() is None
    frontier.add([NewURL("https://x.org/a")])
    row = frontier.claim()
    assert row is not None
    frontier.finish(
        row, status="done", page_kind="article", article=_item(row.url), article_hash="1"
    )
    pending = frontier.next_pending()
    assert pending is not None and pending[1] == _item(row.url)
    frontier.delivered(pending[0])
    assert frontier.next_pending() is None
    frontier.close()
    # a restart looks again: what a killed run left pending is found
    again = Frontier(tmp_path / "state.sqlite")
    assert again.next_pending() is None
    again.close()


@pytest.mark.parametrize("size", [0, 10, 300_000])
def test_a_body_with_a_declared_length_is_read_whole(tmp_path: Path, size: int) -> None:
    body = b"<html><body><p>" + b"x" * size + b"</p></body></html>" if size else b""
    with ScriptedServer().route("/page", Reply(body=body)) as server:
        url = f"{server.url}page"
        page = fetch(fault_config(url, tmp_path), url)
    assert page.content == body


def test_word_counts_of_short_and_long_texts_are_the_regex_counts() -> None:
    short = "Ein kurzer Text, with 5 words... und mehr: café-au-lait"
    long = short * 5000  # over the remembered size
    for text in (short, long, ""):
        article = Article(text=text)
        assert article.word_count == len(_WORD_RE.findall(text))
        assert Article(text=text).word_count == article.word_count  # remembered: the same


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_the_word_count_without_substrings_is_the_regex_count(text: str) -> None:
    """``count_words`` (runs' starts) agrees with ``findall`` on any text, lone surrogates,
    combining marks, digits of other scripts and ``_`` included."""
    assert count_words(text) == len(_WORD_RE.findall(text))


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="a_9 .\n-\u00e9\u0301", max_size=60))
def test_the_word_count_at_every_run_boundary(text: str) -> None:
    """Words at the start, at the end, side by side with separators of every kind (a few
    characters, so each edge comes up often): the count of run starts is ``findall``'s."""
    assert count_words(text) == len(_WORD_RE.findall(text))


_TEXTS = st.text(alphabet=st.characters(codec="utf-8"), max_size=30)
_OPTIONAL = st.none() | _TEXTS


@settings(max_examples=300, deadline=None)
@given(
    st.builds(
        Article,
        url=_OPTIONAL,
        title=_OPTIONAL,
        authors=st.tuples(_TEXTS) | st.just(()),
        date_published=_OPTIONAL,
        tags=st.lists(_TEXTS, max_size=3).map(tuple),
        text=_TEXTS,
        markdown=_OPTIONAL,
        page_kind=st.sampled_from(["article", "listing", "other"]),
    )
)
def test_the_article_hash_is_the_sha256_of_its_sorted_json(article: Article) -> None:
    """The change hash kept in a crawl's state (a re-run re-exports what differs from it) is
    what it always was: ``json.dumps`` of the article's dict, keys sorted, non-ASCII kept, and
    control characters, quotes, backslashes and line separators escaped as ``dumps`` does."""
    item = CrawledArticle(article, "2024-01-01", 200, "http://a.example/", "h")
    data = json.dumps(article.to_dict(), sort_keys=True, ensure_ascii=False)
    assert _article_hash(item) == hashlib.sha256(data.encode("utf-8")).hexdigest()


def test_every_character_stands_in_as_the_regex_reads_it() -> None:
    """Each non-ASCII code point becomes ``a`` exactly when ``\\w`` matches it (then the
    counts agree by construction: ASCII is counted by the same table as ``re.ASCII``)."""
    text = "".join(chr(code) for code in range(0x80, 0x110000))
    stand_ins = _NON_ASCII_RE.sub(_ascii_stand_ins, text)
    words = [m.start() for m in re.finditer(r"\w", text)]
    assert len(stand_ins) == len(text)
    assert [i for i, c in enumerate(stand_ins) if c == "a"] == words
    assert count_words("".join(chr(c) for c in range(0x80))) == len(
        _WORD_RE.findall("".join(chr(c) for c in range(0x80)))
    )


def test_the_exporter_still_refuses_a_planted_link_in_a_known_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    outside = tmp_path / "outside.json"
    outside.write_text("secret", encoding="utf-8")
    exporter = JsonDirExporter(out)
    exporter.start()
    exporter.export(_item("https://x.org/a"))  # the site folder is now known to be inside
    target = exporter.path_for({"url": "https://x.org/b"})
    target.symlink_to(outside)
    with pytest.raises(ExportError, match="outside"):
        exporter.export(_item("https://x.org/b"))
    assert outside.read_text(encoding="utf-8") == "secret"


def test_the_exporter_names_another_urls_file_apart_and_overwrites_its_own(
    tmp_path: Path,
) -> None:
    exporter = JsonDirExporter(tmp_path)
    exporter.start()
    exporter.export(_item("https://x.org/a"))
    own = exporter.last_path
    assert own is not None and exporter.path_for({"url": "https://x.org/a"}) == own
    # another URL's file where this one's would go: this one gets the long-hash name
    os.replace(own, own.with_name("kept.json"))
    exporter.export(_item("https://x.org/c"))
    os.replace(exporter.last_path, own)  # type: ignore[arg-type]
    assert exporter.path_for({"url": "https://x.org/a"}) != own


def test_a_short_body_against_its_declared_length_is_an_error(tmp_path: Path) -> None:
    """The one-piece read fails as the chunked read does when the server closes early."""
    reply = Reply(body=b"only this", headers={"Content-Length": "5000", "Connection": "close"})
    with ScriptedServer().route("/short", reply) as server:
        url = f"{server.url}short"
        with pytest.raises(FetchError):
            fetch(fault_config(url, tmp_path), url)


def test_the_fetch_time_stamp_is_now_to_the_second() -> None:
    before = datetime.now(UTC).replace(microsecond=0)
    stamp = _now_iso()
    after = datetime.now(UTC)
    when = datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    assert before <= when <= after and stamp.endswith("Z")
    assert _now_iso() >= stamp  # the remembered second never runs backwards
