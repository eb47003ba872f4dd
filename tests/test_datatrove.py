"""scraper's extractor as a datatrove pipeline step, run by datatrove's local executor on a WARC."""

from __future__ import annotations

import gzip
import io
import json
from pathlib import Path

import pytest

pytest.importorskip("datatrove")
pytest.importorskip("magic")  # WarcReader needs python-magic (libmagic) and cchardet

from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import WarcReader
from datatrove.pipeline.writers import JsonlWriter
from warc_set import SITE, fixture_pages
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.extractor import extract
from scraper.integrations.datatrove import ScraperExtractor

PAGES = fixture_pages()[:12]


def _write_warc(folder: Path) -> None:
    folder.mkdir()
    with open(folder / "crawl.warc.gz", "wb") as out:
        writer = WARCWriter(out, gzip=True)
        for number, body in enumerate(PAGES):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], "HTTP/1.1"
            )
            record = writer.create_warc_record(
                f"{SITE}/{number}/", "response", payload=io.BytesIO(body), http_headers=headers
            )
            record.rec_headers.add_header("WARC-Identified-Payload-Type", "text/html")
            writer.write_record(record)


def _run(tmp_path: Path, name: str, step: ScraperExtractor) -> list[dict]:
    out = tmp_path / name
    LocalPipelineExecutor(
        pipeline=[WarcReader(str(tmp_path / "warcs")), step, JsonlWriter(str(out))],
        tasks=1,
        workers=1,
        logging_dir=str(tmp_path / f"{name}-logs"),
    ).run()
    lines = []
    for path in sorted(out.glob("*.jsonl.gz")):
        lines += gzip.decompress(path.read_bytes()).decode().splitlines()
    return [json.loads(line) for line in lines]


def test_the_step_fills_text_and_metadata_in_a_datatrove_pipeline(tmp_path: Path) -> None:
    _write_warc(tmp_path / "warcs")
    docs = _run(tmp_path, "all", ScraperExtractor(timeout=10))
    expected = {
        f"{SITE}/{number}/": extract(body.decode(), f"{SITE}/{number}/")
        for number, body in enumerate(PAGES)
    }
    kept = {url: article for url, article in expected.items() if article.text}
    assert [doc["metadata"]["url"] for doc in docs] == list(kept)
    for doc in docs:
        article = kept[doc["metadata"]["url"]]
        assert doc["text"] == article.text
        assert doc["metadata"]["page_kind"] == article.page_kind
        assert doc["metadata"].get("title") == article.title
    assert any(doc["metadata"].get("date_published") for doc in docs)

    articles = _run(tmp_path, "articles", ScraperExtractor(timeout=10, articles_only=True))
    assert [doc["metadata"]["url"] for doc in articles] == [
        url for url, article in kept.items() if article.page_kind == "article"
    ]
    assert 0 < len(articles) < len(docs)
