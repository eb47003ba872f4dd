"""robots.txt: RFC 9309 semantics through protego, and what the crawler does with it."""

from __future__ import annotations

import itertools
from pathlib import Path

from conftest import fast_config
from servers import Reply, ScriptedServer

from scraper.crawler.crawl import Crawler, crawl
from scraper.crawler.robots import RobotsPolicy, user_agent_token

UA = "scraper/0.1.0 (+https://github.com/scraper-project/scraper)"
RULES = b"""
User-agent: *
Disallow: /private/
Allow: /private/open/
Crawl-delay: 2

User-agent: scraper
Disallow: /drafts/
Crawl-delay: 5
Sitemap: https://x.org/sitemap.xml
"""


def test_user_agent_token_is_the_product_name() -> None:
    assert user_agent_token(UA) == "scraper"
    assert user_agent_token("My-Bot/2.0") == "My-Bot"


def test_own_group_applies_and_longest_match_wins() -> None:
    policy = RobotsPolicy.from_response(200, RULES, UA)
    assert not policy.allowed("https://x.org/drafts/a")
    # Our own group replaces the * group entirely (RFC 9309 2.2.1).
    assert policy.allowed("https://x.org/private/x")
    assert policy.crawl_delay == 5.0
    assert policy.sitemaps == ("https://x.org/sitemap.xml",)
    other = RobotsPolicy.from_response(200, RULES, "otherbot/1.0")
    assert not other.allowed("https://x.org/private/x")
    assert other.allowed("https://x.org/private/open/page")
    assert other.crawl_delay == 2.0


def test_4xx_means_allow_all_and_5xx_means_disallow_all() -> None:
    assert RobotsPolicy.from_response(404, b"", UA).allowed("https://x.org/anything")
    assert RobotsPolicy.from_response(403, b"", UA).allowed("https://x.org/anything")
    assert not RobotsPolicy.from_response(503, b"", UA).allowed("https://x.org/")
    assert not RobotsPolicy.unreachable(UA).allowed("https://x.org/")


def _blog(server: ScriptedServer) -> None:
    server.html("/", '<html><body><a href="/private/x">x</a><a href="/ok/">ok</a></body></html>')
    server.html("/ok/", "<html><body><p>fine</p></body></html>")
    server.html("/private/x", "<html><body><p>secret</p></body></html>")


def test_disallowed_paths_are_never_requested(scripted: ScriptedServer, tmp_path: Path) -> None:
    _blog(scripted)
    scripted.route(
        "/robots.txt",
        Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"),
    )
    list(crawl(fast_config(scripted.url, tmp_path)))
    assert scripted.seen("/ok/")
    assert not scripted.seen("/private/x")


def test_unreachable_robots_blocks_the_host_until_a_later_run(
    scripted: ScriptedServer, tmp_path: Path
) -> None:
    _blog(scripted)
    scripted.route("/robots.txt", Reply(503, b"down"))
    config = fast_config(scripted.url, tmp_path, max_retries=1)
    crawler = Crawler(config)
    list(crawl(config))
    assert [r.path for r in scripted.requests if r.path != "/robots.txt"] == []
    assert crawler.stats.fetched == 0
    # robots.txt is back: the next run asks again and crawls what was blocked.
    scripted.route("/robots.txt", Reply(404, b""))
    list(crawl(config))
    assert scripted.seen("/ok/")
    assert scripted.seen("/private/x")


def test_crawl_delay_raises_the_per_host_delay(scripted: ScriptedServer, tmp_path: Path) -> None:
    feed = '<link rel="alternate" type="application/rss+xml" href="/feed/">'
    links = "".join(f'<a href="/p{i}/">{i}</a>' for i in range(2))
    scripted.html("/", f"<html><head>{feed}</head><body>{links}</body></html>")
    for i in range(2):
        scripted.html(f"/p{i}/", f"<html><body><p>page {i}</p></body></html>")
    robots = b"User-agent: *\nCrawl-delay: 0.3\nSitemap: /sitemap.xml\n"
    scripted.route("/robots.txt", Reply(body=robots, content_type="text/plain"))
    config = fast_config(scripted.url, tmp_path, delay=0.05, per_host_concurrency=1)
    list(crawl(config))
    pages = [r for r in scripted.requests if r.path != "/robots.txt"]
    assert {"/", "/p0/", "/p1/", "/feed/", "/sitemap.xml"} <= {r.path for r in pages}
    gaps = [b.at - a.at for a, b in itertools.pairwise(pages)]
    assert min(gaps) >= 0.25, gaps


def test_ignoring_robots_is_possible(scripted: ScriptedServer, tmp_path: Path) -> None:
    _blog(scripted)
    scripted.route(
        "/robots.txt", Reply(body=b"User-agent: *\nDisallow: /\n", content_type="text/plain")
    )
    list(crawl(fast_config(scripted.url, tmp_path, respect_robots=False)))
    assert scripted.seen("/private/x")
    assert not scripted.seen("/robots.txt")
