"""What one site's pages share, learned from a sample of them: the site model.

Learned once per host from a sample of its pages spread over the site (``sample.py``), then
fixed, so every page of the host is judged by the same model whatever order the crawl met them in:

- ``template``: fingerprints (place + text) of blocks on at least ``TEMPLATE_SHARE`` of the
  sample: menus, sidebars, footers, hidden search boxes, share rows. Boilerplate on every page.
- ``site_name`` and its side: the part of ``<title>`` most pages share after a separator
  ("Post title | Site"), with the parts beside it just as shared ("Post | Metal³ - Metal Kubed"
  names the site "Metal³ - Metal Kubed"); ``constant_title``: a ``<title>`` most pages share
  whole (no headline).
- ``byline_place`` / ``date_place``: where the author / date sit on the posts that have one.
- ``content_places``: where the posts' paragraphs sit: places whose blocks the extractor keeps
  on the sample's articles (nearly) always, so a line it drops there on one page (a paragraph
  of links: "Presented at <a>Kafka Summit</a>", a bare URL) is content all the same;
  ``content_region``: the element holding most of them (the post body), where a list of links
  that is no template (references) is the post's own too; ``aside_places``: places beside it
  whose text varies from post to post but which the extractor (nearly) never keeps (a summary
  under the headline), left out of a post's text even where nothing else is there (a video).
- ``kinds``: how the sample's pages of each URL shape were judged (``/post/#/#/*/``: 40
  articles), so a page its own content leaves in doubt follows the pages built like it.
- ``menu_paths``: the pages the menu links to (About, Projects): the site's own pages, never its
  posts; ``twin_links``: the links at the menu's place whose words stay while their target is
  each page's own counterpart (a language switch: "en" on every Spanish page, to that page in
  English), so a menu page's counterpart, which no menu links to, is a menu page too.
- ``dated_sections``: the sections (first folder) of the sample's dated pages, when it has
  enough of them: a site that dates its posts keeps them there, and an undated page elsewhere
  ("/docs/...", "/book/..." beside "/blog/...") is none of its posts.
"""

from __future__ import annotations

import dataclasses
import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urljoin, urlsplit

from scraper.extractor.authors import byline_phrase, clean_authors, looks_like_name
from scraper.extractor.dates import (
    MAX_DATE_CHARS,
    date_from_url,
    normalise_date,
    original_day,
    visible_date,
)
from scraper.extractor.datescan import is_copyright
from scraper.models import Article
from scraper.sitemodel.blocks import Block, own_text_as_written

__all__ = [
    "Sample",
    "SiteModel",
    "day_shown",
    "last_tag",
    "learn_build_stamps",
    "learn_content_places",
    "learn_menu",
    "learn_places",
    "learn_template",
    "loose",
    "menu_path",
    "parent_region",
    "post_day",
    "shown_date",
    "strip_site_name",
    "twin_key",
    "url_section",
    "url_shape",
    "with_dated_sections",
    "with_declared_dates",
    "with_declared_writers",
    "with_kinds",
    "with_url_dates",
]

# 2: places without <body>'s classes; 3: aside places, menus of short links; 4: twin links;
# 5: places without BEM modifier classes
MODEL_VERSION = 5
MIN_SAMPLE = 15  # fewer pages than this teach nothing about a template or kinds
TEMPLATE_SHARE = 0.6  # a block on this share of the sample is template
MIN_TEMPLATE_PAGES = 3
TITLE_SHARE = 0.6  # a <title> part on this share of the titles with a separator: the site name
MIN_NAMED_SHARE = 0.3  # ... and on at least this share of all the sample's titles
PLACE_SHARE = 0.5  # a byline/date place used by this share of the posts that have one
KIND_SHARE = 0.7  # the share of a URL shape's sample pages that settles a doubtful page's kind
MIN_KIND_VOTES = 3
MAX_BYLINE_CHARS = 200
MAX_MENU_WORDS = 2
MAX_TWIN_CHARS = 40  # a twin link's one or two words (a language's name or code)
TWIN_SHARE = 0.9  # a menu-place link whose target differs on this share of the pages showing it
MIN_TWIN_TARGETS = 2  # ... whose targets are seen in the sample at least this often
TWIN_BACK_SHARE = 0.2  # ... and show the same link at most this often (next/previous: always)
CONTENT_KEPT_SHARE = 0.9  # a place whose blocks the extractor keeps this often holds content
MIN_CONTENT_BLOCKS = 20  # ... over at least this many blocks
MIN_CONTENT_PAGES = 5  # ... on at least this many of the sample's articles
ASIDE_KEPT_SHARE = 0.1  # a place beside the post body whose blocks it keeps at most this often
# The post body holds at least this share of the words the extractor kept on the sample's posts
# (the parent of a list's place alone, a list item, may hold a tenth of them; one that holds a
# quarter is taken as learned: widening it brings in what sits beside the body, comments)
REGION_WORD_SHARE = 0.25
MIN_DATED_PAGES = 3  # dated sample pages that show where a site keeps its (dated) posts
TITLE_SEPARATORS_RE = re.compile(r"(?<!\s)\s+(?:[|\u2013\u2014\-:\u00b7\u00bb\u2022/]|::)\s+")
# What sets a learned site name off where it is cut: the separators, and a colon glued to the
# name opening a title ("Cap'n Proto: Post"; learned only where a title has no separator, and
# cut only where what precedes it is the name: a headline's own colon varies from post to post)
SITE_NAME_SEPARATORS_RE = re.compile(TITLE_SEPARATORS_RE.pattern + r"|(?<=\S):\s+")
_DIGITS_RE = re.compile(r"^\d+$")
_EXTENSION_RE = re.compile(r"^(?=[0-9]*[A-Za-z])[A-Za-z0-9]{1,5}$")  # "html", "mp3"; never "20"
_SUFFIX_RE = re.compile(r"^[A-Za-z0-9]{1,5}$")
_TAG_RE = re.compile(r"</?[a-zA-Z][^<>]*>")
_NOT_WORD_RE = re.compile(r"[^\w\s]")

Side = Literal["prefix", "suffix"]


@dataclass(frozen=True, slots=True)
class Sample:
    """One page of the learning sample: its blocks, ``<title>`` and article."""

    url: str
    blocks: Sequence[Block]
    title: str | None
    article: Article
    # an article's author candidates, the ranker's first first (given or withheld by the page
    # gate), for ``learn_hinted_byline`` where the writers given say too little
    hints: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class SiteModel:
    """One host's learned model (plain data: it is saved as JSON beside the crawl state)."""

    host: str
    pages: int = 0
    template: frozenset[str] = frozenset()
    nav_places: frozenset[str] = frozenset()
    site_name: str | None = None
    site_name_side: Side | None = None
    constant_title: str | None = None
    title_place: str | None = None
    byline_place: str | None = None
    # Where the posts the byline place misses print their writers, when enough of them agree
    # (a site with two post layouts: a meta line under the headline, or loose after a subtitle)
    second_byline_place: str | None = None
    date_place: str | None = None
    kinds: dict[str, dict[str, int]] = field(default_factory=dict)
    menu_paths: frozenset[str] = frozenset()  # pages the site's menu links to ("About", "Docs")
    content_places: frozenset[str] = frozenset()  # where the posts' paragraphs sit
    # The element holding most of them (the post body), as a place prefix ("body/article/div/")
    content_region: str | None = None
    # Where ``content_region`` holds less than ``REGION_WORD_SHARE`` of the words kept on the
    # posts (a list item's place), the nearest element that holds them: the post body the path
    # chooser's lines are weighed against (``region.post_body``); the restore of link lines
    # keeps the narrower ``content_region``.
    body_region: str | None = None
    # Places beside the post body whose text varies from post to post but which the extractor
    # (nearly) never keeps on the site's posts: a summary under the headline, a teaser.
    aside_places: frozenset[str] = frozenset()
    # Blocks (fingerprints) on most of the sample's posts though no template of the whole
    # sample, where posts are too few of it: a post layout's own lines ("← Back to the list of
    # blog posts"), never a post's text to put back.
    post_template: frozenset[str] = frozenset()
    # Links at the menu's place whose words are the same on every page that shows them and whose
    # target is that page's own counterpart ("en" on a Spanish page: the page in English), as
    # ``twin_key``s: the counterpart of a menu page is a page of the menu too.
    twin_links: frozenset[str] = frozenset()
    # The sections (``url_section``) of the sample's dated pages, when it has enough of them
    # (else empty: nothing known). An undated page outside them is not one of the site's posts.
    dated_sections: frozenset[str] = frozenset()
    # Publication times (to the second) that several of the sample's pages that are no lists
    # declare alike: the site's build time, stamped on every page a plugin dates by its build
    # (jekyll-seo-tag's ``datePublished`` on documentation pages), no page's own day.
    build_stamps: frozenset[str] = frozenset()
    # The sample's dated posts whose address names a day (``/2014/01/29/slug/``) are dated that
    # day: a post the page prints no date for is too (a Gatsby blog dating its posts only in
    # their addresses and in listings), and its address outweighs a day its text mentions.
    url_dates: bool = False
    # The sample's posts' ``<meta name="author">`` names each post's own writer (the writers
    # given agree with it, and it is not one name on every post): a post no writer is given
    # to (the page gate withholds a meta tag alone) takes it.
    declared_writers: bool = False
    # The sample's dated posts declare their own day in their structured data
    # (``article:published_time``, JSON-LD ``datePublished``; the day given agrees on nearly
    # every one, and not one day on all): a post given no date takes the one it declares
    # (the page without its template may leave the extractor too little to trust it).
    declared_dates: bool = False
    # The site's own name (the name its <title>s print, no person's) given as the writer of
    # every sampled post though no byline place prints it: a site-wide meta author
    # ("xHain hack+makespace"), no writer (issue 12), so a post given only that is given none.
    own_name_writer: str | None = None

    @functools.cached_property
    def twin_places(self) -> frozenset[str]:
        """The places of the twin links, to look at few of a page's blocks."""
        return frozenset(key.split(" ", 1)[0] for key in self.twin_links)

    @functools.cached_property
    def twin_texts(self) -> frozenset[str]:
        """The words of the twin links (loosely), told before a block's place is worked out."""
        return frozenset(key.split(" ", 1)[1] for key in self.twin_links)

    @functools.cached_property
    def template_texts(self) -> frozenset[int]:
        """The text part of the template fingerprints (``Block.text_key``, a number), to rule
        most blocks out cheaply."""
        return frozenset(int(fp.split("-", 1)[0], 16) for fp in self.template)

    def majority_kind(self, url: str) -> str | None:
        """The kind most sample pages of this URL's shape had, when enough of them agree."""
        votes = self.kinds.get(url_shape(url)) or {}
        total = sum(votes.values())
        if total < MIN_KIND_VOTES:
            return None
        kind = max(votes, key=votes.__getitem__)
        return kind if votes[kind] >= KIND_SHARE * total else None

    def to_json(self) -> dict[str, Any]:
        return {
            "version": MODEL_VERSION,
            "host": self.host,
            "pages": self.pages,
            "template": sorted(self.template),
            "nav_places": sorted(self.nav_places),
            "site_name": self.site_name,
            "site_name_side": self.site_name_side,
            "constant_title": self.constant_title,
            "title_place": self.title_place,
            "byline_place": self.byline_place,
            "second_byline_place": self.second_byline_place,
            "date_place": self.date_place,
            "kinds": self.kinds,
            "menu_paths": sorted(self.menu_paths),
            "content_places": sorted(self.content_places),
            "content_region": self.content_region,
            "body_region": self.body_region,
            "aside_places": sorted(self.aside_places),
            "post_template": sorted(self.post_template),
            "twin_links": sorted(self.twin_links),
            "dated_sections": sorted(self.dated_sections),
            "build_stamps": sorted(self.build_stamps),
            "url_dates": self.url_dates,
            "declared_writers": self.declared_writers,
            "declared_dates": self.declared_dates,
            "own_name_writer": self.own_name_writer,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SiteModel:
        return cls(
            host=str(data["host"]),
            pages=int(data.get("pages", 0)),
            template=frozenset(data.get("template", ())),
            nav_places=frozenset(data.get("nav_places", ())),
            site_name=data.get("site_name"),
            site_name_side=data.get("site_name_side"),
            constant_title=data.get("constant_title"),
            title_place=data.get("title_place"),
            byline_place=data.get("byline_place"),
            second_byline_place=data.get("second_byline_place"),
            date_place=data.get("date_place"),
            kinds={k: dict(v) for k, v in (data.get("kinds") or {}).items()},
            menu_paths=frozenset(data.get("menu_paths", ())),
            content_places=frozenset(data.get("content_places", ())),
            content_region=data.get("content_region"),
            body_region=data.get("body_region"),
            aside_places=frozenset(data.get("aside_places", ())),
            post_template=frozenset(data.get("post_template", ())),
            twin_links=frozenset(data.get("twin_links", ())),
            dated_sections=frozenset(data.get("dated_sections", ())),
            build_stamps=frozenset(data.get("build_stamps", ())),
            url_dates=bool(data.get("url_dates", False)),
            declared_writers=bool(data.get("declared_writers", False)),
            declared_dates=bool(data.get("declared_dates", False)),
            own_name_writer=data.get("own_name_writer"),
        )

    def describe(self) -> str:
        """One line for ``-v`` logs: what was learned."""
        kinds = ", ".join(
            f"{shape} {max(votes, key=votes.__getitem__)} ({sum(votes.values())})"
            for shape, votes in sorted(self.kinds.items())
        )
        return (
            f"{self.host}: learned from {self.pages} pages: {len(self.template)} template blocks, "
            f"{len(self.nav_places)} link-list places, "
            f"site name {self.site_name!r} ({self.site_name_side}), constant title "
            f"{self.constant_title!r}, headline at {self.title_place!r}, byline at "
            f"{self.byline_place!r}, date at "
            f"{self.date_place!r}; {len(self.content_places)} content places in "
            f"{self.content_region!r}, {len(self.aside_places)} beside it; "
            f"{len(self.menu_paths)} menu pages, {len(self.twin_links)} twin links; kinds by "
            "URL shape: "
            f"{kinds or 'none'}"
        )


def url_shape(url: str, suffixes: bool = False) -> str:
    """A URL path with its variable parts generalised: ``/post/2021/02/16/x/`` -> ``post/#/#/#/*/``.

    Folder names stay (``tags/*/`` and ``it/*/`` differ); numbers become ``#``; the last part
    (the slug or file name) becomes ``*`` keeping a file's extension. A folder has none, nor
    has a version number ("announcing-2.20/", "release-v1.20"): those are slugs like the rest.
    ``suffixes``: keep any dotted suffix of the last part as the shape's own (``*.20/``), as
    the sample spreads over them (``choose_sample``: a finer spread, and the one its choices
    were measured with).
    """
    path = urlsplit(url).path
    parts = [p for p in path.split("/") if p]
    if not parts:
        return "/"
    shaped = ["#" if _DIGITS_RE.match(p) else p.lower() for p in parts[:-1]]
    last = parts[-1]
    if _DIGITS_RE.match(last):
        shaped.append("#")
    else:
        stem, dot, ext = last.rpartition(".")
        if suffixes:
            kept = _SUFFIX_RE.match(ext)
        else:  # a file's extension ("x.html"; not "Node.JS-notes"): a folder has none
            kept = not path.endswith("/") and _EXTENSION_RE.match(ext)
        shaped.append(f"*.{ext.lower()}" if dot and stem and kept else "*")
    return "/".join(shaped) + ("/" if path.endswith("/") else "")


def url_section(url: str) -> str:
    """The site section a page sits in: the first folder of its ``url_shape`` (numbers as
    ``#``, so the years of ``/2021/02/x/`` are one section), or ``""`` for a page at the root
    (``/about/``, ``/a-post/``)."""
    folders = url_shape(url).rstrip("/").split("/")[:-1]
    return folders[0] if folders else ""


MIN_STAMPED_PAGES = 3  # pages no list declaring one publication time: a build's stamp
_TIME_TO_THE_SECOND_RE = re.compile(r"T\d\d:\d\d:(?!00)\d\d")


def learn_build_stamps(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """The model plus the publication times its sample's pages share to the second (a time
    whose seconds are not zero: front matter's times are set by hand, "10:00:00"), on at least
    ``MIN_STAMPED_PAGES`` pages judged no list (a list shows its newest post's time, which the
    post itself shares): two posts are never published in the same second, a build is."""
    counts = Counter(
        stamp
        for sample in samples
        if sample.article.page_kind != "listing"
        for stamp in (sample.article.date_published,)
        if stamp and _TIME_TO_THE_SECOND_RE.search(stamp)
    )
    stamps = frozenset(stamp for stamp, n in counts.items() if n >= MIN_STAMPED_PAGES)
    return dataclasses.replace(model, build_stamps=stamps)


MIN_URL_DATED = 5  # dated sample posts with a day in their address that tell the rule
URL_DATES_SHARE = 0.8  # of them, dated their address's day


def with_url_dates(model: SiteModel, pages: Iterable[tuple[str, Article]]) -> SiteModel:
    """The model plus whether the site's posts are dated by the day their address names: most
    of the sample's dated articles (``(url, article)``) whose address names a day have that
    date, and enough of them to tell."""
    agree = dated = 0
    for url, article in pages:
        day = date_from_url(url) if article.page_kind == "article" else None
        if day and article.date_published:
            dated += 1
            agree += article.date_published[:10] == day
    told = dated >= MIN_URL_DATED and agree >= URL_DATES_SHARE * dated
    return dataclasses.replace(model, url_dates=told)


MIN_DECLARED_AGREE = 5  # posts whose given writers are the ones their meta tag declares
DECLARED_SHARE = 0.8  # of the posts that have both


def with_declared_writers(
    model: SiteModel, pages: Iterable[tuple[Article, tuple[str, ...]]]
) -> SiteModel:
    """The model plus whether the sample's posts' ``<meta name="author">`` (each article with
    the writers its page declares) names their own writers: on nearly every post given a
    writer and declaring one they agree, enough do, and the tag names more than one writer
    over the sample (one name on every post is the site's owner or team, said of posts by
    others too), or that one name is a person given to nearly every post (a one-writer
    blog: ``_sole_writer_declared``)."""
    judged = list(pages)

    def checks() -> Iterator[tuple[bool, Iterable[str]]]:
        for article, declared in judged:
            if article.page_kind != "article" or not declared or not article.authors:
                continue
            given = {word for name in article.authors for word in loose(name).split()}
            # (each declared name shares a word with the given ones: "Asif Siddiqui" is
            # "Mohammad Asif Siddiqui", "Lei Zhang" "Zhang Lei", as the byline prints them)
            agrees = all(given & set(loose(name).split()) for name in declared)
            yield agrees, map(loose, declared)

    holds = _declaration_holds(checks()) or _sole_writer_declared(model, judged)
    return dataclasses.replace(model, declared_writers=holds)


def _sole_writer_declared(
    model: SiteModel, pages: Sequence[tuple[Article, tuple[str, ...]]]
) -> bool:
    """Whether every sampled post declares one person, the writer given to nearly all of
    them: a one-writer blog whose byline is its sidebar or header, which the template takes
    out, so the meta tag tells the posts left without a writer (a site's own name or a
    team's is no such person: ``learn_own_name_writer``)."""
    declared = {names for article, names in pages if article.page_kind == "article" and names}
    if len(declared) != 1 or model.byline_place is not None:
        return False
    (names,) = declared
    if len(names) != 1 or not looks_like_name(names[0]):
        return False
    key = loose(names[0])
    given = [
        tuple(map(loose, article.authors))
        for article, _ in pages
        if article.page_kind == "article" and article.authors
    ]
    agree = sum(1 for writers in given if writers == (key,))
    return agree >= MIN_DECLARED_AGREE and agree >= DECLARED_SHARE * len(given)


def with_declared_dates(model: SiteModel, pages: Iterable[tuple[Article, str | None]]) -> SiteModel:
    """The model plus whether the sample's posts (each article with the day its page declares)
    declare their own day: on nearly every dated post declaring one the days agree, enough
    do, and they are not one day (a build's, said of every page)."""
    checks = (
        (article.date_published[:10] == declared[:10], (declared[:10],))
        for article, declared in pages
        if article.page_kind == "article" and declared and article.date_published
    )
    return dataclasses.replace(model, declared_dates=_declaration_holds(checks))


def _declaration_holds(checks: Iterable[tuple[bool, Iterable[str]]]) -> bool:
    """Whether what the sample's posts declare is their own (each post having both: whether
    the declared value agrees with the one given, and the values declared): it agrees on
    nearly every one, on enough, and names more than one value over the sample."""
    agree = both = 0
    values: set[str] = set()
    for agrees, declared in checks:
        both += 1
        agree += agrees
        values.update(declared)
    return agree >= MIN_DECLARED_AGREE and agree >= DECLARED_SHARE * both and len(values) > 1


def with_dated_sections(model: SiteModel, pages: Iterable[tuple[str, Article]]) -> SiteModel:
    """The model plus the sections of the sample's dated pages (``(url, article)``; listings
    aside: a listing shows its newest post's date), when at least ``MIN_DATED_PAGES`` tell."""
    dated = [url for url, a in pages if a.date_published and a.page_kind != "listing"]
    sections = frozenset(map(url_section, dated)) if len(dated) >= MIN_DATED_PAGES else frozenset()
    return dataclasses.replace(model, dated_sections=sections)


def learn_template(host: str, pages: Sequence[tuple[Sequence[Block], str | None]]) -> SiteModel:
    """The template, link-list places and title pattern of a host from its sample pages'
    blocks and ``<title>``s."""
    n = len(pages)
    template: frozenset[str] = frozenset()
    nav_places: frozenset[str] = frozenset()
    if n >= MIN_SAMPLE:
        need = max(MIN_TEMPLATE_PAGES, math.ceil(TEMPLATE_SHARE * n))
        counts = Counter(fp for blocks, _ in pages for fp in {b.fingerprint for b in blocks})
        template = frozenset(fp for fp, c in counts.items() if c >= need)
        # Places holding only links on most pages, whatever the links say: "related posts",
        # "recent posts", next/previous. Their links are navigation, never a listing's items.
        nav = Counter(p for blocks, _ in pages for p in {b.place for b in blocks if b.all_links})
        nav_places = frozenset(p for p, c in nav.items() if c >= need)
    site_name, side, constant = _title_pattern([title for _, title in pages])
    return SiteModel(
        host=host,
        pages=n,
        template=template,
        nav_places=nav_places,
        site_name=site_name,
        site_name_side=side,
        constant_title=constant,
    )


def learn_menu(model: SiteModel, pages: Sequence[tuple[str, Sequence[Block]]]) -> SiteModel:
    """The pages the site's menu links to: targets of short links ("About", "Docs") in template
    blocks on most pages. They are the site's own pages, not its posts, however laid out (a
    "latest posts" box in the template links to posts by their titles, not by one or two
    words)."""
    if not model.template or not pages:
        return model
    need = max(MIN_TEMPLATE_PAGES, math.ceil(TEMPLATE_SHARE * len(pages)))
    counts: Counter[str] = Counter()
    for url, blocks in pages:
        linked = [
            (b.place, href, text)
            for b in blocks
            if b.links and b.fingerprint in model.template
            for href, text in b.links
            if href and text and not href.startswith(("#", "mailto:", "javascript:"))
        ]
        short: Counter[str] = Counter()
        every: Counter[str] = Counter()
        for place, _, text in linked:
            every[place] += 1
            short[place] += len(text.split()) <= MAX_MENU_WORDS
        # A menu's entries are one or two words each; a "recent posts" list at one place
        # whose entries are mostly titles is no menu, even where one title is two words.
        counts.update(
            {
                link_path(url, href)
                for place, href, text in linked
                if len(text.split()) <= MAX_MENU_WORDS and short[place] * 2 > every[place]
            }
            - {None}
        )
    menu = frozenset(p for p, c in counts.items() if c >= need and p != "/")
    return dataclasses.replace(model, menu_paths=menu, twin_links=_twin_links(model, pages, menu))


def _twin_links(
    model: SiteModel, pages: Sequence[tuple[str, Sequence[Block]]], menu: frozenset[str]
) -> frozenset[str]:
    """The links at the menu's place (where template links reach the menu's pages) whose words
    are the same wherever they are shown (on at least ``MIN_TEMPLATE_PAGES`` pages), whose
    target is another page on nearly every page, and whose targets do not show them: each
    page's counterpart in another edition of the site (a language switch: "es" on English
    pages leads to Spanish pages, which show "en"). Not a menu entry (one target), a list of
    posts (other words on each page), nor "next" and "previous" (their targets show them too:
    they lead along the pages that carry them, not out of them)."""
    places = {
        b.place
        for url, blocks in pages
        for b in blocks
        if b.links and b.fingerprint in model.template
        for href, text in b.links
        if href and text and link_path(url, href) in menu
    }
    shown: Counter[str] = Counter()  # pages showing the link
    targets: dict[str, set[str]] = {}
    keys_of: dict[str, set[str]] = {}  # the links each sample page shows, by its path
    for url, blocks in pages:
        here: dict[str, set[str]] = {}  # a menu shown twice (top and bottom) is one link
        for b in blocks:
            if not b.links or b.place not in places:
                continue
            for href, text in b.links:
                short = len(text) <= MAX_TWIN_CHARS and len(text.split()) <= MAX_MENU_WORDS
                if href and text and short and (target := link_path(url, href)) is not None:
                    here.setdefault(twin_key(b.place, text), set()).add(target)
        keys_of[menu_path(url)] = set(here)
        for key, found in here.items():
            shown[key] += 1
            targets.setdefault(key, set()).update(found)
    twins = set()
    for key, n in shown.items():
        if n < MIN_TEMPLATE_PAGES or len(targets[key]) < TWIN_SHARE * n:
            continue
        known = [t for t in targets[key] if t in keys_of]  # targets in the sample
        back = sum(key in keys_of[t] for t in known)
        if len(known) >= MIN_TWIN_TARGETS and back <= TWIN_BACK_SHARE * len(known):
            twins.add(key)
    return frozenset(twins)


def twin_key(place: str, text: str) -> str:
    """A link's key among ``SiteModel.twin_links``: its place and its words, loosely."""
    return f"{place} {loose(text)}"


def menu_path(url: str) -> str:
    """A URL's path as the menu is compared: ``/about`` and ``/about/`` are one page."""
    return urlsplit(url).path.rstrip("/") + "/"


def joined(url: str, href: str) -> str | None:
    """``href`` read against the page's ``url``; None where urllib cannot read it (an unclosed
    IPv6 bracket, ``http://[x``: one hostile link must not stop a site's model)."""
    try:
        return urljoin(url, href)
    except ValueError:
        return None


def link_path(url: str, href: str) -> str | None:
    """The menu path a link on the page at ``url`` leads to (None: an unreadable link)."""
    target = joined(url, href)
    return menu_path(target) if target is not None else None


def learn_places(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """Where the headline, byline and date sit, from the sample's articles (template removed)."""
    side = model.site_name_side
    headline = _title_place(samples, model.template, model.site_name, side, model.constant_title)
    byline, second = _writers_place(samples, model.template, hinted=False, headline=headline)
    return dataclasses.replace(
        model,
        title_place=headline,
        byline_place=byline,
        second_byline_place=second,
        date_place=_date_place(samples, model.template),
    )


def learn_content_places(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """Where the posts' paragraphs sit: places (template aside) whose blocks' text the
    extractor kept on the sample's articles at least ``CONTENT_KEPT_SHARE`` of the time."""
    kept: Counter[str] = Counter()
    kept_words: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    linked: Counter[str] = Counter()
    pages: dict[str, set[str]] = {}
    texts: dict[str, set[str]] = {}
    on_posts: Counter[str] = Counter()  # the dated posts each fingerprint is on
    dated = 0
    posts = 0
    for sample in samples:
        if sample.article.page_kind != "article":
            continue
        posts += 1
        words = loose(sample.article.text)
        if sample.article.date_published:  # (a site's documentation pages: undated)
            dated += 1
            on_posts.update({block.fingerprint for block in sample.blocks})
        for block in sample.blocks:
            text = loose(block.text)
            if not text or block.fingerprint in model.template:
                continue
            seen[block.place] += 1
            if text in words:
                kept[block.place] += 1
                kept_words[block.place] += text.count(" ") + 1
            linked[block.place] += block.link_heavy
            pages.setdefault(block.place, set()).add(sample.url)
            texts.setdefault(block.place, set()).add(text)
    # A place of links (a table of contents, "related posts") is no place of paragraphs, even
    # where its entries repeat the headings the extractor keeps.
    places = frozenset(
        place
        for place, n in seen.items()
        if n >= MIN_CONTENT_BLOCKS
        and len(pages[place]) >= MIN_CONTENT_PAGES
        and kept[place] >= CONTENT_KEPT_SHARE * n
        and linked[place] * 2 < n
        and place not in {model.title_place, model.byline_place, model.date_place}
    )
    # The post body: the parent of the place holding most of the posts' kept text, unless that
    # is <body> itself (then every block of the page would be in it).
    region = body = None
    if places:
        region = parent_region(max(sorted(places), key=lambda place: kept[place]))
        body = _holding_most_words(region, kept_words)
    # Beside the body: a place on most of the sample's posts, a text of its own on each, that
    # the extractor keeps (nearly) never; on a post with no text of its own (a video) it
    # would keep it for want of anything else.
    asides = frozenset(
        place
        for place, n in seen.items()
        if region is not None
        and not place.startswith(region)
        and len(pages[place]) >= max(MIN_CONTENT_PAGES, posts / 2)
        and len(texts[place]) * 2 > n
        and kept[place] <= ASIDE_KEPT_SHARE * n
        and place != model.title_place
    )
    return dataclasses.replace(
        model,
        content_places=places,
        content_region=region,
        body_region=body if body != region else None,
        aside_places=asides,
        post_template=_post_template(on_posts, dated, model.template),
    )


def _post_template(on_posts: Counter[str], dated: int, template: frozenset[str]) -> frozenset[str]:
    """The fingerprints on ``TEMPLATE_SHARE`` of the sample's ``dated`` posts (enough of them)
    that the whole sample's template does not hold."""
    if not POST_TEMPLATE or dated < MIN_CONTENT_PAGES:
        return frozenset()
    need = max(MIN_TEMPLATE_PAGES, math.ceil(TEMPLATE_SHARE * dated))
    return frozenset(fp for fp, n in on_posts.items() if n >= need and fp not in template)


POST_TEMPLATE = True


def _holding_most_words(region: str | None, kept_words: Counter[str]) -> str | None:
    """``region`` or its nearest ancestor below <body> holding ``REGION_WORD_SHARE`` of the words
    the extractor kept on the sample's posts; None when only <body> does. AsciiDoc sets each
    list in a ``div.ulist`` beside each paragraph's ``div.paragraph``: a release note's list
    items, kept every time, are no post body, their paragraphs beside them are the post's too."""
    total = sum(kept_words.values())
    while region is not None and total:
        inside = sum(n for place, n in kept_words.items() if place.startswith(region))
        if inside >= REGION_WORD_SHARE * total:
            return region
        region = parent_region(region.removesuffix("/"))
    return region


def _title_pattern(titles: Sequence[str | None]) -> tuple[str | None, Side | None, str | None]:
    present = [t for t in titles if t]
    if len(present) < MIN_SAMPLE:
        return None, None, None
    need = math.ceil(TITLE_SHARE * len(present))
    whole = Counter(t.casefold() for t in present).most_common(1)[0]
    constant = next(t for t in present if t.casefold() == whole[0]) if whole[1] >= need else None
    sides: Counter[tuple[Side, str]] = Counter()
    originals: dict[tuple[Side, str], str] = {}
    separated = 0
    for title in present:
        parts = TITLE_SEPARATORS_RE.split(title)
        ends: tuple[tuple[Side, str], ...] = (("prefix", parts[0]), ("suffix", parts[-1]))
        if len(parts) < 2:
            # a name glued to its colon opens the title ("Cap'n Proto: Post"); never ends it
            head, glued, rest = title.partition(": ")
            if not (glued and head.strip() and rest.strip()):
                continue
            ends = (("prefix", head),)
        separated += 1
        for side, part in ends:
            key = (side, part.strip().casefold())
            sides[key] += 1
            originals.setdefault(key, part.strip())
    if sides:
        # Most titles that name a site do so the same way; pages whose <title> is a bare name
        # (Hugo's tag pages: "kafka") neither show nor deny it, so they do not count against.
        (side, name), count = sides.most_common(1)[0]
        need_named = max(
            math.ceil(TITLE_SHARE * separated), math.ceil(MIN_NAMED_SHARE * len(present))
        )
        if name and count >= need_named:
            whole_name = _whole_site_name(present, side, originals[(side, name)], need_named)
            return whole_name, side, constant
    return None, None, constant


def _whole_site_name(titles: Sequence[str], side: Side, name: str, need: int) -> str:
    """The site's name with the parts its titles print beside it just as often ("Post | Metal³
    - Metal Kubed": the name is "Metal³ - Metal Kubed", not its last part), so that stripping
    it leaves each post's headline alone."""
    longer: Counter[str] = Counter()
    originals: dict[str, str] = {}
    for title in titles:
        cuts = list(TITLE_SEPARATORS_RE.finditer(title))
        if len(cuts) < 2:
            continue
        ends = (
            [title[cut.end() :] for cut in cuts]
            if side == "suffix"
            else [title[: cut.start()] for cut in cuts]
        )
        for end in ends:
            key = end.strip().casefold()
            longer[key] += 1
            originals.setdefault(key, end.strip())
    folded = name.casefold()
    grown = [
        key
        for key, count in longer.items()
        if count >= need
        and key != folded
        and (key.endswith(folded) if side == "suffix" else key.startswith(folded))
    ]
    return originals[max(grown, key=len)] if grown else name


def loose(text: str | None) -> str:
    """Text compared loosely: no markup, punctuation, case or extra spaces."""
    if not text:
        return ""
    if len(text) <= MAX_MEMO_CHARS:
        return _loose_memo(text)
    return _loose(text)


MAX_MEMO_CHARS = 400  # a block's or a line's text: folded once for the page's several looks


@functools.lru_cache(maxsize=4096)  # a page's blocks and lines; at most ~3 MB of short texts
def _loose_memo(text: str) -> str:
    """Memo: a page's block texts are folded for its region, again for its aside places, and
    its article's lines (the same texts) for the region's check and the lines dropped."""
    return _loose(text)


def _loose(text: str) -> str:
    if "<" in text:  # most texts hold no markup to remove: one scan fewer
        text = _TAG_RE.sub(" ", text)
    if text.isascii():  # most: one byte-table pass instead of casefold and the regex
        return " ".join(text.encode().translate(_LOOSE_ASCII).decode().split())
    return " ".join(_NOT_WORD_RE.sub(" ", text.casefold()).split())


# What ``loose``'s casefold and ``_NOT_WORD_RE`` make of each ASCII character, as a byte table
# (built from them, so the two ways agree on every ASCII text): letters lower-cased, what is
# neither a word character nor a space turned into a space.
_LOOSE_ASCII = bytes(
    32 if _NOT_WORD_RE.match(chr(c)) else ord(chr(c).casefold()) for c in range(128)
) + bytes(range(128, 256))


def strip_site_name(title: str, site_name: str | None, side: Side | None) -> str:
    """``title`` without the site's name and the separator that sets it off."""
    if not site_name:
        return title
    cuts = list(SITE_NAME_SEPARATORS_RE.finditer(title))
    if not cuts:
        return title
    # The whole name first, then its own end part ("Post | Events | Site" where most pages
    # print "| News | Site": the name learned is "News | Site", the site's is "Site").
    parts = TITLE_SEPARATORS_RE.split(site_name)
    for name in dict.fromkeys(loose(n) for n in (site_name, parts[-1 if side == "suffix" else 0])):
        if side == "suffix":
            cut = next((c for c in reversed(cuts) if loose(title[c.end() :]) == name), None)
            if cut:
                return title[: cut.start()].strip()
        elif side == "prefix":
            cut = next((c for c in cuts if loose(title[: c.start()]) == name), None)
            if cut:
                return title[cut.end() :].strip()
    return title


def _title_place(
    samples: Sequence[Sample],
    template: frozenset[str],
    site_name: str | None,
    side: Side | None,
    constant_title: str | None = None,
) -> str | None:
    """Where the posts' headline sits: the place of the block that repeats the <title> on the
    pages judged articles (a tag page's <title> is a tag, which its excerpts' tag rows repeat).
    A site whose every <title> is its name shows the headline the extractor read instead.
    The one that wins among them all, or where none does, among the dated ones: a project's
    undated pages of another layout split the vote with its posts; the dated ones' where they
    nearly all agree on a place most of them do not share with the winner of all (``DATED_
    HEADLINE_SHARE``): undated pages of another layout outnumber the posts."""
    votes: Counter[str] = Counter()
    first: Counter[str] = Counter()  # summed block index of each place's first block
    dated_votes: Counter[str] = Counter()
    dated_first: Counter[str] = Counter()
    titled = dated = 0
    site_wide = {loose(t) for t in (site_name, constant_title) if t}
    for sample in samples:
        if sample.article.page_kind != "article":
            continue
        want = loose(strip_site_name(sample.title, site_name, side)) if sample.title else ""
        read = not want or want in site_wide
        if read:  # (the extractor's, which may be cut at a dash of the printed one)
            want = loose(sample.article.title)
        if not want or want in site_wide:
            continue
        titled += 1
        places = [
            (i, b.place)
            for i, b in enumerate(sample.blocks)
            if b.fingerprint not in template
            and (loose(b.text) == want or (read and is_cut_from(want, b.text)))
        ]
        if not places and not read and sample.article.date_published:
            # a post's <title> that adds its category ("How-to: X - Site")
            got = loose(sample.article.title)  # printed where the headline is, if anywhere
            places = [
                (i, b.place)
                for i, b in enumerate(sample.blocks)
                if got and b.fingerprint not in template and loose(b.text) == got
            ]
        _vote(votes, first, places)
        if sample.article.date_published:
            dated += 1
            _vote(dated_votes, dated_first, places)
    among_all = _winner(votes, first, titled, _names_the_page)
    among_dated = _winner(dated_votes, dated_first, dated, _names_the_page)
    if (
        DATED_HEADLINES_FIRST
        and among_dated is not None
        and among_all != among_dated
        and dated >= MIN_DATED_PAGES
        and dated_votes[among_dated] >= DATED_HEADLINE_SHARE * dated
        and dated_votes[among_all] < PLACE_SHARE * dated
    ):
        return among_dated
    return among_all or among_dated


# Where nearly all the sample's dated articles show their headline at one place, and most of
# them do not show it where the articles as a whole do, the dated ones' place is the posts'
# (a project's undated documentation pages, judged articles alone and more of them in the
# sample, put theirs elsewhere: the posts were then judged no posts for not showing it). A
# blog of two post layouts (a linked post's headline an <h2>) keeps the vote of them all.
DATED_HEADLINES_FIRST = True
DATED_HEADLINE_SHARE = 0.8

HEADLINE_TAGS = frozenset({"h1", "h2", "h3"})


def _names_the_page(place: str) -> bool:
    """A heading, or a breadcrumb's item: the places that name the page to its reader. Where a
    bar repeats the <title> on more pages than they do (MkDocs Material's header shows the nav
    title, which a post's own heading may reword), they are the headline's place if they
    repeat it on enough pages to be learned. (A heading may add a series' name that the
    breadcrumb leaves out, "Музопад ‣ Arch Echo": where both have as many votes, the one first
    on the page.)"""
    return last_tag(place) in HEADLINE_TAGS or "breadcrumb" in place.casefold()


def parent_region(place: str) -> str | None:
    """The region holding a place: its parent's path with the closing slash ("body/main/" of
    "body/main/p"); None when the parent is the page's top step (<body> holds every block)."""
    parent = place.rsplit("/", 1)[0]
    return parent + "/" if "/" in parent else None


def last_tag(place: str) -> str:
    """The tag a place ends with ("h1" of ".../header/h1.title")."""
    return place.rsplit("/", 1)[-1].split(".", 1)[0]


def is_cut_from(title: str, headline: str) -> bool:
    """Whether ``title`` is the headline's run of parts at either end of a separator ("Note"
    of "Note - Day 2"): where the site prints its headline, the whole is the post's."""
    key = loose(title)
    return bool(key) and any(
        key in (loose(headline[: cut.start()]), loose(headline[cut.end() :]))
        for cut in TITLE_SEPARATORS_RE.finditer(headline)
    )


def learn_hinted_byline(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """The model with a byline place where the writers given placed none (too few were given
    one: a page gate unsure of bylines in an unusual place, or a site-wide meta author
    printed nowhere), or were given to fewer than half the posts: where most posts print the
    writer given them, else the one the ranker puts first among those printed
    (``Sample.hints``)."""
    if model.byline_place is not None and not few_writers_given(samples):
        return model
    place, second = _writers_place(
        samples, model.template, hinted=True, headline=model.title_place, site_name=model.site_name
    )
    if place is None:
        return model
    return dataclasses.replace(model, byline_place=place, second_byline_place=second)


def learn_dated_byline(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """The model with its date place as the byline place too, where no byline place was
    learned and most dated posts print a writer's full name and nothing else beside their date
    there ("Alyssa Rosenzweig · 2023-06-06" in a line after the post, which no scan near the
    headline reads): the writers of the others are read there as well ("marcan · 2021-03-11")."""
    if model.byline_place is not None or model.date_place is None:
        return model
    dated = named = 0
    for sample in samples:
        if sample.article.page_kind != "article":
            continue
        text = next(
            (
                b.text
                for b in sample.blocks
                if b.place == model.date_place
                and b.fingerprint not in model.template
                and len(b.text) <= MAX_BYLINE_CHARS
            ),
            None,
        )
        if text is None:
            continue
        dated += 1
        # the line's one run of words besides its date and marks, a full name: no headline,
        # tags or category beside the date ("Interactive SEIR model Dec 20, 2016 — Influenza")
        phrase = byline_phrase(text)
        names = clean_authors([phrase], model.site_name) if phrase else ()
        named += len(names) == 1 and len(names[0].split()) >= 2
    if named < MIN_HINTED_POSTS or 2 * named <= dated:
        return model
    return dataclasses.replace(model, byline_place=model.date_place)


def learn_own_name_writer(model: SiteModel, samples: Sequence[Sample]) -> SiteModel:
    """The model with ``own_name_writer`` where the sample's posts are all given one writer
    that is the site's own name, no person's, and no byline place prints the posts' writers."""
    if model.byline_place is not None:
        return model
    given = {
        s.article.authors for s in samples if s.article.page_kind == "article" and s.article.authors
    }
    if len(given) != 1 or _constant_author(samples) is None:
        return model
    (writers,) = given
    said = loose(" ".join(writers))
    names = {loose(name) for name in (model.site_name, model.constant_title) if name}
    if said not in names or all(looks_like_name(writer) for writer in writers):
        return model
    return dataclasses.replace(model, own_name_writer=" ".join(writers))


def few_writers_given(samples: Sequence[Sample]) -> bool:
    """Whether fewer than half the sample's articles were given a writer: a place learned from
    those few (a digest's contributors in its headings) may be no byline of the others."""
    articles = [s for s in samples if s.article.page_kind == "article"]
    return 2 * sum(1 for s in articles if s.article.author) < len(articles)


# A copyright line names the site's owner on every page ("© 2018-2024 Jo Roe. Powered by
# Hexo"): where a post footer is template on too few sample pages to count as such, it is
# still no byline.
NO_COPYRIGHT_BYLINES = True
# A byline names its writer among few other words (a date, "By", a role, a reading time): a
# paragraph that mentions "the Spyder team" is no byline of the "Spyder Team" (the hinted
# writers only: the given ones are surer, and learned their places without the bound).
BYLINE_SLACK = 100


def _writers_place(
    samples: Sequence[Sample],
    template: frozenset[str],
    *,
    hinted: bool,
    headline: str | None = None,
    site_name: str | None = None,
) -> tuple[str | None, str | None]:
    """Where the posts print their writers, and where those that do not print them there do
    (``_second_place``); never at ``headline``, the headline's place, whose titles may name
    the site's project ("This Week in Rust and WebAssembly")."""
    ballots: list[list[tuple[int, str]]] = []  # each voting post's places
    votes: Counter[str] = Counter()
    first: Counter[str] = Counter()  # summed block index of each place's first block
    texts: dict[str, list[tuple[str, bool]]] = {}  # hinted: the voting blocks' lines
    authored = 0
    constant = _constant_author(samples) if hinted else None
    site_writers = (
        frozenset()
        if hinted
        else frozenset(
            writer.casefold()
            for sample in samples
            if sample.article.page_kind == "article"
            for writer in sample.article.authors
            if writer
        )
    )
    site = loose(site_name or "")
    for sample in samples:
        if sample.article.page_kind != "article":
            continue
        author = sample.article.author
        names = [(author,)] if author else []
        if hinted and (not author or author == constant):
            # (a writer given to every post alike, a site's meta author, gives way too: to each
            # candidate the post prints, even where the ranker puts it first. Each post's own,
            # only declared, does not give way)
            names = sorted(dict.fromkeys([*sample.hints, *names]), key=lambda w: w == (constant,))
        if not names:
            continue
        if not hinted and _printed_everywhere(author, sample, template):
            continue  # the project's own name (a site-wide meta author), no post's writer
        # (hinted: out of the posts printing a candidate, and those given a writer of their own
        # that they print nowhere, a declared-only writer: no byline to learn there)
        unprinted = hinted and bool(author) and author != constant and not _printed(author, sample)
        if not hinted or unprinted:
            authored += 1
        # (hinted: a place the page prints many blocks at, a list of contents, is no byline's)
        repeated = _repeated_places(sample.blocks) if hinted else frozenset()
        for writers in names:
            name = writers[0].casefold() if writers and writers[0] else ""
            if hinted and site and loose(name) == site:
                continue  # a candidate naming the site itself: printed in its posts' titles
            longest = len(name) + BYLINE_SLACK if hinted else MAX_BYLINE_CHARS
            places = [
                (i, b.place)
                for i, b in _blocks_naming(name, sample, template, longest)
                if b.place not in repeated
                and b.place != headline
                and not (NO_COPYRIGHT_BYLINES and is_copyright(b.text))
            ]
            if not hinted:
                places = _without_others_places(
                    sample.blocks, places, sample.article.authors, site_writers
                )
            if places:  # (a declared name printed nowhere gives way to the next)
                _vote(votes, first, places)
                ballots.append(places)
                authored += hinted and not unprinted
                if hinted:
                    _note_texts(texts, sample, places)
                break
    place = _winner(votes, first, authored)
    if place is None:
        return None, None
    if hinted and (votes[place] < MIN_HINTED_POSTS or 2 * votes[place] <= authored):
        return None, None
    if hinted and _one_line_of_the_posts(texts[place]):
        return None, None
    second = _second_place(ballots, place)
    if second is not None and hinted and _one_line_of_the_posts(texts[second]):
        second = None
    return place, second


_LIST_ITEM_STEP_RE = re.compile(r"/li(?:\.[^/]*)?/")


def _without_others_places(
    blocks: Sequence[Block],
    places: list[tuple[int, str]],
    writers: Sequence[str],
    site_writers: frozenset[str],
) -> list[tuple[int, str]]:
    """``places`` less the items of a list where the page prints more of the site's writers'
    names than the post has writers: the cards of the previous and next posts (each "by <its
    writer> on <its day>") name this post's writer whenever one of them is also theirs, yet are
    no place of its byline. Co-writers' cards, one a writer, stay, and so does a byline set as
    one of the post's paragraphs (others may thank the site's writers). ``site_writers``:
    casefolded."""
    most = max(1, len(writers))
    crowded = {
        place
        for place in {place for _, place in places}
        if _LIST_ITEM_STEP_RE.search(place)
        and _writers_named_at(blocks, place, site_writers) > most
    }
    return [(index, place) for index, place in places if place not in crowded]


def _writers_named_at(blocks: Sequence[Block], place: str, site_writers: frozenset[str]) -> int:
    """How many short blocks at ``place`` name one of ``site_writers`` (casefolded)."""
    return sum(
        1
        for block in blocks
        if block.place == place
        and len(block.text) <= MAX_BYLINE_CHARS
        and any(writer in block.text.casefold() for writer in site_writers)
    )


def _second_place(ballots: list[list[tuple[int, str]]], winner: str) -> str | None:
    """The place most of the voting posts that print no writer at ``winner`` print theirs at,
    when at least ``MIN_HINTED_POSTS`` of them do (a second post layout, not one post's
    quirk)."""
    rest = [ballot for ballot in ballots if all(place != winner for _, place in ballot)]
    votes: Counter[str] = Counter()
    first: Counter[str] = Counter()
    for ballot in rest:
        _vote(votes, first, ballot)
    second = _winner(votes, first, len(rest))
    return second if second is not None and votes[second] >= MIN_HINTED_POSTS else None


def _note_texts(
    texts: dict[str, list[tuple[str, bool]]], sample: Sample, places: list[tuple[int, str]]
) -> None:
    """For each place a post votes for, its block's text (loosely) and whether the extractor
    kept that line as the post's own text."""
    own = {loose(line) for line in sample.article.text.split("\n")}
    seen: set[str] = set()
    for index, place in places:
        if place not in seen:
            seen.add(place)
            key = loose(sample.blocks[index].text)
            texts.setdefault(place, []).append((key, key in own))


def _one_line_of_the_posts(texts: list[tuple[str, bool]]) -> bool:
    """Whether every post voting for a hinted place shows the same line there, kept as its own
    text: a series box's "Making a Language Series" atop each post of the series, no byline
    (a byline's line changes with its writer or its date; one the whole site repeats is its
    template, which never votes)."""
    return len({key for key, _ in texts}) == 1 and all(kept for _, kept in texts)


# Hinted, the place is judged out of the posts printing a candidate at all (a team's posts
# name no person: "The Nim Team"), so it needs a few of them to vote for it, and more than
# half (the ranker's candidates are less sure than the writers given).
MIN_HINTED_POSTS = 3


MAX_WRITER_PLACES = 4  # a writer's byline, author box, and the site's title and copyright


def _printed_everywhere(author: str | None, sample: Sample, template: frozenset[str]) -> bool:
    """Whether the page prints its given writer in short blocks at more places than a
    writer's name takes: the project's own name (a site-wide ``<meta name="author">``), which
    the page's titles, menus and text name too, and no byline place is learned from."""
    naming = _blocks_naming((author or "").casefold(), sample, template, MAX_BYLINE_CHARS)
    return len({block.place for _, block in naming}) > MAX_WRITER_PLACES


def _blocks_naming(
    name: str, sample: Sample, template: frozenset[str], longest: int
) -> list[tuple[int, Block]]:
    """The sample's blocks (with their index) outside the template, no longer than
    ``longest``, whose text holds ``name`` (casefolded): where a writer may be printed."""
    if not name:
        return []
    return [
        (i, block)
        for i, block in enumerate(sample.blocks)
        if block.fingerprint not in template
        and len(block.text) <= longest
        and name in block.text.casefold()
    ]


def _printed(author: str, sample: Sample) -> bool:
    name = author.casefold()
    return any(name in block.text.casefold() for block in sample.blocks)


def _constant_author(samples: Sequence[Sample]) -> str | None:
    """The one writer given to every sample article that has one, if there are a few."""
    given = {s.article.author for s in samples if s.article.page_kind == "article"} - {None, ""}
    authored = sum(1 for s in samples if s.article.page_kind == "article" and s.article.author)
    return next(iter(given)) if len(given) == 1 and authored >= MIN_CONSTANT else None


MIN_CONSTANT = 3
MAX_BYLINE_REPEATS = 2  # a byline printed above the post and again in an author box below


def _repeated_places(blocks: Sequence[Block]) -> frozenset[str]:
    """The places a page prints more blocks at than a byline takes (``MAX_BYLINE_REPEATS``)."""
    counts = Counter(block.place for block in blocks)
    return frozenset(place for place, n in counts.items() if n > MAX_BYLINE_REPEATS)


def _date_place(samples: Sequence[Sample], template: frozenset[str]) -> str | None:
    votes: Counter[str] = Counter()
    first: Counter[str] = Counter()  # summed block index of each place's first block
    dated = 0
    for sample in samples:
        day = (sample.article.date_published or "")[:10]
        if not day or sample.article.page_kind != "article":
            continue
        dated += 1
        places = (
            (i, b.place)
            for i, b in enumerate(sample.blocks)
            if b.fingerprint not in template
            and len(b.text) <= MAX_BYLINE_CHARS
            and (day_shown(shown_date(b)) or "")[:10] == day
        )
        _vote(votes, first, places)
    return _winner(votes, first, dated)


# A date text that opens with an update's label ("Last Updated: 27 Aug 2019" before
# "Published Date: 24 Feb 2024" in one meta list) shows the update's day, not the post's
# (bounded runs: linear on any text).
_UPDATE_LABEL_RE = re.compile(
    r"\W{0,4}(?:last\s{1,3})?"
    r"(?:updated|modified|edited|revised|aktualisiert|mis à jour|actualizado)\b",
    re.I,
)


def post_day(texts: Iterable[str]) -> str | None:
    """The day the post's date texts (a date place's blocks, in page order) show as its own:
    the first that is no update's, else the first."""
    days = ((text, day) for text in texts if (day := day_shown(text)))
    if not UPDATE_LABELS:
        return next((day for _, day in days), None)
    first = None
    for text, day in days:
        if not _UPDATE_LABEL_RE.match(text):
            return day
        first = first or day
    return first


UPDATE_LABELS = True


def day_shown(text: str) -> str | None:
    """The day a date text shows as the post's: the first one, where the text prints an
    update's day and the post's first ("Updated March 30, 2021. Originally posted on April 28,
    2017."), else the date it names."""
    return original_day(text) or normalise_date(text)


def shown_date(block: Block) -> str:
    """The date a block shows, as text: its own text, or where that reads as no date because
    its ``<time>`` prints the day in numbers alone ("07/19/17": the order and the century no
    text tells), that ``<time>``'s ``datetime``; of a block too long to be one date, the
    first of its lines that is one."""
    text = block.text
    if len(text) > MAX_DATE_CHARS:
        # a meta block of lines ("let author = …<br>date = fromGregorian 2015 jun 21<br>tags
        # = …"), too long to read as one date: the first of its own lines that is one
        lines = own_text_as_written(block.element).splitlines()
        return next((line for line in lines if normalise_date(line)), text)
    if normalise_date(text):
        return text  # (the block's own text first: no container's subtree is walked for nothing)
    if _NUMERIC_DAY_RE.search(text):
        for time in block.element.iter("time"):
            value = time.get("datetime")
            shown = " ".join("".join(time.itertext()).split())
            if (
                value
                and _NUMERIC_DAY_RE.fullmatch(shown)
                and shown in text
                and normalise_date(value)
            ):
                return value
    if len(text) <= MAX_DATED_LINE_CHARS:
        # a short line that names a day among other words: "26.01.2024 von Meike Wocken",
        # "June 30, 2022 | Jordan West", the day and the byline in one element; only where
        # a slashed day reads the same in either order ("Wednesday, 11/09/2019" does not;
        # a dotted one is the day first, as the extractor reads it)
        day = visible_date(text, False, True)
        if day is None:
            return text
        other = visible_date(text, True, True)
        return day if other is None or other == day else text
    return text


MAX_DATED_LINE_CHARS = 90  # a line this short that names a day is a meta line (a byline's)


_NUMERIC_DAY_RE = re.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _vote(votes: Counter[str], first: Counter[str], places: Iterable[tuple[int, str]]) -> None:
    """One sample page's vote for each place it shows (``(block index, place)``; once each),
    and where on the page the place first comes, for ``_winner``'s tie-break."""
    seen: dict[str, int] = {}
    for index, place in places:
        seen.setdefault(place, index)
    votes.update(seen.keys())
    first.update(seen)


def _winner(
    votes: Counter[str],
    first: Counter[str],
    out_of: int,
    preferred: Callable[[str], bool] | None = None,
) -> str | None:
    """The place most of the ``out_of`` pages vote for, if enough do; of the places enough
    pages vote for, a ``preferred`` one first. Places with as many votes are
    told apart by how early they come on the pages that show them (a byline beside the
    headline before one in the footer), then by name: never by the order a set or dict
    happened to yield them in, which moves with Python's hash seed and the pages' order."""
    if not votes or out_of < 2:
        return None
    need = max(2, math.ceil(PLACE_SHARE * out_of))
    place = min(
        votes,
        key=lambda p: (
            votes[p] < need,
            preferred is not None and not preferred(p),
            -votes[p],
            first[p],
            p,
        ),
    )
    return place if votes[place] >= need else None


def with_kinds(model: SiteModel, judged: Sequence[tuple[str, str]]) -> SiteModel:
    """The model plus the sample's page kinds by URL shape (judged with the template removed)."""
    kinds: dict[str, Counter[str]] = {}
    for url, kind in judged:
        kinds.setdefault(url_shape(url), Counter())[kind] += 1
    return dataclasses.replace(model, kinds={shape: dict(v) for shape, v in kinds.items()})
