"""What a page's structured data says it is, beyond "an article": a product, a discussion, a
list of items, an FAQ, a plain website page.

The block model reads these as page-level bits: the same line shape (a short spec row, a
reply, a card in a grid) is the content on a product, thread or listing page and furniture on a
news story. Read from JSON-LD ``@type``, schema.org microdata ``itemtype`` and ``og:type``, in
one walk over ``meta``/``script`` and one C-level attribute query, before scripts are dropped.
"""

from __future__ import annotations

import re

from lxml.html import HtmlElement

from scraper.extractor.jsonld import ARTICLE_TYPES

# Bit order of the kinds (bit 0, "article", is what ``body.declares_article`` answers).
DECLARED_KINDS = ("article", "product", "discussion", "list", "faq", "website")
_KIND_OF_TYPE = {
    "product": "product",
    "productgroup": "product",
    "offer": "product",
    "aggregateoffer": "product",
    "qapage": "discussion",
    "question": "discussion",
    "answer": "discussion",
    "discussionforumposting": "discussion",
    "socialmediaposting": "discussion",
    "comment": "discussion",
    "itemlist": "list",
    "collectionpage": "list",
    "searchresultspage": "list",
    "offercatalog": "list",
    "faqpage": "faq",
    "webpage": "website",
    "website": "website",
}
_OG_KINDS = {"product": "product", "og:product": "product", "website": "website"}
_BIT = {kind: 1 << index for index, kind in enumerate(DECLARED_KINDS)}
_JSONLD_TYPE_RE = re.compile(r'"@type"\s*:\s*\[?\s*"([A-Za-z]+)"')
_ITEMTYPE_RE = re.compile(r"([A-Za-z]+)\s*$")


def declared_kinds(root: HtmlElement) -> int:
    """The kinds JSON-LD and ``og:type`` declare, as bits in ``DECLARED_KINDS`` order; bit 0 is
    one article (an ``og:type`` of "article" or a JSON-LD ``@type`` in ``ARTICLE_TYPES``): there,
    teasers and link lists around the story are not its text. Read before the scripts are
    dropped, in one walk (each walk of the tree costs a tenth of a millisecond, in C)."""
    names: list[str] = []
    article = False
    for element in root.iter("meta", "script"):
        if element.tag == "meta":
            if element.get("property") == "og:type":
                content = element.get("content") or ""
                article = article or content.lower() == "article"
                names.append(_OG_KINDS.get(content.strip().lower(), ""))
            continue
        if (element.get("type") or "").lower() == "application/ld+json" and element.text:
            for name in _JSONLD_TYPE_RE.findall(element.text):
                folded = name.lower()
                article = article or folded in ARTICLE_TYPES
                names.append(_KIND_OF_TYPE.get(folded, ""))
    return _bits(names, article)


def microdata_kinds(root: HtmlElement) -> int:
    """The kinds schema.org microdata (``itemtype``) declares, as bits: one attribute query in
    C, made only where the block model reads the page."""
    names = []
    for itemtype in root.xpath("//@itemtype"):
        for part in str(itemtype).split():
            match = _ITEMTYPE_RE.search(part.rstrip("/"))
            if match:
                names.append(_KIND_OF_TYPE.get(match.group(1).lower(), ""))
    return _bits(names, False)


def _bits(names: list[str], article: bool) -> int:
    bits = _BIT["article"] if article else 0
    for name in names:
        if name:
            bits |= _BIT[name]
    return bits
