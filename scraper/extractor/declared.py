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

# Bit order of the kinds (bit 0, "article", is ``body.declares_article``'s answer).
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


def declared_kinds(root: HtmlElement, article: bool = False) -> int:
    """The kinds JSON-LD and ``og:type`` declare, as bits in ``DECLARED_KINDS`` order
    (``article`` sets bit 0). Read before the scripts are dropped."""
    names: list[str] = []
    for element in root.iter("meta", "script"):
        if element.tag == "meta":
            if element.get("property") == "og:type":
                names.append(_OG_KINDS.get((element.get("content") or "").strip().lower(), ""))
            continue
        if (element.get("type") or "").lower() == "application/ld+json" and element.text:
            types = _JSONLD_TYPE_RE.findall(element.text)
            names += (_KIND_OF_TYPE.get(name.lower(), "") for name in types)
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
