"""Article or listing? Decided from evidence in the page, not from one site's URL pattern (the
one URL shape read is every blog engine's: a tag's, category's or author's page, or a list's
N-th page, never an article).

Evidence, in order of trust: the types the page declares (JSON-LD @type, og:type; where the head
types nothing, the body's page-shape model may stand in for an article type: ``articleshape``),
the shape of the page before pruning (many <article> elements, many headings that are links,
"read more" links, pagination), then the body the extractor kept (length, paragraphs, link
density). A page no type declares is an article by its length only if the shape model does not
all but rule it out (``SHAPE_VETO``); where the head declares no article, a shape the model reads
as one article stands in for the type (``SHAPE_RESCUE``).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from scraper.extractor.body import Body
from scraper.extractor.jsonld import ARTICLE_TYPES
from scraper.extractor.metadata import Metadata
from scraper.models import PageKind

__all__ = ["classify_page"]

LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage", "blog"})
OTHER_TYPES = frozenset(
    {"aboutpage", "contactpage", "checkoutpage", "faqpage", "product", "event", "jobposting"}
)
# A thing the page is about, not a story: where one is declared and no article type is, the
# page's shape never stands in for an article (a workshop's page of prose is an event's, not a
# post). A FAQ or about page type is not one: blogs mark posts with them.
THING_TYPES = frozenset({"product", "event", "jobposting"})
_WORD_RE = re.compile(r"\w+")
MIN_ARTICLE_WORDS = 40
MIN_UNTYPED_ARTICLE_WORDS = 120
MANY_ARTICLES = 3
MANY_HEADING_LINKS = 6
MANY_READ_MORE = 3
HIGH_LINK_DENSITY = 0.5
# A declared article is a listing only on this many listing signs: a story's related-post cards
# give three (several <article> cards, their heading links, their "read more"), and 11 of
# wcxb-dev's articles were lost at three, for 3 of its 96 listing pages kept out
# (``benchmarks/README.md``, round thirty-five).
STRONG_LISTING_VOTES = 4
# Below this probability of one article from the page's shape (``articleshape``), a page no
# type declares is not taken for an article on its word count: chosen out of fold on both dev
# sets, as they are and undeclared, an article lost weighed as 20 other pages exported
# (``benchmarks/kind_veto.py``).
SHAPE_VETO = 0.05
# At or above this probability, the shape stands in for an article type on a page whose head
# declares none (it types the page a listing, a WebPage, a Product, or nothing): the rules then
# read it as a declared article (enough words, few listing signs), unless several <article>
# elements make it a list of posts. The shape model's own cut
# (``article_shape.npz``'s threshold, where it declares an untyped page), not a tuned one; out of
# fold it exports more articles than it adds other pages in every form
# (``benchmarks/kind_veto.py --rescue``). Above 1.0: never.
SHAPE_RESCUE = 0.5
# Where blog engines (WordPress, Hugo, Jekyll, Ghost, Pelican, Hexo...) write their lists of
# posts: one tag's, category's or author's page (``/tags/rust/``, ``/category/news/``,
# ``/author/jane/``) and the N-th page of a list (``/page/2/``; jekyll-paginate's ``/page2/``).
# Pelican's N-th page of its home list is ``/index2.html``. A page there is never a post: none
# of AEB's 181 or wcxb-dev's 788 articles, nor any of the dev archives' posts, has such a path,
# and their one-teaser tag pages read as short articles (benchmarks/README.md, round
# thirty-seven).
_LIST_PATH_RE = re.compile(
    r"(?:^|/)(?:tags?|categor(?:y|ies)|authors?)/[^/]+/?$|/page/?\d+/?$|/index\d+\.html?$",
    re.IGNORECASE,
)
_SEARCH_TITLE_RE = re.compile(r"\bsearch results?\b|\byou searched for\b|\bsuchergebnisse\b", re.I)
_ERROR_TITLE_RE = re.compile(
    r"\b(?:404|410|not found|page not found|no longer available|error|access denied|"
    r"forbidden|nothing found|page doesn.t exist|seite nicht gefunden|page introuvable)\b",
    re.I,
)


def _ladder_evidence(body: Body) -> Body:
    """The body as the ladder found it, when known: the evidence these rules were tuned on."""
    if body.ladder_text is None:
        return body
    return Body(
        text=body.ladder_text,
        link_density=body.ladder_link_density or 0.0,
        paragraph_count=body.paragraph_count,
    )


def classify_page(
    root: HtmlElement, meta: Metadata, body: Body, url: str | None = None
) -> PageKind:
    """``article`` for one post or story, ``listing`` for pages of links to posts, else ``other``.

    ``root`` may already be pruned by the body stage, so the pre-pruning evidence comes from
    ``meta.shape``; ``root`` is accepted for future signals that survive pruning. ``url``: the
    page's address; at a blog engine's list address (``is_list_address``) no page is an article.
    """
    kind = _classify(meta, body)
    if kind == "article" and url and is_list_address(url):
        return "listing"
    return kind


# A site's front page: a blog's newest posts, a shop's or a company's landing page, never one
# post, even where it shows the newest post whole (Lanyon's home, one article wide). With a
# query it may be one: WordPress's plain permalinks put every post at ``/?p=123``.
_FRONT_PAGES = frozenset({"", "/", "/index.html", "/index.htm", "/index.php"})


def is_list_address(url: str) -> bool:
    """Whether ``url`` is where blog engines write a list of posts (``_LIST_PATH_RE``), or the
    site's front page (``_FRONT_PAGES``)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    path = parts.path
    if path in _FRONT_PAGES and not parts.query:
        return True
    return bool(_LIST_PATH_RE.search(path.removesuffix("index.html")))


def _classify(meta: Metadata, body: Body) -> PageKind:
    declared = _declared_kind(meta)
    # (``declared_by_shape``: a page whose head types nothing)
    if (declared is None and body.declared_by_shape) or _shape_stands_in(declared, meta, body):
        declared = "article"
    probability = body.shape_probability
    shape_denies = probability is not None and probability < SHAPE_VETO
    body = _ladder_evidence(body)
    words = count_words(body.text, MIN_UNTYPED_ARTICLE_WORDS)
    title = meta.title or ""
    if _ERROR_TITLE_RE.search(title) and words < MIN_UNTYPED_ARTICLE_WORDS:
        return "other"
    votes = _listing_votes(meta, body) + (1 if _SEARCH_TITLE_RE.search(title) else 0)
    if declared == "article":
        if words >= MIN_ARTICLE_WORDS and votes < STRONG_LISTING_VOTES:
            return "article"
        return "listing" if votes >= 2 else "other"
    if declared == "listing" or votes >= 2:
        return "listing"
    if declared == "other":
        return "other"
    has_article_signs = bool(meta.date_published or meta.authors or meta.article_signs)
    needed = MIN_ARTICLE_WORDS if has_article_signs else MIN_UNTYPED_ARTICLE_WORDS
    enough_text = words >= needed and body.link_density < HIGH_LINK_DENSITY
    if votes == 1 and words < MIN_UNTYPED_ARTICLE_WORDS:
        # A short page with one listing sign is a list, unless the shape reads one story and
        # the page names its day or writer: a webinar's few sentences beside related cards.
        reads_story = probability is not None and probability >= SHAPE_RESCUE
        return "article" if reads_story and has_article_signs and enough_text else "listing"
    if enough_text:
        if shape_denies:  # a long text that is no story: a shop's, a service's, a list's
            return "listing" if votes else "other"
        return "article"
    return "other"


def _shape_stands_in(declared: PageKind | None, meta: Metadata, body: Body) -> bool:
    """Whether the page's shape stands in for an article type its head does not declare (the
    shape is read only where no article is declared: ``body.shape_may_read``). Never on a page
    built of several ``<article>`` elements: a blog's index pages show whole posts, one of which
    may read as a story (``benchmarks/README.md``, round thirty-five)."""
    probability = body.shape_probability
    return (
        declared != "article"
        and probability is not None
        and not _declares_thing(meta)
        and probability >= SHAPE_RESCUE
        and meta.shape.article_elements < MANY_ARTICLES
    )


def _declares_thing(meta: Metadata) -> bool:
    """Whether the page's own types name a thing it is about (``THING_TYPES``)."""
    return any(name.lower() in THING_TYPES for name in meta.page_types)


def count_words(text: str, enough: int) -> int:
    """Words in ``text``, counted no further than ``enough``: the thresholds are small and a
    full ``findall`` over a long article costs more than the rest of the classification.
    (Not ``str.split``: CJK text has no spaces between words, only punctuation.)"""
    count = 0
    for _ in _WORD_RE.finditer(text):
        count += 1
        if count >= enough:
            break
    return count


def _declared_kind(meta: Metadata) -> PageKind | None:
    """What the page's own types say; an Article type wins over a WebSite beside it, and over
    a Blog: the site the post is in (Pelican Flex's two JSON-LD nodes, Blog and BlogPosting)."""
    types = {name.lower() for name in meta.page_types}
    listing = types & LISTING_TYPES
    if listing and not types & {"webpage"} and not (listing == {"blog"} and types & ARTICLE_TYPES):
        return "listing"
    if types & ARTICLE_TYPES:
        return "article"
    if types & LISTING_TYPES:
        return "listing"
    if types & OTHER_TYPES:
        return "other"
    if "website" in types and "webpage" not in types:
        # og:type website, or a JSON-LD WebSite alone: a home page or archive.
        return "listing" if meta.shape.heading_links >= MANY_HEADING_LINKS else None
    return None


def _listing_votes(meta: Metadata, body: Body) -> int:
    """How many independent signs of a page of excerpts the page shows (0-4)."""
    shape = meta.shape
    votes = 0
    if shape.article_elements >= MANY_ARTICLES:
        votes += 1
    if shape.heading_links >= MANY_HEADING_LINKS:
        votes += 1
    if shape.read_more_links >= MANY_READ_MORE:
        votes += 1
    if shape.pagination and (shape.article_elements >= 2 or shape.heading_links >= 3):
        votes += 1
    if body.text and body.link_density >= HIGH_LINK_DENSITY and votes:
        votes += 1
    return votes


def kind_evidence(meta: Metadata, body: Body) -> dict[str, object]:
    """What ``classify_page`` weighed, for ``scraper explain``: declared types, the page's
    shape before pruning, the listing votes and the kept body's size and link density."""
    shape = meta.shape
    declared = _declared_kind(meta)
    return {
        "declared_types": list(meta.page_types),
        "declared_kind": declared,
        "declared_by_shape": body.declared_by_shape,
        "shape_stands_in": _shape_stands_in(declared, meta, body),
        "shape_probability": (
            None if body.shape_probability is None else round(body.shape_probability, 3)
        ),
        "listing_votes": _listing_votes(meta, body),
        "article_elements": shape.article_elements,
        "heading_links": shape.heading_links,
        "read_more_links": shape.read_more_links,
        "pagination": shape.pagination,
        "body_words": count_words(body.text, 10**9),
        "body_link_density": round(body.link_density, 3),
        "has_date_or_author": bool(meta.date_published or meta.authors or meta.article_signs),
    }
