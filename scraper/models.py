"""The plain, frozen values that pass between the pipeline's stages.

``Page`` is what the fetcher hands on; ``Article`` is what the extractor returns;
``CrawledArticle`` is an article plus the crawl facts the exporter records. They are frozen so a
stage can never change what another stage sees, and picklable so they cross process pools.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "CrawledArticle",
    "Exchange",
    "Exportable",
    "Page",
    "PageKind",
    "as_record",
    "redact_url",
]

SCHEMA_VERSION = 1

PageKind = Literal["article", "listing", "other"]
"""``article``: one post or story, exported. ``listing``: home, archive, category, tag, author,
pagination or search pages, used only to discover links. ``other``: anything else (about pages,
error pages, empty pages), neither exported nor trusted for discovery beyond its links."""

# A crawl counts each article's words twice (its change hash, then its export record) on two
# copies of one text: the count of the last few texts (up to this size) is remembered.
_MEMO_MAX_CHARS = 32_768
# ``\w`` on ASCII is ``[A-Za-z0-9_]``: each such byte becomes ``a``, every other a space, so a
# word is a run of ``a`` and the words are counted as the runs' starts (``b" a"``, and an ``a``
# first): all in C, and no object per word (neither ``findall``'s strings nor ``split``'s bytes).
_ASCII_WORD_BYTES = frozenset(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_ASCII_WORDS = bytes(0x61 if c in _ASCII_WORD_BYTES else 0x20 for c in range(256))
_NON_ASCII_RE = re.compile(r"[^\x00-\x7f]+")


def _ascii_stand_ins(match: re.Match[str]) -> str:
    r"""A run of non-ASCII characters as ASCII that splits the same: ``a`` for each character
    ``\w`` matches (a letter, a digit, ``_``), a space for any other."""
    return "".join("a" if c.isalnum() or c == "_" else " " for c in match.group())


def count_words(text: str) -> int:
    r"""``len(re.findall(r"\w+", text))``, without making an object per word: the text as bytes
    where each word character is ``a`` (non-ASCII ones made ASCII first) and any other is a
    space, then the runs of ``a`` counted by where they start (a crawl counts every article's
    words: ~2x faster than ``bytes.split()``, ~10x than ``findall``)."""
    if not text.isascii():
        text = _NON_ASCII_RE.sub(_ascii_stand_ins, text)
    marks = text.encode("ascii").translate(_ASCII_WORDS)
    return marks.count(b" a") + marks.startswith(b"a")


@functools.lru_cache(maxsize=32)
def _count_words(text: str) -> int:
    return count_words(text)


@dataclass(frozen=True, slots=True)
class Article:
    """One page's clean article text and metadata, as ``extract()`` returns it.

    ``text`` holds the body's paragraphs and subheadings one per line; the title is metadata,
    never part of the body. Dates are ISO 8601 (``2014-07-09`` or with a time and offset).
    """

    url: str | None = None
    canonical_url: str | None = None
    title: str | None = None
    authors: tuple[str, ...] = ()
    date_published: str | None = None
    date_modified: str | None = None
    site_name: str | None = None
    description: str | None = None
    language: str | None = None
    tags: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    image: str | None = None
    text: str = ""
    markdown: str | None = None
    comments: str | None = None
    page_kind: PageKind = "article"

    @property
    def author(self) -> str | None:
        """The first author, or None: most pages have exactly one."""
        return self.authors[0] if self.authors else None

    @property
    def word_count(self) -> int:
        """Number of ``\\w+`` tokens in ``text``."""
        text = self.text
        return _count_words(text) if len(text) <= _MEMO_MAX_CHARS else count_words(text)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: the documented export schema's article fields."""
        return {
            "url": self.url,
            "canonical_url": self.canonical_url,
            "title": self.title,
            "author": self.author,
            "authors": list(self.authors),
            "date_published": self.date_published,
            "date_modified": self.date_modified,
            "site_name": self.site_name,
            "description": self.description,
            "language": self.language,
            "tags": list(self.tags),
            "categories": list(self.categories),
            "image": self.image,
            "page_kind": self.page_kind,
            "word_count": self.word_count,
            "text": self.text,
            "markdown": self.markdown,
            "comments": self.comments,
        }


@dataclass(frozen=True, slots=True)
class Page:
    """One fetched HTTP response, decoded.

    ``url`` is the normalised URL that was asked for, ``final_url`` where redirects ended.
    ``html`` is the body decoded to text (empty for non-HTML bodies); ``content`` the raw bytes.
    """

    url: str
    final_url: str
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    content: bytes = b""
    html: str = ""
    content_type: str = ""
    encoding: str | None = None
    fetched_at: str = ""
    content_hash: str = ""


@dataclass(frozen=True, slots=True)
class CrawledArticle:
    """An article as a crawl found it: the exporter writes ``to_dict()``."""

    article: Article
    fetched_at: str
    status: int
    final_url: str
    content_hash: str

    def to_dict(self) -> dict[str, Any]:
        """Article fields plus crawl facts and the schema version, flat."""
        return {
            "schema_version": SCHEMA_VERSION,
            **self.article.to_dict(),
            "fetched_at": self.fetched_at,
            "http_status": self.status,
            "final_url": self.final_url,
            "content_hash": self.content_hash,
        }


@dataclass(frozen=True, slots=True)
class Exchange:
    """One HTTP request and its response, as the fetcher saw them, for archiving (WARC).

    ``body`` is the payload after content decoding (gzip, br), bounded by the size limit; the
    recorder rewrites ``Content-Encoding`` and ``Content-Length`` to match it.
    """

    url: str
    method: str
    request_headers: tuple[tuple[str, str], ...]
    http_version: str
    status: int
    reason: str
    response_headers: tuple[tuple[str, str], ...]
    body: bytes
    fetched_at: str
    peer_ip: str | None = None


Exportable = CrawledArticle | Article | Mapping[str, Any]
"""What every exporter accepts: a crawled article, a bare article, or a ready record."""

_CRAWL_FACTS = ("fetched_at", "http_status", "final_url", "content_hash")
_URL_FIELDS = ("url", "canonical_url", "final_url", "image")


def redact_url(url: str) -> str:
    """``url`` without ``user:password@``: credentials never reach a record, a log or an error.

    Cheap for the common case (no ``@`` at all); anything unparsable is returned unchanged.
    """
    if not isinstance(url, str) or "@" not in url:
        return url
    scheme, sep, rest = url.partition("://")
    if not sep:
        return url
    end = len(rest)
    for mark in "/?#":
        found = rest.find(mark)
        if 0 <= found < end:
            end = found
    authority = rest[:end]
    if "@" not in authority:
        return url
    return f"{scheme}://{authority.rsplit('@', 1)[1]}{rest[end:]}"


def as_record(item: Exportable) -> dict[str, Any]:
    """The flat export record of ``item``, with every schema field present.

    It lives with the models (not the exporter) because the archive readers build records in
    worker processes, below the export layer.
    """
    if isinstance(item, CrawledArticle):
        record = item.to_dict()
    elif isinstance(item, Article):
        record = {"schema_version": SCHEMA_VERSION, **item.to_dict(), **dict.fromkeys(_CRAWL_FACTS)}
    else:
        record = dict(item)
        record.setdefault("schema_version", SCHEMA_VERSION)
        for key in _CRAWL_FACTS:
            record.setdefault(key, None)
    for key in _URL_FIELDS:
        value = record.get(key)
        if isinstance(value, str) and "@" in value:
            record[key] = redact_url(value)
    return record
