"""Page-wide author and date candidates (pagemarks, authorscan, datescan) and tree rankers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scraper.extractor import meta_model, parse_html
from scraper.extractor.authorscan import scan_authors
from scraper.extractor.datelines import find_date_lines
from scraper.extractor.datescan import find_visible_dates
from scraper.extractor.meta_model import FieldModel
from scraper.extractor.metadata import explain_metadata
from scraper.extractor.pagemarks import walk_marks

POST = (
    "<header><a href='/'>Site</a></header>"
    "<article><h1>How to grow tomatoes</h1>"
    "<div class='post-meta'><span class='date'>March 3, 2024</span></div>"
    "<p>" + "Words of the post body. " * 30 + "</p>"
    "<div class='author-box'><h4 class='author-box__name'>Jane Doe</h4>"
    "<p>Jane writes about gardens.</p></div>"
    "</article>"
    "<section class='comments'><div class='comment'><span class='comment-author'>Bob Roe</span>"
    "<span class='comment-date'>April 9, 2024</span></div></section>"
    "<footer><p>© 2025 Site. All rights reserved.</p><p>Updated 2025-01-01</p></footer>"
)


def page(body: str, head: str = ""):
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return root


def test_walk_marks_finds_author_marks_and_year_texts() -> None:
    body = (
        "<p class='byline'>By Ann Lee</p><a rel='author' href='/x'>Bo Chen</a>"
        "<a href='/author/cy-dee/'>Cy Dee</a><p>Written by Di Eck</p><p>Plain text</p>"
        "<span>June 1, 2023</span>"
    )
    marks = walk_marks(page(body))
    kinds = [kind for _, kind in marks.authors]
    assert kinds == ["class", "rel", "profile link", "by text"]
    assert [text for text, _, _ in marks.dated] == ["June 1, 2023"]


def test_scan_authors_reports_where_each_name_sits() -> None:
    root = page(POST)
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    by_name = {item.names: item.features for item in scanned}
    assert by_name[("Jane Doe",)]["scan:in_bio"] == 1.0
    assert by_name[("Jane Doe",)]["scan:in_post"] == 1.0
    assert ("Bob Roe",) not in by_name  # a commenter is never a candidate


def test_scan_authors_keeps_the_raw_byline_beside_the_cleaned_name() -> None:
    root = page("<article><h1>T</h1><p class='author'>Holly Wilgus, E-RYT 200</p></article>")
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert [item.names for item in scanned] == [("Holly Wilgus",), ("Holly Wilgus, E-RYT 200",)]
    assert scanned[1].features["scan:raw"] == 1.0


def test_visible_dates_skip_comments_footers_and_copyright_lines() -> None:
    root = page(POST)
    dates = find_visible_dates(walk_marks(root), root.find(".//article"))
    assert [(line.day, line.hinted, line.in_post) for line in dates] == [("2024-03-03", True, True)]


def test_visible_date_labels_say_updated() -> None:
    root = page("<main><h1>T</h1><p class='meta'>Last updated: 4 May 2022</p></main>")
    (line,) = find_visible_dates(walk_marks(root), None)
    assert line.day == "2022-05-04"
    assert line.updated and line.hinted and line.in_post


def test_a_date_after_an_icon_is_read() -> None:
    """An <svg> icon's own text is no reader's, but the date printed after it is."""
    root = page(
        "<main><h1>T</h1><div class='meta'><svg><use href='#cal'/></svg> Dec 12, 2025</div></main>"
    )
    (line,) = find_visible_dates(walk_marks(root), None)
    assert line.day == "2025-12-12"


def test_a_date_in_a_side_column_is_a_candidate_marked_aside() -> None:
    root = page("<main><h1>T</h1><aside><p class='date'>May 25, 2023</p></aside><p>Text</p></main>")
    (line,) = find_visible_dates(walk_marks(root), None)
    assert (line.day, line.aside) == ("2023-05-25", True)


@pytest.mark.parametrize(
    "meta",
    [
        "<div>Updated<!-- --> <time datetime='2026-02-12T12:00:00'>February 12, 2026</time></div>",
        "<div class='entry-date'> Last updated on <a href='/p'>February 12, 2026</a></div>",
        "<time datetime='2026-02-12'><span>Last Updated: </span>February 12, 2026</time>",
    ],
)
def test_a_date_is_an_update_when_the_words_before_it_say_so(meta: str) -> None:
    root = page(f"<article><h1>T</h1>{meta}<p>Text</p></article>")
    lines = find_date_lines(root.find(".//article"), root.find(".//h1"))
    assert lines and all(line.date == "2026-02-12" and line.updated for line in lines)
    (shown,) = find_visible_dates(walk_marks(root), None)
    assert shown.updated


def test_a_date_after_posted_on_is_no_update() -> None:
    root = page("<article><h1>T</h1><p class='meta'>Posted on <b>May 3, 2024</b></p></article>")
    (line,) = find_date_lines(root.find(".//article"), root.find(".//h1"))
    assert (line.date, line.updated) == ("2024-05-03", False)


def test_new_sources_are_candidates_with_provenance() -> None:
    head = (
        '<meta name="ms.date" content="2024-03-02">'
        '<meta name="cXenseParse:author" content="Jo Park">'
    )
    explained = explain_metadata(page(POST, head), "https://example.org/garden/tomatoes")
    date_sources = [source for source, _ in explained["date_published"].candidates]
    assert "meta other ms.date" in date_sources
    assert "visible date" in date_sources
    author_sources = dict(explained["authors"].candidates)
    assert author_sources["meta other author"] == "Jo Park"
    assert any(source.startswith("scan ") for source in author_sources)


def test_tree_model_walks_nodes_and_loads_from_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = [["x", 0.5, 1, 2, 0.0], [None, 0.0, 0, 0, -2.0], [None, 0.0, 0, 0, 3.0]]
    spec = {"fields": {"authors": {"bias": 0.5, "threshold": 0.4, "trees": [tree]}}}
    path = tmp_path / "meta_model.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    monkeypatch.setattr(meta_model, "MODEL_PATH", path)
    meta_model.load_models.cache_clear()
    try:
        model = meta_model.field_model("authors")
        assert isinstance(model, FieldModel)
        assert model.score({}) == pytest.approx(-1.5)  # absent features count as 0
        assert model.score({"x": 1.0}) == pytest.approx(3.5)
        assert model.threshold == 0.4
    finally:
        meta_model.load_models.cache_clear()


def test_compiled_trees_score_exactly_as_the_walk() -> None:
    """The generated nested-``if`` scorer must add the same leaves in the same order."""
    trees = (
        (
            ("a", 0.5, 1, 2, 0.0),
            (None, 0.0, 0, 0, -0.1),
            ("b", -1.25, 3, 4, 0.0),
            (None, 0.0, 0, 0, 0.3),
            (None, 0.0, 0, 0, 1e-17),
        ),
        (("b", 2.0, 1, 2, 0.0), (None, 0.0, 0, 0, 0.7), (None, 0.0, 0, 0, -2.5)),
    )
    model = FieldModel(weights={}, bias=0.1, trees=trees)
    for features in ({}, {"a": 0.5}, {"a": 0.51, "b": -1.25}, {"a": 9.0, "b": 3.0}, {"b": 2.0}):
        assert model.score(features) == model._walk_trees(features)
    assert model.score({"a": 1.0, "b": 0.0}) == 0.1 + 1e-17 + 0.7


def test_profile_prefilter_passes_every_profile_link() -> None:
    """Case folding lets the regex match non-ASCII letters (ſ, ı, İ, K); the prefilter must
    still pass every link the regex would call a profile."""
    from scraper.extractor.pagemarks import _PROFILE_HREF_RE, _may_be_profile

    hrefs = [
        "/author/jane",
        "https://x.org/AUTHORS/jane",
        "/Writers/bob/",
        "/contributor/ann",
        "/people/x",
        "/ſtaff/x",
        "/STAFF/x",
        "/profİle/x",
        "/wrıter/x",
        "/uſers/x",
        "/u/x",
        "/Members/x",
    ]
    for href in hrefs:
        assert _PROFILE_HREF_RE.search(href), href
        assert _may_be_profile(href), href
    assert not _may_be_profile("/2024/05/some-post/")


# --- round three: names as printed, builder wrappers, JSON-LD page nodes ----------------------


def test_scan_strips_the_by_word_without_eating_the_name() -> None:
    root = page("<article><h1>T</h1><p>By: Paul Fenaroli, Chief Editor</p></article>")
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    names = [item.names for item in scanned]
    assert ("Paul Fenaroli",) in names
    assert ("Paul Fenaroli, Chief Editor",) in names  # the raw byline, first letter kept


def test_scan_keeps_a_team_name_as_printed() -> None:
    root = page(
        "<article><h1>T</h1><h4 class='author-name'><a>The Currency editors</a></h4></article>"
    )
    (item,) = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert item.names == ("The Currency editors",)
    assert item.features["scan:raw_only"] == 1.0


def test_scan_reads_each_text_node_apart() -> None:
    body = (
        "<article><h1>T</h1><div class='resource-author'><p>Luke Kim<span>December 17, 2025"
        "</span></p></div></article>"
    )
    root = page(body)
    scanned = scan_authors(walk_marks(root), root.find(".//article"), None)
    assert ("Luke Kim",) in [item.names for item in scanned]
    assert all("KimDecember" not in name for item in scanned for name in item.names)


def test_builder_widget_wrappers_are_a_feature_not_a_drop() -> None:
    body = (
        "<article><h1>T</h1><div class='elementor-widget-container'>"
        "<span class='post-author'>Liz Kenny</span><span class='post-date'>8 Oct 2022</span>"
        "</div></article><div class='comment'><span class='comment-author'>Bob Roe</span></div>"
    )
    root = page(body)
    marks = walk_marks(root)
    (author,) = scan_authors(marks, root.find(".//article"), None)
    assert author.names == ("Liz Kenny",) and author.features["scan:in_aside"] == 1.0
    (line,) = find_visible_dates(marks, root.find(".//article"))
    assert line.day == "2022-10-08" and line.aside


def test_jsonld_page_and_thread_nodes_give_candidates() -> None:
    head = (
        '<script type="application/ld+json">{"@context": "https://schema.org", "@graph": ['
        '{"@type": "WebPage", "datePublished": "2024-03-17T19:47:39+00:00"},'
        '{"@type": "DiscussionForumPosting", "headline": "Q", '
        '"author": {"@type": "Person", "name": "Mod Sharon"}}]}</script>'
    )
    explained = explain_metadata(page("<h1>Q</h1><p>x</p>", head), "https://example.org/t/1")
    dates = dict(explained["date_published"].candidates)
    assert dates["json-ld other datePublished"].startswith("2024-03-17")
    assert dict(explained["authors"].candidates)["json-ld other author"] == "Mod Sharon"


def test_a_bare_name_beside_the_date_under_the_headline_is_a_candidate() -> None:
    from scraper.extractor.authorscan import scan_name_lines

    body = (
        "<main><div class='hero'><h1>Why tomatoes split</h1><div class='flex gap-2'>"
        "<span class='font-bold'>Jack Shepherd</span><span>May 2, 2024</span></div></div>"
        "<h2>Watering</h2><p>Table Of Plants</p><span>Ann Lee</span></main>"
    )
    root = page(body)
    (line,) = scan_name_lines(root.find(".//h1"), root.find(".//main"), None)
    assert line.names == ("Jack Shepherd",)  # nothing read once the body starts (<h2>)
    assert line.features["near:dated"] == 1.0 and line.features["near:after"] == 1.0


def test_a_name_after_a_by_is_a_candidate_even_as_one_word() -> None:
    from scraper.extractor.authorscan import scan_name_lines

    body = (
        "<main><h1>Why tomatoes split</h1><p>Posted March 3, 2025 by <a href='#'>Jo</a></p>"
        "<div><span>Written by</span> <b>Ann Lee</b></div><p>Solo</p><p>Bo Chen</p>"
        "<h2>Watering</h2></main>"
    )
    root = page(body)
    lines = scan_name_lines(root.find(".//h1"), root.find(".//main"), None)
    by_name = {line.names: line.features["near:after_by"] for line in lines}
    assert by_name == {("Jo",): 1.0, ("Ann Lee",): 1.0, ("Bo Chen",): 0.0}  # "Solo": one word


def test_each_field_sees_which_sources_the_other_field_found() -> None:
    from scraper.extractor.metadata import trace_metadata

    head = '<meta property="article:published_time" content="2024-05-02">'
    root = page("<article><h1>T</h1><p class='byline'>By Ann Lee</p><p>x</p></article>", head)
    _, trace = trace_metadata(root, "https://example.org/blog/t")
    (_, author_features), *_ = trace.features["authors"]
    (_, date_features), *_ = trace.features["date_published"]
    assert author_features["xd:meta"] == 1.0  # the date came from a meta tag
    assert date_features["xa:byline element"] == 1.0  # the author from a byline element
    assert "xa:meta" not in date_features


def test_the_date_ranker_sees_how_sure_the_author_ranker_is() -> None:
    from scraper.extractor.metadata import WRITER_TRUST, trace_metadata

    head = '<meta property="article:published_time" content="2024-05-02">'
    signed = page("<article><h1>T</h1><p class='byline'>By Ann Lee</p><p>x</p></article>", head)
    _, trace = trace_metadata(signed, "https://example.org/blog/t")
    (_, features), *_ = trace.features["date_published"]
    assert 0.0 < features[WRITER_TRUST] <= 1.0
    unsigned = page("<article><h1>T</h1><p>x</p></article>", head)
    _, trace = trace_metadata(unsigned, "https://example.org/blog/t")
    (_, features), *_ = trace.features["date_published"]
    assert WRITER_TRUST not in features  # no author candidate: nothing to be sure of
