"""The compiled walks (``_cwalks``) change no result: ``walk_marks`` gives the same marks,
``scan_boilerplate`` the same scan, ``page_blocks`` the same lines and contexts and
``render_lines`` the same lines as their pure-Python walks, on the fixture pages, on edge
cases (caps, non-ASCII, namespaces) and on random pages built from the strings the tests look
for. Skipped where the extension is not built."""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from scraper.extractor import authors, blocks, bylines, pagemarks, prune, render, vocab
from scraper.extractor.blocks import Context, PageBlocks, page_blocks
from scraper.extractor.pagemarks import MAX_ELEMENTS, PageMarks, walk_marks
from scraper.extractor.parse import parse_html, parse_tree
from scraper.extractor.prune import PruneLog, Scan, drop_never_text, scan_boilerplate, swap_out
from scraper.extractor.render import CODES, Line, render_lines

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
# class hints the token test rejects or keeps: the C walk hands Python only the kept ones
_CLASSES += ["card", "card-body", "user-menu", "xauthor", "2author", "author2", "pAuthor"]
_CLASSES += ["vcard h-card", "postedby", "posted-by-x", "auth\x1cor", "writers", "Bylines"]
_TEXTS = ["", " ", "By Jo", " by ann", "Posted by X", "2020", "May 3, 2019", "19", "Réd", "x"]
_TEXTS += ["WRITTEN BY A", "Authored by B", "Door Jan", "par X", "ſtory by Y", "Bylaw", "Author:"]
_TEXTS += ["Stories", "Text", "\u2003By Z", "Vo", "b", "Auteur : C", "Reported by D", "Words by"]
_TEXTS += ["\xa0", "\xa0By Jo", "★", "★ By Al", "\u3000by X", "\u200bBy Y", "\x85\u205fBy W"]
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


_CLASS_PARTS = ["author", "Author", "AUTHORS", "byline", "Bylines", "writer", "contributor"]
_CLASS_PARTS += ["creator", "user", "name", "username", "user-name", "user_name", "poster"]
_CLASS_PARTS += ["p-author", "h-card", "vcard", "postedby", "posted-by", "card", "auth", "byl"]
_CLASS_PARTS += ["x", "X", "2", "-", "_", " ", "\t", "\x1c", "\x1f", "\x0b", "Box", "pAuthor"]
_CLASS_PARTS += ["ſ", "Αuthor", "é"]


def test_class_marked_matches_the_token_test() -> None:
    """The walk's class test (``_cwalks.class_marked``) is ``pagemarks._class_marked`` on ASCII
    class strings and True (a maybe) on the others: 100,000 random strings of its words."""
    rng = random.Random(30)
    for _ in range(100_000):
        classes = "".join(rng.choice(_CLASS_PARTS) for _ in range(rng.randint(1, 7)))
        marked = compiled.class_marked(classes.encode())
        if classes.isascii():
            assert marked == pagemarks._class_marked(classes), classes
        else:  # case folding may match "ſ" as "s": left to Python
            assert marked, classes


_TEXT_PARTS = [chr(code) for code in range(0x110000) if chr(code).isspace()]
_TEXT_PARTS += ["By", "by", "x", "★", "é", "ſtory by", "Author", "written by", "B", "\u200b"]
_TEXT_PARTS += ["\u200d", "\u2030", "\u202e", "\u205e", "\u3001", "\u1681", "\xa1", "\x86"]
_TEXT_PARTS += ["作者", "作", "작성자", "글쓴이", "：", ":", "著者X", "文"]


def test_may_be_by_text_keeps_every_by_text() -> None:
    """The walk's by-text test (``_cwalks.may_be_by_text``) says False for no text the loop's
    test keeps, the white space ``lstrip`` drops included (every ``isspace`` character)."""
    rng = random.Random(31)
    for _ in range(100_000):
        text = "".join(rng.choice(_TEXT_PARTS) for _ in range(rng.randint(1, 6)))
        kept = text.lstrip()[:1] in pagemarks._BY_INITIALS and pagemarks.BY_TEXT_RE.match(text)
        assert compiled.may_be_by_text(text.encode()) or not kept, text
    assert not compiled.may_be_by_text("\xa0★ By".encode())
    assert compiled.may_be_by_text("\xa0\u3000By".encode())


_PARSER: Any = re._parser  # type: ignore[attr-defined]
_SPACE = [(_PARSER.IN, [(_PARSER.CATEGORY, _PARSER.CATEGORY_SPACE)])]


def _ends_word(op: Any, av: Any) -> bool:
    """A regex item that can put no letter, digit or "_" right after a word: ``\\s``,
    ``\\s+``, ``\\b``, ``$``, the lookahead ``(?=\\s*:)``, a sign such as ":"."""
    if op is _PARSER.MAX_REPEAT:
        return av[0] >= 1 and list(av[2]) == _SPACE
    if op is _PARSER.IN:  # ``\s``, or a set of signs (``[:：]``)
        return [(op, av)] == _SPACE or all(
            kind is _PARSER.LITERAL and not (chr(code).isalnum() or chr(code) == "_")
            for kind, code in av
        )
    if op is _PARSER.AT:
        return av in (_PARSER.AT_BOUNDARY, _PARSER.AT_END)
    if op is _PARSER.ASSERT:
        return av[0] == 1 and _words_from(av[1]) == {("", False)}
    return op is _PARSER.LITERAL and not (chr(av).isalnum() or chr(av) == "_")


def _words_from(items: Any) -> set[tuple[str, bool]]:
    """The letter runs a parsed regex sequence can start with, each with whether it is still
    open (the next item may add letters); a construct not modelled fails the test, so a regex
    edited into a new shape needs this and the C list looked at again."""
    out = {("", True)}
    for op, av in items:
        if not any(is_open for _, is_open in out):
            break
        if op is _PARSER.LITERAL and chr(av).isalpha():  # (a CJK label's letters too)
            pieces = {(chr(av), True)}
        elif op is _PARSER.BRANCH:
            pieces = set().union(*(_words_from(branch) for branch in av[1]))
        elif op is _PARSER.SUBPATTERN:
            pieces = _words_from(av[-1])
        elif op is _PARSER.MAX_REPEAT and av[0] == 0 and list(av[2]) == _SPACE:
            pieces = {("", True), ("", False)}  # \s*: nothing, or a space
        elif op is _PARSER.MAX_REPEAT and av[:2] == (0, 1):
            pieces = {("", True)} | _words_from(av[2])  # "contributors?", ":?"
        elif _ends_word(op, av):
            pieces = {("", False)}
        else:
            raise AssertionError(f"not modelled: {op} {av}")
        out = {
            (word + piece, piece_open) if is_open else (word, False)
            for word, is_open in out
            for piece, piece_open in (pieces if is_open else {("", False)})
        }
    return out


def _first_words(pattern: re.Pattern[str]) -> set[str]:
    """The words a match of ``^\\s*(?:...)`` starts with after its spaces."""
    items = list(_PARSER.parse(pattern.pattern, pattern.flags))
    assert items[0] == (_PARSER.AT, _PARSER.AT_BEGINNING)
    assert items[1][0] is _PARSER.MAX_REPEAT and items[1][1][0] == 0
    assert list(items[1][1][2]) == _SPACE
    runs = _words_from(items[2:])
    assert all(word and not is_open for word, is_open in runs)  # every word ends, none empty
    return {word for word, _ in runs}


def test_byline_first_words_are_the_regexes() -> None:
    """The C list of the byline regexes' first words is what the regexes start with."""
    derived = _first_words(bylines._BYLINE_TEXT_RE) | _first_words(bylines._BYLINE_WORD_RE)
    words = compiled.byline_first_words()
    cjk = compiled.cjk_labels()  # (tested apart in C: no ASCII letters to lower)
    assert len(words) == len(set(words))
    assert set(words) | set(cjk) == derived
    assert set(cjk) == set(authors.CJK_LABELS.split("|"))
    initials = {word[0] for word in (*words, *cjk)} | {"\u017f"}
    assert initials == {c.lower() for c in bylines._BYLINE_INITIALS}


_BYLINE_PARTS = [chr(code) for code in range(0x110000) if chr(code).isspace()]
_BYLINE_PARTS += compiled.byline_first_words()
_BYLINE_PARTS += [word.upper() for word in compiled.byline_first_words()]
_BYLINE_PARTS += [word[: len(word) // 2 + 1] for word in compiled.byline_first_words()]
_BYLINE_PARTS += ["By", "bY", "Story", "Byline", "bye", "Share", "Advertisement", "Jo Roe", ":"]
_BYLINE_PARTS += ["x", "s", "_", "1", "-", ".", "\u017f", "\u212a", "\u0131", "\u0130", "\xe9"]
_BYLINE_PARTS += [*compiled.cjk_labels(), "作", "작", "：", "者"]
_BYLINE_PARTS += [
    "\u017ftory",
    "po\u017fted",
    "wri\u0131ten",
    "\u2003by",
    "\u200b",
    "\u3001",
    "\xa1",
]


def test_byline_start_keeps_every_byline_text() -> None:
    """The byline walk's text test (``_cwalks.byline_start``) says False for no text the scan's
    test keeps (the initial and either regex), and for most texts that merely start with one
    of the initials."""
    rng = random.Random(33)
    dropped = 0
    for _ in range(100_000):
        text = "".join(rng.choice(_BYLINE_PARTS) for _ in range(rng.randint(1, 5)))
        kept = text.lstrip()[:1] in bylines._BYLINE_INITIALS and (
            bylines._BYLINE_TEXT_RE.match(text) or bylines._BYLINE_WORD_RE.match(text)
        )
        start = compiled.byline_start(text.encode())
        assert start or not kept, text
        dropped += not start and text.lstrip()[:1] in bylines._BYLINE_INITIALS
    assert dropped > 10_000
    for text in (
        "Share",
        "Advertisement",
        "by_x",
        "By1",
        "Bylines",
        "\xa0\u2605 By",
        "contributorsx",
    ):
        assert not compiled.byline_start(text.encode()), text
    for text in ("By", " by:", "\u3000Written by", "\u017ftory", "Byé", "CONTRIBUTORS :", "door"):
        assert compiled.byline_start(text.encode()), text


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


def test_scan_past_the_walks_name_table(monkeypatch: pytest.MonkeyPatch) -> None:
    """More distinct tag names than the walk remembers (128): the later ones are tested by
    their strings each time, with the same elements found."""
    odd = "".join(f"<x-tag{k} class='share'>t</x-tag{k}>" for k in range(200))
    later = _SCAN_PAGES[0] + "<a class='menu'>m</a><em class='nav'>e</em><form class='x'></form>"
    _same_scan(f"<html><body>{odd}{later}{later}</body></html>", monkeypatch)


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


# ``blocks.page_blocks``: the compiled walk (``_cwalks.block_walk``) against the Python one.


def _line_fields(line: Line) -> tuple[object, ...]:
    return (line.text, line.kind, line.link_chars, line.depth, line.ordinal, line.header_row)


def _context_fields(context: Context) -> tuple[object, ...]:
    children = None if context.children is None else list(context.children.items())
    return (context.depth, context.chars, context.links, context.lines, context.signature, children)


def _same_blocks(
    root: etree._Element, monkeypatch: pytest.MonkeyPatch, skip_tags: frozenset[str]
) -> PageBlocks:
    monkeypatch.setattr(blocks, "COMPILED_BLOCKS", False)
    plain = page_blocks(root, skip_tags)
    monkeypatch.setattr(blocks, "COMPILED_BLOCKS", True)
    fast = page_blocks(root, skip_tags)
    assert [_line_fields(line) for line in fast.lines] == [
        _line_fields(line) for line in plain.lines
    ]
    assert all(  # kinds are str, header_row a bool, as the Python walk makes them
        type(a.kind) is type(b.kind) and type(a.header_row) is type(b.header_row)
        for a, b in zip(fast.lines, plain.lines, strict=True)
    )
    assert len(fast.contexts) == len(plain.contexts)
    for ours, theirs in zip(fast.contexts, plain.contexts, strict=True):
        while ours is not None or theirs is not None:  # the context and all its ancestors
            assert ours is not None and theirs is not None
            assert ours.element is theirs.element
            assert _context_fields(ours) == _context_fields(theirs)
            assert ours.own == theirs.own and ours.inherited == theirs.inherited
            assert ours.repeats() == theirs.repeats()
            ours, theirs = ours.parent, theirs.parent
    return plain


def _check_blocks(html: str, monkeypatch: pytest.MonkeyPatch) -> PageBlocks:
    root = parse_html(html)
    assert root is not None
    for skip_tags in (frozenset(), vocab.SKIP_RENDER_TAGS):
        found = _same_blocks(root, monkeypatch, skip_tags)
    return found


def test_blocks_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        _check_blocks(html, monkeypatch)
        root = parse_tree(html)  # as the body model sees it: pruned, placeholders in
        assert root is not None
        drop_never_text(root)
        swap_out(root, scan_boilerplate(root, strict=True).boilerplate, PruneLog())
        _same_blocks(root, monkeypatch, vocab.SKIP_RENDER_TAGS)


BLOCK_PAGES = [
    # every tag the walk treats specially, a comment, a processing instruction, a placeholder
    """<html><body><div class="wrap"><h2>Heading <a href="/x">link</a></h2>
<p>First <b>bold</b> and <a href="/a">a link</a> tail.<br>After break<br></p>
<!-- a comment --> text after the comment <?pi data?> after the PI
<pre>code line 1
  code line 2<br>line 3<pre>nested</pre> more</pre>
<blockquote><p>Quoted <i>words</i></p>loose quote text</blockquote>
<ol><li>one</li><li>two<ul><li>nested</li></ul></li><li><ol><li>deep</li></ol>x</li></ol>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2<br>3</td></tr><td>loose</td></table>
<tr><td>rowless</td></tr><figure><img src="x.png"><figcaption>Caption</figcaption></figure>
<span class="note">span text</span> tail text <x-pruned>placeholder</x-pruned> after
<dl><dt>term</dt><dd>definition</dd></dl><script>var x = 1;</script><style>p{}</style>
<noscript>no script</noscript></div>final words</body></html>""",
    # non-ASCII texts and classes, entities, empty and space-only texts, repeated siblings
    "<html><body><div class='Ünï card'>h&eacute;llo &amp; w\u00f6rld \U0001f600</div>"
    "<div class='Ünï card'> </div><div class>x</div><div class=''>y</div><p>\u00a0</p>"
    "<ul><li class='item'>1</li><li class='item'>2</li><li class='item'>3</li></ul>"
    "<section><p>  a  <b> b </b>\n c </p>\t</section></body></html>",
    # hidden elements, roles, itemprops: the contexts' signals
    "<html><body><div hidden><p>hidden one</p><p>hidden two</p></div><nav role='navigation'>"
    "<a href='/'>home</a></nav><div aria-hidden='true' class='x'>a</div><article "
    "itemprop='articleBody'><p>body</p></article><div style='display:none'>n</div></body></html>",
    # no <body>: the walk starts at the root; a text-only page
    "<html><p>root paragraph</p>text</html>",
    "<html><body>only text</body></html>",
    "<html><body></body></html>",
]


@pytest.mark.parametrize("html", BLOCK_PAGES)
def test_blocks_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_blocks(html, monkeypatch)


def test_blocks_deep_page(monkeypatch: pytest.MonkeyPatch) -> None:
    """Deeper than the end stack's first allocation (256 open elements)."""
    root = parse_html("<html><body><p>top</p></body></html>")
    node = root.find("body")
    for depth in range(600):
        node = etree.SubElement(
            node, "div" if depth % 3 else "blockquote", {"class": f"c{depth % 5}"}
        )
        node.text = f"t{depth} "
        node.tail = f" tail{depth}"
    found = _same_blocks(root, monkeypatch, vocab.SKIP_RENDER_TAGS)
    assert found.lines


def test_blocks_namespaced_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_html("<html><body><p>one</p><div class='a'>two</div></body></html>")
    body = root.find("body")
    etree.SubElement(body, "{urn:x}p").text = "namespaced"
    assert (
        compiled.block_walk(
            body,
            Context(body, None, 0),
            frozenset(),
            {},
            frozenset(),
            Line,
            Context,
            CODES,
            "",
        )
        is None
    )
    found = _same_blocks(root, monkeypatch, frozenset())
    assert [line.text for line in found.lines][:2] == ["one", "two"]


_BLOCK_TAGS = ["p", "div", "span", "a", "li", "ul", "ol", "h2", "h3", "b", "pre", "br", "td"]
_BLOCK_TAGS += ["th", "tr", "table", "blockquote", "script", "x-pruned", "section", "img", "i"]
_BLOCK_TEXTS = ["", " ", "\n", "word", "two words", " spaced ", "\t\n", "é", "line\nbreak", "x "]


def _random_block_page(rng: random.Random) -> str:
    parts = []
    open_tags: list[str] = []
    for _ in range(rng.randrange(5, 120)):
        if open_tags and rng.random() < 0.3:
            parts.append(f"</{open_tags.pop()}>{rng.choice(_BLOCK_TEXTS)}")
            continue
        tag = rng.choice(_BLOCK_TAGS)
        attrs = f' class="{rng.choice(_CLASSES)}"' if rng.random() < 0.5 else ""
        if rng.random() < 0.05:
            attrs += rng.choice([" hidden", ' role="navigation"', ' itemprop="articleBody"'])
        if rng.random() < 0.05:
            parts.append("<!-- c -->")
        parts.append(f"<{tag}{attrs}>{rng.choice(_BLOCK_TEXTS)}")
        if tag in ("br", "img"):
            parts.append(rng.choice(_BLOCK_TEXTS))
        elif rng.random() < 0.5:
            open_tags.append(tag)
        else:
            parts.append(f"</{tag}>{rng.choice(_BLOCK_TEXTS)}")
    closing = "".join(f"</{tag}>" for tag in reversed(open_tags))
    return "<html><body>" + "".join(parts) + closing + "</body></html>"


def test_blocks_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(12)
    for _ in range(300):
        _check_blocks(_random_block_page(rng), monkeypatch)


# ``render.render_lines``: the compiled walk (``_cwalks.render_walk``) against the Python one.


def _same_render(
    elements: list[etree._Element], monkeypatch: pytest.MonkeyPatch, skip_tags: frozenset[str]
) -> list[Line]:
    monkeypatch.setattr(render, "COMPILED_RENDER", False)
    plain = render_lines(elements, skip_tags)
    monkeypatch.setattr(render, "COMPILED_RENDER", True)
    fast = render_lines(iter(elements), skip_tags)  # any iterable, read once
    assert [_line_fields(line) for line in fast] == [_line_fields(line) for line in plain]
    assert all(
        type(a.kind) is type(b.kind) and type(a.header_row) is type(b.header_row)
        for a, b in zip(fast, plain, strict=True)
    )
    return plain


def _check_render(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole body, every element of the page as a root, and runs of sibling roots."""
    root = parse_html(html)
    assert root is not None
    body = root.find("body")
    top = root if body is None else body
    everything = list(top.iter())
    for skip_tags in (frozenset(), vocab.SKIP_RENDER_TAGS):
        _same_render([top], monkeypatch, skip_tags)
        for element in everything[:300]:
            _same_render([element], monkeypatch, skip_tags)
        _same_render(list(top), monkeypatch, skip_tags)  # the top's children, comments too
        _same_render(everything[::7], monkeypatch, skip_tags)


def test_render_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        _check_render(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


@pytest.mark.parametrize("html", BLOCK_PAGES)
def test_render_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check_render(html, monkeypatch)


def test_render_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(21)
    for _ in range(200):
        _check_render(_random_block_page(rng), monkeypatch)


def test_render_skip_and_namespace_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """Elements to skip (the comment sections' forms) and namespaced tags: the Python walk."""
    root = parse_html("<html><body><p>one</p><form><p>form</p></form><p>two</p></body></html>")
    body = root.find("body")
    form = body.find("form")
    assert [line.text for line in render_lines([body], skip=[form])] == ["one", "two"]
    etree.SubElement(body, "{urn:x}p").text = "namespaced"
    assert compiled.render_walk(body, frozenset(), render.ACTIONS, Line, CODES, "") is None
    found = _same_render([body], monkeypatch, frozenset())
    assert [line.text for line in found][:3] == ["one", "form", "two"]


def test_attributed_passes_over_memoised_keep() -> None:
    """With the scan's verdict memo, an element whose only attributes are its class and/or id
    and whose string the memo holds as KEEP is passed over; every other element stays."""
    root = parse_tree(
        "<html><body><div class='x'>a</div><div class='x' data-a='1'>b</div>"
        "<div class='y'>c</div><div id='x'>d</div><div class='x' id='z'>e</div>"
        "<div class='x z'>f</div><form class='x'>g</form><p class='w'>h</p></body></html>"
    )
    assert root is not None
    body = root.find("body")
    memo = {"x": prune.KEEP, "x z": prune.KEEP, "w": prune.HARD}
    found = compiled.attributed(body, (), tuple(vocab.SOFT_DROP_TAGS), memo, prune.KEEP)
    texts = [el.text for el in found if el.tag != "body"]
    # "e" (class x, id z) reads "x z" as "f" does; the form is a soft tag the scan notes anyway
    assert texts == ["b", "c", "g", "h"]
    assert "form" in vocab.SOFT_DROP_TAGS


_ATTRIBUTES = ['class="byline"', 'class="card x"', 'itemprop="author"', "itemprop", 'id="comments"']
_ATTRIBUTES += ['id="x"', 'ids="comments"', 'i="a"', 'idx="y"', 'classes="author"', 'cla="by"']
_ATTRIBUTES += ['item="author"', 'itemprops="x"', 'class=""', 'id=""', 'rel="author"']


def test_one_pass_attribute_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The marks walk reads class, itemprop and id in one pass over the attributes: the same
    marks and comment answer whatever their order, near-miss names and repeats (the HTML
    parser keeps a repeated attribute's first value; the XML trees carry namespaced ones and
    entity references, which the walk hands back to Python)."""
    from scraper.extractor import metadata

    rng = random.Random(42)
    for _ in range(400):
        items = []
        for _ in range(rng.randrange(1, 30)):
            chosen = rng.sample(_ATTRIBUTES, rng.randrange(0, 5))
            if chosen and rng.random() < 0.2:
                chosen.append(rng.choice(_ATTRIBUTES))  # a repeated name
            tag = rng.choice(["div", "span", "a", "p", "textarea"])
            items.append(f"<{tag} {' '.join(chosen)}>{rng.choice(_TEXTS)}</{tag}>")
        html = "<html><body>" + "".join(items) + "</body></html>"
        plain = _check(html, monkeypatch)
        root = parse_tree(html)
        assert root is not None
        marks = walk_marks(root)
        textarea = next(root.iter("textarea"), None) is not None
        ids = [str(value) for value in root.xpath("//@id")]
        expected = textarea or any(
            name.startswith(metadata._COMMENT_ID_STARTS) or name in metadata._COMMENT_IDS
            for name in ids
        )
        assert metadata._comment_area(root, marks) is expected
        assert plain.complete
    for xml in (
        b'<html xmlns:x="u"><body><p x:class="byline" class="c">a</p><p x:id="comments">b'
        b"</p><p x:itemprop='author'>c</p></body></html>",
        b'<!DOCTYPE r [<!ENTITY e "author">]><html><body><p class="&e;">a</p>'
        b'<p itemprop="&e;">b</p><p id="&e;">c</p></body></html>',
    ):
        root = etree.fromstring(xml, etree.XMLParser(resolve_entities=False))
        _assert_same(*_both(root, monkeypatch))
