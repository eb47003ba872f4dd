"""Where the URLs come from: sitemaps (indexes, gzipped), RSS and Atom feeds, and page links.

XML is parsed by lxml with entity resolution and network access off and ``huge_tree`` off, so
entity bombs and external entities never expand; gzipped sitemaps are inflated with a bound.
Every function here is pure: bytes or a tree in, URL lists out; the crawler decides the scope.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree
from lxml.html import HtmlElement

from scraper.crawler.urls import normalize_url
from scraper.errors import TooLarge

__all__ = [
    "FEED_PATHS",
    "SITEMAP_PATHS",
    "FeedEntries",
    "PageLinks",
    "SitemapEntries",
    "document_kind",
    "looks_like_feed",
    "looks_like_sitemap",
    "page_links",
    "parse_feed",
    "parse_sitemap",
]

SITEMAP_PATHS = ("/sitemap.xml", "/sitemap_index.xml")
FEED_PATHS = ("/feed/", "/rss.xml", "/atom.xml", "/feed.xml", "/index.xml")
FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
MAX_INFLATED_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit per file
SKIPPED_LINK_SCHEMES = ("mailto:", "javascript:", "tel:", "data:", "#")


DocumentKind = Literal["sitemap", "feed"]
SNIFF_BYTES = 64 * 1024
_MAX_PROLOG_ITEMS = 64
_DOCTYPE_START_RE = re.compile(rb"<!doctype", re.IGNORECASE)
_SUBSET_END_RE = re.compile(rb"\][ \t\r\n]*>")
_ROOT_NAME_RE = re.compile(rb"<([A-Za-z_][A-Za-z0-9_:.-]{0,64})")
_ROOT_KINDS: dict[bytes, DocumentKind] = {
    b"urlset": "sitemap",
    b"sitemapindex": "sitemap",
    b"rss": "feed",
    b"feed": "feed",
    b"rdf": "feed",
}


_PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "huge_tree": False,
    "recover": True,
    "remove_comments": True,
    "remove_pis": True,
    "load_dtd": False,
}
PIECE_BYTES = 256 * 1024  # sitemaps and feeds are parsed in pieces of this size


def _inflated_pieces(data: bytes, limit: int = MAX_INFLATED_BYTES) -> Iterator[bytes]:
    """A ``.xml.gz`` body gunzipped piece by piece (``TooLarge`` past ``limit``); any other
    body in pieces as it is. Never the whole inflated document at once."""
    if not data.startswith(b"\x1f\x8b"):
        for start in range(0, len(data), PIECE_BYTES):
            yield data[start : start + PIECE_BYTES]
        return
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    size = 0
    pending = data
    while pending and not inflater.eof:
        try:
            out = inflater.decompress(pending, PIECE_BYTES)
        except zlib.error:
            return
        pending = inflater.unconsumed_tail
        size += len(out)
        if size > limit:
            raise TooLarge("sitemap", f"inflated sitemap larger than {limit} bytes")
        if out:
            yield out


def _xml_events(data: bytes) -> Iterator[tuple[str, etree._Element]]:
    """``start`` and ``end`` events of a sitemap or feed (maybe gzipped), parsed as it is fed
    in pieces: the caller reads each entry at its end and ``_forget``s it, so neither the
    inflated document nor its tree is ever whole in memory. Junk ends the events; a gzip
    inflating past the sitemap limit raises ``TooLarge`` (the caller drops what it read: junk
    as a whole).

    Sitemaps and feeds never need a DTD. Dropping the first ``<!DOCTYPE>`` (looked for in the
    first ``SNIFF_BYTES``) leaves an entity bomb's references undefined, so recovery skips them
    and keeps the entries after them (libxml2's amplification guard would otherwise stop the
    whole parse at the bomb)."""
    parser = etree.XMLPullParser(events=("start", "end"), **_PARSER_OPTIONS)
    head = b""
    started = False
    try:
        for piece in _inflated_pieces(data):
            if not started:
                head += piece
                if len(head) < SNIFF_BYTES:
                    continue
                piece, head, started = _drop_doctype(head), b"", True
            parser.feed(piece)
            yield from parser.read_events()
        if not started and head.strip():
            parser.feed(_drop_doctype(head))
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()
    except (etree.XMLSyntaxError, ValueError):
        return


def _forget(element: etree._Element) -> None:
    """Free an entry already read, and the siblings read before it."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    if parent is not None:
        while element.getprevious() is not None:
            del parent[0]


def _drop_doctype(data: bytes) -> bytes:
    """``data`` without its first ``<!DOCTYPE ...>`` (internal subset included), in linear time.

    A regular expression with a lazy ``.*?`` for the subset went quadratic on a document of
    many unterminated ``<!DOCTYPE [`` openings."""
    start = _DOCTYPE_START_RE.search(data)
    if start is None:
        return data
    begin = start.start()
    close = data.find(b">", begin)
    if close < 0:
        return data
    bracket = data.find(b"[", begin, close)
    if bracket >= 0:
        subset_end = _SUBSET_END_RE.search(data, bracket)
        if subset_end is not None:
            close = subset_end.end() - 1
    return data[:begin] + data[close + 1 :]


def _root_kind(head: bytes) -> DocumentKind | None:
    """What the first element of an XML document says it is, skipping the prolog (BOM, XML
    declaration, comments, processing instructions, doctype) with plain ``find`` calls."""
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    for _ in range(_MAX_PROLOG_ITEMS):
        if text.startswith(b"<?"):
            end = text.find(b"?>")
            skip = end + 2
        elif text.startswith(b"<!--"):
            end = text.find(b"-->")
            skip = end + 3
        elif text[:9].lower() == b"<!doctype":
            end = len(text) - len(_drop_doctype(text))
            skip = end
            end = end - 1 if end > 0 else -1
        else:
            break
        if end < 0:
            return _kind_by_markers(head)  # a prolog longer than the sniffed head
        text = text[skip:].lstrip(b" \t\r\n")
    match = _ROOT_NAME_RE.match(text)
    if match is None:
        return None
    return _ROOT_KINDS.get(match.group(1).rsplit(b":", 1)[-1].lower())


def _kind_by_markers(head: bytes) -> DocumentKind | None:
    if b"<urlset" in head or b"<sitemapindex" in head:
        return "sitemap"
    if b"<rss" in head or b"<feed" in head or b"<rdf:RDF" in head:
        return "feed"
    return None


def document_kind(data: bytes, *, inflate: bool = True) -> DocumentKind | None:
    """A sitemap or a feed, by content (servers send them as text/plain, text/html or with no
    type at all); None for anything else. Gzipped data is inflated within the sitemap limit
    unless ``inflate=False`` (the cheap check the crawl makes on its event loop)."""
    if data.startswith(b"\x1f\x8b"):
        if not inflate:
            return None
        head = b""
        try:  # inflated to the end (a bomb is junk), but only the head is kept
            for piece in _inflated_pieces(data):
                if len(head) < SNIFF_BYTES:
                    head += piece
        except TooLarge:
            return None
        data = head
    return _root_kind(data[:SNIFF_BYTES])


def _local(tag: object) -> str:
    return etree.QName(tag).localname.lower() if isinstance(tag, str) else ""


def _child_text(element: etree._Element, name: str) -> str | None:
    for child in element:
        if _local(child.tag) == name and child.text and child.text.strip():
            return child.text.strip()
    return None


@dataclass(slots=True)
class SitemapEntries:
    """A sitemap's page URLs (with ``lastmod``) and, for an index, its child sitemaps."""

    pages: list[tuple[str, str | None]] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def looks_like_sitemap(data: bytes) -> bool:
    return document_kind(data) == "sitemap"


def parse_sitemap(data: bytes, base_url: str) -> SitemapEntries:
    """Read a ``<urlset>`` or ``<sitemapindex>`` (plain or gzipped); junk gives no entries.

    Parsed incrementally: memory holds the entries, not the document's tree."""
    entries = SitemapEntries()
    kind = ""
    depth = 0
    try:
        for event, element in _xml_events(data):
            if event == "start":
                depth += 1
                if depth == 1:
                    kind = _local(element.tag)
                continue
            depth -= 1
            if depth != 1:
                continue
            name = _local(element.tag)
            loc = _child_text(element, "loc")
            url = normalize_url(loc, base_url) if loc else None
            if url is not None and kind == "sitemapindex" and name == "sitemap":
                entries.sitemaps.append(url)
            elif url is not None and kind == "urlset" and name == "url":
                entries.pages.append((url, _child_text(element, "lastmod")))
            _forget(element)
    except TooLarge:
        return SitemapEntries()
    return entries


@dataclass(slots=True)
class FeedEntries:
    """The item links of an RSS or Atom feed, newest first as the feed lists them.

    ``summarised``: some item carries a summary or content of its own. A feed of posts does
    (RSS ``description``, ``content:encoded``, Atom ``summary`` / ``content``); a feed that
    summarises none of its items is a list of links, such as a static site generator's feed
    of the blog's tag or category pages (Hugo's ``/tags/index.xml``), not of posts."""

    items: list[str] = field(default_factory=list)
    summarised: bool = False


def looks_like_feed(data: bytes) -> bool:
    return document_kind(data) == "feed"


def parse_feed(data: bytes, base_url: str) -> FeedEntries:
    """Item links of RSS 2.0 / RSS 1.0 (``<item><link>``) and Atom (``<entry><link href>``)."""
    entries = FeedEntries()
    try:
        for event, element in _xml_events(data):
            if event != "end":
                continue
            name = _local(element.tag)
            link: str | None = None
            if name == "item":
                link = _child_text(element, "link")
                guid = next((c for c in element if _local(c.tag) == "guid"), None)
                permalink = guid is not None and guid.get("isPermaLink", "true") != "false"
                if link is None and guid is not None and permalink:
                    link = (guid.text or "").strip() or None
            elif name == "entry":
                link = _atom_link(element)
            else:
                continue
            url = normalize_url(link, base_url) if link else None
            if url is not None:
                entries.items.append(url)
                entries.summarised = entries.summarised or _summarised(element)
            _forget(element)
    except TooLarge:
        return FeedEntries()
    return entries


# An item's summary elements: text, or markup escaped or not (``content:encoded``, Atom's
# ``content type="xhtml"``).
_ITEM_SUMMARIES = frozenset(("description", "summary", "content", "encoded"))


def _summarised(item: etree._Element) -> bool:
    """Whether a feed item carries a summary or content of its own."""
    return any(
        _local(child.tag) in _ITEM_SUMMARIES and (len(child) or (child.text or "").strip())
        for child in item
    )


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for child in entry:
        if _local(child.tag) != "link" or not child.get("href"):
            continue
        rel = child.get("rel", "alternate")
        if rel == "alternate":
            return child.get("href")
        fallback = fallback or child.get("href")
    return fallback


@dataclass(slots=True)
class PageLinks:
    """What one HTML page points at: plain links, pagination (``rel=next``) and feeds."""

    links: list[str] = field(default_factory=list)
    next_pages: list[str] = field(default_factory=list)
    feeds: list[str] = field(default_factory=list)
    nofollow: bool = False


def _base_href(root: HtmlElement, url: str) -> str:
    for base in root.iter("base"):
        href = base.get("href")
        if href:
            return normalize_url(href, url) or url
    return url


def page_links(root: HtmlElement, url: str) -> PageLinks:
    """Links of a parsed page, read before extraction prunes the tree.

    ``rel=nofollow`` links are skipped, and a page with ``<meta name="robots" content="nofollow">``
    gives none at all. Pagination comes from ``rel="next"`` on ``<link>`` and ``<a>``; any
    in-page ``/page/2/`` or ``?paged=2`` link is an ordinary link and followed like one.
    """
    found = PageLinks()
    for meta in root.iter("meta"):
        if (meta.get("name") or "").lower() == "robots" and "nofollow" in (
            meta.get("content") or ""
        ).lower():
            found.nofollow = True
            return found
    base = _base_href(root, url)
    seen: set[str] = set()
    for element in root.iter("a", "link", "area"):
        href = (element.get("href") or "").strip()
        if not href or href.lower().startswith(SKIPPED_LINK_SCHEMES):
            continue
        rels = (element.get("rel") or "").lower().split()
        if "nofollow" in rels:
            continue
        target = normalize_url(href, base)
        if target is None:
            continue
        if element.tag == "link":
            kind = (element.get("type") or "").lower()
            if "alternate" in rels and kind in FEED_TYPES:
                found.feeds.append(target)
            elif "next" in rels or "prev" in rels:
                found.next_pages.append(target)
            continue
        if "next" in rels:
            found.next_pages.append(target)
        elif target not in seen:
            seen.add(target)
            found.links.append(target)
    return found
