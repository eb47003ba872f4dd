"""The title ranker sees what kind of page it reads: a help or reference page (a docs path)
and a page declaring an FAQPage trust their <h1> and <title> differently from a post, so the
source marks are crossed with each."""

from __future__ import annotations

import json

from scraper.extractor import parse_html
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.titles import choose_title

HTML = (
    "<html><head><title>Sudo - Wiki</title></head><body><main><h1>Sudo</h1>"
    + "<p>"
    + "Plain words of a help page about running commands as another user. " * 12
    + "</p></main></body></html>"
)


def _title_marks(url: str) -> dict[str, dict[str, float]]:
    root = parse_html(HTML)
    assert root is not None
    _, trace = trace_metadata(root, url)
    return {str(value): features for value, features in trace.features["title"]}


def test_a_docs_path_crosses_the_title_sources_with_docs() -> None:
    marks = _title_marks("https://wiki.example.org/docs/sudo")
    assert marks["Sudo - Wiki"]["whole:title&docs"] == 1.0
    assert marks["Sudo"]["whole:h1&docs"] == 1.0


def test_a_post_path_has_no_docs_cross() -> None:
    marks = _title_marks("https://wiki.example.org/blog/sudo")
    assert not any(name.endswith("&docs") for features in marks.values() for name in features)


def test_the_docs_cross_needs_the_page_signal() -> None:
    sources = [("title", "Functions - JavaScript | Docs"), ("h1", "Functions")]
    plain = dict(choose_title(sources, ["Docs"], None).ranked)
    docs = dict(choose_title(sources, ["Docs"], None, page={"page:url:docs": 1.0}).ranked)
    assert "whole:h1&docs" not in plain["Functions"]
    assert docs["Functions"]["whole:h1&docs"] == 1.0
    assert docs["Functions - JavaScript"]["rest:title&docs"] == 1.0


def test_a_declared_faq_page_crosses_the_title_sources_with_faq() -> None:
    faq = {"@context": "https://schema.org", "@type": "FAQPage", "mainEntity": []}
    script = f'<script type="application/ld+json">{json.dumps(faq)}</script>'
    root = parse_html(HTML.replace("</head>", script + "</head>"))
    assert root is not None
    _, trace = trace_metadata(root, "https://acme.example/payroll")
    marks = {str(value): features for value, features in trace.features["title"]}
    assert marks["Sudo"]["whole:h1&faq"] == 1.0
    assert marks["Sudo - Wiki"]["whole:title&faq"] == 1.0
    assert not any(name.endswith("&faq") for name in _title_marks("https://a.example/b")["Sudo"])
