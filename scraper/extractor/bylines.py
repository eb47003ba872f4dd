"""Visible bylines: the author as the page prints it, when no field declares one.

Three kinds of evidence, strongest first: ``rel=author`` links, elements whose class or id says
they hold an author ("byline", "author-name", "username", "creator" ...), and text that reads as a
byline ("By Jane Doe", "Written by", "Author:"). Only the post's own block is searched (the
first <article>, else the block around the <h1>), and never a comment, a review, a sidebar or
a footer: those name other people. The first element that yields a name wins, with every name
it holds (co-authors share one byline), so a list of answers or reviews never becomes a list of
authors.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.authors import (
    CJK_LABEL_INITIALS,
    CJK_LABELS,
    SENTENCE_LABELS,
    clean_authors,
    looks_like_handle,
)
from scraper.extractor.authorscan import name_twins
from scraper.extractor.nearby import after, before, own_words
from scraper.extractor.parse import collapsed_text

# The compiled walk around the headline (``_cwalks.near_headline``; optional): the elements
# the scan's tests may keep and the cards' starts, numbered as the walk numbers them.
try:
    from scraper.extractor._cwalks import NEAR_TESTS
    from scraper.extractor._cwalks import near_headline as _compiled_near
except (ImportError, TypeError, ValueError):
    _compiled_near = None
    NEAR_TESTS = {}

# ``_scan`` walks around the headline in C when built: same bylines.
COMPILED_NEAR = True

__all__ = ["Byline", "find_bylines"]

MAX_SCANNED = 300
MAX_BYLINE_CHARS = 120
MAX_FOUND = 3

_AUTHOR_TOKEN_RE = re.compile(
    r"(?:^|[-_]|(?<=[a-z]))(?:author|authors|byline|bylines|byl|creator|writer|posted-?by|postedby|"
    r"username|user-?name|poster|post-?author|entry-?author|article-?author|by-?author)"
    r"(?:$|[-_](?:name|link|info|meta|wrap|wrapper|block|details|text|title|main)$|__name$)",
    re.I,
)
_AUTHOR_HINT_RE = re.compile(r"auth|byl|user|creator|writer|poster", re.I)
_HANDLE_TOKEN_RE = re.compile(r"user-?name|poster|creator", re.I)
_OTHER_PEOPLE_RE = re.compile(  # at the start of a class word or of one of its parts
    r"(?:^|[-_\s])(?:comment|review|testimonial|reply|replies|respond|related|recommend|"
    r"sidebar|widget|quote|avatar|bio\b|author-?bio|about-?the-?author|author-?box|more-?from|"
    r"newsletter|share|social)",
    re.I,
)
_NAME_CHILD_RE = re.compile(r"(?:^|[-_\s])(?:name|fn|nickname)(?:$|[-_\s])", re.I)
_BYLINE_TEXT_RE = re.compile(
    r"^\s*(?:" + SENTENCE_LABELS + "|"
    r"(?:written|posted|published|reported|story|words|article)\s+by|by|author|authors|"
    r"autor|auteur|von|par|por|door|" + CJK_LABELS + r")\b\s*[:：]?\s*\S",
    re.I,
)
_BYLINE_WORD_RE = re.compile(
    r"^\s*(?:" + SENTENCE_LABELS + "|"
    r"(?:written|posted|published|reported|story|words|article)\s+by|by|author|authors|"
    r"autor|auteur|von|par|por|door|" + CJK_LABELS + r")\s*[:：]?\s*$",
    re.I,
)
# The first letters both byline regexes can start with (case folding adds the long s): one set
# test spares the two regex calls on nearly every text.
_BYLINE_INITIALS = frozenset("WwPpRrSs\u017fAaBbVvDdTtCc") | CJK_LABEL_INITIALS
_PAGE_TAGS = frozenset({"body", "html"})
_CARD_TAGS = frozenset({"article", "h2", "h3", "h4"})
_OFF_TAGS = frozenset({"aside", "nav", "form", "blockquote", "script", "style"})


@dataclass(frozen=True, slots=True)
class Byline:
    """Names found by one kind of evidence, and the kind (for provenance)."""

    source: str
    names: tuple[str, ...]


def find_bylines(
    scope: HtmlElement,
    headline: HtmlElement | None,
    author_anchors: list[HtmlElement],
    site_name: str | None,
) -> Iterator[Byline]:
    """Each byline the post's block shows, strongest kind first; names cleaned strictly.

    A generator: the caller stops at the first one it takes, so the walk stops there too.
    """
    for anchor in author_anchors[:MAX_FOUND]:
        if scope.tag in _PAGE_TAGS or not _within(anchor, scope) or _names_other_people(anchor):
            continue
        names = clean_authors([collapsed_text(anchor)], site_name)
        if names:
            yield Byline("rel=author", names[:1])
            break
    address = _post_address(scope, headline)
    if address is not None and (names := _element_names(address, site_name)):
        yield Byline("byline element", names)
    yield from _scan(scope, headline, site_name)


def _post_address(scope: HtmlElement, headline: HtmlElement | None) -> HtmlElement | None:
    """HTML's own mark for an article's writer: an ``<address>`` in the headline's
    ``<article>`` ("<address>SimJoSt</address>" beside the date), none in a comment or aside."""
    if scope.tag == "article":
        article: HtmlElement | None = scope
    elif headline is None or scope.tag in _PAGE_TAGS:
        return None
    else:
        article = next(headline.iterancestors("article"), None)
        if article is None or not _within(article, scope):
            return None
    address = next(article.iter("address"), None)
    if address is None or _names_other_people(address):
        return None
    return address


def _within(element: HtmlElement, block: HtmlElement) -> bool:
    return any(ancestor is block for ancestor in element.iterancestors())


def _scan(
    scope: HtmlElement, headline: HtmlElement | None, site_name: str | None
) -> Iterator[Byline]:
    """Page order from the top of the post's block; after the headline, only up to the first
    card of another post (a linked heading or an <article>), whose byline is someone else's."""
    have_element = have_text = False
    passed = headline is None
    for count, element in _walk(scope, headline):
        if count > MAX_SCANNED or (have_element and have_text):
            break
        if element is headline:
            passed = True
            continue
        if passed and element.tag in _CARD_TAGS and _starts_card(element):
            break
        if not have_element:
            classes, ident = element.get("class"), element.get("id")
            # most elements carry neither: no call for them (the test would say False)
            if (classes or ident) and _has_author_words(classes, ident):
                names = _element_names(element, site_name)
                if names and not _names_other_people(element):
                    have_element = True
                    yield Byline("byline element", names)
                    continue
        if not have_text:
            text = element.text
            if (
                text
                and text.lstrip()[:1] in _BYLINE_INITIALS
                and (_BYLINE_TEXT_RE.match(text) or _BYLINE_WORD_RE.match(text))
            ):
                names = _text_names(element, site_name)
                if names and not _names_other_people(element):
                    have_text = True
                    yield Byline("byline text", names)


def _walk(scope: HtmlElement, headline: HtmlElement | None) -> Iterable[tuple[int, HtmlElement]]:
    """The scan's elements numbered in page order: the headline's block up to it, the headline,
    then everything after it in ``scope`` (no headline: all of ``scope``). Compiled, only the
    headline, the cards' starts and the elements whose class/id or text a test may keep: the
    others do nothing in the loop, so passing over them changes no byline."""
    if headline is None:
        return enumerate(scope.iter(etree.Element))
    if COMPILED_NEAR and _compiled_near is not None:
        tests = NEAR_TESTS
        parts = tests["before"] | tests["after"]
        kept = _compiled_near(headline, scope, tests["byline"], parts, MAX_SCANNED + 1)
        if kept is not None:
            return kept
    return enumerate(chain(before(headline), [headline], after(headline, scope)))


def _starts_card(element: HtmlElement) -> bool:
    """An <article>, or a heading whose link is no author's (a forum post's "h4 > a.username"
    heads the post itself)."""
    if element.tag == "article":
        return True
    link = next(element.iterdescendants("a"), None)  # ``find(".//a")`` without the path parse
    return link is not None and not _is_author_element(link) and not _is_author_element(element)


def _is_author_element(element: HtmlElement) -> bool:
    return _has_author_words(element.get("class"), element.get("id"))


def _has_author_words(classes: str | None, ident: str | None) -> bool:
    """The class and id test on attributes already read (the scan reads them inline, so the
    elements with neither, most of a block, cost no call)."""
    if not classes and not ident:
        return False
    words = f"{classes} {ident}" if classes and ident else classes or ident or ""
    if not _may_name_author(words):  # rejects nearly every element
        return False
    return any(_AUTHOR_TOKEN_RE.search(token) for token in words.split())


def _may_name_author(words: str) -> bool:
    """``_AUTHOR_HINT_RE.search(words)``, answered without the regex for ASCII text (nearly all
    class and id words): there a case-insensitive match is exactly a substring of the lowered
    text, and six substring tests cost ~0.5 us against the regex's ~4 (a block holds ~70 such
    elements). Other text keeps the regex, whose case folding also matches "ſ" or "ı"."""
    if not words.isascii():
        return _AUTHOR_HINT_RE.search(words) is not None
    low = words.lower()
    return (
        "auth" in low
        or "byl" in low
        or "user" in low
        or "creator" in low
        or "writer" in low
        or "poster" in low
    )


def _element_names(element: HtmlElement, site_name: str | None) -> tuple[str, ...]:
    """The names an author element holds: its name children, else its own short text."""
    children = _name_children(element)
    texts = [collapsed_text(child) for child in children] or [collapsed_text(element)]
    text = texts[0]
    if not text or len(", ".join(texts)) > MAX_BYLINE_CHARS:  # (the first's length within)
        return ()
    names = clean_authors(texts, site_name)
    if names:
        return names
    words = f"{element.get('class') or ''} {element.get('id') or ''}"
    handle = text.strip().lstrip("@")
    if _HANDLE_TOKEN_RE.search(words) and looks_like_handle(handle):
        return (handle,)
    return ()


def _name_children(element: HtmlElement) -> list[HtmlElement]:
    """The element's first name child (``class="fn"``, ``itemprop="name"``) and its twins."""
    for child in element.iterdescendants(etree.Element):
        if _NAME_CHILD_RE.search(child.get("class") or "") or child.get("itemprop") == "name":
            return name_twins(element, child)
    return []


def _text_names(element: HtmlElement, site_name: str | None) -> tuple[str, ...]:
    """ "By <a>Jane Doe</a> on May 2" read as one line of text."""
    text = collapsed_text(element)
    if not text or len(text) > MAX_BYLINE_CHARS:
        return ()
    if _BYLINE_WORD_RE.match(text):
        follower = element.getnext()
        if follower is None:
            return ()
        text = f"{text} {collapsed_text(follower)}"
    return clean_authors([text], site_name)


def _names_other_people(element: HtmlElement) -> bool:
    """Inside a comment, review, sidebar, quote, author-bio box, or the page's own footer (a
    <footer> inside an <article> is the post's meta line and often holds its byline)."""
    in_footer = False
    for ancestor in element.iterancestors():
        if ancestor.tag in _PAGE_TAGS:  # page-wide classes ("has-sidebar") say nothing here
            break
        if ancestor.tag in _OFF_TAGS:
            return True
        if ancestor.tag == "footer":
            in_footer = True
        elif ancestor.tag == "article":
            in_footer = False
        words = own_words(ancestor)
        if words.strip() and _OTHER_PEOPLE_RE.search(words):
            return True
        itemtype = ancestor.get("itemtype")
        if itemtype and ("Review" in itemtype or "Comment" in itemtype or "Answer" in itemtype):
            return True
    return in_footer
