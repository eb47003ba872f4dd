"""``parse.text_length`` and ``body._nonspace_text_chars`` counted on libxml2's nodes
(``_cwalks.text_chars`` / ``nonspace_chars``) give what the strings give: for every element of
the fixture pages (raw and pruned) and of random pages with multi-byte text, CDATA, tails and
text after ``</body>``; an entity reference falls back to the string. Skipped where the
extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree
from randompages import random_page

from scraper.extractor import body, parse
from scraper.extractor.parse import element_text, parse_html, parse_tree, text_length
from scraper.extractor.prune import drop_never_text

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _python_nonspace(root: etree._Element) -> int:
    found = root.find("body")
    text = etree.tostring(found if found is not None else root, method="text", encoding=str)
    return len(text) - sum(map(text.count, (" ", "\n", "\t", "\r")))


def _check_tree(root: etree._Element) -> None:
    for el in root.iter(etree.Element):
        assert compiled.text_chars(el) == len(element_text(el))
        assert text_length(el) == len(element_text(el))
        text = etree.tostring(el, method="text", encoding=str)
        blank = sum(map(text.count, (" ", "\n", "\t", "\r")))
        assert compiled.nonspace_chars(el) == len(text) - blank
    assert body._nonspace_text_chars(root) == _python_nonspace(root)


def test_fixture_pages_raw_and_pruned() -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        for parser in (parse_tree, parse_html):
            root = parser(html)
            if root is None:
                continue
            _check_tree(root)
            drop_never_text(root)
            _check_tree(root)


_TEXTS = ["", " ", "\n\t", "\r\n", "word", "é" * 9, "中文 ", "😀 x", "\u00a0\u2028", "A b. " * 5]
_TAGS = ["p", "div", "span", "a", "b", "section", "li", "pre"]


def _element(rng: random.Random) -> tuple[str, str]:
    tag = rng.choice(_TAGS)
    return tag, f"<{tag}>{rng.choice(_TEXTS)}"


def test_random_pages_with_tails_after_the_body() -> None:
    rng = random.Random(2211)
    for _ in range(300):
        page = random_page(rng, _element, after_close=lambda rng: rng.choice(_TEXTS))
        page = page.replace("</body>", f"</body>{rng.choice(_TEXTS)}")
        root = parse_tree(page)
        assert root is not None
        _check_tree(root)


def test_cdata_counts_and_entity_references_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree("<html><body><p>one é</p><p>two</p></body></html>")
    assert root is not None
    first = root.find("body/p")
    first.append(etree.Entity("amp"))
    assert compiled.text_chars(first) is None
    assert compiled.nonspace_chars(root.find("body")) is None
    assert text_length(first) == len(element_text(first))
    assert body._nonspace_text_chars(root) == _python_nonspace(root)
    second = root.find("body/p[2]")
    second.append(etree.Element("span"))
    second[0].text = etree.CDATA("cd ata ü")
    _check_tree(second)
    assert compiled.text_chars(second) == len("twocd ata ü")
    monkeypatch.setattr(parse, "COMPILED_LENGTHS", False)
    assert text_length(second) == len("twocd ata ü")
