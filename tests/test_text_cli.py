"""``scraper extract`` on text dumps: one .txt file, a folder of them beside HTML, a WET file."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SEED_PAGE = REPO / "fixtures" / "text" / "seed_page.txt"
SEED_CLEAN = (REPO / "fixtures" / "text" / "seed_clean.txt").read_text(encoding="utf-8")


def run(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``python -m scraper ARGS`` with this checkout importable."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [sys.executable, "-m", "scraper", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def lines_of(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def test_extract_a_text_dump_prints_the_seed_s_clean_article(tmp_path: Path) -> None:
    done = run("extract", str(SEED_PAGE), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    record = json.loads(done.stdout)
    assert lines_of(record["text"]) == lines_of(SEED_CLEAN)
    assert record["title"] == "There are no traffic jams on the extra mile"
    assert record["author"] == "Jim Connolly"
    assert record["date_published"] == "2014-07-09"
    assert record["url"] == SEED_PAGE.resolve().as_uri()


def test_extract_a_folder_reads_text_dumps_beside_html_pages(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    folder.mkdir()
    (folder / "post.html").write_text(
        "<html><head><title>Harbour</title></head><body><article><h1>Harbour</h1>"
        + "<p>The gulls argued over what the night boats had left on the stones.</p>" * 5
        + "</article></body></html>",
        encoding="utf-8",
    )
    (folder / "seed.txt").write_text(SEED_PAGE.read_text(encoding="utf-8"), encoding="utf-8")
    (folder / "robots.txt").write_text("User-agent: *\nDisallow:\n" * 20, encoding="utf-8")
    (folder / "note.txt").write_text("not a page", encoding="utf-8")
    done = run("extract", "pages", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [Path(r["url"]).name for r in records] == ["post.html", "seed.txt"]
    assert lines_of(records[1]["text"]) == lines_of(SEED_CLEAN)


def wet_file(path: Path, pages: list[tuple[str, str]]) -> None:
    """A gzipped WET file: a warcinfo record, then one conversion record per page."""
    warcio = pytest.importorskip("warcio.warcwriter")
    with path.open("wb") as out:
        writer = warcio.WARCWriter(out, gzip=True)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))
        for url, text in pages:
            record = writer.create_warc_record(
                url,
                "conversion",
                payload=io.BytesIO(text.encode("utf-8")),
                warc_headers_dict={"Content-Type": "text/plain"},
            )
            writer.write_record(record)


def promo_page(n: int) -> str:
    words = ("ketch", "sloop", "yawl", "dory", "skiff")
    body = "\n".join(
        f"The {words[n]} left the harbour at dawn while the {words[(n + i) % 5]} stayed "
        f"behind, and the crew of the {words[n]} wrote down what they saw on day {i}."
        for i in range(8)
    )
    return (
        f"Harbour Log\nHome\nAbout\nStory of the {words[n]} at sea\n{body}\n"
        "Join our sailing club today and get a free map of every mooring in the bay.\n"
        "Copyright 2024 Harbour Log\n"
    )


def test_extract_a_wet_file_gives_one_article_per_conversion_record(tmp_path: Path) -> None:
    pages = [(f"https://harbour.example/log/{n}", promo_page(n)) for n in range(4)]
    pages.append(("https://other.example/seed", SEED_PAGE.read_text(encoding="utf-8")))
    wet = tmp_path / "crawl.warc.wet.gz"
    wet_file(wet, pages)
    done = run("extract", str(wet), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    records = [json.loads(line) for line in done.stdout.splitlines()]
    assert [r["url"] for r in records] == [url for url, _ in pages]
    for record in records[:4]:
        assert "wrote down what they saw" in record["text"]
        # Repeated on every page of the host: site chrome, even though it reads like a sentence.
        assert "Join our sailing club" not in record["text"]
        assert "Copyright" not in record["text"]
    assert lines_of(records[4]["text"]) == lines_of(SEED_CLEAN)
    assert records[4]["author"] == "Jim Connolly"


def test_a_corrupt_wet_file_is_a_one_line_error(tmp_path: Path) -> None:
    wet = tmp_path / "bad.wet.gz"
    wet.write_bytes(b"\x1f\x8b\x08 this is not gzip at all" * 10)
    done = run("extract", str(wet), cwd=tmp_path)
    assert done.returncode != 0
    assert done.stderr.strip().count("\n") <= 1
