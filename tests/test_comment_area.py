"""``_cwalks.comment_area`` gives ``metadata._dated_content_signals`` the answer of its two
lxml passes (a ``<textarea>`` under the root, an ``id`` anywhere in the document naming a
comment area), or None where it does not model the tree; and the gather pass's ``<script>``
list gives ``script_authors`` the names its own tag search gives. Skipped where the extension
is not built."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import metadata
from scraper.extractor.authordata import script_authors
from scraper.extractor.pagemarks import walk_marks
from scraper.extractor.parse import parse_tree
from scraper.extractor.sources import gather_sources

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _lxml_answer(root: etree._Element) -> bool:
    return next(root.iter("textarea"), None) is not None or any(
        name.startswith(metadata._COMMENT_ID_STARTS) or name in metadata._COMMENT_IDS
        for name in metadata._IDS(root)
    )


def _page(body: str, head: str = "") -> etree._Element:
    root = parse_tree(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("<p>No comments here.</p>", False),
        ("<form><textarea name=c></textarea></form>", True),
        ('<div id="comments"><p>x</p></div>', True),
        ('<div id="comment-42">x</div>', True),
        ('<li id="reply-7">x</li>', True),
        ('<div id="respond">x</div>', True),
        ('<div id="disqus_thread"></div>', True),
        ('<div id="Comments">x</div>', False),  # (str tests are case-sensitive)
        ('<div id="respond-form">x</div>', False),
        ('<div id="no-comments">x</div>', False),
        ('<div id="">x</div>', False),
        ('<div id="kommentar-ü">x</div><span id="comment-ü">y</span>', True),
        ('<svg><g id="comment-icon"></g></svg>', True),
        ('<div class="comments">x</div>', False),
    ],
)
def test_comment_area_matches_the_lxml_passes(body: str, expected: bool) -> None:
    root = _page(body)
    assert _lxml_answer(root) is expected
    assert compiled.comment_area(root) is expected


def test_an_id_in_the_head_or_an_entity_in_an_id() -> None:
    root = _page("<p>x</p>", head='<meta id="comment-meta" content="x">')
    assert compiled.comment_area(root) is True
    # an id whose value is several nodes is not modelled: the lxml passes answer
    root = etree.fromstring(
        b'<!DOCTYPE r [<!ENTITY e "x">]><r><a id="ab&e;">t</a></r>',
        etree.XMLParser(resolve_entities=False),
    )
    assert compiled.comment_area(root) is None
    assert metadata._comment_area(root) is _lxml_answer(root)


def test_a_second_top_level_element_and_a_subtree() -> None:
    html = '<html><body><p>x</p></body></html><html><div id="comments"></div></html>'
    root = parse_tree(html)
    assert root is not None
    assert compiled.comment_area(root) is _lxml_answer(root)
    body = root.find("body")
    assert compiled.comment_area(body) is None  # not the document's top: not modelled
    assert metadata._comment_area(body) is _lxml_answer(body)


def test_fixture_pages_both_ways(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.glob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        monkeypatch.setattr(metadata, "COMPILED_COMMENT_AREA", False)
        plain = metadata._comment_area(root)
        monkeypatch.setattr(metadata, "COMPILED_COMMENT_AREA", True)
        assert metadata._comment_area(root) is plain, path.name
        assert compiled.comment_area(root) in (plain, None), path.name


def _with_marks(root: etree._Element) -> bool:
    """The answer when the marks walk has read the body (``mark_candidates``' own test) and
    ``comment_area`` reads only the rest of the document."""
    marks = walk_marks(root)
    return metadata._comment_area(root, marks)


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>No comments here.</p></body></html>",
        "<html><body><form><textarea></textarea></form></body></html>",
        '<html><body><div id="comments">x</div></body></html>',
        '<html><head><meta id="comment-meta"></head><body><p>x</p></body></html>',
        "<html><head><textarea></textarea></head><body><p>x</p></body></html>",
        '<html><body><p>x</p></body></html><html><div id="respond"></div></html>',
        '<html><body><p>x</p></body><div id="reply-1"></div></html>',
        "<html><body><p>x</p><textarea></textarea></body></html>",
        '<html><body><svg><g id="comment-icon"></g></svg></body></html>',
        "<html><body>" + "<p>x</p>" * 3200 + '<div id="comments"></div></body></html>',
        "<p>no body element</p><p id='disqus_thread'>y</p>",
        '<html><body><div id="Comments">x</div><div id="">y</div></body></html>',
    ],
)
def test_the_marks_walk_reads_the_body(html: str) -> None:
    root = parse_tree(html)
    assert root is not None
    assert _with_marks(root) is _lxml_answer(root)


def test_the_marks_walk_with_an_entity_in_an_id() -> None:
    root = etree.fromstring(
        b'<!DOCTYPE r [<!ENTITY e "x">]><html><body><a id="ab&e;">t</a></body></html>',
        etree.XMLParser(resolve_entities=False),
    )
    assert _with_marks(root) is _lxml_answer(root)


def test_fixture_pages_with_the_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.glob("*.html"))
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        marks = walk_marks(root)
        assert marks.comment_area is not None, path.name
        assert metadata._comment_area(root, marks) is _lxml_answer(root), path.name


def test_gathered_scripts_give_the_same_script_authors() -> None:
    root = _page(
        '<script type="application/json">{"author": {"name": "Jane Doe"}}</script>'
        '<script src="/x.js"></script><svg><script>var a;</script></svg>'
        '<script type="application/json">{"author": "Jo Roe"}</script>',
        head='<script type="application/ld+json">{"@type": "Article"}</script>',
    )
    sources = gather_sources(root)
    assert sources.scripts == list(root.iter("script"))
    assert script_authors(root, sources.scripts) == script_authors(root)
    assert script_authors(root, sources.scripts) == ["Jane Doe", "Jo Roe"]
