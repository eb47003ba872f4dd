"""Discovery faults from a real server on 127.0.0.1: malformed sitemaps and feeds, XML entity
bombs (never expanded), a gzipped sitemap bomb, sitemap index cycles, robots.txt that is huge,
answers 5xx or redirects, and spider traps (an endless calendar, ever-longer URLs, a session id
in every link). The crawl always ends, fetches each sitemap once and stays bounded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import (
    BILLION_LAUGHS,
    FaultServer,
    fault_config,
    run_crawl,
    sitemap_gz_bomb,
    state_for,
)

from scraper.crawler.discover import looks_like_sitemap, parse_feed, parse_sitemap

pytestmark = pytest.mark.timeout(60)

# A trap the crawler does not recognise would run forever; this cap makes such a failure a
# clear assertion instead of a hung test (every bound asserted below is far smaller).
SAFETY_PAGES = 300


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def exported_paths(items: list) -> list[str]:
    return sorted("/" + item.final_url.split("/", 3)[3] for item in items)


# --- sitemaps and feeds ------------------------------------------------------------------------


def test_entity_bomb_in_a_sitemap_is_not_expanded() -> None:
    bomb = (
        BILLION_LAUGHS + '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://ex.example/a-&lol9;</loc></url>"
        "<url><loc>https://ex.example/after</loc></url></urlset>"
    ).encode()
    entries = parse_sitemap(bomb, "https://ex.example/sitemap.xml")
    assert "https://ex.example/after" in [url for url, _ in entries.pages]
    assert all(len(url) < 200 for url, _ in entries.pages)  # "lol" x 10^9 never appeared


def test_entity_bomb_in_a_feed_is_not_expanded() -> None:
    bomb = (
        BILLION_LAUGHS + "<rss version='2.0'><channel><title>&lol9;</title>"
        "<item><title>&lol9;</title><link>https://ex.example/post</link></item></channel></rss>"
    ).encode()
    assert parse_feed(bomb, "https://ex.example/feed").items == ["https://ex.example/post"]


def test_gzipped_sitemap_bomb_is_refused_not_inflated() -> None:
    bomb = sitemap_gz_bomb(1024 * 1024 * 1024)  # about 1 MB that inflates to 1 GiB
    assert len(bomb) < 5 * 1024 * 1024
    assert not looks_like_sitemap(bomb)


def test_crawl_through_bombs_and_broken_xml(server: FaultServer, tmp_path: Path) -> None:
    starts = [
        server.url("/sitemap-bomb.xml"),
        server.url("/feed-bomb.xml"),
        server.url("/sitemap-gz-bomb.xml.gz"),
        server.url("/sitemap-malformed.xml"),
        server.url("/feed-malformed.xml"),
    ]
    config = fault_config(starts, tmp_path / "out")
    items, _ = run_crawl(config)
    exported = exported_paths(items)
    for found in ["/article/after-bomb", "/article/feed-bomb", "/article/malformed-1"]:
        assert found in exported
    assert "/article/feed-1" in exported
    assert all(len(path) < 200 for path in exported)
    gz_bomb = state_for(config, "/sitemap-gz-bomb.xml.gz")
    assert gz_bomb is not None and gz_bomb[0] in {"skipped", "failed"}


def test_sitemap_index_cycle_ends(server: FaultServer, tmp_path: Path) -> None:
    before = {p: server.count(p) for p in ("/sitemap-cycle-a.xml", "/sitemap-cycle-b.xml")}
    config = fault_config(server.url("/sitemap-cycle-a.xml"), tmp_path / "out")
    items, _ = run_crawl(config)
    assert exported_paths(items) == ["/article/cycle-leaf"]
    for path, count in before.items():
        assert server.count(path) - count == 1, path


# --- robots.txt --------------------------------------------------------------------------------


def crawl_with_robots(mode: str, tmp_path: Path) -> tuple[FaultServer, list[str], object]:
    with FaultServer(robots=mode) as site:
        start = site.url("/links", u=["/article/robots-ok", "/private/secret"])
        config = fault_config(start, tmp_path / "out")
        items, _ = run_crawl(config)
    return site, exported_paths(items), config


def test_huge_robots_txt_is_bounded_and_the_crawl_goes_on(tmp_path: Path) -> None:
    """4 MB of rules: read up to the RFC 9309 minimum (500 KiB), the rest ignored."""
    site, exported, _ = crawl_with_robots("huge", tmp_path)
    assert "/article/robots-ok" in exported
    assert site.count("/robots.txt") == 1


def test_robots_txt_5xx_means_disallow_all_for_now(tmp_path: Path) -> None:
    """RFC 9309: an unreachable robots.txt means "assume complete disallow"; the URLs stay
    queued (blocked) for a later run instead of being lost."""
    site, exported, config = crawl_with_robots("error", tmp_path)
    assert exported == []
    assert site.count("/links") == 0
    assert site.count("/article/robots-ok") == 0
    state = state_for(config, "/links?u=%2Farticle%2Frobots-ok&u=%2Fprivate%2Fsecret")
    assert state is not None and state[0] == "blocked"


def test_redirected_robots_txt_is_followed(tmp_path: Path) -> None:
    site, exported, _ = crawl_with_robots("redirect", tmp_path)
    assert site.count("/robots-moved.txt") == 1
    assert exported == ["/article/robots-ok"]
    assert site.count("/private/secret") == 0


# --- spider traps ------------------------------------------------------------------------------


def test_endless_calendar_is_bounded_by_depth(server: FaultServer, tmp_path: Path) -> None:
    before = server.count_prefix("/calendar/")
    config = fault_config(
        server.url("/calendar/2024/06"), tmp_path / "out", max_depth=8, max_pages=SAFETY_PAGES
    )
    run_crawl(config)
    assert server.count_prefix("/calendar/") - before <= 2 * 8 + 1


def test_ever_longer_urls_stop_at_the_url_length_limit(server: FaultServer, tmp_path: Path) -> None:
    config = fault_config(
        server.url("/long/a"),
        tmp_path / "out",
        max_depth=10_000,
        max_url_length=300,
        max_pages=SAFETY_PAGES,
    )
    run_crawl(config)
    longest = max(len(path) for _, path in server.arrivals if path.startswith("/long"))
    assert longest <= 300


def test_session_ids_in_links_do_not_multiply_pages(server: FaultServer, tmp_path: Path) -> None:
    before = server.count_prefix("/session/")
    config = fault_config(
        server.url("/session"), tmp_path / "out", max_depth=20, max_pages=SAFETY_PAGES
    )
    run_crawl(config)
    assert server.count_prefix("/session/") - before == 3  # one, two, three: once each
