"""The extractor: one HTML page in, one ``Article`` out. A pure function: no network, no state.

Stages (each its own module):
  decode.py    bytes -> str from BOM, HTTP/meta charset or detection
  parse.py     str -> lxml tree, bounded and lenient
  metadata.py  tree -> Metadata (JSON-LD, Open Graph, meta, microdata, bylines, dates)
  body.py      tree -> Body (main-content text, Markdown, comments)
  classify.py  tree + metadata + body -> page kind (article, listing, other)
Text dumps (lynx/w3m -dump output, WET records, browser copies) have no markup: ``extract()``
routes them to ``textdump.extract_text`` (textlines -> textfeatures -> textmodel; textsite
learns a site's repeated lines across a batch).
Metadata is read before the body stage, because the body stage prunes the tree in place.
"""

from __future__ import annotations

from typing import Any

from lxml.html import HtmlElement

from scraper.errors import ExtractionError
from scraper.extractor.body import extract_body
from scraper.extractor.classify import classify_page
from scraper.extractor.decode import decode_html
from scraper.extractor.metadata import read_metadata
from scraper.extractor.parse import parse_html
from scraper.extractor.textdump import extract_text, looks_like_text
from scraper.models import Article

__all__ = ["decode_html", "extract", "extract_text", "extract_tree", "parse_html"]


def extract(
    html: str | bytes | Any,
    url: str | None = None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    encoding: str | None = None,
) -> Article:
    """Extract the article body and metadata from one HTML page.

    ``html`` may be ``str``, ``bytes`` (decoded from the BOM, the HTTP ``encoding`` given, the
    page's meta charset, or detection) or a ``bs4.BeautifulSoup`` object. ``markdown=True`` also
    fills ``Article.markdown``; ``include_comments=True`` fills ``Article.comments``.

    Text with no markup at all (a lynx/w3m dump, a WET record, a browser copy) is extracted by
    ``extract_text()`` instead.

    Raises ``ExtractionError`` only when the input is not HTML-like at all (a wrong type).
    Empty or junk input gives an ``Article`` with empty text and ``page_kind="other"``.
    """
    text = _as_text(html, encoding)
    if text.strip() and looks_like_text(text):
        return extract_text(text, url, markdown=markdown)
    root = parse_html(text)
    return extract_tree(root, url, markdown=markdown, include_comments=include_comments)


def extract_tree(
    root: HtmlElement | None,
    url: str | None = None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
) -> Article:
    """Extract from an already parsed tree (the crawler parses once). Prunes ``root`` in place."""
    if root is None:
        return Article(url=url, page_kind="other")
    meta = read_metadata(root, url)
    body = extract_body(root, url, markdown=markdown, include_comments=include_comments)
    kind = classify_page(root, meta, body)
    return meta.to_article(
        url=url, text=body.text, markdown=body.markdown, comments=body.comments, page_kind=kind
    )


def _as_text(html: str | bytes | Any, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    if isinstance(html, bytes | bytearray | memoryview):
        return decode_html(bytes(html), encoding)[0]
    if type(html).__name__ in {"BeautifulSoup", "Tag"} and hasattr(html, "decode"):
        return str(html)
    raise ExtractionError(f"extract() takes str, bytes or BeautifulSoup, not {type(html).__name__}")
