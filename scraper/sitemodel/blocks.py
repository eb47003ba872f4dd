"""A page as its text blocks: each block element with text of its own, where it sits, what it says.

A block's *place* is the chain of tag names and stable class names from ``<body>`` down to it
(``body/div.sidebar/ul/li``), so the same menu item on every page of a site has the same place
and text, while a post's paragraph has a place shared by all posts but a text of its own. The
pair's hash is the block's fingerprint: counted across a site's pages it tells template from
content.
"""

from __future__ import annotations

import functools
import re
import zlib

from lxml import etree
from lxml.html import HtmlElement

__all__ = [
    "BLOCK_TAGS",
    "Block",
    "clear_own_text",
    "own_text_as_written",
    "page_blocks",
    "place_classes",
    "step_of",
    "title_text",
]

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
_MAX_CACHED_CLASSES = 300  # characters of a class attribute whose step is remembered

# The walk in C (``_cblocks.own_texts``, built by setup.py; optional): the same elements, own
# texts and links as the Python walk below, which runs where it is not built (or built for
# another lxml: Cython's size check raises TypeError or ValueError, as for ``_cwalks``) or gives up.
try:
    from scraper.sitemodel._cblocks import own_texts as _compiled_own_texts
    from scraper.sitemodel._cblocks import placed_texts as _compiled_placed_texts
except (ImportError, TypeError, ValueError):  # pragma: no cover - the compiled walk is optional
    _compiled_own_texts = None
    _compiled_placed_texts = None


class Block:
    """One block element's own text (not its child blocks'), its place and its fingerprint.

    The place is worked out only when asked for (most blocks of a page never need it once the
    site's model is known: their text alone shows they are no template).
    """

    __slots__ = ("_place", "_places", "element", "links", "text", "text_key")

    def __init__(
        self,
        element: HtmlElement,
        text: str,
        links: tuple[tuple[str, str], ...],
        places: dict[HtmlElement, str],
        place: str | None = None,
    ) -> None:
        self.element = element
        self.text = text
        self.text_key = zlib.crc32(text.encode())  # a number: compared as one, set apart cheaply
        self.links = links  # (href, anchor text) of the links in its own text
        self._places = places
        self._place = place  # None: worked out when first asked for

    @property
    def all_links(self) -> bool:
        """Its text is (nearly) all link text: a menu item, a link list's entry."""
        return bool(self.links) and sum(len(t) for _, t in self.links) >= 0.9 * len(self.text)

    @property
    def link_heavy(self) -> bool:
        """At least half its text is link text: a line of links the extractor may drop."""
        return sum(len(t) for _, t in self.links) >= 0.5 * len(self.text)

    @property
    def place(self) -> str:
        if self._place is None:
            self._place = _place(self.element, self._places)
        return self._place

    def settle(self) -> None:
        """Work the place out now, while the element is still in its page's tree."""
        _ = self.place

    @property
    def fingerprint(self) -> str:
        """``<text hash>-<place hash>``: the text part alone rules most blocks out quickly."""
        return f"{self.text_key:08x}-{zlib.crc32(self.place.encode()):08x}"


def page_blocks(root: HtmlElement | None, *, placed: bool = False) -> list[Block]:
    """The page's blocks with text, in document order. ``placed``: each block's place worked
    out in the walk (in C), for a caller that asks nearly every block's place before it
    changes the tree (``refine.prepare``); else each place is worked out when first asked for."""
    if root is None:
        return []
    body = root.find("body")
    if body is None:
        body = root
    places: dict[HtmlElement, str] = {}
    if placed and _compiled_placed_texts is not None:
        walked_placed = _compiled_placed_texts(body, _step_for)
        if walked_placed is not None:
            return [
                Block(element, text, links, places, place)
                for element, text, links, place in walked_placed
            ]
    walked = _compiled_own_texts(body) if _compiled_own_texts is not None else None
    if walked is not None:
        return [Block(element, text, links, places) for element, text, links in walked]
    return _python_blocks(body, places)


def _python_blocks(body: HtmlElement, places: dict[HtmlElement, str]) -> list[Block]:
    """``page_blocks``' walk in Python (``_cblocks.own_texts`` reads the same in C)."""
    blocks: list[Block] = []
    for element in body.iter(*BLOCK_TAGS):
        if element.tag == "pre":  # code: one block, often thousands of highlighting spans
            own, links = _text(element), []
        else:
            own, links = _own_text(element)
        text = " ".join(own.split())
        if text:
            blocks.append(Block(element, text, tuple(links), places))
    return blocks


def _own_text(element: HtmlElement) -> tuple[str, list[tuple[str, str]]]:
    """A block's text without its child blocks', and the links in it."""
    if not len(element):  # no children (most paragraphs and list items): its text is all
        return element.text or "", []
    parts = [element.text or ""]
    links: list[tuple[str, str]] = []
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in BLOCK_TAGS and tag not in _NO_TEXT_TAGS:
            inline = _inline_text(child)
            parts.append(inline)
            if tag == "a":
                links.append((child.get("href") or "", " ".join(inline.split())))
            elif len(child):
                links += [
                    (a.get("href") or "", " ".join(_inline_text(a).split()))
                    for a in child.iter("a")
                ]
        if child.tail:
            parts.append(child.tail)
    return " ".join(parts), links


def own_text_as_written(element: HtmlElement) -> str:
    """A block's own text as the markup writes it: its white space and line breaks kept, a
    ``<br>`` a line break, and no space put between an inline element and the text after it
    (``Who reads <em>Marginal Revolution</em>?``), where ``Block.text`` joins them with one."""
    parts = [element.text or ""]
    for child in element:
        tag = child.tag
        if isinstance(tag, str) and tag not in BLOCK_TAGS and tag not in _NO_TEXT_TAGS:
            parts.append("\n" if tag == "br" else _inline_text(child))
        if child.tail:
            parts.append(child.tail)
    return "".join(parts)


def _inline_text(element: HtmlElement) -> str:
    """An inline element's text, without what an icon inside it says (``<svg><title>``)."""
    if not len(element):  # no children (most links and emphases): its text is all of it
        return element.text or ""
    if next(element.iter(*_NO_TEXT_TAGS), None) is None:
        return _text(element)
    parts = [element.text or ""]
    for child in element:
        if not isinstance(child.tag, str) or child.tag not in _NO_TEXT_TAGS:
            parts.append(_inline_text(child) if isinstance(child.tag, str) else "")
        parts.append(child.tail or "")
    return "".join(parts)


def _text(element: HtmlElement) -> str:
    """All text inside an element (not its tail), by lxml's C serialiser."""
    return etree.tostring(element, method="text", encoding=str, with_tail=False)


def _place(element: HtmlElement, cache: dict[HtmlElement, str]) -> str:
    """The element's place, from the nearest ancestor whose place is known (no recursion: a
    hostile page may nest thousands deep)."""
    parent = element.getparent()
    known = cache.get(parent) if element.tag != "body" else None
    if known is not None:  # most blocks: their parent's place is known (document order)
        place = cache[element] = f"{known}/{step_of(element)}" if known else step_of(element)
        return place
    chain: list[HtmlElement] = []
    node: HtmlElement | None = element
    while node is not None and node not in cache:
        chain.append(node)
        if node.tag == "body":
            break
        node = node.getparent()
    place = cache.get(node, "") if node is not None and node not in chain else ""
    for step in reversed(chain):
        place = f"{place}/{step_of(step)}" if place else step_of(step)
        cache[step] = place
    return cache[element]


def step_of(element: HtmlElement) -> str:
    """The last step of a place: the tag and its stable class names (``p.byline``). ``<body>``'s
    classes name the kind of page (``post-template``, ``tag-template``, ``single``), not a place:
    a site's menu sits at one place on its posts and on its tag pages."""
    if element.tag == "body":
        return "body"
    class_attribute = element.get("class") or ""
    if len(class_attribute) > _MAX_CACHED_CLASSES:  # a hostile page's: not kept
        return _step.__wrapped__(element.tag, class_attribute)
    return _step(element.tag, class_attribute)


def _step_for(tag: str, class_attribute: str | None) -> str:
    """``step_of`` from an element's tag and class attribute (the C walk reads them)."""
    if tag == "body":
        return "body"
    if class_attribute is None:
        class_attribute = ""
    if len(class_attribute) > _MAX_CACHED_CLASSES:  # a hostile page's: not kept
        return _step.__wrapped__(tag, class_attribute)
    return _step(tag, class_attribute)


@functools.lru_cache(maxsize=4096)
def _step(tag: str, class_attribute: str) -> str:
    """Cached: a site's pages repeat the same few tag and class pairs on every page. A BEM
    modifier beside its own base class (``blog-post__header blog-post__header--solid``) is one
    page's styling of the same place, as a class with digits is, and is left out too."""
    classes = sorted(_kept_classes(class_attribute))
    return tag + "." + ".".join(classes[:MAX_CLASSES]) if classes else tag


def place_classes(element: HtmlElement) -> frozenset[str]:
    """All the classes a place step may keep of an element, before ``MAX_CLASSES`` cuts them
    to the first few: what two steps of one element in two styles have in common."""
    return frozenset(_kept_classes(element.get("class") or ""))


def _kept_classes(class_attribute: str) -> list[str]:
    """The classes of a place step: none with a digit, no BEM modifier beside its base."""
    given = class_attribute.split()
    return [c for c in given if not _VOLATILE_CLASS_RE.search(c) and not _is_bem_modifier(c, given)]


def _is_bem_modifier(name: str, classes: list[str]) -> bool:
    """ "card--wide" beside "card": the modifier of a class the element also has."""
    base, mark, modifier = name.partition("--")
    return bool(mark and base and modifier) and base in classes


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
    found = root.find("head/title")
    if found is None:
        found = root.find(".//title")
    if found is None:
        return None
    return " ".join(_text(found).split()) or None
