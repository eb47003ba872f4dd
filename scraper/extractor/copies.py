"""Remove the second copies that code and math renderers put into a page beside the real text.

Two general page structures repeat or pad the text a reader sees:

- A code block with a line-number gutter is laid out as a table row: one cell holds only the
  ascending run of line numbers, the next the ``<pre>``/``<code>`` block (Chroma's ``lntable``,
  Pygments' ``linenos``, highlight.js' ``gutter``). The numbers are not text: the gutter cell goes.
- A math renderer (KaTeX, MathJax) writes a MathML ``<math>`` copy for assistive technology,
  hidden by a stylesheet, next to the visual rendering marked ``aria-hidden``. The page shows the
  visual one, so it is kept (un-hidden, or the pruner would drop it) and the MathML copy goes.
  A ``<math>`` element on its own keeps its rendering; only its ``<annotation>`` source, which
  browsers never show, is dropped.

Both are judged on structure alone, never on a theme's class names.
"""

from __future__ import annotations

from itertools import pairwise

from lxml.html import HtmlElement

from scraper.extractor.parse import element_text
from scraper.extractor.prune import drop_keeping_tail

MATHML_MATH = "{http://www.w3.org/1998/Math/MathML}math"
MAX_MATH_WRAPPERS = 3  # how far above a <math> the visual twin may branch off


def drop_render_copies(top: HtmlElement) -> None:
    """Drop line-number gutters and the MathML twins of visual math under ``top``, in place."""
    found = list(top.iter("pre", "math", MATHML_MATH))  # (one pass in C; most pages: none)
    for el in found:
        if el.getparent() is None:
            continue  # inside a copy already removed
        if el.tag == "pre":
            gutter = _gutter_of(el)
            if gutter is not None:
                drop_keeping_tail(gutter)
            for number in _inline_numbers(el):
                drop_keeping_tail(number)
        else:
            _settle_math(el)


def _gutter_of(pre: HtmlElement) -> HtmlElement | None:
    """The line-number cell beside the table cell holding ``pre``, if the row is laid out so."""
    cell = pre.getparent()
    while cell is not None and cell.tag not in ("td", "th"):
        if cell.tag in ("tr", "table", "body"):
            return None
        cell = cell.getparent()
    if cell is None:
        return None
    row = cell.getparent()
    if row is None or row.tag != "tr":
        return None
    cells = [child for child in row if child.tag in ("td", "th")]
    if len(cells) != 2:
        return None
    other = cells[0] if cells[1] is cell else cells[1]
    if other is cell or _holds_numbers_only(cell):
        return None  # (the pre's own cell being the gutter is seen from the other pre)
    return other if _holds_numbers_only(other) else None


MIN_NUMBERED_LINES = 3


def _inline_numbers(pre: HtmlElement) -> list[HtmlElement]:
    """The elements numbering ``pre``'s lines inline: each line is a child element (of the
    ``<pre>``, or of its one ``<code>``) that opens with an element holding only its number, and
    the numbers ascend one by one. None where any line lacks one."""
    block = (
        pre[0] if len(pre) == 1 and pre[0].tag == "code" and not (pre.text or "").strip() else pre
    )
    if len(block) < MIN_NUMBERED_LINES or (block.text or "").strip():
        return []
    numbers: list[HtmlElement] = []
    values: list[int] = []
    for line in block:
        if not isinstance(line.tag, str) or not len(line):
            return []
        if (line.text or "").strip() or (line.tail or "").strip():
            return []  # text before the number, or between the lines: no numbering
        first = line[0]
        shown = element_text(first).strip()
        if not (shown.isdigit() and shown.isascii()):
            return []
        numbers.append(first)
        values.append(int(shown))
    return numbers if _ascending_by_one(values) else []


def _holds_numbers_only(cell: HtmlElement) -> bool:
    """True when the cell's text is one ascending run of consecutive integers (k, k+1, ...)."""
    words = " ".join(cell.itertext()).split()
    if not words or not all(word.isdigit() and word.isascii() for word in words):
        return False
    return _ascending_by_one([int(word) for word in words])


def _ascending_by_one(numbers: list[int]) -> bool:
    """k, k+1, k+2, ...: a run of line numbers."""
    return all(b == a + 1 for a, b in pairwise(numbers))


def _settle_math(math: HtmlElement) -> None:
    """Keep one copy of a formula: the visual twin when there is one, else the MathML."""
    branch: HtmlElement = math
    for _ in range(MAX_MATH_WRAPPERS):
        parent = branch.getparent()
        if parent is None:
            break
        twins = [
            sibling
            for sibling in parent
            if sibling is not branch
            and isinstance(sibling.tag, str)
            and sibling.get("aria-hidden") == "true"
            and element_text(sibling).strip()  # (MathJax's CHTML draws glyphs in CSS)
        ]
        if twins:
            for twin in twins:
                del twin.attrib["aria-hidden"]
            drop_keeping_tail(branch)
            return
        branch = parent
    for note in [el for el in math.iter() if _local(el.tag) in ("annotation", "annotation-xml")]:
        drop_keeping_tail(note)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""
