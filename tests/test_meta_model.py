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
    from scraper.extractor.meta_model import FieldModel
    from scraper.extractor.metadata import _ranked_best

    model = FieldModel(weights={}, bias=0.0, threshold=0.5)
    scored = [(0.01, 0), (0.005, -1)]
    page = {"page:url_depth": 0.5}
    assert _ranked_best(model, scored, page) is None
    assert _ranked_best(model, scored, page, {0}) == 0
    assert _ranked_best(model, [(0.9, 0), (0.01, -1)], page, {1}) == 1  # it also wins
    shipped_gate = field_model("authors:gate")  # the shipped page gate does not withhold it
    assert shipped_gate is not None
    assert _ranked_best(model, scored, page, {1}, gate=(shipped_gate, lambda index: {})) == 1


def test_gate_features_say_how_the_rankers_trust_is_spread() -> None:
    from scraper.extractor.meta_model import gate_features

    best = {"page:prose": 0.5, "src:json-ld author": 1.0}
    features = gate_features(best, [0.9, 0.2, 0.6, 0.1], ["a", "b", "a", "c"], 0)
    assert features["page:prose"] == 0.5 and features["src:json-ld author"] == 1.0
    assert features["g:top"] == 0.9
    assert features["g:runner_up"] == 0.2  # the best candidate giving another value
    assert abs(features["g:margin"] - 0.7) < 1e-9
    assert abs(features["g:support"] - 1.5 / 1.8) < 1e-9  # the trust agreeing with the pick
    assert features["g:values"] == 3 / 6
    assert features["g:strong"] == 2 / 4
    alone = gate_features({}, [0.4], ["a"], 0)
    assert alone["g:runner_up"] == 0.0 and alone["g:support"] == 1.0
    assert best == {"page:prose": 0.5, "src:json-ld author": 1.0}  # the pick's own dict is kept


def test_a_page_gate_decides_whether_the_pick_is_given() -> None:
    from scraper.extractor.meta_model import FieldModel
    from scraper.extractor.metadata import _ranked_best

    ranker = FieldModel(weights={}, bias=0.0, threshold=0.99)  # its own threshold is not used
    trusting = FieldModel(weights={"g:top": 10.0}, bias=-5.0, threshold=0.5)
    scored = [(0.8, 0), (0.3, -1)]
    page = {"page:url_depth": 0.5}

    def features_of(index: int) -> dict[str, float]:
        return {"g:top": scored[index][0]}

    assert _ranked_best(ranker, scored, page, gate=(trusting, features_of)) == 0
    low = [(0.2, 0), (0.1, -1)]
    assert _ranked_best(ranker, low, page, gate=(trusting, lambda i: {"g:top": 0.2})) is None
    # a trusted candidate and a page without a URL are never gated
    assert _ranked_best(ranker, low, page, {1}, gate=(trusting, lambda i: {"g:top": 0.2})) == 1
    saved = {"page:url_unknown": 1.0}
    assert _ranked_best(ranker, low, saved, gate=(trusting, lambda i: {"g:top": 0.2})) == 0


def test_the_shipped_gate_entry_is_read_and_used(tmp_path, monkeypatch) -> None:
    """A "<field>:gate" entry in meta_model.json decides whether the author is given."""
    from scraper.extractor import meta_model

    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    html = (
        '<html><head><meta name="author" content="Jane Doe"><title>A post</title></head>'
        f"<body><h1>A post</h1>{BODY}</body></html>"
    )
    url = "https://blog.example/2020/05/a-post"
    results = {}
    for name, bias in (("never", -30.0), ("always", 30.0)):
        spec = json.loads(json.dumps(shipped))
        spec["fields"]["authors"]["threshold"] = 0.0
        spec["fields"]["authors:gate"] = {"bias": bias, "threshold": 0.5, "weights": {}}
        path = tmp_path / f"{name}.json"
        path.write_text(json.dumps(spec), encoding="utf-8")
        monkeypatch.setattr(meta_model, "MODEL_PATH", path)
        load_models.cache_clear()
        try:
            assert field_model("authors:gate") is not None
            results[name] = meta_of(html, url).authors
        finally:
            load_models.cache_clear()
    assert results == {"never": (), "always": ("Jane Doe",)}


def test_forum_thread_urls_and_dated_texts_are_page_signals() -> None:
    from scraper.extractor.metadata import _url_words

    assert _url_words("https://forum.example/viewtopic.php?t=361697").get("page:url:thread")
    assert _url_words("https://forum.example/index.php?topic=589061.0").get("page:url:thread")
    assert _url_words("https://forum.example/showthread.php?p=12").get("page:url:thread")
    assert not _url_words("https://shop.example/item?color=3").get("page:url:thread")
    root = parse_html(
        "<html><body><h1>Archive</h1>"
        + "".join(f"<p>Posted on May {day}, 2020</p>" for day in range(1, 9))
        + BODY
        + "</body></html>"
    )
    assert root is not None
    from scraper.extractor.metadata import trace_metadata

    _, trace = trace_metadata(root, "https://blog.example/archive")
    signals = [features for _, features in trace.features.get("date_published", [])]
    assert signals and all(f["page:dated_texts"] > 0.3 for f in signals)


def test_a_declared_day_the_url_also_writes_is_never_gated(tmp_path, monkeypatch) -> None:
    """The JSON-LD datePublished that the URL's path confirms is given even by a date gate that
    withholds everything; a declared day the URL does not write stays the gate's call."""
    from scraper.extractor import meta_model

    shipped = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    spec = json.loads(json.dumps(shipped))
    spec["fields"]["date_published:gate"] = {"bias": -30.0, "threshold": 0.5, "weights": {}}
    path = tmp_path / "never.json"
    path.write_text(json.dumps(spec), encoding="utf-8")
    declared = {"@context": "https://schema.org", "@type": "BlogPosting", "headline": "A post"}
    declared["datePublished"] = "2020-05-01T10:00:00Z"
    html = (
        f'<html><head><script type="application/ld+json">{json.dumps(declared)}</script>'
        f"</head><body><h1>A post</h1>{BODY}</body></html>"
    )
    monkeypatch.setattr(meta_model, "MODEL_PATH", path)
    load_models.cache_clear()
    try:
        confirmed = meta_of(html, "https://blog.example/2020/05/01/a-post/")
        other_day = meta_of(html, "https://blog.example/2020/05/02/a-post/")
        undated = meta_of(html, "https://blog.example/a-post/")
    finally:
        load_models.cache_clear()
    assert confirmed.date_published == "2020-05-01T10:00:00+00:00"
    assert other_day.date_published is None
    assert undated.date_published is None
