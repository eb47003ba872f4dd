"""The older-markup rewrites the body is measured on (``benchmarks/markup_era.py``) keep the
page's words and remove only what they say they remove."""

from __future__ import annotations

import re

import lxml.html
import pytest

from benchmarks.markup_era import REWRITES, rewritten

PAGE = (
    "<html><head><title>Harbour</title>"
    '<meta property="og:type" content="article"><meta property="og:title" content="Harbour">'
    '<meta name="description" content="The wall">'
    '<script type="application/ld+json">{"@type": "NewsArticle"}</script></head><body>'
    '<header role="banner"><nav><a href="/">Home</a></nav></header>'
    '<main><article itemscope itemtype="https://schema.org/NewsArticle">'
    '<h1 itemprop="headline">Council votes</h1><p class="lead">First <b>bold</b> part.</p>'
    "<p>Second part.</p><p>Third part.</p><figure><figcaption>The wall</figcaption></figure>"
    '<time datetime="2009-03-14">14 March</time></article></main>'
    "<aside>More news</aside><footer>Contact</footer></body></html>"
)


def words(html: str) -> list[str]:
    body = lxml.html.document_fromstring(html).find("body")
    return re.findall(r"\w+", body.text_content())


@pytest.mark.parametrize("name", sorted(REWRITES))
def test_every_rewrite_keeps_the_body_words(name: str) -> None:
    assert words(rewritten(PAGE, name)) == words(PAGE)


def test_old_page_removes_sections_head_data_and_paragraphs() -> None:
    root = lxml.html.document_fromstring(rewritten(PAGE, "old_page"))
    for tag in ("main", "article", "header", "nav", "aside", "footer", "figure", "p", "time"):
        assert not root.findall(f".//{tag}"), tag
    assert not root.xpath("//script[@type='application/ld+json']")
    assert not root.xpath("//meta[starts-with(@property, 'og:')]")
    assert root.xpath("//meta[@name='description']")  # not Open Graph: kept
    assert not root.xpath("//*[@role or @itemprop or @itemscope]")
    assert root.xpath("//*[@class='lead']") == []  # the paragraph went, its words stayed
    assert len(root.findall(".//br")) == 4  # three paragraphs: two breaks between each pair


def test_undeclared_keeps_the_other_head_data() -> None:
    root = lxml.html.document_fromstring(rewritten(PAGE, "undeclared"))
    assert not root.xpath("//meta[@property='og:type']")
    assert not root.xpath("//script[@type='application/ld+json']")
    assert root.xpath("//meta[@property='og:title']") and root.findall(".//article")


def test_an_unreadable_page_is_returned_as_it_is() -> None:
    assert rewritten("", "old_page") == ""
