"""The exporters: safe stable names, atomic writes, re-runs without duplicates, the schema."""

from __future__ import annotations

import io
import json
from pathlib import Path

import jsonschema
import pytest

from scraper.errors import ExportError, InputError
from scraper.export import (
    JsonDirExporter,
    JsonlExporter,
    MarkdownExporter,
    PerArticleExporter,
    TextExporter,
    article_path,
    as_record,
    load_schema,
    make_exporter,
    site_folder,
)
from scraper.export.atomic import atomic_write_bytes, atomic_write_text, atomic_writer
from scraper.export.naming import MAX_NAME_BYTES, file_name
from scraper.models import Article, CrawledArticle


def crawled(url: str, text: str = "Some body text here.", title: str = "A title") -> CrawledArticle:
    article = Article(
        url=url,
        title=title,
        authors=("Ana Lima", "Bo"),
        date_published="2024-03-01",
        language="en",
        tags=("news",),
        text=text,
        markdown=f"# {title}\n\n{text}",
    )
    return CrawledArticle(
        article=article,
        fetched_at="2024-03-02T10:00:00Z",
        status=200,
        final_url=url,
        content_hash="ab" * 32,
    )


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- names -------------------------------------------------------------------------------------


def test_same_url_in_any_spelling_maps_to_the_same_file(tmp_path: Path) -> None:
    a = article_path(tmp_path, "https://Example.COM:443/2024/03/hello-world/#comments", ".json")
    b = article_path(tmp_path, "https://example.com/2024/03/hello-world/", ".json")
    assert a == b
    assert a.parent.name == "example.com"
    assert a.name.startswith("2024-03-hello-world-")


def test_different_urls_get_different_files(tmp_path: Path) -> None:
    urls = [
        "https://example.com/post",
        "https://example.com/post?page=2",
        "http://example.com/post",
        "https://example.com/a/post",
    ]
    assert len({article_path(tmp_path, u, ".json") for u in urls}) == len(urls)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/../../../../etc/passwd",
        "https://example.com/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "https://example.com/..%2f..%2f..%2fetc%2fpasswd",
        "https://example.com/a/..\\..\\..\\windows",
        "https://../../etc/",
        "file:///etc/passwd",
    ],
)
def test_names_never_escape_the_output_folder(tmp_path: Path, url: str) -> None:
    path = article_path(tmp_path, url, ".json")
    assert path.resolve().is_relative_to(tmp_path.resolve())
    assert path.parent.parent == tmp_path
    assert ".." not in path.relative_to(tmp_path).parts


def test_long_urls_give_bounded_names_that_keep_the_post_slug(tmp_path: Path) -> None:
    url = "https://example.com/" + "/".join(["section"] * 80) + "/the-actual-post-slug"
    name = file_name(url, ".json")
    assert len(name.encode()) <= MAX_NAME_BYTES
    assert "the-actual-post-slug" in name
    long_host = "https://" + "a" * 63 + "." + "b" * 63 + "." + "c" * 63 + ".com/x"
    assert len(site_folder(long_host).encode()) <= MAX_NAME_BYTES


def test_unicode_hosts_are_punycode_and_paths_are_ascii(tmp_path: Path) -> None:
    path = article_path(tmp_path, "https://bücher.example/straße/über-uns", ".md")
    assert path.parent.name == "xn--bcher-kva.example"
    assert path.name.isascii()
    assert path.suffix == ".md"


def test_reserved_and_dot_names_are_avoided(tmp_path: Path) -> None:
    assert site_folder("http://con/") == "_con"
    assert site_folder("http://nul.example/") == "_nul.example"
    for url in ("https://example.com/.htaccess", "https://example.com/", "https://example.com"):
        name = file_name(url, ".json")
        assert not name.startswith(".")
        assert name.split(".")[0].lower() not in {"con", "nul", "aux", "prn"}


@pytest.mark.parametrize("exporter_class", [JsonDirExporter, MarkdownExporter, TextExporter])
def test_a_hash_collision_is_resolved_deterministically(
    tmp_path: Path, exporter_class: type[PerArticleExporter]
) -> None:
    url = "https://example.com/story"
    with exporter_class(tmp_path / "elsewhere") as other:
        other.export(crawled("https://elsewhere.example/other"))
    assert other.last_path is not None
    short = article_path(tmp_path / "out", url, exporter_class.suffix)
    short.parent.mkdir(parents=True)
    other.last_path.replace(short)  # another URL's file where this URL's would go

    for _ in range(2):  # a re-run finds the same long-hash file
        with exporter_class(tmp_path / "out") as exporter:
            exporter.export(crawled(url))

    assert "https://elsewhere.example/other" in short.read_text()
    longer = article_path(tmp_path / "out", url, exporter_class.suffix, long_hash=True)
    assert url in longer.read_text()
    assert files_under(tmp_path / "out") == sorted([short, longer])


# --- atomic writes -----------------------------------------------------------------------------


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_text(target, "old")
    with pytest.raises(RuntimeError), atomic_writer(target) as handle:
        handle.write("half of the new conten")
        raise RuntimeError("disk full, say")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]


def test_an_unwritable_output_folder_is_an_export_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.raises(ExportError, match="cannot create output folder"):
        JsonDirExporter(blocker / "out").start()
    with pytest.raises(ExportError):
        JsonlExporter(blocker / "articles.jsonl").start()


# --- per-article files -------------------------------------------------------------------------


def test_json_files_are_utf8_with_schema_version_and_crawl_facts(tmp_path: Path) -> None:
    with JsonDirExporter(tmp_path) as exporter:
        exporter.export(crawled("https://example.com/café", title="Olá, café"))
    (path,) = files_under(tmp_path)
    raw = path.read_bytes()
    assert "Olá, café".encode() in raw  # not \\u-escaped
    record = json.loads(raw)
    assert record["schema_version"] == 1
    assert record["http_status"] == 200
    assert record["author"] == "Ana Lima"
    assert record["content_hash"] == "ab" * 32


def test_rerunning_an_export_overwrites_and_never_duplicates(tmp_path: Path) -> None:
    urls = [f"https://example.com/post-{i}" for i in range(5)]
    for text in ("first version", "second version"):
        with JsonDirExporter(tmp_path) as exporter:
            for url in urls:
                exporter.export(crawled(url, text=text))
    files = files_under(tmp_path)
    assert len(files) == 5
    assert {json.loads(p.read_text())["text"] for p in files} == {"second version"}


def test_markdown_and_text_files_read_well_and_rerun_in_place(tmp_path: Path) -> None:
    item = crawled("https://example.com/notes", text="Line one.\nLine two.", title="Notes")
    for _ in range(2):
        with MarkdownExporter(tmp_path / "md") as md, TextExporter(tmp_path / "txt") as txt:
            md.export(item)
            txt.export(item)
    (md_file,) = files_under(tmp_path / "md")
    (txt_file,) = files_under(tmp_path / "txt")
    assert md_file.suffix == ".md" and txt_file.suffix == ".txt"
    markdown = md_file.read_text()
    assert markdown.startswith("# Notes\n")
    assert "Ana Lima, Bo · 2024-03-01 · https://example.com/notes" in markdown
    assert txt_file.read_text().startswith("Notes\n")
    assert "Line one.\nLine two." in txt_file.read_text()


def test_saved_pages_are_named_after_their_canonical_site(tmp_path: Path) -> None:
    saved = Article(
        url="file:///mirror/2024/post.html", canonical_url="https://blog.example/2024/post/"
    )
    plain = Article(url="file:///mirror/about.html")
    with JsonDirExporter(tmp_path) as exporter:
        exporter.export(saved)
        exporter.export(plain)
    assert [p.relative_to(tmp_path).parts[0] for p in files_under(tmp_path)] == [
        "_local",
        "blog.example",
    ]


def test_an_article_without_any_url_is_refused(tmp_path: Path) -> None:
    with JsonDirExporter(tmp_path) as exporter, pytest.raises(ExportError, match="no URL"):
        exporter.export(Article(title="orphan"))


# --- JSONL -------------------------------------------------------------------------------------


def test_jsonl_to_a_stream_writes_one_record_per_line() -> None:
    stream = io.StringIO()
    with JsonlExporter(stream) as exporter:
        exporter.export(crawled("https://example.com/a"))
        exporter.export(Article(url="https://example.com/b", text="bare"))
    lines = stream.getvalue().splitlines()
    assert [json.loads(line)["url"] for line in lines] == [
        "https://example.com/a",
        "https://example.com/b",
    ]
    assert json.loads(lines[1])["fetched_at"] is None


def test_jsonl_file_rerun_appends_only_new_urls_and_replaces_changed(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    with JsonlExporter(path) as exporter:
        exporter.export(crawled("https://example.com/a", text="old a"))
        exporter.export(crawled("https://example.com/b", text="b"))
    with JsonlExporter(path) as exporter:
        exporter.export(crawled("https://example.com/b", text="b"))
        exporter.export(crawled("https://example.com/a", text="new a"))
        exporter.export(crawled("https://example.com/c", text="c"))
    records = [json.loads(line) for line in path.read_text().splitlines()]
    assert [(r["url"][-1], r["text"]) for r in records] == [("a", "new a"), ("b", "b"), ("c", "c")]


def test_jsonl_file_drops_a_torn_last_line_from_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "articles.jsonl"
    with JsonlExporter(path) as exporter:
        exporter.export(crawled("https://example.com/a"))
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('{"schema_version": 1, "url": "https://exa')
    with JsonlExporter(path) as exporter:
        exporter.export(crawled("https://example.com/b"))
    urls = [json.loads(line)["url"] for line in path.read_text().splitlines()]
    assert urls == ["https://example.com/a", "https://example.com/b"]


def test_make_exporter_picks_the_writer_and_rejects_unknown_formats(tmp_path: Path) -> None:
    assert isinstance(make_exporter(tmp_path, "json"), JsonDirExporter)
    assert isinstance(make_exporter(tmp_path, "jsonl"), JsonlExporter)
    assert isinstance(make_exporter("-", "json"), JsonlExporter)
    with pytest.raises(InputError, match="unknown format"):
        make_exporter(tmp_path, "xml")


# --- the schema --------------------------------------------------------------------------------


def test_the_shipped_schema_is_valid_and_matches_real_exported_files(tmp_path: Path) -> None:
    schema = load_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    with JsonDirExporter(tmp_path / "json") as exporter:
        exporter.export(crawled("https://example.com/a"))
        exporter.export(Article(url="https://example.com/bare"))
    with JsonlExporter(tmp_path / "x.jsonl") as exporter:
        exporter.export(crawled("https://example.com/c"))
    records = [json.loads(p.read_text()) for p in files_under(tmp_path / "json")]
    records += [json.loads(line) for line in (tmp_path / "x.jsonl").read_text().splitlines()]
    assert len(records) == 3
    for record in records:
        jsonschema.validate(record, schema)


def test_the_schema_names_every_field_the_exporter_writes() -> None:
    schema = load_schema()
    record = as_record(crawled("https://example.com/a"))
    assert set(record) == set(schema["properties"]) == set(schema["required"])
    broken = {**record, "word_count": "many"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


def test_bytes_are_written_atomically_and_a_failed_write_leaves_no_temporary(
    tmp_path: Path,
) -> None:
    target = tmp_path / "a.json"
    atomic_write_bytes(target, "caf\u00e9\n".encode())
    atomic_write_bytes(target, b"new", durable=False)
    assert target.read_bytes() == b"new"
    with pytest.raises(ExportError, match="cannot write"):
        atomic_write_bytes(tmp_path / "missing" / "b.json", b"x", make_folder=False)
    assert [p.name for p in tmp_path.iterdir()] == ["a.json"]
