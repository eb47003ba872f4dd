"""A page at a blog engine's list address (one tag's, category's or author's page, or a list's
N-th page) is never an article, however much its one teaser reads like a short post: hugo-jeqo's
and PaperMod's tag pages of one post were exported as articles by single-page crawls."""

from __future__ import annotations

import pytest

from scraper import extract
from scraper.extractor.classify import is_list_address

TEASER = " ".join(
    f"Sentence {i} of the teaser tells what the post about Kafka consumers explains."
    for i in range(9)
)
# a tag page showing one post: its title (no link), a teaser, a date and a card-wide link
ONE_TEASER = (
    "<html><head><title>Kafka | Blog</title></head><body>"
    '<nav><a href="/">Home</a> <a href="/tags/">Tags</a></nav><main>'
    '<header><h1>Kafka</h1></header><article class="post-entry"><header><h2>Kafka consumers'
    f"</h2></header><div class='entry-content'><p>{TEASER}</p></div>"
    "<footer><span>March 3, 2024</span> · Jane Doe</footer>"
    '<a class="entry-link" aria-label="post link to Kafka consumers" href="/posts/kafka/"></a>'
    "</article></main><footer>Copyright Blog</footer></body></html>"
)


@pytest.mark.parametrize(
    "url",
    [
        "https://blog.example/tags/kafka/",
        "https://blog.example/tag/kafka",
        "https://blog.example/categories/streams/",
        "https://blog.example/category/streams/",
        "https://blog.example/author/jane/",
        "https://blog.example/page/2/",
        "https://blog.example/blog/page/3",
        "https://blog.example/tags/kafka/page/2/",
        "http://127.0.0.1:8000/tags/kafka/index.html",
        "https://blog.example/",  # the front page (round fifty-seven)
        "https://blog.example",
        "http://127.0.0.1:8000/index.html",
        "https://www.example.com/index.php",
    ],
)
def test_list_addresses(url: str) -> None:
    assert is_list_address(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://blog.example/tags/",  # the list of tags: no tag's page
        "https://blog.example/category/world/2024/story-slug",
        "https://blog.example/authors/jane/posts/kafka/",
        "https://blog.example/2024/05/page/",
        "https://blog.example/posts/kafka/",
        "https://blog.example/blog/",  # a blog's own list, decided by the page
        "https://blog.example/?p=2",  # WordPress's plain permalink: a post
        "https://blog.example/about/index.html",
        "https://blog.example/education/archive/2014/04/plato-to-plumbers/361373/",
        "http://[::1",  # not a URL: no address at all
    ],
)
def test_other_addresses(url: str) -> None:
    assert not is_list_address(url)


def test_a_one_teaser_tag_page_is_a_listing_at_its_address() -> None:
    assert extract(ONE_TEASER, "https://blog.example/tags/kafka/").page_kind == "listing"
    # the yardstick: the same page at a post's address is read as the short article it looks
    assert extract(ONE_TEASER, "https://blog.example/posts/kafka/").page_kind == "article"
    assert extract(ONE_TEASER).page_kind == "article"  # no address: the page alone decides


def test_a_front_page_showing_the_newest_post_whole_is_no_article() -> None:
    """Round fifty-seven: Lanyon's home page shows the newest posts whole, each under its own
    ``<h1>`` and date; a single-page crawl exported the site's front page as a post (so did those
    of 62 of the 186 dev archives)."""
    post = ONE_TEASER.replace("<h1>Kafka</h1>", "").replace(
        "<h2>Kafka consumers</h2>", "<h1>Kafka consumers</h1>"
    )
    assert extract(post, "https://blog.example/posts/kafka/").page_kind == "article"
    assert extract(post, "https://blog.example/").page_kind == "listing"
    assert extract(post, "https://blog.example/index.html").page_kind == "listing"
