"""Machine dates by the headline that the other scans do not read.

Some templates write the post's day only as an attribute of the headline or of the block
around it (``<h1 data-published="2024-05-03">``, a web component's
``<shreddit-post created-timestamp="...">``), and a page judged a list of posts (several
<article>s, so its <time>s are taken for the excerpts') may still print its own day in a
<time> right by its <h1>. Both are read only next to the headline: anywhere else on the
page such a date could be any item's.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from scraper.extractor.dates import normalise_date, visible_date
from scraper.extractor.parse import collapsed_text

__all__ = ["headline_attribute_date", "headline_time_date", "time_day"]

# The headline and three levels above it: the post's header block, not the page.
ATTRIBUTE_LEVELS = 3
# A <time> in the headline's parent or grandparent: its meta line.
TIME_LEVELS = 2
MAX_ATTRIBUTE_CHARS = 60

# The attribute names a publication day goes by (data-published, created-timestamp,
# data-date, data-artdate, pubdate); an update's, an expiry's or an edit's day is not one.
_PUBLISHED_NAME_RE = re.compile(r"date|publish|created|posted|timestamp", re.I)
_OTHER_NAME_RE = re.compile(r"modif|updat|edit|expir|valid|revis|end|start|format", re.I)
_STOP_TAGS = frozenset({"body", "html"})


def headline_attribute_date(headline: HtmlElement | None) -> str | None:
    """The first publication day an attribute of the headline or of the three blocks around
    it gives, or None. Read as a visible date is (never a bare number: an id or a price is
    not a day), so only written dates count."""
    node = headline
    for _ in range(ATTRIBUTE_LEVELS + 1):
        if node is None or node.tag in _STOP_TAGS:
            return None
        for name, value in node.attrib.items():
            if (
                _PUBLISHED_NAME_RE.search(name)
                and not _OTHER_NAME_RE.search(name)
                and 6 <= len(value) <= MAX_ATTRIBUTE_CHARS
            ):
                day = visible_date(value)
                if day:
                    return day
        node = node.getparent()
    return None


def headline_time_date(headline: HtmlElement | None) -> str | None:
    """The day of the first <time> in the headline's parent or grandparent (its machine date,
    else its text) that is no other item's (inside an <article> the headline is not in), or
    None."""
    if headline is None:
        return None
    own = {id(node) for node in headline.iterancestors("article")}
    node = headline
    for _ in range(TIME_LEVELS):
        node = node.getparent()
        if node is None or node.tag in _STOP_TAGS:
            return None
        for time in node.iter("time"):
            item = next(time.iterancestors("article"), None)
            if item is not None and id(item) not in own:
                continue
            return time_day(time)
    return None


def time_day(time: HtmlElement) -> str | None:
    """A ``<time>``'s date: its machine date, else its visible text read as one."""
    return normalise_date(time.get("datetime")) or visible_date(collapsed_text(time))
