"""Content faults from a real server on 127.0.0.1: binary bodies served as ``text/html``, wrong,
missing and mixed charsets, a 100 MB body, a gzip bomb, 50,000 nested elements and pages of only
scripts. Bodies are bounded while streaming (so the 100 MB body and the 1 GB bomb stop at the
size limit), binary is never decoded as a page, and text decodes correctly."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import (
    CHARSET_TEXT,
    PARAGRAPHS,
    UTF8_TEXT,
    FaultServer,
    fault_config,
    fetch,
    run_crawl,
    state_for,
)

from scraper import extract
from scraper.errors import TooLarge

pytestmark = pytest.mark.timeout(60)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


@pytest.mark.parametrize("path", ["/binary-as-html", "/pdf-as-html"])
def test_binary_served_as_html_is_not_decoded(
    server: FaultServer, tmp_path: Path, path: str
) -> None:
    page = fetch(fault_config(server.url(path), tmp_path), server.url(path))
    assert page.content  # kept raw (an archive may want it) ...
    assert page.html == ""  # ... but never handed to the extractor as a page


def text_of(server: FaultServer, tmp_path: Path, path: str) -> str:
    page = fetch(fault_config(server.url(path), tmp_path), server.url(path))
    return extract(page.html, page.final_url).text


def test_wrong_declared_charset_still_decodes(server: FaultServer, tmp_path: Path) -> None:
    """Declared UTF-8, sent windows-1252: the declaration is not trusted blindly."""
    assert CHARSET_TEXT in text_of(server, tmp_path, "/wrong-charset")


def test_missing_charset_is_detected(server: FaultServer, tmp_path: Path) -> None:
    text = text_of(server, tmp_path, "/missing-charset")
    assert "Москва — столица России" in text


def test_mixed_encodings_keep_both_parts_readable(server: FaultServer, tmp_path: Path) -> None:
    """A UTF-8 page with a windows-1252 paragraph pasted in: both read correctly."""
    text = text_of(server, tmp_path, "/mixed-encodings")
    assert UTF8_TEXT in text
    assert CHARSET_TEXT in text


@pytest.mark.parametrize("length", ["1", "0"], ids=["content-length", "no-content-length"])
def test_100_mb_body_stops_at_the_size_limit(
    server: FaultServer, tmp_path: Path, length: str
) -> None:
    url = server.url("/huge", length=length)
    with pytest.raises(TooLarge):
        fetch(fault_config(url, tmp_path, max_body_bytes=2 * 1024 * 1024), url)


def test_gzip_bomb_stops_at_the_size_limit(server: FaultServer, tmp_path: Path) -> None:
    """About 1 MB on the wire, 1 GiB decompressed: decoding stops at the limit."""
    url = server.url("/gzip-bomb")
    with pytest.raises(TooLarge, match="larger than"):
        fetch(fault_config(url, tmp_path, max_body_bytes=2 * 1024 * 1024), url)


def test_50000_nested_elements_keep_the_article(server: FaultServer, tmp_path: Path) -> None:
    text = text_of(server, tmp_path, "/deep-nesting")
    for paragraph in PARAGRAPHS:
        assert paragraph in text


def test_crawl_exports_only_real_articles_among_hostile_content(
    server: FaultServer, tmp_path: Path
) -> None:
    hostile = [
        "/binary-as-html",
        "/pdf-as-html",
        "/huge",
        "/gzip-bomb",
        "/scripts-only",
    ]
    readable = ["/deep-nesting", "/wrong-charset", "/mixed-encodings", "/article/content-ok"]
    config = fault_config(
        server.url("/links", u=hostile + readable),
        tmp_path / "out",
        max_body_bytes=2 * 1024 * 1024,
    )
    items, _ = run_crawl(config)
    exported = sorted("/" + item.final_url.split("/", 3)[3] for item in items)
    assert exported == sorted(readable)
    for path in ["/huge", "/gzip-bomb"]:
        state = state_for(config, path)
        assert state is not None and state[0] == "failed", (path, state)
        assert "larger than" in (state[1] or "") or "exceeds" in (state[1] or "")
    for path in ["/binary-as-html", "/pdf-as-html"]:
        state = state_for(config, path)
        assert state is not None and state[0] == "skipped", (path, state)
    scripts = state_for(config, "/scripts-only")
    assert scripts is not None and scripts[0] == "done"
