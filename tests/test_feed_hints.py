"""A feed's items are taken for posts only when the feed summarises them: a static site
generator's feed of the blog's tag pages (Hugo's ``/tags/index.xml``: no summaries) lists links,
and must not make a tag page an article, whichever the crawl reads first."""

from __future__ import annotations

from pathlib import Path

from conftest import fast_config

from scraper import crawl
from scraper.crawler.discover import parse_feed
from scraper.site_server import SiteServer

BASE = "https://x.org/"

POSTS_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<link>{base}</link>
<item><title>Tracing Kafka applications</title><link>{base}posts/a/</link>
<pubDate>Wed, 11 May 2022 00:00:00 +0000</pubDate>
<description>How to follow one record through producers and consumers.</description></item>
</channel></rss>"""

TAGS_FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Tags on Blog</title>
<link>{base}tags/</link>
<item><title>kafka</title><link>{base}tags/kafka/</link>
<pubDate>Wed, 11 May 2022 00:00:00 +0000</pubDate><description></description></item>
<item><title>cli</title><link>{base}tags/cli/</link>
<pubDate>Mon, 01 Jan 0001 00:00:00 +0000</pubDate><description></description></item>
</channel></rss>"""


def test_a_feed_that_summarises_its_items_lists_posts() -> None:
    entries = parse_feed(POSTS_FEED.format(base=BASE).encode(), BASE)
    assert entries.items == [BASE + "posts/a/"] and entries.summarised


def test_a_feed_of_tag_pages_without_summaries_lists_links() -> None:
    entries = parse_feed(TAGS_FEED.format(base=BASE).encode(), BASE)
    assert entries.items == [BASE + "tags/kafka/", BASE + "tags/cli/"]
    assert not entries.summarised


def test_atom_summaries_and_content_count_markup_too() -> None:
    atom = """<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<entry><title>A</title><link href="/a/"/><updated>2024-01-02T00:00:00Z</updated></entry>
<entry><title>B</title><link href="/b/"/><content type="xhtml">
<div xmlns="http://www.w3.org/1999/xhtml"><p>Body</p></div></content></entry></feed>"""
    assert parse_feed(atom.encode(), BASE).summarised
    bare = atom.replace("<content", "<other").replace("</content>", "</other>")
    assert not parse_feed(bare.encode(), BASE).summarised
    summary = bare.replace("<updated>", "<summary>First lines.</summary><updated>")
    assert parse_feed(summary.encode(), BASE).summarised


def _page(title: str, body: str, kind: str = "website") -> str:
    return (
        f'<html lang="en"><head><title>{title}</title>'
        f'<meta property="og:type" content="{kind}">'
        '<link rel="alternate" type="application/rss+xml" href="/tags/index.xml">'
        f'</head><body><nav><a href="/">Home</a> <a href="/tags/kafka/">kafka</a></nav>'
        f"<main>{body}</main><footer>(c) 2024 Someone</footer></body></html>"
    )


def _write_site(root: Path) -> None:
    story = " ".join(
        f"Paragraph {n} follows one record from the producer through the broker to the "
        "consumer, and shows where the trace context travels in the headers."
        for n in range(8)
    )
    files = {
        "index.html": _page(
            "Blog", '<h1>Blog</h1><p><a href="/posts/a/">Tracing Kafka applications</a></p>'
        ),
        "index.xml": POSTS_FEED.format(base="/"),
        "tags/index.xml": TAGS_FEED.format(base="/"),
        "tags/kafka/index.html": _page(
            "kafka",
            '<h1>kafka</h1><ul><li><a href="/posts/a/">Tracing Kafka applications end to '
            'end</a> <span>2022-05-11</span></li><li><a href="/posts/b/">Kafka quotas, a first '
            "look at client limits</a> <span>2022-03-18</span></li></ul>",
        ),
        "posts/a/index.html": _page(
            "Tracing Kafka applications",
            f"<article><h1>Tracing Kafka applications</h1><p>{story}</p></article>",
            kind="article",
        ),
    }
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


def test_a_crawl_exports_the_post_and_not_the_tag_page_its_feed_lists(tmp_path: Path) -> None:
    site = tmp_path / "site"
    _write_site(site)
    with SiteServer(site) as server:
        config = fast_config(
            server.url, tmp_path / "out", concurrency=1, per_host_concurrency=1, site_model=False
        )
        urls = [item.final_url for item in crawl(config)]
        fetched = server.paths()
    assert "/tags/index.xml" in fetched and "/tags/kafka/" in fetched  # both read
    assert urls == [server.url + "posts/a/"]


MAIN_FEED_WITH_A_TAG = """<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>
<link>{base}</link>
<item><title>Tracing Kafka applications</title><link>{base}posts/a/</link>
<pubDate>Wed, 11 May 2022 00:00:00 +0000</pubDate>
<description>How to follow one record through producers and consumers.</description></item>
<item><title>cli</title><link>{base}tags/cli/</link>
<pubDate>Wed, 11 May 2022 00:00:00 +0000</pubDate>
<description>Posts about the command line.</description></item>
</channel></rss>"""


def test_a_summarised_feed_listing_a_tag_page_never_makes_it_a_post(tmp_path: Path) -> None:
    # Hugo's main feed lists every page, its one-post tag pages too; read alone such a page is
    # "other", and a feed's word is no reason to export a page at a tag's address
    site = tmp_path / "site"
    _write_site(site)
    feed = MAIN_FEED_WITH_A_TAG.format(base="/")  # the feed the pages link to
    (site / "tags" / "index.xml").write_text(feed, encoding="utf-8")
    (site / "tags" / "cli").mkdir(parents=True)
    (site / "tags" / "cli" / "index.html").write_text(
        _page(
            "cli",
            "<h1>#cli</h1><p>Our command line tools read the configuration from the home folder "
            "first, then from the project, and print what they found.</p>",
        ),
        encoding="utf-8",
    )
    with SiteServer(site) as server:
        config = fast_config(
            server.url, tmp_path / "out", concurrency=1, per_host_concurrency=1, site_model=False
        )
        urls = [item.final_url for item in crawl(config)]
        fetched = server.paths()
    assert "/tags/cli/" in fetched
    assert urls == [server.url + "posts/a/"]
