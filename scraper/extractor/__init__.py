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

import dataclasses
import logging
from typing import Any

from lxml.html import HtmlElement

from scraper.errors import ExtractionError
from scraper.extractor.body import evidence_of, extract_body
from scraper.extractor.classify import classify_page
from scraper.extractor.decode import decode_html
from scraper.extractor.metadata import read_page_metadata
from scraper.extractor.parse import parse_html, parse_tree
from scraper.extractor.textdump import extract_text, looks_like_text
from scraper.models import Article

__all__ = ["decode_html", "extract", "extract_text", "extract_tree", "parse_html", "parse_tree"]

log = logging.getLogger("scraper.extract")


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
    # ``isspace`` is ``not strip()`` on a non-empty string (one whitespace test, the same
    # one) without copying the page
    if text and not text.isspace() and looks_like_text(text):
        return extract_text(text, url, markdown=markdown)
    try:
        root = parse_tree(text)  # lxml's plain elements: the tree never leaves extract()
        return extract_tree(root, url, markdown=markdown, include_comments=include_comments)
    except (ValueError, MemoryError, RecursionError) as exc:  # hostile markup: nothing to read
        log.warning("%s: page not read (%s: %s)", url, type(exc).__name__, exc)
        return Article(url=url, page_kind="other")


def extract_tree(
    root: HtmlElement | None,
    url: str | None = None,
    *,
    markdown: bool = False,
    include_comments: bool = False,
    path_choice: bool = True,
) -> Article:
    """Extract from an already parsed tree (the crawler parses once). Prunes ``root`` in place.
    ``path_choice=False``: the body without the learned path chooser (``body.choose_path``)."""
    if root is None:
        return Article(url=url, page_kind="other")
    try:
        meta, sources = read_page_metadata(root, url)
        body = extract_body(
            root,
            url,
            markdown=markdown,
            include_comments=include_comments,
            path_choice=path_choice,
            declared=sources.declared_article,
            typed=sources.head_typed,
            evidence=evidence_of(meta),
        )
        kind = classify_page(root, meta, body, url)
        article = meta.to_article(
            url=url, text=body.text, markdown=body.markdown, comments=body.comments, page_kind=kind
        )
    except MemoryError:
        raise  # a resource limit, not the page's fault alone: the caller decides
    except Exception as exc:  # one hostile page gives an empty Article, not a crash
        log.warning("%s: extraction failed (%s: %s)", url, type(exc).__name__, exc)
        return Article(url=url, page_kind="other")
    return _valid_unicode(article)


_ARTICLE_FIELDS = tuple(field.name for field in dataclasses.fields(Article))


def _valid_unicode(article: Article) -> Article:
    """The article with lone surrogates (JSON-LD ``\\ud800`` escapes, a ``str`` input carrying
    them) replaced: they cannot be encoded as UTF-8, so writing the record would fail later."""
    changes: dict[str, Any] = {}
    for name in _ARTICLE_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            if not _encodable(value):
                changes[name] = _repair(value)
        elif isinstance(value, tuple) and not all(_encodable(v) for v in value):
            changes[name] = tuple(_repair(v) for v in value)
    return dataclasses.replace(article, **changes) if changes else article


def _encodable(value: object) -> bool:
    if not isinstance(value, str) or value.isascii():
        return True
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _repair(value: object) -> object:
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    return value


def _as_text(html: str | bytes | Any, encoding: str | None) -> str:
    if isinstance(html, str):
        return html
    if isinstance(html, bytes | bytearray | memoryview):
        return decode_html(bytes(html), encoding)[0]
    if type(html).__name__ in {"BeautifulSoup", "Tag"} and hasattr(html, "decode"):
        return str(html)
    raise ExtractionError(f"extract() takes str, bytes or BeautifulSoup, not {type(html).__name__}")
