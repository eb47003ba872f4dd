"""Bounds on what a server controls, credentials kept out of what is written, discovery by content,
and the README's exit codes, against real servers on 127.0.0.1."""

from __future__ import annotations

import json
import logging
import math
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer, fault_config, run_crawl, state_for

from scraper import CrawlConfig, ScraperError, crawl, extract
from scraper.cli import main
from scraper.crawler.fetch import Fetcher
from scraper.errors import InputError

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


# --- Crawl-delay ---------------------------------------------------------------------------------


def test_huge_crawl_delay_is_capped_and_said(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    with FaultServer(robots="crawl-delay") as site:
        start = site.url("/links", u=[site.url("/article/one"), site.url("/article/two")])
        config = fault_config(start, tmp_path, delay=0.01, max_crawl_delay=0.2, max_depth=1)
        with caplog.at_level(logging.WARNING, logger="scraper.fetch"):
            items, _ = run_crawl(config)
    assert {site.url("/article/one"), site.url("/article/two")} <= {i.final_url for i in items}
    assert "Crawl-delay 86400.0 capped at 0.2 s" in caplog.text


def test_crawl_delay_cap_applies_to_every_value(tmp_path: Path) -> None:
    config = CrawlConfig(output_dir=tmp_path, delay=1.0, max_crawl_delay=60.0)
    fetcher = Fetcher(config)
    for asked, expected in [(5.0, 5.0), (86400.0, 60.0), (math.inf, 60.0), (math.nan, 60.0)]:
        fetcher.set_host_delay("h", asked)
        assert fetcher.gate("h").delay == expected


# --- credentials ---------------------------------------------------------------------------------


def test_credentials_in_a_url_are_never_written(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with_credentials = server.url("/article/secret").replace("://", "://alice:hunter2@")
    out = tmp_path / "out"
    assert main(["extract", with_credentials, "-o", str(out), "-f", "jsonl", "-q"]) == 0
    text = (out / "articles.jsonl").read_text("utf-8")
    assert json.loads(text)["title"] == "Article secret"
    assert "hunter2" not in text and "alice" not in text
    missing = server.url("/status/404").replace("://", "://alice:hunter2@")
    assert main(["extract", missing, "--retries", "0", "-v"]) == 3
    assert "hunter2" not in capsys.readouterr().err


# --- discovery by content ------------------------------------------------------------------------


def test_sitemap_as_text_plain_and_untyped_feed_are_read(tmp_path: Path) -> None:
    with FaultServer(robots="sitemaps-by-content") as site:
        config = fault_config(site.url("/article/start"), tmp_path)
        items, _ = run_crawl(config)
        urls = {item.final_url for item in items}
        for path in ("/article/s1", "/article/s2", "/article/f1"):
            assert site.url(path) in urls, path
        assert state_for(config, "/sitemap-as-text.xml?u=/article/s1&u=/article/s2") == (
            "done",
            None,
        )


# --- exit codes and library validation ------------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["http://[::1", "http://host:99999/", "http://exa mple.com/", "ftp://x.org/", "https://"]
)
def test_malformed_url_arguments_exit_2(
    url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["crawl", url, "-o", str(tmp_path / "out"), "-q"]) == 2
    assert main(["extract", url]) == 2
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 2 and not any("internal error" in line for line in errors)


def test_bad_proxy_and_base_url_exit_2(tmp_path: Path) -> None:
    assert main(["crawl", "http://127.0.0.1:9/", "--proxy", "bad proxy", "-o", str(tmp_path)]) == 2
    assert main(["extract", str(tmp_path), "--base-url", "http://[::1"]) == 2


def test_start_url_redirecting_off_site_says_why_and_fails(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["crawl", server.url("/offsite"), "-o", str(tmp_path), "--delay", "0", "-q"])
    assert code == 3
    error = capsys.readouterr().err
    assert "redirect leaves the crawl's scope" in error and "/offsite" in error


@pytest.mark.parametrize(
    "options",
    [
        {"start_urls": "https://ex.example/"},
        {"start_urls": ["https://ex.example/"]},
    ],
)
def test_a_string_of_start_urls_is_one_url(options: dict[str, object]) -> None:
    assert CrawlConfig(**options).start_urls == ("https://ex.example/",)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "options",
    [
        {"delay": math.inf},
        {"delay": -1},
        {"delay": math.nan},
        {"read_timeout": math.inf},
        {"connect_timeout": 0},
        {"max_retry_after": math.inf},
        {"max_pages": "10"},
        {"concurrency": 2.5},
        {"start_urls": [b"https://ex.example/"]},
        {"start_urls": 42},
        {"respect_robots": "no"},
        {"extract_timeout": math.inf},
        {"proxy": "bad proxy"},
        {"user_agent": "x\r\nInjected: 1"},
    ],
)
def test_nonsense_options_are_input_errors(options: dict[str, object]) -> None:
    with pytest.raises(InputError):
        CrawlConfig(**options)  # type: ignore[arg-type]


def test_library_entry_points_raise_only_scraper_errors(tmp_path: Path) -> None:
    for call in (
        lambda: list(crawl("not a url", output_dir=tmp_path)),
        lambda: list(crawl("https://ex.example/", output_dir=tmp_path, no_such_option=1)),
        lambda: list(crawl("https://ex.example/", output_dir=tmp_path, delay=math.inf)),
        lambda: extract(42),  # type: ignore[arg-type]
        lambda: CrawlConfig().with_changes(nope=1),
    ):
        with pytest.raises(ScraperError):
            call()
