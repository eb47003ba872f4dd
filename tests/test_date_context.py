"""The date candidates' page-context features (``metadata.DATE_CONTEXT``, on as shipped): what
they say of a page, and none when switched off (docs/benchmarks.md, dates round eleven)."""

from __future__ import annotations

import pytest

from scraper.extractor import metadata, parse_html

PAGE = """<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed.xml">
<meta property="article:published_time" content="2023-03-01T10:00:00Z">
<meta property="article:modified_time" content="2024-03-01T10:00:00Z">
</head><body><article><h1>A post about tides</h1><p>Posted on May 3, 2023</p>
<p>Tides rise and fall twice a day, pulled by the moon and the sun.</p></article>
<div id="comments"><textarea name="comment"></textarea></div>
<footer><p>&copy; 2019-2025 Example Tides</p></footer></body></html>"""
CONTEXT = (
    "copyright_after",
    "copyright_gap",
    "page:modified_gap",
    "page:comment_area",
    "page:feed",
)


def _date_features(on: bool, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, float]]:
    monkeypatch.setattr(metadata, "DATE_CONTEXT", on)
    root = parse_html(PAGE)
    assert root is not None
    _, trace = metadata.trace_metadata(root, "https://tides.example/blog/tides")
    return [features for _, features in trace.features["date_published"]]


def test_context_features_only_when_switched_on(monkeypatch: pytest.MonkeyPatch) -> None:
    assert metadata.DATE_CONTEXT is True
    for features in _date_features(False, monkeypatch):
        assert not any(name in features for name in CONTEXT)


def test_context_features_describe_the_page(monkeypatch: pytest.MonkeyPatch) -> None:
    rows = _date_features(True, monkeypatch)
    assert rows
    for features in rows:
        assert features["page:comment_area"] == 1.0
        assert features["page:feed"] == 1.0
        assert 0.0 < features["page:modified_gap"] < 0.8  # a year after publication
        assert features["copyright_after"] == 0.0  # every day here is before 2025
        assert features["copyright_gap"] in (0.1, 0.2)
