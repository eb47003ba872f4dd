"""Round twenty-three, branch speed39: ``_cmeta.outside_post`` (``datelines._outside_post``'s
ancestor walk in C) gives ``datelines._python_outside_post``'s answer for every element of the
fixture pages and of random trees (off tags, the scope itself an off tag, comment/related/
footer words, taxonomy classes, empty class and id, comments, a namespaced tag), with the
page's root, its body, a random element or None as the scope; ``read_metadata`` the same
with the switch on and off. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import lxml.html
import pytest
from lxml import etree

from scraper.extractor import datelines
from scraper.extractor.metadata import read_metadata
from scraper.extractor.parse import parse_html

compiled = pytest.importorskip("scraper.extractor._cmeta")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_CLASSES = ["comment", "comments-area", "post-reply", "related", "Sidebar", "widget", "meta"]
_CLASSES += ["category-comments tag-footer", "entry", "x_footer", "ab-newsletter", " ", ""]
_TAGS = ["div", "span", "article", "main", "aside", "footer", "nav", "form", "section", "p"]
_TAGS += ["select", "option", "time"]


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.08:
            out.append("<!--May 3, 2024-->")
        elif kind < 0.25:
            out.append("May 3, 2024")
        else:
            tag = rng.choice(_TAGS)
            attrs = ""
            if rng.random() < 0.5:
                attrs += f' class="{rng.choice(_CLASSES)}"'
            if rng.random() < 0.3:
                attrs += f' id="{rng.choice(_CLASSES)}"'
            inner = _random_html(rng, depth + 1) if depth < 7 and rng.random() < 0.7 else ""
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


def _c(element: etree._Element, scope: etree._Element | None) -> int:
    return compiled.outside_post(
        element, scope, datelines._OFF_BYTES, datelines._not_post_words, datelines._NOT_POST
    )


def _check(root: etree._Element, rng: random.Random) -> int:
    elements = list(root.iter())
    scopes = [root, root.find("body"), rng.choice(elements), None]
    checked = 0
    for element in elements:
        for scope in scopes:
            found = _c(element, scope)
            if found >= 0:
                assert bool(found) == datelines._python_outside_post(element, scope)
                checked += 1
            assert datelines._outside_post(element, scope) == datelines._python_outside_post(
                element, scope
            )
    return checked


def test_fixture_pages_and_random_trees() -> None:
    rng = random.Random(39)
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    checked = 0
    for path in pages:
        root = parse_html(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        checked += _check(root, rng)
    for _ in range(300):
        root = parse_html(f"<html><body>{_random_html(rng)}</body></html>")
        assert root is not None
        checked += _check(root, rng)
    assert checked > 10_000


def test_unmodelled_nodes_go_to_python() -> None:
    root = etree.fromstring(
        '<html xmlns:x="u"><body><x:div><p>May 3, 2024</p></x:div></body></html>'
    )
    paragraph = root.find(".//p")
    assert _c(paragraph, None) == -2  # a namespaced ancestor
    page = lxml.html.fromstring("<html><body><div><!--x--></div></body></html>")
    node = next(n for n in page.iter() if not isinstance(n.tag, str))  # (parse_html drops them)
    assert _c(node, None) == -2
    assert datelines._outside_post(node, None) == datelines._python_outside_post(node, None)


def test_read_metadata_same_with_switch_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        on = read_metadata(parse_html(html), "https://example.com/2024/05/post/")
        monkeypatch.setattr(datelines, "COMPILED_OUTSIDE", False)
        off = read_metadata(parse_html(html), "https://example.com/2024/05/post/")
        monkeypatch.setattr(datelines, "COMPILED_OUTSIDE", True)
        assert on == off
