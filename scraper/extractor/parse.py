"""Text to an lxml tree, leniently: broken markup, junk and huge pages never raise.

The parser builds ``HtmlElement`` nodes through lxml's C-level default class lookup instead of
lxml.html's Python lookup, which is called for every element proxy and costs ~15% of extraction.
``huge_tree`` lifts libxml2's limits on depth and text size, so deeply nested pages still parse.
"""

from __future__ import annotations

import re
import threading

from lxml import etree, html
from lxml.html import HtmlElement

__all__ = ["parse_html"]

_local = threading.local()

MAX_NESTING = 1000
_TAG_RE = re.compile(r"<(/?)([a-zA-Z][^\s/>]*)[^>]*>")
_VOID_TAGS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)


def _new_parser(encoding: str | None = None) -> etree.HTMLParser:
    parser = etree.HTMLParser(
        remove_comments=True, remove_pis=True, huge_tree=True, encoding=encoding
    )
    parser.set_element_class_lookup(
        etree.ElementDefaultClassLookup(
            element=html.HtmlElement,
            comment=html.HtmlComment,
            pi=html.HtmlProcessingInstruction,
            entity=html.HtmlEntity,
        )
    )
    return parser


def _parsers() -> tuple[etree.HTMLParser, etree.HTMLParser]:
    """One text parser and one UTF-8 bytes parser per thread (lxml parsers are not shared)."""
    parsers = getattr(_local, "parsers", None)
    if parsers is None:
        parsers = (_new_parser(), _new_parser("utf-8"))
        _local.parsers = parsers
    return parsers


def parse_html(text: str) -> HtmlElement | None:
    """Parse a page; None when there is nothing to parse."""
    if not text or not text.strip():
        return None
    if "\x00" in text:
        # libxml2 stops reading at a NUL; other odd characters are cleaned lazily in prune.py.
        text = text.replace("\x00", "")
    root, too_deep = _parse_once(text)
    if too_deep:
        # libxml2 stops at 2048 levels even with huge_tree and drops the rest of the page.
        root, _ = _parse_once(_flatten_nesting(text, MAX_NESTING))
    return root


def _parse_once(text: str) -> tuple[HtmlElement | None, bool]:
    """The tree, and whether libxml2 gave up on nesting too deep."""
    text_parser, bytes_parser = _parsers()
    parser = text_parser
    try:
        root = etree.fromstring(text, text_parser)
    except ValueError:
        # str input with an XML encoding declaration: parse its UTF-8 bytes instead.
        parser = bytes_parser
        try:
            root = etree.fromstring(text.encode("utf-8", "replace"), bytes_parser)
        except (etree.ParserError, etree.XMLSyntaxError, ValueError):
            return None, False
    except (etree.ParserError, etree.XMLSyntaxError):
        return None, False
    if root is None or not isinstance(root.tag, str):
        return None, False
    return root, _too_deep(parser)


def _too_deep(parser: etree.HTMLParser) -> bool:
    return any(e.type == etree.ErrorTypes.ERR_RESOURCE_LIMIT for e in parser.error_log)


def _flatten_nesting(text: str, limit: int) -> str:
    """Drop the start and end tags nested deeper than ``limit``, keeping their text."""
    parts: list[str] = []
    depth = 0
    position = 0
    for match in _TAG_RE.finditer(text):
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
