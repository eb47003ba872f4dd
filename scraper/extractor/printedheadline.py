"""The element that prints a page's headline when it is no heading.

Bylines and date lines are read around the headline. Most templates print it in an ``<h1>`` or
a heading classed as the entry's title, but some print it in a plain element (a Bulma hero's
``<p class="title">``, a ``<div>`` of utility classes): without it, the writer and the day
printed under it were never read. The headline the page declares in its head (``og:title``,
``twitter:title``, ``<title>`` and its parts) says which text to look for.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml.html import HtmlElement

from scraper.extractor.parse import element_text
from scraper.extractor.titles import loose, split_title

MAX_ELEMENTS = 3000  # elements walked at most (the headline sits early in the body)
MIN_CHARS = 8  # a shorter declared title ("Home", "Blog") names no post
MAX_CHARS = 300
# Where a printed title is no headline: a teaser's link, a menu, a footer, a form's label.
_OFF_TAGS = frozenset({"a", "nav", "footer", "aside", "form", "button", "label", "option"})
_UNREAD_TAGS = frozenset({"script", "style", "noscript", "template", "svg", "title", "head"})


def printed_headline(root: HtmlElement, declared: Iterable[str | None]) -> HtmlElement | None:
    """The first body element whose whole text is one of the ``declared`` titles (or one of
    their parts around a separator: "Post title | Site"), outside links, menus and footers;
    None when none is printed."""
    wanted = _wanted(declared)
    if not wanted:
        return None
    body = root.find("body")
    for count, element in enumerate((body if body is not None else root).iter()):
        if count > MAX_ELEMENTS:
            return None
        tag = element.tag
        if not isinstance(tag, str) or tag in _UNREAD_TAGS or tag in _OFF_TAGS:
            continue
        start = loose(element.text or "")
        if not start or not any(title.startswith(start) for title in wanted):
            continue
        text = element_text(element)
        if len(text) <= MAX_CHARS and loose(text) in wanted and not _off(element):
            return element
    return None


def _wanted(declared: Iterable[str | None]) -> set[str]:
    wanted: set[str] = set()
    for title in declared:
        if not title:
            continue
        for text in (title, *split_title(title)):
            key = loose(text)
            if MIN_CHARS <= len(key) <= MAX_CHARS:
                wanted.add(key)
    return wanted


def _off(element: HtmlElement) -> bool:
    return any(
        isinstance(parent.tag, str) and (parent.tag in _OFF_TAGS or parent.tag in _UNREAD_TAGS)
        for parent in element.iterancestors()
    )
