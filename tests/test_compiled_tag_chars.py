"""The text of the links or paragraphs under an element added up in one C walk
(``_cwalks.tagged_text_chars``, switch ``candidates.COMPILED_TAG_CHARS``): ``link_chars``,
``paragraph_chars`` and ``prose_chars`` (its early stop at every bar) give the Python loops'
counts for every element of random and fixture pages; an entity reference or a non-element is
left to Python (None). Skipped where the extension is not built."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from lxml import etree
from randompages import worded_page

from scraper.extractor import candidates
from scraper.extractor.parse import parse_tree, text_length

cwalks = pytest.importorskip("scraper.extractor._cwalks")
if not hasattr(cwalks, "tagged_text_chars"):
    pytest.skip("an extension built before round twenty-four", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _python_sum(el: etree._Element, tag: str, enough: int) -> int:
    total = 0
    for found in el.iter(tag):
        total += text_length(found)
        if total >= enough:
            break
    return total


_TAGS = ("p", "a", "div", "span", "A", "o:p", "li")


def _random_page(rng: random.Random) -> str:
    return worded_page(rng, _TAGS, most_words=30)


def _check(root: etree._Element, rng: random.Random) -> int:
    checked = 0
    for el in root.iter(etree.Element):
        for tag in ("a", "p"):
            enough = rng.choice((sys.maxsize, 0, 1, 25, 400))
            assert cwalks.tagged_text_chars(el, tag.encode(), enough) == _python_sum(
                el, tag, enough
            )
            checked += 1
        assert candidates.link_chars(el) == _python_sum(el, "a", sys.maxsize)
        assert candidates.paragraph_chars(el) == _python_sum(el, "p", sys.maxsize)
        assert candidates.prose_chars(el, 400) == _python_sum(el, "p", 400)
    return checked


def test_random_pages() -> None:
    rng = random.Random(41)
    checked = 0
    for _ in range(300):
        root = parse_tree(_random_page(rng))
        if root is not None:
            checked += _check(root, rng)
    assert checked > 10_000


def test_fixture_pages() -> None:
    rng = random.Random(43)
    pages = sorted((FIXTURES / "pages").rglob("*.html"))
    sites = FIXTURES / "sites"
    pages += sorted(sites.rglob("*.html"))[::25] if sites.is_dir() else []
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is not None:
            _check(root, rng)


def test_entities_and_comments_go_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(
        b'<!DOCTYPE d [<!ENTITY e "text">]><d><p><a>&e; x</a></p><p>plain</p></d>', parser
    )
    assert cwalks.tagged_text_chars(root, b"a", sys.maxsize) is None
    assert cwalks.tagged_text_chars(root[1], b"p", sys.maxsize) == 5
    assert cwalks.tagged_text_chars(etree.Comment("c"), b"p", 1) is None
    assert candidates.link_chars(root) == _python_sum(root, "a", sys.maxsize)
    monkeypatch.setattr(candidates, "COMPILED_TAG_CHARS", False)
    assert candidates.paragraph_chars(root[1]) == 5
