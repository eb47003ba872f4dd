"""Discovery parsers: sitemaps (index, gzip, entity bombs), feeds (RSS, Atom), page links."""

from __future__ import annotations

import gzip

from scraper.crawler.discover import (
    looks_like_feed,
    looks_like_sitemap,
    page_links,
    parse_feed,
    parse_sitemap,
)
from scraper.extractor import parse_html

BASE = "https://x.org/sitemap.xml"
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>https://x.org/2014/07/09/a/</loc><lastmod>2014-07-09</lastmod></url>
<url><loc> https://x.org/b/?utm_source=feed </loc></url>
<url><loc>mailto:nobody@x.org</loc></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://x.org/post-sitemap.xml.gz</loc></sitemap>
<sitemap><loc>/pages.xml</loc></sitemap>
</sitemapindex>"""


def test_urlset_gives_pages_with_lastmod() -> None:
    entries = parse_sitemap(URLSET, BASE)
    assert entries.pages == [
        ("https://x.org/2014/07/09/a/", "2014-07-09"),
        ("https://x.org/b/", None),
    ]
    assert entries.sitemaps == []
    assert looks_like_sitemap(URLSET)


def test_index_gives_child_sitemaps() -> None:
    entries = parse_sitemap(INDEX, BASE)
    assert entries.sitemaps == ["https://x.org/post-sitemap.xml.gz", "https://x.org/pages.xml"]
    assert entries.pages == []


def test_gzipped_sitemap_is_inflated() -> None:
    packed = gzip.compress(URLSET)
    assert looks_like_sitemap(packed)
    assert len(parse_sitemap(packed, BASE).pages) == 2


def test_entity_bombs_and_external_entities_never_expand() -> None:
    bomb = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset><url><loc>https://x.org/&lol3;</loc></url><url><loc>https://x.org/&xxe;</loc></url></urlset>"""
    entries = parse_sitemap(bomb, BASE)
    assert all("lollol" not in url and "root" not in url for url, _ in entries.pages)


def test_junk_gives_nothing() -> None:
    assert parse_sitemap(b"<html>not a sitemap", BASE).pages == []
    assert parse_sitemap(b"", BASE).pages == []
    assert parse_feed(b"\x00\x01garbage", BASE).items == []


def test_rss_items() -> None:
    rss = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
<link>https://x.org/</link>
<item><title>A</title><link>https://x.org/a/</link><guid isPermaLink="false">p=1</guid></item>
<item><title>B</title><guid>https://x.org/b/</guid></item>
</channel></rss>"""
    assert looks_like_feed(rss)
    assert parse_feed(rss, BASE).items == ["https://x.org/a/", "https://x.org/b/"]


def test_atom_entries() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">
<link href="https://x.org/" rel="alternate"/>
<entry><title>A</title><link rel="replies" href="https://x.org/a/#comments"/>
<link rel="alternate" type="text/html" href="https://x.org/a/"/></entry>
<entry><title>B</title><link href="/b/"/></entry></feed>"""
    assert looks_like_feed(atom)
    assert parse_feed(atom, BASE).items == ["https://x.org/a/", "https://x.org/b/"]


def test_page_links_pagination_feeds_and_nofollow() -> None:
    page = """<html><head>
<link rel="alternate" type="application/rss+xml" href="/feed/">
<link rel="next" href="/page/2/"><link rel="stylesheet" href="/style.css">
</head><body>
<a href="/2014/07/09/a/#comments">A</a><a href="/2014/07/09/a/">A again</a>
<a href="?paged=3">3</a><a rel="nofollow" href="/?share=twitter">share</a>
<a href="mailto:x@x.org">mail</a><a href="javascript:void(0)">js</a>
<a class="next" rel="next" href="/page/2/">Older posts</a>
</body></html>"""
    root = parse_html(page)
    assert root is not None
    links = page_links(root, "https://x.org/")
    assert links.feeds == ["https://x.org/feed/"]
    assert links.next_pages == ["https://x.org/page/2/", "https://x.org/page/2/"]
    assert links.links == ["https://x.org/2014/07/09/a/", "https://x.org/?paged=3"]


def test_meta_robots_nofollow_gives_no_links() -> None:
    root = parse_html(
        '<html><head><meta name="robots" content="noindex, nofollow"></head>'
        '<body><a href="/a/">a</a></body></html>'
    )
    assert root is not None
    assert page_links(root, "https://x.org/").links == []


def test_base_href_is_respected() -> None:
    root = parse_html(
        '<html><head><base href="https://x.org/blog/"></head>'
        '<body><a href="post/">p</a></body></html>'
    )
    assert root is not None
    assert page_links(root, "https://x.org/other/").links == ["https://x.org/blog/post/"]


def test_a_gzip_bomb_sitemap_gives_nothing() -> None:
    bomb = gzip.compress(b"<urlset>" + b" " * (60 * 1024 * 1024) + b"</urlset>")
    assert parse_sitemap(bomb, BASE).pages == []
    assert not looks_like_sitemap(bomb)
