"""Page metadata: title, authors, dates, site name, tags, categories, language, canonical URL.

Precedence, strongest first: the page's JSON-LD Article, then Open Graph / Twitter / <meta>
tags (including dc.*, citation_*, parsely-*, sailthru.*), then microdata, then markup heuristics
(bylines, <time>, rel=tag links, the URL). The tree is walked a handful of times in C (see
sources.py) because metadata must cost well under a millisecond per page.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin

from lxml.html import HtmlElement

from scraper.extractor.authors import clean_authors
from scraper.extractor.dates import date_from_url, normalise_date
from scraper.extractor.jsonld import JsonLd, Node, type_names
from scraper.extractor.parse import collapsed_text, element_text
from scraper.extractor.sources import (
    PageShape,
    PageSources,
    byline_texts,
    gather_sources,
    term_links,
)
from scraper.models import Article, PageKind

__all__ = ["Metadata", "PageShape", "clean_title", "read_metadata"]

MAX_TERMS = 25
_TITLE_SEPARATOR_RE = re.compile(
    r"(?<!\s)\s+(?:[|·•»«/]|[-–—]|::)\s+"
)  # (?<!\s): linear on space runs
_LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_KEYWORD_SPLIT_RE = re.compile(r"(?:(?<!\s)\s+)?[,;]\s*")  # (?<!\s): linear on space runs
_JUNK_TERM_RE = re.compile(r"^(?:[@#&]|\S+:\S)|^\W+$")


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the page says about itself, before the body is extracted."""

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
    canonical_url: str | None = None
    page_types: tuple[str, ...] = ()
    shape: PageShape = field(default_factory=PageShape)

    def to_article(
        self,
        *,
        url: str | None,
        text: str,
        markdown: str | None,
        comments: str | None,
        page_kind: PageKind,
    ) -> Article:
        return Article(
            url=url,
            canonical_url=self.canonical_url,
            title=self.title,
            authors=self.authors,
            date_published=self.date_published,
            date_modified=self.date_modified,
            site_name=self.site_name,
            description=self.description,
            language=self.language,
            tags=self.tags,
            categories=self.categories,
            image=self.image,
            text=text,
            markdown=markdown,
            comments=comments,
            page_kind=page_kind,
        )


def read_metadata(root: HtmlElement, url: str | None) -> Metadata:
    """Read every metadata source the page offers and keep the most trustworthy value of each."""
    sources = gather_sources(root)
    ld = sources.jsonld
    article = ld.main_article() or {}
    canonical = _absolute(sources.links.get("canonical", [None])[0], url) or _absolute(
        sources.first_meta("og:url"), url
    )
    base = url or canonical
    site_name = _site_name(sources, ld, article) or _site_from_title(sources, article)
    site_name = _unescape(site_name) or None if site_name else None
    tags, categories = _terms(sources, article)
    return Metadata(
        title=_title(sources, article, site_name),
        authors=_authors(sources, ld, article, site_name),
        date_published=_date_published(sources, article, url or canonical),
        date_modified=_date_modified(sources, article),
        site_name=site_name,
        description=_unescape(_description(sources, article) or "") or None,
        language=_language(sources, article),
        tags=tags,
        categories=categories,
        image=_absolute(_image(sources, ld, article), base),
        canonical_url=canonical,
        page_types=_page_types(sources, ld),
        shape=sources.shape,
    )


def clean_title(title: str, site_name: str | None, h1: str | None = None) -> str:
    """Drop a " | Site Name" suffix (or "Site Name - " prefix) that templates add to titles."""
    parts = _TITLE_SEPARATOR_RE.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        key = _loose(site_name)
        if _loose(parts[-1]) == key or key in _loose(parts[-1]).split():
            return _join_title(title, parts[:-1])
        if _loose(parts[0]) == key:
            return _join_title(title, parts[1:])
    if h1:
        for part in parts:
            if _loose(part) == _loose(h1):
                return part
    return title


def _join_title(title: str, parts: list[str]) -> str:
    """The title up to (or from) the separator that set off the site name, as written."""
    first, last = parts[0], parts[-1]
    start = title.find(first)
    end = title.rfind(last) + len(last)
    return title[start:end].strip() if start >= 0 and end > start else " ".join(parts)


def _loose(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", "", text.casefold()).split())


def _title(sources: PageSources, article: Node, site_name: str | None) -> str | None:
    for candidate in _title_candidates(sources, article):
        candidate = _unescape(candidate) if candidate else None
        if candidate:
            return clean_title(candidate, site_name, sources.h1) or candidate
    return None


def _title_candidates(sources: PageSources, article: Node) -> Iterator[str | None]:
    """Strongest first; lazy, so microdata is searched only when nothing better exists."""
    yield _text(article.get("headline"))
    yield sources.first_meta("og:title", "twitter:title")
    yield sources.first_meta("dc.title", "citation_title", "parsely-title", "sailthru.title")
    yield _first_text(sources.microdata("headline"))
    yield sources.title
    yield sources.h1


def _site_name(sources: PageSources, ld: JsonLd, article: Node) -> str | None:
    website = ld.first_of_type("WebSite") or {}
    publisher = ld.resolve(article.get("publisher"))
    if isinstance(publisher, list):
        publisher = ld.resolve(publisher[0]) if publisher else None
    return (
        sources.first_meta("og:site_name")
        or _text(website.get("name"))
        or (_text(publisher.get("name")) if isinstance(publisher, dict) else None)
        or sources.first_meta("application-name", "apple-mobile-web-app-title", "dc.publisher")
    )


def _site_from_title(sources: PageSources, article: Node) -> str | None:
    """ "Headline « Blog Name" when the headline is known from elsewhere: the rest is the site."""
    page_title = sources.title
    headline = _text(article.get("headline")) or sources.first_meta("og:title")
    headline = headline or _first_text(sources.microdata("headline")) or sources.h1
    if not page_title or not headline or page_title == headline:
        return None
    parts = _TITLE_SEPARATOR_RE.split(page_title)
    if len(parts) == 2 and _loose(parts[0]) == _loose(headline) and len(parts[1].split()) <= 6:
        return parts[1].strip() or None
    return None


def _authors(
    sources: PageSources, ld: JsonLd, article: Node, site_name: str | None
) -> tuple[str, ...]:
    found = clean_authors(_jsonld_authors(ld, article, site_name), site_name)
    if found:
        return found
    meta_values = [
        *sources.all_meta("author"),
        *sources.all_meta("article:author"),
        *sources.all_meta("parsely-author"),
        *sources.all_meta("sailthru.author"),
        *sources.all_meta("dc.creator"),
        *sources.all_meta("byl"),
        *(_reverse_last_first(name) for name in sources.all_meta("citation_author")),
        *_twitter_labelled(sources, "written by"),
    ]
    found = clean_authors(meta_values, site_name)
    if found:
        return found
    if sources.many_posts:
        return ()
    found = clean_authors(_microdata_authors(sources), site_name)
    if found:
        return found
    return clean_authors(byline_texts(sources), site_name)[:5]


def _jsonld_authors(ld: JsonLd, article: Node, site_name: str | None) -> list[str]:
    raw = article.get("author") or article.get("creator")
    values = raw if isinstance(raw, list) else [raw]
    names: list[str] = []
    for value in values:
        value = ld.resolve(value)
        if isinstance(value, str):
            names.append(value)
        elif isinstance(value, dict):
            name = _text(value.get("name"))
            is_org = "Organization" in type_names(value) and "Person" not in type_names(value)
            if name and not (is_org and site_name and _loose(name) == _loose(site_name)):
                names.append(name)
    return names


def _microdata_authors(sources: PageSources) -> list[str]:
    names: list[str] = []
    for element in [*sources.microdata("author"), *sources.microdata("creator")]:
        inner = element.xpath(".//*[@itemprop='name']")
        target = inner[0] if inner else element
        value = target.get("content") if target.tag == "meta" else element_text(target)
        if value:
            names.append(value)
    return names


def _twitter_labelled(sources: PageSources, label: str) -> list[str]:
    values = []
    for index in range(1, 5):
        if (sources.first_meta(f"twitter:label{index}") or "").lower() == label:
            values.append(sources.first_meta(f"twitter:data{index}") or "")
    return values


def _reverse_last_first(name: str) -> str:
    """citation_author is "Last, First": make it "First Last" before names are split on commas."""
    last, sep, first = name.partition(",")
    return f"{first.strip()} {last.strip()}" if sep and first.strip() else name


_PUBLISHED_META = (
    "article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "publish_date",
    "date",
    "dc.date.issued",
    "dc.date",
    "dcterms.date",
    "dcterms.issued",
    "dc.date.created",
    "citation_publication_date",
    "citation_date",
    "parsely-pub-date",
    "sailthru.date",
    "article.published",
    "datecreated",
    "originalpublicationdate",
    "og:pubdate",
)
_MODIFIED_META = (
    "article:modified_time",
    "og:updated_time",
    "article:modified",
    "datemodified",
    "modified_time",
    "last-modified",
    "lastmod",
    "dc.date.modified",
    "dcterms.modified",
    "article.updated",
)


def _date_published(sources: PageSources, article: Node, url: str | None) -> str | None:
    return _first_date(_published_candidates(sources, article)) or date_from_url(url)


def _date_modified(sources: PageSources, article: Node) -> str | None:
    return _first_date(_modified_candidates(sources, article))


def _first_date(candidates: Iterable[str | None]) -> str | None:
    for value in candidates:
        found = normalise_date(value)
        if found:
            return found
    return None


def _published_candidates(sources: PageSources, article: Node) -> Iterator[str | None]:
    yield _text(article.get("datePublished"))
    yield _text(article.get("dateCreated"))
    for key in _PUBLISHED_META:
        yield sources.first_meta(key)
    if not sources.many_posts:
        yield from _microdata_dates(sources, "datePublished", "dateCreated")
        yield from _time_dates(sources, published=True)


def _modified_candidates(sources: PageSources, article: Node) -> Iterator[str | None]:
    yield _text(article.get("dateModified"))
    for key in _MODIFIED_META:
        yield sources.first_meta(key)
    if not sources.many_posts:
        yield from _time_dates(sources, published=False)


def _microdata_dates(sources: PageSources, *props: str) -> Iterator[str | None]:
    for prop in props:
        for element in sources.microdata(prop):
            yield element.get("datetime") or element.get("content") or element_text(element)


def _time_dates(sources: PageSources, *, published: bool) -> list[str | None]:
    """<time> elements: marked published/updated first, then (for published) any <time>."""
    marked: list[str | None] = []
    for time in sources.times:
        is_updated = "updated" in time.classes or "modified" in time.classes
        is_published = not is_updated and any(
            word in time.classes for word in ("published", "entry-date", "pubdate")
        )
        if is_published if published else is_updated:
            marked.append(time.datetime or time.text)
    if published and sources.shape.article_elements <= 1:
        marked.extend(time.datetime for time in sources.times[:3] if time.datetime)
    return marked


def _description(sources: PageSources, article: Node) -> str | None:
    return (
        sources.first_meta("description", "og:description", "twitter:description")
        or _text(article.get("description"))
        or sources.first_meta("dc.description", "sailthru.description")
    )


def _language(sources: PageSources, article: Node) -> str | None:
    for value in (
        sources.html_lang,
        sources.first_meta("content-language", "language", "dc.language"),
        _text(article.get("inLanguage")),
        sources.first_meta("og:locale"),
    ):
        if value:
            code = value.split(",")[0].strip().replace("_", "-")
            if _LANG_RE.match(code):
                return code
    return None


def _terms(sources: PageSources, article: Node) -> tuple[tuple[str, ...], tuple[str, ...]]:
    link_tags, link_categories = ([], []) if sources.many_posts else term_links(sources)
    tags = _first_nonempty(
        lambda: _split_terms(article.get("keywords")),
        lambda: _split_terms(sources.all_meta("article:tag")),
        lambda: _split_terms(sources.all_meta("parsely-tags") + sources.all_meta("sailthru.tags")),
        lambda: link_tags,
        lambda: _split_terms(sources.all_meta("news_keywords")),
        lambda: _split_terms(sources.all_meta("keywords")),
    )
    categories = _first_nonempty(
        lambda: _split_terms(article.get("articleSection"), split=False),
        lambda: _split_terms(sources.all_meta("article:section"), split=False),
        lambda: _split_terms(sources.all_meta("parsely-section"), split=False),
        lambda: link_categories,
    )
    return tags, categories


def _split_terms(value: Any, *, split: bool = True) -> list[str]:
    values = value if isinstance(value, list) else [value]
    terms: list[str] = []
    for item in values:
        if not isinstance(item, str):
            continue
        for term in _KEYWORD_SPLIT_RE.split(item) if split else [item]:
            term = _unescape(term)
            if term and len(term) <= 80 and not _JUNK_TERM_RE.match(term) and term not in terms:
                terms.append(term)
    return terms


def _first_nonempty(*sources: Callable[[], list[str]]) -> tuple[str, ...]:
    """The first source that names any terms, asked in order (later ones may be costly)."""
    for source in sources:
        terms = source()
        if terms:
            return tuple(terms[:MAX_TERMS])
    return ()


def _image(sources: PageSources, ld: JsonLd, article: Node) -> str | None:
    meta_image = sources.first_meta(
        "og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src"
    )
    if meta_image:
        return meta_image
    found = _jsonld_image(ld, article.get("image")) or _text(article.get("thumbnailUrl"))
    if found:
        return found
    if sources.links.get("image_src"):
        return sources.links["image_src"][0]
    return sources.first_meta("image", "thumbnail", "thumbnailurl")


def _jsonld_image(ld: JsonLd, value: Any) -> str | None:
    value = ld.resolve(value)
    if isinstance(value, list):
        return _jsonld_image(ld, value[0]) if value else None
    if isinstance(value, dict):
        return _text(value.get("url")) or _text(value.get("contentUrl"))
    return _text(value)


def _page_types(sources: PageSources, ld: JsonLd) -> tuple[str, ...]:
    names = ld.types()
    og_type = sources.first_meta("og:type")
    if og_type and og_type not in names:
        names.append(og_type)
    return tuple(names)


def _absolute(value: str | None, base: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    if value.startswith("//") and not base:
        return "https:" + value
    return urljoin(base, value) if base else value


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return _unescape(value) or None
    return None


def _unescape(value: str) -> str:
    """Whitespace collapsed, and entities decoded: some CMSs escape text twice."""
    if "&" in value:
        value = html.unescape(value)
    return " ".join(value.split())


def _first_text(elements: Iterable[HtmlElement] | None) -> str | None:
    for element in elements or ():
        value = element.get("content") or collapsed_text(element)
        if value:
            return value
    return None
