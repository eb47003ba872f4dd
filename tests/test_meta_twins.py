"""The metadata trainer's older-markup twins (``train_meta_model.py --twins``): each page is
also read as a ``markup_era`` rewrite leaves it, keeping its URL, gold and fold, so the study
can score the rankers on pages without head data and, with ``--twins-train``, train on them."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

pytest.importorskip("numpy")

from benchmarks import train_meta_model as trainer

PAGE = """<!doctype html><html><head><title>Council votes on the bridge | Town News</title>
<meta property="og:title" content="Council votes on the bridge">
<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Council votes on the bridge", "datePublished": "2021-04-06T08:00:00Z",
 "author": {"@type": "Person", "name": "Ada Lovelace"}}</script></head>
<body><article><h1>Council votes on the bridge</h1>
<p>The council voted on Tuesday to rebuild the old bridge over the river, after a long
debate about its cost and the years of repairs it has needed since the flood.</p>
<p>Work starts in the spring and should take two years, the mayor said.</p></article>
</body></html>"""


def _set(tmp_path: Path) -> Path:
    (tmp_path / "html").mkdir()
    with gzip.open(tmp_path / "html" / "p1.html.gz", "wt", encoding="utf-8") as handle:
        handle.write(PAGE)
    gold = {
        "p1": {
            "url": "https://news.example.org/2021/04/council-votes",
            "page_type": "article",
            "title": "Council votes on the bridge",
            "author": "Ada Lovelace",
            "date_published": "2021-04-06",
        }
    }
    (tmp_path / "ground-truth.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path


def test_a_twin_keeps_its_page_and_loses_the_head_data(tmp_path: Path) -> None:
    set_dir = _set(tmp_path)
    (page,) = trainer.collect(set_dir)
    (twin,) = trainer.collect(set_dir, rewrite="no_head_data")
    assert page["id"] == "p1" and "twin" not in page
    assert twin["id"] == "p1~no_head_data" and twin["twin"] == "no_head_data"
    assert twin["fold"] == page["fold"] and twin["gold"] == page["gold"]
    # the day is declared only in the JSON-LD: the page has it, its twin has no right candidate
    assert any(right for _, right, _ in page["fields"]["date_published"])
    assert not any(right for _, right, _ in twin["fields"]["date_published"])
    # the headline is printed, so both have it
    assert any(right for _, right, _ in twin["fields"]["title"])


def _archive(root: Path) -> Path:
    """One dev archive as ``fixtures/sites/build_gold.py`` writes it: a post and a listing."""
    site = root / "news-site"
    (site / "site" / "2021" / "council").mkdir(parents=True)
    (site / "site" / "origin.txt").write_text("https://news.example.org\n", encoding="utf-8")
    (site / "site" / "2021" / "council" / "index.html").write_text(PAGE, encoding="utf-8")
    listing = (
        "<html><head><title>Town News</title></head><body><h1>Town News</h1>"
        '<h2><a href="/2021/council/">Council votes on the bridge</a></h2>'
        "<p>Updated 2024-05-01.</p></body></html>"
    )
    (site / "site" / "index.html").write_text(listing, encoding="utf-8")
    gold = {
        "2021/council/index.html": {
            "kind": "article",
            "title": "Council votes on the bridge",
            "author": None,
            "date": "2021-04-06",
        },
        "index.html": {"kind": "listing"},
    }
    (site / "gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return root


def test_the_archives_posts_and_other_pages_are_read_with_what_their_gold_says(
    tmp_path: Path,
) -> None:
    pages = trainer.collect_archives(_archive(tmp_path), per_site=4)
    post, listing = sorted(pages, key=lambda page: page["id"])
    assert post["id"] == "news-site/2021/council/index.html~archives"
    assert post["twin"] == listing["twin"] == trainer.ARCHIVES
    assert post["url"] == "https://news.example.org/2021/council/"
    assert post["fold"] == listing["fold"] == trainer.fold_of("https://news.example.org/")
    assert post["gold"] == {"title": True, "authors": False, "date_published": True}
    assert any(right for _, right, _ in post["fields"]["date_published"])
    # no writer in the source is no example either way; a listing has no day of publication
    # and names no writer: a negative for both
    assert post["unlabelled"] == ["authors"]
    assert listing["type"] == "listing" and listing["unlabelled"] == ["title"]
    assert listing["gold"]["date_published"] is False
    assert listing["gold"]["authors"] is False


def test_an_archive_page_weighs_what_archives_weight_says(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(trainer, "ARCHIVES_WEIGHT", 0.25)
    assert trainer.page_weight({"twin": trainer.ARCHIVES}) == 0.25
    assert trainer.page_weight({"twin": None}) == 1.0


def test_a_refit_keeps_what_the_other_fields_learned_from_the_archives() -> None:
    older = {"archives": {"fields": ["date_published"], "posts": 630, "sites": 36}}
    assert trainer.archives_of(older, ["authors"]) == {
        "date_published": {"pages": 630, "sites": 36}
    }
    assert trainer.archives_of(older, ["date_published"]) == {}
    per_field = {"archives": {"title": {"pages": 9, "sites": 2, "weight": 0.05}}}
    assert trainer.archives_of(per_field, ["authors"]) == per_field["archives"]
    assert trainer.archives_of({}, ["title"]) == {}


def test_with_archives_ranker_only_a_page_gate_learns_from_the_sets_own_pages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    own = [{"id": "a", "twin": None}, {"id": "b", "twin": None}]
    archived = [{"id": "c~archives", "twin": trainer.ARCHIVES}]
    pages = [own[0], archived[0], own[1]]
    picks = [(True, 0.9, {"x": 1.0}), (False, 0.4, {"x": 0.0}), (True, 0.7, {"x": 1.0})]
    seen: list[list[str]] = []

    def fit(field: str, fit_pages: list[dict], fit_picks: list) -> tuple[object, list[str]]:
        seen.append([p["id"] for p in fit_pages])
        assert len(fit_picks) == len(fit_pages)
        return object(), []

    monkeypatch.setattr(trainer, "fit_gate_model", fit)
    monkeypatch.setattr(trainer, "gate_probabilities", lambda gate, p: [(q[0], q[1]) for q in p])
    monkeypatch.setattr(trainer, "choose_threshold", lambda field, p, q: 0.5)
    monkeypatch.setitem(trainer.GATE_THRESHOLD, "authors", "in-sample")
    trainer.train_gate("authors", pages, picks)
    monkeypatch.setattr(trainer, "ARCHIVES_IN_GATE", False)
    trainer.train_gate("authors", pages, picks)
    assert seen == [["a", "c~archives", "b"], ["a", "b"]]
