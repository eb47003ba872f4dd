"""The compiled pre-walks (``_cwalks``) change no result: ``walk_marks`` gives the same marks
and ``scan_boilerplate`` the same scan as their pure-Python walks, on the fixture pages, on edge
cases (caps, non-ASCII, namespaces) and on random pages built from the strings the tests look
for. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import pagemarks, prune, vocab
from scraper.extractor.pagemarks import MAX_ELEMENTS, PageMarks, walk_marks
from scraper.extractor.parse import parse_tree
from scraper.extractor.prune import Scan, drop_never_text, scan_boilerplate

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _both(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> tuple[PageMarks, PageMarks]:
    monkeypatch.setattr(pagemarks, "COMPILED_WALK", False)
    plain = walk_marks(root)
    monkeypatch.setattr(pagemarks, "COMPILED_WALK", True)
    return plain, walk_marks(root)


def _assert_same(plain: PageMarks, fast: PageMarks) -> None:
    assert list(fast.tags.items()) == list(plain.tags.items())  # counts and their order
    assert fast.paragraph_chars == plain.paragraph_chars
    assert fast.complete == plain.complete
    assert len(fast.microdata) == len(plain.microdata)
    assert all(a is b for a, b in zip(fast.microdata, plain.microdata, strict=True))
    assert [kind for _, kind in fast.authors] == [kind for _, kind in plain.authors]
    assert all(a is b for (a, _), (b, _) in zip(fast.authors, plain.authors, strict=True))
    assert [(text, tail) for text, _, tail in fast.dated] == [
        (text, tail) for text, _, tail in plain.dated
    ]
    assert all(a is b for (_, a, _), (_, b, _) in zip(fast.dated, plain.dated, strict=True))


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> PageMarks:
    root = parse_tree(html)
    assert root is not None
    plain, fast = _both(root, monkeypatch)
    _assert_same(plain, fast)
    return plain


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        body = root.find("body")
        top = root if body is None else body
        assert compiled.mark_candidates(top, MAX_ELEMENTS + 1) is not None
        plain, fast = _both(root, monkeypatch)
        _assert_same(plain, fast)


EDGE_PAGES = [
    # bylines, spaces the walk's lstrip removes, non-ASCII first letters and case folds
    "<p> \t By Jo Roe</p><p>\x1cWritten by Al</p><p>\xa0By Ann</p><p>ſtory by X</p>"
    "<h2>Article by</h2><div>Jo Roe</div><span>  </span><p>Bye now</p><p>Au revoir</p>",
    # author classes and links: case, non-ASCII, camel case, rel, itemprop, profile paths
    '<div class="AuthorName">A</div><div class="Αuthor">B</div><span class="post-BYLINE">C'
    '</span><a rel="Author" href="/x">D</a><a rel="nofollow author">E</a>'
    '<a href="/USERS/jo">F</a><a href="/Üser/jo">G</a><a itemprop="author">H</a>'
    '<a href="https://x.org/staff/ann">I</a><a href="/people">J</a><i class="">K</i>'
    '<b class>L</b><div itemprop>M</div><p class="h-card vcard">N</p>',
    # years in texts and tails, after skipped tags, long texts, digits split by markup
    "<p>May 3, 2024</p><svg><title>2019</title></svg> Jan 2, 2020<script>2021</script>"
    "<p>1<b>9</b>99</p><p>" + "x" * 300 + " 2020</p><p>" + "é" * 265 + " 2020</p>"
    "<span>12019</span> 2020s<em>19</em>20<textarea>2020</textarea> 2018",
    # counted tags and paragraph characters (non-ASCII), nested paragraphs, empty texts
    "<p>héllo wörld</p><p></p><p><b>x</b>tail</p><li>1</li><ul><li>2<li>3</ul><button>b"
    "</button><input><table><tr><td>c</td></tr></table><form><select></select></form>"
    "<article><h2>t</h2><h3>u</h3><img></article>",
    # no <body>: the walk starts at the root
    "<html><p>By Jo</p></html>",
]


@pytest.mark.parametrize("html", EDGE_PAGES)
def test_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(f"<html><body>{html}</body></html>" if "<html>" not in html else html, monkeypatch)


@pytest.mark.parametrize("extra", [-1, 0, 1, 2, 50])
def test_element_cap(extra: int, monkeypatch: pytest.MonkeyPatch) -> None:
    """Around MAX_ELEMENTS (``complete``), with marks on both sides of the cap."""
    count = MAX_ELEMENTS + extra  # <body> is one of the walked elements
    items = "".join(
        f"<p class='author'>By N{i}</p>" if i % 97 == 0 else f"<i>{2000 + i % 30} x</i>"
        for i in range(count)
    )
    marks = _check(f"<html><body>{items}</body></html>", monkeypatch)
    assert marks.complete == (extra <= 0)


def test_caps_on_marks(monkeypatch: pytest.MonkeyPatch) -> None:
    """More author marks and dated texts than the walk keeps: the same ones are kept."""
    items = "".join(
        f"<p>By Writer {i}</p><span>Jan {i % 28 + 1}, 2020</span> 2019" for i in range(80)
    )
    marks = _check(f"<html><body>{items}</body></html>", monkeypatch)
    assert len(marks.authors) == pagemarks.MAX_AUTHOR_MARKS


def test_namespaced_element_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """An element whose tag carries a namespace is not modelled: the Python walk runs."""
    root = parse_tree("<html><body><p>By Jo</p></body></html>")
    assert root is not None
    body = root.find("body")
    etree.SubElement(body, "{urn:x}p").text = "May 2, 2020"
    assert compiled.mark_candidates(body, MAX_ELEMENTS + 1) is None
    plain, fast = _both(root, monkeypatch)
    _assert_same(plain, fast)


_TAGS = ["p", "div", "span", "a", "li", "ul", "h2", "b", "svg", "script", "time", "article"]
_TAGS += ["header", "form", "img", "nav", "section"]
_CLASSES = ["", "author", "byline", "post-author", "user-card", "AuthorBox", "meta", "Μeta"]
_CLASSES += ["comments", "sidebar", "share-links", "entry-content", "nav"]
_TEXTS = ["", " ", "By Jo", " by ann", "Posted by X", "2020", "May 3, 2019", "19", "Réd", "x"]
_TEXTS += ["WRITTEN BY A", "Authored by B", "Door Jan", "par X", "ſtory by Y", "Bylaw", "Author:"]
_TEXTS += ["Stories", "Text", "\u2003By Z", "Vo", "b", "Auteur : C", "Reported by D", "Words by"]
_HREFS = ["/u/jo", "/author/x", "/about", "/USER/a", "#", "/staff/", "/Ünits/"]
_HREFS += ["/Contributors/x", "/members/", "/u/?x", "/u//x", "/users/#", "/a/u/b", "/profile/p"]
_HREFS += ["/writers", "/people/ann?x=1", "/authors/", "/U/k", "/memberS/k", "/uſers/x"]


def _random_page(rng: random.Random) -> str:
    parts = []
    depth = 0
    for _ in range(rng.randrange(5, 80)):
        if depth and rng.random() < 0.3:
            parts.append("</div>")
            depth -= 1
        tag = rng.choice(_TAGS)
        attrs = ""
        if rng.random() < 0.5:
            attrs += f' class="{rng.choice(_CLASSES)}"'
        if rng.random() < 0.1:
            attrs += ' itemprop="author"' if rng.random() < 0.5 else " itemprop"
        if rng.random() < 0.1:
            attrs += rng.choice([" hidden", ' role="navigation"', ' id="comments"', ' style="x"'])
        if tag == "a":
            attrs += f' href="{rng.choice(_HREFS)}"'
            if rng.random() < 0.2:
                attrs += f' rel="{rng.choice(["author", "nofollow", "Author me"])}"'
        parts.append(f"<{tag}{attrs}>{rng.choice(_TEXTS)}</{tag}>{rng.choice(_TEXTS)}")
        if rng.random() < 0.2:
            parts.append("<div>")
            depth += 1
    return "<html><body>" + "".join(parts) + "</div>" * depth + "</body></html>"


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(8)
    for _ in range(300):
        _check(_random_page(rng), monkeypatch)


def _same_scan(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(html)
    assert root is not None
    drop_never_text(root)
    for strict in (True, False):
        monkeypatch.setattr(prune, "COMPILED_SCAN", False)
        plain = scan_boilerplate(root, strict=strict)
        monkeypatch.setattr(prune, "COMPILED_SCAN", True)
        fast = scan_boilerplate(root, strict=strict)
        for field in Scan._fields:
            ours, theirs = getattr(fast, field), getattr(plain, field)
            assert len(ours) == len(theirs), field
            assert all(a is b for a, b in zip(ours, theirs, strict=True)), field


def test_scan_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        _same_scan(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


_SCAN_PAGES = [
    '<header><p>x</p></header><form></form><a class="share">s</a><div class="comments">c</div>'
    '<div id="sidebar">s</div><div class="post" id="related">r</div><div hidden>h</div>'
    '<div style="display:none">n</div><div role="navigation">n</div><article itemprop='
    '"articleBody"><p>t</p></article><span class="comment">x</span><header class="nav">'
    "</header><div data-x='1'>d</div>",
    "<html><p class='footer'>no body</p><header>h</header></html>",
]


@pytest.mark.parametrize("html", _SCAN_PAGES)
def test_scan_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _same_scan(html if "<html>" in html else f"<html><body>{html}</body></html>", monkeypatch)


def test_scan_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(18)
    for _ in range(200):
        _same_scan(_random_page(rng), monkeypatch)


def test_attributed_namespaced_falls_back() -> None:
    root = parse_tree("<html><body><p class='a'>x</p></body></html>")
    assert root is not None
    body = root.find("body")
    etree.SubElement(body, "{urn:x}div", {"class": "footer"})
    assert compiled.attributed(body, ("a",), tuple(vocab.SOFT_DROP_TAGS)) is None
