"""Visible dates anywhere on the page, with where they sit: candidates for the date ranker.

``datelines.py`` reads the few lines right by the headline; many templates print the date
elsewhere (a meta bar above the hero image, an author card under the post, a forum's first
post header). This scan finds every short text that is a date in the page's body (and, in a
longer sentence, a date right after a "published"/"updated" label), skips those
in comments, related-post lists, footers and copyright lines, and reports each with
evidence the learned ranker weighs (a date-like class on it or its parents, inside the post's
block or a side column, an "Updated" label). It decides nothing itself: a visible date is a
candidate, and that a date is printed at all is evidence for the structured dates that agree
with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml.html import HtmlElement

from scraper.extractor.dates import month_only, original_day, visible_date
from scraper.extractor.nearby import _without_taxonomy, own_words, words_before
from scraper.extractor.pagemarks import SKIPPED_TAGS, PageMarks
from scraper.extractor.vocab import literal_words, may_hold

# ``_context``'s ancestor walk read from the nodes (``_cmeta.date_context``; optional): the same
# answer without a proxy, a tag string and two attribute reads per ancestor (~25 us a date).
try:
    from scraper.extractor._cmeta import date_context as _compiled_date_context
except (ImportError, TypeError, ValueError):
    _compiled_date_context = None
COMPILED_CONTEXT = True

__all__ = ["COPYRIGHT_RE", "VisibleDate", "find_month_line", "find_visible_dates", "is_copyright"]

MAX_FOUND = 6
MAX_LINE_CHARS = 90
MIN_LINE_CHARS = 6

MAX_LABELLED_CHARS = 270  # (pagemarks keeps texts up to this long)
COPYRIGHT_RE = re.compile(r"©|\(c\)|copyright|all rights reserved", re.I)


def is_copyright(text: str) -> bool:
    """Whether ``COPYRIGHT_RE`` finds a copyright mark in the text. An ASCII text (~80% of the
    dated texts) is lowered and searched for the words (~0.5 against ~1.2 us): for ASCII,
    ``str.lower`` and the regex's case-insensitive match agree; any other text, the regex (its
    case rules for the long s and the like)."""
    if text.isascii():
        lowered = text.lower()  # (the regex's words; its "©" is no ASCII)
        return "(c)" in lowered or "copyright" in lowered or "all rights reserved" in lowered
    return COPYRIGHT_RE.search(text) is not None


# In a sentence ("This article was originally published on 26 Sep 2019 at 4:12pm but has been
# regularly updated ..."), only a date right after such a label is the page's own.
_LABEL_THEN_DATE_RE = re.compile(
    r"\b(?:published|posted|updated|modified|written|released)\b(?:\s+(?:on|in))?"
    r"(?:\s+the)?\s*:?\s*(?P<rest>.{6,40})",
    re.I,
)
_UPDATED_RE = re.compile(
    r"updated|modified|edited|revised|aktualisiert|mis à jour|actualizado", re.I
)
_PUBLISHED_RE = re.compile(r"publi|posted|released|written|on\b|veröffentlicht", re.I)
_DATE_HINT_WORDS = r"date|time|publish|posted|dateline|meta|byline|author|info"
_DATE_HINT_RE = re.compile(_DATE_HINT_WORDS, re.I)
_NOT_POST_WORDS = (
    r"comment|repl(?:y|ies)|respond|related|recommend|more-?posts|read-?next|"
    r"popular|trending|footer|copyright|breadcrumb|event|calendar|"
    r"joined|registered|signature|profile"
)
# at the start of a class word or of one of its parts
_NOT_POST_RE = re.compile(r"(?:^|[-_\s])(?:" + _NOT_POST_WORDS + ")", re.I)
# Widgets, sidebars, newsletter blocks and <aside>s hold the post's own date line about as often
# as other items' dates (page builders wrap every block in a "widget"): a feature, not a drop.
_ASIDE_WORDS = r"sidebar|widget|newsletter"
_ASIDE_RE = re.compile(r"(?:^|[-_\s])(?:" + _ASIDE_WORDS + ")", re.I)
# Every match of each pattern holds one of its literal words: a string holding none is not
# searched (``vocab.may_hold``).
_DATE_HINT_LITERALS = literal_words(_DATE_HINT_WORDS)
_NOT_POST_LITERALS = literal_words(_NOT_POST_WORDS)
_ASIDE_LITERALS = literal_words(_ASIDE_WORDS)
_OFF_TAGS = frozenset({"nav", "form", "select", "option", "blockquote"})
_OFF_BYTES = tuple(tag.encode() for tag in sorted(_OFF_TAGS))  # for ``_cmeta.date_context``
_SKIPPED_BYTES = tuple(tag.encode() for tag in sorted(SKIPPED_TAGS))


@dataclass(frozen=True, slots=True)
class VisibleDate:
    """One printed date: its ISO day and the evidence around it."""

    day: str
    updated: bool
    published: bool
    hinted: bool
    in_post: bool
    order: int
    aside: bool = False
    # Where it sits against the headline and other dated texts (``DATE_PLACE``): how many
    # levels up from its text the nearest block holding the headline is (-1: no headline),
    # and how many other texts with a year sit in its own block (three levels up): a
    # post's date line is near its headline and alone, a list's dates are neither.
    headline_levels: int = -1
    dated_nearby: int = 0


def find_visible_dates(
    marks: PageMarks,
    post: HtmlElement | None,
    day_first: bool = False,
    dots_day_first: bool = True,
    headline: HtmlElement | None = None,
) -> list[VisibleDate]:
    """Up to ``MAX_FOUND`` dates printed in short texts of the page, in page order
    (``day_first``, ``dots_day_first``: how the page writes "03/10/2023" and "09.10.2024",
    see ``dates.day_order_page``). When none of those is inside the post's block (a column of
    other items' dates comes first in the page), also the first one that is: the post's own
    date is not crowded out by a list printed before it. ``headline``: the post's headline,
    for ``VisibleDate.headline_levels``."""
    found: list[VisibleDate] = []
    chain = _chain(headline) if DATE_PLACE else {}
    for text, holder, is_tail in marks.dated:
        full = len(found) >= MAX_FOUND
        if full and (post is None or any(line.in_post for line in found)):
            break
        line = " ".join(text.split())
        if len(line) < MIN_LINE_CHARS or is_copyright(line):
            continue
        if len(line) <= MAX_LINE_CHARS:
            day, label = visible_date(line, day_first, dots_day_first), None
            if day and (first := original_day(line, day_first, dots_day_first)):
                day, label = first, "originally posted"  # (not the update's day before it)
        else:
            day, label = _labelled_date(line, day_first, dots_day_first)
        if not day:
            continue
        context = _context(holder)
        if context is None:
            continue
        hinted, in_post, aside = context
        in_post = in_post or (post is not None and _within(holder, post))
        if full and not in_post:
            continue
        label = label or _label(holder, is_tail, line)
        found.append(
            VisibleDate(
                day=day[:10],
                updated=bool(_UPDATED_RE.search(label)),
                published=bool(_PUBLISHED_RE.search(label)),
                hinted=hinted,
                in_post=in_post,
                order=len(found),
                aside=aside,
                **(_place(holder, chain, marks) if DATE_PLACE else {}),
            )
        )
    return found


# Read where each printed date sits (round seventeen, branch date14: a study; see
# benchmarks/README.md). Off: the shipped date model does not read the features.
DATE_PLACE = False
PLACE_LEVELS = 3  # a date's own block: its text's holder and two parents
MAX_LEVELS = 12


def _chain(headline: HtmlElement | None) -> dict[HtmlElement, int]:
    """The headline and its ancestors, to find a date's nearest common block (the dict holds
    the elements themselves: an lxml proxy's id is reused once it is freed)."""
    if headline is None:
        return {}
    return {node: depth for depth, node in enumerate((headline, *headline.iterancestors()))}


def _place(holder: HtmlElement, chain: dict[HtmlElement, int], marks: PageMarks) -> dict[str, int]:
    """``headline_levels`` and ``dated_nearby`` of a date printed in ``holder``."""
    levels = -1
    block = holder
    for depth, node in enumerate((holder, *holder.iterancestors())):
        if depth < PLACE_LEVELS:
            block = node
        if levels < 0 and node in chain:
            levels = min(depth, MAX_LEVELS)
        if depth >= PLACE_LEVELS and (levels >= 0 or not chain):
            break
    nearby = sum(1 for _, other, _ in marks.dated if other is not holder and _within(other, block))
    return {"headline_levels": levels, "dated_nearby": nearby}


MAX_MONTH_LINE_CHARS = 40


def find_month_line(marks: PageMarks, post: HtmlElement | None) -> str | None:
    """The month (``YYYY-MM``) of the one short text in the post's block that names a month
    and a year and no day ("November 2015", "Date: November 2003"), or None. Two such texts
    are a list (an archive's months, an issue index): no one of them is the post's."""
    found: str | None = None
    for text, holder, _ in marks.dated:
        if len(text) > MAX_MONTH_LINE_CHARS * 2:
            continue
        line = " ".join(text.split())
        if len(line) > MAX_MONTH_LINE_CHARS or is_copyright(line):
            continue
        month = month_only(line)
        if month is None:
            continue
        context = _context(holder)
        if context is None:
            continue
        if not (context[1] or (post is not None and _within(holder, post))):
            continue
        if found is not None and found != month:
            return None
        found = month
    return found


def _labelled_date(
    line: str, day_first: bool, dots_day_first: bool = True
) -> tuple[str | None, str | None]:
    """The date right after a "published"/"updated" label in a longer text and that label,
    or (None, None): any other date in a sentence is one the text talks about."""
    if len(line) > MAX_LABELLED_CHARS:
        return None, None
    for match in _LABEL_THEN_DATE_RE.finditer(line):
        rest = match.group("rest")
        day = visible_date(rest, day_first, dots_day_first)
        if day and rest.find(day[:4]) <= 30:  # (the date starts the words after the label)
            return day, line[max(0, match.start() - 12) : match.start("rest")]
    return None, None


def _label(holder: HtmlElement, is_tail: bool, line: str) -> str:
    """The line and the words just before it ("Updated:", "Posted on"): what the date is."""
    if is_tail:  # the text of the child the date follows ("<span>Updated:</span> May 3")
        before = holder.text or ""
        for child in holder:
            if child.tail and line in " ".join(child.tail.split()):
                before = child.text or ""
                break
    else:
        before = words_before(holder, 30)
    return f"{before[-30:]} {line} {holder.get('class') or ''}"


def _context(holder: HtmlElement) -> tuple[bool, bool, bool] | None:
    """(a date-like class nearby, inside an <article> or <main>, inside a widget or sidebar),
    or None when the text sits in a comment, a related list, a footer or a form: another
    item's date. In C when built (``_cmeta.date_context``); what it does not model, Python."""
    if COMPILED_CONTEXT and _compiled_date_context is not None:
        bits = _compiled_date_context(
            holder, _SKIPPED_BYTES, _OFF_BYTES, _own_words_verdict, _words_verdict(" "), _VERDICTS
        )
        if bits >= 0:
            return bool(bits & 1), bool(bits & 2), bool(bits & 4)
        if bits == -1:
            return None
    return _python_context(holder)


# ``_own_words_verdict``'s answers by string, kept by the C walk (it is pure)
_VERDICTS: dict[str, int] = {}


def _own_words_verdict(words: str) -> int:
    """``_words_verdict(own_words(element))`` of an element's "class id" string."""
    return _words_verdict(words if "-" not in words else _without_taxonomy(words))


def _python_context(holder: HtmlElement) -> tuple[bool, bool, bool] | None:
    """``_context`` read through lxml's proxies (the reference the C walk is pinned to)."""
    hinted = False
    in_post = False
    in_footer = False
    aside = False
    for depth, node in enumerate((holder, *holder.iterancestors())):
        tag = node.tag  # (read once: lxml makes a new string at each read)
        if tag in ("body", "html"):
            break
        if tag == "footer":  # a post's own <footer> (inside its <article>) is its meta line
            in_footer = True
        elif tag in _OFF_TAGS or tag in SKIPPED_TAGS:
            return None
        if tag in ("article", "main"):
            in_post = True
            in_footer = False
        elif tag == "aside":  # a side column: a widget's dates, or the post's own
            aside = True
        verdict = _words_verdict(own_words(node))
        if verdict:
            if verdict & _NOT_POST:
                return None
            if depth < 3 and verdict & _HINT:
                hinted = True
            if verdict & _ASIDE:
                aside = True
    return None if in_footer else (hinted, in_post, aside)


_NOT_POST, _HINT, _ASIDE = 1, 2, 4


@lru_cache(maxsize=4096)
def _words_verdict(words: str) -> int:
    """What ``_context`` reads of an element's class and id words, as bits: another item's
    block, a date hint, a side column (0: none, or no words). Pure, so each string is judged
    once: a page's dated texts share most of their ancestors, and a site its class names."""
    words = _role_words(words)
    if not words.strip():
        return 0
    verdict = 0
    if may_hold(words, _NOT_POST_LITERALS) and _NOT_POST_RE.search(words):
        verdict = _NOT_POST
    if may_hold(words, _DATE_HINT_LITERALS) and _DATE_HINT_RE.search(words):
        verdict |= _HINT
    if may_hold(words, _ASIDE_LITERALS) and _ASIDE_RE.search(words):
        verdict |= _ASIDE
    return verdict


def _role_words(words: str) -> str:
    """Class and id words without the state classes ("has-profile", "has-comments",
    "has-sidebar"): those say what a block holds, not what it is (a forum post "has-profile",
    a post "has-comments"; neither is a profile or a comment)."""
    if "has-" not in words:
        return words
    return " ".join(word for word in words.split() if not word.startswith("has-"))


def _within(element: HtmlElement, block: HtmlElement) -> bool:
    return element is block or any(ancestor is block for ancestor in element.iterancestors())
