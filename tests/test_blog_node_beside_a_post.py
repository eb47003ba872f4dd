"""Pelican's Flex theme, new to the dev set in round sixty (pelican-flex-bertera): every page
declares the site as a JSON-LD ``Blog`` node and, on a post, the post as a ``BlogPosting``
beside it. "Blog" is a listing type, and it was read first: every post was a listing and a
crawl of the blog exported none of its 49 posts. An article type beside a Blog names the post;
the Blog names the site it is in, as a WebSite does. Pelican's N-th page of its home list
(``/index2.html``) is a list's address, as ``/page/2/`` is."""

from __future__ import annotations

import json

from scraper import extract
from scraper.extractor.classify import is_list_address

BLOG = {
    "@context": "http://schema.org",
    "@type": "Blog",
    "name": "Jo Roe's Blog",
    "url": "https://jo.example.org",
}


def _post() -> str:
    prose = "".join(
        f"<p>Step {i}: the zone files are rendered from a template and loaded by the server "
        "without a restart, so a test network can be rebuilt in a few seconds.</p>"
        for i in range(8)
    )
    post = {
        "@context": "http://schema.org",
        "@type": "BlogPosting",
        "headline": "A DNS server with batteries included",
        "datePublished": "2016-09-06 03:25:00+02:00",
        "author": {"@type": "Person", "name": "Jo Roe"},
    }
    scripts = "".join(
        f"<script type='application/ld+json'>{json.dumps(n)}</script>" for n in (BLOG, post)
    )
    return (
        "<html><head><title>Jo Roe's Blog – A DNS server with batteries included</title>"
        f"<meta property='og:type' content='article'>{scripts}</head><body>"
        "<aside><h1><a href='/'>Jo Roe's Blog</a></h1></aside><main><article><header>"
        "<h1>A DNS server with batteries included</h1><p>Posted on Tue 06 September 2016</p>"
        f"</header>{prose}</article></main></body></html>"
    )


def test_a_post_beside_the_blog_it_is_in_is_an_article() -> None:
    article = extract(_post(), "https://jo.example.org/a-dns-server.html")
    assert article.page_kind == "article"
    assert article.title == "A DNS server with batteries included"


def test_the_second_page_of_the_home_list_is_a_listing() -> None:
    assert is_list_address("https://jo.example.org/index2.html")
    assert is_list_address("https://jo.example.org/blog/index12.htm")
    assert not is_list_address("https://jo.example.org/index2-of-the-zones.html")
    article = extract(_post(), "https://jo.example.org/index2.html")
    assert article.page_kind == "listing"
