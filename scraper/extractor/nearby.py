"""Elements around a post's headline, in page order, without walking the whole page.

Bylines and date lines sit right before or after the headline. Walking the page from its top
to find them costs a pass over the header and navigation on every page, so the walk starts at
the headline's block instead: ``before`` is that block up to the headline, ``after`` everything
following the headline inside the post's block.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.parse import collapsed_text

__all__ = ["after", "before", "block_of", "own_words", "trailing_date"]

BLOCK_LEVELS = 2


def block_of(headline: HtmlElement, levels: int | None = None) -> HtmlElement:
    """The headline's ancestor ``levels`` up (never <body>): its header block."""
    block = headline
    for _ in range(BLOCK_LEVELS if levels is None else levels):
        parent = block.getparent()
        if parent is None or parent.tag in {"body", "html"}:
            break
        block = parent
    return block


def before(headline: HtmlElement) -> Iterator[HtmlElement]:
    """The elements of the headline's block that come before it, page order."""
    for element in block_of(headline).iter(etree.Element):
        if element is headline:
            return
        yield element


def after(headline: HtmlElement, scope: HtmlElement) -> Iterator[HtmlElement]:
    """Every element after the headline (not inside it) up to the end of ``scope``."""
    node: HtmlElement | None = headline
    while node is not None and node is not scope:
        for sibling in node.itersiblings():
            if isinstance(sibling.tag, str):
                yield from sibling.iter(etree.Element)
        node = node.getparent()


def words_before(element: HtmlElement, limit: int = 40) -> str:
    """The last ``limit`` characters of text printed just before an element inside its parent
    ("Last updated on <a>March 12</a>", "Updated <!-- --> <time>"): what a date beside it is."""
    parts: list[str] = []
    size = 0
    node = element.getprevious()
    while node is not None and size < limit:
        for text in (node.tail, node.text if isinstance(node.tag, str) else None):
            if text and text.strip():
                parts.append(text)
                size += len(text)
        node = node.getprevious()
    parent = element.getparent()
    if node is None and size < limit and parent is not None and parent.text:
        parts.append(parent.text)
    return " ".join(reversed(parts))[-limit:]


def own_words(element: HtmlElement) -> str:
    """An element's class and id words, without the taxonomy classes CMSs add to a post
    ("category-reviews", "tag-comments"): those name the post's topics, not the block's role."""
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    if "-" not in words:
        return words
    return _without_taxonomy(words)


@lru_cache(maxsize=4096)
def _without_taxonomy(words: str) -> str:
    """``own_words``' cut, once per string: a page's dated texts and bylines share their
    ancestors, and a site its class names."""
    return " ".join(word for word in words.split() if not word.startswith(_TAXONOMY_PREFIXES))


_TAXONOMY_PREFIXES = ("category-", "tag-", "topic-", "section-", "genre-", "series-")


MAX_DATE_WORDS = 4  # "Thursday, October 10, 2019"


def trailing_date(heading: HtmlElement) -> HtmlElement | None:
    """The element that closes a heading after its text and holds the post's ``<time>`` alone:
    "Issue 180 <small class='text-muted'><time>2019-10-10</time></small>" (Bootstrap's
    secondary text). It is the post's date line, and no part of its headline: the ``<title>``
    and og:title leave it out."""
    last = None
    for child in heading.iterchildren():
        if isinstance(child.tag, str):
            last = child
    if last is None or (last.tail or "").strip():
        return None
    time = last if last.tag == "time" else next(last.iter("time"), None)
    if time is None:
        return None
    said = collapsed_text(last)
    if not said or collapsed_text(time) != said or len(said.split()) > MAX_DATE_WORDS:
        return None
    before = (heading.text or "").strip() or any(
        (s.text or "").strip() or (s.tail or "").strip() for s in last.itersiblings(preceding=True)
    )
    return last if before else None
