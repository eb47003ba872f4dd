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


def test_detached_in_c_is_the_ancestor_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    """``prune._detached`` with ``_cwalks.reaches`` answers as ``iterancestors`` does: for
    every element of the fixture pages, before and after swapping out some sections (their
    elements then no longer reach the root), and with nested ``<html>`` elements."""
    from scraper.extractor import prune

    pages = sorted(PAGES.rglob("*.html"))[:40]
    roots = [parse_tree(path.read_text(encoding="utf-8", errors="replace")) for path in pages]
    roots.append(parse_tree("<html><body><div><html><p>inner</p></html></div></body></html>"))
    rng = random.Random(7)
    answers = set()
    for root in roots:
        if root is None:
            continue
        elements = list(root.iter(etree.Element))
        for swapped in (False, True):
            if swapped:
                sections = [el for el in elements if el.tag in ("div", "p") and rng.random() < 0.3]
                prune.swap_out(root, sections, prune.PruneLog())
            for el in elements:
                monkeypatch.setattr(prune, "COMPILED_REACH", False)
                expected = prune._detached(root, el)
                monkeypatch.setattr(prune, "COMPILED_REACH", True)
                assert prune._detached(root, el) == expected
                answers.add(expected)
    assert answers == {True, False}


def test_nonspace_chars_of_lines_is_the_per_line_sum() -> None:
    from scraper.extractor.render import Line

    rng = random.Random(5)
    for _ in range(200):
        texts = [rng.choice(_TEXTS) + rng.choice(_TEXTS) for _ in range(rng.randrange(9))]
        lines = [Line(text, "p") for text in texts]
        expected = sum(len(line.text) - line.text.count(" ") for line in lines)
        assert body._nonspace_chars(lines) == expected


def test_the_c_helpers_refuse_none() -> None:
    root = parse_tree("<html><body><p>x</p></body></html>")
    for call in (
        lambda: compiled.text_chars(None),
        lambda: compiled.nonspace_chars(None),
        lambda: compiled.reaches(None, root),
        lambda: compiled.reaches(root, None),
    ):
        with pytest.raises(TypeError):
            call()
