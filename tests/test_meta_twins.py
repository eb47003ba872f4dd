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
