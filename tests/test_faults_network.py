"""Network faults against a real misbehaving server on 127.0.0.1: refused, reset mid-body, a
server that never answers, one that dribbles a byte at a time, a body shorter than its
Content-Length. Each is retried a bounded number of times, then fails as a ``FetchError``; a
crawl meeting all of them keeps going, exports the good pages and records the failures."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import FaultServer, fault_config, fetch, run_crawl, state_for

from scraper.errors import FetchError

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def attempts(server: FaultServer, path: str, url: str, tmp_path: Path, **changes: object) -> int:
    """How many requests one failing fetch of ``url`` made (it must fail with FetchError)."""
    before = server.count(path)
    with pytest.raises(FetchError):
        fetch(fault_config(url, tmp_path, **changes), url)
    return server.count(path) - before


def test_connection_refused_is_a_fetch_error(server: FaultServer, tmp_path: Path) -> None:
    url = server.closed_port_url
    with pytest.raises(FetchError) as caught:
        fetch(fault_config(url, tmp_path), url)
    assert "Connect" in caught.value.reason


def test_reset_mid_body_is_retried_then_fails(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/reset-mid-body")
    assert attempts(server, "/reset-mid-body", url, tmp_path, max_retries=2) == 3


def test_server_that_never_answers_times_out(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/hang")
    assert attempts(server, "/hang", url, tmp_path, max_retries=1) == 2


def test_dribbling_server_hits_the_overall_deadline(server: FaultServer, tmp_path: Path) -> None:
    """A byte every 0.2 s never trips the 0.5 s read timeout; the per-request deadline does."""
    url = server.url("/dribble", interval=0.2, size=100_000)
    config = fault_config(url, tmp_path, max_retries=0, connect_timeout=0.5, read_timeout=0.5)
    with pytest.raises(FetchError) as caught:
        fetch(config, url)
    assert "Timeout" in caught.value.reason


def test_body_shorter_than_content_length_is_an_error(server: FaultServer, tmp_path: Path) -> None:
    url = server.url("/short-body")
    assert attempts(server, "/short-body", url, tmp_path, max_retries=1) == 2


def test_crawl_survives_every_network_fault(server: FaultServer, tmp_path: Path) -> None:
    faults = ["/reset-mid-body", "/hang", "/short-body", server.closed_port_url]
    good = ["/article/net-one", "/article/net-two"]
    start = server.url("/links", u=[*faults[:3], *good, faults[3]])
    config = fault_config(start, tmp_path / "out", max_retries=1)
    items, stats = run_crawl(config)
    assert sorted(item.final_url.rsplit("/", 1)[-1] for item in items) == ["net-one", "net-two"]
    for path in faults[:3]:
        state = state_for(config, path)
        assert state is not None and state[0] == "failed" and state[1], (path, state)
    assert stats.failed >= 3
