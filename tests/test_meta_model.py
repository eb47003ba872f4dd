"""The learned metadata models: shipped, read once, deterministic, and never inventing values
on a page that names no author and prints no date."""

from __future__ import annotations

import json

from scraper.extractor import parse_html
from scraper.extractor.meta_model import MODEL_PATH, field_model, load_models
from scraper.extractor.metadata import explain_metadata, read_metadata

BODY = "<p>" + "Plain words of an article body. " * 20 + "</p>"


def meta_of(html: str, url: str | None = None):
    root = parse_html(html)
    assert root is not None
    return read_metadata(root, url)


def test_model_file_ships_and_is_read_once() -> None:
    spec = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert "title" in spec["fields"]
    assert load_models() is load_models()
    model = field_model("title")
    assert model is not None and model.weights
    assert field_model("no such field") is None


def test_title_picks_are_deterministic_and_match_explain() -> None:
    html = (
        "<html><head><title>Post — Site</title>"
        '<meta property="og:site_name" content="Site"></head>'
        f'<body><header><h1><a href="/">Site</a></h1></header><p>Text</p>{BODY}</body></html>'
    )
    picks = {meta_of(html, "https://site.example/p").title for _ in range(3)}
    assert picks == {"Post"}
    root = parse_html(html)
    assert root is not None
    assert explain_metadata(root, "https://site.example/p")["title"].value == "Post"


def test_h1_repeated_by_the_title_tag_wins_over_a_lone_seo_title() -> None:
    html = (
        "<html><head><title>How to prune roses | Rose Blog</title>"
        '<meta property="og:title" content="Spring sale on everything"></head>'
        f"<body><h1>How to prune roses</h1>{BODY}</body></html>"
    )
    assert meta_of(html).title == "How to prune roses"


def test_no_author_or_date_is_invented_on_a_page_without_them() -> None:
    html = (
        "<html><head><title>About our bakery</title></head><body>"
        f"<h1>About our bakery</h1>{BODY}<footer>© 2021 The Bakery</footer></body></html>"
    )
    meta = meta_of(html, "https://bakery.example/about")
    assert meta.authors == ()
    assert meta.date_published is None


def test_date_ranker_keeps_the_strongest_source_form_of_the_chosen_day() -> None:
    html = (
        '<html><head><meta property="article:published_time" content="2020-05-01T10:00:00+00:00">'
        '</head><body><h1>Post</h1><p class="date">May 1, 2020</p>'
        f"{BODY}</body></html>"
    )
    assert meta_of(html).date_published == "2020-05-01T10:00:00+00:00"


def test_a_declared_person_author_wins_and_is_never_gated() -> None:
    from scraper.extractor.metadata import _ranked_best

    model = field_model("authors")
    assert model is not None and model.threshold > 0.01
    scored = [(0.01, 0), (0.005, -1)]
    page = {"page:url_depth": 0.5}
    assert _ranked_best(model, scored, page) is None
    assert _ranked_best(model, scored, page, {0}) == 0
    assert _ranked_best(model, [(0.9, 0), (0.01, -1)], page, {1}) == 1  # it also wins
