"""Author names as printed (post-nominal letters), name lines by the headline, and what the
author page gate reads about who else on the page names a candidate's person."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors, clean_declared_authors
from scraper.extractor.authorscan import scan_name_lines
from scraper.extractor.metadata import trace_metadata


def page(body: str, head: str = ""):
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


def name_lines(body: str, scope: str = ".//main"):
    """``scan_name_lines`` after the page's <h1>, within its ``scope`` element."""
    root = page(body)
    return scan_name_lines(root.find(".//h1"), root.find(scope), None)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("By Angela Holliday-Bell, MD*", ("Angela Holliday-Bell, MD",)),
        ("Genevieve Carlton, Ph.D.", ("Genevieve Carlton, Ph.D.",)),
        ("Dylan Bailey, MS, RD, FAND", ("Dylan Bailey, MS, RD, FAND",)),
        ("Michael Greger, M.D. FACLM", ("Michael Greger, M.D. FACLM",)),
        ("Ann Lee, MD and Bo Chen, PhD", ("Ann Lee, MD", "Bo Chen, PhD")),
        ("Ann Lee, Bo Chen", ("Ann Lee", "Bo Chen")),  # a second name is no credential
    ],
)
def test_post_nominal_letters_stay_with_their_name(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected
    assert clean_declared_authors([raw]) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Paul Frew, Home and Digital Security Expert", ("Paul Frew",)),
        ("Nicole Forbes, Master Horticulturalist & Garden Educator", ("Nicole Forbes",)),
        ("Ann Lee, Bo Chen, Senior Editors", ("Ann Lee", "Bo Chen")),
        ("Ann Lee, Bo Chen and Cy Twombly", ("Ann Lee", "Bo Chen", "Cy Twombly")),
    ],
)
def test_a_job_title_after_a_name_is_not_more_people(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected
    assert clean_declared_authors([raw]) == expected


def test_a_dot_operator_ends_a_name_like_a_middle_dot() -> None:
    assert clean_authors(["Chris McNamara \u22c5"]) == ("Chris McNamara",)
    assert clean_authors(["By Jo Roe \u22c5 March 3, 2024"]) == ("Jo Roe",)


def test_a_name_after_an_icon_and_the_first_part_of_a_byline_line_are_name_lines() -> None:
    body = (
        "<main><h1>Why tomatoes split</h1><ul class='entry-meta'>"
        "<li><i class='icon-person'></i> Bence Kovacs </li><li>May 2, 2025</li></ul>"
        "<p>Aaron Ricadela | Senior Writer | July 2, 2025</p><h2>Watering</h2></main>"
    )
    lines = name_lines(body)
    assert [line.names for line in lines] == [("Bence Kovacs",), ("Aaron Ricadela",)]


def test_the_gate_sees_whether_a_declared_name_is_also_shown_on_the_page() -> None:
    head = (
        '<script type="application/ld+json">{"@type": "BlogPosting", "headline": "T",'
        ' "author": {"@type": "Person", "name": "Ann Lee"}}</script>'
        '<meta name="author" content="Bo Chen">'
    )
    shown = page("<article><h1>T</h1><p class='byline'>By Ann Lee</p><p>x</p></article>", head)
    _, trace = trace_metadata(shown, "https://example.org/blog/t")
    features = {names: f for names, f in trace.features["authors"]}
    assert features[("Ann Lee",)]["agree:shown"] > 0  # the byline prints the declared name
    assert features[("Ann Lee",)]["agree:in_post"] == 1.0
    assert features[("Ann Lee",)]["shown_any"] == 1.0
    assert features[("Bo Chen",)]["agree:shown"] == 0.0  # only a meta tag names him
    assert features[("Bo Chen",)]["shown_any"] == 0.0
    assert features[("Bo Chen",)]["shown_people"] == features[("Ann Lee",)]["shown_people"]


def test_the_gate_sees_a_name_made_of_words_the_page_writes_in_lower_case() -> None:
    body = (
        "<article><h1>Sensors for every door</h1><p class='byline'>By Window Sensors</p>"
        "<p>Fit window sensors to each frame, then test them.</p>"
        "<div class='author-box'><span class='author-name'>Isaiah Shelton</span></div></article>"
    )
    _, trace = trace_metadata(page(body), "https://example.org/blog/sensors")
    features = {names: f for names, f in trace.features["authors"]}
    assert features[("Window Sensors",)]["name:common"] == 1.0
    assert features[("Isaiah Shelton",)]["name:common"] == 0.0


def test_the_lower_case_test_reads_the_plain_tree_extract_parses() -> None:
    from scraper.extractor.parse import parse_tree

    html = (
        "<html><body><article><h1>Sensors</h1><p class='byline'>By Window Sensors</p>"
        "<p>Fit window sensors to each frame.</p></article></body></html>"
    )
    root = parse_tree(html)  # extract()'s tree: no lxml.html methods
    assert root is not None
    _, trace = trace_metadata(root, "https://example.org/blog/sensors")
    (_, features), *_ = trace.features["authors"]
    assert features["name:common"] == 1.0


def test_a_dated_line_printed_loose_after_the_headline_names_its_writers() -> None:
    # the line is in no element of its own: text after the headline, between handle links
    body = (
        "<main><article><h1><a href='/p'>Flink 1.20 released</a></h1>\n August 2, 2024 -\n"
        "  Weijie Guo <a href='https://x.example/wg'>(@WeijieGuo12)</a>\n  Rui Fan\n"
        "  <a href='https://x.example/rf'>(@1996fanrui)</a>\n<p>The community is pleased.</p>"
        "</article></main>"
    )
    lines = name_lines(body)
    assert lines[0].names == ("Weijie Guo", "Rui Fan")
    assert lines[0].features["near:dated"] == 1.0


def test_loose_text_after_the_headline_without_a_date_is_no_name_line() -> None:
    # a subtitle printed loose is not a byline: only a dated line is read
    body = "<main><h1>Policy lessons</h1> Notes Taken Apart <p>Body text here.</p></main>"
    lines = name_lines(body)
    assert all(line.names != ("Notes Taken Apart",) for line in lines)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("March 11, 2022 - Konstantin Knauf", ("Konstantin Knauf",)),
        ("May 2, 2025 – Jo Roe and Bo Chen", ("Jo Roe", "Bo Chen")),
        ("Jo Roe (@jroe) Bo Chen (@bchen)", ("Jo Roe", "Bo Chen")),
        ("Jo Roe - May 2, 2025", ("Jo Roe",)),  # a date after the name, as before
        # a nickname between first and last name is no handle, and is the name as printed
        ("Tzu-Li (Gordon) Tai", ("Tzu-Li (Gordon) Tai",)),
    ],
)
def test_a_byline_line_opening_with_its_date_or_naming_handles_in_brackets(
    raw: str, expected: tuple[str, ...]
) -> None:
    assert clean_authors([raw]) == expected


def test_a_byline_element_naming_co_writers_gives_them_all() -> None:
    # Docsy's byline: each writer in bold with the company after it; the ranker judges a
    # candidate by its first name, so the first writer alone used to win
    from scraper import extract

    sentences = " ".join(f"Sentence {i} tells how the team moved to gRPC." for i in range(12))
    html = (
        "<html><head><title>gRPC at VSCO | gRPC</title>"
        '<meta property="og:type" content="article"></head><body><main><div class="td-content">'
        '<h1>gRPC at VSCO</h1><div class="td-byline">By <b>Robert Sayre</b> (VSCO), '
        '<b>Melinda Lu</b> (VSCO) | <time datetime="2016-09-06">Tuesday, September 06, 2016'
        f"</time></div><p>{sentences}</p><p>{sentences}</p></div></main></body></html>"
    )
    article = extract(html, "https://grpc.example/blog/vsco/")
    assert article.authors == ("Robert Sayre", "Melinda Lu")


def test_a_line_naming_several_writers_gives_each_of_them() -> None:
    # a bare line after an icon, its names joined by commas and "and": too many words for one
    body = (
        "<main><h1>Post-processing preview</h1><span>2024/10/16</span>"
        "<p><i class='fas fa-user'></i>&nbsp;Simon Couch, Hannah Frick, and Max Kuhn</p>"
        "<p>We are excited to share a preview of post-processing.</p></main>"
    )
    lines = name_lines(body)
    assert lines[0].names == ("Simon Couch", "Hannah Frick", "Max Kuhn")


@pytest.mark.parametrize(
    "line",
    [
        "Simon Couch and the team behind our packages",  # a phrase, not names
        "Updates, fixes and more",
        "Simon Couch, Hannah Frick, Max Kuhn, Ann Lee, Bo Chen",  # more than four
    ],
)
def test_a_long_line_that_is_not_only_names_is_no_name_line(line: str) -> None:
    body = f"<main><h1>Post-processing preview</h1><p>{line}</p><p>Body text.</p></main>"
    lines = name_lines(body)
    assert all(len(found.names) < 2 for found in lines)


def test_a_picture_credit_names_no_writer() -> None:
    body = (
        "<main><h1>S7 0.2.0</h1><div class='photoCredit'>Photo by "
        "<a href='https://github.com/jo'>Tomasz Kalinowski</a></div>"
        "<p><i class='icon-user'></i> Hadley Wickham</p><p>We are excited.</p></main>"
    )
    lines = name_lines(body)
    assert [found.names for found in lines] == [("Hadley Wickham",)]


def test_a_headline_printed_in_no_heading_still_anchors_the_byline() -> None:
    # a Bulma hero: the headline is a <p class="title">, the byline and date under it
    head = "<title>Building a healthcare demo | NATS blog</title>"
    body = (
        "<nav><a href='/blog/'>Blog</a></nav><section class='hero'>"
        "<p class='title'>Building a healthcare demo</p>"
        "<p class='subtitle'><strong>David Gee</strong> &mdash; June 26, 2023</p></section>"
        "<section><p>We built a demo of a data-driven healthcare system on NATS.</p></section>"
    )
    _, trace = trace_metadata(page(body, head), "https://nats.example/blog/cybervet/")
    assert ("scan name line", "David Gee") in trace.candidates["authors"]
    assert ("date line", "2023-06-26") in trace.candidates["date_published"]


def test_a_dated_meta_heading_under_the_headline_is_read_for_its_writer() -> None:
    # the template sets its meta line in an <h3>, where the walk after the headline stops
    body = (
        "<div class='content'><h1 class='post-title'>A New Home For Our Community</h1>"
        "<h3 class='post-meta'><span><i class='far fa-calendar'></i> 19 June 2021</span>"
        "<span><i class='fa fa-user-circle'></i> Dominik Picheta</span></h3>"
        "<p>The channel has been a home to our community for the better part of a decade.</p>"
        "<h3>What changes</h3><p>Everything moves to the new server.</p></div>"
    )
    lines = name_lines(body, ".//div")
    assert lines[0].names == ("Dominik Picheta",)
    assert lines[0].features["near:dated"] == 1.0


def test_an_undated_heading_under_the_headline_opens_the_body() -> None:
    body = "<div><h1>Release notes</h1><h3>Ada Lovelace</h3><p>A section on her work.</p></div>"
    lines = name_lines(body, ".//div")
    assert all(found.names != ("Ada Lovelace",) for found in lines)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("June 06, 2024 by Kate Stanley", ("Kate Stanley",)),
        ("March 20, 2025 By Federico Valeri", ("Federico Valeri",)),
        ("2024 report by the board", ()),  # no name after the "by"
        ("19 June 2021 Dominik Picheta", ("Dominik Picheta",)),  # nothing between them
        ("June 19, 2021 Jo Roe", ("Jo Roe",)),
        ("Julia 1 2021 update", ()),  # no month: no date
    ],
)
def test_a_date_then_by_gives_the_writer_after_it(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected
