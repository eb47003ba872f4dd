"""Round thirty-eight: a page whose structured data says it is about an Event, a Product or a
JobPosting, and types no article, is no article however much it reads like a post (the dev
archive hugo-pyopensci: workshop pages, dated and laid out as the site's posts are, exported
as posts). A FAQ or about page type is no such thing: blogs mark their posts with them, and
the page's shape still decides there."""

from __future__ import annotations

import json

import pytest

from scraper.extractor import parse_html
from scraper.extractor.body import Body
from scraper.extractor.classify import classify_page
from scraper.extractor.metadata import read_metadata
from scraper.sitemodel import SiteModels

STORY = " ".join(
    f"Sentence {i} tells how the packaging workshop walks each learner through a first "
    "release, with time for questions and a short exercise at the end."
    for i in range(30)
)


def page(number: int, types: tuple[str, ...], *, kind: str = "post") -> str:
    data = "".join(
        '<script type="application/ld+json">'
        + json.dumps({"@context": "https://schema.org", "@type": t, "name": f"Item {number}"})
        + "</script>"
        for t in types
    )
    return (
        f"<html><head><title>{kind.title()} {number} | Garden</title>"
        f'<meta property="og:type" content="website">{data}</head><body>'
        '<nav><a href="/">Home</a> <a href="/blog/">Blog</a> <a href="/events/">Events</a></nav>'
        f'<main><header class="post__header"><h1>{kind.title()} {number}</h1>'
        f"<p>Mar {number % 27 + 1}, 2024 • Community</p></header>"
        f'<article class="content"><p>{STORY}</p><p>{STORY}</p></article></main>'
        "<footer>Copyright Garden</footer></body></html>"
    )


def _kind(types: tuple[str, ...], shape: float) -> str:
    """The kind of a page of a story's length whose head types ``types``, its shape read at
    ``shape`` (the probability that it is one article)."""
    head = "".join(f'<script type="application/ld+json">{{"@type": "{t}"}}</script>' for t in types)
    root = parse_html(f"<html><head>{head}</head><body><p>x</p></body></html>")
    assert root is not None
    text = {"text": STORY * 2, "paragraph_count": 4, "shape_probability": shape}
    return classify_page(root, read_metadata(root, None), Body(**text))


@pytest.mark.parametrize("thing", ["Event", "Product", "JobPosting"])
def test_a_declared_thing_with_the_shape_of_a_story_is_no_article(thing: str) -> None:
    # (main: the shape stood in for an article type wherever none was declared)
    assert _kind(("Organization",), 0.9) == "article"  # the yardstick: nothing declared
    assert _kind(("Organization", thing), 0.9) == "other"


def test_an_article_type_beside_the_thing_keeps_it_an_article() -> None:
    assert _kind(("BlogPosting", "Event"), 0.9) == "article"


def test_a_faq_type_on_a_post_leaves_the_shape_to_decide() -> None:
    assert _kind(("FAQPage",), 0.9) == "article"  # blogs mark posts with FAQ types
    assert _kind(("FAQPage",), 0.1) == "other"


def test_the_site_model_keeps_event_pages_out_of_its_posts() -> None:
    posts = [(f"http://h/blog/post-{n}/", page(n, ("Organization",))) for n in range(1, 15)]
    events = [
        (f"http://h/events/event-{n}/", page(n, ("Organization", "Event"), kind="event"))
        for n in range(1, 8)
    ]
    models = SiteModels(None)
    decided = models.learn("h", posts + events)
    kinds = {url: article.page_kind for url, article in decided.items()}
    assert {kinds[url] for url, _ in posts if url in kinds} == {"article"}
    assert {kinds[url] for url, _ in events if url in kinds} == {"other"}
    later = models.extract(page(9, ("Organization", "Event"), kind="event"), "http://h/events/e9/")
    assert later.page_kind == "other"
