"""Turn the chosen body elements into lines: one paragraph, heading, list item or row a line.

One iterative walk (lxml's ``iterwalk``, no recursion) records each line's text, its kind
(heading, list item, quote, code, table row) and how much of it is link text, so that the
cleaner can drop link lists and the Markdown renderer can restore structure.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import vocab
from scraper.extractor.prune import PLACEHOLDER_TAG

# The compiled walk (built from _cwalks.pyx by setup.py; optional). Not built, or built for
# another lxml: the Python walk below runs (same lines).
try:
    from scraper.extractor._cwalks import render_walk as _compiled_walk
except (ImportError, TypeError, ValueError):
    _compiled_walk = None

# ``render_lines`` walks in C (``_cwalks.render_walk``) when it is built: same lines, less CPU.
COMPILED_RENDER = True

_CELL_TAGS = frozenset({"td", "th"})
# Between table cells inside one row line: not whitespace, so normalisation keeps it.
CELL_SEPARATOR = " \ue000 "
# Tags the walker treats specially; any other tag only adds its text and tail (inlined below).
_SPECIAL_TAGS = vocab.BLOCK_TAGS | _CELL_TAGS | {"a", "br"}
_BLOCK_TAGS = vocab.BLOCK_TAGS
_HEADING_TAGS = vocab.HEADING_TAGS


@dataclass(slots=True)
class Line:
    """One rendered block of text and what it was in the page."""

    text: str
    kind: str = "p"  # p, h1..h6, li, quote, pre, row
    link_chars: int = 0
    depth: int = 0  # list nesting depth, for Markdown
    ordinal: int = 0  # position in an ordered list, 0 when unordered
    header_row: bool = False

    @property
    def link_density(self) -> float:
        return self.link_chars / len(self.text) if self.text else 0.0


# What the walkers do at a tag they treat specially (any other tag only adds its text and
# tail): one dict look-up instead of a chain of set tests per event (``blocks.page_blocks``
# walks the same way, and also records each line's context).
BLOCK, HEADING, ITEM, PRE, QUOTE, LIST, ROW, CELL, LINK, BREAK = range(10)
ACTIONS: dict[str, int] = {tag: BLOCK for tag in _BLOCK_TAGS}
ACTIONS.update({tag: HEADING for tag in _HEADING_TAGS})
ACTIONS.update({"li": ITEM, "pre": PRE, "blockquote": QUOTE, "ul": LIST, "ol": LIST})
ACTIONS.update({"tr": ROW, "td": CELL, "th": CELL, "a": LINK, "br": BREAK})
# the action codes, in the order ``_cwalks`` reads them
CODES = (HEADING, ITEM, PRE, QUOTE, LIST, ROW, CELL, LINK)


def render_lines(
    elements: Iterable[HtmlElement],
    skip_tags: frozenset[str] = frozenset(),
    skip: Iterable[HtmlElement] = (),
) -> list[Line]:
    """Walk the elements in order and return their lines (tails of the roots excluded).

    ``skip_tags`` and the ``skip`` elements are left out, their tails kept. The text of inline
    elements gathers into the current line; a block tag, a cell or ``<br>`` ends it. The
    walk's state lives in local variables: most events are a tag's text or tail.
    """
    lines: list[Line] = []
    skipped = set(skip)
    excluded = skip_tags | {PLACEHOLDER_TAG}
    if COMPILED_RENDER and _compiled_walk is not None and not skipped:
        elements = list(elements)
        for root in elements:
            found = _compiled_walk(root, excluded, ACTIONS, Line, CODES, CELL_SEPARATOR)
            if found is None:  # a namespaced tag or an entity reference: the Python walk
                lines.clear()
                break
            lines.extend(found)
        else:
            return lines
    actions = ACTIONS.get
    parts: list[str] = []
    link_chars = in_link = in_pre = in_quote = cells_in_row = 0
    lists: list[list[int]] = []  # [ordered?, counter] per open list
    kind = "p"
    header_row = False

    def flush() -> None:
        """End the current line: whitespace collapsed (kept in ``<pre>``), kind and links."""
        nonlocal link_chars, kind, cells_in_row, header_row
        if not parts:
            kind = "p"
            return
        raw = "".join(parts)
        parts.clear()
        if in_pre and kind == "pre":
            text = raw.strip("\n").rstrip()
            if text.strip():
                lines.append(Line(text, "pre"))
        else:
            text = " ".join(raw.split())
            if text:
                line_kind = "quote" if kind == "p" and in_quote else kind
                ordinal = 0
                if line_kind == "li" and lists and lists[-1][0]:
                    lists[-1][1] += 1
                    ordinal = lists[-1][1]
                size = len(text)
                # (positional: the fields' order; a keyword call costs more, and this runs per line)
                lines.append(
                    Line(
                        text,
                        line_kind,
                        link_chars if link_chars < size else size,
                        len(lists) - 1 if len(lists) > 1 else 0,
                        ordinal,
                        header_row,
                    )
                )
        link_chars = 0
        kind = "p"
        cells_in_row = 0
        header_row = False

    for root in elements:
        events = etree.iterwalk(root, events=("start", "end"))
        for event, el in events:
            tag = el.tag
            if event == "start":
                if tag.__class__ is not str:
                    continue  # a comment or processing instruction
                if tag in excluded or (skipped and el in skipped):
                    events.skip_subtree()
                    continue
                action = actions(tag)
                if action is None:
                    pass
                elif action <= ROW:  # a block tag
                    if not parts:
                        kind = "p"
                    elif len(parts) == 1 and parts[0].isspace():  # indentation: no line
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
            elif el is root:
                if tag.__class__ is str:
                    flush()
                continue
            else:
                if (
                    tag.__class__ is str
                    and tag not in excluded
                    and not (skipped and el in skipped)
                    and (action := actions(tag)) is not None
                ):
                    if action <= ROW:
                        if not parts:
                            kind = "p"
                        elif len(parts) == 1 and parts[0].isspace():
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
        flush()
        parts.clear()  # each root starts afresh
        link_chars = in_link = in_pre = in_quote = cells_in_row = 0
        lists.clear()
        kind = "p"
        header_row = False
    return lines
