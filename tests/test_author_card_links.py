"""An author card's row of links ("Blog Posts »", "GitHub") names no writer: a link that ends
on a "more" chevron, a trail parted by one, and a code host's name are no person's name, so the
card's links never outrank the byline they sit under."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.authors import has_stray_edges, is_chrome, looks_like_name
from scraper.extractor.metadata import explain_metadata

_PAGE = """<!doctype html><html><head><title>Moving our pipelines to Argo</title></head><body>
<header><a href="/">Engineering Notes</a></header>
<main><article>
<h1>Moving our pipelines to Argo</h1>
<p class="byline"><a href="/ann_lee/"><strong>Ann Lee</strong></a> Dec. 11, 2020</p>
<p>Our workflows ran for years on a scheduler we wrote ourselves. It served us well until the
number of jobs grew past what one machine could keep track of, and retries began to pile up
behind slow steps that blocked the queue for everyone else.</p>
<p>This post walks through how we moved every pipeline to Argo Workflows over six weeks,
what broke on the way, and which of our habits turned out to depend on the old scheduler's
quirks rather than on anything our science needed.</p>
<p>The short version: declare every step's inputs, keep artifacts outside the pods, and give
each retry a budget. The long version follows, with the numbers we measured before and after.</p>
</article>
<div class="author"><img src="/avatars/ann_lee.png" title="Ann Lee">
<div class="author-bio"><span><strong>Ann Lee,</strong></span> <span>Team Lead</span></div>
<div class="author-info"><span>Builds data platforms and worries about tests.</span></div>
<div class="author-links"> <a class="author-blogs" href="/blog/category/">Blog Posts &#187;</a>
<a class="author-github" href="https://github.com/annlee"> GitHub </a></div>
</div>
</main></body></html>"""


_URL = "https://blog.example.org/ann_lee/2020/12/11/argo/"


def test_the_byline_wins_over_the_cards_links() -> None:
    assert extract(_PAGE, url=_URL).authors == ("Ann Lee",)


def test_the_cards_links_are_no_candidates() -> None:
    found = explain_metadata(parse_html(_PAGE), _URL)["authors"].candidates
    assert found  # the byline and the card's name are read
    assert all("»" not in value and "GitHub" not in value for _, value in found)


@pytest.mark.parametrize("raw", ["Blog Posts »", "More ›", "Blog Posts » GitHub", "Blog » Jo Roe"])
def test_a_chevron_trail_is_no_name(raw: str) -> None:
    assert not looks_like_name(raw)


def test_a_chevron_that_closes_a_quote_is_no_stray_edge() -> None:
    assert not has_stray_edges("Jo «Joey» Roe")
    assert has_stray_edges("Blog Posts »")


@pytest.mark.parametrize("raw", ["GitHub", "GitLab", "Discord", "Email", "Website"])
def test_a_profile_links_service_is_chrome(raw: str) -> None:
    assert is_chrome(raw)
    assert not looks_like_name(raw)
