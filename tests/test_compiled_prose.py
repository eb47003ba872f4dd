"""``prune._holds_prose`` read in one C walk (``_cwalks.holds_prose``, switch
``prune.COMPILED_PROSE``) answers as the Python loop over ``iter("p")`` and ``text_length``:
for every element of the fixture pages and of random pages, at several bars and paragraph
counts; an entity reference or a non-element is left to Python (None). The scan's last filter
(``_cwalks.doomed_drops``) keeps the elements the Python filter keeps, and the protected
scopes (``_cwalks.article_scopes``) are ``iter("article", "main")``'s with their prose test.
Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree
from randompages import worded_page

from scraper.extractor import prune
from scraper.extractor.parse import parse_tree, text_length

cwalks = pytest.importorskip("scraper.extractor._cwalks")
if not hasattr(cwalks, "holds_prose"):
    pytest.skip("an extension built before round twenty-four", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_BARS = ((150, 4), (0, 1), (20, 2), (5, 0), (-1, 3))


def _python(el: etree._Element, bar: int, wanted: int) -> bool:
    count = 0
    for p in el.iter("p"):
        if text_length(p) > bar:
            count += 1
            if count >= wanted:
                return True
    return False


def _check_tree(root: etree._Element) -> int:
    checked = 0
    for el in root.iter(etree.Element):
        for bar, wanted in _BARS:
            assert cwalks.holds_prose(el, bar, wanted) == _python(el, bar, wanted)
            checked += 1
    return checked


_TAGS = ("p", "div", "section", "span", "P", "pre", "o:p")


def _random_page(rng: random.Random) -> str:
    return worded_page(rng, _TAGS, most_words=40)


def test_random_pages_every_element() -> None:
    rng = random.Random(13)
    checked = 0
    for _ in range(300):
        root = parse_tree(_random_page(rng))
        if root is not None:
            checked += _check_tree(root)
    assert checked > 10_000


def test_fixture_pages_every_element() -> None:
    pages = sorted((FIXTURES / "pages").rglob("*.html"))
    sites = FIXTURES / "sites"
    pages += sorted(sites.rglob("*.html"))[::20] if sites.is_dir() else []
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is not None:
            _check_tree(root)


def test_entity_references_and_comments_go_to_python() -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(
        b'<!DOCTYPE d [<!ENTITY e "some text">]><d><p>&e; and more</p><p>plain</p></d>', parser
    )
    assert cwalks.holds_prose(root, 0, 2) is None
    assert cwalks.holds_prose(root[1], 0, 1) is True
    comment = etree.Comment("a comment")
    assert cwalks.holds_prose(comment, 0, 1) is None


def test_the_switch_gives_the_same_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted((FIXTURES / "pages").rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        found = []
        for flag in (False, True):
            monkeypatch.setattr(prune, "COMPILED_PROSE", flag)
            monkeypatch.setattr(prune, "COMPILED_SCOPES", flag)
            root = parse_tree(html)
            if root is None:
                break
            prune.drop_never_text(root)
            scan = prune.scan_boilerplate(root, strict=True)
            found.append([root.getroottree().getpath(el) for el in scan.boilerplate])
        if len(found) == 2:
            assert found[0] == found[1], path.name


def _python_drops(doomed: list, protected: set) -> list:
    return [
        el
        for el, verdict in doomed
        if el not in protected
        and el.tag not in ("html", "body")
        and (verdict == prune.HARD or prune._drops_by_words(el, el.tag, verdict))
    ]


def test_doomed_drops_at_other_bars() -> None:
    rng = random.Random(17)
    verdicts = (prune.HARD, prune.HARD_UNLESS_PROSE, prune.SOFT, prune.STRONG_CONTENT, prune.KEEP)
    page = "<html><body><article><main><p>{}</p></main></article><div>{}</div></body></html>"
    kept = 0
    for round_ in range(300):
        html = _random_page(rng) if round_ % 3 else page.format("x" * 200, "y" * 10)
        root = parse_tree(html)
        assert root is not None
        elements = list(root.iter(etree.Element))
        doomed = [(rng.choice(elements), rng.choice(verdicts)) for _ in range(rng.randint(0, 40))]
        protected = {el for el in elements if rng.random() < 0.2}
        bar, wanted = rng.choice(_BARS)
        found = cwalks.doomed_drops(
            doomed, protected, prune.HARD, prune.HARD_UNLESS_PROSE, bar, wanted, None
        )
        expected = [
            el
            for el, verdict in doomed
            if el not in protected
            and el.tag not in ("html", "body")
            and (
                verdict == prune.HARD
                or (
                    (verdict == prune.HARD_UNLESS_PROSE or el.tag not in ("article", "main", "p"))
                    and not _python(el, bar, wanted)
                )
            )
        ]
        assert found == expected
        kept += len(found)
    assert kept > 100


def test_doomed_drops_at_the_module_bars() -> None:
    rng = random.Random(19)
    verdicts = (prune.HARD, prune.HARD_UNLESS_PROSE, prune.SOFT, prune.STRONG_CONTENT)
    for _ in range(300):
        root = parse_tree(_random_page(rng))
        if root is None:
            continue
        elements = list(root.iter(etree.Element))
        doomed = [(rng.choice(elements), rng.choice(verdicts)) for _ in range(rng.randint(0, 40))]
        protected = {el for el in elements if rng.random() < 0.2}
        found = cwalks.doomed_drops(
            doomed,
            protected,
            prune.HARD,
            prune.HARD_UNLESS_PROSE,
            prune.PROSE_PARAGRAPH_CHARS,
            prune.PROSE_PARAGRAPHS,
            prune._holds_prose,
        )
        assert found == _python_drops(doomed, protected)


def test_doomed_drops_leaves_odd_pairs_to_python() -> None:
    assert cwalks.doomed_drops([("x", prune.HARD)], set(), prune.HARD, 0, 1, 1, bool) is None
    comment = etree.Comment("c")
    assert cwalks.doomed_drops([(comment, prune.HARD)], set(), prune.HARD, 0, 1, 1, bool) is None


def _scope_page(rng: random.Random) -> str:
    return _random_page(rng).replace("<section>", "<article>").replace("</section>", "</article>")


def test_article_scopes_as_the_python_walk() -> None:
    rng = random.Random(37)
    met = 0
    for round_ in range(400):
        html = _scope_page(rng)
        if round_ % 4 == 0:
            html = html.replace("<div>", "<main>").replace("</div>", "</main>")
        root = parse_tree(html)
        assert root is not None
        for top in (root, *list(root.iter("article"))[:2]):
            enough = rng.choice((0, 1, 30, 500))
            found = cwalks.article_scopes(top, enough)
            expected = [
                (el, prune._prose_chars(el, enough) >= enough) for el in top.iter("article", "main")
            ]
            assert found == expected
            met += len(found)
    assert met > 500


def test_article_scopes_leave_entities_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    parser = etree.XMLParser(resolve_entities=False)
    root = etree.fromstring(
        b'<!DOCTYPE d [<!ENTITY e "text">]><d><article><p>&e;</p></article></d>', parser
    )
    assert cwalks.article_scopes(root, 500) is None
    assert cwalks.article_scopes(etree.Comment("c"), 500) is None
    html = "<html><body><article class='post'><p>" + "word " * 120 + "</p></article></body></html>"
    found = []
    for flag in (False, True):
        monkeypatch.setattr(prune, "COMPILED_SCOPES", flag)
        tree = parse_tree(html)
        assert tree is not None
        protected = prune._protected_ancestors(tree, [], [])
        found.append(sorted(el.tag for el in protected))
    assert found[0] == found[1] == ["article", "body", "html"]
