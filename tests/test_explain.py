"""``scraper explain``: every block kept or dropped with a reason, and the report agrees with
``extract()`` exactly, in the library, the JSON form, the CLI and a real headless browser."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import html as lxml_html

import scraper
from scraper.cli import main
from scraper.export.report import render_report

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
SEED = PAGES / "wordpress_seed.html"
SEED_URL = "https://www.jimsmarketingblog.com/2014/07/09/no-traffic-jams-extra-mile/"
FIXTURE_PAGES = sorted(PAGES.glob("*.html"))


def _lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.stem)
def test_kept_blocks_are_exactly_the_extracted_text(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    explanation = scraper.explain(html, SEED_URL)
    kept = "\n".join(block.text for block in explanation.kept)
    assert kept == scraper.extract(html, SEED_URL).text


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.stem)
def test_every_dropped_block_has_a_reason(page: Path) -> None:
    explanation = scraper.explain(page.read_text(encoding="utf-8"))
    assert explanation.dropped, "a real page always has something to drop"
    assert all(block.reason.strip() for block in explanation.blocks)


@pytest.mark.parametrize("page", FIXTURE_PAGES, ids=lambda p: p.stem)
def test_metadata_values_are_what_extract_returns(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    explanation = scraper.explain(html, SEED_URL)
    record = scraper.extract(html, SEED_URL).to_dict()
    assert explanation.metadata, "fields are explained"
    for name, field in explanation.metadata.items():
        value = list(field.value) if isinstance(field.value, tuple) else field.value
        assert value == record[name], name
        if field.value:
            assert field.source, f"{name} has a value but no winning source"


def test_seed_report_keeps_the_clean_body() -> None:
    explanation = scraper.explain(SEED.read_bytes(), SEED_URL)
    expected = (PAGES / "wordpress_seed.expected.txt").read_text(encoding="utf-8")
    assert _lines("\n".join(block.text for block in explanation.kept)) == _lines(expected)
    assert explanation.article.page_kind == "article"
    assert explanation.kind_evidence["declared_kind"] == "article"


def test_json_form_lists_dropped_blocks_with_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["explain", str(SEED), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    dropped = [block for block in data["blocks"] if not block["kept"]]
    assert dropped and all(block["reason"] for block in dropped)
    assert data["summary"]["dropped"] == len(dropped)
    assert data["summary"]["kept"] + len(dropped) == len(data["blocks"])
    assert "\n".join(b["text"] for b in data["blocks"] if b["kept"]) == data["text"]
    assert data["metadata"]["title"]["value"] == "There are no traffic jams on the extra mile"


def test_cli_writes_the_html_report(tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    assert main(["explain", str(SEED), "-o", str(out), "-q"]) == 0
    report = out.read_text(encoding="utf-8")
    assert report.startswith("<!doctype html>")
    assert "<script" not in report and "http://" not in report.split("<main>")[0]


def test_cli_refuses_a_missing_file_in_one_line(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "scraper", "explain", str(tmp_path / "nope.html")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr


def test_empty_page_explains_to_nothing() -> None:
    explanation = scraper.explain("")
    assert explanation.blocks == () and explanation.article.text == ""
    assert "<!doctype html>" in render_report(explanation)


CHROMIUM = next(
    (
        shutil.which(name)
        for name in ("chromium", "chromium-browser", "google-chrome")
        if shutil.which(name)
    ),
    None,
)


@pytest.mark.skipif(CHROMIUM is None, reason="no headless Chromium on this machine")
def test_report_renders_in_a_real_browser(tmp_path: Path) -> None:
    """Chromium loads the report; the DOM it renders shows the summary, and its kept blocks,
    read back from the browser, are exactly ``extract().text``."""
    report = tmp_path / "report.html"
    assert main(["explain", str(SEED), "-o", str(report), "-q"]) == 0
    assert CHROMIUM is not None
    done = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=90,
    )
    assert done.returncode == 0, done.stderr[-500:]
    dom = lxml_html.fromstring(done.stdout)
    kept = [el.text_content() for el in dom.xpath("//div[@class='block kept']/div[@class='text']")]
    dropped = dom.xpath("//div[@class='block dropped']//span[@class='reason']")
    assert "\n".join(kept) == scraper.extract(SEED.read_bytes()).text
    assert dropped and all(el.text_content().strip() for el in dropped)
    summary = dom.get_element_by_id("summary").text_content()
    assert "article" in summary and "blocks kept" in summary
