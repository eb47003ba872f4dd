"""Text dump -> blocks: undo a text renderer's layout before anything is judged.

lynx, w3m and links wrap paragraphs at about 80 columns, indent and bullet list items, mark
links with ``[12]`` and may append a numbered link list; browser copies and WET records keep one
paragraph per line. This module rebuilds the paragraphs: a wrapped line is joined to the next
when the next line's first word would not have fitted on it (the renderer broke it, not the
author), a bullet or number starts a new item, a blank line ends a block. Link markers and
form controls are counted (they are evidence of navigation) and removed from the text.

Speed: the work is whole-dump string methods (split, replace, count: C loops) and numpy over
per-line and per-block arrays; no Python loop runs over characters, and the only per-line
Python work is a regex on the few lines that start like a bullet.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import repeat

import numpy as np

# The line scan in C (built from _ctext.pyx by setup.py; optional): the same results. Not
# built: ``_line_facts`` runs.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = ["Block", "Dump", "split_blocks", "split_dump", "strip_link_list"]

# lynx/links list bullets (*, +, o, #, -) and w3m's Unicode ones; numbered items "1." "12)".
_BULLETS = "*+o#•◦▪▫●○■□☆★·‣⁃–-"
_BULLET_RE = re.compile(r"^(?:[" + _BULLETS + r"]|\d{1,3}[.)])\s+(?=\S)")
_BULLET_SYMBOLS = frozenset(_BULLETS)
_AFTER_FIRST = operator.itemgetter(slice(1, None))
_FIRST = operator.itemgetter(0)
_LAST = operator.itemgetter(-1)
_LINK_MARK_RE = re.compile(r"\[(\d{1,4})\]")
_SPACE_RUN_RE = re.compile("  +")  # two spaces or more ("  +", not " {2,}": a literal head)
# Form controls as lynx and w3m draw them: text fields, buttons, check boxes, images. Three
# patterns, each with a literal first character, so a scan of the whole dump stays fast.
_FORM_RES = (
    re.compile(r"______+"),
    re.compile(r"\[(?: {6,}|IMG|INLINE|LINK|BUTTON|X| |Go|Search|Submit|Subscribe|Sign up|Send)\]"),
    re.compile(r"\((?:BUTTON|Submit|submit)\)"),
)
_FORM_HINTS = ("______", "[", "(")  # the scan for a pattern runs only when its hint is present
_FORM_MARK = "\x00"  # stands in for a form control until it is counted
_LINK_MARK = "\x01"  # stands in for a link marker until it is counted
_LIST_HEADING_RE = re.compile(r"^\s*(?:References|Visible links:?|Hidden links:?|Links:)\s*$")
# What a list heading line holds: "References", or "inks" once ("Visible links", "Hidden
# links", "Links:"): two scans of the dump find every heading line, each once.
_LIST_HINTS = ("References", "inks")
_LIST_SAMPLE = 40  # list lines tested at most
_MAX_LIST_HEADINGS = 3
_SETTLE_ROUNDS = 8  # array rounds for misaligned continuation lines before a plain pass
_LIST_ENTRY_RE = re.compile(r"^\s*\d{1,5}\.\s+(?:[a-z][a-z0-9+.-]*:|/|#)\S*\s*$", re.IGNORECASE)
_UNWRAPPED_SHARE = 0.05  # more lines than this past 110 columns: the text was never wrapped
_UNWRAPPED_WIDTH = 110
# Spaces other than " " that renderers leave inside lines; each becomes " " (when present).
_ODD_SPACES = (
    "\xa0",
    "\u1680",
    *(chr(code) for code in range(0x2000, 0x200B)),
    "\u2028",
    "\u2029",
    "\u202f",
    "\u205f",
    "\u3000",
    "\x85",
)
_ASCII_SPACES = ("\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x1f")
_INVISIBLE = ("\u00ad", "\ufeff", "\u200b")


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


def _hints_from_the_end(text: str) -> Iterator[int]:
    """Where a heading word (``_LIST_HINTS``) occurs, last first: searched backwards, on
    demand, so a list found at the dump's end stops the search there (a forward search for
    every occurrence scans the whole dump once per word)."""
    sizes = [len(hint) for hint in _LIST_HINTS]
    nearest = [text.rfind(hint) for hint in _LIST_HINTS]
    while True:
        at = max(nearest)
        if at < 0:
            return
        yield at
        k = nearest.index(at)  # two words never start at one place
        nearest[k] = text.rfind(_LIST_HINTS[k], 0, at + sizes[k] - 1)  # the one before


def strip_link_list(text: str) -> str:
    """Cut lynx's trailing "References" / "Visible links" list (numbered URLs) off a dump.

    lynx writes "References", "Visible links:" and "Hidden links:" one after another: the cut
    found last first moves up over each list section above it (and the bare "References"
    title), or a page with hidden links kept its visible list, whose long URL lines read as
    an unwrapped dump (no paragraph rejoined)."""
    headings = 0
    cut = -1  # where the list found so far starts: its heading line's start
    for at in _hints_from_the_end(text):
        start = text.rfind("\n", 0, at) + 1
        end = text.find("\n", at)
        end = len(text) if end < 0 else end
        line = text[start:end]
        if not _LIST_HEADING_RE.match(line):
            continue
        headings += 1
        if headings > _MAX_LIST_HEADINGS:  # the list is the dump's tail: look only near the end
            break
        if cut < 0:
            if _is_link_list(text[end + 1 :]):
                cut = start
        elif _is_link_list(text[end + 1 : cut]) or (
            line.strip() == "References" and not text[end + 1 : cut].strip()
        ):
            cut = start  # the section above the cut is a list too, or its bare title
        else:
            break
    return text if cut < 0 else text[: max(0, cut - 1)]


def _is_link_list(section: str) -> bool:
    """Whether a section's non-blank lines (evenly spaced ones of a long list) are (80%+)
    link list entries: a number and a URL."""
    lines = list(filter(str.strip, section.split("\n")))
    lines = lines[:: max(1, len(lines) // _LIST_SAMPLE)]
    entries = sum(1 for line in lines if _LIST_ENTRY_RE.match(line))
    return bool(lines) and entries >= 0.8 * len(lines)


@dataclass(slots=True)
class Dump:
    """A dump's blocks: their texts and layout facts as parallel arrays."""

    texts: list[str]
    line: np.ndarray  # index of each block's first line in the dump
    lines: np.ndarray  # dump lines it spans
    indent: np.ndarray
    bullet: np.ndarray  # bool
    links: np.ndarray  # lynx [n] link markers inside it
    forms: np.ndarray  # form controls drawn inside it
    group: np.ndarray  # blank-line-separated group
    gap_before: np.ndarray  # bool: a blank line (or the dump's start) precedes it
    joined: str = ""  # the texts joined by newlines, when at hand ("": join them when needed)
    # when empty blocks were dropped: the text they were split from, empty blocks still in
    # (newline runs); ``block_features``' C counts read it instead of joining the texts again
    gapped: str = ""

    def __len__(self) -> int:
        return len(self.texts)

    def block(self, index: int) -> Block:
        return Block(
            text=self.texts[index],
            line=int(self.line[index]),
            lines=int(self.lines[index]),
            indent=int(self.indent[index]),
            bullet=bool(self.bullet[index]),
            links=int(self.links[index]),
            forms=int(self.forms[index]),
            group=int(self.group[index]),
            gap_before=bool(self.gap_before[index]),
        )

    def blocks(self) -> list[Block]:
        return [self.block(index) for index in range(len(self.texts))]


def _normalise(text: str) -> str:
    """Unix line ends, tabs and odd spaces as spaces, invisible characters gone.
    ``_ctext.normalise`` writes the same string in one pass (here: a scan per special character)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "\t" in text:
        text = text.replace("\t", "    ")
    for control in (_FORM_MARK, _LINK_MARK):
        if control in text:
            text = text.replace(control, "")
    for space in _ASCII_SPACES:
        if space in text:
            text = text.replace(space, " ")
    if text.isascii():
        return text
    for invisible in _INVISIBLE:
        if invisible in text:
            text = text.replace(invisible, "")
    for space in _ODD_SPACES:
        if space in text:
            text = text.replace(space, " ")
    return text


def _right_stripped_lines(text: str) -> list[str]:
    """A normalised dump's lines, right-stripped. Normalised, its only whitespace is " " and
    "\\n": with no space before a line end, every line is right-stripped as split."""
    lines = text.split("\n")
    return list(map(str.rstrip, lines)) if " \n" in text or text.endswith(" ") else lines


def _wrap_width(length: np.ndarray) -> int:
    """The column the renderer wrapped at, or 0 when the dump has one paragraph per line."""
    lengths = length[length > 0]
    if not len(lengths):
        return 0
    long_lines = int((lengths > _UNWRAPPED_WIDTH).sum())
    if long_lines > _UNWRAPPED_SHARE * len(lengths) or long_lines >= 3:
        return 0
    # The widest lines that are not outliers (a long URL): the 97th percentile of the long ones
    # (the longer half of the sorted lengths); one element of the sorted order, so a partition.
    half = len(lengths) // 2
    upper = len(lengths) - half
    at = half + min(upper - 1, int(upper * 0.97))
    return int(np.partition(lengths, at)[at])


def _bools(values: object, count: int) -> np.ndarray:
    return np.fromiter(values, dtype=bool, count=count)  # type: ignore[call-overload]


def _ints(values: object, count: int) -> np.ndarray:
    return np.fromiter(values, dtype=np.int64, count=count)  # type: ignore[call-overload]


def _rejoin(stripped: list[str], starts: np.ndarray) -> str:
    """The lines joined, a newline before each block's first (``starts``), else a space: one
    join over the lines and their separators interleaved (no string built per line)."""
    parts = [" "] * (2 * len(stripped))
    parts[1::2] = stripped
    for at in (2 * starts).tolist():
        parts[at] = "\n"
    return "".join(parts[1:])


def split_dump(text: str) -> Dump:
    """The dump's paragraphs and list items in reading order, wrapped lines rejoined.

    A line continues the open block when the renderer, not the author, broke it (its first
    word would not have fitted on the line before, or a sentence plainly goes on in lower
    case) and its indent matches the block's; a bullet or number starts a new item; a blank
    line ends a block. Decided for all lines at once with array arithmetic.
    """
    if _ctext is not None:  # the same dump from C passes
        return _split_compiled(_ctext.normalise(strip_link_list(text)))
    normalised = _normalise(strip_link_list(text))
    length, stripped, indent, bullet_len = _line_facts(normalised)
    nonblank = length > 0
    rows = np.flatnonzero(nonblank)  # the lines with text
    filled = len(rows)
    if not filled:
        return Dump([], *([np.zeros(0, dtype=np.int64)] * 8))
    bullet = bullet_len > 0
    widths = length[rows] - indent
    cont = _continuations(
        stripped, length[rows], (rows[1:] - rows[:-1]) == 1, indent, bullet_len, widths
    )
    items = np.flatnonzero(bullet)
    for at, mark in zip(items.tolist(), bullet_len[items].tolist(), strict=True):
        stripped[at] = stripped[at][mark:]
    starts = np.flatnonzero(~cont)
    # Rejoin: each block's lines with spaces, blocks one per line; then link markers and form
    # controls are counted and removed, and whitespace runs collapse.
    joined = _rejoin(stripped, starts)
    blocks = joined.count("\n") + 1
    joined, links, forms = _tidy_blocks(joined, blocks)
    texts = joined.split("\n")
    keep = _bools(map(bool, texts), blocks)
    line_of = rows[starts]
    spans = np.empty_like(starts)  # lines per block (np.diff of the starts and the end)
    spans[:-1] = starts[1:] - starts[:-1]
    spans[-1] = filled - starts[-1]
    after_blank = np.concatenate(([True], ~nonblank[:-1]))
    group_of_line = np.cumsum(~nonblank & ~after_blank)
    if not keep.all():
        texts, joined = list(filter(None, texts)), ""
    return Dump(
        texts=texts,
        line=line_of[keep],
        lines=spans[keep],
        indent=indent[starts][keep],
        bullet=bullet[starts][keep],
        links=links[keep],
        forms=forms[keep],
        group=group_of_line[line_of][keep],
        gap_before=after_blank[line_of][keep],
        joined=joined,
    )


def _split_compiled(normalised: str) -> Dump:
    """``split_dump`` after the normaliser, from ``_ctext``'s passes: the line scan, the lines
    with text and the wrap column, the continuations, the rejoin, the mark removal and the
    block arrays (the numpy steps above done in C loops); the same ``Dump``."""
    # The lines with text as spans of the normalised text (no substring per line).
    length, lefts, rights, indent, bullet_len = _ctext.scan_spans(
        normalised, _BULLETS, None
    )  # None: a numbered line's mark (``_BULLET_RE``'s number branch) read in C
    rows, filled_length, width = _ctext.line_rows(length, _UNWRAPPED_WIDTH, _UNWRAPPED_SHARE)
    if not len(rows):
        return Dump([], *([np.zeros(0, dtype=np.int64)] * 8))
    cont = _ctext.continuations_at(
        normalised, lefts, rights, filled_length, rows, indent, bullet_len, width
    )
    starts = np.flatnonzero(~cont)
    # one newline before each block but the first (``cont[0]`` is never set): no count needed;
    # an item's text starts after its mark
    rejoined = _ctext.rejoin_spans(normalised, lefts, rights, bullet_len, starts)
    joined, links, forms = _ctext.tidy_blocks(rejoined, len(starts))
    texts = joined.split("\n")
    kept, *arrays = _ctext.block_layout(
        length, rows, starts, indent, bullet_len, links, forms, texts
    )
    if kept is texts:
        return Dump(kept, *arrays, joined=joined)
    return Dump(kept, *arrays, gapped=joined)


def _tidy_blocks(joined: str, blocks: int) -> tuple[str, np.ndarray, np.ndarray]:
    """The rejoined blocks with link markers and form controls counted (per block) and
    removed, and whitespace runs collapsed (``_ctext.tidy_blocks`` in C)."""
    links = forms = np.zeros(blocks, dtype=np.int64)
    edited = False  # a marker or control removed: a block may now start or end with a space
    if "[" in joined:
        marked = _LINK_MARK_RE.sub(_LINK_MARK, joined)
        if marked is not joined:
            links = _ints(map(str.count, marked.split("\n"), repeat(_LINK_MARK)), blocks)
            joined, edited = marked.replace(_LINK_MARK, ""), True
    marked = joined
    for hint, pattern in zip(_FORM_HINTS, _FORM_RES, strict=True):
        if hint in marked:
            marked = pattern.sub(_FORM_MARK, marked)
    if marked is not joined:
        forms = _ints(map(str.count, marked.split("\n"), repeat(_FORM_MARK)), blocks)
        joined, edited = marked.replace(_FORM_MARK, " "), True
    if "  " in joined:  # one pass; the pattern's literal head keeps the scan fast
        joined = _SPACE_RUN_RE.sub(" ", joined)
    if edited and (" \n" in joined or "\n " in joined):
        joined = joined.replace(" \n", "\n").replace("\n ", "\n")
    joined = joined.strip(" ")
    return joined, links, forms


def _line_facts(normalised: str) -> tuple[np.ndarray, list[str], np.ndarray, np.ndarray]:
    """Each line's right-stripped length; the lines with text, stripped; their indents and
    bullet marks' lengths ("*", "+", "o"... then spaces, then text; or a number "12." "3)").
    ``_ctext.scan_spans`` computes the same in C, as spans of the text."""
    raw = _right_stripped_lines(normalised)
    count = len(raw)
    length = _ints(map(len, raw), count)
    rows = np.flatnonzero(length > 0)  # the lines with text
    filled = len(rows)
    stripped = list(map(str.lstrip, filter(None, raw)))  # the lines with text, in order
    indent = length[rows] - _ints(map(len, stripped), filled)
    firsts = list(map(_FIRST, stripped))
    widths = length[rows] - indent
    bullet_len = np.zeros(filled, dtype=np.int64)
    marked = np.flatnonzero(_bools(map(_BULLET_SYMBOLS.__contains__, firsts), filled))
    if len(marked):
        items = list(map(stripped.__getitem__, marked.tolist()))
        rests = _ints(map(len, map(str.lstrip, map(_AFTER_FIRST, items))), len(marked))
        spaced = (rests > 0) & (rests < widths[marked] - 1)
        bullet_len[marked[spaced]] = (widths[marked] - rests)[spaced]
    for at in np.flatnonzero(_bools(map(str.isdigit, firsts), filled)).tolist():
        match = _BULLET_RE.match(stripped[at])
        if match:
            bullet_len[at] = match.end()
    return length, stripped, indent, bullet_len


def _continuations(
    stripped: list[str],
    length: np.ndarray,
    adjacent: np.ndarray,
    indent: np.ndarray,
    bullet_len: np.ndarray,
    widths: np.ndarray,
) -> np.ndarray:
    """Which text lines continue the one above (arrays are over the lines with text).

    ``adjacent[i]``: line ``i + 1``'s predecessor has text too; ``widths``: each line's length
    without its indent.
    """
    filled = len(length)
    width = _wrap_width(length)
    cont = np.zeros(filled, dtype=bool)
    if width == 0 or filled < 2:
        return cont
    # Each line's first word's length (the whole line's without a space): read only here, for
    # a dump wrapped at a width.
    first_word = _ints(map(str.find, stripped, repeat(" ")), filled)
    first_word = np.where(first_word < 0, widths, first_word)
    bullet = bullet_len > 0
    possible = adjacent & ~bullet[1:]
    broke = possible & (length[:-1] + 1 + first_word[1:] > width - 1)
    # An early break (as around inline markup) only where a sentence plainly goes on in lower
    # case: tested only on the lines that could join and did not fill the line above.
    early = np.flatnonzero(possible & ~broke)
    if len(early):
        after = list(map(stripped.__getitem__, (early + 1).tolist()))
        before = list(map(stripped.__getitem__, early.tolist()))
        lower = _bools(map(str.islower, map(_FIRST, after)), len(early))
        alpha = _bools(map(str.isalpha, map(_LAST, before)), len(early))
        broke[early[lower & alpha]] = True
    cont[1:] = broke
    # The line must also sit at the block's text indent (exactly, under a bullet's text). The
    # block a line joins depends on the lines before it, so settle it block by block: the
    # first misaligned line of each block starts a new one, until none is left.
    text_indent = indent + bullet_len
    positions = np.arange(filled)
    for _ in range(_SETTLE_ROUNDS):
        candidates = np.flatnonzero(cont)
        owner = np.maximum.accumulate(np.where(cont, 0, positions))[candidates]
        shift = indent[candidates] - text_indent[owner]
        aligned = np.where(bullet[owner], shift == 0, np.abs(shift) <= 1)
        misaligned = candidates[~aligned]
        if not len(misaligned):
            return cont
        _, first = np.unique(owner[~aligned], return_index=True)
        cont[misaligned[first]] = False
    # A staircase of indents settles one line a round: finish in one pass, line by line.
    joins, indents, texts_at, bullets = (
        cont.tolist(),
        indent.tolist(),
        text_indent.tolist(),
        bullet.tolist(),
    )
    owner_at = 0
    for line, joined in enumerate(joins):
        if not joined:
            owner_at = line
            continue
        shift_by = indents[line] - texts_at[owner_at]
        if shift_by != 0 if bullets[owner_at] else abs(shift_by) > 1:
            joins[line] = False
            owner_at = line
    return np.array(joins, dtype=bool)


def split_blocks(text: str) -> list[Block]:
    """The dump's paragraphs and list items in reading order, wrapped lines rejoined."""
    return split_dump(text).blocks()
