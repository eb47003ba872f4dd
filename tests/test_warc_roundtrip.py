"""Round trip: a crawl written to a WARC, extracted again, gives exactly the crawl's articles."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pytest
from conftest import fast_config
from warcio.archiveiterator import ArchiveIterator as WarcioIterator

import scraper
from scraper.archive.mirror import iter_mirror_articles
from scraper.archive.warc import ArchiveStats, iter_warc_articles
from scraper.cli import main
from scraper.site_server import SiteServer

# fetched_at is the moment of the response in the WARC and of the page in the crawl: a few
# milliseconds apart, so it may differ in the last second.
_TIMING = {"fetched_at"}


def _comparable(record: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in record.items() if k not in _TIMING}


def test_extracting_a_crawls_warc_gives_the_crawls_articles(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    warc = tmp_path / "crawl.warc.gz"
    config = fast_config(blog_server.url, tmp_path / "out", warc_path=warc)
    crawled = {item.final_url: item.to_dict() for item in scraper.crawl(config)}
    assert len(crawled) == 30

    stats = ArchiveStats()
    extracted = {item.final_url: item.to_dict() for item in iter_warc_articles(warc, stats=stats)}
    assert extracted.keys() == crawled.keys()
    for url, record in crawled.items():
        assert _comparable(extracted[url]) == _comparable(record)
    assert stats.skipped["not-article"] > 0  # listings and other pages were in the WARC too

    # The archive holds every exchange: robots.txt, sitemaps, feeds and pages, with requests.
    kinds: dict[str, int] = {}
    uris = set()
    with open(warc, "rb") as stream:
        for record in WarcioIterator(stream, check_digests="raise"):
            record.content_stream().read()
            kinds[record.rec_type] = kinds.get(record.rec_type, 0) + 1
            uris.add(record.rec_headers.get_header("WARC-Target-URI"))
    assert kinds["warcinfo"] == 1 and kinds["request"] == kinds["response"] > 30
    assert urljoin(blog_server.url, "/robots.txt") in uris
    assert any("sitemap" in (uri or "") for uri in uris)


def _jsonl_records(folder: Path) -> dict[str, dict[str, Any]]:
    records = {}
    for file in folder.glob("*.jsonl"):
        for line in file.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            records[record["url"]] = record
    return records


def test_cli_extract_of_the_crawl_warc_matches_the_cli_crawl(
    blog_server: SiteServer, tmp_path: Path
) -> None:
    warc = tmp_path / "crawl.warc.gz"
    crawl_out, extract_out = tmp_path / "crawl", tmp_path / "extract"
    fast = ["--delay", "0", "--concurrency", "4", "-q"]
    code = main(
        ["crawl", blog_server.url, "-o", str(crawl_out), "-f", "jsonl", "--warc", str(warc), *fast]
    )
    assert code == 0
    code = main(["extract", str(warc), "-o", str(extract_out), "-f", "jsonl", "-j", "2", "-q"])
    assert code == 0
    crawled, extracted = _jsonl_records(crawl_out), _jsonl_records(extract_out)
    assert len(crawled) == 30
    assert extracted.keys() == crawled.keys()
    for url, record in crawled.items():
        assert _comparable(extracted[url]) == _comparable(record)


def test_cli_extract_of_a_mirror_folder_maps_urls_and_keeps_articles(
    tmp_path: Path, make_blog: Any
) -> None:
    blog = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
    out = tmp_path / "out"
    base = "https://www.jimsmarketingblog.com/"
    code = main(["extract", str(blog), "--base-url", base, "-o", str(out), "-f", "jsonl", "-q"])
    assert code == 0
    urls = set(_jsonl_records(out))
    assert urls == set(make_blog.post_urls())
    library = {item.final_url for item in iter_mirror_articles(blog, base)}
    assert library == urls


def test_cli_extract_of_a_mirror_reports_its_counts_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blog = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
    base = "https://www.jimsmarketingblog.com/"
    code = main(["extract", str(blog), "--base-url", base, "-o", str(tmp_path / "out")])
    assert code == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    summary = captured.err.strip().splitlines()[-1]
    assert "exported 30" in summary and "failed 0" in summary
