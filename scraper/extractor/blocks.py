"""Cut the whole page into blocks (rendered lines) and record where each one sits in the DOM.

One walk over the page, like ``render.render_lines``, that also keeps a stack of the open
elements: for every line it remembers its innermost block element's context (tag and class/id
signals of the element and of all its ancestors, depth, and running totals of text and link
characters per element), which the block model turns into features.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.prune import (
    _RAW_VERDICTS,
    _ROLE_NAMES,
    PLACEHOLDER_TAG,
    WALKS_TAKE_ROLES,
    is_hidden,
    memo_without_digits,
    words_verdict,
)
from scraper.extractor.render import (
    ACTIONS,
    CELL,
    CELL_SEPARATOR,
    CODES,
    HEADING,
    ITEM,
    LINK,
    LIST,
    PRE,
    QUOTE,
    ROW,
    Line,
)

# The compiled walk (built from _cwalks.pyx by setup.py; optional). Not built, or built for
# another lxml: the Python walk below runs (same lines and contexts).
try:
    from scraper.extractor._cwalks import block_walk as _compiled_walk
    from scraper.extractor._cwalks import context_bits as _compiled_bits
except (ImportError, TypeError, ValueError):
    _compiled_walk = _compiled_bits = None
try:
    from scraper.extractor._cwalks import FirstWords as _FirstWords
    from scraper.extractor._cwalks import first_match_bits as _first_match_bits
except (ImportError, TypeError, ValueError):
    _FirstWords = _first_match_bits = None
try:
    from scraper.extractor._cwalks import raw_first_match_bits as _raw_first_match_bits
except (ImportError, TypeError, ValueError):
    _raw_first_match_bits = None

# ``page_blocks`` walks in C (``_cwalks.block_walk``) when it is built: same blocks, less CPU.
COMPILED_BLOCKS = True
# ``read_bits`` fills the contexts' signals in C (``_cwalks.context_bits``): the same bits.
COMPILED_BITS = True
# ... and there reads an element with only a class and/or id without ``element_bits``: its
# tag's bit and its string's bits from ``_ATTR_BITS`` (the same bits).
COMPILED_CLASS_ID = True
# ... and an element whose style, hidden, aria-hidden, role and itemprop attributes set none of
# ``element_bits``' bits (read in C, ``_cwalks._quiet_attention``) likewise.
COMPILED_ATTENTION = True
# A cold class/id string's word groups read in C (``_cwalks.first_match_bits``): the words
# ``findall`` of the group pattern finds, without the regex engine. The same bits.
COMPILED_GROUPS = True
# ... and an ASCII raw string's digits dropped and letters lowered in the same call
# (``_cwalks.raw_first_match_bits``), without the memo's frames: the same bits.
COMPILED_RAW_GROUPS = True
# ... and ``context_bits`` reads a class/id string missing from ``_ATTR_BITS`` in C (the scan's
# verdict memo, ``raw_first_match_bits``) where it can, without ``attr_bits``' frame.
COMPILED_MISSED_BITS = True

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
    """One open (non-inline) element: its signals, and totals of the lines rendered inside it.

    The signals (``own``, ``inherited``) are read from the element when first asked for: only
    the contexts that hold lines, and their ancestors, need them (about two in three)."""

    __slots__ = (
        "_inherited",
        "_own",
        "chars",
        "children",
        "depth",
        "element",
        "lines",
        "links",
        "parent",
        "signature",
    )

    def __init__(
        self,
        element: HtmlElement | None,
        parent: Context | None,
        depth: int,
        signature: str = "",
    ) -> None:
        self.element = element
        self._own = -1  # not read yet
        self._inherited = -1
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

    @property
    def own(self) -> int:
        """The signals the element carries by itself (``element_bits``)."""
        own = self._own
        if own < 0:
            el = self.element
            own = self._own = 0 if el is None else element_bits(el, el.tag)
        return own

    @property
    def inherited(self) -> int:
        """The signals of the element and all its ancestors."""
        if self._inherited >= 0:
            return self._inherited
        chain = []  # up to the nearest ancestor already known (no recursion: deep pages)
        node: Context | None = self
        while node is not None and node._inherited < 0:
            chain.append(node)
            node = node.parent
        bits = node._inherited if node is not None else 0
        for node in reversed(chain):
            bits |= node.own
            node._inherited = bits
        return bits

    def repeats(self) -> int:
        """How many siblings (itself included) share this element's tag and class: posts,
        items and cards repeat, one-off layout boxes do not."""
        parent = self.parent
        if parent is None or parent.children is None:
            return 1
        return parent.children.get(self.signature, 1)


def read_bits(contexts: list[Context]) -> None:
    """Read the signals (``own``, ``inherited``) of every context in ``contexts`` now, as the
    properties would on first use: the model reads them for every line's context, so the
    lazy properties' Python frames (a chain walk per context) are spared in one C loop."""
    if COMPILED_BITS and _compiled_bits is not None:
        if COMPILED_CLASS_ID and not WALKS_TAKE_ROLES:  # a build from before round twenty
            _compiled_bits(contexts, TAG_BITS, element_bits, _ATTR_BITS, attr_bits)
        elif COMPILED_CLASS_ID:
            roles = _ROLE_NAMES if COMPILED_ATTENTION else None
            fast = (
                (_RAW_VERDICTS, VERDICT_BITS, _GROUP_TABLE, _CACHE_MAX)
                if COMPILED_MISSED_BITS
                and COMPILED_RAW_GROUPS
                and COMPILED_GROUPS
                and _raw_first_match_bits is not None
                and _GROUP_TABLE is not None
                else None
            )
            _compiled_bits(contexts, TAG_BITS, element_bits, _ATTR_BITS, attr_bits, roles, fast)
        else:
            _compiled_bits(contexts, TAG_BITS, element_bits)
        return
    for context in contexts:
        context.inherited  # noqa: B018 (the property fills the context and its ancestors)


@dataclass(slots=True)
class PageBlocks:
    """The page's lines in document order and, for each, the context it was rendered in."""

    lines: list[Line]
    contexts: list[Context]


_CACHE_MAX = 50_000
# ``page_blocks``'s end codes: an element's action, or none, and whether it opened a context.
_ACTION_MASK = 15
_NO_ACTION = 15
_OPENS_CONTEXT = 16
_TOP = -1
_ATTR_BITS: dict[str, int] = {}
_GROUP_BITS: dict[str, int] = {}


def attr_bits(words: str) -> int:
    """Class/id signals of one raw class/id string, as bits (cached: themes repeat them).

    ``words`` is spelled as the boilerplate scan spells it (the class, the id, or "class id"),
    so the verdict is the scan's cached one: a cold class string costs its regexes once."""
    bits = _ATTR_BITS.get(words)
    if bits is None:
        verdict = _RAW_VERDICTS.get(words)  # (the scan judged nearly every string already)
        if verdict is None:
            verdict = words_verdict(words)
        bits = 1 << VERDICT_BITS[verdict] if verdict in VERDICT_BITS else 0
        groups = (
            _raw_first_match_bits(_GROUP_TABLE, words)
            if COMPILED_RAW_GROUPS and COMPILED_GROUPS and _raw_first_match_bits is not None
            else -1
        )  # -1: not ASCII, or not built (the memo and ``_group_bits``)
        if groups < 0:
            groups = _GROUP_BITS.get(words)
            if groups is None:
                groups = memo_without_digits(_GROUP_BITS, words, _group_bits)
        bits |= groups
        if len(_ATTR_BITS) >= _CACHE_MAX:
            _ATTR_BITS.clear()
        _ATTR_BITS[words] = bits
    return bits


def _group_words() -> tuple[re.Pattern[str], dict[str, int]]:
    """``vocab.MODEL_ATTR_RE``'s words in one alternation grouped by first letter, and each
    word's group (the first group that lists it).

    The same matches: two words can only compete at one position when they share their first
    letter, and those keep their order (an earlier word still wins, "ad" before "ads"), so
    ``finditer`` finds the same words; the group is then read from the word. The grouped
    alternation skips most words by their first letter: 7 -> 2 us a cold class string.
    """
    group_of: dict[str, int] = {}
    for index, words in enumerate(vocab.MODEL_ATTR_GROUPS):
        for word in words.split("|"):
            if not _LITERAL_WORD_RE.fullmatch(word):
                raise ValueError(f"model attribute word {word!r} is not a plain word")
            group_of.setdefault(word, index)
    pattern = vocab.by_first_letter("|".join(group_of))
    return re.compile(r"(?<![a-z])(?:" + pattern + ")"), group_of


_LITERAL_WORD_RE = re.compile(r"[a-z][a-z-]+")
_GROUP_WORD_RE, _WORD_GROUP = _group_words()
# the group words in the pattern's order (``group_of``'s), each with its group's bit
_GROUP_TABLE = (
    None
    if _FirstWords is None
    else _FirstWords([(word, 1 << (GROUP_BASE + group)) for word, group in _WORD_GROUP.items()])
)


@lru_cache(maxsize=16384)
def _group_bits(words: str) -> int:
    lowered = words.lower()
    if COMPILED_GROUPS and _GROUP_TABLE is not None:
        found = _first_match_bits(_GROUP_TABLE, lowered)
        if found >= 0:  # -1: not one byte a character (the regex reads it)
            return found
    bits = 0
    group_of = _WORD_GROUP
    for word in _GROUP_WORD_RE.findall(lowered):
        bits |= 1 << (GROUP_BASE + group_of[word])
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
    """Render the whole ``<body>`` (or ``root``) into lines, each with its context.

    The lines are ``render.render_lines``'s, walked the same way (its state in local variables:
    this walk visits every element of most pages); each line gets the innermost open context
    and adds to its and two ancestors' totals.
    """
    body = root.find("body")
    top = body if body is not None else root
    excluded = skip_tags | {PLACEHOLDER_TAG}
    if COMPILED_BLOCKS and _compiled_walk is not None:
        walked = _compiled_walk(
            top,
            Context(top, None, 0),
            excluded,
            ACTIONS,
            _INLINE_TAGS,
            Line,
            Context,
            CODES,
            CELL_SEPARATOR,
        )
        if walked is not None:  # None: a namespaced tag or an entity reference (Python walks)
            return PageBlocks(lines=walked[0], contexts=walked[1])
    lines: list[Line] = []
    contexts: list[Context] = []
    stack = [Context(top, None, 0)]
    parts: list[str] = []
    link_chars = in_link = in_pre = in_quote = cells_in_row = 0
    lists: list[list[int]] = []  # [ordered?, counter] per open list
    kind = "p"
    header_row = False

    def flush() -> None:
        """End the current line (as ``render_lines`` does) and give it the innermost context."""
        nonlocal link_chars, kind, cells_in_row, header_row
        if not parts:
            kind = "p"
            return
        raw = "".join(parts)
        parts.clear()
        line = None
        if in_pre and kind == "pre":
            text = raw.strip("\n").rstrip()
            if text.strip():
                line = Line(text, "pre")
        else:
            text = " ".join(raw.split())
            if text:
                line_kind = "quote" if kind == "p" and in_quote else kind
                ordinal = 0
                if line_kind == "li" and lists and lists[-1][0]:
                    lists[-1][1] += 1
                    ordinal = lists[-1][1]
                size = len(text)
                line = Line(
                    text,
                    line_kind,
                    link_chars if link_chars < size else size,
                    len(lists) - 1 if len(lists) > 1 else 0,
                    ordinal,
                    header_row,
                )
        if line is not None:
            lines.append(line)
            context = stack[-1]
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
        link_chars = 0
        kind = "p"
        cells_in_row = 0
        header_row = False

    actions = ACTIONS.get
    inline = _INLINE_TAGS
    new_context = object.__new__
    events = etree.iterwalk(top, events=("start", "end"))
    next(events)  # ``top``'s own start: its text and tail are not read
    # What each open element's end event does, pushed at its start (no second read of its tag
    # and no look-ups at the end): its action (``_NO_ACTION`` for none), plus ``_OPENS_CONTEXT``
    # when it opened a context; ``_TOP`` ends the walk.
    ends = [_TOP]
    push_end = ends.append
    pop_end = ends.pop
    for event, el in events:
        if event == "start":
            tag = el.tag
            if tag.__class__ is not str:  # a comment or processing instruction: its tail only
                push_end(_NO_ACTION)
                continue
            if tag in excluded:
                events.skip_subtree()
                push_end(_NO_ACTION)
                continue
            action = actions(tag)
            if action is None:
                pass
            elif action <= ROW:  # a block tag
                if not parts:
                    kind = "p"
                elif len(parts) == 1 and parts[0].isspace():  # indentation between blocks: no line
                    parts.clear()
                    link_chars = cells_in_row = 0
                    kind = "p"
                    header_row = False
                else:
                    flush()
                if action == HEADING:
                    kind = tag
                elif action == ITEM:
                    kind = "li"
                elif action == PRE:
                    in_pre += 1
                    kind = "pre"
                elif action == QUOTE:
                    in_quote += 1
                elif action == LIST:
                    lists.append([tag == "ol", 0])
                elif action == ROW:
                    kind = "row"
            elif action == CELL:
                if kind != "row":
                    kind = "row"
                if cells_in_row:
                    parts.append(CELL_SEPARATOR)
                cells_in_row += 1
                if tag == "th":
                    header_row = True
            elif action == LINK:
                in_link += 1
            elif in_pre:  # <br> in preformatted text
                parts.append("\n")
            else:  # <br> ends the line; a row's next line is a paragraph
                was = kind
                flush()
                kind = was if was != "row" else "p"
            text = el.text
            if text:
                parts.append(text)
                if in_link:
                    link_chars += len(text.strip())
            end = _NO_ACTION if action is None else action
            if tag not in inline:
                # ``Context(el, parent, parent.depth + 1, signature)`` spelled out: a class
                # call costs ~0.3 us more than the slot stores, on every non-inline element
                parent = stack[-1]
                signature = f"{tag} {el.get('class') or ''}"
                context = new_context(Context)
                context.element = el
                context._own = context._inherited = -1
                context.parent = parent
                context.depth = parent.depth + 1
                context.chars = context.links = context.lines = 0
                context.signature = signature
                context.children = None
                counts = parent.children
                if counts is None:
                    parent.children = {signature: 1}
                else:
                    counts[signature] = counts.get(signature, 0) + 1
                stack.append(context)
                end |= _OPENS_CONTEXT
            push_end(end)
            continue
        end = pop_end()
        if end == _TOP:
            break
        action = end & _ACTION_MASK
        if action == _NO_ACTION:
            pass
        elif action <= ROW:
            if not parts:
                kind = "p"
            elif len(parts) == 1 and parts[0].isspace():  # indentation between blocks: no line
                parts.clear()
                link_chars = cells_in_row = 0
                kind = "p"
                header_row = False
            else:
                flush()
            if action == PRE:
                in_pre = max(0, in_pre - 1)
            elif action == QUOTE:
                in_quote = max(0, in_quote - 1)
            elif action == LIST and lists:
                lists.pop()
        elif action == LINK:
            in_link = max(0, in_link - 1)
        text = el.tail
        if text:
            parts.append(text)
            if in_link:
                link_chars += len(text.strip())
        if end & _OPENS_CONTEXT:
            stack.pop()
    flush()
    return PageBlocks(lines=lines, contexts=contexts)


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
