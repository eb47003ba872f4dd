"""How metadata is decided when sources disagree: titles by agreement, visible bylines and date
lines, what is never taken (comments, reviews, copyright lines), and the explain contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors, clean_declared_authors
from scraper.extractor.dates import day_first_page, day_order_page, normalise_date, visible_date
from scraper.extractor.metadata import (
    EXPLAINED_FIELDS,
    FieldExplanation,
    Metadata,
    _h1_signals,
    explain_metadata,
    home_link_names,
    link_labels,
    read_metadata,
    title_echoes,
)
from scraper.extractor.sources import gather_sources, heading_text
from scraper.extractor.titles import choose_title, slug_words

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
BODY = "<p>" + "Plain words of an article body. " * 20 + "</p>"


def page(head: str = "", body: str = BODY) -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def meta_of(head: str = "", body: str = BODY, url: str | None = None) -> Metadata:
    root = parse_html(page(head, body))
    assert root is not None
    return read_metadata(root, url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("Daily Ledger · Rates rise again", "Rates rise again"),
        ("Rates rise again | Daily Ledger", "Rates rise again"),
        ("Rates rise again - Daily Ledger", "Rates rise again"),
        ("Rates rise again « Daily Ledger", "Rates rise again"),
    ],
)
def test_site_name_glued_on_either_side_is_stripped(title: str, expected: str) -> None:
    head = f'<title>{title}</title><meta property="og:site_name" content="Daily Ledger">'
    assert meta_of(head, f"<h1>{expected}</h1>{BODY}").title == expected
    assert meta_of(head).title == expected  # without the <h1>, the site name alone says it


def test_host_name_part_is_stripped_without_a_site_name_tag() -> None:
    meta = meta_of(
        "<title>Garden spray recipe | Greenleaf Shop</title>", url="https://greenleafshop.example/p"
    )
    assert meta.title == "Garden spray recipe"


def test_headline_in_h1_beats_an_seo_title_and_the_site_name() -> None:
    head = (
        "<title>The earbuds I would buy with fifty dollars | Review Site</title>"
        '<meta property="og:title" content="Best Budget Earbuds 2026">'
        '<meta property="og:site_name" content="Review Site">'
    )
    body = f"<h1>The earbuds I would buy with fifty dollars</h1>{BODY}"
    assert meta_of(head, body).title == "The earbuds I would buy with fifty dollars"


def test_post_title_beats_an_h1_that_is_the_site_logo() -> None:
    head = "<title>Post — Site</title>"
    body = f'<header><h1><a href="/">Site</a></h1></header><main><p>Text</p>{BODY}</main>'
    assert meta_of(head, body, url="https://site.example/post").title == "Post"


def test_logo_h1_linking_home_is_the_site_not_the_headline() -> None:
    head = "<title>Sourdough without stress &laquo; Bread Notes</title>"
    body = (
        '<div class="header"><h1><a href="/">Bread Notes</a></h1></div>'
        '<div class="post"><h3 class="post-title entry-title">Sourdough without stress</h3>'
        f"{BODY}</div>"
    )
    meta = meta_of(head, body)
    assert meta.title == "Sourdough without stress"
    assert meta.site_name == "Bread Notes"


def test_home_page_title_is_the_site_name_not_a_fragment() -> None:
    head = (
        "<title>Small Batch Notes — Page 3</title>"
        '<meta property="og:title" content="Small Batch Notes">'
        '<meta property="og:site_name" content="Small Batch Notes">'
    )
    assert meta_of(head).title == "Small Batch Notes"


def test_agreement_between_sources_decides() -> None:
    choice = choose_title(
        [
            ("og:title", "Spring sale"),
            ("title", "How to prune roses | Rose Blog"),
            ("h1", "How to prune roses"),
        ],
        ["Rose Blog"],
        None,
    )
    assert (choice.title, choice.source) == ("How to prune roses", "h1")
    assert ("og:title", "Spring sale") in choice.candidates


def test_each_written_form_of_the_same_words_is_a_candidate() -> None:
    """Sources that agree on the words but not on the punctuation: the metric (and a reader)
    tells "Pricing: plans" from "Pricing plans", so both stay candidates, each marked with the
    sources that write it so."""
    choice = choose_title(
        [
            ("og:title", "Pricing plans for teams"),
            ("title", "Pricing plans for teams | Acme"),
            ("h1", "Pricing: plans for teams"),
        ],
        ["Acme"],
        None,
    )
    forms = {text: marks for text, marks in choice.ranked}
    assert forms["Pricing: plans for teams"].get("form:h1") == 1.0
    assert forms["Pricing plans for teams"].get("form:og") == 1.0
    assert "form:title" not in forms["Pricing plans for teams"]  # a part, not the whole <title>
    assert forms["Pricing plans for teams"].get("form:other") == 1.0
    assert choice.title == "Pricing: plans for teams"  # the vote: the visible source's form


@pytest.mark.parametrize(
    ("path", "words"),
    [
        ("/blog/how-to-prune-roses/", {"how", "to", "prune", "roses"}),
        ("/p/Spring_Menu.html", {"spring", "menu"}),
        ("/caf%C3%A9-hours", {"café", "hours"}),
        ("/item/12345", set()),
        ("/", set()),
        (None, set()),
    ],
)
def test_slug_words_are_the_last_path_segment_words(path: str | None, words: set[str]) -> None:
    assert slug_words(path) == words


def test_slug_overlap_is_a_candidate_feature() -> None:
    sources = [("h1", "Get paid on time"), ("title", "Payroll software for teams | Acme")]
    choice = choose_title(sources, ["Acme"], None, slug=slug_words("/payroll-software-teams"))
    marks = dict(choice.ranked)
    assert marks["Payroll software for teams"]["slug_cover"] == 1.0
    assert marks["Get paid on time"]["slug_none"] == 1.0


def test_a_title_split_only_by_dashes_is_marked_apart_from_a_piped_one() -> None:
    """A spaced dash is often the headline's own ("Cookbook - New release!"); a pipe or a
    bullet almost always sets off the site's name: the ranker sees which."""
    dashed = dict(choose_title([("h1", "Chef cookbook - New release!")], [], None).ranked)
    assert dashed["Chef cookbook - New release!"]["separated_dash"] == 1.0
    piped = dict(choose_title([("title", "Chef cookbook | Ledger")], [], None).ranked)
    assert piped["Chef cookbook | Ledger"]["separated"] == 1.0
    assert piped["Chef cookbook | Ledger"]["separated_dash"] == 0.0


def test_where_the_first_h1_sits_is_seen_by_the_title_ranker() -> None:
    banner = '<header class="site-hero"><h1><a href="/offers">Get paid on time</a></h1></header>'
    root = parse_html(page("<title>Payroll software | Acme</title>", banner + BODY))
    assert root is not None
    signals = _h1_signals(gather_sources(root))
    assert signals["page:h1_in_banner"] == signals["page:h1_banner_class"] == 1.0
    assert signals["page:h1_linked"] == 1.0 and signals["page:h1_in_main"] == 0.0
    post = '<h2>Menu</h2><article><h1 class="entry-title">Payroll, explained</h1></article>'
    root = parse_html(page("", post + BODY))
    assert root is not None
    signals = _h1_signals(gather_sources(root))
    assert signals["page:h1_in_main"] == signals["page:h1_title_class"] == 1.0
    assert signals["page:h1_late"] == 1.0 and signals["page:h1_in_banner"] == 0.0


def test_link_labels_count_each_link_text_folded() -> None:
    nav = '<nav><a href="/blog">Blog</a><a href="/b"><span>The  Blog!</span></a></nav>'
    body = nav + '<footer><a href="/blog">blog</a><a href="/x">' + "w " * 150 + "</a></footer>"
    root = parse_html(page("", body))
    assert root is not None
    labels = link_labels(gather_sources(root).anchors)
    assert labels == {"blog": 2, "the blog": 1}  # (a 300-character label is no name)


def test_a_candidate_that_is_a_link_label_is_marked() -> None:
    sources = [("h1", "Blog"), ("title", "Payroll, explained | Acme")]
    marks = dict(choose_title(sources, ["Acme"], None, links={"blog": 3}).ranked)
    assert marks["Blog"]["linked"] == marks["Blog"]["linked_many"] == 1.0
    assert "linked" not in marks["Payroll, explained"]


def test_breadcrumb_and_webpage_names_are_title_echoes() -> None:
    crumbs = {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": 1, "name": "Home"},
            {"@type": "ListItem", "position": 2, "item": {"@id": "/p", "name": "Payroll"}},
        ],
    }
    graph = {"@graph": [crumbs, {"@type": "WebPage", "name": "Payroll, explained - Acme"}]}
    root = parse_html(page(ld(graph)))
    assert root is not None
    echoes = title_echoes(gather_sources(root).jsonld)
    assert echoes == {"crumb": "Payroll", "webpage": "Payroll, explained - Acme"}
    sources = [("h1", "Payroll"), ("title", "Payroll, explained - Acme")]
    marks = dict(choose_title(sources, ["Acme"], None, echoes=echoes).ranked)
    assert marks["Payroll"]["echo:crumb"] == 1.0
    assert marks["Payroll, explained - Acme"]["echo:webpage"] == 1.0
    assert marks["Payroll, explained"]["echo_words:webpage"] == 2 / 3


def test_a_product_or_other_named_thing_is_a_title_echo() -> None:
    product = {"@type": "Product", "name": "Garden kneeler"}
    root = parse_html(page(ld(product) + "<title>Kneelers &amp; more | Shop</title>"))
    assert root is not None
    assert title_echoes(gather_sources(root).jsonld) == {"thing": "Garden kneeler"}
    sources = [("h1", "Garden kneeler"), ("title", "Kneelers & more | Shop")]
    marks = dict(choose_title(sources, ["Shop"], None, echoes={"thing": "Garden kneeler"}).ranked)
    assert marks["Garden kneeler"]["echo:thing"] == 1.0
    assert "echo:thing" not in marks["Kneelers & more"]


def test_a_heading_leaves_out_buttons_styles_and_hidden_parts() -> None:
    """What no reader sees as the headline: a "Copy" button, an inline style sheet, a part
    hidden by its attributes; a heading whose every part is hidden keeps its whole text."""
    body = (
        "<h1>Enum Result <button>Copy item path</button><style>.x{color:red}</style>"
        '<span hidden>draft</span><span aria-hidden="true">#</span>'
        '<span style="display: none">old</span> in std<br>::result</h1>'
        '<h1><span aria-hidden="true">Only hidden</span></h1>'
    )
    root = parse_html(page("", body))
    assert root is not None
    first, second = root.iter("h1")
    assert heading_text(first) == "Enum Result in std ::result"
    assert heading_text(second) == "Only hidden"
    assert meta_of("", body + BODY).title == "Enum Result in std ::result"


@pytest.mark.parametrize(
    ("written", "read"),
    [
        ("A DIY Investor\u00e2\u0080\u0099s Guide", "A DIY Investor\u2019s Guide"),  # as Latin-1
        ("Investor\u00e2\u20ac\u2122s Guide", "Investor\u2019s Guide"),  # as cp1252
        ("Home Repair Assis\u00adtance Pro\u200bgram", "Home Repair Assistance Program"),
        ("Caf\u00e9 \u00e0 la carte", "Caf\u00e9 \u00e0 la carte"),  # no mojibake: unchanged
    ],
)
def test_title_sources_are_read_as_a_reader_sees_them(written: str, read: str) -> None:
    assert choose_title([("h1", written)], [], None).title == read


def test_home_link_labels_name_the_site_for_the_title_ranker() -> None:
    body = (
        '<header><a href="/"><img src="/logo.png" alt="Acme Payroll"></a>'
        '<a href="https://www.acme.test/">Acme</a><a href="https://other.test/">Other</a></header>'
        "<h1>Payroll, explained</h1>" + BODY
    )
    root = parse_html(page("<title>Payroll, explained | Acme Payroll</title>", body))
    assert root is not None
    anchors = gather_sources(root).anchors
    assert home_link_names(anchors, "acme.test") == ["Acme Payroll", "Acme"]
    assert home_link_names(anchors, None) == ["Acme Payroll"]  # an absolute link: which site?
    sources = [("h1", "Payroll, explained"), ("title", "Payroll, explained | Acme Payroll")]
    marks = dict(choose_title(sources, [], None, echoes={"home": "Acme Payroll"}).ranked)
    assert marks["Acme Payroll"]["echo:home"] == 1.0
    assert marks["Payroll, explained | Acme Payroll"]["echo_words:home"] == 2 / 3


# --- authors --------------------------------------------------------------------------------


def test_several_jsonld_authors_and_an_organisation_beside_them() -> None:
    data = {
        "@type": "NewsArticle",
        "headline": "H",
        "author": [
            {"@type": "Person", "name": "Ann Lee"},
            {"@type": "Person", "name": "Bo Chen"},
            {"@type": "Organization", "name": "The Daily Ledger"},
        ],
    }
    assert meta_of(ld(data)).authors == ("Ann Lee", "Bo Chen")


def test_publisher_organisation_as_only_author_is_not_an_author() -> None:
    data = {
        "@type": "Article",
        "headline": "H",
        "author": {"@type": "Organization", "name": "Daily Ledger"},
        "publisher": {"@type": "Organization", "name": "Daily Ledger"},
    }
    assert meta_of(ld(data)).authors == ()


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Jane Doe and John Roe", ("Jane Doe", "John Roe")),
        ("Jane Doe, Senior Writer", ("Jane Doe",)),
        ("Jane Doe (@janedoe)", ("Jane Doe",)),
        ("ByJane Doe", ("Jane Doe",)),
        ("Written by: Jane Doe | May 3, 2024", ("Jane Doe",)),
        ("Center for Drug Evaluation and Research", ("Center for Drug Evaluation and Research",)),
    ],
)
def test_declared_author_cleaning(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_declared_authors([raw]) == expected


def test_declared_handles_and_teams_are_kept_visible_text_stays_strict() -> None:
    assert clean_declared_authors(["jdoe42"]) == ("jdoe42",)
    assert clean_declared_authors(["Resy Staff"]) == ("Resy Staff",)
    assert clean_declared_authors(["https://facebook.com/someone", "admin"]) == ()
    assert clean_authors(["jdoe42"]) == ()  # a visible word in lower case is not a name


def test_meta_author_handle_is_kept() -> None:
    assert meta_of('<meta name="author" content="kirstin boatto">').authors == ("kirstin boatto",)


def test_byline_element_near_the_headline() -> None:
    body = (
        '<article><h1>Post</h1><p class="byline">By <a href="/u/jd">Jane Doe</a> '
        f"on May 3, 2024</p>{BODY}</article>"
    )
    assert meta_of(body=body).authors == ("Jane Doe",)


def test_byline_text_written_by() -> None:
    body = f"<main><h1>Post</h1><p>Written by <strong>Jane Doe</strong></p>{BODY}</main>"
    assert meta_of(body=body).authors == ("Jane Doe",)


def test_forum_thread_gives_the_opening_posters_handle_only() -> None:
    body = (
        "<h1>Which kettle?</h1>"
        '<div class="post"><span class="username">kettlefan99</span><p>Question.</p></div>'
        '<div class="post"><span class="username">brewmaster</span><p>An answer.</p></div>'
    )
    assert meta_of(body=body).authors == ("kettlefan99",)


def test_comment_and_review_authors_are_never_the_author() -> None:
    body = (
        f"<h1>Post</h1>{BODY}"
        '<div class="comments"><div class="comment"><span class="author">Sam Reader</span>'
        "<p>Nice post!</p></div></div>"
        '<div itemscope itemtype="https://schema.org/Review">'
        '<span itemprop="author">Pat Buyer</span></div>'
        '<div class="reviews"><p>By Kim Critic</p></div>'
    )
    assert meta_of(body=body).authors == ()


def test_no_author_is_invented() -> None:
    body = (
        "<nav><a href='/about'>About Us</a></nav><h1>Opening hours</h1>"
        f"{BODY}<footer><p>Powered by Great Themes</p></footer>"
    )
    assert meta_of("<title>Opening hours | Corner Bakery</title>", body).authors == ()


# --- dates ----------------------------------------------------------------------------------


def test_visible_date_line_under_the_headline() -> None:
    body = f'<article><h1>Post</h1><p class="meta">March 3, 2024 · 5 min read</p>{BODY}</article>'
    assert meta_of(body=body).date_published == "2024-03-03"


def test_updated_line_is_the_modified_date() -> None:
    body = f"<article><h1>Post</h1><p>Updated Feb 11, 2026</p>{BODY}</article>"
    meta = meta_of(body=body)
    assert meta.date_modified == "2026-02-11"


def test_copyright_comment_and_related_dates_are_not_taken() -> None:
    body = (
        f"<h1>Post</h1>{BODY}"
        '<div class="related-posts"><p>January 2, 2023</p></div>'
        '<ol class="comment-list"><li><p>March 9, 2024</p></li></ol>'
        "<p>© 2025 Corner Bakery</p>"
    )
    assert meta_of(body=body).date_published is None


def test_no_date_is_invented_and_bare_numbers_are_not_dates() -> None:
    body = f"<h1>Kettle X200</h1><p>SKU 20231105</p><p>Call 5551234567</p>{BODY}"
    assert meta_of(body=body).date_published is None
    assert visible_date("SKU 20231105") is None
    assert visible_date("Posted 12.06.2023") == "2023-06-12"


def test_slashed_visible_dates_take_their_order_from_a_day_over_twelve() -> None:
    assert visible_date("Updated: 10/31/2024") == "2024-10-31"
    assert visible_date("31/10/2024") == "2024-10-31"
    assert visible_date("3/4/2024") == "2024-03-04"  # undecided: month first
    assert visible_date("13/13/2024") is None
    assert visible_date("1/2/3/2024") is None  # not a date, a path or a fraction run
    assert visible_date("11-29-2024, 10:00") == "2024-11-29"
    assert visible_date("555-12-2024") is None


def test_a_slashed_day_takes_the_order_the_page_writes() -> None:
    """ "03/10/2023" is the 3rd of October on a page that also prints "25/12/2023" or declares
    British English, and March 10 on an American page."""
    assert visible_date("03/10/2023", day_first=True) == "2023-10-03"
    assert visible_date("10/31/2024", day_first=True) == "2024-10-31"  # a day over 12 decides
    assert visible_date("11-29-2024", day_first=True) == "2024-11-29"
    assert day_first_page(["Posted 25/12/2023"], "en-US")
    assert not day_first_page(["Posted 12/25/2023"], "en-GB")
    assert day_first_page(["03/10/2023"], "en-GB")
    assert day_first_page([], "fr")
    assert not day_first_page(["03/10/2023"], "en-US")
    assert not day_first_page(["03/10/2023"], "en")
    assert not day_first_page([], None)


@pytest.mark.parametrize(
    ("lang", "printed", "expected"),
    [
        ("en-GB", "", "2023-10-03"),
        ("en-US", "", "2023-03-10"),
        ("en", "<p class='older'>Also see the note of 25/12/2022</p>", "2023-10-03"),
    ],
)
def test_a_slashed_date_line_is_read_in_the_page_order(
    lang: str, printed: str, expected: str
) -> None:
    html = (
        f"<html lang='{lang}'><head></head><body><article><h1>Post</h1>"
        f"<p class='meta'>Posted 03/10/2023</p>{BODY}{printed}</article></body></html>"
    )
    root = parse_html(html)
    assert root is not None
    assert read_metadata(root, None).date_published == expected


def test_numeric_days_take_their_order_from_the_days_the_page_declares() -> None:
    """An ambiguous printed day ("03/10/2023", "09.10.2024") is read in the order that makes it
    one of the page's machine-readable days; a printed number over 12 still decides first."""
    assert day_order_page(["03/10/2023"], "en-US", {"2023-10-03"}).slashed
    assert not day_order_page(["03/10/2023"], "en-GB", {"2023-03-10"}).slashed
    assert day_order_page(["03/10/2023"], "en-GB", {"2023-03-10", "2023-10-03"}).slashed  # both
    assert day_order_page(["03/10/2023", "25/12/2023"], "en", {"2023-03-10"}).slashed  # printed
    assert not day_order_page(["09.10.2024"], "de", {"2024-09-10"}).dotted
    assert not day_order_page(["Posted 11.24.2025"], "de").dotted  # a month over 12: no
    assert day_order_page(["09.10.2024"], "en-US").dotted  # dots: day first by default
    assert visible_date("09.10.2024", dots_day_first=False) == "2024-09-10"
    assert visible_date("09.10.2024") == "2024-10-09"


@pytest.mark.parametrize(
    ("url", "head", "expected"),
    [
        ("https://blog.example/2023/10/03/post/", "", "2023-10-03"),
        (None, ld({"@type": "Article", "datePublished": "2023-10-03T09:00:00Z"}), "2023-10-03"),
        (None, "", "2023-03-10"),  # nothing declared: an American page's order
    ],
)
def test_a_slashed_date_line_is_read_as_the_day_the_page_declares(
    url: str | None, head: str, expected: str
) -> None:
    body = f"<article><h1>Post</h1><p class='meta'>Posted 03/10/2023</p>{BODY}</article>"
    html = f"<html lang='en-US'><head>{head}</head><body>{body}</body></html>"
    root = parse_html(html)
    assert root is not None
    assert read_metadata(root, url).date_published[:10] == expected


def test_month_names_with_a_dot_after_the_day_and_more_languages() -> None:
    assert visible_date("December 19. 2025") == "2025-12-19"
    assert visible_date("Jul. 11. 2025 · 5 min read") == "2025-07-11"
    assert visible_date("Publicado em 3 de março de 2024") == "2024-03-03"
    assert visible_date("Geplaatst op 12 mei 2023") == "2023-05-12"
    assert visible_date("version 3. 2025") is None


def test_year_first_dates_with_a_month_name() -> None:
    assert normalise_date("2023 Jan 7") == "2023-01-07"  # citation_publication_date
    assert visible_date("Cureus. 2024 Jun 30;28(2):43-51") == "2024-06-30"
    assert visible_date("2023 March 10:30") is None


def test_declared_and_printed_dates_are_weighed() -> None:
    """A declared time stamp is kept when the printed day agrees. When they disagree, the
    ranker chooses between them: on wcxb-dev the gold follows the printed date line on 22 of
    30 such pages, so no fixed precedence holds."""
    head = '<meta property="article:published_time" content="2020-05-01T10:00:00Z">'
    agreeing = f"<article><h1>Post</h1><p>May 1, 2020</p>{BODY}</article>"
    assert meta_of(head, agreeing).date_published == "2020-05-01T10:00:00+00:00"
    disagreeing = f"<article><h1>Post</h1><p>June 1, 2021</p>{BODY}</article>"
    assert meta_of(head, disagreeing).date_published in (
        "2020-05-01T10:00:00+00:00",
        "2021-06-01",
    )


# --- explain_metadata -----------------------------------------------------------------------


def _explain(html: str, url: str | None) -> dict[str, FieldExplanation]:
    root = parse_html(html)
    assert root is not None
    return explain_metadata(root, url)


@pytest.mark.parametrize("name", sorted(path.stem for path in PAGES.glob("*.html")))
def test_explain_values_equal_extract_fields(name: str) -> None:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    url = json.loads((PAGES / f"{name}.meta.json").read_text(encoding="utf-8")).get("url")
    article = extract(html, url)
    explained = _explain(html, url)
    assert set(explained) == set(EXPLAINED_FIELDS)
    for field, explanation in explained.items():
        assert explanation.value == getattr(article, field), field
        if explanation.value:
            assert explanation.source is not None, field
            assert explanation.source in [source for source, _ in explanation.candidates]


def test_explain_lists_losing_candidates() -> None:
    head = (
        '<meta property="article:published_time" content="2020-05-01">'
        '<meta name="author" content="Ann Lee">'
        "<title>Rates rise | Ledger</title>"
    )
    body = f"<article><h1>Rates rise</h1><p>By Bo Chen</p><p>June 1, 2021</p>{BODY}</article>"
    explained = _explain(page(head, body), None)
    assert ("meta author", "Ann Lee") in explained["authors"].candidates
    assert ("byline text", "Bo Chen") in explained["authors"].candidates
    chosen = dict(explained["authors"].candidates)[explained["authors"].source]
    assert explained["authors"].value == (chosen,)  # the source named is the value's
    assert explained["date_published"].source == "meta article:published_time"
    assert ("date line", "2021-06-01") in explained["date_published"].candidates
    assert explained["title"].source == "h1"
    assert ("title", "Rates rise | Ledger") in explained["title"].candidates


def test_a_product_page_has_no_author_and_no_publication_date() -> None:
    data = {"@type": "Product", "name": "Kettle X200", "brand": "Brewco"}
    head = ld(data) + '<meta name="author" content="Brewco Web Team">'
    head += '<meta property="article:published_time" content="2020-05-01">'
    meta = meta_of(head, f"<h1>Kettle X200</h1><p>By Brewco</p>{BODY}")
    assert (meta.authors, meta.date_published) == ((), None)


def test_explain_an_empty_page() -> None:
    explained = explain_metadata(parse_html(""), None)
    assert explained["title"] == FieldExplanation(value=None, source=None, candidates=[])
    assert explained["authors"].value == extract("").authors == ()


def test_a_feed_of_dated_items_under_a_headline_gives_no_date() -> None:
    items = "".join(f"<div><p>March {day}, 2026</p><p>Item text.</p></div>" for day in (6, 5, 4))
    assert meta_of(body=f"<main><h1>Latest news</h1>{items}</main>").date_published is None
