"""The walks around the headline read in C (``_cwalks.near_headline``, for
``datelines.find_date_lines`` and ``bylines._scan``) hand Python a subset of the Python walk,
numbered as ``enumerate`` numbers it, and every element they pass over is one the loop does
nothing with: the same date lines and bylines, on the fixture pages, on edge cases (non-ASCII
digits and spaces, the long s, texts of several nodes, SVG children, a scope the headline is
not under, two top-level ``<html>``s) and on random pages. Skipped where the extension is not
built."""

from __future__ import annotations

import random
from itertools import chain
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scraper.extractor import authorscan, bylines, datelines, metadata
from scraper.extractor.nearby import after, before
from scraper.extractor.parse import parse_tree
from scraper.extractor.sources import gather_sources

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
TESTS = compiled.NEAR_TESTS
BOTH = TESTS["before"] | TESTS["after"]


def _date_may(element: Any, scope: Any) -> bool:
    """What the date loop does anything with: a card's start, or an element with lines."""
    return element.tag in ("article", "h2", "h3", "h4") or bool(
        datelines._lines_of(element, scope, False)
    )


def _byline_may(element: Any) -> bool:
    """What the byline loop's tests keep: an element whose class/id or text (the text test
    whole: its initial and its regexes) they pass."""
    if bylines._has_author_words(element.get("class"), element.get("id")):
        return True
    text = element.text
    return (
        bool(text)
        and text.lstrip()[:1] in bylines._BYLINE_INITIALS
        and bool(bylines._BYLINE_TEXT_RE.match(text) or bylines._BYLINE_WORD_RE.match(text))
    )


def _byline_stop(walked: list[tuple[int, Any]], headline: Any) -> int:
    """Where the byline loop stops: the first card start after the headline (else past all)."""
    passed = False
    for count, element in walked:
        if element is headline:
            passed = True
        elif passed and element.tag in bylines._CARD_TAGS and bylines._starts_card(element):
            return count
    return len(walked) + 1


def _check_walks(headline: Any, scope: Any) -> None:
    walks = (
        (list(enumerate(after(headline, scope))), TESTS["date"], TESTS["after"], 61, "date"),
        (list(enumerate(before(headline))), TESTS["date"], TESTS["before"], -1, "date"),
        (
            list(enumerate(chain(before(headline), [headline], after(headline, scope)))),
            TESTS["byline"],
            BOTH,
            301,
            "byline",
        ),
    )
    for plain, test, parts, limit, kind in walks:
        kept = compiled.near_headline(headline, scope, test, parts, limit)
        assert kept is not None
        walked = [(count, element) for count, element in plain if limit < 0 or count <= limit]
        by_count = dict(walked)
        assert all(by_count.get(count) is element for count, element in kept)
        numbers = {count for count, _ in kept}
        if kind == "date":
            assert all(
                _date_may(element, scope) is False
                for count, element in walked
                if count not in numbers
            )
            continue
        # the byline walk: the headline, then everything the loop reads up to its stop
        stop = _byline_stop(walked, headline)
        for count, element in walked:
            if count >= stop:
                break
            if count not in numbers:
                assert element is not headline
                assert not _byline_may(element), count


def _name_may(element: Any) -> bool:
    """What the name-line loop does anything with: a tag it reads with a text it reads."""
    if element.tag in authorscan._SKIPPED_TAGS or element.tag in authorscan._OFF_TAGS:
        return False
    return bool(authorscan._name_text(element)[0])


def _check_name_walk(headline: Any, scope: Any) -> None:
    plain = [
        (order, element, is_after)
        for order, (element, is_after) in enumerate(authorscan._near(headline, scope))
    ]
    kept = compiled.name_line_walk(headline, scope, authorscan.MAX_NEAR)
    assert kept is not None
    by_order = {order: (element, is_after) for order, element, is_after in plain}
    for order, element, is_after in kept:
        assert by_order[order][0] is element
        assert by_order[order][1] == is_after
    numbers = {order for order, _, _ in kept}
    assert all(_name_may(element) is False for order, element, _ in plain if order not in numbers)


def _readings(root: Any, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    found = gather_sources(root)
    headline = metadata._headline(found)
    if headline is None:
        return []
    out = []
    for scope in (metadata._walk_scope(found), found.post_scope(), root):
        _check_walks(headline, scope)
        _check_name_walk(headline, scope)
        for flag in (False, True):
            monkeypatch.setattr(datelines, "COMPILED_NEAR", flag)
            monkeypatch.setattr(bylines, "COMPILED_NEAR", flag)
            monkeypatch.setattr(authorscan, "COMPILED_NEAR", flag)
            out.append(
                (
                    flag,
                    authorscan.scan_name_lines(headline, scope, None),
                    datelines.find_date_lines(scope, headline),
                    datelines.find_date_lines(scope, headline, day_first=True),
                    list(bylines._scan(scope, headline, None)),
                    list(bylines.find_bylines(scope, headline, found.author_anchors, None)),
                )
            )
    plain = [reading[1:] for reading in out if not reading[0]]
    fast = [reading[1:] for reading in out if reading[0]]
    assert fast == plain
    return plain


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    root = parse_tree(html)
    assert root is not None
    return _readings(root, monkeypatch)


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    read = [
        _check(path.read_text(encoding="utf-8", errors="replace"), monkeypatch) for path in pages
    ]
    assert any(any(lines for _, lines, *_ in reading) for reading in read)  # dates found
    assert any(any(names for names, *_ in reading) for reading in read)  # name lines found


@pytest.mark.parametrize(
    "html",
    [
        # a date after the headline, in a tail, in a <time>, before the headline
        "<html><body><article><h1>T</h1><p>By Jo Roe</p><span>x</span> May 3, 2024"
        "<time datetime='2024-05-03'>May 3</time></article></body></html>",
        "<html><body><div><div><p>March 2, 2023</p><h1>T</h1></div></div><p>x</p></body></html>",
        # non-ASCII digits, a non-ASCII space before "By", the long s
        "<html><body><main><h1>T</h1><p>\u0662\u0660\u0662\u0664-\u0660\u0665-\u0660\u0663</p>"
        "<p>\u2003By Ann Lee</p><p>\u017fomething</p></main></body></html>",
        # texts of several nodes (a comment splits them), an SVG's children
        "<html><body><article><h1>T</h1><p>Mar<!-- c -->ch 2, 20<!-- c -->24</p>"
        "<svg><text>April 1, 2022</text></svg><p>B<!-- c -->y Bo Chen</p></article></body></html>",
        # class and id words, upper case and non-ASCII; a card stops the walk
        "<html><body><div><h1>T</h1><div class='POST-AUTHOR'>Jo Roe</div>"
        "<span id='wr\u00efter'>Ann Lee</span><h2><a href='/x'>Other</a></h2>"
        "<p>June 1, 2020</p></div></body></html>",
        # two top-level <html>s, markup after </body>
        "<html><body><h1>T</h1><p>x</p></body></html><html><body><p>May 3, 2024 by Jo</p>"
        "</body></html>",
        # name lines: an icon's tail, a line of parts, whitespace texts, a stop at <h2>
        "<html><body><div><div><span>Jane Doe</span><h1>T</h1></div><i class='icon'></i> Ann Lee"
        "<p>  \u00a0 </p><p>Bo Chen | Writer | May 2, 2025</p><h2>Body</h2><p>Cy Dee</p>"
        "</div></body></html>",
        # texts with a byline initial but no byline word, and bylines the walk must keep
        "<html><body><article><h1>T</h1><p>Share</p><p>Advertisement</p><p>By_Jo</p>"
        "<p>Bylines</p><p>Byé Jo</p><p>\u017ftory by Di Fox</p><p>CONTRIBUTORS : Ann Lee</p>"
        "<p>Written<!-- c --> by Bo Chen</p><p>\u2003 by</p><p>Jo Roe</p></article></body></html>",
        # cards: a heading without a link, a forum post's "h4 > a.username", an author-classed
        # heading, then a card that stops the byline scan before a byline it must not read
        "<html><body><div><h2>Before</h2><h1>T</h1><h3>Sub</h3><h4><a class='username' "
        "href='/u'>jo</a></h4><h2 id='byline'><a href='/x'>By Jo Roe</a></h2><h3><span><a "
        "href='/p'>Next</a></span></h3><p>By Ann Lee</p><article><p>By Bo Chen</p></article>"
        "</div></body></html>",
        "<html><body><main><h1>T</h1><article><p>By Cy Dee</p></article><p>By Di Fox</p>"
        "</main></body></html>",
        # a headline straight under <body>, nothing after it
        "<html><body><p>Posted May 3, 2024</p><h1>Title</h1></body></html>",
    ],
)
def test_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(html, monkeypatch)


def test_scope_not_above_the_headline(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(
        "<html><body><div id='a'><p>May 3, 2024</p></div><div><h1>T</h1>"
        "<p>By Jo Roe</p></div><p>June 2, 2021</p></body></html>"
    )
    assert root is not None
    headline = root.find(".//h1")
    scope = root.find(".//div")
    _check_walks(headline, scope)
    for flag in (False, True):
        monkeypatch.setattr(datelines, "COMPILED_NEAR", flag)
        monkeypatch.setattr(bylines, "COMPILED_NEAR", flag)
        assert datelines.find_date_lines(scope, headline)[0].date == "2021-06-02"


def test_namespaced_link_in_a_card_leaves_the_walk_to_python() -> None:
    root = etree.fromstring(
        "<html xmlns:x='urn:x'><body><h1>T</h1><h2><x:a>L</x:a></h2><p>By Jo</p></body></html>"
    )
    headline = root.find(".//h1")
    assert compiled.near_headline(headline, root, TESTS["byline"], BOTH, 301) is None
    assert list(bylines._scan(root, headline, None)) == [bylines.Byline("byline text", ("Jo",))]


def test_namespaced_element_leaves_the_walk_to_python() -> None:
    root = etree.fromstring(
        "<html xmlns:x='urn:x'><body><h1>T</h1><x:p>May 3, 2024</x:p></body></html>"
    )
    headline = root.find(".//h1")
    assert compiled.near_headline(headline, root, TESTS["date"], TESTS["after"], 61) is None
    assert datelines.find_date_lines(root, headline) == datelines.find_date_lines(root, headline)


_PIECES = (
    "<p>",
    "</p>",
    "<div class='byline'>",
    "<div id='AuthorBox'>",
    "</div>",
    "<span>",
    "</span>",
    "<article>",
    "</article>",
    "<h2><a href='/p'>Card</a></h2>",
    "<h3>Sub</h3>",
    "<time datetime='2024-05-03'>",
    "</time>",
    "<svg><text>2019</text></svg>",
    "<script>var d = '2020-01-01';</script>",
    "By Jo Roe",
    "  written by Ann",
    "May 3, 2024",
    "03/04/2022",
    "12345",
    "Posted 2021.07.08",
    "\u0662\u0660\u0662\u0664",
    "\u00a0By Bo",
    "text",
    "<br>",
    "<!-- c -->",
    "Jane Doe",
    "<i class='icon-user'></i> Ann Lee",
    "<aside>Bo Chen</aside>",
    "   ",
    "Share",
    "<h4><a class='username' href='/u'>jo</a></h4>",
    "<h2 class='post-author'><a href='/a'>Ann</a></h2>",
    "<h3><a href='/n'>",
    "</a></h3>",
    "Bylines",
    "by_x",
    "Contributors: Ann Lee",
    "Story by Cy Dee",
    "\u017ftory by Di",
    "Byé",
    "By",
)


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(21)
    for _ in range(300):
        body = "".join(rng.choice(_PIECES) for _ in range(rng.randint(5, 60)))
        cut = rng.randint(0, len(body))
        html = f"<html><body><div>{body[:cut]}<h1>Head</h1>{body[cut:]}</div></body></html>"
        _check(html, monkeypatch)
