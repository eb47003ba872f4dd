"""Writer evidence outside the visible byline: profile URLs, a head's rel=author link, a
script's data layer, a thread's first microdata author, and declared account names."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authordata import (
    MAX_SCRIPTS,
    name_key,
    profile_handle,
    profile_keys,
    script_authors,
)
from scraper.extractor.authors import clean_declared_authors
from scraper.extractor.metadata import trace_metadata


def page(body: str, head: str = ""):
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


def candidates(root, url: str = "https://example.org/blog/a-post") -> dict:
    _, trace = trace_metadata(root, url)
    found: dict = {}
    for names, features in trace.features["authors"]:
        source = next(key[4:] for key in features if key.startswith("src:"))
        found.setdefault(source, (names, features))
    return found


@pytest.mark.parametrize(
    ("href", "expected"),
    [
        ("https://forum.example.org/user/jdoe42", "jdoe42"),
        ("/members/jdoe.1234/", "jdoe"),
        ("/author/jane-doe/", "jane-doe"),
        ("/u/Sky_Walker?tab=posts", "Sky_Walker"),
        ("/user/12345", None),  # a numeric id names nobody
        ("/blog/a-post", None),
        ("/author/jane-doe/page/2", None),  # a list of her posts, not her profile's own path
    ],
)
def test_a_profile_url_ends_in_its_account_name(href: str, expected: str | None) -> None:
    assert profile_handle(href) == expected


def test_profile_keys_meet_names_however_they_are_written() -> None:
    keys = profile_keys(["/author/jane-doe", "/tag/news", "/user/jdoe_42"])
    assert name_key("Jane Doe") in keys
    assert name_key("jdoe42") in keys
    assert name_key("News") not in keys


def test_script_data_islands_give_the_author_they_declare() -> None:
    root = page(
        "<h1>T</h1><p>x</p>"
        '<script id="__NEXT_DATA__" type="application/json">'
        '{"props": {"post": {"title": "T", "author": {"id": 7, "name": "Jane D\\u00f6e"}}}}'
        "</script>"
        '<script>var dataLayer_content = {"pagePostAuthor":"Krystyna"};</script>'
    )
    assert script_authors(root) == ["Jane Döe", "Krystyna"]


def test_script_data_skips_json_ld_external_and_template_scripts() -> None:
    root = page(
        '<script type="application/ld+json">{"author": {"name": "Ann Lee"}}</script>'
        '<script src="/app.js">{"author": "Bo Chen"}</script>'
        '<script type="text/template">{"author": "Cy Dee"}</script>'
        '<script>var x = {"author": 12};</script>'
    )
    assert script_authors(root) == []


def test_script_data_reads_a_bounded_number_of_scripts() -> None:
    filler = "<script>var a = 1;</script>" * MAX_SCRIPTS
    root = page(filler + '<script>var d = {"author": "Late Name"};</script>')
    assert script_authors(root) == []


def test_a_script_author_is_a_candidate_of_its_own_kind() -> None:
    root = page(
        "<article><h1>How to fit a door</h1><p>Measure the frame first.</p></article>"
        '<script type="application/json">{"post": {"author": {"name": "Jane Doe"}}}</script>'
    )
    found = candidates(root)
    assert found["script author"][0] == ("Jane Doe",)


def test_a_head_rel_author_link_names_the_account_and_the_name_matches_a_profile() -> None:
    head = '<link rel="author" href="https://forum.example.org/user/julian">'
    root = page("<h1>RC1 is out</h1><p>Try it and tell us.</p>", head)
    found = candidates(root, "https://forum.example.org/topic/18427/rc1")
    names, features = found["link rel=author"]
    assert names == ("julian",)
    assert features["name:profile"] == 1.0


def test_a_name_linked_to_its_profile_is_marked_and_a_heading_is_not() -> None:
    body = (
        "<article><h1>Sensors for every door</h1>"
        '<p>By <a href="/author/isaiah-shelton/">Isaiah Shelton</a></p>'
        "<p class='byline'>By Window Sensors</p><p>Fit them to each frame.</p></article>"
    )
    _, trace = trace_metadata(page(body), "https://example.org/blog/sensors")
    features = {names: f for names, f in trace.features["authors"]}
    assert features[("Isaiah Shelton",)]["name:profile"] == 1.0
    assert features[("Window Sensors",)]["name:profile"] == 0.0


def test_a_thread_of_many_posts_offers_its_first_microdata_author() -> None:
    posts = "".join(
        f'<article itemscope itemtype="https://schema.org/Comment"><p>reply {n}</p></article>'
        for n in range(4)
    )
    body = (
        '<div itemscope itemtype="https://schema.org/DiscussionForumPosting">'
        '<div itemprop="author" itemscope itemtype="https://schema.org/Person">'
        '<meta itemprop="name" content="luizjr4"></div>'
        f"<h2>Upgrade failed</h2>{posts}</div>"
    )
    found = candidates(page(body), "https://forum.example.org/topic/1/upgrade-failed")
    assert found["microdata first author"][0] == ("luizjr4",)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sara.r.peter", ("sara.r.peter",)),  # an account name with dots
        ("Dr. Andrew Huberman", ("Dr. Andrew Huberman",)),  # an abbreviation ends no sentence
        ("J. R. R. Tolkien", ("J. R. R. Tolkien",)),
        ("Jane Doe. Read more now", ()),  # a sentence does
        ("page.head.extra.author", ()),  # a template's key left unfilled
        ("{{ post.author.name }}", ()),
        ("{{author}}", ()),
    ],
)
def test_declared_account_names_with_dots_are_kept_and_template_keys_dropped(
    raw: str, expected: tuple[str, ...]
) -> None:
    assert clean_declared_authors([raw]) == expected


def test_a_camel_case_author_class_marks_the_writer() -> None:
    body = "<main><h1>Ten agencies</h1><p class='authorName'>Dana Whitfield</p><p>x y z</p></main>"
    found = candidates(page(body))
    assert found["scan class"][0] == ("Dana Whitfield",)


def test_a_byline_inside_a_share_row_is_read_and_marked() -> None:
    body = (
        "<main><h1>Five solutions</h1><div class='LongForm_socialContainer__0RG'>"
        "<div class='Author_wrapper__Tp'><p class='Author_author__4ce'>Nick van Mead</p></div>"
        "<a href='https://share.example.net/?u=1'>Share</a></div><p>The last decade.</p></main>"
    )
    names, features = candidates(page(body))["scan class"]
    assert names == ("Nick van Mead",)
    assert features["scan:in_social"] == 1.0


def test_an_author_element_with_a_date_first_gives_the_name_piece() -> None:
    body = (
        "<main><h1>Pest control</h1><div class='post-author'><span>May 2, 2025</span>"
        "<span>Jane Doe</span></div><p>Start with the soil.</p></main>"
    )
    assert candidates(page(body))["scan class"][0] == ("Jane Doe",)


def test_a_declared_name_learns_that_a_visible_byline_names_someone_else() -> None:
    head = '<meta name="author" content="One Tree Planted">'
    body = (
        "<article><h1>Why plant trees</h1><p class='byline'>By Meaghan Weeden</p>"
        "<p>Trees clean the air.</p></article>"
    )
    _, trace = trace_metadata(page(body, head), "https://example.org/blog/why-trees")
    features = {names: f for names, f in trace.features["authors"]}
    assert features[("One Tree Planted",)]["rival:bylined"] == 1.0
    assert features[("Meaghan Weeden",)]["rival:bylined"] == 0.0
    assert features[("Meaghan Weeden",)]["rival:declared"] == 1.0


def test_script_data_never_gives_a_name_a_file_cannot_hold() -> None:
    root = page('<script>var d = {"author": "Jo \\ud83d Roe"};</script>')
    assert script_authors(root) == []  # a lone surrogate: no UTF-8 export could write it
