"""Text to an lxml tree, leniently: broken markup, junk and huge pages never raise.

The parser builds ``HtmlElement`` nodes through lxml's C-level default class lookup instead of
lxml.html's Python lookup, which is called for every element proxy and costs ~15% of extraction.
``extract()`` goes further (``parse_tree``): its tree never leaves it, so it takes lxml's plain
elements, whose proxies are built in C alone (an ``HtmlElement`` proxy is an instance of a
Python class, with an ``_init`` call): 2.5% fewer instructions for the whole extraction.
``huge_tree`` lifts libxml2's limits on depth and text size, so deeply nested pages still parse.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterator

from lxml import etree, html
from lxml.html import HtmlElement

from scraper.extractor.unclosed import close_unclosed_divs, ends_over_open_div

__all__ = [
    "collapsed_text",
    "element_text",
    "lines_at_breaks",
    "parse_html",
    "parse_tree",
    "pieces_before_break",
    "text_length",
]

# ``text_length`` counted on libxml2's nodes (``_cwalks.text_chars``, optional; not built, or
# for another lxml: the string is made and measured).
try:
    from scraper.extractor._cwalks import text_chars as _compiled_text_chars
except (ImportError, TypeError, ValueError):
    _compiled_text_chars = None
COMPILED_LENGTHS = True
# ``_may_hold_flood``'s block loop with its byte searches in C (``_cwalks.may_hold_flood``):
# the same answer without ~40 Python steps a page.
try:
    from scraper.extractor._cwalks import may_hold_flood as _compiled_flood
except (ImportError, TypeError, ValueError):
    _compiled_flood = None
COMPILED_FLOOD = True
# A page of two bytes a character encoded to UTF-8 in C (``_cwalks.utf8_replaced``): ASCII
# runs copied four characters at a time, the same bytes as ``encode("utf-8", "replace")``.
try:
    from scraper.extractor._cwalks import utf8_replaced as _compiled_utf8
except (ImportError, TypeError, ValueError):
    _compiled_utf8 = None
COMPILED_UTF8 = True
# ... with its ASCII runs copied sixteen characters at a time (``_cwalks.utf8_blocks``, SSE2;
# the same bytes): ~80 -> ~30 us a two-byte page; a four-byte page (an emoji) in C too,
# ~137 -> ~82 us.
try:
    from scraper.extractor._cwalks import utf8_blocks as _compiled_utf8_blocks
except (ImportError, TypeError, ValueError):  # a build from before round twenty-four
    _compiled_utf8_blocks = None
COMPILED_UTF8_BLOCKS = True

_local = threading.local()

MAX_NESTING = 1000
# Possessive, and only run up to the last ">": every start then either matches up to the next
# ">" or fails at once, so the scan is linear (backtracking made it cubic on "<a<a<a...").
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][^\s/<>]*+)[^<>]*+>")
# libxml2 checks each new attribute against all earlier ones of the element: tens of thousands of
# attributes on one element take seconds to minutes. Tags that long are found in linear time
# ([^<>] never crosses into the next tag) and keep their first MAX_ATTRIBUTES attributes.
MAX_ATTRIBUTES = 256
_LONG_TAG_MIN_BYTES = 8192
_LONG_TAG_RE = re.compile(rb"<([a-zA-Z][a-zA-Z0-9:_-]{0,40})(\s[^<>]{%d,})>" % _LONG_TAG_MIN_BYTES)
_ATTRIBUTE_RE = re.compile(
    rb"""[^\s"'=<>/]+(?:[ \t\r\n]*=[ \t\r\n]*(?:"[^"]*"|'[^']*'|[^\s"'>]+))?"""
)
# A tag of _LONG_TAG_MIN_BYTES covers a whole aligned block of half that size with no "<" or ">".
_BLOCK_BYTES = _LONG_TAG_MIN_BYTES // 2
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


def _new_parser(plain: bool = False) -> etree.HTMLParser:
    parser = etree.HTMLParser(
        remove_comments=True,
        remove_pis=True,
        huge_tree=True,
        collect_ids=False,  # an id hash table nobody reads; ~6% of the parse
        encoding="utf-8",  # parse_html always hands over UTF-8 bytes
    )
    if not plain:
        parser.set_element_class_lookup(
            etree.ElementDefaultClassLookup(
                element=html.HtmlElement,
                comment=html.HtmlComment,
                pi=html.HtmlProcessingInstruction,
                entity=html.HtmlEntity,
            )
        )
    return parser


def element_text(element: HtmlElement) -> str:
    """All the text under ``element`` (without its tail), like ``text_content()``.

    The text serialiser runs in C; ``text_content()`` evaluates an XPath each call, which costs
    two and a half times as much, and the extractor asks for text tens of times per page.
    Half of those asks are for an element with no child (a link, a short paragraph): its text
    node is read without the serialiser's set-up (the same text: tests/test_fast_paths.py).
    """
    if not len(element):
        return element.text or ""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def text_length(element: HtmlElement) -> int:
    """``len(element_text(element))``, counted in C without making the string when built
    (the scan asks it of every paragraph of the sections it may drop or protect)."""
    if COMPILED_LENGTHS and _compiled_text_chars is not None:
        chars = _compiled_text_chars(element)
        if chars is not None:  # None: an entity reference (the text is read)
            return chars
    return len(element_text(element))


def collapsed_text(element: HtmlElement) -> str:
    """``element_text`` on one line, whitespace runs collapsed: titles, names, link labels."""
    return " ".join(element_text(element).split())


def pieces_before_break(element: HtmlElement) -> list[str]:
    """The element's text nodes before its first ``<br>``, in order and as written: a
    profile card's name line, not the role or affiliation under it."""
    pieces = []
    for line, piece in _pieces_by_line(element):
        if line:
            break
        pieces.append(piece)
    return pieces


def lines_at_breaks(element: HtmlElement) -> list[str]:
    """The element's text split at its ``<br>``s, each line's text nodes in order and as
    written."""
    lines = [""]
    for line, piece in _pieces_by_line(element):
        if line == len(lines):
            lines.append("")
        lines[line] += piece
    return lines


def _pieces_by_line(element: HtmlElement) -> Iterator[tuple[int, str]]:
    """(line, text node) of the element in document order, a ``<br>`` starting the next
    line; a comment's own text left out (never shown: ``parse_tree`` drops comments, a tree
    built elsewhere may keep them)."""
    line = 0
    yield line, element.text or ""
    for event, node in etree.iterwalk(element, events=("start", "end")):
        if node is element:
            continue
        if event == "end":
            yield line, node.tail or ""
        elif node.tag == "br":
            line += 1
        elif isinstance(node.tag, str):
            yield line, node.text or ""


def _parser(plain: bool = False) -> etree.HTMLParser:
    """One UTF-8 parser of each kind per thread (lxml parsers are not shared between threads)."""
    name = "plain_parser" if plain else "parser"
    parser: etree.HTMLParser | None = getattr(_local, name, None)
    if parser is None:
        parser = _new_parser(plain)
        setattr(_local, name, parser)
    return parser


# Each <div> a container's end tag closes in a browser is closed before it (``unclosed.py``).
CLOSE_UNCLOSED = True


def parse_html(text: str) -> HtmlElement | None:
    """Parse a page; None when there is nothing to parse.

    The page is parsed as UTF-8 bytes with the encoding fixed: libxml2 reads UTF-8 faster than
    the UTF-16/UCS-4 buffers of a non-Latin-1 ``str``, the NUL test is a ``memchr`` on bytes
    (on a ``str`` it costs a tenth of the parse), and a stray XML encoding declaration or
    meta charset cannot switch the decoding of text that is already decoded.
    """
    return _parse(text, plain=False)


def parse_tree(text: str) -> etree._Element | None:
    """``parse_html`` with lxml's plain elements (no ``lxml.html`` methods such as
    ``text_content()``): the same tree, faster to walk, for a caller that keeps it to itself.
    The extractor reads trees only through the API both element kinds share."""
    return _parse(text, plain=True)


def _parse(text: str, *, plain: bool) -> HtmlElement | None:
    if not text or text.isspace():
        return None
    data = utf8_bytes(text)
    if b"\x00" in data:
        # libxml2 stops reading at a NUL; other odd characters are cleaned lazily in prune.py.
        data = data.replace(b"\x00", b"")
    data = _thin_attribute_floods(data)
    root, too_deep, unclosed = _parse_once(data, plain)
    if unclosed and CLOSE_UNCLOSED and not too_deep:
        # a container's end tag libxml2 ignored for a <div> left open in it: read again with
        # that <div> closed, as a browser's tree has it (a page in thirty)
        closed = close_unclosed_divs(data)
        if closed is not data:
            root, too_deep, _ = _parse_once(closed, plain)
    if too_deep:
        # libxml2 stops at 2048 levels even with huge_tree and drops the rest of the page.
        flat = _flatten_nesting(data.decode("utf-8"), MAX_NESTING)
        root, _, _ = _parse_once(flat.encode("utf-8"), plain)
    if root is not None:
        _gather_into_body(root)
    return root


def _gather_into_body(root: HtmlElement) -> None:
    """Move what libxml2 left after ``</body>`` into the body, as a browser's tree has it: a
    theme that closes an empty ``<body></body>`` at the top and prints the whole page after it
    would otherwise have a page whose body holds nothing (no headline, date line or byline
    found in it). The same for what it left in the ``<head>``: a page that omits both tags,
    as HTML allows and minifiers do (``<title>…<header>…<main>``), has its whole body there,
    where a browser opens the body at the first element a head cannot hold."""
    body = _body_from_head(root)
    if body is None:
        return
    for child in [child for child in body.itersiblings() if isinstance(child.tag, str)]:
        body.append(child)  # (a list first: appending moves it out of the siblings walked)


def _body_from_head(root: HtmlElement) -> HtmlElement | None:
    """The body, with the head's elements from the first one a head cannot hold moved to its
    start (and made, when the page has none)."""
    body = root.find("body")
    head = root.find("head")
    if head is None:
        return body
    stray = next((child for child in head if child.tag not in _HEAD_TAGS), None)
    if stray is None:
        return body
    moved = [stray, *stray.itersiblings()]
    if body is None:
        body = root.makeelement("body", {})
        head.addnext(body)
    for place, child in enumerate(moved):
        body.insert(place, child)
    return body


# What a browser keeps in the <head> (HTML's "in head" insertion mode); anything else opens
# the body. Comments and processing instructions stay where they are.
_HEAD_TAGS = frozenset(
    {"base", "basefont", "bgsound", "link", "meta", "noframes", "noscript", "script", "style"}
    | {"template", "title", etree.Comment, etree.ProcessingInstruction}
)


def utf8_bytes(text: str) -> bytes:
    """``text.encode("utf-8", "replace")``: lone surrogates become "?" (in C for a page of
    two bytes a character, when built: most pages hold a curly quote or a dash)."""
    if COMPILED_UTF8 and _compiled_utf8 is not None:
        encode = _compiled_utf8
        if COMPILED_UTF8_BLOCKS and _compiled_utf8_blocks is not None:
            encode = _compiled_utf8_blocks
        data: bytes | None = encode(text)
        if data is not None:  # None: one byte a character (or four, built before round 24)
            return data
    return text.encode("utf-8", "replace")


def _thin_attribute_floods(data: bytes) -> bytes:
    """``data`` with every element past ``MAX_ATTRIBUTES`` attributes cut down to that many."""
    if len(data) < _LONG_TAG_MIN_BYTES or not _may_hold_flood(data):
        return data

    def thin(match: re.Match[bytes]) -> bytes:
        attributes = match.group(2)
        if attributes.count(b"=") <= MAX_ATTRIBUTES:
            return match.group(0)
        kept = _ATTRIBUTE_RE.findall(attributes)[:MAX_ATTRIBUTES]
        return b"<" + match.group(1) + b" " + b" ".join(kept) + b">"

    return _LONG_TAG_RE.sub(thin, data)


def _may_hold_flood(data: bytes) -> bool:
    """Whether some tag is long enough, and has enough "=", to be thinned: a cheap exact
    precheck (byte searches per block) that spares nearly every page the regex scan.

    A tag ``_LONG_TAG_RE`` matches is a run free of "<" and ">" of at least
    ``_LONG_TAG_MIN_BYTES`` between a "<" and a ">", so it covers a whole aligned block."""
    if COMPILED_FLOOD and _compiled_flood is not None:
        return bool(_compiled_flood(data, _BLOCK_BYTES, MAX_ATTRIBUTES))
    size = len(data)
    checked_up_to = 0
    for start in range(0, size - _BLOCK_BYTES + 1, _BLOCK_BYTES):
        stop = start + _BLOCK_BYTES
        if start < checked_up_to or data.find(b"<", start, stop) >= 0:
            continue
        if data.find(b">", start, stop) >= 0:
            continue
        run_start = max(data.rfind(b"<", 0, start), data.rfind(b">", 0, start)) + 1
        ends = [end for end in (data.find(b"<", stop), data.find(b">", stop)) if end >= 0]
        run_end = min(ends) if ends else size
        checked_up_to = run_end
        if (
            data[run_start - 1 : run_start] == b"<"
            and data[run_end : run_end + 1] == b">"
            and data.count(b"=", run_start, run_end) > MAX_ATTRIBUTES
        ):
            return True
    return False


def _parse_once(data: bytes, plain: bool = False) -> tuple[HtmlElement | None, bool, bool]:
    """The tree, whether libxml2 gave up on nesting too deep, and whether it ignored a
    container's end tag for a ``<div>`` left open in it (``unclosed.py``)."""
    parser = _parser(plain)
    try:
        root = etree.fromstring(data, parser)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        return None, False, False
    if root is None or not isinstance(root.tag, str):
        return None, False, False
    too_deep = unclosed = False
    for error in parser.error_log:
        kind = error.type
        if kind == _RESOURCE_LIMIT:
            too_deep = True
        elif kind == _TAG_MISMATCH and not unclosed:
            unclosed = ends_over_open_div(error.message)
    return root, too_deep, unclosed


_RESOURCE_LIMIT = etree.ErrorTypes.ERR_RESOURCE_LIMIT
_TAG_MISMATCH = etree.ErrorTypes.ERR_TAG_NAME_MISMATCH


def _flatten_nesting(text: str, limit: int) -> str:
    """Drop the start and end tags nested deeper than ``limit``, keeping their text."""
    parts: list[str] = []
    depth = 0
    position = 0
    for match in _TAG_RE.finditer(text, 0, text.rfind(">") + 1):
        closing, name = match.group(1), match.group(2).lower()
        if name in _VOID_TAGS or match.group(0).endswith("/>"):
            continue
        keep = depth < limit if not closing else depth <= limit
        depth = max(0, depth - 1) if closing else depth + 1
        if not keep:
            parts.append(text[position : match.start()])
            position = match.end()
    parts.append(text[position:])
    return "".join(parts)
