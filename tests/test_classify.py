"""Page kinds from page evidence: declared types, the shape of the page, and the body."""

from __future__ import annotations

from pathlib import Path

import pytest

from scraper.extractor import extract, parse_html
from scraper.extractor.body import Body
from scraper.extractor.classify import SHAPE_RESCUE, SHAPE_VETO, classify_page, kind_evidence
from scraper.extractor.metadata import Metadata, read_metadata

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
PROSE = (
    "The committee met on Tuesday to discuss the new proposal in detail. Members raised "
    "questions about the cost, the schedule and the effect on local residents, and agreed to "
    "publish a full report before the next meeting. "
)


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def excerpts(count: int, *, tag: str = "article", read_more: str = "Read more") -> str:
    return "".join(
        f'<{tag} class="post"><h2><a href="/posts/{i}/">Post number {i} has a title</a></h2>'
        f"<p>A short teaser for post {i}, one or two sentences long, then a link. "
        f'It tells the reader what the post covers.</p><a href="/posts/{i}/">{read_more}</a>'
        f"</{tag}>"
        for i in range(count)
    )


NAV = '<nav><a href="/">Home</a> <a href="/about/">About</a> <a href="/blog/">Blog</a></nav>'
PAGER = '<div class="pagination"><a class="page-numbers" href="/page/2/">2</a></div>'


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("wordpress_seed", "article"),
        ("news_article", "article"),
        ("blog_with_comments", "article"),
        ("tables_and_code", "article"),
        ("listing_category", "listing"),
        ("listing_home", "listing"),
    ],
)
def test_fixture_pages(name: str, kind: str) -> None:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    assert extract(html).page_kind == kind


def test_home_page_with_ten_excerpts_and_no_declared_type() -> None:
    html = page("<title>My blog</title>", NAV + excerpts(10, tag="div") + PAGER)
    assert extract(html).page_kind == "listing"


def test_home_page_of_article_elements_without_read_more() -> None:
    html = page('<meta property="og:type" content="website">', NAV + excerpts(6, read_more=""))
    assert extract(html).page_kind == "listing"


def test_author_archive() -> None:
    head = (
        "<title>Posts by Ann Lee</title>"
        '<script type="application/ld+json">{"@context":"https://schema.org","@graph":['
        '{"@type":"ProfilePage","name":"Ann Lee"},{"@type":"Person","name":"Ann Lee"}]}</script>'
    )
    body = NAV + "<h1>Ann Lee</h1><p>Ann writes about gardens.</p>" + excerpts(4)
    assert extract(page(head, body)).page_kind == "listing"


def test_search_results_page() -> None:
    head = "<title>Search results for “budget” – The Courier</title>"
    body = NAV + "<h1>You searched for budget</h1>" + excerpts(5, tag="div", read_more="")
    assert extract(page(head, body)).page_kind == "listing"


def test_error_page_is_other() -> None:
    head = "<title>Page not found – The Courier</title>"
    body = NAV + "<h1>Oops! That page can’t be found.</h1><p>Try a search instead.</p>"
    assert extract(page(head, body)).page_kind == "other"


def test_empty_page_is_other() -> None:
    assert extract(page("<title>x</title>", "")).page_kind == "other"


def test_short_article_with_two_paragraphs_is_still_an_article() -> None:
    head = (
        '<meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2022-02-02">'
    )
    body = NAV + "<article><h1>Library hours change</h1><p>" + PROSE + "</p><p>"
    body += "The new hours start on Monday.</p></article>"
    assert extract(page(head, body)).page_kind == "article"


def test_untyped_long_article_with_a_date_is_an_article() -> None:
    body = NAV + "<main><h1>A story</h1>" + f"<p>{PROSE}</p>" * 3 + "</main>"
    html = page("<title>A story</title>", body)
    assert extract(html, "https://x.example/2020/02/03/a-story/").page_kind == "article"


def test_article_with_related_story_cards_stays_an_article() -> None:
    head = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>'
    body = "<article><h1>H</h1>" + f"<p>{PROSE}</p>" * 4 + "</article>" + excerpts(4)
    assert extract(page(head, body)).page_kind == "article"


def test_a_declared_story_with_many_related_cards_stays_an_article() -> None:
    """Related-post cards give three listing signs (cards, heading links, "read more"): a
    declared story keeps its kind; a fourth sign (its pager) makes the page a listing."""
    head = '<script type="application/ld+json">{"@type":"NewsArticle","headline":"H"}</script>'
    story = "<article><h1>H</h1>" + f"<p>{PROSE}</p>" * 4 + "</article>"
    assert extract(page(head, story + excerpts(6))).page_kind == "article"
    assert extract(page(head, story + excerpts(6) + PAGER)).page_kind == "listing"


def test_about_page_type_is_other() -> None:
    head = '<script type="application/ld+json">{"@type":"AboutPage","name":"About"}</script>'
    body = "<main><h1>About us</h1>" + f"<p>{PROSE}</p>" * 2 + "</main>"
    assert extract(page(head, body)).page_kind == "other"


def _classify(html: str, body: Body) -> str:
    root = parse_html(html)
    assert root is not None
    meta = read_metadata(root, None)
    return classify_page(root, meta, body)


def test_collection_page_type_wins_over_og_article() -> None:
    html = page(
        '<meta property="og:type" content="article">'
        '<script type="application/ld+json">{"@graph":[{"@type":"CollectionPage"},'
        '{"@type":"WebSite","name":"S"}]}</script>',
        excerpts(2),
    )
    assert _classify(html, Body(text=PROSE * 3, paragraph_count=3)) == "listing"


def test_untyped_page_with_link_heavy_body_is_not_an_article() -> None:
    html = page("<title>Links</title>", "<p>links</p>")
    body = Body(text=PROSE * 2, paragraph_count=2, link_density=0.8)
    assert _classify(html, body) == "other"


def test_declared_article_needs_some_body() -> None:
    html = page('<meta property="og:type" content="article">', "")
    assert _classify(html, Body(text="Too short.")) == "other"
    assert classify_page(parse_html(html), Metadata(), Body()) == "other"  # type: ignore[arg-type]


def test_the_shape_model_vetoes_a_long_text_no_type_declares() -> None:
    """A page no type declares is an article by its length unless the shape model all but
    rules it out (a shop's or a service's long text); it never overrules a declared article."""
    untyped = page("<title>Our services</title>", "<p>x</p>")
    text = {"text": PROSE * 4, "paragraph_count": 4}
    assert _classify(untyped, Body(**text)) == "article"  # the shape did not read the page
    assert _classify(untyped, Body(**text, shape_probability=SHAPE_VETO)) == "article"
    assert _classify(untyped, Body(**text, shape_probability=SHAPE_VETO / 2)) == "other"
    paged = page("<title>Services</title>", excerpts(2) + PAGER)  # one sign of a listing
    assert _classify(paged, Body(**text, shape_probability=0.0)) == "listing"
    declared = page('<meta property="og:type" content="article">', "<p>x</p>")
    assert _classify(declared, Body(**text, shape_probability=0.0)) == "article"


def test_a_sure_shape_stands_in_for_an_article_type() -> None:
    """Where no article is declared, a shape the model reads as one article (at its own cut)
    makes the page a declared article: a post its head types a collection page, or whose
    excerpts of related posts look like a listing; still held to words and strong signs, and
    never on a page built of several <article> elements."""
    collection = page(
        '<script type="application/ld+json">{"@type": "CollectionPage"}</script>', "<p>x</p>"
    )
    text = {"text": PROSE * 4, "paragraph_count": 4}
    assert _classify(collection, Body(**text)) == "listing"  # the shape did not read the page
    assert _classify(collection, Body(**text, shape_probability=SHAPE_RESCUE / 2)) == "listing"
    assert _classify(collection, Body(**text, shape_probability=SHAPE_RESCUE)) == "article"
    root = parse_html(collection)
    assert root is not None
    meta = read_metadata(root, None)
    sure = kind_evidence(meta, Body(**text, shape_probability=SHAPE_RESCUE))
    assert sure["declared_kind"] == "listing" and sure["shape_stands_in"] is True
    assert kind_evidence(meta, Body(**text, shape_probability=0.1))["shape_stands_in"] is False
    related = page("<title>A post</title>", excerpts(3, tag="div") + PAGER)  # two signs
    assert _classify(related, Body(**text, shape_probability=0.2)) == "listing"
    assert _classify(related, Body(**text, shape_probability=0.9)) == "article"
    archive = page("<title>Archive</title>", excerpts(4) + PAGER)  # strong signs: still a list
    assert _classify(archive, Body(**text, shape_probability=0.99)) == "listing"
    # a blog's index page of whole posts: one of them may read as a story, the page is a list
    index = page('<meta property="og:type" content="website">', excerpts(3))
    assert _classify(index, Body(**text, shape_probability=0.99)) == "listing"
    short = {"text": "Only a few words here.", "paragraph_count": 1}
    assert _classify(collection, Body(**short, shape_probability=0.99)) == "other"
    missing = page("<title>Page not found</title>", "<p>x</p>")
    assert _classify(missing, Body(text="Nothing here.", shape_probability=0.99)) == "other"


def test_a_short_dated_post_beside_related_cards_is_an_article() -> None:
    """A post of a few sentences (a webinar's announcement, a video's) with three related
    posts' cards as <article> elements beside it shows one listing sign and under 120 words;
    where the shape model reads one story and the page names its day, it is a post. Without
    the day, or with a shape read as no story, it stays a listing."""
    cards = "".join(
        f'<article class="card"><a href="/blog/{i}.html"><h3>May {i}, 2024</h3>'
        f"<h2>Another post, number {i}</h2></a></article>"
        for i in range(1, 4)
    )
    dated = page(
        '<meta property="og:type" content="website"><meta name="date" content="2024-06-25">',
        "<div><h1>Seven MVP</h1><p>x</p></div>" + cards,
    )
    undated = page('<meta property="og:type" content="website">', "<p>x</p>" + cards)
    short = {"text": PROSE * 2, "paragraph_count": 2}  # 74 words
    assert _classify(dated, Body(**short, shape_probability=0.86)) == "article"
    assert _classify(dated, Body(**short, shape_probability=0.2)) == "listing"
    assert _classify(undated, Body(**short, shape_probability=0.86)) == "listing"
    few = {"text": "Watch the video.", "paragraph_count": 1}
    assert _classify(dated, Body(**few, shape_probability=0.86)) == "listing"
