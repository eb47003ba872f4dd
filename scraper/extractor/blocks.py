"""Cut the whole page into blocks (rendered lines) and record where each one sits in the DOM.

One walk over the page, like ``render.render_lines``, that also keeps a stack of the open
elements: for every line it remembers its innermost block element's context (tag and class/id
signals of the element and of all its ancestors, depth, and running totals of text and link
characters per element), which the block model turns into features.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.prune import PLACEHOLDER_TAG, is_hidden, memo_without_digits, words_verdict
from scraper.extractor.render import _SPECIAL_TAGS, Line, _State, _Walker

# Inline elements open no context of their own: their text belongs to the enclosing block.
_INLINE_TAGS = frozenset(
    {
        "a",
        "b",
        "i",
        "em",
        "strong",
        "small",
        "abbr",
        "time",
        "sup",
        "sub",
        "u",
        "mark",
        "img",
        "br",
        "code",
        "cite",
        "q",
        "s",
        "del",
        "ins",
        "wbr",
        "kbd",
        "var",
        "bdi",
        "bdo",
    }
)

# Tag signals, one bit each (the class/id groups of ``vocab.MODEL_ATTR_GROUPS`` follow them).
TAG_BITS: dict[str, int] = {
    "main": 0,
    "article": 1,
    "header": 2,
    "form": 3,
    "table": 4,
    "ul": 5,
    "ol": 5,
    "li": 6,
    "section": 7,
    "blockquote": 8,
    "h1": 9,
    "h2": 9,
    "h3": 9,
    "dl": 10,
    "figure": 11,
    "pre": 12,
}
HIDDEN_BIT = 13
ROLE_BIT = 14  # a boilerplate ARIA role
ARTICLE_BODY_BIT = 15  # itemprop=articleBody / text
VERDICT_BITS = {1: 16, 2: 17, 3: 17, 4: 18, 5: 19}  # COMMENTS, HARD(_UNLESS_PROSE), SOFT, STRONG
GROUP_BASE = 20
N_BITS = GROUP_BASE + len(vocab.MODEL_ATTR_GROUPS)


class Context:
    """One open (non-inline) element: its signals, and totals of the lines rendered inside it."""

    __slots__ = (
        "chars",
        "children",
        "depth",
        "element",
        "inherited",
        "lines",
        "links",
        "own",
        "parent",
        "signature",
    )

    def __init__(
        self,
        element: HtmlElement | None,
        own: int,
        parent: Context | None,
        depth: int,
        signature: str = "",
    ) -> None:
        self.element = element
        self.own = own
        self.inherited = own | (parent.inherited if parent is not None else 0)
        self.parent = parent
        self.depth = depth
        self.chars = 0
        self.links = 0
        self.lines = 0
        self.signature = signature
        self.children: dict[str, int] | None = None  # child signatures -> how many
        if parent is not None:
            counts = parent.children
            if counts is None:
                parent.children = {signature: 1}
            else:
                counts[signature] = counts.get(signature, 0) + 1

    def repeats(self) -> int:
        """How many siblings (itself included) share this element's tag and class: posts,
        items and cards repeat, one-off layout boxes do not."""
        parent = self.parent
        if parent is None or parent.children is None:
            return 1
        return parent.children.get(self.signature, 1)


@dataclass(slots=True)
class PageBlocks:
    """The page's lines in document order and, for each, the context it was rendered in."""

    lines: list[Line]
    contexts: list[Context]


_CACHE_MAX = 50_000
_ATTR_BITS: dict[str, int] = {}
_GROUP_BITS: dict[str, int] = {}


def attr_bits(words: str) -> int:
    """Class/id signals of one raw class/id string, as bits (cached: themes repeat them).

    ``words`` is spelled as the boilerplate scan spells it (the class, the id, or "class id"),
    so the verdict is the scan's cached one: a cold class string costs its regexes once."""
    bits = _ATTR_BITS.get(words)
    if bits is None:
        verdict = words_verdict(words)
        bits = 1 << VERDICT_BITS[verdict] if verdict in VERDICT_BITS else 0
        groups = _GROUP_BITS.get(words)
        if groups is None:
            groups = memo_without_digits(_GROUP_BITS, words, _group_bits)
        bits |= groups
        if len(_ATTR_BITS) >= _CACHE_MAX:
            _ATTR_BITS.clear()
        _ATTR_BITS[words] = bits
    return bits


@lru_cache(maxsize=16384)
def _group_bits(words: str) -> int:
    bits = 0
    for match in vocab.MODEL_ATTR_RE.finditer(words.lower()):
        bits |= 1 << (GROUP_BASE + int(match.lastgroup[1:]))  # type: ignore[index]
    return bits


def element_bits(el: HtmlElement, tag: str) -> int:
    """The signals one element carries by itself: its tag, attributes and class/id words."""
    bit = TAG_BITS.get(tag)
    bits = 0 if bit is None else 1 << bit
    items = el.items()  # one call: names and values together (most elements have none)
    if not items:
        return bits
    cls = ident = None
    for name, value in items:
        if name == "class":
            cls = value
        elif name == "id":
            ident = value
    if cls is not None:
        bits |= attr_bits(cls if ident is None else f"{cls} {ident}")
    elif ident is not None:
        bits |= attr_bits(ident)
    if len(items) > 1 or (cls is None and ident is None):
        if is_hidden(el):
            bits |= 1 << HIDDEN_BIT
        role = el.get("role")
        if role and role.lower() in vocab.BOILERPLATE_ROLES:
            bits |= 1 << ROLE_BIT
        if el.get("itemprop") in ("articleBody", "text"):
            bits |= 1 << ARTICLE_BODY_BIT
    return bits


def page_blocks(root: HtmlElement, skip_tags: frozenset[str] = frozenset()) -> PageBlocks:
    """Render the whole ``<body>`` (or ``root``) into lines, each with its context."""
    body = root.find("body")
    top = body if body is not None else root
    walker = _Walker()
    lines = walker.lines
    contexts: list[Context] = []
    stack = [Context(top, element_bits(top, top.tag), None, 0)]
    special = _SPECIAL_TAGS
    inline = _INLINE_TAGS
    add_text = walker.add_text
    events = etree.iterwalk(top, events=("start", "end"))
    for event, el in events:
        tag = el.tag
        if el is top:
            continue
        if not isinstance(tag, str):
            if event == "end":
                add_text(el.tail)
            continue
        left_out = tag == PLACEHOLDER_TAG or tag in skip_tags
        if event == "start":
            if left_out:
                events.skip_subtree()
                continue
            if tag in special:
                walker.start(el, tag)
            else:
                add_text(el.text)
            if len(lines) > len(contexts):
                _assign(lines, contexts, stack[-1])
            if tag not in inline:
                parent = stack[-1]
                signature = f"{tag} {el.get('class') or ''}"
                stack.append(
                    Context(el, element_bits(el, tag), parent, parent.depth + 1, signature)
                )
        else:
            if left_out:
                add_text(el.tail)
                continue
            if tag in special:
                walker.end(el, tag)
            else:
                add_text(el.tail)
            if len(lines) > len(contexts):
                _assign(lines, contexts, stack[-1])
            if tag not in inline and len(stack) > 1:
                stack.pop()
    walker.flush()
    if len(lines) > len(contexts):
        _assign(lines, contexts, stack[-1])
    walker.state = _State(parts=[], list_stack=[])
    return PageBlocks(lines=lines, contexts=contexts)


def _assign(lines: list[Line], contexts: list[Context], context: Context) -> None:
    """Give the new lines their context and add them to the totals of it and two ancestors."""
    for line in lines[len(contexts) :]:
        contexts.append(context)
        size = len(line.text)
        links = line.link_chars
        node: Context | None = context
        for _ in range(3):
            if node is None:
                break
            node.chars += size
            node.links += links
            node.lines += 1
            node = node.parent


def css_path(el: HtmlElement | None, cache: dict[HtmlElement, str] | None = None) -> str:
    """A CSS-like path from <body> down: ``body > div#main > article > p:nth-of-type(3)``."""
    if el is None:
        return ""
    cache = {} if cache is None else cache
    known = cache.get(el)
    if known is not None:
        return known
    parent = el.getparent()
    step = _css_step(el, parent)
    if parent is None or el.tag == "body":
        path = step
    else:
        above = css_path(parent, cache)
        path = f"{above} > {step}" if above and parent.tag != "html" else step
    cache[el] = path
    return path


def _css_step(el: HtmlElement, parent: HtmlElement | None) -> str:
    tag = el.tag if isinstance(el.tag, str) else "node"
    ident = (el.get("id") or "").strip()
    if ident and " " not in ident:
        return f"{tag}#{ident}"
    classes = (el.get("class") or "").split()
    step = tag + (f".{classes[0]}" if classes else "")
    if parent is not None:
        same = [sibling for sibling in parent if sibling.tag == el.tag]
        if len(same) > 1:
            step += f":nth-of-type({same.index(el) + 1})"
    return step
