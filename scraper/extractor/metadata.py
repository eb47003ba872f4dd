"""Page metadata: title, authors, dates, site name, tags, categories, language, canonical URL.

Every field is decided here, from the raw sources gathered in one pass (sources.py). The
precedence, in one place (strongest first; the first source that gives a valid value wins
unless the field says otherwise):

==============  ==========================================================================
field           sources
==============  ==========================================================================
title           a vote (titles.py): JSON-LD headline, og:title, twitter:title, dc/citation
                titles, <title>, the <h1>s and a lone entry-title heading each vote for
                their text and the parts a separator sets off; a site name (og:site_name,
                publisher, logo <h1>, the host's name) never wins while the page has its own
                headline. The candidates and their votes are then scored by a learned
                ranker (meta_model.py, weights in meta_model.json, trained by
                benchmarks/train_meta_model.py): it learns when <title> beats <h1>,
                also by the kind of page (a post's <h1>, a shop's or service's <title>),
                by how much of the URL's slug a candidate says, and by where the first
                <h1> sits (in <main>/<article>, a banner or hero block, a link, after
                other headings), and by names the page gives itself elsewhere (its
                breadcrumb, its WebPage node, the thing it is about, its home link's
                label). Words the sources write differently (a colon, an
                apostrophe) stay one candidate per written form
authors         candidates: JSON-LD article author/creator, author meta tags (author,
                article:author, parsely, sailthru, dc.creator, byl, citation_author, twitter
                "Written by", other meta names holding "author"), microdata author (first
                post's), rel=author link, byline element, byline text ("By Jane Doe"), the
                author of a JSON-LD node that is no Article (a page, a forum thread), and
                a scan of the whole page (authorscan.py: rel=author and itemprop=author links,
                profile links like /author/jane-doe, author/byline/writer/username classes,
                "By ..." texts, each with where it sits: post block, bio box, widget or
                sidebar, share row; names as printed too, and bare names by the headline or
                after a "by"; which date sources the page has is evidence too), a script's
                data layer ("script author": "author": {"name": ...} in a JSON island or a
                data-layer push, authordata.py), the account a head's <link rel=author>
                profile URL ends in, and on a page of several posts the first microdata
                author (a thread's opener). Evidence per name: whether the page links a
                profile of it (/user/jdoe42, /author/jane-doe: "name:profile"), whether a
                visible byline names someone else ("rival:bylined"). A learned
                ranker (gradient-boosted trees in meta_model.json) picks one; a page gate
                (more trees, "authors:gate": page evidence, how the ranker's trust
                spreads over the candidates, whether a reader sees the name (a byline, a
                name by the headline) or only a data block declares it, how many people
                the page shows, whether the page writes the name's words in lower case
                as plain words) gives it only if the page looks like one that
                names its writer (a page without a writer gets none), or if the page's
                own Article JSON-LD names that person; a JSON-LD Organization is dropped
                beside people, or when named like the site
date_published  candidates: JSON-LD datePublished/dateCreated > published meta tags >
                microdata > <time> marked published > a date line by the headline > the
                first <time>s (one-post pages) > the URL > an "Updated ..." line (the first
                three of these), then the modified date (some pages print only that), other
                date meta names ("ms.date"), a non-Article JSON-LD node's datePublished,
                a date attribute of the headline's block (dateforms.py; on a page judged
                a list of posts, whose printed dates are skipped, the <time> by its
                headline too), the dates printed anywhere on the page (datescan.py, never
                in comments, related lists, footers, copyright lines; "03/10/2023" read in
                the order the page writes its other days, else its language) and the
                first <time>. The ranker
                picks a day (features: source, agreement, whether and where the day is
                printed on the page: by the headline, in the post, labelled "Updated" or
                "Posted" by the words before it; the URL's date, page kind, which author
                sources the page has and what its author candidates show; the day's year
                against the page's copyright year, how long after the declared publication
                the page was modified, a comment area, a linked feed); a page gate
                ("date_published:gate", as for authors) gives it only if the page looks
                dated; the strongest source giving that day writes it. No htmldate: even
                restricted it gave a date to 271 of the 638 wcxb-dev pages without one
                that the older sources left empty, against 144 right ones, at ~10x the
                cost (its fast mode, measured again: 630 right of 780, a date on 330 of
                the 696 pages without one; fast and extensive together ~220 ms a page)
date_modified   JSON-LD dateModified > modified meta tags > <time> marked updated > an
                "Updated ..." date line by the headline
site_name       og:site_name > JSON-LD WebSite name > publisher name > application-name >
                the part of <title> set off from the known headline
description     meta description > og/twitter description > JSON-LD description > dc
language        <html lang> > content-language meta > JSON-LD inLanguage > og:locale
tags            JSON-LD keywords > article:tag > parsely/sailthru tags > rel=tag links >
                news_keywords > keywords meta
categories      JSON-LD articleSection > article:section > parsely-section > rel=category
image           og/twitter image > JSON-LD image/thumbnailUrl > link image_src > meta image
==============  ==========================================================================

Bylines, <time>s, date lines and term links are read only from the post's own block (around
its headline, up to the first card of another post: nearby.py) and never on a page of several
posts without a JSON-LD article or an <h1> of its own (they would belong to the excerpts).
``explain_metadata`` runs the same decisions with a ``Trace`` and reports, per field, the value,
the winning source and every candidate seen.
"""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor import dates as date_forms
from scraper.extractor import datescan
from scraper.extractor.authordata import (
    MAX_PROFILE_LINKS,
    name_key,
    profile_handle,
    profile_keys,
    script_authors,
)
from scraper.extractor.authors import clean_declared_authors, looks_like_name
from scraper.extractor.authorscan import EACH_NAMED, LISTED, scan_authors, scan_name_lines
from scraper.extractor.bylines import find_bylines
from scraper.extractor.dateforms import headline_attribute_date, headline_time_date, time_day
from scraper.extractor.datelines import DateLine, find_date_lines
from scraper.extractor.dates import DayOrder, date_from_url, day_order_page, normalise_date
from scraper.extractor.datescan import (
    VisibleDate,
    find_month_line,
    find_visible_dates,
    is_copyright,
)
from scraper.extractor.jsonld import JsonLd, Node, type_names
from scraper.extractor.meta_model import (
    GATE_SUFFIX,
    FieldModel,
    field_model,
    gate_features,
    models_read,
)
from scraper.extractor.nearby import trailing_date
from scraper.extractor.pagemarks import MAX_DATED, PageMarks
from scraper.extractor.parse import collapsed_text, element_text
from scraper.extractor.printed import PRINTED_PREFIX, printed_signals, read_printed
from scraper.extractor.printedheadline import printed_headline
from scraper.extractor.provenance import FieldExplanation, Trace
from scraper.extractor.sources import (
    PageShape,
    PageSources,
    gather_sources,
    heading_text,
    is_home_href,
    term_links,
)
from scraper.extractor.titles import choose_title, host_labels, loose, slug_words, split_title
from scraper.models import Article, PageKind

# The compiled comment-area test (``_cwalks.comment_area``; optional): not built, or built
# for another lxml, the two lxml passes answer.
try:
    from scraper.extractor._cwalks import comment_area as _compiled_comment_area
except (ImportError, TypeError, ValueError):
    _compiled_comment_area = None
# The links' labels, home-link candidates and profile hrefs read in C (``_cwalks``; optional):
# the same lists as the Python loops, without a Python call per link.
try:
    from scraper.extractor._cwalks import home_link_candidates as _compiled_home_links
    from scraper.extractor._cwalks import link_texts as _compiled_link_texts
    from scraper.extractor._cwalks import profile_hrefs as _compiled_profile_hrefs
except (ImportError, TypeError, ValueError):
    _compiled_home_links = _compiled_link_texts = _compiled_profile_hrefs = None
# The capitalised words' search in the body's bytes in one pass (``_cmeta``; optional).
try:
    from scraper.extractor._cmeta import word_hits as _compiled_word_hits
except (ImportError, TypeError, ValueError):
    _compiled_word_hits = None
# ``LinkLabels.count``'s filter over the folded link texts in C (``_cmeta.label_hits``).
try:
    from scraper.extractor._cmeta import label_hits as _compiled_label_hits
except (ImportError, TypeError, ValueError):
    _compiled_label_hits = None
# ``LinkLabels.count`` filters its texts in C when built: the same counts.
COMPILED_LABELS = True

__all__ = [
    "FieldExplanation",
    "Metadata",
    "PageShape",
    "clean_title",
    "explain_metadata",
    "read_metadata",
    "read_page_metadata",
]

MAX_TERMS = 25
MAX_AUTHORS = 16
MAX_DATE_CANDIDATES = 3
_NO_EXTRA: dict[str, float] = {}  # a candidate with no evidence beyond its source
TRUSTED = "trusted"  # a candidate feature: the gate never withholds it (train_meta_model.py)
# A date feature: the author ranker's probability for its best candidate (a page that names its
# writer is a post, and posts are dated). Training recomputes it out of fold (stacking) only
# with `train_meta_model.py --stacked` (study): the shipped date model reads WRITER_EVIDENCE.
WRITER_TRUST = "xa:best"
# Date features: what the author CANDIDATES show about the page's byline (a name after "by"
# by the headline, a dated name line, a name in the post's block or article, co-authors),
# each its largest value over the candidates, no ranker read: an author refit moves no date.
WRITER_EVIDENCE = ("near:after_by", "near:dated", "scan:in_post", "scan:in_article", "scan:joined")
WRITER_TRUSTED = "xe:trusted"  # the author candidates hold a ``trusted`` one (1 exactly)
_CATALOGUE_TYPES = frozenset(
    {
        "product",
        "productgroup",
        "product.group",
        "og:product",
        "collectionpage",
        "itemlist",
        "searchresultspage",
        "offercatalog",
    }
)
_ORGANISATION_TYPES = frozenset(
    {"Organization", "NewsMediaOrganization", "Corporation", "LocalBusiness", "WebSite", "Brand"}
)
_META_TITLES = ("dc.title", "citation_title", "parsely-title", "sailthru.title")
_LANG_RE = re.compile(r"^[a-zA-Z]{2,3}(?:-[a-zA-Z0-9]{2,8})*$")
_KEYWORD_SPLIT_RE = re.compile(r"(?:(?<!\s)\s+)?[,;]\s*")  # (?<!\s): linear on space runs
_JUNK_TERM_RE = re.compile(r"^(?:[@#&]|\S+:\S)|^\W+$")
_AUTHOR_META = (
    "author",
    "article:author",
    "parsely-author",
    "sailthru.author",
    "dc.creator",
    "dcterms.creator",
    "byl",
)

# Another meta tag naming the author: its key ends in the word ("og:author", "citation_authors",
# "authorname1"); "citation_author_institution", "author-url", "authorthumbnail" hold no name.
_OTHER_AUTHOR_KEY_RE = re.compile(r"author(?:s|_?name\d*)?$")


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
    # The documented sources (structured data, meta tags, bylines and date lines by the
    # headline, the URL) named a writer or a date, even if the learned gate withheld it: the
    # page classifier's evidence of a post, as it was before the gate.
    article_signs: bool = False

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


EXPLAINED_FIELDS = (
    "title",
    "authors",
    "date_published",
    "date_modified",
    "site_name",
    "description",
    "language",
    "tags",
    "categories",
    "image",
    "canonical_url",
)


def trace_metadata(root: HtmlElement, url: str | None) -> tuple[Metadata, Trace]:
    """The decisions and their trace, learned models' features included (for training)."""
    trace = Trace()
    return _decide(root, url, trace), trace


def ranked_writers(root: HtmlElement, url: str | None) -> tuple[tuple[str, ...], ...]:
    """Every author candidate of the page, the ranker's first first, whether or not the page
    gate would give one: where the gate withholds a page's writer, a site's many posts can
    still show where their writers are printed (the site model's byline place)."""
    model = field_model("authors")
    _, trace = trace_metadata(root, url)
    ranked = trace.features.get("authors", [])
    if model is None:
        return tuple(tuple(names) for names, _ in ranked)
    order = sorted(range(len(ranked)), key=lambda i: (-model.probability(ranked[i][1]), i))
    return tuple(tuple(ranked[i][0]) for i in order)


def read_metadata(root: HtmlElement, url: str | None) -> Metadata:
    """Read every metadata source the page offers and keep the most trustworthy value of each."""
    return _decide(root, url, None)


def read_page_metadata(root: HtmlElement, url: str | None) -> tuple[Metadata, PageSources]:
    """``read_metadata`` and the sources it gathered (``extract_tree`` hands the body path
    their ``declared_article``, sparing it a walk of the tree)."""
    sources = gather_sources(root)
    return _decide(root, url, None, sources), sources


def explain_metadata(root: HtmlElement | None, url: str | None) -> dict[str, FieldExplanation]:
    """Per field: the value ``extract()`` gives, the source that won and every candidate seen.

    Call it on a freshly parsed tree (``extract()`` prunes its tree after reading metadata);
    ``None`` (what ``parse_html`` gives for empty input) explains an empty page.
    """
    trace = Trace()
    meta = Metadata() if root is None else _decide(root, url, trace)
    return {
        name: FieldExplanation(
            value=getattr(meta, name),
            source=trace.winners.get(name) if getattr(meta, name) else None,
            candidates=list(trace.candidates.get(name, [])),
        )
        for name in EXPLAINED_FIELDS
    }


def _decide(
    root: HtmlElement, url: str | None, trace: Trace | None, sources: PageSources | None = None
) -> Metadata:
    if sources is None:
        sources = gather_sources(root)
    # The marks walk runs on every page (the page signals read it): now, while the gather
    # walk has just read the same nodes (the walk is memory-bound), not after other work.
    sources.marks()
    ld = sources.jsonld
    article = ld.main_article() or {}
    canonical = _pick(
        "canonical_url",
        trace,
        _canonical_candidates(sources, url),
    )
    base = url or canonical
    sources.url = base
    named = _named_sites(sources, ld, article)
    names = [_unescape(name) for _, name in named] + _logo_names(sources, named)
    site_name = _pick(
        "site_name",
        trace,
        _chain(
            ((_SITE_SOURCES[index], _unescape(name)) for index, name in named),
            (("title remainder", _site_from_title(sources, article)),),
        ),
    )
    tags, categories = _terms(sources, article, trace)
    page_types = _page_types(sources, ld)
    page = _page_signals(sources, article, page_types, url or canonical)
    learned = trace is not None or any(map(field_model, ("authors", "date_published")))
    # a product or a list has no writer and no issue date: its candidates are read and ranked
    # only for explain (``trace``), which lists them
    catalogue = not article and _is_catalogue(page_types)
    authors: tuple[str, ...] = ()
    published: str | None = None
    signs = False
    if not catalogue or trace is not None:
        authors, published, signs = _writer_and_date(
            sources, ld, article, site_name, url or canonical, page, learned, trace
        )
        if catalogue:
            authors, published, signs = (), None, False
    return Metadata(
        title=_title(sources, article, names, url or canonical, page, trace),
        authors=authors,
        date_published=published,
        date_modified=_date_modified(sources, article, trace),
        site_name=site_name,
        description=_pick("description", trace, _description_candidates(sources, article)),
        language=_pick("language", trace, _language_candidates(sources, article)),
        tags=tags,
        categories=categories,
        image=_pick("image", trace, _image_candidates(sources, ld, article, base)),
        canonical_url=canonical,
        page_types=page_types,
        shape=sources.shape,
        article_signs=signs,
    )


def _writer_and_date(
    sources: PageSources,
    ld: JsonLd,
    article: Node,
    site_name: str | None,
    url: str | None,
    page: dict[str, float],
    learned: bool,
    trace: Trace | None,
) -> tuple[tuple[str, ...], str | None, bool]:
    """The authors, the publication date, and whether the page signs itself (a byline or a
    documented date): each ranker reads what the other field found."""
    writers = _author_found(sources, ld, article, site_name, learned)
    days = _date_found(sources, article, url, learned)
    authors, signed, writer_trust = _authors(
        sources,
        writers,
        site_name,
        _publisher_name(ld, article) if PUBLISHER_IS_SITE else None,
        _host(url),
        {**page, **_cross_signals("xd", days[0])},
        trace,
    )
    date_page = {**page, **_cross_signals("xa", writers[0]), **_writer_evidence(writers[0])}
    if writer_trust:  # how sure the author ranker is that this page names its writer
        date_page[WRITER_TRUST] = writer_trust
    if writer_trust >= 1.0:  # a person the page's own Article JSON-LD names (no model read)
        date_page[WRITER_TRUSTED] = 1.0
    published, dated = _date_published(sources, days, url, date_page, trace)
    return authors, published, signed or dated


def _canonical_candidates(
    sources: PageSources, url: str | None
) -> Iterator[tuple[str, str | None]]:
    yield "link rel=canonical", _absolute((sources.links.get("canonical") or [None])[0], url)
    yield "og:url", _absolute(sources.first_meta("og:url"), url)


def _pick(
    name: str, trace: Trace | None, candidates: Iterable[tuple[str, str | None]]
) -> str | None:
    """The first non-empty candidate; with a trace, the rest are still listed as losers."""
    winner: str | None = None
    for source, value in candidates:
        if not value:
            continue
        if trace is None:
            return value
        trace.saw(name, source, value)
        if winner is None:
            winner = value
            trace.won(name, source)
    return winner


def _chain(*groups: Iterable[tuple[str, str | None]]) -> Iterator[tuple[str, str | None]]:
    for group in groups:
        yield from group


def clean_title(title: str, site_name: str | None, h1: str | None = None) -> str:
    """Drop a " | Site Name" suffix (or "Site Name - " prefix) that templates add to titles."""
    sources = [("title", title)] + ([("h1", h1)] if h1 else [])
    return choose_title(sources, [site_name] if site_name else [], None).title or title


def _title(
    sources: PageSources,
    article: Node,
    names: list[str],
    url: str | None,
    page: dict[str, float],
    trace: Trace | None,
) -> str | None:
    homes = home_link_names(sources.anchors, _host(url))
    if HOME_NAMES:
        # A link home names the site ("Blog" in the menu, the <title> "Blog - Post"), unless
        # it names the page's own headline (a home page's <h1>).
        h1_key = loose(sources.h1 or "")
        declared = _declared_title_key(sources, names)  # (a logo link around the headline)
        names = names + [
            name
            for name in homes
            if name not in names and loose(name) != h1_key and loose(name) != declared
        ]
    texts = title_sources(sources, article)
    kept_colons = _spaced_colon_is_punctuation(sources.html_lang)
    if kept_colons:
        texts = [(source, text.replace(" : ", f" {_KEPT_COLON} ")) for source, text in texts]
    choice = choose_title(
        texts,
        names,
        _host(url),
        model=field_model("title"),
        page={**page, **_h1_signals(sources)},
        slug=slug_words(_path(url)),
        links=link_labels(sources.anchors),
        echoes={
            **title_echoes(sources.jsonld),
            "home": next(iter(homes), ""),
            "h2": _first_h2(sources),
        },
    )
    if trace is not None:
        for source, text in choice.candidates:
            trace.saw("title", source, text.replace(_KEPT_COLON, ":"))
        for text, features in choice.ranked:
            trace.ranked("title", text.replace(_KEPT_COLON, ":"), features)
        trace.won("title", choice.source)
    if kept_colons and choice.title:
        return choice.title.replace(_KEPT_COLON, ":")
    return choice.title


def _first_h2(sources: PageSources) -> str:
    """A page with no <h1> often prints its headline as its first <h2>, and so does one whose
    first heading is an <h2>: evidence for the <title> part it repeats, not a candidate (a
    sidebar's first <h2> is a widget's name)."""
    if sources.h1 is not None:
        if not H2_BEFORE_H1 or not sources.headings_before_h1:
            return ""  # (the gather walk counted no <h2> or <h3> before it: no walk here)
        # an <h2> before the first <h1>: the <h1>s are the post's own sections ("Overview",
        # "Download" under a release note's <h2> headline)
        first = next(sources.root.iter("h1", "h2"), None)
        return heading_text(first) if first is not None and first.tag == "h2" else ""
    heading = next(sources.root.iter("h2"), None)
    return heading_text(heading) if heading is not None else ""


H2_BEFORE_H1 = True


# French sets a space before a colon ("Angular 1.5 : un pas de plus"): in a French page's
# title " : " is the sentence's punctuation, no separator to cut a site's name at. It is held
# as a mark no separator matches while the title is chosen (``loose`` reads both as a space).
SPACED_COLON_LANGUAGES = ("fr",)
_KEPT_COLON = "\ue000"  # a private-use character: no page's title holds one


def _spaced_colon_is_punctuation(lang: str | None) -> bool:
    code = (lang or "").strip().lower()
    return any(code == tag or code.startswith(f"{tag}-") for tag in SPACED_COLON_LANGUAGES)


HOME_NAMES = True

# The link loops of ``home_link_names``, ``link_labels`` and ``_profile_keys`` read each link
# in C when built (``_cwalks``): the same labels, names and keys.
COMPILED_LINKS = True
MAX_HOME_LABELS = 3
MAX_HOME_LABEL_WORDS = 6


def home_link_names(
    anchors: list[HtmlElement], host: str | None, limit: int = MAX_HOME_LABELS
) -> list[str]:
    """What the page calls its site where it links home: the logo link's text, its image's alt
    text or its label ("Acme" on ``<a href="/"><img alt="Acme"></a>``). A part of the <title>
    that says it is the site's name, not the headline. A link to another site's home (an
    absolute URL on another host) names that site, not this one."""
    own = (host or "").removeprefix("www.")
    found: list[str] = []
    if COMPILED_LINKS and _compiled_home_links is not None:  # only links the test below may keep
        anchors = _compiled_home_links(anchors, MAX_LABELLED_LINKS)
    for anchor in anchors[:MAX_LABELLED_LINKS]:
        href = anchor.get("href")
        if not href or href.count("/") > 3:  # (cheap: no home link has more)
            continue
        href = href.strip()
        if not is_home_href(href):
            continue
        if "//" in href:
            other = (_host(href) or "").removeprefix("www.")  # (None: "http://[x", no home)
            if not own or other != own:
                continue
        label = collapsed_text(anchor) or anchor.get("aria-label") or anchor.get("title") or ""
        if not label:
            image = next(anchor.iterdescendants("img"), None)
            label = " ".join((image.get("alt") or "").split()) if image is not None else ""
        if label and len(label.split()) <= MAX_HOME_LABEL_WORDS and label not in found:
            found.append(_unescape(label))
            if len(found) >= limit:
                break
    return found


_WEB_PAGE_TYPES = (
    "WebPage",
    "CollectionPage",
    "ItemPage",
    "AboutPage",
    "ContactPage",
    "FAQPage",
    "ProfilePage",
    "QAPage",
    "SearchResultsPage",
)


def title_echoes(ld: JsonLd) -> dict[str, str]:
    """Names the page's structured data gives the page itself, not votes for a headline but
    evidence for one: the last step of its BreadcrumbList and its WebPage node's name."""
    echoes: dict[str, str] = {}
    crumbs = ld.first_of_type("BreadcrumbList")
    steps = crumbs.get("itemListElement") if crumbs else None
    if isinstance(steps, list) and steps:
        last = ld.resolve(steps[-1])
        if isinstance(last, dict):
            item = ld.resolve(last.get("item"))
            name = _text(last.get("name")) or (
                _text(item.get("name")) if isinstance(item, dict) else None
            )
            if name:
                echoes["crumb"] = name
    page = ld.first_of_type(*_WEB_PAGE_TYPES)
    name = _text(page.get("name")) if page else None
    if name:
        echoes["webpage"] = name
    thing = ld.first_of_type(*_NAMED_THING_TYPES)
    name = _text(thing.get("name") or thing.get("headline")) if thing else None
    if name:
        echoes["thing"] = name
    return echoes


# What a page that is no article is about: its name is the page's title, often worded as
# on the page (a product's <h1>) rather than as the SEO <title>.
_NAMED_THING_TYPES = (
    "Product",
    "Recipe",
    "Event",
    "Course",
    "SoftwareApplication",
    "Book",
    "Question",
    "DiscussionForumPosting",
    "JobPosting",
    "Service",
    "HowTo",
    "VideoObject",
    "Movie",
    "Dataset",
    "ItemList",
)


def link_labels(anchors: list[HtmlElement]) -> LinkLabels:
    """How many links carry each text (folded as ``loose``): a title candidate that is a
    link's label names a section or the site rather than this page."""
    if COMPILED_LINKS and _compiled_link_texts is not None:
        return LinkLabels(
            _compiled_link_texts(anchors, MAX_LABELLED_LINKS, MAX_LINK_LABEL, collapsed_text)
        )
    texts: list[str] = []
    for anchor in anchors[:MAX_LABELLED_LINKS]:
        text = anchor.text if len(anchor) == 0 else collapsed_text(anchor)
        if text and len(text) <= MAX_LINK_LABEL:
            texts.append(text)
    return LinkLabels(texts)


def _label_key(text: str) -> str:
    return " ".join(_NON_WORD_RE.sub(" ", text.casefold()).split())


class LinkLabels(Mapping[str, int]):
    """Link texts counted by folded key, each key only when asked: the title ranker asks about
    a few candidates and a page has hundreds of links, so only the texts holding a key's first
    word (a substring test) are folded. Iterating counts them all."""

    __slots__ = ("_all", "_asked", "_folded", "_joined", "_texts")

    def __init__(self, texts: list[str]) -> None:
        self._texts = texts
        self._folded: list[str] | None = None
        self._joined = ""  # the folded texts joined by NUL (no text holds one)
        self._asked: dict[str, int] = {}
        self._all: dict[str, int] | None = None

    def _counts(self) -> dict[str, int]:
        if self._all is None:
            counts: dict[str, int] = {}
            for text in self._texts:
                key = _label_key(text)
                if key:
                    counts[key] = counts.get(key, 0) + 1
            self._all = counts
        return self._all

    def count(self, key: str) -> int:
        """How many link texts fold to ``key`` (0 for none)."""
        if self._all is not None:
            return self._all.get(key, 0)
        known = self._asked.get(key)
        if known is not None:
            return known
        words = key.split()
        found = 0
        if words:  # a folded key's words are substrings of the case-folded text it came from
            if self._folded is None:
                self._fold()
            first = words[0]  # (no NUL in a key's word: found in the join, found in a text)
            if first in self._joined:
                # ``_label_key`` keeps or blanks each character of the fold and only then drops
                # spaces: a text folding to ``key`` has a fold at least as long, holding its
                # last word too (most texts holding the first word are shorter nav labels)
                size, last = len(key), words[-1]
                hits = None
                if COMPILED_LABELS and _compiled_label_hits is not None:
                    hits = _compiled_label_hits(self._folded, first, last, size)
                if hits is not None:
                    texts = self._texts
                    found = sum(1 for index in hits if _label_key(texts[index]) == key)
                    self._asked[key] = found
                    return found
                for text, folded in zip(self._texts, self._folded or (), strict=True):
                    if (
                        first in folded
                        and len(folded) >= size
                        and last in folded
                        and _label_key(text) == key
                    ):
                        found += 1
        self._asked[key] = found
        return found

    def _fold(self) -> None:
        """Every text case-folded in one call (``casefold`` maps each character alone, so the
        join's parts are the texts' folds); a key whose first word the join lacks counts 0."""
        joined = "\x00".join(self._texts).casefold()
        folded = joined.split("\x00")
        if len(folded) != len(self._texts):  # a text holding a NUL: each folded apart
            folded = [text.casefold() for text in self._texts]
        self._joined = joined
        self._folded = folded

    def get(self, key: object, default: Any = None) -> Any:
        count = self.count(key) if isinstance(key, str) else 0
        return count if count else default

    def __getitem__(self, key: str) -> int:
        count = self.count(key) if isinstance(key, str) else 0
        if not count:
            raise KeyError(key)
        return count

    def __iter__(self) -> Iterator[str]:
        return iter(self._counts())

    def __len__(self) -> int:
        return len(self._counts())


MAX_LABELLED_LINKS = 600
MAX_LINK_LABEL = 200
_NON_WORD_RE = re.compile(r"[^\w\s]")


_MAIN_TAGS = frozenset({"article", "main"})
_BANNER_TAGS = frozenset({"header", "nav"})
_HEADLINE_CLASS_RE = re.compile(r"title|headline|heading", re.I)
_BANNER_CLASS_RE = re.compile(r"hero|banner|masthead|logo|brand|slogan|tagline", re.I)


@lru_cache(maxsize=4096)
def _banner_classed(classes: str) -> bool:
    """A banner's class ("hero", "masthead", "site-logo"): judged once per string, as the
    headline's ancestors repeat across a site's pages."""
    return _BANNER_CLASS_RE.search(classes) is not None


def _h1_signals(sources: PageSources) -> dict[str, float]:
    """Where the first <h1> sits and how it is marked: a headline inside <main>/<article> or
    classed as a title, or a banner's slogan (in <header>, a hero block, a link elsewhere)."""
    element = sources.h1_element
    if element is None:
        return {"page:h1_in_main": 0.0}
    in_main = in_banner = False
    banner_class = False
    for node in element.iterancestors():
        tag = node.tag
        if tag in _MAIN_TAGS:
            in_main = True
        elif tag in _BANNER_TAGS:
            in_banner = True
        if not banner_class:
            classes = node.get("class")
            banner_class = bool(classes) and _banner_classed(classes)
    own_class = element.get("class") or ""
    link = next(element.iterdescendants("a"), None)
    return {
        "page:h1_in_main": float(in_main),
        "page:h1_in_banner": float(in_banner),
        "page:h1_banner_class": float(banner_class or bool(_BANNER_CLASS_RE.search(own_class))),
        "page:h1_title_class": float(bool(_HEADLINE_CLASS_RE.search(own_class))),
        "page:h1_linked": float(link is not None),
        "page:h1_late": float(sources.headings_before_h1 > 0),
    }


def _path(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).path
    except ValueError:
        return None


def _host(url: str | None) -> str | None:
    if not url:
        return None
    try:
        return urlsplit(url).hostname
    except ValueError:
        return None


def title_sources(sources: PageSources, article: Node) -> list[tuple[str, str]]:
    """Every (source, text) that names the page's headline, strongest kind first."""
    found: list[tuple[str, str]] = []
    for source, value in (
        ("json-ld headline", _text(article.get("headline"))),
        ("og:title", sources.first_meta("og:title")),
        ("twitter:title", sources.first_meta("twitter:title")),
        ("meta title", sources.first_meta(*_META_TITLES)),
        ("title", sources.title),
    ):
        if value:
            found.append((source, _unescape(value)))
    for index, heading in enumerate(sources.h1s):
        found.append(("h1" if index == 0 else f"h1 #{index + 1}", _unescape(heading)))
    if len(sources.entry_titles) == 1:  # several: a list of posts, each with its own title
        found.append(("entry title", _unescape(sources.entry_titles[0])))
    if not found:
        headline = _first_text(sources.microdata("headline"))
        if headline:
            found.append(("microdata headline", _unescape(headline)))
    return found


_SITE_SOURCES = (
    "og:site_name",
    "json-ld WebSite name",
    "json-ld publisher name",
    "application-name",
)


def _named_sites(sources: PageSources, ld: JsonLd, article: Node) -> list[tuple[int, str]]:
    values = (
        sources.first_meta("og:site_name"),
        _text((ld.first_of_type("WebSite") or {}).get("name")),
        _publisher_name(ld, article),
        sources.first_meta("application-name", "apple-mobile-web-app-title", "dc.publisher"),
    )
    return [(index, value) for index, value in enumerate(values) if value]


def site_names(sources: PageSources, ld: JsonLd, article: Node) -> list[str]:
    """Every name the page gives its site: never a headline when the page has its own."""
    named = _named_sites(sources, ld, article)
    return [_unescape(name) for _, name in named] + _logo_names(sources, named)


def _logo_names(sources: PageSources, named: list[tuple[int, str]]) -> list[str]:
    """The texts of <h1>s linking home (a logo's: the site's name), but for one that is the
    page's declared title (``og:title``) and names no site the page names: a theme whose <h1>
    links home around a logo and the post's title, hidden for screen readers (Fronteers)."""
    if not sources.logo_titles:
        return []
    declared = _declared_title_key(sources, [name for _, name in named])
    return [_unescape(t) for t in sources.logo_titles if loose(_unescape(t)) != declared]


def _declared_title_key(sources: PageSources, site_names: list[str]) -> str:
    """The page's declared title (``og:title``), loosely, where it names none of the page's
    site names (a home page's does): a link home holding it is the headline's, not a logo's.
    "" where there is none."""
    declared = loose(_unescape(sources.first_meta("og:title") or ""))
    if not LOGO_TITLES_DECLARED or declared in {loose(name) for name in site_names}:
        return ""
    return declared


LOGO_TITLES_DECLARED = True


def _publisher_name(ld: JsonLd, article: Node) -> str | None:
    publisher = ld.resolve(article.get("publisher"))
    if isinstance(publisher, list):
        publisher = ld.resolve(publisher[0]) if publisher else None
    return _text(publisher.get("name")) if isinstance(publisher, dict) else None


def _site_from_title(sources: PageSources, article: Node) -> str | None:
    """ "Headline « Blog Name" when the headline is known from elsewhere: the rest is the site."""
    page_title = sources.title
    headline = _text(article.get("headline")) or sources.first_meta("og:title")
    headline = headline or sources.h1 or (sources.entry_titles or [None])[0]
    if not page_title or not headline or page_title == headline:
        return None
    parts = split_title(page_title)
    if len(parts) == 2 and loose(parts[0]) == loose(headline) and len(parts[1].split()) <= 6:
        return _unescape(parts[1]) or None
    return None


AuthorCandidate = tuple[str, tuple[str, ...], dict[str, float]]
DateCandidate = tuple[str, str, dict[str, float]]


def _author_found(
    sources: PageSources, ld: JsonLd, article: Node, site_name: str | None, learned: bool
) -> tuple[list[AuthorCandidate], bool]:
    """Every candidate the ranker weighs (only the first without a model), and whether the
    documented sources named anyone."""
    found: list[AuthorCandidate] = []
    for source, names in _author_candidates(sources, ld, article, site_name):
        if names:
            found.append((source, names[:MAX_AUTHORS], _NO_EXTRA))
            if not learned:
                break
    documented = bool(found)
    if learned:
        found.extend(_scanned_authors(sources, site_name, {names for _, names, _ in found}))
    return found, documented


def _date_found(
    sources: PageSources, article: Node, url: str | None, learned: bool
) -> tuple[list[DateCandidate], bool]:
    """The date candidates the ranker weighs; without a model, the documented order's first."""
    if learned:
        return _dated_candidates(sources, article, url)
    value = _pick("date_published", None, _published_candidates(sources, article, url))
    return ([("first", value, _NO_EXTRA)] if value else []), value is not None


def _cross_signals(
    prefix: str, found: list[AuthorCandidate] | list[DateCandidate]
) -> dict[str, float]:
    """Which kinds of source the OTHER field found on the page: a post that prints a byline
    usually prints its date, and a page with neither is rarely a post. The same for every
    candidate, so it tells the gate what kind of page this is, not which candidate is right."""
    kinds = {_pooled(source) for source, _, _ in found}
    signals = {f"{prefix}:{kind}": 1.0 for kind in kinds}
    signals[f"{prefix}:count"] = min(len(found), 6) / 6.0
    return signals


def _writer_evidence(found: list[AuthorCandidate]) -> dict[str, float]:
    """WRITER_EVIDENCE over the author candidates (``xe:`` + key): the same for every date
    candidate, so it tells the date gate whether the page shows a byline, not which day."""
    evidence: dict[str, float] = {}
    for _, _, extra in found:
        for key in WRITER_EVIDENCE:
            value = extra.get(key, 0.0)
            if value > evidence.get("xe:" + key, 0.0):
                evidence["xe:" + key] = value
    return evidence


def _authors(
    sources: PageSources,
    writers: tuple[list[AuthorCandidate], bool],
    site_name: str | None,
    publisher: str | None,
    host: str | None,
    page: dict[str, float],
    trace: Trace | None,
) -> tuple[tuple[str, ...], bool, float]:
    """(names, whether the documented sources named anyone, the model's probability for its
    best candidate: 1 for a trusted one, 0 without a model). With the learned model: the
    candidate it trusts most, if it trusts it enough (a page without a writer gets none);
    without: the first source that names anyone. ``publisher``: the Article's JSON-LD
    publisher, another name of the site (``PUBLISHER_IS_SITE``)."""
    model = field_model("authors")
    found, documented = writers
    if not found:
        return (), False, 0.0
    site_keys = {loose(name) for name in (site_name, publisher) if name}
    site_words = {word for word in loose(site_name or "").split() if len(word) >= 3}
    labels = host_labels(host)
    title_key = loose(sources.title or "")
    keys = [{loose(name) for name in names} for _, names, _ in found]
    present = _present(source for source, _, _ in found)
    present["distinct"] = min(len({frozenset(key) for key in keys}), 6) / 6.0
    scored: list[tuple[float, int]] = []
    trusted: set[int] = set()
    ranked: list[dict[str, float]] = []
    support = _author_support(found, keys)
    learned = model is not None or trace is not None
    body = sources.root.find("body") if learned else None
    reads = body is not None and ((trace is not None and READ_PRINTED) or _reads_printed())
    body_text = _body_bytes(body) if reads and body is not None else None  # (both searches')
    first_names = [names[0] for _, names, _ in found]
    common = _common_words(sources.root, first_names, body_text) if learned else set()
    profiles = _profile_keys(sources) if learned else set()
    rows: list[dict[str, float]] = []
    for index, (source, names, extra) in enumerate(found):
        features = _author_features(index, source, names, keys, site_keys, title_key, page)
        features.update(present)
        features.update(support[index])
        features.update(extra)
        features.update(_name_signals(names[0], site_words, labels))
        features["name:common"] = _common_share(names[0], common)
        features["name:profile"] = float(name_key(names[0]) in profiles)
        features[TRUSTED] = float(_declared_person(source, features))
        rows.append(features)
    printed = None
    # (a trusted candidate wins whatever the model says: outside training, where the page
    # prints each name is then read for nothing)
    if reads and body_text is not None and (trace is not None or not any(map(_trusted, rows))):
        marks = [element for element, _ in sources.marks().authors]
        printed = read_printed(body, body_text, sources.post_scope(), marks, sources.unseen)
    for index, ((source, names, _), features) in enumerate(zip(found, rows, strict=True)):
        if printed is not None:
            features.update(printed_signals(printed, names[0]))
        ranked.append(features)
        if trace is not None:
            trace.saw("authors", source, names)
            trace.ranked("authors", names, features)
        if model is not None:
            scored.append((model.probability(features), -index))
            if features[TRUSTED]:
                trusted.add(index)
    same = [frozenset(key) for key in keys]
    best = _ranked_best(model, scored, page, trusted, _gate_input("authors", ranked, scored, same))
    trust = 1.0 if trusted else max(scored)[0] if scored else 0.0
    if best is None:
        return (), documented, trust
    if SITE_GIVES_WAY:
        best = _byline_over_site(found, ranked, best)
    if CO_WRITERS:
        best = _with_co_writers(found, best)
    if trace is not None:
        trace.won("authors", found[best][0])
    return found[best][1], documented, trust


CO_WRITERS = True
# The Article's JSON-LD publisher names the site too ("Luanti" beside og:site_name "Luanti
# Blog"): an author candidate naming it is the site's (``is_site``), no writer (issue 12).
PUBLISHER_IS_SITE = True
# A pick naming the site itself gives way to the byline the page prints above its post.
SITE_GIVES_WAY = True


def _byline_over_site(found: list[AuthorCandidate], rows: list[dict[str, float]], best: int) -> int:
    """The byline near the headline that names people ("Published on Jan 14, 2020 by Derek
    Eder, Josh Kalov"), where the ranker's pick names the site itself: a site-wide ``<meta
    name="author">`` of the publication, which is no writer where the post names its own."""
    if not rows[best].get("is_site"):
        return best
    for index, (source, _, _) in enumerate(found):
        features = rows[index]
        if (
            source == "byline text"
            and not features.get("is_site")
            and features.get("name:two_three_words")
        ):
            return index
    return best


def _with_co_writers(found: list[AuthorCandidate], best: int) -> int:
    """The candidate that names the winner's writers and more, where one element of the page
    names them all: the ranker judges a candidate by its first name, so "Ann Lee" and "Ann Lee, Bo
    Chen" read from one byline score alike, and the byline's first writer alone would win."""
    source, names, _ = found[best]
    if source.startswith(_DECLARING_PREFIXES):
        return best
    want = {loose(name) for name in names}
    for index, (other, more, extra) in enumerate(found):
        if (
            len(more) > len(names)
            and (
                extra.get(EACH_NAMED)
                or (
                    (other == "byline element" or extra.get(LISTED) or _post_by_text(other, extra))
                    and _full_names(more)
                )
            )
            and want <= {loose(name) for name in more}
        ):
            return index
    return best


def _post_by_text(source: str, features: dict[str, float]) -> bool:
    """A text in the post whose label ("By", "June 8, 2021 by") its writers follow: one
    byline's whole list (a card of another story, "by Ann Lee, Bo Chen", sits outside it)."""
    return source == "scan by text" and bool(features.get("scan:in_post"))


def _full_names(names: tuple[str, ...]) -> bool:
    """Every name is a person's full name (two words or more): a byline element's text may
    run on into a one-word section ("Jo Roe, Hardware"), which is no co-writer."""
    return all(len(name.split()) >= 2 for name in names)


# Where the page prints each name (``printed.py``; docs/benchmarks.md, round eleven, authors,
# and its follow-up): traced for training when set (off: no refit learns from it and
# ``extract()`` never reads it). +23 right minus invented over three fold splits; the body's
# unseen elements come from the gather pass, so it costs ~2% of ``extract()``.
READ_PRINTED = True


def _reads_printed() -> bool:
    """Where the page prints each name is read in ``extract()`` only if a shipped author
    model uses it (the shipped one does)."""
    return models_read(PRINTED_PREFIX, "authors", "authors" + GATE_SUFFIX)


def _profile_keys(sources: PageSources) -> set[str]:
    """The accounts whose profile the page links (``/user/jdoe42``, ``/author/jane-doe``): a
    name that is one is a person or a member, not a button, a heading or a product."""
    hrefs = sources.links.get("author", [])
    read = max(0, MAX_PROFILE_LINKS - len(hrefs))
    if COMPILED_LINKS and _compiled_profile_hrefs is not None:  # the hrefs that may be profiles
        return profile_keys(hrefs + _compiled_profile_hrefs(sources.anchors, read))
    anchors = sources.anchors[:read]  # what is read
    return profile_keys(hrefs + [anchor.get("href") or "" for anchor in anchors])


# Author sources that only declare a name (in <head> or a data block): no reader sees them.
_DECLARING_PREFIXES = ("json-ld", "meta ")


def _author_support(found: list[AuthorCandidate], keys: list[set[str]]) -> list[dict[str, float]]:
    """Who else on the page names a candidate's person, and where. A writer the reader sees
    (a byline, an author box, a name by the headline) is usually also in the structured data,
    while a name only a data block declares (a template's default, the account that uploaded
    the page) is often on pages whose readers see no writer at all: what the page gate needs.
    One pass over the pairs of candidates (a page has ~5): the counts and flags that
    generators over the index lists gave, at a fraction of their cost."""
    shown = [not source.startswith(_DECLARING_PREFIXES) for source, _, _ in found]
    in_post = [
        bool(extra.get("scan:in_post")) or source in ("byline element", "byline text")
        for source, _, extra in found
    ]
    near = [source in ("scan name line", "byline element", "byline text") for source, _, _ in found]
    # how many different people the page shows: one on a post, many on a list or a thread
    people = min(len({frozenset(key) for key, seen in zip(keys, shown, strict=True) if seen}), 6)
    # a visible byline by the headline or in the post that names a person ("By Jane Doe"):
    # a pointwise ranker cannot compare candidates, so each learns whether a rival is one
    bylined = [
        (near[j] or in_post[j]) and shown[j] and _person_shaped(names[0])
        for j, (_, names, _) in enumerate(found)
    ]
    shown_people = people / 6.0
    out: list[dict[str, float]] = []
    for index, own in enumerate(keys):
        agree_shown = agree_declared = 0
        # the candidate itself is always among its mates (``index`` and the others it meets)
        post, close, seen = in_post[index], near[index], shown[index]
        rival_bylined = rival_declared = False
        for j, key in enumerate(keys):
            if key & own:
                if j == index:
                    continue
                if shown[j]:
                    agree_shown += 1
                    seen = True
                else:
                    agree_declared += 1
                post = post or in_post[j]
                close = close or near[j]
            else:  # a rival (itself too, were its own key empty)
                rival_bylined = rival_bylined or bylined[j]
                rival_declared = rival_declared or not shown[j]
        out.append(
            {
                "agree:shown": min(agree_shown, 4) / 4.0,
                "agree:declared": min(agree_declared, 4) / 4.0,
                "agree:in_post": float(bool(post)),
                "agree:near_title": float(bool(close)),
                "shown": float(shown[index]),
                "shown_any": float(bool(seen)),
                "shown_people": shown_people,
                "rival:bylined": float(bool(rival_bylined)),
                "rival:declared": float(bool(rival_declared)),
            }
        )
    return out


def _person_shaped(name: str) -> bool:
    """ "Jane Doe", "Julian K. Arni": two to four capitalised words, no organisation's word."""
    words = name.split()
    return (
        2 <= len(words) <= 4
        and looks_like_name(name)
        and not any(loose(word) in _ORGANISATION_WORDS for word in words)
    )


def _scanned_authors(
    sources: PageSources, site_name: str | None, known: set[tuple[str, ...]]
) -> list[tuple[str, tuple[str, ...], dict[str, float]]]:
    """Other author meta tags, the author of a JSON-LD node that is no Article (a forum
    thread, a page), and every place on a one-post page that names someone."""
    extra: list[tuple[str, tuple[str, ...], dict[str, float]]] = []
    node = _other_node(sources.jsonld, sources.jsonld.main_article(), "author")
    if node is not None:
        names = clean_declared_authors(_jsonld_authors(sources.jsonld, node, site_name))
        if names and names not in known:
            extra.append(("json-ld other author", names[:MAX_AUTHORS], _NO_EXTRA))
    for key, values in sources.meta.items():
        if (
            _OTHER_AUTHOR_KEY_RE.search(key)
            and key not in _AUTHOR_META
            and not key.startswith("twitter")
        ):
            names = clean_declared_authors(values[:MAX_AUTHORS])
            if names and names not in known:
                extra.append(("meta other author", names[:MAX_AUTHORS], _NO_EXTRA))
                break
    names = clean_declared_authors(script_authors(sources.root, sources.scripts))
    if names and names not in known:  # a framework's data island: "author": {"name": ...}
        extra.append(("script author", names[:MAX_AUTHORS], _NO_EXTRA))
    handle = next(filter(None, map(profile_handle, sources.links.get("author", [])[:2])), None)
    if handle:  # <link rel="author" href="/user/jdoe42">: a thread's opener, often
        extra.append(("link rel=author", (handle,), _NO_EXTRA))
    if sources.several_posts:
        names = clean_declared_authors(_microdata_authors(sources))
        if names and names not in known:  # a thread's first post (its opener), or a list's
            extra.append(("microdata first author", names[:MAX_AUTHORS], _NO_EXTRA))
        return extra
    # The scans keep a name that is the site's (a personal blog's owner, a company's byline):
    # the ranker reads ``is_site`` and decides, where dropping it left the page no candidate.
    for item in scan_authors(sources.marks(), sources.post_scope(), None):
        extra.append((f"scan {item.kind}", item.names[:MAX_AUTHORS], item.features))
    headline = _headline(sources)
    if headline is not None:
        for item in scan_name_lines(headline, sources.post_scope(), None):
            extra.append((f"scan {item.kind}", item.names[:MAX_AUTHORS], item.features))
    return extra


def _author_features(
    index: int,
    source: str,
    names: tuple[str, ...],
    keys: list[set[str]],
    site_keys: set[str],
    title_key: str,
    page: dict[str, float],
) -> dict[str, float]:
    first = names[0]
    own = keys[index]
    words = len(first.split())
    key = loose(first)
    features = dict(page)
    features.update(
        {
            f"src:{source}": 1.0,
            "rank": min(index, 6) / 3.0,
            "first": float(index == 0),
            # (the keys ``own`` meets: all but the disjoint ones)
            "agree": min(len(keys) - sum(map(own.isdisjoint, keys)) - 1, 4) / 2.0,
            "candidates": min(len(keys), 6) / 3.0,
            "is_site": float(bool(own & site_keys)),
            "names": min(len(names), 5) / 2.0,
            "one_word": float(words == 1),
            "long_name": float(words > 4),
            "has_digit": float(_has_digit(first)),
            "in_title": float(bool(key) and key in title_key),
            "lower_start": float(first[:1].islower()),
        }
    )
    return features


_ASCII_DIGIT_RE = re.compile("[0-9]")


def _has_digit(text: str) -> bool:
    """``any(map(str.isdigit, text))``: on ASCII text ``str.isdigit`` is 0-9 alone (one regex
    search in C); other text keeps the character loop (superscripts are digits too)."""
    if text.isascii():
        return _ASCII_DIGIT_RE.search(text) is not None
    return any(map(str.isdigit, text))


_ORGANISATION_WORDS = frozenset(
    [
        "team",
        "staff",
        "editorial",
        "editors",
        "desk",
        "inc",
        "llc",
        "ltd",
        "gmbh",
        "official",
        "company",
        "corporation",
        "group",
        "university",
        "college",
        "school",
        "products",
        "solutions",
        "services",
        "media",
        "news",
        "press",
        "contributors",
        "admin",
        "administrator",
        "webmaster",
    ]
)


MAX_COMMON_WORDS = 24
_WORD_ENDS = frozenset(" \n\t,.;:!?)\u00a0")
# ``_WORD_ENDS`` for the text's UTF-8 bytes: the ASCII ones as byte values, and the one that is not
_WORD_END_BYTES = frozenset(end.encode()[0] for end in _WORD_ENDS if end.isascii())
_NBSP = "\u00a0".encode()


def _capital_words(name: str) -> list[str]:
    return [
        word for word in name.split() if len(word) > 2 and word[:1].isupper() and word.isalpha()
    ]


def _body_bytes(body: HtmlElement) -> bytes:
    """The body's text as the serialiser writes it (UTF-8): both name searches read it."""
    return etree.tostring(body, method="text", encoding="utf-8", with_tail=False)


def _common_words(root: HtmlElement, names: list[str], data: bytes | None = None) -> set[str]:
    """The capitalised words of the candidates' names that the page also writes in lower case
    as plain words ("Apply Now", "Window Sensors", "Financial Tips": a button, a heading, a
    product); a person's name is hardly ever written so. A few ``str.find`` per word."""
    words = list(dict.fromkeys(w.lower() for name in names for w in _capital_words(name)))
    if not words:
        return set()
    body = root.find("body")
    if body is None:
        return set()
    return _common_words_in_bytes(body, words, data)


# How many occurrences of a word ``_common_words_in_bytes`` reads before giving it up.
_MAX_OCCURRENCES = 8
# Every word searched in one C pass over the bytes (``_cmeta.word_hits``: the same occurrences
# in the same order as the ``bytes.find`` loop, which stays the fallback; tests pin the two).
COMPILED_WORD_HITS = True


def _common_words_in_bytes(
    body: HtmlElement, words: list[str], data: bytes | None = None
) -> set[str]:
    """``_common_words``'s search in the body's UTF-8 bytes, as the serialiser writes them (no
    decoding of a page of text): a probe starting with a space can only match at a character
    boundary, so the bytes give the same occurrences, in the same order, as the text."""
    if data is None:
        data = _body_bytes(body)
    words = words[:MAX_COMMON_WORDS]
    probes = [(" " + word).encode("utf-8") for word in words]
    if COMPILED_WORD_HITS and _compiled_word_hits is not None:
        hits = _compiled_word_hits(data, probes, _MAX_OCCURRENCES)
        if hits is not None:
            return {word for word, hit in zip(words, hits, strict=True) if hit}
    size = len(data)
    found = set()
    for word, probe in zip(words, probes, strict=True):
        start = data.find(probe)
        for _ in range(_MAX_OCCURRENCES):  # a few: "now" inside "nowhere" is not "now"
            if start < 0:
                break
            end = start + len(probe)
            if end >= size or data[end] in _WORD_END_BYTES or data.startswith(_NBSP, end):
                found.add(word)
                break
            start = data.find(probe, end)
    return found


def _common_share(name: str, common: set[str]) -> float:
    words = _capital_words(name)
    return sum(1 for word in words if word.lower() in common) / len(words) if words else 0.0


def _name_signals(name: str, site_words: set[str], labels: list[str]) -> dict[str, float]:
    """Does a name read like a person's, or like the organisation or account behind the site?"""
    key = loose(name)
    words = key.split()
    compact = key.replace(" ", "")
    return {
        "name:host": float(
            len(compact) >= 3
            and any(compact.startswith(label) or label.startswith(compact) for label in labels)
        ),
        "name:host_word": float(any(word in labels for word in words if len(word) >= 3)),
        # (set tests in C: "any word in the set")
        "name:site_word": float(not site_words.isdisjoint(words)),
        "name:org_word": float(not _ORGANISATION_WORDS.isdisjoint(words)),
        "name:handle": float(" " not in name.strip() and (name != name.title() or "-" in name)),
        "name:two_three_words": float(2 <= len(words) <= 3),
    }


def _page_signals(
    sources: PageSources, article: Node, page_types: tuple[str, ...], url: str | None
) -> dict[str, float]:
    """Page-level evidence both gates read: is this one article, and what does it say it is?"""
    kinds = {name.lower() for name in page_types}
    og_type = (sources.first_meta("og:type") or "").lower()
    return {
        "page:ld_article": float(bool(article)),
        "page:ld_none": float(not page_types),
        "page:ld_webpage_only": float(
            bool(kinds)
            and kinds
            <= {
                "webpage",
                "website",
                "organization",
                "breadcrumblist",
                "imageobject",
                "person",
                "searchaction",
                "sitenavigationelement",
                "wpheader",
                "wpfooter",
                "listitem",
                "readaction",
            }
        ),
        "page:og_article": float(og_type == "article"),
        "page:og_website": float(og_type == "website"),
        "page:catalogue": float(_is_catalogue(page_types)),
        "page:several_posts": float(sources.several_posts),
        "page:has_h1": float(sources.h1 is not None),
        "page:article_elements": float(min(sources.shape.article_elements, 3)) / 3.0,
        "page:times": float(min(sources.shape.time_elements, 5)) / 5.0,
        "page:pagination": float(sources.shape.pagination),
        **_url_signals(url),
        **{f"page:type:{kind}": 1.0 for kind in kinds & _TYPE_SIGNALS},
        **_shape_signals(sources),
    }


def _shape_signals(sources: PageSources) -> dict[str, float]:
    """What the page is made of (prose, lists, buttons, forms): a post or a thread has
    paragraphs; a shop, a service or a list page has buttons, inputs and list items."""
    marks = sources.marks()
    scale = math.log1p(200)
    found = {
        f"page:n:{tag}": math.log1p(count) / scale for tag, count in marks.tags.items() if count
    }
    found["page:prose"] = math.log1p(marks.paragraph_chars) / math.log1p(20000)
    # how many short texts carry a date: one or two by a post's headline, dozens on a feed,
    # an archive or a thread, none on most shop and service pages
    found["page:dated_texts"] = math.log1p(len(marks.dated)) / math.log1p(MAX_DATED)
    return found


# Words of a URL path and structured types that say what kind of page it is (a post, a
# product, a list, a help page): general evidence whether a page has a writer and an issue date.
_URL_KINDS = {
    "post": re.compile(
        r"(?:^|[/_-])(?:blog|blogs|news|article|articles|post|posts|story|stories|"
        r"insights|magazine|journal)(?:$|[/_.-])",
        re.I,
    ),
    "thread": re.compile(
        r"(?:^|[/_.-])(?:forum|forums|thread|threads|topic|topics|t|r|comments|"
        r"questions|discussion|community|viewtopic|showthread|boards?)(?:$|[/_.-])",
        re.I,
    ),
    "catalogue": re.compile(
        r"(?:^|[/_-])(?:product|products|shop|store|collections?|category|"
        r"categories|tag|tags|catalog|item|p|dp)(?:$|[/_.-])",
        re.I,
    ),
    "docs": re.compile(
        r"(?:^|[/_-])(?:docs?|documentation|help|support|faq|guide|manual|api|"
        r"reference|library)(?:$|[/_.-])",
        re.I,
    ),
    "service": re.compile(
        r"(?:^|[/_-])(?:services?|solutions?|pricing|about|contact|careers|"
        r"features?|platform|industries)(?:$|[/_.-])",
        re.I,
    ),
}
# Query keys of forum software that name a thread (phpBB, vBulletin, SMF: ?t=, ?topic=).
_THREAD_QUERY_RE = re.compile(r"(?:^|&)(?:t|topic|threadid|thread|tid)=\d", re.I)
_TYPE_SIGNALS = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "techarticle",
        "discussionforumposting",
        "qapage",
        "faqpage",
        "product",
        "collectionpage",
        "webpage",
        "aboutpage",
        "contactpage",
        "itemlist",
        "howto",
        "recipe",
        "service",
        "event",
        "person",
        "profilepage",
        "softwareapplication",
        "course",
        "organization",
        "localbusiness",
    }
)


def _present(sources: Iterable[str]) -> dict[str, float]:
    """Which kinds of source the page offers at all (the same for each of its candidates):
    a page whose only names come from profile links is not a page with a byline."""
    return {f"with:{_pooled(source)}": 1.0 for source in sources}


def _pooled(source: str) -> str:
    """Meta tag names pooled (dozens of names, few pages each)."""
    if source.startswith("meta "):
        return "meta modified" if "modif" in source else "meta"
    return source


GateInput = tuple[FieldModel, Callable[[int], dict[str, float]]]


def _ranked_best(
    model: FieldModel | None,
    scored: list[tuple[float, int]],
    page: dict[str, float],
    trusted: set[int] | frozenset[int] = frozenset(),
    gate: GateInput | None = None,
) -> int | None:
    """The index of the candidate the model ranks first (the first one without a model), or
    None when the page's values are gated and the page gate (``gate``: its model and the
    features of a pick) does not trust the pick enough, or without a gate model, the pick is
    under the ranker's own threshold. A ``trusted`` candidate (declared by the page in so many
    words) wins outright, never gated: on wcxb-dev it was right at least as often as the
    model's pick on those pages. ``scored`` holds (probability, -index): ties go to the
    earlier candidate."""
    if model is None:
        return 0
    if trusted:
        return min(trusted)
    probability, negative_index = max(scored)
    index = -negative_index
    if not _gated(page):
        return index
    if gate is not None:
        gate_model, features_of = gate
        return index if gate_model.probability(features_of(index)) >= gate_model.threshold else None
    return None if probability < model.threshold else index


def _gate_input(
    field_name: str,
    ranked: list[dict[str, float]],
    scored: list[tuple[float, int]],
    keys: Sequence[object],
) -> GateInput | None:
    """The field's page gate (meta_model.json, "<field>:gate") and how to build what it reads
    for a pick: None without a gate model (the ranker's own threshold decides)."""
    gate_model = field_model(field_name + GATE_SUFFIX)
    if gate_model is None or not scored:
        return None
    probabilities = [probability for probability, _ in scored]
    return gate_model, lambda index: gate_features(ranked[index], probabilities, keys, index)


def _trusted(features: dict[str, float]) -> bool:
    return bool(features[TRUSTED])


def _declared_person(source: str, features: dict[str, float]) -> bool:
    """The Article's own JSON-LD names a person as its author: it wins and the gate never
    withholds it (out of fold: more right authors than invented ones; dates lost)."""
    return (
        source == "json-ld author"
        and bool(features.get("page:ld_article"))
        and not features.get("is_site")
        and not features.get("name:org_word")
        and not features.get("name:handle")
    )


def _gated(page: dict[str, float]) -> bool:
    """Whether a value the model does not trust enough is withheld. Not without the page's URL
    (a saved file): the model learned what kind of page has no writer or date from URLs
    among other evidence, and every page it learned from had one, so there the best candidate
    is given, as the documented order did before the models."""
    return not page.get("page:url_unknown")


def _url_signals(url: str | None) -> dict[str, float]:
    """Without a URL (a saved file), say so: a missing path is not a home page's short one."""
    if not url:
        return {"page:url_unknown": 1.0}
    return {
        "page:url_depth": min(_url_depth(url), 4) / 4.0,
        "page:url_dated": float(date_from_url(url) is not None),
        **_url_words(url),
    }


def _url_words(url: str | None) -> dict[str, float]:
    if not url:
        return {}
    try:
        parts = urlsplit(url)
    except ValueError:
        return {}
    path = parts.path
    found = {
        f"page:url:{kind}": 1.0 for kind, pattern in _URL_KINDS.items() if pattern.search(path)
    }
    if _THREAD_QUERY_RE.search(parts.query):  # forum software names the thread in the query
        found["page:url:thread"] = 1.0
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    found["page:slug_words"] = min(slug.count("-") + 1 if slug else 0, 12) / 12.0
    return found


def _url_depth(url: str | None) -> int:
    """Path segments: a home page or a section has few, a post usually more (or a slug)."""
    if not url:
        return 0
    try:
        path = urlsplit(url).path
    except ValueError:
        return 0
    return len([segment for segment in path.split("/") if segment])


def _author_candidates(
    sources: PageSources, ld: JsonLd, article: Node, site_name: str | None
) -> Iterator[tuple[str, tuple[str, ...]]]:
    yield "json-ld author", clean_declared_authors(_jsonld_authors(ld, article, site_name))
    for key in _AUTHOR_META:
        values = sources.all_meta(key)
        if values:
            yield f"meta {key}", _not_the_publication(clean_declared_authors(values), site_name)
    yield (
        "meta citation_author",
        clean_declared_authors(
            _reverse_last_first(name) for name in sources.all_meta("citation_author")
        ),
    )
    yield (
        "meta twitter written by",
        clean_declared_authors(_twitter_labelled(sources, "written by")),
    )
    if sources.several_posts:
        return
    yield "microdata author", clean_declared_authors(_microdata_authors(sources))
    bylines = find_bylines(
        sources.post_scope(), _headline(sources), sources.author_anchors, site_name
    )
    for byline in bylines:
        yield byline.source, byline.names


_POSSESSIVE_RE = re.compile(r"\w['\u2019]s\s+\w", re.I)


def _not_the_publication(names: tuple[str, ...], site_name: str | None) -> tuple[str, ...]:
    """The declared names less the site's own name where it reads as a publication's, a
    possessive and what is owned ("Thunderseethe's Devlog", "Jo's Kitchen"): a theme that
    fills ``<meta name="author">`` with the site's title names no writer. A site named after
    its writer ("Jo Roe") is kept: a personal blog's owner writes its posts."""
    if not site_name or not _POSSESSIVE_RE.search(site_name):
        return names
    site = loose(site_name)
    return tuple(name for name in names if loose(name) != site)


def _jsonld_authors(ld: JsonLd, article: Node, site_name: str | None) -> list[str]:
    """Author names; an Organization is dropped when people are named too, or when it is the
    site itself (the publisher, not a writer)."""
    raw = article.get("author") or article.get("creator")
    values = raw if isinstance(raw, list) else [raw]
    people: list[str] = []
    organisations: list[str] = []
    for value in values:
        value = ld.resolve(value)
        if isinstance(value, str):
            people.append(value)
        elif isinstance(value, dict):
            name = _text(value.get("name"))
            kinds = type_names(value)
            if not name:
                continue
            if any(kind in _ORGANISATION_TYPES for kind in kinds) and "Person" not in kinds:
                if not (site_name and loose(name) == loose(site_name)):
                    organisations.append(name)
            else:
                people.append(name)
    return people or organisations


_NOT_PAGE_NODES = frozenset(
    {
        "comment",
        "review",
        "answer",
        "person",
        "organization",
        "website",
        "imageobject",
        "breadcrumblist",
        "listitem",
        "offer",
        "aggregaterating",
        "rating",
    }
)


def _other_node(ld: JsonLd, article: Node | None, key: str) -> Node | None:
    """The first JSON-LD node other than the Article that gives ``key``: a page node, a forum
    thread, a QAPage's question (its ``mainEntity``). Pages without an Article type often
    date and sign these; replies, reviews and the site's own nodes are skipped."""
    for top in ld.nodes:
        for node in (top, ld.resolve(top.get("mainEntity"))):
            if isinstance(node, list):
                node = ld.resolve(node[0]) if node else None
            if not isinstance(node, dict) or node is article or not node.get(key):
                continue
            if not any(kind.lower() in _NOT_PAGE_NODES for kind in type_names(node)):
                return node
    return None


def _microdata_authors(sources: PageSources) -> list[str]:
    """The first itemprop=author's name(s): on a thread it is the opening post's author, and
    later ones (replies, reviews) are other people. Co-authors share the first one's parent."""
    elements = [*sources.microdata("author"), *sources.microdata("creator")]
    if not elements:
        return []
    first_parent = elements[0].getparent()
    names: list[str] = []
    for element in elements:
        if element is not elements[0] and element.getparent() is not first_parent:
            continue
        if _in_other_item(element):
            continue
        inner = element.xpath(".//*[@itemprop='name']")
        target = inner[0] if inner else element
        value = target.get("content") if target.tag == "meta" else element_text(target)
        if value:
            names.append(value)
    return names


def _in_other_item(element: HtmlElement) -> bool:
    """Inside a Review, Comment or Answer item: its author is not the page's."""
    for ancestor in element.iterancestors():
        itemtype = ancestor.get("itemtype")
        if itemtype:
            return any(kind in itemtype for kind in ("Review", "Comment", "Answer"))
    return False


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


_PUBLISHED_SOURCES = tuple((key, f"meta {key}") for key in _PUBLISHED_META)
_MODIFIED_SOURCES = tuple((key, f"meta {key}") for key in _MODIFIED_META)


def _date_published(
    sources: PageSources,
    days_found: tuple[list[DateCandidate], bool],
    url: str | None,
    page: dict[str, float],
    trace: Trace | None,
) -> tuple[str | None, bool]:
    """As for authors: the model's most trusted candidate if trusted enough, else the first;
    and whether the documented sources gave any date."""
    model = field_model("date_published")
    found, documented = days_found
    if model is None and trace is None:
        return (found[0][1] if found and documented else None), documented
    if not found:
        return None, False
    visible = _visible_dates(sources)
    days = [value[:10] for _, value, _ in found]
    url_day = (date_from_url(url) or "")[:10]
    modified = {value[:10] for source, value, _ in found if _is_modified_source(source)}
    published = [
        day
        for (source, _, _), day in zip(found, days, strict=True)
        if _is_declared_published(source)
    ]
    shown = {line.day for line in visible}
    hinted = {line.day for line in visible if line.hinted}
    first_shown = visible[0].day if visible else ""
    labelled_updated = {line.day for line in visible if line.updated}
    labelled_published = {line.day for line in visible if line.published}
    in_post = {line.day for line in visible if line.in_post}
    printed: dict[str, list[VisibleDate]] = {}  # (DATE_PLACE: each day's printed copies)
    for line in visible if datescan.DATE_PLACE else ():
        printed.setdefault(line.day, []).append(line)
    by_headline = {line.date for line in sources.date_lines or ()}
    # (the day the headline itself closes with, where the page declares none: given outright)
    own_day = None if published or not HEADLINE_DAYS else _headline_day(sources)
    ordered = sorted(set(days))
    present = _present(_source_group(source) for source, _, _ in found)
    present["distinct"] = min(len(ordered), 6) / 6.0
    copyright_year = _copyright_year(sources) if DATE_CONTEXT else None
    if DATE_CONTEXT:
        present.update(_declared_gap(found))
        present.update(_dated_content_signals(sources))
    scored: list[tuple[float, int]] = []
    ranked_features: list[dict[str, float]] = []
    trusted: set[int] = set()
    for index, (source, value, extra) in enumerate(found):
        day = days[index]
        features = dict(page)
        features.update(present)
        features.update(extra)
        features.update(
            {
                f"src:{_source_group(source)}": 1.0,
                "rank": min(index, 6) / 3.0,
                "first": float(index == 0),
                "agree": min(days.count(day) - 1, 4) / 2.0,
                "candidates": min(len(found), 6) / 3.0,
                "url_agrees": float(bool(url_day) and url_day == day),
                "has_time": float(len(value) > 10),
                "old": float(value[:4] < "2000"),
                "day_one": float(value[8:10] == "01"),
                "shown": float(day in shown),
                "shown_first": float(day == first_shown),
                "shown_hinted": float(day in hinted),
                "shown_none": float(not visible),
                "shown_updated": float(day in labelled_updated),
                "shown_published": float(day in labelled_published),
                "shown_in_post": float(day in in_post),
                "by_headline": float(day in by_headline),
                "shown_days": min(len(shown), 6) / 6.0,
                "modified_agrees": float(day in modified),
                "declared_agrees": float(day in published),
                "declared_none": float(not published),
                "newest": float(len(ordered) > 1 and day == ordered[-1]),
                "oldest": float(len(ordered) > 1 and day == ordered[0]),
                **_copyright_signals(day, copyright_year),
                TRUSTED: float(
                    _url_confirmed(source, day, url_day)
                    or (source == "date line" and day == own_day)
                ),
            }
        )
        if datescan.DATE_PLACE:
            features.update(_place_signals("shown_", printed.get(day, [])))
        if features[TRUSTED]:
            trusted.add(index)
        ranked_features.append(features)
        if trace is not None:
            trace.saw("date_published", source, value)
            trace.ranked("date_published", value, features)
        if model is not None:
            scored.append((model.probability(features), -index))
    gate = _gate_input("date_published", ranked_features, scored, days)
    ranked = _ranked_best(model, scored, page, trusted, gate)
    if ranked is None:
        return None, documented
    best = next(i for i, day in enumerate(days) if day == days[ranked])
    if trace is not None:  # (of the candidates giving the chosen day, the strongest writes it)
        trace.won("date_published", found[best][0])
    return found[best][1], documented


def _place_signals(prefix: str, lines: list[VisibleDate]) -> dict[str, float]:
    """Where a day is printed (its copy nearest the headline): how many levels up the block
    holding the headline is (1.0: far, or no headline, or not printed), and whether its own
    block holds other dated texts (a list of items, each with its date) or none (a date line).
    Round seventeen, branch date14 (``datescan.DATE_PLACE``)."""
    placed = [line for line in lines if line.headline_levels >= 0]
    if not placed:
        return {f"{prefix}levels": 1.0, f"{prefix}nearby": 0.0, f"{prefix}alone": 0.0}
    near = min(placed, key=lambda line: line.headline_levels)
    return {
        f"{prefix}levels": near.headline_levels / datescan.MAX_LEVELS,
        f"{prefix}nearby": min(near.dated_nearby, 6) / 6.0,
        f"{prefix}alone": float(near.dated_nearby == 0),
    }


def _dated_candidates(
    sources: PageSources, article: Node, url: str | None
) -> tuple[list[tuple[str, str, dict[str, float]]], bool]:
    """What the ranker weighs: the first candidates in the documented order, then the modified
    dates (some pages print only those), other date meta tags, the dates printed anywhere on
    the page and the first <time>; each (source, day) once. Also: did the documented order
    give any."""
    found: list[tuple[str, str, dict[str, float]]] = []
    seen: set[tuple[str, str]] = set()

    def add(source: str, value: str | None, extra: dict[str, float] = _NO_EXTRA) -> None:
        if not value or len(found) >= MAX_DATE_CANDIDATES + 6:
            return
        key = (_source_group(source), value[:10])
        if key not in seen:
            seen.add(key)
            found.append((source, value, extra))

    taken = 0
    for source, value in _published_candidates(sources, article, url):
        if value and taken < MAX_DATE_CANDIDATES:
            taken += 1
            add(source, value)
    for source, value in _modified_candidates(sources, article, marked=False):
        if value:
            add(source, value)
            break
    for key, value in _other_date_meta(sources):
        add(f"meta other {key}", normalise_date(value))
    node = _other_node(sources.jsonld, article, "datePublished")
    if node is not None:
        add("json-ld other datePublished", normalise_date(_text(node.get("datePublished"))))
    documented = taken > 0
    if "headline-attribute" in date_forms.DATE_FORMS:
        add("headline attribute", headline_attribute_date(_headline(sources)))
    if sources.several_posts:  # (dates printed on a list of posts are the excerpts')
        if "list-time" in date_forms.DATE_FORMS:  # (the <time> by its own headline is its)
            add("time by headline", headline_time_date(_headline(sources)))
        return found, documented
    shown = _own_dates(_visible_dates(sources))
    for line in shown[:3]:
        add(
            "visible date",
            line.day,
            {
                "vis:updated": float(line.updated),
                "vis:published": float(line.published),
                "vis:hinted": float(line.hinted),
                "vis:in_post": float(line.in_post),
                "vis:order": min(line.order, 3) / 3.0,
                "vis:aside": float(line.aside),
                **(_place_signals("vis:", [line]) if datescan.DATE_PLACE else {}),
            },
        )
    for time in sources.times[:1]:
        if time.datetime:
            add("first time", normalise_date(time.datetime))
    if "month" in date_forms.DATE_FORMS and not shown:  # (a printed day says more)
        add("month line", find_month_line(sources.marks(), sources.post_scope()))
    return found, documented


# The date candidates also read the page's copyright year, how long after its declared
# publication it was modified, and whether it has a comment area or a feed (docs/benchmarks.md,
# "Dates, round eleven"). ``train_meta_model.py --no-date-context`` collects without them (study).
DATE_CONTEXT = True
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
DAY_SPAN = math.log1p(3650)  # ten years, in days


def _copyright_year(sources: PageSources) -> int | None:
    """The latest year of the page's copyright line ("© 2015-2025 ..."), or None."""
    latest: int | None = None
    for text, _, _ in sources.marks().dated:
        if is_copyright(text):
            years = [int(year) for year in _YEAR_RE.findall(text)]
            if years:
                latest = max(latest or 0, *years)
    return latest


def _copyright_signals(day: str, copyright_year: int | None) -> dict[str, float]:
    """A candidate's year against the page's copyright year: an event or a release date can
    lie after it; a post's date is usually at or before it, an old page's far before."""
    if copyright_year is None or not day[:4].isdigit():
        return {}
    gap = copyright_year - int(day[:4])
    return {"copyright_after": float(gap < 0), "copyright_gap": min(max(gap, 0), 10) / 10.0}


def _declared_gap(found: list[tuple[str, str, dict[str, float]]]) -> dict[str, float]:
    """How long after the declared publication the page says it was modified (the same day: a
    save; years: a revised page, whose printed day may be the update's)."""
    published = [v[:10] for s, v, _ in found if _is_declared_published(s) and _iso_day(v)]
    modified = [v[:10] for s, v, _ in found if _is_modified_source(s) and _iso_day(v)]
    if not published or not modified:
        return {}
    try:
        gap = (date.fromisoformat(max(modified)) - date.fromisoformat(min(published))).days
    except ValueError:
        return {}
    return {"page:modified_gap": math.log1p(max(gap, 0)) / DAY_SPAN}


_IDS = etree.XPath("//@id", smart_strings=False)  # (one C-level pass; a predicate XPath is slower)
_COMMENT_ID_STARTS = ("comment", "reply")
_COMMENT_IDS = frozenset({"respond", "disqus_thread"})
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml"})


# ``_comment_area`` in C (``_cwalks.comment_area``) when built: the same answer, one pass
# without a Python object instead of two lxml passes (~0.5 ms a page together).
COMPILED_COMMENT_AREA = True


def _dated_content_signals(sources: PageSources) -> dict[str, float]:
    """Furniture of dated content: a comment area (readers answer posts, not product or
    service pages) and a feed the page links to (a blog's or a news site's)."""
    found: dict[str, float] = {}
    root = sources.root
    if _comment_area(root, sources.walked_marks()):
        found["page:comment_area"] = 1.0
    head = root.find("head")
    if head is not None and any(
        (link.get("type") or "").lower() in _FEED_TYPES for link in head.iter("link")
    ):
        found["page:feed"] = 1.0
    return found


def _comment_area(root: HtmlElement, marks: PageMarks | None = None) -> bool:
    """A ``<textarea>`` in the page, or an element whose id names a comment area. ``marks``:
    the page's marks, whose compiled walk may have read the body already (then only the rest
    of the document is walked here)."""
    if COMPILED_COMMENT_AREA and _compiled_comment_area is not None:
        walked = marks.comment_area if marks is not None else None
        if walked == 1:
            return True
        if walked is None or marks is None or marks.walked is None:
            found = _compiled_comment_area(root)
        else:
            found = _compiled_comment_area(root, marks.walked)
            if found is False and walked < 0:
                found = None  # an id the marks walk could not read: the lxml passes answer
        if found is not None:
            return bool(found)
    return next(root.iter("textarea"), None) is not None or any(
        name.startswith(_COMMENT_ID_STARTS) or name in _COMMENT_IDS for name in _IDS(root)
    )


def _iso_day(value: str) -> bool:
    return len(value) >= 10 and value[4] == "-" and value[7] == "-"


def _newest_first(shown: list[VisibleDate]) -> bool:
    """Three printed days, each older than the one before: a feed of dated items. (Two are
    as often a post's date over an older one it cites, or a commenter's join date.)"""
    days = [line.day for line in shown[:3]]
    return len(days) == 3 and days[0] > days[1] > days[2] and not shown[0].updated


def _own_dates(shown: list[VisibleDate]) -> list[VisibleDate]:
    """The printed dates that may be the post's own: all of them, unless they read as a feed
    of dated items (``_newest_first``); then those inside the post's block, unless they too
    read as one. A list of other items' dates printed before the post (a column of recent
    posts) drops out, the post's own date in its block stays."""
    if not _newest_first(shown):
        return shown
    inside = [line for line in shown if line.in_post]
    return [] if len(inside) == len(shown) or _newest_first(inside) else inside


_KNOWN_DATE_META = frozenset(_PUBLISHED_META) | frozenset(_MODIFIED_META)
_OTHER_DATE_META_RE = re.compile(r"publi|date|created|issued", re.I)
_NOT_DATE_META_RE = re.compile(r"modif|updat|expir|valid|revis|crawl|index|format|type", re.I)


def _other_date_meta(sources: PageSources) -> Iterator[tuple[str, str]]:
    """Date meta tags under names of their own ("ms.date", "w-published-date")."""
    for key, values in sources.meta.items():
        if key in _KNOWN_DATE_META or not _OTHER_DATE_META_RE.search(key):
            continue
        if _NOT_DATE_META_RE.search(key) or not values or not values[0].strip():
            continue
        yield key, values[0]


def _visible_dates(sources: PageSources) -> list[VisibleDate]:
    if sources.visible_dates is None:
        order = _day_order(sources)
        sources.visible_dates = find_visible_dates(
            sources.marks(), sources.post_scope(), order.slashed, order.dotted, _headline(sources)
        )
    return sources.visible_dates


def _day_order(sources: PageSources) -> DayOrder:
    """How the page writes numeric days ("03/10/2023", "09.10.2024"): from its other printed
    days, else the days its machine-readable dates give, else its declared language
    (``dates.day_order_page``)."""
    if sources.day_order is None:
        sources.day_order = day_order_page(
            (text for text, _, _ in sources.marks().dated),
            sources.html_lang,
            _DeclaredDays(sources),
        )
    return sources.day_order


class _DeclaredDays(Collection[str]):
    """``_machine_days`` read on first use: ``day_order_page`` consults the declared days only
    for a printed numeric day ("03/10/2023", "09.10.2024"), which most pages lack."""

    __slots__ = ("_days", "_sources")

    def __init__(self, sources: PageSources) -> None:
        self._sources = sources
        self._days: set[str] | None = None

    def _read(self) -> set[str]:
        if self._days is None:
            self._days = _machine_days(self._sources)
        return self._days

    def __contains__(self, day: object) -> bool:
        return day in self._read()

    def __iter__(self) -> Iterator[str]:
        return iter(self._read())

    def __len__(self) -> int:
        return len(self._read())


def _machine_days(sources: PageSources) -> set[str]:
    """The ISO days the page declares in machine-readable form (its Article's JSON-LD dates,
    date meta tags, ``<time datetime>``, the URL's path): what a printed "03/10/2023" is
    checked against. None of these forms is ambiguous."""
    article = sources.jsonld.main_article() or {}
    values: list[str | None] = [
        _text(article.get(key)) for key in ("datePublished", "dateModified", "dateCreated")
    ]
    meta = sources.meta  # (a set of days: the keys' order is no matter; an absent key gives none)
    values.extend(sources.first_meta(key) for key in _KNOWN_DATE_META if key in meta)
    values.extend(time.datetime for time in sources.times)
    days = {day[:10] for day in map(normalise_date, values) if day}
    from_url = date_from_url(sources.url)
    if from_url:
        days.add(from_url)
    return days


# A date that closes the headline in its own ``<time>`` ("Issue 180 <small><time>2019-10-10
# </time></small>") is the post's, where the page declares no day: the gate never withholds it.
HEADLINE_DAYS = True


def _headline_day(sources: PageSources) -> str | None:
    """The day of the ``<time>`` closing the page's headline (``nearby.trailing_date``)."""
    headline = _headline(sources)
    closing = trailing_date(headline) if headline is not None else None
    if closing is None:
        return None
    day = time_day(closing if closing.tag == "time" else next(closing.iter("time")))
    return day[:10] if day else None


def _is_modified_source(source: str) -> bool:
    return "modif" in source.lower() or "updated" in source


def _url_confirmed(source: str, day: str, url_day: str) -> bool:
    """A publication day the page declares (its JSON-LD ``datePublished``, a published meta
    tag) that its URL's path also writes: two sources the page's author set apart from any
    rendering, so the day wins and the page gate never withholds it (``TRUSTED``). On wcxb-dev
    29 pages, right on all 29; the trees cannot learn it (dated URLs are rare there), and a
    refit's gate withheld such a day on a page with nothing else to show."""
    return bool(url_day) and day == url_day and _source_group(source) in _DECLARED_GROUPS


def _is_declared_published(source: str) -> bool:
    return source.startswith(("json-ld datePublished", "meta ")) and not _is_modified_source(source)


_DECLARED_GROUPS = ("json-ld datePublished", "meta published")


def _source_group(source: str) -> str:
    """Meta tags pooled: dozens of names, few pages each, alike in trust."""
    if source.startswith("meta "):
        return "meta published" if "modif" not in source else "meta modified"
    return source


def _date_modified(sources: PageSources, article: Node, trace: Trace | None) -> str | None:
    return _pick("date_modified", trace, _modified_candidates(sources, article))


def _dated(source: str, value: str | None) -> tuple[str, str | None]:
    return source, normalise_date(value) if value else None


def _published_candidates(
    sources: PageSources, article: Node, url: str | None
) -> Iterator[tuple[str, str | None]]:
    yield _dated("json-ld datePublished", _text(article.get("datePublished")))
    yield _dated("json-ld dateCreated", _text(article.get("dateCreated")))
    for key, source in _PUBLISHED_SOURCES:
        value = sources.first_meta(key)
        if value:
            yield _dated(source, value)
    if not sources.several_posts:
        for prop, value in _microdata_dates(sources, "datePublished", "dateCreated"):
            yield _dated(f"microdata {prop}", value)
        for value in _time_dates(sources, published=True, marked_only=True):
            yield _dated("time published", value)
        plain = [line.date for line in _date_lines(sources) if not line.updated]
        if not (len(plain) > 1 and plain[0] > plain[1]):
            for day in plain:  # (newest first is a feed of dated items, not a post's dates)
                yield "date line", day
        for value in _time_dates(sources, published=True, marked_only=False):
            yield _dated("time", value)
    yield "url", date_from_url(url)
    if not sources.several_posts:
        for line in _date_lines(sources):
            if line.updated:
                yield "date line (updated)", line.date


def _modified_candidates(
    sources: PageSources, article: Node, *, marked: bool = True
) -> Iterator[tuple[str, str | None]]:
    yield _dated("json-ld dateModified", _text(article.get("dateModified")))
    for key, source in _MODIFIED_SOURCES:
        value = sources.first_meta(key)
        if value:
            yield _dated(source, value)
    if marked and not sources.several_posts:
        for value in _time_dates(sources, published=False, marked_only=True):
            yield _dated("time updated", value)
        for line in _date_lines(sources):
            if line.updated:
                yield "date line", line.date


PRINTED_HEADLINE = True


def _headline(sources: PageSources) -> HtmlElement | None:
    """The post's own headline element: the first <h1> that is no logo, else the entry title,
    else the element printing the headline the head declares (``printed_headline``)."""
    if sources.h1_element is not None:
        return sources.h1_element
    if sources.entry_title_element is not None or not PRINTED_HEADLINE:
        return sources.entry_title_element
    if sources.printed_headline is None:
        declared = (sources.first_meta("og:title"), sources.first_meta("twitter:title"))
        sources.printed_headline = (printed_headline(sources.root, (*declared, sources.title)),)
    return sources.printed_headline[0]


def _walk_scope(sources: PageSources) -> HtmlElement:
    """Where the date walk after the headline may go: its <article>, else (the headline heads a
    block of its own, a thread's first post follows it) the whole page, up to the first card.
    Bylines stay in the headline's block: past it, names were more often invented than found."""
    scope = sources.post_scope()
    if scope.tag != "article":
        return sources.root
    return scope


def _date_lines(sources: PageSources) -> list[DateLine]:
    """Visible dates by the headline; searched once, only when the page asked for them."""
    if sources.date_lines is None:
        headline = _headline(sources)
        if headline is None:  # no headline to read from: a date here could be anyone's
            sources.date_lines = []
        else:
            order = _day_order(sources)
            sources.date_lines = find_date_lines(
                _walk_scope(sources), headline, day_first=order.slashed, dots_day_first=order.dotted
            )
    return sources.date_lines


def _microdata_dates(sources: PageSources, *props: str) -> Iterator[tuple[str, str | None]]:
    for prop in props:
        for element in sources.microdata(prop)[:1]:
            yield prop, element.get("datetime") or element.get("content") or element_text(element)


def _time_dates(sources: PageSources, *, published: bool, marked_only: bool) -> list[str | None]:
    """<time> elements marked published (or updated); else, on a single-post page, the first
    three <time>s with a machine date."""
    if not marked_only:
        if not published or sources.shape.article_elements > 1:
            return []
        return [time.datetime for time in sources.times[:3] if time.datetime and not time.updated]
    marked: list[str | None] = []
    for time in sources.times:
        is_updated = time.updated
        is_published = not is_updated and any(
            word in time.classes for word in ("published", "entry-date", "pubdate")
        )
        if is_published if published else is_updated:
            marked.append(time.datetime or time.text)
    return marked


def _description_candidates(
    sources: PageSources, article: Node
) -> Iterator[tuple[str, str | None]]:
    for key in ("description", "og:description", "twitter:description"):
        yield f"meta {key}", _clean_text(sources.first_meta(key))
    yield "json-ld description", _text(article.get("description"))
    for key in ("dc.description", "sailthru.description"):
        yield f"meta {key}", _clean_text(sources.first_meta(key))


def _language_candidates(sources: PageSources, article: Node) -> Iterator[tuple[str, str | None]]:
    yield "html lang", _language_code(sources.html_lang)
    for key in ("content-language", "language", "dc.language"):
        yield f"meta {key}", _language_code(sources.first_meta(key))
    yield "json-ld inLanguage", _language_code(_text(article.get("inLanguage")))
    yield "og:locale", _language_code(sources.first_meta("og:locale"))


def _language_code(value: str | None) -> str | None:
    if not value:
        return None
    code = value.split(",")[0].strip().replace("_", "-")
    return code if _LANG_RE.match(code) else None


def _terms(
    sources: PageSources, article: Node, trace: Trace | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    links: list[tuple[list[str], list[str]]] = []

    def link_terms() -> tuple[list[str], list[str]]:
        if not links:
            links.append(([], []) if sources.many_posts else term_links(sources))
        return links[0]

    tags = _first_nonempty(
        "tags",
        trace,
        ("json-ld keywords", lambda: _split_terms(article.get("keywords"))),
        ("meta article:tag", lambda: _split_terms(sources.all_meta("article:tag"))),
        (
            "meta parsely/sailthru tags",
            lambda: _split_terms(
                sources.all_meta("parsely-tags") + sources.all_meta("sailthru.tags")
            ),
        ),
        ("rel=tag links", lambda: link_terms()[0]),
        ("meta news_keywords", lambda: _split_terms(sources.all_meta("news_keywords"))),
        ("meta keywords", lambda: _split_terms(sources.all_meta("keywords"))),
    )
    categories = _first_nonempty(
        "categories",
        trace,
        (
            "json-ld articleSection",
            lambda: _split_terms(article.get("articleSection"), split=False),
        ),
        (
            "meta article:section",
            lambda: _split_terms(sources.all_meta("article:section"), split=False),
        ),
        (
            "meta parsely-section",
            lambda: _split_terms(sources.all_meta("parsely-section"), split=False),
        ),
        ("rel=category links", lambda: link_terms()[1]),
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


def _first_nonempty(
    name: str, trace: Trace | None, *sources: tuple[str, Callable[[], list[str]]]
) -> tuple[str, ...]:
    """The first source that names any terms, asked in order (later ones may be costly)."""
    winner: tuple[str, ...] = ()
    for source, read in sources:
        terms = tuple(read()[:MAX_TERMS])
        if not terms:
            continue
        if trace is None:
            return terms
        trace.saw(name, source, terms)
        if not winner:
            winner = terms
            trace.won(name, source)
    return winner


def _image_candidates(
    sources: PageSources, ld: JsonLd, article: Node, base: str | None
) -> Iterator[tuple[str, str | None]]:
    for key in (
        "og:image",
        "og:image:url",
        "og:image:secure_url",
        "twitter:image",
        "twitter:image:src",
    ):
        yield f"meta {key}", _absolute(sources.first_meta(key), base)
    yield "json-ld image", _absolute(_jsonld_image(ld, article.get("image")), base)
    yield "json-ld thumbnailUrl", _absolute(_text(article.get("thumbnailUrl")), base)
    yield "link image_src", _absolute((sources.links.get("image_src") or [None])[0], base)
    yield "meta image", _absolute(sources.first_meta("image", "thumbnail", "thumbnailurl"), base)


def _jsonld_image(ld: JsonLd, value: Any) -> str | None:
    value = ld.resolve(value)
    if isinstance(value, list):
        return _jsonld_image(ld, value[0]) if value else None
    if isinstance(value, dict):
        return _text(value.get("url")) or _text(value.get("contentUrl"))
    return _text(value)


def _is_catalogue(page_types: tuple[str, ...]) -> bool:
    """Structured data that calls the page a product, a collection or a list of items."""
    return any(name.lower() in _CATALOGUE_TYPES for name in page_types)


def _page_types(sources: PageSources, ld: JsonLd) -> tuple[str, ...]:
    names = ld.types()
    og_type = sources.first_meta("og:type")
    if og_type and og_type not in names:
        names.append(og_type)
    return tuple(names)


def _absolute(value: str | None, base: str | None) -> str | None:
    """``value`` read against ``base``; None where urllib cannot read it (``http://[x``: one
    hostile address must not empty the page's extraction)."""
    if not value:
        return None
    value = value.strip()
    if value.startswith("//") and not base:
        return "https:" + value
    if not base:
        return value
    try:
        return _joined_url(base, value)
    except ValueError:
        return None


# ``urljoin`` once per (base, value): a page's canonical link and og:url are most often the same
# address, joined to the same page URL (``urlsplit`` keeps a cache of its own; ``urljoin`` not).
_joined_url = lru_cache(maxsize=1024)(urljoin)


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, str):
        return _unescape(value) or None
    return None


def _clean_text(value: str | None) -> str | None:
    return _unescape(value) or None if value else None


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
