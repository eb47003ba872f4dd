"""Golden folders: every fixtures/pages/<name>.html with its expected text and metadata.

``<name>.meta.json`` holds the URL the page was served from and the metadata fields
``extract()`` must return; ``<name>.expected.txt`` (articles only) the body text, compared up
to whitespace. To add a case, drop the three files in fixtures/pages/.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from scraper.extractor import extract

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
CASES = sorted(path.name.removesuffix(".meta.json") for path in PAGES.glob("*.meta.json"))


def _load(name: str) -> tuple[dict[str, Any], dict[str, Any]]:
    expected = json.loads((PAGES / f"{name}.meta.json").read_text(encoding="utf-8"))
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    return expected, extract(html, expected["url"]).to_dict()


def test_every_page_fixture_has_expectations() -> None:
    pages = {path.stem for path in PAGES.glob("*.html")}
    assert pages == set(CASES)
    assert len(CASES) >= 6


@pytest.mark.parametrize("name", CASES)
def test_metadata_matches_golden(name: str) -> None:
    expected, got = _load(name)
    fields = [key for key in expected if key != "url"]
    assert {key: got[key] for key in fields} == {key: expected[key] for key in fields}


@pytest.mark.parametrize(
    "name", sorted(path.name.removesuffix(".expected.txt") for path in PAGES.glob("*.txt"))
)
def test_body_text_matches_golden(name: str) -> None:
    _, got = _load(name)
    want = (PAGES / f"{name}.expected.txt").read_text(encoding="utf-8")
    assert got["text"].split() == want.split()


@pytest.mark.parametrize("name", ["listing_category", "listing_home"])
def test_listing_fixtures_are_not_articles(name: str) -> None:
    _, got = _load(name)
    assert got["page_kind"] == "listing"


def test_comments_are_kept_apart_from_the_body() -> None:
    html = (PAGES / "blog_with_comments.html").read_text(encoding="utf-8")
    article = extract(html, include_comments=True)
    assert "Dinkelmehl" not in article.text
    assert article.comments is not None
    assert "Dinkelmehl" in article.comments
