"""HTTP faults from a real server on 127.0.0.1: 429/503 with Retry-After (seconds and HTTP date),
500s that recover and ones that never do, 404/410, redirect loops and over-long chains, an
off-site redirect, and a 200 that is really an error page."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer, fault_config, fetch, run_crawl, state_for

from scraper.errors import HTTPStatusError, RedirectError

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def gaps(server: FaultServer, path: str) -> list[float]:
    times = server.times(path)
    return [later - earlier for earlier, later in itertools.pairwise(times)]


def test_429_retry_after_seconds_is_honoured(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/status/429", retry_after=1, fail=1, key="seconds")
    page = fetch(fault_config(url, tmp_path), url)
    assert page.status == 200
    assert "Recovered after 429" in page.html
    assert len(server.times("/status/429")) == 2
    assert gaps(server, "/status/429")[-1] >= 0.95


def test_503_retry_after_http_date_is_honoured(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/status/503", retry_date=2, fail=1, key="date")
    page = fetch(fault_config(url, tmp_path), url)
    assert page.status == 200
    assert len(server.times("/status/503")) == 2
    # An HTTP date has one-second resolution: "now + 2 s" means at least one more second.
    assert gaps(server, "/status/503")[-1] >= 0.95


def test_retry_after_beyond_the_limit_fails_at_once(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/status/429", retry_after=3600, fail=1, key="too-long")
    before = server.count("/status/429")
    with pytest.raises(HTTPStatusError) as caught:
        fetch(fault_config(url, tmp_path, max_retry_after=5), url)
    assert caught.value.status == 429
    assert server.count("/status/429") - before == 1


def test_500s_that_recover_are_retried(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/flaky/500", fail=2, key="recovers")
    page = fetch(fault_config(url, tmp_path, max_retries=3), url)
    assert page.status == 200


def test_500s_that_never_recover_give_up(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/flaky/500", fail=1000, key="never")
    before = server.count("/flaky/500")
    with pytest.raises(HTTPStatusError) as caught:
        fetch(fault_config(url, tmp_path, max_retries=2), url)
    assert caught.value.status == 500
    assert server.count("/flaky/500") - before == 3


@pytest.mark.parametrize("code", [404, 410])
def test_404_and_410_are_not_retried(server: FaultServer, tmp_path: Path, code: int) -> None:
    path = f"/status/{code}"
    before = server.count(path)
    with pytest.raises(HTTPStatusError) as caught:
        fetch(fault_config(server.url(path), tmp_path), server.url(path))
    assert caught.value.status == code
    assert server.count(path) - before == 1


def test_redirect_loop_is_detected(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/redirect-loop")
    with pytest.raises(RedirectError, match="loop"):
        fetch(fault_config(url, tmp_path), url)


def test_redirect_chain_within_the_limit_is_followed(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/redirect-chain/4")
    page = fetch(fault_config(url, tmp_path, max_redirects=5), url)
    assert page.final_url.endswith("/redirect-chain/0")


def test_redirect_chain_past_the_limit_fails(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/redirect-chain/30")
    before = server.count("/redirect-chain/24")
    with pytest.raises(RedirectError):
        fetch(fault_config(url, tmp_path, max_redirects=5), url)
    assert server.count("/redirect-chain/24") - before == 0  # 30 -> 25 is five hops: stop


def test_crawl_keeps_going_through_http_faults(server: FaultServer, tmp_path: Path) -> None:
    """One crawl meets every HTTP fault: it exports the real articles and nothing else, never
    leaves the site, and records why each faulty URL failed."""
    faulty = [
        "/status/404",
        "/status/410",
        "/flaky/500?fail=1000&key=crawl-never",
        "/redirect-loop",
        "/redirect-chain/30",
        "/offsite",
        "/error-200",
    ]
    good = ["/article/http-one", "/flaky/500?fail=1&key=crawl-recovers", "/redirect-chain/2"]
    start = server.url("/links", u=faulty + good)
    config = fault_config(start, tmp_path / "out", max_redirects=5)
    offsite_before = server.count("/article/offsite-target")
    items, _ = run_crawl(config)
    exported = sorted(item.final_url.split("/", 3)[3] for item in items)
    assert exported == [
        "article/http-one",
        "flaky/500?fail=1&key=crawl-recovers",
        "redirect-chain/0",
    ]
    assert server.count("/article/offsite-target") == offsite_before
    for path in ["/status/404", "/status/410", "/redirect-loop", "/redirect-chain/30"]:
        state = state_for(config, path)
        assert state is not None and state[0] == "failed" and state[1], (path, state)
    offsite = state_for(config, "/offsite")
    assert offsite is not None and offsite[0] == "skipped"
    error_page = state_for(config, "/error-200")
    assert error_page is not None and error_page[0] == "done"


def test_failed_urls_are_retried_by_the_next_run(server: FaultServer, tmp_path: Path) -> None:
    """Nothing is lost: a URL that failed in one run is fetched again by the next."""
    flaky = "/flaky/500?fail=4&key=next-run"
    start = server.url("/links", u=[flaky])
    config = fault_config(start, tmp_path / "out", max_retries=2)
    first, _ = run_crawl(config)
    assert first == []
    assert state_for(config, flaky) is not None
    assert state_for(config, flaky)[0] == "failed"  # type: ignore[index]
    second, _ = run_crawl(config)
    assert [item.final_url.split("/", 3)[3] for item in second] == [flaky.lstrip("/")]
