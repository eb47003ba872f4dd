"""Export integrity with real files: one record per fetched URL, JSONL that survives damaged lines,
damaged files replaced, and no symlink followed out of the output folder."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from faultserver import article_html

from scraper.cli import main
from scraper.export import JsonDirExporter, JsonlExporter
from scraper.models import Article

pytestmark = pytest.mark.timeout(60)

CANONICAL = "https://blog.example/2024/the-post/"


def saved_page(path: Path, title: str, canonical: str = CANONICAL) -> Path:
    page = article_html(title).replace(
        "<head>", f'<head><link rel="canonical" href="{canonical}">', 1
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(page, encoding="utf-8")
    return path


def jsonl_records(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


@pytest.mark.parametrize("format", ["json", "jsonl", "md"])
def test_saved_pages_declaring_one_canonical_stay_separate_records(
    tmp_path: Path, format: str
) -> None:
    pages = tmp_path / "pages"
    saved_page(pages / "copy-a.html", "First copy")
    saved_page(pages / "copy-b.html", "Second copy")
    out = tmp_path / "out"
    assert main(["extract", str(pages), "-o", str(out), "-f", format, "-q"]) == 0
    if format == "jsonl":
        titles = sorted(str(r["title"]) for r in jsonl_records(out / "articles.jsonl"))
    else:
        files = [p for p in out.rglob(f"*.{format}") if ".scraper" not in p.parts]
        titles = sorted(p.read_text("utf-8") for p in files)
        titles = ["First copy" if "First copy" in t else "Second copy" for t in titles]
    assert titles == ["First copy", "Second copy"]


def test_damaged_and_non_object_jsonl_lines_lose_no_other_record(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    good = [json.dumps({"url": f"https://ex.example/{n}", "title": f"T{n}"}) for n in range(3)]
    damaged = ['{"url": "https://ex.example/torn", "ti', "[1, 2]", '"text"', "42"]
    lines = [good[0], *damaged, good[1], good[2], "null", "{}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with JsonlExporter(path) as exporter:
        exporter.export({"url": "https://ex.example/1", "title": "T1 changed"})
        exporter.export({"url": "https://ex.example/new", "title": "New"})
    records = jsonl_records(path)
    assert [(r["url"], r["title"]) for r in records] == [
        ("https://ex.example/0", "T0"),
        ("https://ex.example/1", "T1 changed"),
        ("https://ex.example/2", "T2"),
        ("https://ex.example/new", "New"),
    ]


def test_a_changed_article_is_on_disk_before_the_next_is_asked_for(tmp_path: Path) -> None:
    """A crash after delivery but before ``finish()`` must not lose the update."""
    path = tmp_path / "articles.jsonl"
    with JsonlExporter(path) as exporter:
        exporter.export({"url": "https://ex.example/a", "title": "Old"})
    crashed = JsonlExporter(path)
    crashed.start()
    crashed.export({"url": "https://ex.example/a", "title": "New"})  # no finish(): a crash
    assert "New" in path.read_text("utf-8")
    with JsonlExporter(path):  # the next run compacts: one line, the newest
        pass
    assert [r["title"] for r in jsonl_records(path)] == ["New"]


@pytest.mark.parametrize("damage", [b'{"url": "https://ex.exa', b"\xff\xfe\x00garbage", b"[]"])
def test_damaged_json_export_file_is_replaced_not_doubled(tmp_path: Path, damage: bytes) -> None:
    article = Article(url="https://ex.example/post", title="Post", text="Body text.")
    with JsonDirExporter(tmp_path) as exporter:
        exporter.export(article)
        first = exporter.last_path
    assert first is not None
    first.write_bytes(damage)
    with JsonDirExporter(tmp_path) as exporter:
        exporter.export(article)
        assert exporter.last_path == first
    assert [p.name for p in first.parent.iterdir()] == [first.name]
    assert json.loads(first.read_text("utf-8"))["title"] == "Post"


def test_jsonl_exporter_refuses_a_planted_symlink(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    outside = tmp_path / "outside.txt"
    outside.write_text("not yours\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / "articles.jsonl").symlink_to(outside)
    page = saved_page(tmp_path / "page.html", "A page", "https://ex.example/p")
    assert main(["extract", str(page), "-o", str(out), "-f", "jsonl"]) == 4
    assert outside.read_text("utf-8") == "not yours\n"
    assert "symlink" in capsys.readouterr().err


def test_crawl_refuses_a_planted_symlink_for_its_state(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = tmp_path / "out"
    out.mkdir()
    (out / ".scraper").symlink_to(elsewhere, target_is_directory=True)
    assert main(["crawl", "http://127.0.0.1:9/", "-o", str(out), "-q"]) == 4
    assert list(elsewhere.iterdir()) == []
