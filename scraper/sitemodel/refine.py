"""Apply a site model to one page: prune its template before extraction, then refine the article.

``prepare`` runs on the parsed page before the extractor (which prunes the tree in place): it
notes what refinement needs (the ``<title>``, the texts at the learned byline and date places,
a meta refresh) and removes the template blocks' own text, so the extractor never sees menus,
sidebars or a hidden "latest posts" box. ``refine`` then only corrects what one page could not
decide: the site name in the title, a missing author or date, the page kind, and the lines the
extractor dropped where the site's posts keep their paragraphs (``content_places``: a paragraph
of links, a bare URL, a paragraph with a link whose words the text lacks), put back in their
order. The only lines it removes are those the page shows beside the post body where the
site's posts never keep their text (``aside_places``: a summary under the headline).
"""

from __future__ import annotations

import dataclasses
import enum
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice
from urllib.parse import urlsplit

from lxml import etree
from lxml.html import HtmlElement

from scraper.extractor.authors import (
    SOURCE_BREAK_RE,
    byline_phrase,
    clean_authors,
    clean_declared_authors,
    is_label,
    name_parts,
)
from scraper.extractor.authorscan import repeated_names
from scraper.extractor.classify import THING_TYPES, is_list_address
from scraper.extractor.dates import date_from_url, normalise_date
from scraper.extractor.jsonld import ARTICLE_TYPES, parse_jsonld, script_types_in
from scraper.extractor.pagemarks import BY_TEXT_RE
from scraper.extractor.parse import lines_at_breaks
from scraper.extractor.render import render_lines
from scraper.extractor.titles import without_trailing_mark
from scraper.models import Article
from scraper.sitemodel.blocks import (
    BLOCK_TAGS,
    Block,
    clear_own_text,
    own_text_as_written,
    page_blocks,
    place_classes,
    title_text,
)
from scraper.sitemodel.model import (
    HEADLINE_TAGS,
    MAX_BYLINE_CHARS,
    MAX_TWIN_CHARS,
    MIN_SAMPLE,
    SiteModel,
    is_cut_from,
    joined,
    last_tag,
    link_path,
    loose,
    menu_path,
    post_day,
    shown_date,
    strip_site_name,
    twin_key,
    url_section,
)
from scraper.sitemodel.region import RegionTexts, region_texts, without_lines

__all__ = [
    "PageFacts",
    "is_redirect",
    "outside_dated_sections",
    "page_facts",
    "prepare",
    "prune",
    "refine",
]

MIN_LISTING_ITEMS = 3
NOVEL_SHARE = 0.5  # a linked paragraph is put back only when most of its words are not kept
MIN_CONFIDENT_PAGES = MIN_SAMPLE  # a site seen on fewer pages: no page judged by the others
_REFRESH_RE = re.compile(r"^\s*+\d*+\s*+;?\s*+url\s*=", re.I)  # possessive: linear


class Restore(enum.IntEnum):
    """Whether a line the extractor dropped may be put back, and on what condition."""

    NO = 0
    LINKS = 1  # a line of links at a content place or in the post body: always
    LINKED = 2  # a paragraph with a link at a content place: when its words are not kept


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What refinement needs from the page itself, read before the extractor prunes the tree."""

    url: str
    title: str | None
    headline: str | None = None
    headlines: int = 0  # how many blocks the page shows at the headline's place
    links: tuple[tuple[str, str], ...] = ()  # (href, anchor text) outside template and link lists
    byline_texts: tuple[str, ...] = ()
    date_texts: tuple[str, ...] = ()
    redirect: bool = False
    # The page's texts in order (template aside), each with whether it may be put back: a line
    # of links at one of the site's content places, a paragraph with a link there. Empty when
    # none may.
    content: tuple[tuple[str, Restore], ...] = ()
    # Which of the page's texts sit inside the site's content region (None: not known here).
    region: RegionTexts | None = None
    # The page's texts (compared loosely) at the places beside the post body that the site's
    # posts never keep in their text (``SiteModel.aside_places``).
    aside: frozenset[str] = frozenset()
    # The paths of the page's counterparts (``SiteModel.twin_links``: the page in English).
    twins: tuple[str, ...] = ()
    # The page's structured data says what it is about is no story (an Event, a Product, a
    # JobPosting) and names no article type: never an article, however like a post it looks.
    declares_thing: bool = False
    # The writers the page's ``<meta name="author">`` declares (``SiteModel.declared_writers``).
    declared: tuple[str, ...] = ()
    # The day its structured data declares it was published (``SiteModel.declared_dates``).
    declared_day: str | None = None


def prepare(root: HtmlElement | None, url: str, model: SiteModel) -> PageFacts:
    """Read the page's facts and remove its template blocks' text in place (``root`` changes)."""
    blocks = page_blocks(root, placed=True)  # nearly every place is asked for before pruning
    template = _template_of(blocks, model)  # told once, for both steps
    declared = declared_writers(root) if model.declared_writers and root is not None else ()
    day = declared_day(root) if model.declared_dates and root is not None else None
    facts = _page_facts(
        blocks,
        template,
        url,
        title_text(root),
        is_redirect(root),
        model,
        declares_thing(root),
        declared,
        day,
    )
    _prune(blocks, template)
    return facts


def prune(blocks: Sequence[Block], model: SiteModel) -> None:
    """Remove the template blocks' own text from their page's tree, unless that is all of it
    (a page that only repeats what most pages say keeps it: never less than one page alone)."""
    _prune(blocks, _template_of(blocks, model))


WRITTEN_IN = True


def _template_of(blocks: Sequence[Block], model: SiteModel) -> list[Block]:
    """The page's template blocks, less a byline (``_byline``), a writer's microdata
    (``_writer_markup``) and those written into the post's own text: a block the
    site repeats on most pages is the layout's (a menu, a footer, a "share" box), unless its
    parent element holds the page's own text both before and after it, or it is a paragraph
    of prose opening the post's container (``_opening_prose``). A newsletter's posts each
    open with the same welcome and repeat the same section headings between their own news:
    the reader reads those as the post, and the layout's blocks sit in containers of their
    own, before or after the post's text."""
    template = [b for b in blocks if _is_template(b, model) and not _byline(b.text)]
    if template:
        declared = _writer_markup(blocks[0].element)
        template = [b for b in template if b.element not in declared]
    if not WRITTEN_IN or not template or len(template) == len(blocks):
        return template
    templated = {id(b) for b in template}
    own_at: dict[HtmlElement, list[int]] = {}
    for index, block in enumerate(blocks):
        if id(block) not in templated:
            parent = block.element.getparent()
            if parent is not None:
                own_at.setdefault(parent, []).append(index)
    written: set[int] = set()
    for index, block in enumerate(blocks):
        if id(block) not in templated:
            continue
        parent = block.element.getparent()
        own = own_at.get(parent) if parent is not None else None
        if own and (
            own[0] < index < own[-1]
            or (index < own[0] and _opening_prose(block) and _opens_post(blocks, index, templated))
        ):
            written.add(id(block))
    return [b for b in template if id(b) not in written]


MIN_OPENING_WORDS = 12
MIN_SENTENCE_WORDS = 8
_SENTENCE_END_RE = re.compile(r"[.!?…。！？]['\"”’)]?$")


def _sentence(text: str, min_words: int) -> bool:
    """Whether ``text`` reads as a sentence of prose: enough words, and a sentence's end."""
    return len(text.split()) >= min_words and _SENTENCE_END_RE.search(text.rstrip()) is not None


def _past_byline(block: Block) -> bool:
    """Whether a block after a byline's first is the post's text, no longer the byline: one
    longer than a byline, or a paragraph that reads as a sentence (where the byline's place
    is a paragraph's; a writer's card at a ``<div>`` place may hold a sentence of bio)."""
    text = block.text
    return len(text) > MAX_BYLINE_CHARS or (
        block.element.tag == "p" and _sentence(text, MIN_SENTENCE_WORDS)
    )


def _opens_post(blocks: Sequence[Block], index: int, templated: set[int]) -> bool:
    """Whether the element holding ``blocks[index]`` holds most of the page's own words, all
    after it: the post's container, which that block opens."""
    parent = blocks[index].element.getparent()
    inside = before = total = 0
    for at, block in enumerate(blocks):
        if id(block) in templated:
            continue
        words = len(block.text.split())
        total += words
        if any(ancestor is parent for ancestor in block.element.iterancestors()):
            inside += words
            before += words if at < index else 0
    return not before and 2 * inside > total


def _opening_prose(block: Block) -> bool:
    """A repeated paragraph of sentences that the post's own text follows in its container
    (``_opens_post``): a newsletter's welcome each issue opens with, written in the post's
    source. The layout's blocks set before a post's text in its container (a share bar, a
    "posted in" line, a table of contents' heading) are short labels and links, not
    sentences; a licence line above an appendix's citation sits in another container."""
    return not block.link_heavy and _sentence(block.text, MIN_OPENING_WORDS)


MAX_LABEL_CHARS = 24
MAX_BY_LINE_CHARS = 80


def _byline(text: str) -> bool:
    """A byline's label alone ("Author", "Written by:"), or a whole "by" line naming writers
    ("por Franklin Chen"): every post prints it, yet the label tells the extractor that the
    next line names the writer (Quarto's title block: "Author" over the names), and the line
    names the writer of every post of a one-writer blog (the layout repeats it as it repeats
    a menu), so neither is pruned as layout."""
    if len(text) > MAX_BY_LINE_CHARS or not BY_TEXT_RE.match(text):
        return False
    if len(text) <= MAX_LABEL_CHARS and is_label(text):
        return True
    return bool(clean_authors([text], None))


def declared_writers(root: HtmlElement) -> tuple[str, ...]:
    """The writers the page's ``<meta name="author">`` declares, else its Open Graph
    ``article:author`` where that is a name, not a profile's address (read where the site
    model asks: while it learns, and on the pages of a site whose tag names each post's
    writer)."""
    return clean_declared_authors(_META_AUTHOR(root)) or clean_declared_authors(_OG_AUTHOR(root))


_META_AUTHOR = etree.XPath('//meta[@name="author"]/@content')
_OG_AUTHOR = etree.XPath('//meta[@property="article:author" or @name="article:author"]/@content')


def declared_day(root: HtmlElement) -> str | None:
    """The publication time the page's structured data declares: its Open Graph
    ``article:published_time``, else a ``<meta itemprop="datePublished">`` (microdata: Distill,
    Pandoc templates), else its JSON-LD article's ``datePublished``."""
    for value in (*_OG_PUBLISHED_TIME(root), *_MICRODATA_PUBLISHED(root)):
        if day := normalise_date(value):
            return day
    article = parse_jsonld(_JSONLD_TEXT(root)).main_article()
    value = article.get("datePublished") if article else None
    return normalise_date(value) if isinstance(value, str) else None


_OG_PUBLISHED_TIME = etree.XPath(
    '//meta[@property="article:published_time" or @name="article:published_time"]/@content'
)
_MICRODATA_PUBLISHED = etree.XPath('//meta[@itemprop="datePublished"]/@content')
_JSONLD_TEXT = etree.XPath('//script[@type="application/ld+json"]/text()')


def _writer_markup(element: HtmlElement) -> set[HtmlElement]:
    """The elements of ``element``'s page that are, hold or sit inside a writer's microdata
    (``itemprop="author"``): data the page declares about its post, not layout, though one
    writer's box repeats on most pages of a blog that writer mostly writes."""
    marked = element.getroottree().getroot().xpath('//*[contains(@itemprop, "author")]')
    inside: set[HtmlElement] = set()
    for node in marked:
        inside.update(node.iter())
        inside.update(node.iterancestors())
    return inside


def _prune(blocks: Sequence[Block], template: Sequence[Block]) -> None:
    if len(template) == len(blocks):
        return
    for block in template:
        clear_own_text(block.element)


def page_facts(
    blocks: Sequence[Block],
    url: str,
    title: str | None,
    redirect: bool,
    model: SiteModel,
    thing: bool = False,
    declared: tuple[str, ...] = (),
    day: str | None = None,
) -> PageFacts:
    """What refinement needs from the page's blocks (read before the tree is pruned)."""
    template = [b for b in blocks if _is_template(b, model)]
    return _page_facts(blocks, template, url, title, redirect, model, thing, declared, day)


def _page_facts(
    blocks: Sequence[Block],
    template: Sequence[Block],
    url: str,
    title: str | None,
    redirect: bool,
    model: SiteModel,
    thing: bool = False,
    declared: tuple[str, ...] = (),
    day: str | None = None,
) -> PageFacts:
    templated = {id(b) for b in template}
    nav_tags = {last_tag(p) for p in model.nav_places}
    links = tuple(
        (href, text)
        for b in blocks
        if b.links
        and id(b) not in templated
        and not (b.element.tag in nav_tags and b.place in model.nav_places)
        for href, text in b.links
        if href and text and not href.startswith(("#", "mailto:", "javascript:"))
    )
    region = region_texts(blocks, model, templated)
    headlines = list(_blocks_at(blocks, model.title_place, templated))  # (one walk, both asks)
    dates = list(_blocks_at(blocks, model.date_place, templated))
    if WRAPPED_PLACES and not headlines:
        # The post's header one wrapper off where the site's posts keep it: its headline, and
        # its date with it (a date alone one wrapper off is a card's: a list of one post)
        headlines = list(_blocks_wrapped_at(blocks, model.title_place, templated))
        if headlines and not dates:
            dates = list(_blocks_wrapped_at(blocks, model.date_place, templated))
    if RESTYLED_PLACES and not headlines and any(map(_is_meta_line, dates)):
        # (a post's: it shows its date where the site's posts do. A site page in the posts'
        # layout styles its banner's title otherwise, and shows no date)
        headlines = list(_blocks_restyled_at(blocks, model.title_place, templated))
    return PageFacts(
        url=url,
        title=title,
        headline=_named_headline(blocks, headlines, title, model),
        headlines=len(headlines),
        links=links,
        byline_texts=_first_run_at(blocks, model.byline_place, templated)
        or _first_run_at(blocks, model.second_byline_place, templated),
        declared=declared,
        date_texts=tuple(map(shown_date, dates)),
        redirect=redirect,
        content=_content(blocks, model, templated),
        region=region,
        aside=_aside(blocks, model, templated, region),
        twins=_twins(blocks, url, model),
        declares_thing=thing,
        declared_day=day,
    )


def _twins(blocks: Sequence[Block], url: str, model: SiteModel) -> tuple[str, ...]:
    """The menu paths of the page's counterparts: the targets of its twin links."""
    places = model.twin_places
    if not places:
        return ()
    tags = {last_tag(p) for p in places}
    words = model.twin_texts
    paths = (
        link_path(url, href)
        for b in blocks
        if b.links and b.element.tag in tags
        for href, text in b.links
        if href
        and len(text) <= MAX_TWIN_CHARS
        and loose(text) in words
        and twin_key(b.place, text) in model.twin_links
    )
    return tuple(path for path in paths if path is not None)


def _is_menu_page(facts: PageFacts, model: SiteModel) -> bool:
    """A page of the site's menu ("About", "Docs"), or its counterpart (the menu links to the
    English "About"; the Spanish one is its twin)."""
    menu = model.menu_paths
    return menu_path(facts.url) in menu or any(path in menu for path in facts.twins)


def _aside(
    blocks: Sequence[Block], model: SiteModel, templated: set[int], region: RegionTexts | None
) -> frozenset[str]:
    """The texts at the site's places beside the post body, unless the body says them too (a
    summary that repeats the first paragraph stays in the text); and each line of the post's
    meta line at the byline and date places (a short post's text, a talk's "Download the
    slides", may take in its meta block for want of more)."""
    # (a model of a site seen on fewer pages than a sample changes no text with them: a
    # mirror's pass, which learns no model from so few, would keep them)
    confident = META_ASIDE and model.pages >= MIN_CONFIDENT_PAGES
    meta = {p for p in (model.byline_place, model.date_place) if p} if confident else set()
    if not model.aside_places and not meta:
        return frozenset()
    tags = {last_tag(p) for p in model.aside_places}
    inside = region.inside if region is not None else frozenset()
    keys = {
        key
        for b in blocks
        if b.element.tag in tags and id(b) not in templated and b.place in model.aside_places
        for key in (loose(b.text),)
        if key and key not in inside
    }
    for b in blocks:
        if b.place in meta and id(b) not in templated and _is_meta_line(b):
            lines = own_text_as_written(b.element).splitlines() or [b.text]
            keys.update(key for line in lines if (key := loose(line)) and key not in inside)
    return frozenset(keys)


def _is_meta_line(block: Block) -> bool:
    """A short block that shows a date: the post's meta line at the byline or date place, where
    the place may be shared with paragraphs of the body (a ``<p>``; a paragraph that merely
    names someone is no meta line)."""
    return len(block.text) <= MAX_BYLINE_CHARS and bool(normalise_date(shown_date(block)))


META_ASIDE = True


def _content(
    blocks: Sequence[Block], model: SiteModel, templated: set[int]
) -> tuple[tuple[str, Restore], ...]:
    if not model.content_places:
        return ()
    texts = tuple((b.text, _may_restore(b, model)) for b in blocks if id(b) not in templated)
    return texts if any(may for _, may in texts) else ()


def _may_restore(block: Block, model: SiteModel) -> Restore:
    """A line of links the extractor may drop that is the post's own: at a content place, or
    inside the post body (a list of references) at no place of link lists (template blocks are
    left out before). A paragraph with a link at a content place ("Presented at <a>AMIS25
    2016</a>") too, where the site's posts keep their paragraphs, when the extractor kept
    no other form of it (code is never one)."""
    if not block.links or block.fingerprint in model.post_template:
        return Restore.NO
    place = block.place
    if not block.link_heavy:
        in_place = place in model.content_places and block.element.tag != "pre"
        return Restore.LINKED if in_place else Restore.NO
    if place in model.content_places:
        return Restore.LINKS
    region = model.content_region
    in_region = region is not None and place.startswith(region) and place not in model.nav_places
    return Restore.LINKS if in_region else Restore.NO


def _is_template(block: Block, model: SiteModel) -> bool:
    """A block the site repeats on most pages, unless it names writers at the site's byline
    place: the byline of the writer of most posts repeats as the layout does, yet names this
    post's writer (neither pruned before extraction nor skipped when the byline is read)."""
    return (
        block.text_key in model.template_texts
        and block.fingerprint in model.template
        and (
            block.place not in (model.byline_place, model.second_byline_place)
            or not clean_authors([block.text], None)
        )
    )


def _named_headline(
    blocks: Sequence[Block], headlines: Sequence[Block], title: str | None, model: SiteModel
) -> str | None:
    """The page's headline: the first block at the headline's place, or where the page shows
    several there (a writer who set the post's sections as such headings), a heading above
    them all that the ``<title>`` names, site name cut: the post's own title, set at a lesser
    level over its sections."""
    first = _headline_text(headlines[0]) if headlines else None
    if len(headlines) < 2 or not title:
        return first
    named = loose(strip_site_name(title, model.site_name, model.site_name_side))
    if not named or loose(first) == named:
        return first
    above: list[Block] = []
    for block in blocks:
        if block is headlines[0]:
            break
        if block.element.tag in HEADLINE_TAGS:
            above.append(block)
    texts = (_headline_text(block) for block in reversed(above))
    return next((text for text in texts if text and loose(text) == named), first)


def _headline_text(block: Block) -> str | None:
    """The headline's text, the block's at the learned title place, without a permalink mark
    at its end (Sphinx's "#", "¶": a link to the heading, no part of it, as the extractor
    reads it)."""
    text = block.text
    written = " ".join(own_text_as_written(block.element).split())
    if written != text and written.replace(" ", "") == text.replace(" ", ""):
        text = written  # the reader's spaces: "Who reads <em>X</em>?" is "Who reads X?"
    if next(block.element.iter("small"), None) is not None:
        # A heading's <small> is its side note (a badge, "Mandatory"; Bootstrap's secondary
        # text), set apart from the headline the reader reads.
        text = " ".join("".join(_OUTSIDE_SMALL(block.element)).split()) or text
    glyph = _permalink_glyph(block.element)
    if glyph and text.endswith(glyph) and len(text) > len(glyph):
        text = text[: -len(glyph)].rstrip()
    return without_trailing_mark(text) or None


# The text nodes of an element outside its <small>s (their tails are the parent's: kept), in
# one XPath call: no recursion however deep a hostile heading nests.
_OUTSIDE_SMALL = etree.XPath(".//text()[not(ancestor::small)]")


def _permalink_glyph(heading: HtmlElement) -> str | None:
    """The text of a link that ends a heading and says no word (a permalink's "∞", "⚓"):
    the template's mark, no part of the headline."""
    last = heading[-1] if len(heading) else None
    if last is None or last.tag != "a" or (last.tail or "").strip():
        return None
    glyph = "".join(last.itertext()).strip()
    return glyph if glyph and len(glyph) <= 3 and not any(c.isalnum() for c in glyph) else None


def _blocks_at(blocks: Sequence[Block], place: str | None, skip: set[int]) -> Iterator[Block]:
    """The blocks at a learned place (the tag is checked before the whole path)."""
    if not place:
        return
    tag = last_tag(place)
    for b in blocks:
        if b.element.tag == tag and id(b) not in skip and b.place == place:
            yield b


WRAPPED_PLACES = True


def _blocks_wrapped_at(
    blocks: Sequence[Block], place: str | None, skip: set[int]
) -> Iterator[Block]:
    """The blocks at a learned place with one wrapper more or less on the way: a site's second
    layout (a post with a subtitle or a cover set inside ``div.post-inner``) puts the headline
    in the same header, one element deeper. Asked only where no block is at the place itself."""
    if not place:
        return
    tag = last_tag(place)
    steps = place.split("/")
    for b in blocks:
        if b.element.tag != tag or id(b) in skip:
            continue
        other = b.place.split("/")
        if abs(len(other) - len(steps)) == 1 and _one_step_apart(steps, other):
            yield b


RESTYLED_PLACES = True


def _blocks_restyled_at(
    blocks: Sequence[Block], place: str | None, skip: set[int]
) -> Iterator[Block]:
    """The blocks at a learned place but for one of its classes, whose element has the others
    (and at least one): a modifier a theme sets on the headline of some posts only (Bulma's
    ``<p class="title is-spaced">`` where a subtitle follows), which changes the classes a
    place step keeps. Asked only where no block is at the place itself nor one wrapper off,
    and the page shows a date at the site's date place."""
    if not place:
        return
    tag = last_tag(place)
    path, _, step = place.rpartition("/")
    learned = set(step.split(".")[1:])
    if not learned:
        return
    for b in blocks:
        if b.element.tag != tag or id(b) in skip or b.place.rpartition("/")[0] != path:
            continue
        missing = learned - place_classes(b.element)
        if len(missing) <= 1 and len(missing) < len(learned):
            yield b


def _one_step_apart(a: list[str], b: list[str]) -> bool:
    """Whether the longer of two place paths is the shorter with one step put in (not the
    last: the element itself is the same)."""
    short, long = (a, b) if len(a) < len(b) else (b, a)
    for i in range(len(short)):
        if short[i] != long[i]:
            return short[i:] == long[i + 1 :]
    return False  # the extra step would be the last: another element


BYLINE_RUN_BOUND = True  # a byline's run of blocks ends at a longer block (``_first_run_at``)
# A run that would open with a paragraph of prose longer than a byline opens with none: where
# the byline place is the post's paragraphs' too, a post printing no byline shows its text there
# first (``_opens_with_prose``).
BYLINE_FIRST_BOUND = True


def _opens_with_prose(block: Block) -> bool:
    """Whether the first block at a byline place is a paragraph of the post's prose: longer
    than a byline and reading as a sentence. A long byline stays one: many co-writers, a
    writer's card with a bio, "By A (CoreOS) | From this original post, revised by A" in a
    ``<div>``."""
    return (
        len(block.text) > MAX_BYLINE_CHARS
        and block.element.tag == "p"
        and _sentence(block.text, MIN_SENTENCE_WORDS)
    )


def _first_run_at(blocks: Sequence[Block], place: str | None, skip: set[int]) -> tuple[str, ...]:
    """The texts of the first run of blocks at a learned place, one after another on the page:
    a byline's writers each in their own element (``<div class="author">A</div><div
    class="author">B</div>``), not the same place met again further down. The run ends before
    a block longer than a byline (``MAX_BYLINE_CHARS``) or reading as a sentence: where the
    byline is a paragraph of its own, its place is the post's paragraphs' too ("By Jen Wiese",
    the date, the tags, then the post), and a paragraph names no writers, nor do the short
    ones after it ("Protocol:", a release note's list heading). Where the first block there is
    a paragraph of prose, the post prints none: its text opens there (a newsletter's lead
    paragraph, "Today, Kristen Sheets interviews Malcolm Harris about “Palo Alto: A History of
    California, Capitalism, and The World.” ..."), and a paragraph's names are no writers."""
    if not place:
        return ()
    tag = last_tag(place)
    kept = [block for block in blocks if id(block) not in skip]
    at = [i for i, block in enumerate(kept) if block.element.tag == tag and block.place == place]
    if not at or (BYLINE_FIRST_BOUND and _opens_with_prose(kept[at[0]])):
        return ()
    run = [at[0]]
    for index in at[1:]:
        if index != run[-1] + 1 and not _in_cards(kept, run[-1], index):
            break
        if BYLINE_RUN_BOUND and _past_byline(kept[index]):
            break
        run.append(index)
    return tuple(text for i in run for text in _writer_lines(kept[i]))


def _writer_lines(block: Block) -> tuple[str, ...]:
    """A byline block's writers' lines: where it is a row of cards (each of its children with
    text holds blocks of its own: a name over a role, ``<a class="author"><div>Ann</div><div>
    Editor</div></a>``), each card's first line; where it is a row of like names with nothing
    between them (``authorscan.repeated_names``, as the page's own scan reads them), each name;
    else the block's first line."""
    cards = [child for child in block.element if child.tag.__class__ is str and _has_text(child)]
    if cards and all(_holds_blocks(card) for card in cards):
        firsts = (next(iter(render_lines([card])), None) for card in cards)
        return tuple(line.text for line in firsts if line is not None)
    if SIBLING_NAMES and (names := repeated_names(block.element, None)):
        return names  # (the site's name, where one is, is dropped with the others' later)
    return (_first_line(block),)


# A byline of names set side by side in like elements with nothing between them (``<div
# class="author-names"><span class="author-name">Ann Lee</span> <span class="author-name">Bo
# Chen</span></div>``) reads one name per element: the block's text runs them together.
SIBLING_NAMES = True


def _has_text(element: HtmlElement) -> bool:
    return bool("".join(element.itertext()).strip())


def _holds_blocks(element: HtmlElement) -> bool:
    return any(
        node.tag in BLOCK_TAGS and _has_text(node)
        for node in element.iterdescendants()
        if node.tag.__class__ is str
    )


def _in_cards(blocks: Sequence[Block], first: int, second: int) -> bool:
    """Whether every block between two at the byline place sits in the card of one of them
    (the child of their nearest common ancestor that holds it): writers' cards one after
    another, each a name over a role line and icons (Hugo Blox's author cards)."""
    a, b = blocks[first].element, blocks[second].element
    b_ancestors = list(b.iterancestors())  # (held: an lxml proxy's id lives as long as it)
    common = next((e for e in (a, *a.iterancestors()) if e in b_ancestors), None)
    if common is None:
        return False
    cards = [card for card in (_card_of(a, common), _card_of(b, common)) if card is not None]
    return all(
        any(_within(blocks[i].element, card) for card in cards) for i in range(first + 1, second)
    )


def _card_of(element: HtmlElement, common: HtmlElement) -> HtmlElement | None:
    """The child of ``common`` that holds ``element`` (None when ``element`` is ``common``)."""
    return next((e for e in (element, *element.iterancestors()) if e.getparent() is common), None)


def _within(element: HtmlElement, container: HtmlElement) -> bool:
    return element is container or any(e is container for e in element.iterancestors())


MAX_BYLINE_LINES = 3


def _first_line(block: Block) -> str:
    """A block's text up to its first line break: a profile card's name, not the line of
    affiliation below it ("<strong>Ann Lee</strong><br>HPC-UGent", MkDocs Material's blog).
    Where that line names no one, the first of the next lines that does: a meta line's date
    over its byline ("10 de octubre de 2016<br>Escrito por Paula")."""
    element = block.element
    links = _links_apart(element)
    if links is not None:
        return links
    if next(element.iter("br"), None) is None or any(
        node.tag in BLOCK_TAGS for node in element.iterdescendants()
    ):  # (a block holding other blocks: its own text is not read in order here)
        return _names_apart(block.text, own_text_as_written(element))
    lines = [line for line in lines_at_breaks(element) if line.strip()][:MAX_BYLINE_LINES]
    if not lines:
        return block.text
    naming = next((line for line in lines if clean_authors([" ".join(line.split())], None)), None)
    written = lines[0] if naming is None else naming
    return _names_apart(" ".join(written.split()), written)


def _links_apart(element: HtmlElement) -> str | None:
    """A byline that is a row of links and nothing else ("<a>Ann Lee</a><a>Bo Chen</a>", each
    writer's page, set apart by the style sheet): their texts a comma apart; else None."""
    if (element.text or "").strip():
        return None
    texts = []
    for child in element:
        if (child.tail or "").strip() or (child.tag.__class__ is str and child.tag != "a"):
            return None
        text = " ".join("".join(child.itertext()).split()) if child.tag == "a" else ""
        if text:
            texts.append(text)
    return ", ".join(texts) if len(texts) > 1 else None


def _names_apart(line: str, as_written: str) -> str:
    """The line with a comma where the markup sets a blank line between two writers' names
    ("Jo Roe\n\n  Bo Chen", a template's loop printing one name a line): the reader sees
    "Jo Roe Bo Chen". Only where the same name words then read as more writers."""
    if not SOURCE_BREAK_RE.search(as_written):
        return line
    apart = ", ".join(
        " ".join(piece.split()) for piece in SOURCE_BREAK_RE.split(as_written) if piece.strip()
    )
    joined, split = clean_authors([line], None), clean_authors([apart], None)
    if len(split) > len(joined) and _words(split) == _words(joined):
        return apart
    return line


BYLINE_PHRASES = True


def refine(article: Article, facts: PageFacts, model: SiteModel) -> Article:
    """The article with what the site model knows better: title, author, date, kind."""
    changes: dict[str, object] = {}
    if article.date_published and article.date_published in model.build_stamps:
        article = dataclasses.replace(article, date_published=None)  # the build's, not its own
        changes["date_published"] = None
    url_day = date_from_url(facts.url) if model.url_dates else None
    if (
        url_day
        and (article.date_published or "")[:10] != url_day
        and not _dated_as_declared(article, facts)
    ):
        article = dataclasses.replace(article, date_published=url_day)  # (the site's rule)
        changes["date_published"] = url_day
    title = _title(article.title, facts, model)
    if title != article.title:
        changes["title"] = title
    if facts.byline_texts:
        authors = _byline_writers(article.authors, facts, model)
        if authors and authors != article.authors:
            changes["authors"] = authors
    if (
        model.declared_writers
        and facts.declared
        and not (article.authors or changes.get("authors"))
    ):
        changes["authors"] = facts.declared  # where the site's meta tag names each post's writer
    writers = changes.get("authors", article.authors)
    if writers and _names_the_site(writers, model):  # type: ignore[arg-type]
        changes["authors"] = ()
    day = post_day(facts.date_texts)
    if day and (article.date_published or "")[:10] != day[:10]:
        # Missing, or not the day the page shows where the site's posts show their date (a date
        # read from the URL or a UTC timestamp can be a day off the one the reader sees).
        changes["date_published"] = day
    if (
        model.declared_dates
        and facts.declared_day
        and not (article.date_published or changes.get("date_published"))
        and facts.declared_day not in model.build_stamps
    ):
        changes["date_published"] = facts.declared_day  # the site's posts declare their own
    kind = _kind(article, facts, model, bool(changes.get("date_published")))
    if kind != article.page_kind:
        changes["page_kind"] = kind
    if kind == "article" and facts.aside:
        changes.update(_without_aside(article, facts.aside))
    if kind == "article" and facts.content:
        changes.update(_restored(dataclasses.replace(article, **changes), facts.content))
    return dataclasses.replace(article, **changes) if changes else article  # type: ignore[arg-type]


PRINTED_WRITER = True


def _dated_as_declared(article: Article, facts: PageFacts) -> bool:
    """Whether the article's day is the one its page declares, on a site whose posts declare
    their own: the site's rule that the address names the day (a folder named when the post
    was begun) gives way to the page's word."""
    day = facts.declared_day
    return bool(day and article.date_published and article.date_published[:10] == day[:10])


def _byline_writers(
    found: Sequence[str], facts: PageFacts, model: SiteModel
) -> tuple[str, ...] | None:
    """The writers the site's byline place names, where the extractor found none, none of
    those it found is printed there (``_unprinted``), or it found some of the byline's
    writers only (the ranker judges a candidate by its first name); else None."""
    printed = clean_authors(facts.byline_texts, model.site_name)
    if not printed and BYLINE_PHRASES and (not found or _unprinted(found, facts)):
        # where the site's posts print their writer, a writer however named ("The Nim
        # Community"), over none or over names printed elsewhere (a digest's contributors)
        phrase = byline_phrase(facts.byline_texts[0])
        return (phrase,) if phrase else None
    if not found:
        return printed or None
    if not PRINTED_WRITER or not printed:
        return None
    if _unprinted(found, facts):
        return printed
    if printed != found and _name_words(printed) == _name_words(found):
        return printed  # the same names as the byline prints them (a meta tag's "A b and c d")
    keys = {loose(name) for name in printed}
    if len(printed) > len(found) and all(loose(name) in keys for name in found):
        return printed
    return None


def _words(names: Sequence[str]) -> list[str]:
    """The names' words in order, wherever one name ends and the next begins."""
    return " ".join(_name_words(names)).split()


def _name_words(names: Sequence[str]) -> list[str]:
    """The names as the byline's parts, loosely (case and marks aside)."""
    return [loose(part) for name in names for part in name_parts(name)]


def _unprinted(authors: Sequence[str], facts: PageFacts) -> bool:
    """Whether none of the extractor's writers is printed where the site's posts print their
    byline, which names someone: a site-wide ``<meta name="author">`` (the owner's, the
    team's) read on a post by another writer."""
    printed = loose(" ".join(facts.byline_texts))
    return bool(printed) and not any(loose(name) in printed for name in authors)


def _restored(article: Article, content: Sequence[tuple[str, Restore]]) -> dict[str, str]:
    """The article's text (and Markdown) with the lines of links at the site's content places
    that the extractor dropped (for their links) put back, each after the page's line before
    it that the text holds. Only those, and paragraphs with a link whose words the text
    mostly lacks: other lines it drops there are often kept in another form (code, a
    paragraph whose footnote marks or inline code read differently)."""
    words = loose(article.text)
    if any(may == Restore.LINKED for _, may in content):
        vocabulary, unspaced = set(words.split()), words.replace(" ", "")
        content = [
            (t, may if may != Restore.LINKED or _novel(t, vocabulary, unspaced) else Restore.NO)
            for t, may in content
        ]
    if not any(may and loose(t) not in words for t, may in content):
        return {}
    changes = {"text": _merge(article.text, content)}
    if article.markdown is not None:
        changes["markdown"] = _merge(article.markdown, content)
    return changes


def _without_aside(article: Article, aside: frozenset[str]) -> dict[str, str]:
    """The article's text (and Markdown) without the lines the page shows beside the post body
    where the site's posts never keep their text (a post whose body is a video: its summary
    under the headline is no body)."""
    said = f" {loose(article.text)} "  # one pass: most pages' text says none of them
    if not any(f" {key} " in said for key in aside):
        return {}
    changes = {"text": without_lines(article.text, aside)}
    if article.markdown is not None:
        changes["markdown"] = without_lines(article.markdown, aside)
    return changes


def _novel(line: str, vocabulary: set[str], unspaced: str) -> bool:
    """Most of the line's words are not in the text, nor the line itself with spaces left out
    (a link in Chinese text is set off by spaces in the page's blocks, not in the text): no
    other form of it was kept."""
    said = loose(line).split()
    if "".join(said) in unspaced:
        return False
    return sum(w not in vocabulary for w in said) > NOVEL_SHARE * len(said)


def _merge(text: str, content: Sequence[tuple[str, Restore]]) -> str:
    lines = text.split("\n") if text else []
    folded = [loose(line) for line in lines]
    whole = "\n".join(folded)
    at = 0  # where the next dropped line goes: after the last page line the text holds
    for block, may in content:
        key = loose(block)
        if not key:
            continue
        if key in whole:  # kept: later dropped lines go after it
            found = next((i for i in range(at, len(lines)) if key in folded[i]), None)
            at = at if found is None else found + 1
        elif may:
            lines.insert(at, block)
            folded.insert(at, key)
            at += 1
    return "\n".join(lines)


HEADING_WINS = True


def _title(title: str | None, facts: PageFacts, model: SiteModel) -> str | None:
    """The headline: the site's name stripped; where posts show their headline, that text, when
    the title or ``<title>`` holds it (a site-wide title is no headline), or when they show it
    in a heading and the title words the post otherwise (not a part of the heading)."""
    current = strip_site_name(title, model.site_name, model.site_name_side) if title else None
    if current and _is_site_wide(current, model):
        current = None
    page_title = facts.title or ""
    if facts.headline and not _is_site_wide(facts.headline, model):
        heading = loose(facts.headline)
        if heading and (heading in loose(current) or heading in loose(page_title)):
            return facts.headline
        if current and is_cut_from(current, facts.headline):
            return facts.headline  # the extractor cut the printed headline at its dash
        if (
            HEADING_WINS
            and current
            and facts.headlines == 1
            and last_tag(model.title_place or "") in HEADLINE_TAGS
            and not set(loose(current).split()) <= set(heading.split())
        ):
            # A title worded otherwise ("version-060", a nav title) than the one heading the
            # reader sees there; a part of it (a series' name cut off by the extractor) stays,
            # and so does the title of a post whose writer set its sections as such headings.
            return facts.headline
    if current:
        return current
    fallback = strip_site_name(page_title, model.site_name, model.site_name_side)
    if fallback and not _is_site_wide(fallback, model):
        return fallback
    return title


def _names_the_site(writers: Sequence[str], model: SiteModel) -> bool:
    """Whether the writers are the site's own name that its posts are all given, no byline
    printing it (``SiteModel.own_name_writer``): issue 12, a site's name is no writer."""
    own = loose(model.own_name_writer)
    return bool(own) and loose(" ".join(writers)) == own


def _is_site_wide(title: str, model: SiteModel) -> bool:
    folded = title.casefold()
    return any(t and folded == t.casefold() for t in (model.site_name, model.constant_title))


def _kind(article: Article, facts: PageFacts, model: SiteModel, dated_by_model: bool) -> str:
    """Redirects and empty pages are never articles; a doubtful page follows the pages built like
    it; a page of no known build that links to several posts by their titles is a listing, and
    one without the date or headline the site's posts show is not an article; an undated page
    whose text is several posts' titles, where the posts are dated, is a listing."""
    kind = article.page_kind
    if facts.redirect or not article.text.strip():
        return "other" if kind == "article" else kind
    if kind != "article" and is_list_address(facts.url):
        return kind  # a list's N-th page (``/blog/page2/``), dated by its first post: no post
    if facts.declares_thing and kind != "listing":
        return "other"
    if kind == "article" and not dated_by_model and outside_dated_sections(article, model):
        return "other"  # a site's undated page beside its dated posts: its docs, its book
    if model.pages < MIN_CONFIDENT_PAGES:
        return kind
    majority = model.majority_kind(facts.url)
    if kind == "article" and _site_page(facts, model):
        return "other"  # a page of the site's menu ("About", "Docs"), not one of its posts
    if kind == "article" and majority != "article":
        if (
            majority is None
            and not _one_post_shown(facts, model)
            and _post_titles(facts, model, article.text) >= MIN_LISTING_ITEMS
        ):
            return "listing"  # a page of no known build that links to several posts: home, archive
        undated = model.date_place and not (article.date_published or dated_by_model)
        if undated or (model.title_place and facts.headline is None):
            # The site's posts show their date, or their headline, where this page shows none:
            # not built like them (a tag page with one post's excerpt, "about").
            return "listing" if _post_titles(facts, model, article.text) else "other"
    if kind == "other" and majority != "listing" and _built_like_posts(facts, model, article):
        return "article"  # however short (a talk: slides and a video): dated where posts are
    if (
        kind == "article"
        and model.date_place
        and not (article.date_published or dated_by_model)
        and _post_titles(facts, model, article.text) >= MIN_LISTING_ITEMS
    ):
        return "listing"  # undated where the posts are dated, its text their titles: a list
    if majority is None or majority == kind:
        return kind
    if majority == "article" and (article.date_published or dated_by_model):
        return "article"  # however short: a dated page built like the site's posts
    if majority == "listing" and kind == "article":
        return "listing"
    return kind


def outside_dated_sections(article: Article, model: SiteModel) -> bool:
    """Whether ``article`` is undated and sits outside every section where the site's sample
    shows dated pages (so not among its posts, which a site that dates them dates alike). A
    site whose sample tells no such sections (too few dated pages) has none outside them."""
    if not model.dated_sections or article.date_published or article.url is None:
        return False
    return url_section(article.url) not in model.dated_sections


def _built_like_posts(facts: PageFacts, model: SiteModel, article: Article) -> bool:
    """The page shows a date where the site's posts show theirs, and its headline where they
    show theirs (when that place is known), and links to fewer posts by title than a listing
    (a post may link to the previous and the next)."""
    if not _dated_at_place(facts, model):
        return False
    if _site_page(facts, model):
        return False
    if model.title_place and facts.headline is None:
        return False
    return _post_titles(facts, model, article.text) < MIN_LISTING_ITEMS


def _one_post_shown(facts: PageFacts, model: SiteModel) -> bool:
    """The page shows one headline where the site's posts show theirs and one date where they
    show theirs: one post, however many posts its text links to by title (a security notice
    naming the releases that fix it), where a listing of whole posts shows several dates."""
    if not (model.title_place and model.date_place) or facts.headline is None:
        return False
    return sum(1 for text in facts.date_texts if normalise_date(text)) == 1


def _site_page(facts: PageFacts, model: SiteModel) -> bool:
    """Whether the page is one of the site's own (its menu's "About", "Docs"), not a post the
    menu links to all the same (a sidebar's "Recent posts": built like the sample's posts, by
    their URL shape, and dated where they are; an "About" page may show a date there too, but
    sits apart from the posts)."""
    if not _is_menu_page(facts, model):
        return False
    if model.majority_kind(facts.url) != "article":
        return True
    return not (_dated_at_place(facts, model) or _dated_by_address(facts, model))


def _dated_at_place(facts: PageFacts, model: SiteModel) -> bool:
    """Whether the page shows a date where the site's posts show theirs."""
    return bool(model.date_place) and any(normalise_date(t) for t in facts.date_texts)


def _dated_by_address(facts: PageFacts, model: SiteModel) -> bool:
    """Whether the page's address names a day where the site's posts are dated by theirs (a
    series' first post that every later one links to: no "About" has such an address)."""
    return model.url_dates and date_from_url(facts.url) is not None


def _post_titles(facts: PageFacts, model: SiteModel, content: str) -> int:
    """How many pages built like the site's posts the page links to by title-like anchors in
    its ``content`` (a listing's items are its content; a post's "related posts" box, which the
    extractor leaves out, lists nothing)."""
    host = urlsplit(facts.url).netloc
    words = loose(content)
    targets = {
        target
        for target, text in ((joined(facts.url, h), t) for h, t in facts.links)
        if target is not None
        and len(text.split()) >= 2
        and loose(text) in words
        and urlsplit(target).netloc == host
        and target.split("#")[0] != facts.url
        and model.majority_kind(target) == "article"
    }
    return len(targets)


MAX_DATA_SCRIPTS = 32


def declares_thing(root: HtmlElement | None) -> bool:
    """Whether the page's JSON-LD types it as a thing that is no story (``classify``'s
    ``THING_TYPES``) and as no article: a workshop's page, dated and laid out as the site's
    posts are, is still an event's page."""
    if root is None:
        return False
    types = script_types_in(islice(root.iter("script"), MAX_DATA_SCRIPTS))
    return bool(types & THING_TYPES) and not types & ARTICLE_TYPES


def is_redirect(root: HtmlElement | None) -> bool:
    if root is None:
        return False
    for meta in root.iter("meta"):
        if (meta.get("http-equiv") or "").lower() == "refresh" and _REFRESH_RE.match(
            meta.get("content") or ""
        ):
            return True
    return False
