"""``authorscan._names``' readers in C (``_cmeta.name_child``, ``_cmeta.short_pieces``) give
what their Python loops give: the same name child on every element of the fixture pages and
of random trees, the same collapsed ``itertext`` pieces (or None past the limit, or False
for an entity reference, which Python then reads), the same class verdict as
``_NAME_CHILD_RE`` on random class strings; and ``scan_authors`` finds the same authors
either way. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import authorscan, metadata
from scraper.extractor.pagemarks import walk_marks
from scraper.extractor.parse import parse_html

compiled = pytest.importorskip("scraper.extractor._cmeta")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"

# spaces Python's str.split splits on (ASCII, the C1 and wide ones) and look-alikes it does not
_SPACES = [" ", "\t", "\n", "\r", "\x0b", "\x0c", "\x1c", "\x1f", "\x85", "\xa0", "\u1680"]
_SPACES += ["\u2000", "\u200a", "\u2028", "\u2029", "\u202f", "\u205f", "\u3000"]
_NOT_SPACES = ["\u200b", "\u2060", "\ufeff", "\u180e", "\u200c", "\x1b", "é", "ж", "名", "😀"]
_WORDS = ["name", "NAME", "fn", "Fn", "nickname", "p-name", "author", "nam", "names", "ı", "K"]


def _python_pieces(element: etree._Element, limit: int) -> list[str] | None:
    pieces = [" ".join(piece.split()) for piece in element.itertext()]
    if sum(len(piece) - piece.count(" ") for piece in pieces) > limit:
        return None
    return pieces


def _python_child(element: etree._Element) -> etree._Element | None:
    for child in element.iterdescendants(etree.Element):
        classes = child.get("class")
        if child.get("itemprop") == "name" or (classes and authorscan._names_child(classes)):
            return child
    return None


def _assert_same(root: etree._Element) -> int:
    checked = 0
    for element in root.iter(etree.Element):
        for limit in (0, 5, 80, 10**9):
            got = compiled.short_pieces(element, limit)
            if got is not False:
                assert got == _python_pieces(element, limit)
                checked += 1
        got_child = compiled.name_child(element, authorscan._names_child)
        if got_child is not False:
            assert got_child is _python_child(element)
    return checked


def _fixture_roots() -> list[etree._Element]:
    roots = []
    for page in sorted(PAGES.rglob("*.html"))[:60]:
        root = parse_html(page.read_text(encoding="utf-8"))
        if root is not None:
            roots.append(root)
    assert roots
    return roots


def test_pieces_and_name_child_match_python_on_fixture_pages() -> None:
    assert sum(_assert_same(root) for root in _fixture_roots()) > 2_000


def _random_text(rng: random.Random) -> str:
    parts = rng.choices(
        ["ab", "Jo", "Roe", ",", ".", "x", *_SPACES, *_NOT_SPACES], k=rng.randint(0, 8)
    )
    return "".join(parts)


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(1, 6)):
        kind = rng.random()
        if kind < 0.15:
            out.append(f"<!--{_random_text(rng)}-->")
        elif kind < 0.2:
            out.append(f"<?pi {_random_text(rng)}?>")
        elif kind < 0.6:
            out.append(_random_text(rng).replace("<", ""))
        else:
            tag = rng.choice(["span", "b", "div", "a", "script", "br", "p"])
            attrs = ""
            if rng.random() < 0.4:
                attrs += f' class="{rng.choice(_WORDS)}{rng.choice(["", "-x", " y", "_z"])}"'
            if rng.random() < 0.1:
                attrs += f' itemprop="{rng.choice(["name", "Name", "author"])}"'
            if rng.random() < 0.05:
                attrs += ' class="a&amp;b"'
            inner = (
                _random_html(rng, depth + 1)
                if depth < 4 and rng.random() < 0.5
                else _random_text(rng)
            )
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


def test_pieces_and_name_child_match_python_on_random_trees() -> None:
    rng = random.Random(31)
    checked = 0
    for _ in range(1500):
        root = parse_html(f"<html><body><div>{_random_html(rng)}</div></body></html>")
        if root is not None:
            checked += _assert_same(root)
    assert checked > 10_000


def test_entity_reference_goes_to_python() -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(b'<!DOCTYPE d [<!ENTITY e "x">]><d><a>Jo &e; Roe</a></d>', parser)
    assert compiled.short_pieces(root, 80) is False


def test_class_verdict_matches_the_regex_on_random_strings() -> None:
    rng = random.Random(7)
    alphabet = [*list("nameNAMEfpickP-_ x"), "\t", "\x1c", "\xa0", "ı", "K", "é"]
    for _ in range(100_000):
        text = "".join(rng.choices(alphabet, k=rng.randint(1, 14)))
        verdict = compiled.ascii_names_child(text.encode())
        expected = authorscan._NAME_CHILD_RE.search(text) is not None
        assert verdict == (-1 if not text.isascii() else int(expected))


def test_scan_authors_same_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    for root in _fixture_roots():
        marks = walk_marks(root)
        monkeypatch.setattr(authorscan, "COMPILED_NAMES", True)
        fast = authorscan.scan_authors(marks, None, None)
        monkeypatch.setattr(authorscan, "COMPILED_NAMES", False)
        slow = authorscan.scan_authors(marks, None, None)
        assert fast == slow


def test_read_metadata_same_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    for page in sorted(PAGES.rglob("*.html"))[:60]:
        html = page.read_text(encoding="utf-8")
        found = []
        for flag in (True, False):
            monkeypatch.setattr(authorscan, "COMPILED_NAMES", flag)
            root = parse_html(html)
            if root is not None:
                found.append(metadata.read_metadata(root, "https://example.com/2024/05/a-post/"))
        assert found[:1] == found[1:]


def _both_places(element: etree._Element, post: etree._Element | None, monkeypatch) -> list:
    found = []
    for flag in (True, False):
        monkeypatch.setattr(authorscan, "COMPILED_NAMES", flag)
        found.append(authorscan._place(element, post))
    return found


def test_place_bits_match_python_on_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    checked = 0
    for root in _fixture_roots():
        elements = list(root.iter(etree.Element))
        for element in elements:
            post = rng.choice(elements) if rng.random() < 0.7 else None
            fast, slow = _both_places(element, post, monkeypatch)
            assert fast == slow
            checked += 1
    assert checked > 500


def test_place_bits_match_python_on_random_trees(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    words = ["author-bio", "comment", "Reply", "sidebar", "share", "x", "", " ", "\xa0", "ſhare"]
    tags = ["div", "aside", "article", "footer", "span", "script", "nav", "p", "svg"]
    for _ in range(300):
        html, depth = "", rng.randint(1, 12)
        for _level in range(depth):
            attrs = ""
            if rng.random() < 0.5:
                attrs += f' class="{rng.choice(words)}"'
            if rng.random() < 0.3:
                attrs += f' id="{rng.choice(words)}"'
            if rng.random() < 0.1:
                attrs += f' itemtype="https://schema.org/{rng.choice(["Review", "Person"])}"'
            html += f"<{rng.choice(tags)}{attrs}>"
        root = parse_html(f"<html><body>{html}<b>Jo Roe</b></body></html>")
        if root is None:
            continue
        elements = list(root.iter(etree.Element))
        for element in elements:
            fast, slow = _both_places(element, rng.choice([None, *elements]), monkeypatch)
            assert fast == slow
