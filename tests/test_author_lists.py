"""Author candidates round nine: co-authors printed as separate elements, a byline's label
read with what follows it, date-first byline lines, and who a writer writes for."""

from __future__ import annotations

import pytest

from scraper.extractor import parse_html
from scraper.extractor.authors import clean_authors, clean_declared_authors
from scraper.extractor.authorscan import scan_authors
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.pagemarks import walk_marks


def page(body: str, head: str = ""):
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Dec. 19, 2025 · Niko Roe on behalf of the Docs group", ("Niko Roe",)),
        ("By Jane Doe • March 2, 2024", ("Jane Doe",)),
        ("Jane Doe · 5 min read", ("Jane Doe",)),
        ("Article by Matias Heikkilä", ("Matias Heikkilä",)),
        ("Authored by: Jo Roe", ("Jo Roe",)),
        ("Jo Roe for the Guardian", ("Jo Roe",)),
        ("Jane Doe and John Roe", ("Jane Doe", "John Roe")),
    ],
)
def test_byline_lines_give_the_names_only(raw: str, expected: tuple[str, ...]) -> None:
    assert clean_authors([raw]) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Di Fox", ("Di Fox",)),
        ("By Di Fox", ("Di Fox",)),
        ("Di Fox and Bo Chen", ("Di Fox", "Bo Chen")),
        ("Von Miller", ("Von Miller",)),
        ("From Jane Doe", ("Jane Doe",)),
        ("di Mario Rossi", ("Mario Rossi",)),
        ("Di Mario Rossi", ("Mario Rossi",)),
        ("Von: Hans Meier", ("Hans Meier",)),
        ("door Jan de Vries", ("Jan de Vries",)),
    ],
)
def test_a_prefix_word_that_is_a_first_name_stays_when_no_full_name_follows(
    raw: str, expected: tuple[str, ...]
) -> None:
    assert clean_authors([raw]) == expected
    assert clean_declared_authors([raw]) == expected


def test_a_first_name_like_a_prefix_survives_the_byline_scan() -> None:
    for byline in ('<span class="author">Di Fox</span>', '<p class="byline">By Di Fox</p>'):
        root = page(f"<article><h1>Title</h1>{byline}<p>Text of the post.</p></article>")
        scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
        names = {name for found in scanned for name in found.names}
        assert "Di Fox" in names
        assert "Fox" not in names


def test_co_authors_in_separate_links_are_also_one_candidate_in_page_order() -> None:
    root = page(
        "<article><h1>Best laptops</h1><div class='byline'><strong>Written by</strong><br>"
        "<strong><a href='/authors/ann-lee'>Ann Lee</a></strong>, 4 years on hardware<br>"
        "<strong><a href='/authors/bo-chen'>Bo Chen</a></strong>, editor</div>"
        "<p>Text of the post.</p></article>"
    )
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    joined = [item for item in scanned if item.features.get("scan:joined")]
    assert [item.names for item in joined] == [("Ann Lee", "Bo Chen")]
    singles = {item.names for item in scanned if not item.features.get("scan:joined")}
    assert {("Ann Lee",), ("Bo Chen",)} <= singles  # each one stays a candidate too


def test_author_links_far_apart_are_not_joined() -> None:
    root = page(
        "<article><h1>Post</h1><div><p>By <a href='/author/ann-lee'>Ann Lee</a></p></div>"
        "<div><div><div><p>Text</p></div></div></div><section><div><div><p>More from "
        "<a href='/author/bo-chen'>Bo Chen</a></p></div></div></section></article>"
    )
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert not [item for item in scanned if item.features.get("scan:joined")]


def test_a_byline_label_alone_is_read_with_the_element_after_it() -> None:
    root = page(
        "<main><h1>Proofs as types</h1><p>Body text of the post.</p>"
        "<section><h2>Article by</h2><div>Matias Heikkilä</div></section></main>"
    )
    scanned = scan_authors(walk_marks(root), None, None)
    assert ("Matias Heikkilä",) in [item.names for item in scanned if item.kind == "by text"]


def test_a_role_after_a_linked_name_keeps_its_comma_as_printed() -> None:
    root = page(
        "<article><h1>Post</h1><div class='author-name'><a href='/x'>Paul Frew</a>"
        ", Home Security Expert</div><p>Text</p></article>"
    )
    names = [item.names for item in scan_authors(walk_marks(root), None, None)]
    assert ("Paul Frew",) in names
    assert ("Paul Frew, Home Security Expert",) in names


def test_every_repeated_author_meta_tag_is_read() -> None:
    people = ["Ann Lee", "Bo Chen", "Cy Twombly", "Dee Fox"]
    head = "".join(f"<meta name='citation_authors' content='{name}'>" for name in people)
    _, trace = trace_metadata(page("<p>Text</p>", head), None)
    assert tuple(people) in [value for value, _ in trace.features["authors"]]


def test_a_label_heading_reads_the_list_after_it_one_name_a_item() -> None:
    root = page(
        "<main><h1>Policy lessons</h1><div class='meta'><h6>Author(s)</h6><ul>"
        "<li><a href='/lib?a=1'>John A. Alic</a></li><li><a href='/lib?a=2'>David C. Mowery</a>"
        "</li></ul></div><p>Body text.</p></main>"
    )
    scanned = scan_authors(walk_marks(root), None, None)
    assert ("John A. Alic", "David C. Mowery") in [item.names for item in scanned]


def test_a_label_whose_paragraph_the_parser_closes_reads_the_list_after_the_paragraph() -> None:
    # "<p><strong>Authors:</strong><ul>…": a paragraph cannot hold a list, so the parser
    # closes it before the <ul>, which then follows the paragraph, not the label; each item's
    # affiliation in brackets is no part of the name (and would push the line past a name's
    # length)
    root = page(
        "<article><header><h1>Drill 0.8 Released</h1><p class='post-meta'>"
        "<strong>Authors:</strong><ul>"
        "<li>Tomer Shiran (Founder, PMC Member and Committer, Apache Drill)</li>"
        "<li>Jacques Nadeau (PMC Chair and Committer, Apache Drill)</li></ul>"
        "<strong>Date:</strong> Mar 31, 2015</p></header><p>Body text.</p></article>"
    )
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert ("Tomer Shiran", "Jacques Nadeau") in [item.names for item in scanned]


def test_a_list_of_long_items_after_a_label_names_no_one() -> None:
    root = page(
        "<main><h1>Release notes</h1><p><strong>Authors:</strong></p><ul>"
        "<li>Thanks to everyone who reported bugs and sent patches during this long cycle</li>"
        "<li>Ann Lee</li></ul><p>Body text.</p></main>"
    )
    scanned = scan_authors(walk_marks(root), None, None)
    assert not any("Ann Lee" in item.names for item in scanned)


def test_article_written_by_label_and_a_name_with_its_letters() -> None:
    root = page(
        "<main><h1>Weight-loss medicines</h1><p>Body text.</p><h2>Article written by:</h2>"
        "<div><img alt='Headshot'><h3>Doris Munoz, MD, FOMA</h3></div></main>"
    )
    scanned = scan_authors(walk_marks(root), None, None)
    assert ("Doris Munoz, MD, FOMA",) in [item.names for item in scanned]


def test_a_by_label_in_its_own_element_keeps_the_role_as_printed_too() -> None:
    root = page(
        "<main><h1>Consulting careers</h1><p><span>By </span><a href='/in/mg'><strong>"
        "Mayank Gupta, CEO of CaseBasix</strong></a></p><p>Body text.</p></main>"
    )
    names = [item.names for item in scan_authors(walk_marks(root), None, None)]
    assert ("Mayank Gupta",) in names
    assert ("Mayank Gupta, CEO of CaseBasix",) in names


def test_a_byline_naming_the_site_is_a_candidate_the_ranker_weighs() -> None:
    head = "<meta property='og:site_name' content='ASU Online'>"
    root = page(
        "<main><h1>Study tips</h1><div class='byline'>By ASU Online</div>"
        "<p>Body text of the post, long enough to read as a post.</p></main>",
        head,
    )
    _, trace = trace_metadata(root, "https://example.org/blog/study-tips")
    found = trace.features["authors"]
    sources = {
        source
        for value, features in found
        if value == ("ASU Online",) and features["is_site"]
        for source in features
        if source.startswith("src:") and not features.get("scan:raw_only")
    }
    assert {"src:scan class", "src:scan name line"} <= sources  # a name, not a raw text


def test_a_profile_cards_name_line_is_read_without_the_role_under_it() -> None:
    # MkDocs Material's blog: the name, a line break, the writer's role
    root = page(
        "<article><h1>2023Q4 Roadmap</h1><p>Body text.</p></article><nav class='md-nav'>"
        "<div class='md-post__authors md-typeset'><div class='md-profile md-post__profile'>"
        "<span class='md-author md-author--long'><img alt='Russell Keith-Magee'></span>"
        "<span class='md-profile__description'><strong><a href='/about/team/#rkm'>"
        "Russell Keith-Magee</a></strong><br>Founding Apiarist</span></div></div></nav>"
    )
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    names = [item.names for item in scanned]
    assert ("Russell Keith-Magee",) in names
    assert ("Russell Keith-Magee Founding Apiarist",) not in names  # main: joined


def test_a_label_on_its_own_line_still_reads_the_name_under_it() -> None:
    root = page("<article><h1>T</h1><p class='author'>Written by<br>Jane Doe</p><p>x</p></article>")
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert ("Jane Doe",) in [item.names for item in scanned]
