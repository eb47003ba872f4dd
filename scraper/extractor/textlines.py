"""Text dump -> blocks: undo a text renderer's layout before anything is judged.

lynx, w3m and links wrap paragraphs at about 80 columns, indent and bullet list items, mark
links with ``[12]`` and may append a numbered link list; browser copies and WET records keep one
paragraph per line. This module rebuilds the paragraphs: a wrapped line is joined to the next
when the next line's first word would not have fitted on it (the renderer broke it, not the
author), a bullet or number starts a new item, a blank line ends a block. Link markers and
form controls are counted (they are evidence of navigation) and removed from the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Block", "split_blocks", "strip_link_list"]

# lynx/links list bullets (*, +, o, #, -) and w3m's Unicode ones; numbered items "1." "12)".
_BULLET_RE = re.compile(r"^(?:[*+o#•◦▪▫●○■□☆★·‣⁃–-]|\d{1,3}[.)])\s+(?=\S)")
_LINK_MARK_RE = re.compile(r"\[(\d{1,4})\]")
# Form controls as lynx and w3m draw them: text fields, buttons, check boxes, images.
_FORM_RE = re.compile(
    r"_{6,}|\[\s{6,}\]|\((?:BUTTON|Submit|submit)\)|\[(?:IMG|INLINE|LINK|BUTTON|X| )\]|"
    r"\[(?:Go|Search|Submit|Subscribe|Sign up|Send)\]"
)
_LIST_HEADING_RE = re.compile(r"^\s*(?:References|Visible links:?|Hidden links:?|Links:)\s*$")
_LIST_ENTRY_RE = re.compile(r"^\s*\d{1,5}\.\s+(?:[a-z][a-z0-9+.-]*:|/|#)\S*\s*$", re.IGNORECASE)
_UNWRAPPED_SHARE = 0.05  # more lines than this past 110 columns: the text was never wrapped
_UNWRAPPED_WIDTH = 110


@dataclass(slots=True)
class Block:
    """One rebuilt paragraph or list item, with the layout facts the classifier reads."""

    text: str
    line: int  # index of its first line in the dump
    lines: int  # how many dump lines it spans
    indent: int
    bullet: bool
    links: int  # lynx [n] link markers inside it
    forms: int  # form controls drawn inside it
    group: int  # blank-line-separated group it belongs to
    gap_before: bool  # a blank line (or more) precedes it


def strip_link_list(text: str) -> str:
    """Cut lynx's trailing "References" / "Visible links" list (numbered URLs) off a dump."""
    lines = text.split("\n")
    for index in range(len(lines) - 1, -1, -1):
        if not _LIST_HEADING_RE.match(lines[index]):
            continue
        tail = [line for line in lines[index + 1 :] if line.strip()]
        entries = sum(1 for line in tail if _LIST_ENTRY_RE.match(line))
        if tail and entries >= 0.8 * len(tail):
            return "\n".join(lines[:index])
    return text


def _normalise(text: str) -> list[str]:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", "    ")
    text = text.replace("\u00ad", "").replace("\ufeff", "").replace("\u200b", "")
    return [line.rstrip() for line in text.split("\n")]


def _wrap_width(lines: list[str]) -> int:
    """The column the renderer wrapped at, or 0 when the dump has one paragraph per line."""
    lengths = sorted(len(line) for line in lines if line.strip())
    if not lengths:
        return 0
    long_lines = sum(1 for n in lengths if n > _UNWRAPPED_WIDTH)
    if long_lines > _UNWRAPPED_SHARE * len(lengths) or long_lines >= 3:
        return 0
    # The widest lines that are not outliers (a long URL): the 97th percentile of the long ones.
    body = lengths[len(lengths) // 2 :]
    return body[min(len(body) - 1, int(len(body) * 0.97))]


def _first_word_length(text: str) -> int:
    return len(text.split(None, 1)[0]) if text.strip() else 0


@dataclass(slots=True)
class _Open:
    parts: list[str]
    line: int
    lines: int
    indent: int
    text_indent: int
    bullet: bool
    group: int
    gap_before: bool
    last_length: int


def split_blocks(text: str) -> list[Block]:
    """The dump's paragraphs and list items in reading order, wrapped lines rejoined."""
    lines = _normalise(strip_link_list(text))
    width = _wrap_width(lines)
    blocks: list[Block] = []
    current: _Open | None = None
    group = 0
    gap = True
    for number, raw in enumerate(lines):
        if not raw.strip():
            if current is not None:
                blocks.append(_close(current))
                current = None
            if not gap:
                group += 1
            gap = True
            continue
        indent = len(raw) - len(raw.lstrip())
        body = raw.strip()
        bullet = _BULLET_RE.match(body)
        if current is not None and not bullet and _continues(current, raw, indent, body, width):
            current.parts.append(body)
            current.lines += 1
            current.last_length = len(raw)
            continue
        if current is not None:
            blocks.append(_close(current))
        text_indent = indent + (bullet.end() if bullet else 0)
        content = body[bullet.end() :] if bullet else body
        current = _Open(
            [content], number, 1, indent, text_indent, bool(bullet), group, gap, len(raw)
        )
        gap = False
    if current is not None:
        blocks.append(_close(current))
    return [block for block in blocks if block.text]


def _continues(current: _Open, raw: str, indent: int, body: str, width: int) -> bool:
    """Whether ``raw`` is the wrapped rest of the open block rather than a new line of its own."""
    if width == 0:
        return False
    if current.bullet and indent != current.text_indent:
        return False
    if not current.bullet and abs(indent - current.text_indent) > 1:
        return False
    # The renderer broke the line if this line's first word would not have fitted, or (an
    # early break, as around inline markup) if a sentence plainly goes on in lower case.
    if current.last_length + 1 + _first_word_length(body) > width - 1:
        return True
    return body[0].islower() and current.parts[-1][-1:].isalpha()


def _close(current: _Open) -> Block:
    joined = " ".join(current.parts)
    links = forms = 0
    if "[" in joined or "_" in joined or "(" in joined:
        links = len(_LINK_MARK_RE.findall(joined))
        if links:
            joined = _LINK_MARK_RE.sub("", joined)
        forms = len(_FORM_RE.findall(joined))
        if forms:
            joined = _FORM_RE.sub(" ", joined)
    joined = " ".join(joined.split())  # str.split() also splits at no-break and other spaces
    return Block(
        text=joined,
        line=current.line,
        lines=current.lines,
        indent=current.indent,
        bullet=current.bullet,
        links=links,
        forms=forms,
        group=current.group,
        gap_before=current.gap_before,
    )
