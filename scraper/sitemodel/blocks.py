"""A page as its text blocks: each block element with text of its own, where it sits, what it says.

A block's *place* is the chain of tag names and stable class names from ``<body>`` down to it
(``body/div.sidebar/ul/li``), so the same menu item on every page of a site has the same place
and text, while a post's paragraph has a place shared by all posts but a text of its own. The
pair's hash is the block's fingerprint: counted across a site's pages it tells template from
content.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from lxml.html import HtmlElement

__all__ = ["BLOCK_TAGS", "Block", "clear_own_text", "page_blocks", "title_text"]

BLOCK_TAGS = frozenset(
    {
        *("address", "article", "aside", "blockquote", "body", "caption", "center", "dd"),
        *("details", "dialog", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer"),
        *("form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "li", "main", "nav"),
        *("ol", "p", "pre", "section", "summary", "table", "tbody", "td", "tfoot", "th"),
        *("thead", "tr", "ul"),
    }
)
_NO_TEXT_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "math"})
_VOLATILE_CLASS_RE = re.compile(r"\d")  # post-123, tag-2021, wp-image-5: per page, not per place
MAX_CLASSES = 2


@dataclass(frozen=True, slots=True)
class Block:
    """One block element's own text (not its child blocks'), its place and its fingerprint."""

    element: HtmlElement
    place: str
    text: str
    fingerprint: str


def page_blocks(root: HtmlElement | None) -> list[Block]:
    """The page's blocks with text, in document order."""
    if root is None:
        return []
    body = root.find("body")
    if body is None:
        body = root
    texts: dict[HtmlElement, list[str]] = {}
    for node in body.xpath(".//text()"):
        if not node.strip():
            continue
        parent = node.getparent()
        if parent is None:
            continue
        if node.is_text:
            if parent.tag in _NO_TEXT_TAGS:
                continue
            holder = parent
        else:  # the tail of ``parent``: text of the element around it
            holder = parent.getparent()
        if holder is None or not isinstance(holder.tag, str):
            continue
        block = holder
        while block is not None and block.tag not in BLOCK_TAGS:
            block = block.getparent()
        if block is None:
            continue
        texts.setdefault(block, []).append(node)
    places: dict[HtmlElement, str] = {}
    blocks: list[Block] = []
    for element, parts in texts.items():
        text = " ".join(" ".join(parts).split())
        place = _place(element, places)
        digest = hashlib.blake2b(f"{place}\n{text}".encode(), digest_size=8).hexdigest()
        blocks.append(Block(element, place, text, digest))
    return blocks


def _place(element: HtmlElement, cache: dict[HtmlElement, str]) -> str:
    known = cache.get(element)
    if known is not None:
        return known
    parent = element.getparent()
    step = element.tag
    classes = sorted(
        c for c in (element.get("class") or "").split() if not _VOLATILE_CLASS_RE.search(c)
    )
    if classes:
        step += "." + ".".join(classes[:MAX_CLASSES])
    top = parent is None or element.tag == "body"
    place = step if top else _place(parent, cache) + "/" + step  # type: ignore[arg-type]
    cache[element] = place
    return place


def clear_own_text(element: HtmlElement) -> None:
    """Remove a block's own text (its text, inline children and tails), keeping child blocks."""
    element.text = None
    for child in list(element):
        child.tail = None
        if isinstance(child.tag, str) and (child.tag in BLOCK_TAGS or _holds_block(child)):
            continue
        element.remove(child)


def _holds_block(element: HtmlElement) -> bool:
    return any(isinstance(d.tag, str) and d.tag in BLOCK_TAGS for d in element.iterdescendants())


def title_text(root: HtmlElement | None) -> str | None:
    """The page's ``<title>``, whitespace collapsed."""
    if root is None:
        return None
    found = root.find(".//title")
    if found is None or not found.text_content():
        return None
    return " ".join(found.text_content().split()) or None
