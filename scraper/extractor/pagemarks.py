"""One walk over the page's body for what the author and date scans read.

Both scans (authorscan.py, datescan.py) look at the whole page, so they share this one pass:
elements marked as naming someone (a ``rel=author`` or ``itemprop=author`` link, a profile
link, an author/byline class, a "By ..." text) and short texts holding a year, plus counts of
a few tags (paragraphs, list items, buttons) that say what kind of page it is. A few string
tests per element; the rest of the work is done only on what they keep.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import islice
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.authors import (
    CJK_LABEL_INITIALS,
    CJK_LABELS,
    DATE_BY_LABEL,
    LEAD_SEPARATOR,
    LEAD_SEPARATORS,
    SENTENCE_LABELS,
)
from scraper.extractor.dates import visible_date
from scraper.extractor.vocab import BLOCK_TAGS

# The compiled pre-walk (built from _cwalks.pyx by setup.py; optional). Not built, or built
# for another lxml (a C type or function that does not match): the Python walk reads every
# element itself.
try:
    from scraper.extractor._cwalks import mark_candidates as _compiled_scan
except (ImportError, TypeError, ValueError):
    _compiled_scan = None
try:
    from scraper.extractor._cmeta import marks_loop as _compiled_loop
except (ImportError, TypeError, ValueError):
    _compiled_loop = None

__all__ = [
    "BY_TAIL",
    "LINE_TAGS",
    "MARKS_LIMIT",
    "SKIPPED_TAGS",
    "PageMarks",
    "is_microdata_mark",
    "walk_marks",
]

# The compiled pre-walk (``_cwalks.mark_candidates``) when built: same marks, less CPU.
COMPILED_WALK = True
# ... and the loop over the elements it hands over in C (``_cmeta.marks_loop``): same marks.
COMPILED_LOOP = True
MAX_ELEMENTS = 3000
MARKS_LIMIT = MAX_ELEMENTS + 1  # the pre-walk's limit: one more element says "not complete"
MAX_AUTHOR_MARKS = 24
MAX_DATED = 60
MAX_TEXT_CHARS = 80
MAX_DATED_CHARS = 270
# The kind of a "By" line that opens in an element's tail (``by_tail``): the mark is the
# element the line follows; authorscan reads the line from its tail on.
BY_TAIL = "by tail"

_TOKEN_RE = re.compile(
    r"(?:^|[-_]|(?<=[a-z]))(?:author|authors|byline|bylines|writer|contributor|creator|"
    r"username|user-?name|poster|p-author|h-card|vcard|postedby|posted-?by)"
    r"(?:$|[-_]|(?-i:(?=[A-Z])))",  # "author-name", "author_name", camel case "authorName"
    re.I,
)
_PROFILE_HREF_RE = re.compile(
    r"(?:^|/)(?:author|authors|writer|writers|contributors?|people|staff|profile|profiles|user|users|"
    r"members?|u)/[^/?#]+",
    re.I,
)
# A byline's text, or its label alone ("<h2>Article by</h2><div>Jo Roe</div>": the scan then
# reads what follows the label).
BY_TEXT_RE = re.compile(
    r"^\s*" + LEAD_SEPARATOR + "(?:" + SENTENCE_LABELS + "|" + DATE_BY_LABEL + "|"
    r"(?:(?:article|post|story)\s+)?(?:written|posted|published|reported|story|words|"
    r"article|text|authored)\s+by|by|author|authors|autor|auteur|von|par|por|door|"
    + CJK_LABELS
    + r")\b\s*[:：]?\s*(?:\S|$)",
    re.I,
)
_COUNTED_TAGS = frozenset(
    {"p", "li", "button", "input", "h2", "h3", "img", "table", "form", "select", "article"}
)
_BY_INITIALS = (
    frozenset("BbWwPpRrSsAaTtVvDdCcJjFfMmOoNn0123456789") | CJK_LABEL_INITIALS | LEAD_SEPARATORS
)
_YEAR_RE = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
SKIPPED_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "title", "textarea"})
_SKIPPED = "skipped"
_COUNTED = "counted"
_TAG_ROLES = dict.fromkeys(SKIPPED_TAGS, _SKIPPED) | dict.fromkeys(_COUNTED_TAGS, _COUNTED)


@dataclass(slots=True)
class PageMarks:
    """(element, kind) of each author mark, and (text, holder, is_tail) of each year text."""

    authors: list[tuple[HtmlElement, str]] = field(default_factory=list)
    dated: list[tuple[str, HtmlElement, bool]] = field(default_factory=list)
    tags: dict[str, int] = field(default_factory=dict)  # how many of each _COUNTED_TAGS
    paragraph_chars: int = 0  # the own text of <p>s: prose, as posts and threads have
    # Elements with an itemprop or a byline/author class (``is_microdata_mark``), for the
    # microdata scan of sources.py, which then walks the page no second time; ``complete``:
    # the walk reached every element (under MAX_ELEMENTS), so the list is the whole body's.
    microdata: list[HtmlElement] = field(default_factory=list)
    complete: bool = False
    # The compiled walk's comment-area test over the whole of ``walked`` (the body, else the
    # root): 1 a <textarea> or a comment area's id, 0 none, -1 an id not read; None when the
    # walk was not the compiled one or stopped at MAX_ELEMENTS (``_cwalks.comment_area``).
    comment_area: int | None = None
    walked: HtmlElement | None = None


def walk_marks(root: HtmlElement, prewalk: tuple[Any, ...] | None = None) -> PageMarks:
    """Cheapest tests first: most elements have no class hint, no year and no "By".

    ``prewalk``: the compiled pre-walk's answer for <body> when the caller's own walk read it
    (``_cwalks.gather_tags``), else it runs here.

    About a microsecond per element, mostly lxml building ``tag``/``text``/``tail`` strings:
    each is read once, and a page's few distinct class strings are tested once each.
    """
    marks = PageMarks()
    authors = marks.authors
    dated = marks.dated
    counts = marks.tags
    body = root.find("body")
    year = _YEAR_RE.search
    by_text = BY_TEXT_RE.match
    class_marks: dict[str, bool] = {}  # class attribute -> names someone
    paragraph_chars = 0
    authors_open = dated_open = True  # below the caps; re-tested only after an append
    microdata = marks.microdata
    base = body if body is not None else root
    # The compiled pre-walk, when built (and ``COMPILED_WALK``), reads every element in C, counts
    # the tags and the paragraphs' characters, and gives this loop only the elements one of its
    # tests could keep; anything it does not model (None) leaves the whole walk to this loop.
    found = prewalk if COMPILED_WALK else None
    if found is None and COMPILED_WALK and _compiled_scan:
        found = _compiled_scan(base, MARKS_LIMIT)
    if found is None:
        walk = base.iter(etree.Element)
        elements: Iterable[HtmlElement] = islice(walk, MAX_ELEMENTS + 1)
        count_tags = True
    else:
        elements, counted, paragraph_chars, marks.complete, comment = found
        marks.paragraph_chars = paragraph_chars
        if marks.complete:
            marks.comment_area = comment
            marks.walked = base
        counts.update(counted)
        count_tags = False
        if COMPILED_LOOP and _compiled_loop is not None:
            tests = (
                _TAG_ROLES,
                _SKIPPED,
                _class_marked,
                _link_kind,
                year,
                by_text,
                _BY_INITIALS,
                by_tail,
            )
            limits = (MAX_TEXT_CHARS, MAX_DATED_CHARS, MAX_DATED, MAX_AUTHOR_MARKS)
            if _compiled_loop(elements, marks, class_marks, tests, limits):
                return marks  # (the pre-walk's paragraph characters are set above)
    for element in elements:
        tag = element.tag
        classes = element.get("class")
        if element.get("itemprop") is not None or (
            classes and ("byline" in classes or "author" in classes)
        ):
            microdata.append(element)
        role = _TAG_ROLES.get(tag)
        if role is _SKIPPED:  # (its text is no reader's, but its tail is: "<svg/> May 3, 2024")
            tail = element.tail
            if authors_open and tail and by_tail(element, tail):
                authors.append((element, BY_TAIL))
                authors_open = len(authors) < MAX_AUTHOR_MARKS
            if dated_open and tail and len(tail) <= MAX_DATED_CHARS and year(tail):
                parent = element.getparent()
                if parent is not None:
                    dated.append((tail, parent, True))
                    dated_open = len(dated) < MAX_DATED
            continue
        text = element.text
        if role is _COUNTED and count_tags:
            counts[tag] = counts.get(tag, 0) + 1
            if tag == "p" and text:
                paragraph_chars += len(text)
        if authors_open:
            kind = None
            if classes:
                marked = class_marks.get(classes)
                if marked is None:
                    marked = class_marks[classes] = _class_marked(classes)
                if marked:
                    kind = "class"
            if kind is None and tag == "a":
                kind = _link_kind(element)
            if (
                kind is None
                and text
                and len(text) < MAX_TEXT_CHARS
                and text.lstrip()[:1] in _BY_INITIALS
                and by_text(text)
            ):
                kind = "by text"
            if kind is not None:
                authors.append((element, kind))
                authors_open = len(authors) < MAX_AUTHOR_MARKS
            tail = element.tail
            if authors_open and tail and by_tail(element, tail):
                authors.append((element, BY_TAIL))
                authors_open = len(authors) < MAX_AUTHOR_MARKS
        if dated_open:
            if (
                text
                and ("20" in text or "19" in text)
                and len(text) <= MAX_DATED_CHARS
                and year(text)
            ):
                dated.append((text, element, False))
                dated_open = len(dated) < MAX_DATED  # the tail is still read: as before
            tail = element.tail
            if tail and ("20" in tail or "19" in tail) and len(tail) <= MAX_DATED_CHARS:
                parent = element.getparent()
                if parent is not None and year(tail):
                    dated.append((tail, parent, True))
                    dated_open = len(dated) < MAX_DATED
    marks.paragraph_chars = paragraph_chars
    if count_tags:
        marks.complete = next(walk, None) is None
    return marks


def by_tail(element: HtmlElement, tail: str) -> bool:
    """A "By" line opening in the text after an element that ends a field of its own: a
    heading or block, a line break, an icon, a date ("<h1>…</h1> Posted by Jo Roe on …",
    "<time>May 2</time> by <a>Jo Roe</a>", "<br>By Jo Roe"). After a word of a sentence
    ("accredited</a> by the Higher Learning Commission") it is prose; after a text that
    names no day, a change log's or a talk's credit ("(<a>#17322</a> by <a>@acdlite</a>)",
    "<a>WebAssembly @Codemotion 2018 Rome</a> by <a>Jo Roe</a>")."""
    if len(tail) >= MAX_TEXT_CHARS or tail.lstrip()[:1] not in _BY_INITIALS:
        return False
    if not BY_TEXT_RE.match(tail):
        return False
    if element.tag in LINE_TAGS or element.tag == "time":
        return True
    text = "".join(islice(element.itertext(with_tail=False), 8))
    shown = text.strip()
    if not shown or shown in LEAD_SEPARATORS:  # ("<span>·</span> By Jo Roe")
        return True
    return _YEAR_RE.search(text) is not None and bool(visible_date(text))


# What ends a line of its own: the text after it opens a new one.
LINE_TAGS = BLOCK_TAGS | {"br", "img", "svg", "picture"}


@lru_cache(maxsize=4096)
def _class_marked(classes: str) -> bool:
    """A class string naming someone ("author-name", "byline"): judged once per string, as a
    site's pages repeat their class strings."""
    return _hinted(classes) and any(_TOKEN_RE.search(token) for token in classes.split())


def is_microdata_mark(element: HtmlElement) -> bool:
    """An itemprop, or a class naming a byline or an author: what the microdata scan reads."""
    classes = element.get("class")
    return element.get("itemprop") is not None or bool(
        classes and ("byline" in classes or "author" in classes)
    )


def _hinted(classes: str) -> bool:
    """Substring tests: a case-insensitive regex alternation costs ~5 us per element."""
    low = classes.lower()
    return (
        "auth" in low
        or "byl" in low
        or "user" in low
        or "writer" in low
        or "contrib" in low
        or "creator" in low
        or "poster" in low
        or "card" in low
    )


def _link_kind(link: HtmlElement) -> str | None:
    rel = link.get("rel")
    if rel and "author" in rel.lower().split():
        return "rel"
    if link.get("itemprop") == "author":
        return "itemprop"
    href = link.get("href")
    if href and _may_be_profile(href) and _PROFILE_HREF_RE.search(href):
        return "profile link"
    return None


# The path words a relative profile address opens with ("author/jo-roe.html", beside the post);
# "staff/" is met by the "taff/" test below.
_PROFILE_INITIALS = ("u", "auth", "wr", "contr", "peop", "prof", "memb")


def _may_be_profile(href: str) -> bool:
    """Substring tests that every ``_PROFILE_HREF_RE`` match passes, at a third of its cost.
    None holds an s, i or k, the letters case folding also matches from non-ASCII ones."""
    low = href.lower()
    return (
        "/u" in low
        or low.startswith(_PROFILE_INITIALS)
        or "/auth" in low
        or "/wr" in low
        or "/contr" in low
        or "/peop" in low
        or "taff/" in low
        or "/prof" in low
        or "/memb" in low
    )
