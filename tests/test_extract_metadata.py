"""Metadata sources one at a time, their precedence, and the cleaning of titles, authors, dates."""

from __future__ import annotations

import json

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors
from scraper.extractor.dates import date_from_url, normalise_date
from scraper.extractor.jsonld import parse_jsonld
from scraper.extractor.metadata import Metadata, clean_title, explain_metadata, read_metadata

BODY = "<p>" + "Plain words of an article body. " * 20 + "</p>"


def meta_of(head: str = "", body: str = BODY, url: str | None = None, lang: str = "") -> Metadata:
    lang_attr = f' lang="{lang}"' if lang else ""
    html = f"<html{lang_attr}><head>{head}</head><body>{body}</body></html>"
    root = parse_html(html)
    assert root is not None
    return read_metadata(root, url)


def ld(data: object) -> str:
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


# --- JSON-LD --------------------------------------------------------------------------------


def test_jsonld_article_fields() -> None:
    meta = meta_of(
        ld(
            {
                "@context": "https://schema.org",
                "@type": "NewsArticle",
                "headline": "Rates rise again",
                "datePublished": "2020-05-01T10:00:00Z",
                "dateModified": "2020-05-02T08:30:00+02:00",
                "author": [{"@type": "Person", "name": "Ann Lee"}, "Bo Chen"],
                "publisher": {"@type": "Organization", "name": "Daily Ledger"},
                "keywords": "rates, economy",
                "articleSection": "Business",
                "image": {"@type": "ImageObject", "url": "/img/rates.jpg"},
                "inLanguage": "en-GB",
                "description": "Why rates rose.",
            }
        ),
        url="https://ledger.example/2020/05/01/rates/",
    )
    assert meta.title == "Rates rise again"
    assert meta.date_published == "2020-05-01T10:00:00+00:00"
    assert meta.date_modified == "2020-05-02T08:30:00+02:00"
    assert meta.authors == ("Ann Lee", "Bo Chen")
    assert meta.site_name == "Daily Ledger"
    assert meta.tags == ("rates", "economy")
    assert meta.categories == ("Business",)
    assert meta.image == "https://ledger.example/img/rates.jpg"
    assert meta.language == "en-GB"
    assert meta.description == "Why rates rose."
    assert "NewsArticle" in meta.page_types


def test_jsonld_graph_resolves_author_and_publisher_references() -> None:
    graph = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "https://x.example/#website", "name": "X Weekly"},
            {
                "@type": "BlogPosting",
                "@id": "https://x.example/p/#article",
                "headline": "Graph post",
                "author": {"@id": "https://x.example/#/person/1"},
                "datePublished": "2019-01-02",
                "image": {"@id": "https://x.example/p/#img"},
            },
            {
                "@type": "ImageObject",
                "@id": "https://x.example/p/#img",
                "url": "https://x.example/i.png",
            },
            {"@type": "Person", "@id": "https://x.example/#/person/1", "name": "Rita Moreno"},
        ],
    }
    meta = meta_of(ld(graph))
    assert meta.authors == ("Rita Moreno",)
    assert meta.site_name == "X Weekly"
    assert meta.date_published == "2019-01-02"
    assert meta.image == "https://x.example/i.png"
    assert meta.page_types[:2] == ("WebSite", "BlogPosting")


def test_jsonld_top_level_array_and_type_list() -> None:
    data = [
        {"@type": "BreadcrumbList", "itemListElement": []},
        {"@type": ["Article", "CreativeWork"], "headline": "Listed", "author": {"name": "Z Z"}},
    ]
    meta = meta_of(ld(data))
    assert meta.title == "Listed"
    assert meta.authors == ("Z Z",)


@pytest.mark.parametrize(
    "broken",
    [
        '{"@type": "Article", "headline": "Trailing comma", "datePublished": "2018-03-04",}',
        '<!-- {"@type": "Article", "headline": "Trailing comma", "datePublished": "2018-03-04"}-->',
        '{"@type": "Article", "headline": "Trailing comma",\n"datePublished": "2018-03-04"}{"a":1}',
        '{"@type": "Article", "headline": "Trailing comma", "datePublished": "2018-03-04" oops',
    ],
)
def test_malformed_jsonld_is_tolerated(broken: str) -> None:
    meta = meta_of(f'<script type="application/ld+json">{broken}</script>')
    assert meta.title == "Trailing comma"
    assert meta.date_published == "2018-03-04"


def test_garbage_jsonld_never_raises() -> None:
    meta = meta_of('<script type="application/ld+json">]]} not json at all {{</script>')
    assert meta.title is None
    assert parse_jsonld(["", "null", "42", '"str"', "[[]]"]).nodes == []


def test_raw_newline_inside_jsonld_string() -> None:
    meta = meta_of(
        '<script type="application/ld+json">{"@type":"Article","headline":"Two\nlines"}</script>'
    )
    assert meta.title == "Two lines"


# --- Open Graph, Twitter, meta name ---------------------------------------------------------


_OPEN_GRAPH_HEAD = (
    '<meta property="og:title" content="OG title">'
    '<meta property="og:site_name" content="OG Site">'
    '<meta property="og:type" content="article">'
    '<meta property="og:image" content="//cdn.example/a.jpg">'
    '<meta property="article:published_time" content="2021-06-07T01:02:03+0530">'
    '<meta property="article:modified_time" content="2021-06-08">'
    '<meta property="article:tag" content="One"><meta property="article:tag" content="Two">'
    '<meta property="article:section" content="World">'
    '<meta name="twitter:description" content="Tw desc">'
    '<meta property="og:locale" content="fr_FR">'
)


def test_open_graph_and_twitter() -> None:
    meta = meta_of(_OPEN_GRAPH_HEAD, url="https://site.example/a")
    assert meta.title == "OG title"
    assert meta.site_name == "OG Site"
    assert meta.image == "https://cdn.example/a.jpg"
    # The published meta tag is read and normalised; whether it is given is the date gate's
    # call (meta_model.json): a lone meta date, printed nowhere on a page whose URL names no
    # post, is what many shop and service pages carry. Saved without a URL, it is not gated.
    root = parse_html(f"<html><head>{_OPEN_GRAPH_HEAD}</head><body>{BODY}</body></html>")
    assert root is not None
    explained = explain_metadata(root, "https://site.example/a")
    assert ("meta article:published_time", "2021-06-07T01:02:03+05:30") in explained[
        "date_published"
    ].candidates
    assert meta_of(_OPEN_GRAPH_HEAD).date_published == "2021-06-07T01:02:03+05:30"
    assert meta.date_modified == "2021-06-08"
    assert meta.tags == ("One", "Two")
    assert meta.categories == ("World",)
    assert meta.description == "Tw desc"
    assert meta.language == "fr-FR"
    assert meta.page_types == ("article",)


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<meta name="author" content="By Jane Doe">', ("Jane Doe",)),
        ('<meta name="parsely-author" content="Sam Roe">', ("Sam Roe",)),
        ('<meta name="sailthru.author" content="Kim Park">', ("Kim Park",)),
        ('<meta name="dc.creator" content="Lou Reed">', ("Lou Reed",)),
        ('<meta name="citation_author" content="Curie, Marie">', ("Marie Curie",)),
        (
            '<meta name="twitter:label1" content="Written by">'
            '<meta name="twitter:data1" content="Ada Lovelace">',
            ("Ada Lovelace",),
        ),
        ('<meta property="article:author" content="https://facebook.com/someone">', ()),
    ],
)
def test_author_meta_tags(tag: str, expected: tuple[str, ...]) -> None:
    assert meta_of(tag).authors == expected


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ('<meta name="dc.date" content="2012-12-21">', "2012-12-21"),
        ('<meta name="citation_publication_date" content="2012/12/21">', "2012-12-21"),
        (
            '<meta name="parsely-pub-date" content="2012-12-21T10:00:00Z">',
            "2012-12-21T10:00:00+00:00",
        ),
        (
            '<meta name="sailthru.date" content="Fri, 21 Dec 2012 10:00:00 -0500">',
            "2012-12-21T10:00:00-05:00",
        ),
        ('<meta name="pubdate" content="20121221">', "2012-12-21"),
    ],
)
def test_date_meta_tags(tag: str, expected: str) -> None:
    assert meta_of(tag).date_published == expected


def test_keywords_are_the_last_resort_for_tags() -> None:
    assert meta_of('<meta name="keywords" content="a, b ,c">').tags == ("a", "b", "c")
    both = meta_of('<meta name="keywords" content="a"><meta property="article:tag" content="T">')
    assert both.tags == ("T",)


# --- precedence -----------------------------------------------------------------------------


def test_title_tag_and_jsonld_agreeing_beat_a_different_open_graph_title() -> None:
    # Which source wins a disagreement is learned (meta_model.json); two sources that agree
    # (the <title> once its site name is cut off, and the JSON-LD headline) beat a third.
    head = (
        "<title>Structured headline | Site</title>"
        '<meta property="og:title" content="Share this on social media">'
        '<meta property="og:site_name" content="Site">'
        '<meta property="article:published_time" content="2010-10-10">'
    )
    headline = {
        "@type": "Article",
        "headline": "Structured headline",
        "datePublished": "2010-10-10T08:00:00Z",
    }
    meta = meta_of(head + ld(headline))
    assert meta.title == "Structured headline"
    assert meta.date_published == "2010-10-10T08:00:00+00:00"


def test_meta_microdata_and_markup_are_all_author_candidates() -> None:
    """Which one wins when they disagree is the learned ranker's call (meta_model.json); each
    source alone is read, and a value that agrees with the others wins."""
    micro = (
        '<div itemscope itemtype="https://schema.org/Article">'
        '<span itemprop="author" itemscope><span itemprop="name">Micro Data</span></span>'
        '<time itemprop="datePublished" datetime="2015-05-05">May 5</time></div>'
    )
    assert meta_of(body=micro + BODY).authors == ("Micro Data",)
    assert meta_of(body=micro + BODY).date_published == "2015-05-05"
    assert meta_of('<meta name="author" content="Meta Tag">').authors == ("Meta Tag",)
    assert meta_of(body='<p class="byline">By Mark Up</p>' + BODY).authors == ("Mark Up",)
    body = micro + '<p class="byline">By Mark Up</p>' + BODY
    root = parse_html(f'<html><head><meta name="author" content="Meta Tag"></head><body>{body}')
    assert root is not None
    explained = explain_metadata(root, None)["authors"]
    sources = dict(explained.candidates)
    assert sources["meta author"] == "Meta Tag"
    assert sources["microdata author"] == "Micro Data"
    assert "Mark Up" in sources.values()
    assert explained.value in {("Meta Tag",), ("Micro Data",), ("Mark Up",)}


def test_microdata_itemtype_headline_and_meta_itemprop() -> None:
    body = (
        '<article itemscope itemtype="http://schema.org/BlogPosting">'
        '<h2 itemprop="headline">Micro headline</h2>'
        '<meta itemprop="datePublished" content="2016-02-29T12:00:00">'
        '<meta itemprop="image" content="/m.png">' + BODY + "</article>"
    )
    meta = meta_of(body=body, url="https://m.example/x/")
    assert meta.title == "Micro headline"
    assert meta.image == "https://m.example/m.png"
    # The itemprop date is read; whether it is given is the learned gate's call, and on this
    # bare page (no writer, no post-like URL) it is withheld. Saved without a URL, it is given.
    root = parse_html(f"<html><head></head><body>{body}</body></html>")
    assert root is not None
    explained = explain_metadata(root, "https://m.example/x/")
    assert "2016-02-29T12:00:00" in dict(explained["date_published"].candidates).values()
    assert meta_of(body=body).date_published == "2016-02-29T12:00:00"


# --- markup heuristics ----------------------------------------------------------------------


def test_time_element_published_and_updated() -> None:
    body = (
        '<time class="entry-date published" datetime="2014-07-09T07:00:23+00:00">July 9</time>'
        '<time class="updated" datetime="2019-10-15T08:12:44+00:00">Oct 15</time>' + BODY
    )
    meta = meta_of(body=body)
    assert meta.date_published == "2014-07-09T07:00:23+00:00"
    assert meta.date_modified == "2019-10-15T08:12:44+00:00"


def test_url_date_is_a_candidate() -> None:
    """A day in the URL is a candidate (alone, the learned gate may still find it too weak)."""
    root = parse_html(f"<html><body>{BODY}</body></html>")
    assert root is not None
    explained = explain_metadata(root, "https://b.example/2014/07/09/slug/")
    assert ("url", "2014-07-09") in explained["date_published"].candidates
    assert explained["date_published"].value in {None, "2014-07-09"}
    month_only = explain_metadata(root, "https://b.example/2014/07/slug/")
    assert month_only["date_published"].candidates == []


def test_rel_author_link_and_comment_authors_ignored() -> None:
    body = (
        '<div class="comment"><a rel="author" href="/u/troll">Troll Person</a></div>'
        '<span class="author vcard"><a class="fn" href="/a/jo" rel="author">Jo Martin</a></span>'
        + BODY
    )
    assert meta_of(body=body).authors == ("Jo Martin",)


def test_wordpress_terms_and_sidebar_terms_ignored() -> None:
    body = (
        BODY + '<footer class="entry-footer"><span class="cat-links">'
        '<a href="/c/news/" rel="category tag">News</a></span><span class="tags-links">'
        '<a href="/t/a/" rel="tag">alpha</a>, <a href="/t/b/" rel="tag">beta</a></span></footer>'
        '<aside class="widget widget_tag_cloud"><a href="/t/z/" rel="tag">zeta</a></aside>'
    )
    meta = meta_of(body=body)
    assert meta.categories == ("News",)
    assert meta.tags == ("alpha", "beta")


def test_many_excerpts_do_not_lend_their_metadata_to_the_page() -> None:
    post = (
        '<article><h2><a href="/p/{0}/">Post {0}</a></h2><span class="byline">By Ed Itor</span>'
        '<time class="entry-date published" datetime="2020-01-0{0}">Jan</time>'
        '<a rel="category tag" href="/c/">Cat</a></article>'
    )
    meta = meta_of(body="".join(post.format(i) for i in range(1, 6)))
    assert meta.authors == ()
    assert meta.date_published is None
    assert meta.categories == ()
    assert meta.shape.article_elements == 5
    assert meta.shape.heading_links == 5


def test_language_and_canonical() -> None:
    meta = meta_of(
        '<link rel="canonical" href="/canon/">', url="https://c.example/a/b?x=1", lang="pt_BR"
    )
    assert meta.language == "pt-BR"
    assert meta.canonical_url == "https://c.example/canon/"
    assert meta_of('<meta http-equiv="content-language" content="nl">').language == "nl"
    assert meta_of(lang="not a language!").language is None


def test_empty_page_gives_empty_metadata() -> None:
    meta = meta_of(body="")
    assert meta == Metadata(shape=meta.shape)


# --- titles ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("title", "site", "expected"),
    [
        ("Headline here | My Site", "My Site", "Headline here"),
        ("Headline here - My Site", "My Site", "Headline here"),
        ("Headline here — my site", "My Site", "Headline here"),
        ("My Site | Headline here", "My Site", "Headline here"),
        ("Why A - B testing fails - My Site", "My Site", "Why A - B testing fails"),
        ("Headline: with a colon", "My Site", "Headline: with a colon"),
        ("No site here - at all", None, "No site here - at all"),
    ],
)
def test_clean_title(title: str, site: str | None, expected: str) -> None:
    assert clean_title(title, site) == expected


def test_title_tag_cleaned_with_known_site_name() -> None:
    head = (
        "<title>Budget talks stall | The Courier</title>"
        '<meta property="og:site_name" content="The Courier">'
    )
    assert meta_of(head).title == "Budget talks stall"


def test_title_tag_cleaned_against_h1_when_site_unknown() -> None:
    meta = meta_of(
        "<title>Budget talks stall « Courier Blog</title>",
        body="<h1>Budget talks stall</h1>" + BODY,
    )
    assert meta.title == "Budget talks stall"
    assert meta.site_name == "Courier Blog"


# --- authors --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (["By Jane Doe and John Roe, Staff Writers"], ("Jane Doe", "John Roe")),
        (["By Jane Doe, Senior Political Correspondent"], ("Jane Doe",)),
        (["Jane Doe Staff Writer"], ("Jane Doe",)),
        (["By JANE DOE | jane@paper.example"], ("Jane Doe",)),
        (["Written by: Ann Lee (@annlee)"], ("Ann Lee",)),
        (["By Ann Lee on March 3, 2020"], ("Ann Lee",)),
        (["By Jim Connolly - Published July 9, 2014"], ("Jim Connolly",)),
        (["Ann Lee", "ann lee", "Bo Chen"], ("Ann Lee", "Bo Chen")),
        (["admin", "https://example.com/author/x", ""], ()),
        (["Ann Lee, Bo Chen and Cy Twombly"], ("Ann Lee", "Bo Chen", "Cy Twombly")),
        (["Needleman, Sarah"], ("Sarah Needleman",)),
        (["The Russian and Syrian defense ministries"], ()),
        (["Troy Smith, Cleveland.com"], ("Troy Smith",)),
    ],
)
def test_clean_authors(raw: list[str], expected: tuple[str, ...]) -> None:
    assert clean_authors(raw) == expected


# --- dates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2014-07-09", "2014-07-09"),
        ("2014-07-09T07:00:23Z", "2014-07-09T07:00:23+00:00"),
        ("2014-07-09T07:00:23.123+0100", "2014-07-09T07:00:23+01:00"),
        ("2014-07-09 07:00", "2014-07-09T07:00:00"),
        ("July 9, 2014", "2014-07-09"),
        ("9 July 2014", "2014-07-09"),
        ("9. Juli 2014", "2014-07-09"),
        ("Wed, 09 Jul 2014 07:00:23 GMT", "2014-07-09T07:00:23+00:00"),
        ("20140709", "2014-07-09"),
        ("2014/07/09", "2014-07-09"),
        ("Published on Jul 9th, 2014 at noon", "2014-07-09"),
        ("2014-02-30", None),
        ("1850-01-01", None),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_normalise_date(raw: str | None, expected: str | None) -> None:
    assert normalise_date(raw) == expected


def test_date_from_url() -> None:
    assert date_from_url("https://a.example/2021/1/5/x") == "2021-01-05"
    assert date_from_url("https://a.example/news/2021-03-04-x") == "2021-03-04"
    assert date_from_url("https://a.example/p/12345/") is None
    assert date_from_url("https://a.example/articles/2025-12-15+Rust+backend") == "2025-12-15"
    assert date_from_url("https://a.example/archives/2025/12/16") == "2025-12-16"
    assert date_from_url("https://a.example/2025/12/16?page=2") == "2025-12-16"
    assert date_from_url("https://a.example/2025/12/163/") is None  # a day is two digits
    assert date_from_url(None) is None


def test_last_updated_is_not_part_of_a_name() -> None:
    assert clean_authors(["Craig McCarthy Last updated on 17 December 2025"]) == ("Craig McCarthy",)


def test_declared_authors_drop_template_keys_and_keep_names_tidy() -> None:
    from scraper.extractor.authors import clean_declared_authors

    assert clean_declared_authors(["page.head.extra.author"]) == ()
    assert clean_declared_authors(["b.scherer"]) == ("b.scherer",)  # a user name stays
    # a nickname between first and last name is the name as printed (wcxb-dev's gold keeps it)
    assert clean_declared_authors(["Paramita (Guha) Ghosh"]) == ("Paramita (Guha) Ghosh",)


def test_an_email_in_brackets_leaves_no_bracket_behind() -> None:
    assert clean_authors(["Danny Hermes (dhermes@example.com)"]) == ("Danny Hermes",)
