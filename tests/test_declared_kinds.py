"""What a page's structured data declares it is: JSON-LD, og:type and microdata, as bits."""

from __future__ import annotations

import pytest

from scraper.extractor.declared import DECLARED_KINDS, declared_kinds, microdata_kinds
from scraper.extractor.parse import parse_html


def kinds(bits: int) -> set[str]:
    return {kind for index, kind in enumerate(DECLARED_KINDS) if bits >> index & 1}


def declared(head: str, body: str = "<p>Text</p>") -> set[str]:
    root = parse_html(f"<html><head>{head}</head><body>{body}</body></html>")
    assert root is not None
    return kinds(declared_kinds(root) | microdata_kinds(root))


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (
            '<script type="application/ld+json">{"@type": "Product", "name": "Kettle"}</script>',
            {"product"},
        ),
        ('<script type="application/ld+json">{"@type": ["QAPage"]}</script>', {"discussion"}),
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
            '{"@type": "DiscussionForumPosting"}]}</script>',
            {"website", "discussion"},
        ),
        ('<script type="application/ld+json">{"@type": "CollectionPage"}</script>', {"list"}),
        ('<script type="application/ld+json">{"@type": "FAQPage"}</script>', {"faq"}),
        ('<meta property="og:type" content="product">', {"product"}),
        ('<meta property="og:type" content="website">', {"website"}),
        ('<meta property="og:type" content="video.movie">', set()),
        ('<script type="application/ld+json">{"@type": "Recipe"}</script>', set()),
        ("", set()),
    ],
)
def test_structured_data_kinds(head: str, expected: set[str]) -> None:
    assert declared(head) == expected


def test_microdata_itemtype() -> None:
    body = '<div itemscope itemtype="https://schema.org/Product"><p>Kettle</p></div>'
    assert declared("", body) == {"product"}
    assert declared("", '<div itemtype="http://schema.org/Question/"></div>') == {"discussion"}


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        ('<meta property="og:type" content="article">', {"article"}),
        ('<meta property="og:type" content="Article">', {"article"}),
        ('<script type="application/ld+json">{"@type": "NewsArticle"}</script>', {"article"}),
        (
            '<script type="application/ld+json">[{"@type": "WebPage"}, {"@type": "BlogPosting"}]'
            "</script>",
            {"article", "website"},
        ),
    ],
)
def test_one_article_is_bit_zero(head: str, expected: set[str]) -> None:
    assert declared(head) == expected
