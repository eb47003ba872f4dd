"""The compiled gather walk (``_cwalks.gather_tags``) changes no result: the same tags by kind
as ``sources._walk_tags``, the same marks pre-walk as ``mark_candidates`` over <body>, and so
the same ``PageSources`` and ``PageMarks`` from ``gather_sources``, on the fixture pages, edge
cases (no <body>, markup after </body>, namespaces, the element cap) and random pages.
Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scraper.extractor import authordata, pagemarks, sources
from scraper.extractor.pagemarks import MARKS_LIMIT, walk_marks
from scraper.extractor.parse import parse_tree
from scraper.extractor.sources import _walk_tags, gather_sources

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _same(a: Any, b: Any) -> bool:
    """Equal lists and tuples, equal numbers, and the same element objects (identity)."""
    if isinstance(a, list | tuple):
        return type(a) is type(b) and len(a) == len(b) and all(map(_same, a, b))
    if a is None or isinstance(a, int | str):
        return a == b
    return a is b


def _check_walk(root: etree._Element, limit: int = MARKS_LIMIT) -> tuple[Any, ...]:
    tags = compiled.gather_tags(root, limit)
    assert tags is not None
    assert _same(tags[:11], _walk_tags(root))
    body = root.find("body")
    if body is None:
        assert tags[11] is None  # the marks walk then reads the root itself
    else:
        assert _same(tags[11], compiled.mark_candidates(body, limit))
    assert compiled.gather_tags(root)[11] is None  # no limit: no marks asked for
    return tags


def _sources_fields(found: sources.PageSources) -> tuple[Any, ...]:
    return (
        found.meta,
        found.links,
        found.title,
        found.h1,
        found.h1s,
        found.logo_titles,
        found.entry_titles,
        found.h1_element,
        found.entry_title_element,
        found.first_article,
        found.headings_before_h1,
        [(t.datetime, t.classes, t.itemprop, t.text, t.element) for t in found.times],
        found.scripts,
        found.unseen,
        found.anchors,
        found.term_anchors,
        found.author_anchors,
        found.shape,
        found.declared_article,
    )


def _check_sources(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> None:
    """``gather_sources`` and its marks with each switch flipped: the same fields."""
    results = []
    for gather, marks in ((False, False), (True, False), (True, True)):
        monkeypatch.setattr(sources, "COMPILED_GATHER", gather)
        monkeypatch.setattr(sources, "COMPILED_GATHER_MARKS", marks)
        found = gather_sources(root)
        page_marks = found.marks()
        results.append((found, page_marks))
    plain, plain_marks = results[0]
    for found, page_marks in results[1:]:
        assert all(map(_same_field, _sources_fields(found), _sources_fields(plain)))
        for field in ("authors", "dated", "microdata"):
            assert _same(getattr(page_marks, field), getattr(plain_marks, field))
        assert list(page_marks.tags.items()) == list(plain_marks.tags.items())
        assert page_marks.paragraph_chars == plain_marks.paragraph_chars
        assert page_marks.complete == plain_marks.complete
        assert page_marks.comment_area == plain_marks.comment_area
        assert page_marks.walked is plain_marks.walked


def _same_field(a: Any, b: Any) -> bool:
    return _same(a, b) if isinstance(a, list) or hasattr(a, "tag") else a == b


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        _check_walk(root)
        _check_sources(root, monkeypatch)


EDGE_PAGES = [
    # scripts and unseen tags in <head> (not counted) and in <body>; titles in and out of svg
    "<html><head><title>T</title><script>1</script><style>s</style><meta name=x content=y>"
    "<link rel=next href=/2><link rel=stylesheet href=/s.css></head><body><svg><title>icon"
    "</title></svg><h1>Head <a href='/'>line</a></h1><h2 class=entry-title>A</h2><h3>B</h3>"
    "<time datetime=2020-01-02>Jan 2, 2020</time><article><p>By Jo Roe</p></article>"
    "<article></article><noscript>n</noscript><template>t</template><textarea></textarea>"
    '<script type=\'application/ld+json\'>{"@type": "Article"}</script></body></html>',
    # markup after </body> (a second body is not the page's)
    "<html><body><p>May 3, 2024</p></body><div><script>x</script><body><h1>No</h1></body>"
    "</div><style>y</style></html>",
    # no <body> at all: the marks walk reads the root
    "<html><p>By Jo</p><h1>T</h1><a href='/author/jo'>Jo</a></html>",
    # an empty <body> followed by elements
    "<html><head></head><body></body><p class=byline>By Al</p></html>",
]


@pytest.mark.parametrize("html", EDGE_PAGES)
def test_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(html)
    assert root is not None
    _check_walk(root)
    _check_sources(root, monkeypatch)


@pytest.mark.parametrize("limit", [0, 1, 2, 5, 40])
def test_marks_limit(limit: int) -> None:
    """The pre-walk's cap inside the gather walk: the same elements and ``complete``, and the
    gather walk itself goes on to the end of the page."""
    items = "".join(f"<p class='author'>By N{i}</p><i>{2000 + i} x</i>" for i in range(30))
    root = parse_tree(f"<html><body>{items}</body><a href=/x>after</a></html>")
    assert root is not None
    tags = _check_walk(root, limit)
    assert len(tags[0]) == 1


def test_namespaced_element_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """An element whose tag carries a namespace is not modelled: the Python walks run."""
    root = parse_tree("<html><body><p>By Jo</p><h1>T</h1></body></html>")
    assert root is not None
    etree.SubElement(root.find("body"), "{urn:x}p").text = "May 2, 2020"
    assert compiled.gather_tags(root, MARKS_LIMIT) is None
    _check_sources(root, monkeypatch)


_TAGS = ["p", "div", "span", "a", "li", "h1", "h2", "h3", "svg", "script", "time", "article"]
_TAGS += ["meta", "link", "title", "style", "noscript", "template", "textarea", "body"]
_ATTRS = ["", " class='byline'", " itemprop='author'", " rel='author'", " href='/u/jo'"]
_ATTRS += [" id='comments'", " class='entry-title'", " rel='next' href='/2'", " content='c'"]
_ATTRS += [" itemprop", " itemprop='name headline'", " class='Author'", " class='post-author x'"]
_TEXTS = ["", "By Jo Roe", "May 3, 2020", "x", "Written by Al", "1999"]


def _random_html(rng: random.Random, depth: int = 0) -> str:
    parts = []
    for _ in range(rng.randint(1, 5)):
        tag = rng.choice(_TAGS)
        inner = _random_html(rng, depth + 1) if depth < 4 and rng.random() < 0.5 else ""
        text = rng.choice(_TEXTS)
        parts.append(f"<{tag}{rng.choice(_ATTRS)}>{text}{inner}</{tag}>{rng.choice(_TEXTS)}")
    return "".join(parts)


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(26)
    for _ in range(300):
        head = _random_html(rng) if rng.random() < 0.5 else ""
        root = parse_tree(f"<html><head>{head}</head><body>{_random_html(rng)}</body></html>")
        if root is None:
            continue
        _check_walk(root, rng.choice([3, 20, MARKS_LIMIT]))
        _check_sources(root, monkeypatch)


def test_walk_marks_takes_the_prewalk(monkeypatch: pytest.MonkeyPatch) -> None:
    """``walk_marks`` given the gather walk's pre-walk reads no node again, same marks."""
    root = parse_tree("<html><body><p>By Jo Roe</p><span>May 3, 2020</span></body></html>")
    assert root is not None
    prewalk = compiled.gather_tags(root, MARKS_LIMIT)[11]
    monkeypatch.setattr(pagemarks, "_compiled_scan", None)  # would the walk run again: no
    marks = walk_marks(root, prewalk)
    assert [kind for _, kind in marks.authors] == ["by text"]
    assert [text for text, _, _ in marks.dated] == ["May 3, 2020"]


_SCRIPT_TEXTS = [
    "",
    "var a = 1;",
    '{"author": "Jo Roe"}',
    '{"author":{"name":"Ann Lee"}}',
    '{"postAuthor": "Al Bo"}',
    '{"byline": "By Cy Do"}',
    '{"creator": "Ed Fu"}',
    '{"auth": "x"}',
    '{"title": "é ü", "author": "Zoë Ñu"}',
    "window.x = {'author': 'single quotes'}",
]


def _script(rng: random.Random) -> str:
    kind = rng.choice(["", " type='application/json'", " type='text/plain'", " src='/a.js'"])
    text = rng.choice(_SCRIPT_TEXTS)
    if rng.random() < 0.2:
        text = "x" * rng.randint(0, 50) + text
    return f"<script{kind}>{text}</script>"


def test_script_authors_filter(monkeypatch: pytest.MonkeyPatch) -> None:
    """``script_authors`` with and without the C marker test: the same names, also past
    ``MAX_SCRIPTS`` and with several text nodes in a script (a comment between them)."""
    rng = random.Random(2026)
    for round_ in range(300):
        count = rng.choice([1, 3, authordata.MAX_SCRIPTS - 1, authordata.MAX_SCRIPTS + 5])
        html = "".join(_script(rng) for _ in range(count))
        root = parse_tree(f"<html><head>{html}</head><body><p>x</p></body></html>")
        assert root is not None
        scripts = list(root.iter("script"))
        if round_ % 10 == 0 and scripts:  # a run of text nodes: ``.text`` joins them
            scripts[0].text = '{"auth'
            scripts[0].append(etree.Comment("c"))
            scripts[0][0].tail = 'or": "Split Name"}'
            etree.SubElement(scripts[0], "x")
        kept = compiled.script_candidates(scripts, authordata.MAX_SCRIPTS)
        assert all(
            any(kept_one is s for s in scripts[: authordata.MAX_SCRIPTS]) for kept_one in kept
        )
        monkeypatch.setattr(authordata, "COMPILED_SCRIPTS", False)
        plain = authordata.script_authors(root, scripts)
        monkeypatch.setattr(authordata, "COMPILED_SCRIPTS", True)
        assert authordata.script_authors(root, scripts) == plain


def test_script_candidates_drops_only_markerless_texts() -> None:
    root = parse_tree(
        '<html><head><script>var a;</script><script>{"author": "Jo"}</script><script>'
        '</script><script src=/x.js></script><script>{"Author": 1}</script></head></html>'
    )
    assert root is not None
    scripts = list(root.iter("script"))
    assert compiled.script_candidates(scripts, 40) == [scripts[1], scripts[4]]
    assert compiled.script_candidates(scripts, 2) == [scripts[1]]


def _scan_both(scope: etree._Element, monkeypatch: pytest.MonkeyPatch) -> None:
    found = []
    for switch in (False, True):
        monkeypatch.setattr(sources, "COMPILED_MICRODATA", switch)
        found.append(sources._scan(scope))
    (plain_items, plain_bylines), (items, bylines) = found
    assert _same(bylines, plain_bylines)
    assert list(items) == list(plain_items)
    assert all(_same(items[key], plain_items[key]) for key in items)
    kept = compiled.microdata_marks(scope, sources.MAX_MICRODATA + 1)
    assert _same(
        kept, [e for e in scope.iter(etree.Element) if pagemarks.is_microdata_mark(e)][:201]
    )


def test_microdata_marks_match_the_python_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """``sources._scan`` with the C filter: the same microdata and bylines as the Python walk,
    on the fixture pages (the root and each <article>), past ``MAX_MICRODATA``, random pages."""
    for path in sorted(PAGES.rglob("*.html")):
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        for scope in [root, *root.iter("article", "div")][:30]:
            _scan_both(scope, monkeypatch)
    many = "".join(f"<span itemprop='name'>N{i}</span><p class='byline'>B</p>" for i in range(300))
    root = parse_tree(f"<html><body><div itemprop>{many}</div><!-- c --></body></html>")
    assert root is not None
    _scan_both(root, monkeypatch)
    rng = random.Random(30)
    for _ in range(300):
        root = parse_tree(f"<html><body>{_random_html(rng)}</body></html>")
        if root is not None:
            _scan_both(root, monkeypatch)


def test_microdata_marks_read_a_namespaced_element_as_any() -> None:
    root = parse_tree("<html><body><p class='author'>x</p></body></html>")
    assert root is not None
    para = root.find(".//p")
    assert compiled.microdata_marks(root, 10) == [para]
    etree.SubElement(para, "{urn:x}i").text = "ns"  # a namespaced tag: read as any element
    assert compiled.microdata_marks(root, 10) == [para]
