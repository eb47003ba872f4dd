"""Addresses urllib refuses to read (an unclosed IPv6 bracket, ``http://[x``) in a page's links,
canonical link, ``og:url`` or base: one such link emptied the whole page's extraction (title,
text and writers gone) and stopped the site model's learning. They are read as no address."""

from __future__ import annotations

from pathlib import Path

from conftest import fast_config

from scraper import crawl, extract
from scraper.site_server import SiteServer
from scraper.sitemodel import SiteModels

BAD = ["http://[x", "http://[::1", "//[x/", "https://h]/a", "http://h:99999999/", "[x]"]


def _page(n: int) -> str:
    links = "".join(f'<a href="{bad}">odd {i}</a> ' for i, bad in enumerate(BAD))
    prose = "".join(
        f"<p>Paragraph {i} of post {n}, with a <a href='{BAD[i % len(BAD)]}'>link</a> in it "
        "and more words after it, about the garden and the rain this spring.</p>"
        for i in range(8)
    )
    return (
        f'<html><head><title>Post {n} | Site</title><link rel="canonical" href="{BAD[0]}">'
        f'<meta property="og:url" content="{BAD[1]}"><meta property="og:image" '
        f'content="{BAD[2]}"></head><body><nav><a href="/">Site</a> {links}</nav><article>'
        f'<h1>Post {n}</h1><p class="byline">By <a href="{BAD[4]}">Jo Roe</a> · March {n + 1}, '
        f'2024</p>{prose}<img src="{BAD[5]}" alt="x"></article><footer>{links}</footer>'
        "</body></html>"
    )


def test_a_page_with_unreadable_addresses_is_still_read() -> None:
    article = extract(_page(0), "http://h/2024/03/post-0/")
    assert article.title == "Post 0"
    assert "Paragraph 7 of post 0" in article.text
    assert article.authors == ("Jo Roe",)
    assert article.canonical_url in (None, "http://h/2024/03/post-0/")


def test_the_site_model_learns_over_unreadable_addresses() -> None:
    pages = [(f"http://h/2024/03/post-{n}/", _page(n)) for n in range(20)]
    decided = SiteModels(None).learn("h", pages)
    assert [decided[url].title for url, _ in pages] == [f"Post {n}" for n in range(20)]


def test_a_crawl_over_pages_with_unreadable_addresses_exports_them(tmp_path: Path) -> None:
    site = tmp_path / "site"
    for n in range(3):
        (site / "2024" / "03" / f"post-{n}").mkdir(parents=True)
        (site / "2024" / "03" / f"post-{n}" / "index.html").write_text(_page(n), encoding="utf-8")
    links = "".join(f'<a href="/2024/03/post-{n}/">Post {n}</a> ' for n in range(3))
    (site / "index.html").write_text(
        f'<html><body><a href="{BAD[0]}">odd</a> {links}</body></html>', encoding="utf-8"
    )
    (site / "sitemap.xml").write_text(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{BAD[0]}</loc></url><url><loc>/2024/03/post-1/</loc></url></urlset>",
        encoding="utf-8",
    )
    (site / "index.xml").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Site</title>'
        f"<link>{BAD[1]}</link><item><title>Odd</title><link>{BAD[0]}</link>"
        "<description>An item whose address cannot be read.</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    (site / "robots.txt").write_text(f"User-agent: *\nSitemap: {BAD[0]}\n", encoding="utf-8")
    with SiteServer(site) as server:
        items = list(crawl(fast_config(server.url, tmp_path / "out")))
    urls = sorted(item.final_url for item in items)
    assert urls == [f"{server.url}2024/03/post-{n}/" for n in range(3)]


def test_a_mirror_file_whose_canonical_address_is_unreadable_keeps_its_own(tmp_path: Path) -> None:
    # "post-two.html" may have been saved from /post-two.html or /post-two: the page's
    # canonical link decides, and one urllib cannot read decides nothing
    from scraper.archive.mirror import iter_mirror_pages

    (tmp_path / "post-two.html").write_text(
        _page(2).replace(f'href="{BAD[0]}"', 'href="http://[post-two"', 1), encoding="utf-8"
    )
    pages = [page.url for page in iter_mirror_pages(tmp_path, "https://blog.example/")]
    assert len(pages) == 1 and pages[0].startswith("https://blog.example/post-two")
