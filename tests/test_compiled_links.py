"""The metadata path's link loops read in C (``_cwalks.note_anchors``, ``profile_hrefs``,
``home_link_candidates``, ``link_texts``) give what their Python loops give: the same term and
author links, read-more and pagination counts, link labels, home-link names and profile keys,
on the fixture pages, on edge cases (case, Unicode spaces and case folds, long values, texts of
several nodes, entity references) and on random pages built from the strings the tests read.
Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scraper.extractor import metadata, sources
from scraper.extractor.parse import parse_tree

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
HOSTS = (None, "example.com", "www.x.org", "x.org")


def _reading(root: etree._Element) -> tuple[Any, ...]:
    found = sources.gather_sources(root)
    place = {id(anchor): index for index, anchor in enumerate(found.anchors)}
    return (
        [place[id(anchor)] for anchor in found.term_anchors],
        [place[id(anchor)] for anchor in found.author_anchors],
        found.shape,
        list(metadata.link_labels(found.anchors)._texts),
        [metadata.home_link_names(found.anchors, host) for host in HOSTS],
        metadata._profile_keys(found),
    )


def _both(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, Any]:
    monkeypatch.setattr(sources, "COMPILED_ANCHORS", False)
    monkeypatch.setattr(metadata, "COMPILED_LINKS", False)
    plain = _reading(root)
    monkeypatch.setattr(sources, "COMPILED_ANCHORS", True)
    monkeypatch.setattr(metadata, "COMPILED_LINKS", True)
    return plain, _reading(root)


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, ...]:
    root = parse_tree(html)
    assert root is not None
    plain, fast = _both(root, monkeypatch)
    assert fast == plain
    return plain


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        _check(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


RELS = [
    "tag",
    "Tag",
    "CATEGORY",
    "nofollow tag",
    "author",
    "Author external",
    "tagged",
    "\x1ctag",
    "tag\x1f",
    "t\u0430g",
    "\u0130tag author",
    "",
    " ",
    "category\xa0",
]
CLASSES = [
    "more-link",
    "Read-More btn",
    "READMORE",
    "page-numbers",
    "Pager",
    "paginate",
    "pag\u0130nate",
    "more-l\u0130nk",
    "button",
    "",
    "x " * 300 + "more-link",
    "pagination\u00e9",
]
TEXTS = [
    "Read more",
    "  read more \u00bb",
    "\xa0Read more",
    "\u2003Continue reading",
    "More \u00bb",
    "more\u2026",
    "Leer m\u00e1s",
    "LEER M\u00c1S",
    "Lees meer",
    "\u212aeep reading",
    "Keep reading",
    "Keep r\u0130ading",
    "Lire la suite",
    "Weiterlesen",
    "Leggi tutto",
    "Read the rest of this very long sentence here now",
    "Read full story",
    "Menu",
    "Contact",
    "May 2024",
    "leer",
    "",
    "   ",
    "r",
    "Home",
    "Acme Blog",
    "\x1cRead more",
]
HREFS = [
    "/",
    "./",
    " / ",
    "/index.html",
    "INDEX.PHP",
    "/index.",
    "index.h\u00e9",
    "//",
    "///",
    "http://x.org",
    "HTTPS://www.x.org/",
    "https://example.com/a",
    "//x.org/",
    "/a/b/c/d",
    "/author/jo-roe",
    "/USERS/ann",
    "/u/42",
    "/writers/ab",
    "/contributors/x",
    "/people/y",
    "/Profile/z",
    "/members/q",
    "/\u00dcser/jo",
    "/auth\u0130or/x",
    "https://x.org/staff/ann",
    "/people",
    "#",
    "",
    "/x?u=/user/1",
    "\t/\n",
    "/index.ht ml",
    "//\u00e9x.org/",
]


def _anchor(rng: random.Random) -> str:
    attributes = []
    if rng.random() < 0.5:
        attributes.append(f'rel="{rng.choice(RELS)}"')
    if rng.random() < 0.5:
        attributes.append(f'class="{rng.choice(CLASSES)}"')
    if rng.random() < 0.8:
        attributes.append(f'href="{rng.choice(HREFS)}"')
    if rng.random() < 0.1:
        attributes.append('aria-label="Home page"')
    text = rng.choice(TEXTS)
    inner = rng.choice(
        [
            text,
            f"<span>{text}</span> more",
            f"{text}<!-- c -->{text}",
            f"<img alt='{text}'>",
            f"<b>{text}<i> x </i></b>\n{text}",
            f"<![CDATA[{text}]]>",
            f"{text}&amp;{text}",
            "",
        ]
    )
    return f"<a {' '.join(attributes)}>{inner}</a>"


def test_edge_links(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(7)
    for rel in RELS:
        for classes in CLASSES:
            html = f'<html><body><a rel="{rel}" class="{classes}" href="/">x</a></body></html>'
            _check(html, monkeypatch)
    for text in TEXTS:
        for href in HREFS:
            _check(f'<html><body><a href="{href}">{text}</a></body></html>', monkeypatch)
    for _ in range(200):
        _check("<html><body>" + _anchor(rng) + "</body></html>", monkeypatch)


def test_counts_and_lists_are_met(monkeypatch: pytest.MonkeyPatch) -> None:
    """The edge cases reach every branch: terms, authors, both counts, labels, home names."""
    html = (
        '<html><body><a rel="tag" href="/t/x">x</a><a rel="author" href="/author/jo">Jo</a>'
        '<a class="more-link">more</a><a class="pager">2</a><a href="/">Acme <b>Blog</b></a>'
        '<a href="/post">\xa0Read more</a><a href="http://x.org/">X.org</a></body></html>'
    )
    terms, authors, shape, labels, homes, keys = _check(html, monkeypatch)
    assert terms == [0] and authors == [1]
    assert shape.read_more_links == 2 and shape.pagination
    assert "Acme Blog" in labels
    assert homes[0] == ["Acme Blog"] and homes[3] == ["Acme Blog", "X.org"]
    assert keys


def test_entity_reference_in_a_link(monkeypatch: pytest.MonkeyPatch) -> None:
    """A link holding an entity reference node (an XML tree): the Python reading decides."""
    root = etree.fromstring(
        '<!DOCTYPE html [<!ENTITY n "Acme">]><html><body><a href="/">&n; <b>Blog</b></a>'
        '<a href="/x">&n;</a></body></html>',
        etree.XMLParser(resolve_entities=False),
    )
    plain, fast = _both(root, monkeypatch)
    assert fast == plain


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(11)
    for _ in range(300):
        anchors = "".join(_anchor(rng) for _ in range(rng.randint(1, 30)))
        _check(f"<html><body><div>{anchors}</div></body></html>", monkeypatch)
