"""Hostile pages and documents against a real server on 127.0.0.1: one input can fail, the run
never does, and none can stall it.

An unusable declared charset and JSON-LD with broken escapes used to end a crawl with "internal
error"; a page that is slow to extract froze the event loop. Now each page is read in a worker
process under a deadline, a page over budget is recorded as failed (and not fetched again until
``fresh``), and any unexpected error while handling one page stays that page's failure.
"""

from __future__ import annotations

import codecs
import encodings.aliases
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import CHARSET_TEXT, FaultServer, fault_config, run_crawl, state_for
from hypothesis import given, settings
from hypothesis import strategies as st

from scraper import extract
from scraper.cli import main
from scraper.extractor.decode import decode_html
from scraper.models import Article

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(scope="module")
def server() -> Iterator[FaultServer]:
    with FaultServer() as running:
        yield running


def links_to(server: FaultServer, *paths: str) -> str:
    return server.url("/links", u=[server.url(p) for p in paths])


GOOD = ("/article/one", "/article/two", "/article/three")


# --- class 2: one page aborts the crawl ---------------------------------------------------------


@pytest.mark.parametrize("codec", ["undefined", "rot13", "base64", "zlib", "utf-7", "bogus-x"])
def test_unusable_declared_charset_is_detected_instead(codec: str) -> None:
    data = f'<html><head><meta charset="{codec}"></head><body><p>{CHARSET_TEXT}</p>'
    text, _ = decode_html(data.encode("cp1252"), codec)
    assert CHARSET_TEXT in text


def test_unusable_charset_and_broken_jsonld_do_not_stop_the_crawl(
    server: FaultServer, tmp_path: Path
) -> None:
    start = links_to(server, "/bad-charset", "/bad-jsonld", *GOOD)
    config = fault_config(start, tmp_path, max_depth=1)
    items, stats = run_crawl(config)
    urls = {item.final_url for item in items}
    for path in (*GOOD, "/bad-charset", "/bad-jsonld"):
        assert server.url(path) in urls, path
    for item in items:  # every record can be written as UTF-8 JSON
        json.dumps(item.to_dict(), ensure_ascii=False).encode("utf-8")
    bad = next(item for item in items if item.final_url.endswith("/bad-charset"))
    assert CHARSET_TEXT in bad.article.text
    assert stats.failed == 0


def test_broken_jsonld_in_a_folder_of_saved_pages_is_one_more_article(
    server: FaultServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import urllib.request

    pages = tmp_path / "pages"
    pages.mkdir()
    for name, path in [("a", "/bad-jsonld"), ("b", "/bad-charset"), ("c", "/article/c")]:
        with urllib.request.urlopen(server.url(path)) as response:
            (pages / f"{name}.html").write_bytes(response.read())
    assert main(["extract", str(pages), "-j", "1"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert all(json.loads(line)["text"] for line in lines)


CODEC_NAMES = sorted(set(encodings.aliases.aliases.values()) | {"undefined", "rot13", "x-junk"})


@settings(max_examples=150, deadline=None)
@given(
    codec=st.sampled_from(CODEC_NAMES),
    body=st.binary(max_size=400)
    | st.text(max_size=200).map(lambda t: t.encode("utf-8", "replace")),
    jsonld=st.text(alphabet='\\"ud80fx{}:,[] a0', max_size=60),
)
def test_extract_never_raises_for_any_declared_charset_or_jsonld(
    codec: str, body: bytes, jsonld: str
) -> None:
    page = (
        f'<html><head><meta charset="{codec}"><script type="application/ld+json">'
        f'{{"@type":"NewsArticle","headline":"{jsonld}"}}</script></head><body><p>'
    ).encode("ascii", "replace") + body
    for value in (page, page.decode("latin-1")):
        article = extract(value, "https://ex.example/p", encoding=codec)
        assert isinstance(article, Article)
        json.dumps(article.to_dict(), ensure_ascii=False).encode("utf-8")


def test_every_python_codec_name_is_survived() -> None:
    for name in CODEC_NAMES:
        with_codec = f'<meta charset="{name}"><p>caf\xe9 \\ud800</p>'.encode("latin-1")
        assert isinstance(extract(with_codec, encoding=name), Article)
    assert codecs.lookup("undefined")  # a name Python knows but cannot decode with


# --- class 1: one page freezes the crawl --------------------------------------------------------


def test_page_over_its_extraction_budget_fails_alone_and_is_not_fetched_again(
    server: FaultServer, tmp_path: Path
) -> None:
    start = links_to(server, "/slow-extract", *GOOD)
    config = fault_config(start, tmp_path, max_depth=1, extract_timeout=0.5, extract_workers=1)
    items, stats = run_crawl(config)
    assert {server.url(p) for p in GOOD} <= {item.final_url for item in items}
    status, error = state_for(config, "/slow-extract") or ("", "")
    assert status == "quarantined"
    assert "extraction timed out" in (error or "")
    assert stats.failed == 1
    fetched = server.count("/slow-extract")
    run_crawl(config)  # an incremental re-crawl: the page over budget is left alone
    assert server.count("/slow-extract") == fetched
    run_crawl(config.with_changes(fresh=True))  # asked for: fetched (and timed out) again
    assert server.count("/slow-extract") == fetched + 1


def test_extraction_in_the_crawls_own_process_still_works(
    server: FaultServer, tmp_path: Path
) -> None:
    config = fault_config(links_to(server, *GOOD), tmp_path, max_depth=1, extract_workers=0)
    items, stats = run_crawl(config)
    assert {server.url(p) for p in GOOD} <= {item.final_url for item in items}
    assert stats.failed == 0


def test_element_with_tens_of_thousands_of_attributes_is_thinned_not_stalled() -> None:
    """libxml2 compares each attribute with every earlier one (quadratic): such an element keeps
    its first MAX_ATTRIBUTES attributes, and the article around it is still read."""
    from scraper.extractor.parse import MAX_ATTRIBUTES, parse_html

    flood = " ".join(f'data-x{n}="{n}"' for n in range(60_000))
    page = (
        f'<html><body><article id="post"><div class="entry" {flood}><p>{CHARSET_TEXT}</p>'
        "</div></article></body></html>"
    )
    root = parse_html(page)
    assert root is not None
    element = root.find(".//div")
    assert element is not None and element.get("class") == "entry"
    assert len(element.attrib) == MAX_ATTRIBUTES
    assert CHARSET_TEXT in extract(page).text


def test_sitemap_with_thousands_of_broken_doctypes_is_read_in_linear_time() -> None:
    """``<!DOCTYPE [`` openings never closed made the old doctype pattern rescan the rest of
    the document from each one (quadratic: minutes for a few hundred KiB)."""
    from scraper.crawler.discover import parse_sitemap

    junk = b"<?xml version='1.0'?>" + b"<!DOCTYPE [" * 50_000
    assert parse_sitemap(junk, "https://ex.example/").pages == []
    subset = b"<!DOCTYPE urlset [<!ENTITY a 'b'>]>"
    good = subset + b"<urlset><url><loc>https://ex.example/a</loc></url></urlset>"
    assert parse_sitemap(good, "https://ex.example/").pages == [("https://ex.example/a", None)]
