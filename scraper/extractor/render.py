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


@dataclass(slots=True)
class _State:
    parts: list[str]
    link_chars: int = 0
    in_link: int = 0
    in_pre: int = 0
    in_quote: int = 0
    list_stack: list[list[int]] | None = None  # [ordered?, counter] per open list
    kind: str = "p"
    cells_in_row: int = 0
    header_row: bool = False


class _Walker:
    """Accumulates inline text into the current line and flushes at block boundaries."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self.state = _State(parts=[], list_stack=[])

    def add_text(self, text: str | None) -> None:
        if not text:
            return
        self.state.parts.append(text)
        if self.state.in_link:
            self.state.link_chars += len(text.strip())

    def flush(self) -> None:
        state = self.state
        if not state.parts:
            state.kind = "p"
            return
        raw = "".join(state.parts)
        state.parts = []
        if state.in_pre and state.kind == "pre":
            text = raw.strip("\n").rstrip()
            if text.strip():
                self.lines.append(Line(text=text, kind="pre"))
        else:
            text = " ".join(raw.split())
            if text:
                self._append(text)
        state.link_chars = 0
        state.kind = "p"
        state.cells_in_row = 0
        state.header_row = False

    def _append(self, text: str) -> None:
        state = self.state
        stack = state.list_stack or []
        kind = state.kind
        if kind == "p" and state.in_quote:
            kind = "quote"
        ordinal = 0
        if kind == "li" and stack and stack[-1][0]:
            stack[-1][1] += 1
            ordinal = stack[-1][1]
        links = state.link_chars
        size = len(text)
        # (positional: the fields' order; a keyword call costs more, and this runs per line)
        self.lines.append(
            Line(
                text,
                kind,
                links if links < size else size,
                len(stack) - 1 if len(stack) > 1 else 0,
                ordinal,
                state.header_row,
            )
        )

    def start(self, el: HtmlElement, tag: str) -> None:
        state = self.state
        if tag in _BLOCK_TAGS:
            if state.parts:
                self.flush()
            else:  # what flush() does with nothing to write (most block edges): no call
                state.kind = "p"
            if tag in _HEADING_TAGS:
                state.kind = tag
            elif tag == "li":
                state.kind = "li"
            elif tag == "pre":
                state.in_pre += 1
                state.kind = "pre"
            elif tag == "blockquote":
                state.in_quote += 1
            elif tag in ("ul", "ol") and state.list_stack is not None:
                state.list_stack.append([tag == "ol", 0])
            elif tag == "tr":
                state.kind = "row"
        elif tag in _CELL_TAGS:
            if state.kind != "row":
                state.kind = "row"
            if state.cells_in_row:
                state.parts.append(CELL_SEPARATOR)
            state.cells_in_row += 1
            if tag == "th":
                state.header_row = True
        elif tag == "a":
            state.in_link += 1
        elif tag == "br":
            if state.in_pre:
                state.parts.append("\n")
            else:
                kind = state.kind
                self.flush()
                state.kind = kind if kind != "row" else "p"
        text = el.text
        if text:
            state.parts.append(text)
            if state.in_link:
                state.link_chars += len(text.strip())

    def end(self, el: HtmlElement, tag: str) -> None:
        state = self.state
        if tag in _BLOCK_TAGS:
            if state.parts:
                self.flush()
            else:
                state.kind = "p"
            if tag == "pre":
                state.in_pre = max(0, state.in_pre - 1)
            elif tag == "blockquote":
                state.in_quote = max(0, state.in_quote - 1)
            elif tag in ("ul", "ol") and state.list_stack:
                state.list_stack.pop()
        elif tag == "a":
            state.in_link = max(0, state.in_link - 1)
        text = el.tail
        if text:
            state.parts.append(text)
            if state.in_link:
                state.link_chars += len(text.strip())


def render_lines(
    elements: Iterable[HtmlElement],
    skip_tags: frozenset[str] = frozenset(),
    skip: Iterable[HtmlElement] = (),
) -> list[Line]:
    """Walk the elements in order and return their lines (tails of the roots excluded).

    ``skip_tags`` and the ``skip`` elements are left out, their tails kept.
    """
    walker = _Walker()
    skipped = set(skip)
    special = _SPECIAL_TAGS
    excluded = skip_tags | {PLACEHOLDER_TAG}
    start_block = walker.start
    end_block = walker.end
    # Most events are inline text of an ordinary tag: that path is spelled out here (no calls).
    for root in elements:
        state = walker.state
        events = etree.iterwalk(root, events=("start", "end"))
        for event, el in events:
            tag = el.tag
            if event == "start":
                if tag in special:
                    if tag in excluded or (skipped and el in skipped):
                        events.skip_subtree()
                    else:
                        start_block(el, tag)
                    continue
                if not isinstance(tag, str):
                    continue
                if tag in excluded or (skipped and el in skipped):
                    events.skip_subtree()
                    continue
                text = el.text
            elif el is root:
                if isinstance(tag, str):
                    walker.flush()
                continue
            elif tag in special and not (tag in excluded or (skipped and el in skipped)):
                end_block(el, tag)
                continue
            else:
                text = el.tail
            if text:
                state.parts.append(text)
                if state.in_link:
                    state.link_chars += len(text.strip())
        walker.flush()
        walker.state = _State(parts=[], list_stack=[])
    return walker.lines
