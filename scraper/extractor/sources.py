"""Raw metadata sources of one page, gathered in a few C-level passes over the tree.

Gathering is kept apart from deciding (metadata.py) so each source can be tested alone and so
the tree is walked only a handful of times: speed matters, metadata must cost well under 1 ms.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import chain
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import dates as date_forms
from scraper.extractor.datelines import DateLine
from scraper.extractor.dates import DayOrder
from scraper.extractor.datescan import VisibleDate
from scraper.extractor.jsonld import JsonLd, declares_article_in, parse_jsonld, types_page_in
from scraper.extractor.nearby import trailing_date
from scraper.extractor.pagemarks import MARKS_LIMIT, PageMarks, is_microdata_mark, walk_marks
from scraper.extractor.parse import collapsed_text

# The links' reading in C (``_cwalks.note_anchors``; optional): not built, or built for another
# lxml, the Python loop reads them, with the same result.
try:
    from scraper.extractor._cwalks import note_anchors as _compiled_note_anchors
except (ImportError, TypeError, ValueError):
    _compiled_note_anchors = None
try:
    from scraper.extractor._cwalks import gather_tags as _compiled_gather_tags
except (ImportError, TypeError, ValueError):
    _compiled_gather_tags = None
try:
    from scraper.extractor._cwalks import microdata_marks as _compiled_microdata_marks
except (ImportError, TypeError, ValueError):
    _compiled_microdata_marks = None
try:  # one build of _cmeta brings the four (round twenty-two)
    from scraper.extractor._cmeta import head_tags as _compiled_head_tags
    from scraper.extractor._cmeta import ld_scripts as _compiled_ld_scripts
    from scraper.extractor._cmeta import marks_within as _compiled_marks_within
    from scraper.extractor._cmeta import note_headings as _compiled_note_headings
except (ImportError, TypeError, ValueError):
    _compiled_head_tags = _compiled_ld_scripts = None
    _compiled_marks_within = _compiled_note_headings = None

__all__ = ["PageShape", "PageSources", "gather_sources", "term_links"]

MAX_TIME_ELEMENTS = 40
MAX_TERM_LINKS = 40
MAX_MICRODATA = 200
MANY_POSTS = 3
MAX_H1 = 4
MAX_ENTRY_TITLES = 2

_ITEMPROPS = frozenset(
    {
        "headline",
        "name",
        "author",
        "creator",
        "datePublished",
        "dateCreated",
        "dateModified",
        "articleSection",
        "keywords",
        "image",
    }
)
_ITEMTYPE_XPATH = etree.XPath("//@itemtype")
# Tags whose text no reader sees, gathered inside <body> (with its scripts) for printed.py.
UNSEEN_TEXT_TAGS = ("style", "noscript", "template", "svg", "textarea")
_UNSEEN_ALL = ("script", *UNSEEN_TEXT_TAGS)
_GATHERED_TAGS = (
    "a",
    "meta",
    "link",
    "script",
    "title",
    "time",
    "article",
    "h1",
    "h2",
    "h3",
    "body",
    *UNSEEN_TEXT_TAGS,
)
_HEADING_TAGS = frozenset({"h1", "h2", "h3"})
_HOME_HREF_RE = re.compile(r"^(?:/|\./|(?:https?:)?//[^/]+/?|/?index\.\w+)$", re.I)
_ENTRY_TITLE_RE = re.compile(r"(?:entry|post|article|story)[-_]?title|headline", re.I)
_UNUSED_LINK_RELS = ("stylesheet", "preload", "preconnect", "dns-prefetch", "icon", "modulepreload")
_READ_MORE_PHRASES = (
    "read more",
    "continue reading",
    "keep reading",
    "read the rest",
    "read full",
    "more »",
    "more…",
    "weiterlesen",
    "lire la suite",
    "leer más",
    "leggi tutto",
    "lees meer",
)
_READ_MORE_INITIALS = frozenset(phrase[0] for phrase in _READ_MORE_PHRASES) | frozenset(
    phrase[0].upper() for phrase in _READ_MORE_PHRASES
)
_UPDATED_RE = re.compile(r"updated|modified|edited|revised|aktualisiert", re.I)
_OFF_CONTENT_TOKEN_RE = re.compile(r"^(?:widget.*|sidebar|secondary|tagcloud|tag-cloud)$", re.I)
_BYLINE_TOKEN_RE = re.compile(
    r"^(?:byline|author|author-name|byline-name|article-author|post-author|"
    r"byline__name|byline-author|entry-author|author-link)$",
    re.I,
)


@dataclass(frozen=True, slots=True)
class PageShape:
    """Counts taken before the body stage prunes the tree: evidence for the classifier."""

    article_elements: int = 0
    heading_links: int = 0
    read_more_links: int = 0
    time_elements: int = 0
    pagination: bool = False


@dataclass(slots=True)
class TimeElement:
    """One ``<time>``: its machine date, its classes, its itemprop and visible text."""

    datetime: str | None
    classes: str
    itemprop: str
    text: str
    element: HtmlElement | None = None
    _updated: bool | None = None

    @property
    def updated(self) -> bool:
        """Marked as an update by its class or the words just before it ("Last modified:");
        read only when a date is looked for past the meta tags."""
        if self._updated is None:
            before = None
            if self.element is not None:
                previous = self.element.getprevious()
                parent = self.element.getparent()
                before = previous.tail if previous is not None else None
                if previous is None and parent is not None:
                    before = parent.text
            words = f"{self.classes} {(before or '')[-40:]} {self.text}"
            self._updated = bool(_UPDATED_RE.search(words))
        return self._updated


@dataclass(slots=True)
class PageSources:
    """Every raw value the page offers, keyed the way pages key them (lower-cased names)."""

    root: HtmlElement
    meta: dict[str, list[str]] = field(default_factory=dict)
    links: dict[str, list[str]] = field(default_factory=dict)
    jsonld: JsonLd = field(default_factory=JsonLd)
    times: list[TimeElement] = field(default_factory=list)
    term_anchors: list[HtmlElement] = field(default_factory=list)
    author_anchors: list[HtmlElement] = field(default_factory=list)
    anchors: list[HtmlElement] = field(default_factory=list)
    title: str | None = None
    h1: str | None = None
    h1s: list[str] = field(default_factory=list)
    logo_titles: list[str] = field(default_factory=list)
    entry_titles: list[str] = field(default_factory=list)
    entry_title_element: HtmlElement | None = None
    h1_element: HtmlElement | None = None
    # the element printing the declared headline, where no heading does (once asked: a 1-tuple)
    printed_headline: tuple[HtmlElement | None] | None = None
    headings_before_h1: int = 0
    first_article: HtmlElement | None = None
    # <body>'s scripts, styles, templates, SVGs and text areas in document order (the gather
    # walk sees them anyway): their text is in the body's serialised text but no reader's.
    unseen: list[HtmlElement] = field(default_factory=list)
    # every <script> in page order, when the gather pass made this (None: not looked for)
    scripts: list[HtmlElement] | None = None
    html_lang: str | None = None
    shape: PageShape = field(default_factory=PageShape)
    date_lines: list[DateLine] | None = None
    visible_dates: list[VisibleDate] | None = None
    url: str | None = None  # the page's address (its path may name the day)
    day_order: DayOrder | None = None  # how it writes numeric days, once asked
    # ``body.declares_article`` of the tree as gathered, from the walk's <meta>s and <script>s
    declared_article: bool = False
    # ``body.types_page`` (an og:type or any JSON-LD), from the same <meta>s and <script>s
    head_typed: bool = False
    _marks: PageMarks | None = None
    # ``_cwalks.mark_candidates``' answer for <body>, read in the gather walk (else None): the
    # marks walk then reads no node a second time.
    _prewalk: tuple[Any, ...] | None = None
    _microdata: dict[str, list[HtmlElement]] | None = None
    _bylines: list[HtmlElement] | None = None

    def first_meta(self, *keys: str) -> str | None:
        """The first non-empty content among the named meta tags, in the order asked."""
        for key in keys:
            for value in self.meta.get(key, ()):
                if value.strip():
                    return value.strip()
        return None

    def all_meta(self, key: str) -> list[str]:
        return [value.strip() for value in self.meta.get(key, ()) if value.strip()]

    @property
    def many_posts(self) -> bool:
        """Several <article> blocks and no JSON-LD article: bylines, <time>s and term links
        belong to the excerpts, not to the page, so markup heuristics must stay quiet."""
        return self.shape.article_elements >= MANY_POSTS and self.jsonld.main_article() is None

    @property
    def several_posts(self) -> bool:
        """``many_posts`` unless the page has an <h1> of its own (not a logo), and either no list
        of entry titles or the <h1> inside the first <article>: a thread, or an article with
        cards of other posts under its headline, is one post."""
        one_post = len(self.entry_titles) <= 1 or self._h1_in_first_article()
        if self.h1 is not None and one_post:
            return False
        return self.many_posts

    def _h1_in_first_article(self) -> bool:
        """The <h1> inside the first <article>: that article is the post, later ones cards."""
        if self.first_article is None or self.h1_element is None:
            return False
        return any(node is self.first_article for node in self.h1_element.iterancestors())

    def marks(self) -> PageMarks:
        """Author marks and year texts of the whole body: one walk, when first asked for."""
        if self._marks is None:
            self._marks = walk_marks(self.root, self._prewalk)
            self._prewalk = None
        return self._marks

    def walked_marks(self) -> PageMarks | None:
        """The marks when their walk has run (``marks()`` was asked for), else None."""
        return self._marks

    def microdata(self, prop: str) -> list[HtmlElement]:
        """Elements with ``itemprop=prop`` (not <meta>); searched only when first asked for."""
        if self._microdata is None:
            self._fallback_scan()
        return (self._microdata or {}).get(prop, [])

    def post_scope(self) -> HtmlElement:
        """Where the post's own byline and microdata live: the first <article>, else the
        block three levels around the <h1>, else the page. Searching less is faster."""
        if self.first_article is not None and self.shape.article_elements <= MANY_POSTS:
            return self.first_article
        scope = self.h1_element if self.h1_element is not None else self.entry_title_element
        for _ in range(3):
            parent = scope.getparent() if scope is not None else None
            if parent is None or parent.tag == "body":
                break
            scope = parent
        return scope if scope is not None and scope.tag not in _HEADING_TAGS else self.root

    def _fallback_scan(self) -> None:
        """Microdata and byline elements, from the post's block first, else the whole page."""
        scope = self.post_scope()
        microdata, bylines = self._scan(scope)
        if not microdata and not bylines and scope is not self.root and scope.tag != "article":
            microdata, bylines = self._scan(self.root)
        self._microdata = microdata
        self._bylines = bylines

    def _scan(self, scope: HtmlElement) -> tuple[dict[str, list[HtmlElement]], list[HtmlElement]]:
        """The whole page's scan reads the elements the marks walk kept (it saw all of <body>)
        and walks only the rest (<head>): a second walk of the page costs ~0.2 ms."""
        marks = self.marks()
        if not marks.complete:
            return _scan(scope)
        if scope is not self.root:
            body = self.root.find("body")
            if COMPILED_WITHIN and _compiled_marks_within is not None:
                inside = _compiled_marks_within(marks.microdata, scope, body)
            else:
                inside = _marks_within(marks.microdata, scope, body)
            return _scan(scope) if inside is None else _scan_elements(inside)
        body = scope.find("body")
        if body is None:  # the marks walk went over the whole tree
            return _scan_elements(marks.microdata)
        elements = [scope] if is_microdata_mark(scope) else []
        for child in scope.iterchildren():
            if child is body:
                elements.extend(marks.microdata)
            else:
                elements.extend(_microdata_marks_of(child))
        return _scan_elements(elements)

    def microdata_types(self) -> list[str]:
        """Bare ``itemtype`` names ("Article"), searched when asked for."""
        names: list[str] = []
        for value in _ITEMTYPE_XPATH(self.root)[:50]:
            for item in str(value).split():
                name = item.rstrip("/").rsplit("/", 1)[-1]
                if name and name not in names:
                    names.append(name)
        return names


def gather_sources(root: HtmlElement) -> PageSources:
    """One tag-filtered pass over the tree; microdata and bylines are searched only if needed.

    The walk (``_walk_tags``, or ``_cwalks.gather_tags`` in C) builds Python proxies only for
    the gathered tags, while every XPath walk costs about a quarter of the parse, so XPath is
    kept for fallbacks. Each kind of tag is then read in document order, as the walk met it.
    """
    sources = PageSources(root=root, html_lang=root.get("lang") or root.get("xml:lang"))
    tags: tuple[Any, ...] | None = None
    if COMPILED_GATHER and _compiled_gather_tags is not None:
        tags = _compiled_gather_tags(root, MARKS_LIMIT if COMPILED_GATHER_MARKS else -1)
    if tags is None:
        tags = _walk_tags(root)
    else:
        sources._prewalk = tags[11]
    anchors, metas, links, all_scripts, unseen, times, headings, titles = tags[:8]
    counts = _Counts(articles=tags[8], times=len(times))
    sources.first_article = tags[9]
    body = tags[10]
    sources.scripts = all_scripts
    sources.unseen = unseen
    declared = -1  # (``declares_article_in(metas)`` when the compiled loop read it: 1 or 0)
    if COMPILED_HEAD_TAGS and _compiled_head_tags is not None:
        declared = _compiled_head_tags(
            metas, links, sources.meta, sources.links, _UNUSED_LINK_RELS, _add_meta, _add_link
        )
    else:
        for element in metas:
            _add_meta(sources.meta, element)
        for element in links:
            _add_link(sources.links, element)
    scripts: list[str] = []
    # (compiled: only the <script>s whose type may hold "ld+json"; the test below decides, and
    # ``declares_article_in`` reads no other <script>: it wants "application/ld+json")
    ld_scripts = all_scripts
    if COMPILED_HEAD_TAGS and _compiled_ld_scripts is not None:
        ld_scripts = _compiled_ld_scripts(all_scripts)
    for element in ld_scripts:
        if "ld+json" in (element.get("type") or "").lower():
            if element.text:
                scripts.append(element.text)
            elif "escaped-jsonld" in date_forms.DATE_FORMS:
                scripts.extend(_attribute_json(element))
    sources.times.extend(_time_element(element) for element in times[:MAX_TIME_ELEMENTS])
    if COMPILED_HEAD_TAGS and _compiled_note_headings is not None:
        _compiled_note_headings(headings, sources, counts, _note_heading, _entry_title_class)
    else:
        for element in headings:
            _note_heading(sources, element, counts)
    for element in titles:
        if sources.title is None and _is_page_title(element):
            sources.title = collapsed_text(element) or None
    sources.declared_article = (
        declared == 1 if declared >= 0 else declares_article_in(metas)
    ) or declares_article_in(ld_scripts)
    sources.head_typed = sources.declared_article or types_page_in(chain(metas, ld_scripts))
    if body is not None and body.getnext() is not None:  # markup after </body>: not its own
        after = sum(1 for sibling in body.itersiblings() for _ in sibling.iter(_UNSEEN_ALL))
        del unseen[len(unseen) - after :]
    if len(sources.entry_titles) > 1:  # a list of posts: no one title is the page's
        sources.entry_title_element = None
    _note_anchors(sources, anchors, counts)
    sources.anchors = anchors
    if "escaped-jsonld" in date_forms.DATE_FORMS:
        scripts.extend(_meta_json(sources.meta))
    sources.jsonld = parse_jsonld(scripts)
    rels = sources.links
    sources.shape = PageShape(
        article_elements=counts.articles,
        heading_links=counts.heading_links,
        read_more_links=counts.read_more,
        time_elements=counts.times,
        pagination=bool(rels.get("next") or rels.get("prev") or counts.pagination),
    )
    return sources


# ``gather_sources`` takes its tags from ``_cwalks.gather_tags`` when built: the same lists from a
# walk over libxml2's nodes (a proxy only for a gathered element, no Python test per element).
COMPILED_GATHER = True
# ... and the marks walk's pre-walk of <body> (``pagemarks.walk_marks``) in the same walk.
COMPILED_GATHER_MARKS = True
# ``gather_sources`` reads the <meta>s' and <link>s' attributes, the headings that are no <h1>
# and no entry title, and the <script>s' types in C when built (``_cmeta.head_tags``,
# ``note_headings``, ``ld_scripts``): the same dicts, counts and scripts; an element with an
# odd attribute, and every other heading, read by Python.
COMPILED_HEAD_TAGS = True

_Tags = tuple[
    list[HtmlElement],  # anchors
    list[HtmlElement],  # metas
    list[HtmlElement],  # links
    list[HtmlElement],  # scripts
    list[HtmlElement],  # unseen: scripts and UNSEEN_TEXT_TAGS after <body> opened
    list[HtmlElement],  # times
    list[HtmlElement],  # headings (h1-h3)
    list[HtmlElement],  # titles
    int,  # articles
    HtmlElement | None,  # the first article
    HtmlElement | None,  # <body>, a child of the root
]


def _walk_tags(root: HtmlElement) -> _Tags:
    """The gathered tags by kind, each list in document order (the walk runs in document order:
    <head> first, so an unseen tag counts only once <body> has opened)."""
    anchors: list[HtmlElement] = []
    metas: list[HtmlElement] = []
    links: list[HtmlElement] = []
    scripts: list[HtmlElement] = []
    unseen: list[HtmlElement] = []
    times: list[HtmlElement] = []
    headings: list[HtmlElement] = []
    titles: list[HtmlElement] = []
    articles = 0
    first_article = body = None
    for element in root.iter(_GATHERED_TAGS):
        tag = element.tag
        if tag == "a":
            anchors.append(element)
        elif tag == "meta":
            metas.append(element)
        elif tag == "link":
            links.append(element)
        elif tag == "script":
            scripts.append(element)
            if body is not None:
                unseen.append(element)
        elif tag in UNSEEN_TEXT_TAGS:
            if body is not None:
                unseen.append(element)
        elif tag == "body":
            if body is None and element.getparent() is root:
                body = element
        elif tag == "time":
            times.append(element)
        elif tag == "article":
            articles += 1
            if first_article is None:
                first_article = element
        elif tag in _HEADING_TAGS:
            headings.append(element)
        else:
            titles.append(element)
    return (
        anchors,
        metas,
        links,
        scripts,
        unseen,
        times,
        headings,
        titles,
        articles,
        first_article,
        body,
    )


@dataclass(slots=True)
class _Counts:
    articles: int = 0
    times: int = 0
    heading_links: int = 0
    read_more: int = 0
    pagination: int = 0


def is_home_href(href: str) -> bool:
    """A link to the site's home page ("/", "./", "//host/", "/index.html")."""
    return bool(_HOME_HREF_RE.match(href))


def links_out(heading: HtmlElement) -> bool:
    """Whether some <a> in the heading leads off the page: a post's title linking to the post
    does; a section's permalink (``href="#install"``) or a named anchor does not, so a long
    post whose every heading carries one is no page of linked teasers."""
    return any(not (a.get("href") or "#").startswith("#") for a in heading.iterdescendants("a"))


def _note_heading(sources: PageSources, heading: HtmlElement, counts: _Counts) -> None:
    """<h1>s (a logo <h1> linking home names the site), and post titles in lower headings."""
    link = next(heading.iterdescendants("a"), None)
    if link is not None and links_out(heading):
        counts.heading_links += 1
    is_h1 = heading.tag == "h1"  # (read once: lxml makes a new string at each read)
    if sources.h1_element is None and not is_h1:
        sources.headings_before_h1 += 1
    if is_h1:
        if len(sources.h1s) + len(sources.logo_titles) >= MAX_H1:
            return
        text = heading_text(heading)
        if not text:
            return
        if link is not None and _HOME_HREF_RE.match(link.get("href") or "-"):
            sources.logo_titles.append(text)
            return
        sources.h1s.append(text)
        if sources.h1 is None:
            sources.h1 = text
            sources.h1_element = heading
    elif len(sources.entry_titles) < MAX_ENTRY_TITLES and _is_entry_title(heading):
        text = heading_text(heading)
        if text:
            sources.entry_titles.append(text)
            if sources.entry_title_element is None:
                sources.entry_title_element = heading


def _is_entry_title(heading: HtmlElement) -> bool:
    classes = heading.get("class") or ""
    if classes and _entry_title_class(classes):
        return True
    return "headline" in (heading.get("itemprop") or "")


@lru_cache(maxsize=4096)
def _entry_title_class(classes: str) -> bool:
    """``_ENTRY_TITLE_RE`` in a heading's class, once per string: a list's cards repeat theirs."""
    return _ENTRY_TITLE_RE.search(classes) is not None


def heading_text(heading: HtmlElement) -> str:
    """A heading's visible text; a <br> counts as a space ("Legacy<br>of" is two words), and
    what a reader never sees as the headline is left out: a button ("Copy item path"), a style
    or script, a hidden or aria-hidden part, and a badge that opens the heading (a thread's
    prefix label, "Question"; the post's <time>) or the post's <time> that closes it (unless
    that leaves nothing)."""
    badge = _leading_badge(heading)
    if badge is None and TRAILING_DATES:
        badge = trailing_date(heading)
    if (
        badge is None
        and next(heading.iterdescendants(_HEADING_SPECIAL), None) is None
        and not any(_is_unseen(node) for node in heading.iterdescendants())
    ):
        return collapsed_text(heading)
    pieces: list[str] = []
    skipping: HtmlElement | None = None
    for event, node in etree.iterwalk(heading, events=("start", "end")):
        if event == "start":
            if skipping is not None:
                continue
            if node is not heading and (
                node is badge or node.tag in _UNSEEN_TAGS or _is_unseen(node)
            ):
                skipping = node
            elif node.tag == "br":
                pieces.append(" ")
            elif isinstance(node.tag, str) and node.text:
                pieces.append(node.text)
        elif node is skipping:
            skipping = None
            if node.tail:
                pieces.append(node.tail)
        elif skipping is None and node is not heading and node.tail:
            pieces.append(node.tail)
    text = " ".join("".join(pieces).split())
    return text or collapsed_text(heading)


_UNSEEN_TAGS = frozenset({"button", "script", "style", "template", "noscript", "svg", "select"})
# A badge's class word: forum engines print a thread's prefix as ``<span class="label">``.
_BADGE_CLASS_RE = re.compile(r"(?<![^\s_-])(?:label|badge|prefix|chip|pill)(?![^\s_-])", re.I)
MAX_BADGE_WORDS = 4


def _leading_badge(heading: HtmlElement) -> HtmlElement | None:
    """The element that opens a heading, before any of its text, when it is a badge (a label's
    class, or a <time>) followed by more text: "<span class='label'>Question</span> Want to
    know…", "<a><time>Dec 18 2025</time> Preparing a transition</a>". The headline is what
    follows it; og:title and <title> often keep the badge, so no other source says so."""
    node = heading
    for _ in range(3):  # the heading, a link around its text, a span around that
        if (node.text or "").strip():
            return None
        child = next(node.iterchildren(), None)
        if child is None or not isinstance(child.tag, str):
            return None
        if child.tag == "time" or _BADGE_CLASS_RE.search(child.get("class") or ""):
            words = len(collapsed_text(child).split())
            rest = (child.tail or "").strip() or any(
                (s.text or "").strip() or (s.tail or "").strip() for s in child.itersiblings()
            )
            return child if 1 <= words <= MAX_BADGE_WORDS and rest else None
        node = child
    return None


# A heading's closing <time> is the post's date, no part of its headline (``trailing_date``).
TRAILING_DATES = True

_HEADING_SPECIAL = ("br", *sorted(_UNSEEN_TAGS))
_DISPLAY_NONE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _is_unseen(node: HtmlElement) -> bool:
    """Hidden from the reader by its attributes (``hidden``, ``aria-hidden``, an inline style)."""
    if not isinstance(node.tag, str):
        return False
    if node.get("hidden") is not None or node.get("aria-hidden") == "true":
        return True
    style = node.get("style")
    return bool(style) and bool(_DISPLAY_NONE_RE.search(style))


# ``_note_anchors`` reads each link's rel, class and text in C when built: same lists and counts.
COMPILED_ANCHORS = True


def _note_anchors(sources: PageSources, anchors: list[HtmlElement], counts: _Counts) -> None:
    """Term and author links, read-more and pagination links: ``_note_anchor`` for each."""
    if COMPILED_ANCHORS and _compiled_note_anchors is not None:
        terms, authors, read_more, pagination = _compiled_note_anchors(anchors, _note_anchor)
        sources.term_anchors.extend(terms)
        sources.author_anchors.extend(authors)
        counts.read_more = read_more
        counts.pagination = pagination
        return
    read_more = pagination = 0
    for anchor in anchors:
        rel_kind, count_kind = _note_anchor(anchor)
        if rel_kind == 1:
            sources.term_anchors.append(anchor)
        elif rel_kind == 2:
            sources.author_anchors.append(anchor)
        if count_kind == 1:
            read_more += 1
        elif count_kind == 2:
            pagination += 1
    counts.read_more = read_more
    counts.pagination = pagination


def _note_anchor(anchor: HtmlElement) -> tuple[int, int]:
    """``(rel_kind, count_kind)`` of one link: rel_kind 1 for a term (rel=tag/category), 2
    for an author (rel=author); count_kind 1 for read-more, 2 for pagination. Cheap string
    tests only, cheapest first: a page can hold thousands of links."""
    rel_kind = 0
    rel = anchor.get("rel")
    if rel:
        rel_words = rel.lower().split()
        if "tag" in rel_words or "category" in rel_words:
            rel_kind = 1
        elif "author" in rel_words:
            rel_kind = 2
    classes = anchor.get("class")
    if classes:
        classes = classes.lower()
        if "more-link" in classes or "read-more" in classes or "readmore" in classes:
            return rel_kind, 1
        if "page-numbers" in classes or "pager" in classes or "paginat" in classes:
            return rel_kind, 2
    text = anchor.text
    if text and len(text) < 40:
        text = text.lstrip()
        if text[:1] in _READ_MORE_INITIALS and text.lower().startswith(_READ_MORE_PHRASES):
            return rel_kind, 1
    return rel_kind, 0


def _marks_within(
    marks: list[HtmlElement], scope: HtmlElement, body: HtmlElement | None
) -> list[HtmlElement] | None:
    """The marks (page order) that are ``scope`` or under it, found by walking up from each
    mark, each ancestor once (marks cluster), instead of walking down the whole block; None
    when ``scope`` lies outside the part of the page the marks walk saw (not under <body>)."""
    if body is not None and not _under(scope, body, {body: True}):
        return None
    known: dict[HtmlElement, bool] = {scope: True}
    return [mark for mark in marks if _under(mark, scope, known)]


def _microdata_marks_of(element: HtmlElement) -> list[HtmlElement]:
    """``is_microdata_mark`` elements of ``element.iter(etree.Element)`` (the <head> beside the
    body the marks walk read), from the compiled filter when built (a proxy only for a kept
    element; None, an attribute it does not read in place: the Python filter)."""
    if not isinstance(element.tag, str):  # a comment or PI: no element in it
        return []
    if COMPILED_WITHIN and _compiled_microdata_marks is not None:
        found = _compiled_microdata_marks(element, MAX_ROOT_MARKS)
        if found is not None and len(found) < MAX_ROOT_MARKS:
            return found
    return list(filter(is_microdata_mark, element.iter(etree.Element)))


# ``PageSources._scan`` tests a mark's place under the post's block (``_cmeta.marks_within``) and
# filters the <head>'s elements (``_cwalks.microdata_marks``) in C when built: the same lists.
COMPILED_WITHIN = True
# The compiled head filter's cap: reached, the Python filter reads the part again (whole).
MAX_ROOT_MARKS = 100_000


def _under(element: HtmlElement, top: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """``element`` is ``top`` or under it; ``known`` memoises the answer for every node passed
    (each proxy it holds stays alive, so identity keys are safe)."""
    path: list[HtmlElement] = []
    node: HtmlElement | None = element
    while node is not None and node not in known:
        path.append(node)
        node = node.getparent()
    answer = known[node] if node is not None else False
    for passed in path:
        known[passed] = answer
    return answer


def _scan(scope: HtmlElement) -> tuple[dict[str, list[HtmlElement]], list[HtmlElement]]:
    # One walk finds both fallbacks (microdata and byline classes). A Python walk with two
    # attribute reads beats an XPath with contains() by a third; the C walk, when built, makes
    # a proxy only for the elements the loop keeps (the pages that get here are the largest).
    if COMPILED_MICRODATA and _compiled_microdata_marks is not None:
        elements = _compiled_microdata_marks(scope, MAX_MICRODATA + 1)
        if elements is not None:
            return _scan_elements(elements)
    return _scan_elements(scope.iter(etree.Element))


# ``_scan`` takes the elements ``_scan_elements`` reads from ``_cwalks.microdata_marks`` when
# built: same elements in the same order, the rest passed over in C.
COMPILED_MICRODATA = True


def _scan_elements(
    elements: Iterable[HtmlElement],
) -> tuple[dict[str, list[HtmlElement]], list[HtmlElement]]:
    microdata: dict[str, list[HtmlElement]] = {}
    bylines: list[HtmlElement] = []
    seen = 0
    for element in elements:
        itemprop = element.get("itemprop")
        classes = element.get("class")
        if itemprop is None and not (classes and ("byline" in classes or "author" in classes)):
            continue
        seen += 1
        if seen > MAX_MICRODATA:
            break
        if itemprop and element.tag != "meta":
            for name in itemprop.split():
                if name in _ITEMPROPS:
                    microdata.setdefault(name, []).append(element)
        if classes and any(_BYLINE_TOKEN_RE.match(token) for token in classes.split()):
            bylines.append(element)
    return microdata, bylines


def term_links(sources: PageSources) -> tuple[list[str], list[str]]:
    """(tags, categories) named by rel=tag / rel=category links and WordPress term lists."""
    tags: list[str] = []
    categories: list[str] = []
    for link in sources.term_anchors[:MAX_TERM_LINKS]:
        text = collapsed_text(link)
        if not text or len(text) > 80 or _off_content(link):
            continue
        rel = (link.get("rel") or "").lower().split()
        parent = link.getparent()
        parent_classes = (parent.get("class") or "") if parent is not None else ""
        is_category = (
            "category" in rel or "cat-links" in parent_classes or ("categor" in parent_classes)
        )
        target = categories if is_category else tags
        if text not in target:
            target.append(text)
    return tags, categories


def _off_content(element: HtmlElement) -> bool:
    """Inside a sidebar, widget or tag cloud: site-wide lists, not this page's terms."""
    for ancestor in element.iterancestors():
        if ancestor.tag == "aside":
            return True
        for token in (ancestor.get("class") or "").split():
            if _OFF_CONTENT_TOKEN_RE.match(token):
                return True
        if (ancestor.get("id") or "").lower() in {"sidebar", "secondary"}:
            return True
    return False


def _is_page_title(element: HtmlElement) -> bool:
    """A <title> of the document, not of an inline SVG icon."""
    parent = element.getparent()
    return parent is None or parent.tag not in {"svg", "g", "symbol"}


def _attribute_json(script: HtmlElement) -> list[str]:
    """The JSON-LD an empty ld+json script carries in an attribute (React renders
    ``<script type="application/ld+json" children="{&quot;@type&quot;: ...}">``; the parser
    has unescaped it already)."""
    return [
        value
        for name, value in script.attrib.items()
        if name != "type" and value.lstrip()[:1] in ("{", "[")
    ]


def _meta_json(meta: dict[str, list[str]]) -> list[str]:
    """JSON-LD a meta tag carries (``<meta name="script:ld+json" content="{...}">``)."""
    return [
        value
        for key, values in meta.items()
        if "ld+json" in key
        for value in values
        if value.lstrip()[:1] in ("{", "[")
    ]


def _add_meta(meta: dict[str, list[str]], element: HtmlElement) -> None:
    content = element.get("content")
    if content is None:
        return
    key = (
        element.get("property")
        or element.get("name")
        or element.get("itemprop")
        or element.get("http-equiv")
    )
    if key:
        meta.setdefault(key.strip().lower(), []).append(content)


def _add_link(links: dict[str, list[str]], element: HtmlElement) -> None:
    rel = element.get("rel")
    if not rel or rel.startswith(_UNUSED_LINK_RELS):
        return
    href = element.get("href")
    if href:
        for name in rel.lower().split():
            links.setdefault(name, []).append(href.strip())


def _time_element(element: HtmlElement) -> TimeElement:
    return TimeElement(
        datetime=element.get("datetime"),
        classes=(element.get("class") or "").lower(),
        itemprop=(element.get("itemprop") or "").lower(),
        text=collapsed_text(element)[:80],
        element=element,
    )
