"""Visible date lines: the date a reader sees printed by the headline ("March 3, 2024",
"Updated Feb 11, 2026 · 5 min read", "Published: 2025.12.17").

Only short texts in the post's own block are read, in page order from the <h1> on (then the
lines just before it, where some templates print the date above the headline); never a comment,
a related-posts list, a sidebar, a footer or a copyright line, which all carry other dates; nor a
date inside a sentence of the post ("... from the 2024-11-05 version of the protocol, ..."), which
is the day the sentence talks about.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.dates import normalise_date, original_day, visible_date
from scraper.extractor.datescan import is_copyright
from scraper.extractor.nearby import (
    BLOCK_LEVELS,
    _without_taxonomy,
    after,
    before,
    block_of,
    own_words,
    trailing_date,
    words_before,
)
from scraper.extractor.parse import element_text

# ``_outside_post``'s ancestor walk read from the nodes (``_cmeta.outside_post``; optional).
try:
    from scraper.extractor._cmeta import outside_post as _compiled_outside_post
except (ImportError, TypeError, ValueError):
    _compiled_outside_post = None
COMPILED_OUTSIDE = True

# The compiled walk around the headline (``_cwalks.near_headline``; optional): the elements
# ``_lines_of`` may read a date from and the cards' starts, numbered as the walk numbers them.
try:
    from scraper.extractor._cwalks import NEAR_TESTS
    from scraper.extractor._cwalks import near_headline as _compiled_near
except (ImportError, TypeError, ValueError):
    _compiled_near = None
    NEAR_TESTS = {}

__all__ = ["DateLine", "find_date_lines"]

# ``find_date_lines`` walks in C when built: same lines, fewer elements seen by Python.
COMPILED_NEAR = True

MAX_SCANNED = 60
MAX_LINE_CHARS = 90
MIN_LINE_CHARS = 6

_NOT_POST_RE = re.compile(  # at the start of a class word or of one of its parts
    r"(?:^|[-_\s])(?:comment|repl(?:y|ies)|respond|related|recommend|more-?posts|read-?next|"
    r"popular|trending|sidebar|widget|newsletter|footer|copyright|breadcrumb|event|calendar|"
    r"post-?preview|prev(?:ious)?-?post|next-?post|post-?nav)",
    re.I,
)
_YEAR_RE = re.compile(r"\d{4}")  # every date form read here spells the year in full
_UPDATED_RE = re.compile(
    r"updated|modified|edited|revised|aktualisiert|mis à jour|actualizado", re.I
)
_OFF_TAGS = frozenset({"aside", "nav", "footer", "form", "script", "style", "select", "option"})
_OFF_BYTES = tuple(tag.encode() for tag in sorted(_OFF_TAGS))  # for ``_cmeta.outside_post``
_CARD_HEADINGS = frozenset({"h2", "h3", "h4"})
_SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg"})

# A date with at least MIN_SIDE_CHARS of its sentence on either side, in a paragraph or list
# item longer than MIN_SENTENCE_CHARS, is what the sentence talks about. A date line stands on
# its own, or opens or closes its line ("24 March 2021 | Jeff Bezanson, ...", "Posted by Jane
# on May 3, 2024"). Table cells and <div>s are no sentences: old layouts hold a whole page in a
# <td>.
SENTENCE_DATES = True
MIN_SENTENCE_CHARS = 120
MIN_SIDE_CHARS = 20
# A date closing a paragraph after this much of its prose is the sentence's too ("... please
# submit your application by 15 July, 2018:"): a byline closing its line ("Posted by Jane on
# May 3, 2024") is far shorter.
MIN_LEAD_CHARS = 100
_SENTENCE_TAGS = frozenset({"p", "li", "dd", "blockquote", "figcaption"})
_LAYOUT_TAGS = frozenset(
    {"div", "section", "article", "header", "main", "footer", "body", "html", "ul", "ol"}
    | {"table", "tbody", "thead", "tr", "td", "th"}
)


@dataclass(frozen=True, slots=True)
class DateLine:
    """One visible date: the ISO day, whether the line says it is an update, and the text."""

    date: str
    updated: bool
    text: str


def find_date_lines(
    scope: HtmlElement,
    h1: HtmlElement,
    limit: int = 2,
    day_first: bool = False,
    dots_day_first: bool = True,
) -> list[DateLine]:
    """Up to ``limit`` dates printed in the post's block: after the headline first (up to the
    first card of another post), else the last ones just before it. ``day_first``,
    ``dots_day_first``: how the page writes "03/10/2023" and "09.10.2024"
    (``dates.day_order_page``)."""
    found: list[DateLine] = []
    closing = trailing_date(h1) if HEADLINE_DATES else None
    if closing is not None:  # "Issue 180 <small><time>2019-10-10</time></small>"
        for element in closing.iter(etree.Element):
            found.extend(_lines_of(element, scope, day_first, dots_day_first))
    for count, element in _after(h1, scope):
        if count > MAX_SCANNED or len(found) >= limit or _starts_card(element):
            break
        found.extend(_lines_of(element, scope, day_first, dots_day_first))
    if found:
        return found[:limit]
    for _, element in _before(h1):
        found.extend(_lines_of(element, scope, day_first, dots_day_first))
    if not found and WIDER_BEFORE:
        # the date in a column of its own beside the headline's ("<row><col-1><p>01 Nov
        # 2012</p></col-1><col-2><header><h1>"): one level further up, still before it
        for element in _wider_before(h1):
            found.extend(_lines_of(element, scope, day_first, dots_day_first))
    return found[-limit:]


WIDER_BEFORE = True
# The date that closes the headline itself, in its own element (``nearby.trailing_date``), is
# the first date line after it.
HEADLINE_DATES = True


def _wider_before(h1: HtmlElement) -> Iterable[HtmlElement]:
    """The elements before the headline in its block one level wider than ``before``'s, and
    not in that one (already read)."""
    inner = block_of(h1)
    outer = block_of(h1, BLOCK_LEVELS + 1)
    if outer is inner:
        return
    for element in outer.iter(etree.Element):
        if element is inner:
            return
        yield element


def _after(h1: HtmlElement, scope: HtmlElement) -> Iterable[tuple[int, HtmlElement]]:
    """``enumerate(after(h1, scope))`` up to MAX_SCANNED + 1 elements; compiled, only the
    elements ``_lines_of`` may read a date from and those ``_starts_card`` may stop at (the
    others give nothing: passing over them changes no line)."""
    if COMPILED_NEAR and _compiled_near is not None:
        tests = NEAR_TESTS
        kept = _compiled_near(h1, scope, tests["date"], tests["after"], MAX_SCANNED + 1)
        if kept is not None:
            return kept
    return enumerate(after(h1, scope))


def _before(h1: HtmlElement) -> Iterable[tuple[int, HtmlElement]]:
    """``enumerate(before(h1))``; compiled, only the elements ``_lines_of`` may read from."""
    if COMPILED_NEAR and _compiled_near is not None:
        tests = NEAR_TESTS
        kept = _compiled_near(h1, h1, tests["date"], tests["before"], -1)
        if kept is not None:
            return kept
    return enumerate(before(h1))


def _lines_of(
    element: HtmlElement, scope: HtmlElement, day_first: bool, dots_day_first: bool = True
) -> list[DateLine]:
    """The dates an element's own text, tail or machine-readable <time> give."""
    if element.tag in _SKIPPED_TAGS:
        return []
    lines: list[DateLine] = []
    if element.tag == "time" and element.get("datetime"):
        line = _machine_date(element)
        if (
            line is not None
            and not _outside_post(element, scope)
            and not _in_sentence(element, line.text)
        ):
            lines.append(_labelled(line, words_before(element)))
        texts: tuple[tuple[str | None, bool], ...] = ((element.tail, False),)
    else:
        texts = ((element.text, True), (element.tail, False))
    for text, is_text in texts:
        line = _date_line(text, day_first, dots_day_first)
        if line is None:
            continue
        holder = element if is_text else element.getparent()
        if (
            holder is not None
            and not _outside_post(holder, scope)
            and not _in_sentence(holder, line.text)
        ):
            # the words printed just before the date: "Last updated on", "Updated:"
            label = words_before(element) if is_text else element.text or ""
            lines.append(_labelled(line, label))
    return lines


def _in_sentence(holder: HtmlElement, text: str) -> bool:
    """Whether ``text`` (a date's line, as ``_date_line`` spaced it) sits inside a sentence of
    the paragraph or list item that holds ``holder``: with words of it on both sides, or
    closing it after ``MIN_LEAD_CHARS`` of its words."""
    if not SENTENCE_DATES:
        return False
    node: HtmlElement | None = holder
    while node is not None and node.tag not in _SENTENCE_TAGS:
        if node.tag in _LAYOUT_TAGS:
            return False
        node = node.getparent()
    if node is None:
        return False
    sentence = " ".join(element_text(node).split())
    if len(sentence) <= MIN_SENTENCE_CHARS:
        return False
    at = sentence.find(text)
    if at < 0:
        return False
    trailing = len(sentence) - at - len(text)
    return at >= MIN_LEAD_CHARS or (at >= MIN_SIDE_CHARS and trailing >= MIN_SIDE_CHARS)


def _labelled(line: DateLine, label: str) -> DateLine:
    """The line marked as an update when the words just before it say so."""
    if line.updated or not label or not _UPDATED_RE.search(label):
        return line
    return DateLine(line.date, True, line.text)


def _starts_card(element: HtmlElement) -> bool:
    """A linked heading or an <article> after the headline starts a card of another post (a
    listing's first item, a related post): dates from there on are not this page's."""
    if element.tag == "article":
        return True
    # (``iterdescendants``: what ``find(".//a")`` runs, without parsing the path each call)
    return element.tag in _CARD_HEADINGS and next(element.iterdescendants("a"), None) is not None


def _machine_date(time: HtmlElement) -> DateLine | None:
    """A <time datetime=...> by the headline: its machine date, marked by its visible text."""
    found = normalise_date(time.get("datetime"))
    if not found:
        return None
    text = " ".join(element_text(time).split())[:MAX_LINE_CHARS]
    updated = bool(_UPDATED_RE.search(f"{text} {time.get('class') or ''}"))
    return DateLine(found[:10], updated, text)


def _date_line(
    text: str | None, day_first: bool = False, dots_day_first: bool = True
) -> DateLine | None:
    if not text or len(text) > MAX_LINE_CHARS * 2 or not _YEAR_RE.search(text):
        return None
    line = " ".join(text.split())
    if not MIN_LINE_CHARS <= len(line) <= MAX_LINE_CHARS:
        return None
    if is_copyright(line):
        return None
    found = visible_date(line, day_first, dots_day_first)
    if not found:
        return None
    if first := original_day(line, day_first, dots_day_first):
        return DateLine(first[:10], False, line)  # the post's first day, not its update's
    return DateLine(found[:10], bool(_UPDATED_RE.search(line)), line)


def _outside_post(element: HtmlElement, scope: HtmlElement) -> bool:
    """In a comment, related list, sidebar or footer: those dates belong to something else.
    In C when built (``_cmeta.outside_post``); what it does not model, Python."""
    if COMPILED_OUTSIDE and _compiled_outside_post is not None:
        found = _compiled_outside_post(element, scope, _OFF_BYTES, _not_post_words, _NOT_POST)
        if found >= 0:
            return bool(found)
    return _python_outside_post(element, scope)


# ``_not_post_words``' answers by string, kept by the C walk (it is pure)
_NOT_POST: dict[str, bool] = {}


def _not_post_words(words: str) -> bool:
    """Whether an element's "class id" string (not empty) names another block, as
    ``_python_outside_post`` reads its ``own_words``."""
    words = words if "-" not in words else _without_taxonomy(words)
    return bool(words.strip() and _NOT_POST_RE.search(words))


def _python_outside_post(element: HtmlElement, scope: HtmlElement) -> bool:
    """``_outside_post`` read through lxml's proxies (the reference the C walk is pinned to)."""
    node: HtmlElement | None = element
    while node is not None and node.tag not in ("body", "html"):
        if node.tag in _OFF_TAGS and node is not scope:
            return True
        words = own_words(node)
        if words.strip() and _NOT_POST_RE.search(words):
            return True
        if node is scope:
            return False
        node = node.getparent()
    return False
