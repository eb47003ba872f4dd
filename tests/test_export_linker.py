"""Per-article files linked into place new (``NewFileLinker``) are the files the named
temporary and rename wrote: same names, same bytes, same modes, and an existing file, link or
collision still goes through ``path_for``'s checks."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from test_export import crawled

from scraper.export import JsonDirExporter, MarkdownExporter, PerArticleExporter, TextExporter
from scraper.export.atomic import NewFileLinker
from scraper.export.naming import article_path

needs_linker = pytest.mark.skipif(
    not NewFileLinker().enabled, reason="no O_TMPFILE/linkat on this platform"
)
EXPORTERS = [JsonDirExporter, MarkdownExporter, TextExporter]


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``root``: its bytes and permission bits, by relative name."""
    return {
        str(p.relative_to(root)): (p.read_bytes(), stat.S_IMODE(p.lstat().st_mode))
        for p in sorted(root.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def export_all(
    exporter_class: type[PerArticleExporter], root: Path, urls: list[str], *, linked: bool
) -> tuple[PerArticleExporter, int]:
    """Export one article per URL; how many went through the linker."""
    made = 0
    with exporter_class(root) as exporter:
        linker = exporter._linker
        linker.enabled = linked and linker.enabled
        link_new = linker.link_new

        def counted(folder: str, path: str, data: bytes) -> bool | None:
            nonlocal made
            done = link_new(folder, path, data)
            made += done is True
            return done

        linker.link_new = counted  # type: ignore[method-assign]
        for url in urls:
            exporter.export(crawled(url, text=f"Text of {url}."))
    return exporter, made


URLS = [f"https://example.com/2024/post-{n}/" for n in range(40)] + [
    "https://other.example/a",
    "https://other.example/b?x=1",
    "https://example.com/caf%C3%A9",
]


@needs_linker
@pytest.mark.parametrize("exporter_class", EXPORTERS)
def test_linked_files_equal_the_renamed_ones(
    tmp_path: Path, exporter_class: type[PerArticleExporter]
) -> None:
    export_all(exporter_class, tmp_path / "old", URLS, linked=False)
    _, made = export_all(exporter_class, tmp_path / "new", URLS, linked=True)
    assert made == len(URLS) - 2  # all but each site's first file came through the linker
    assert snapshot(tmp_path / "new") == snapshot(tmp_path / "old")
    # and a re-run over them (every file there already) replaces them the same way
    export_all(exporter_class, tmp_path / "old", URLS, linked=False)
    _, made = export_all(exporter_class, tmp_path / "new", URLS, linked=True)
    assert made == 0  # every name was taken: path_for's checks and the rename did them all
    assert snapshot(tmp_path / "new") == snapshot(tmp_path / "old")
    assert not [p for p in (tmp_path / "new").rglob(".*.tmp")]


@needs_linker
def test_a_collision_still_gets_the_long_hash_file(tmp_path: Path) -> None:
    url = "https://example.com/story"
    first = "https://example.com/first"
    root = tmp_path / "out"
    with JsonDirExporter(root) as exporter:
        exporter.export(crawled(first))  # the folder is now known and made
        short = article_path(root, url, ".json")
        assert exporter.last_path is not None
        exporter.last_path.rename(short)  # another URL's file where this URL's would go
        exporter.export(crawled(url))
    assert first in short.read_text()
    longer = article_path(root, url, ".json", long_hash=True)
    assert url in longer.read_text()


@needs_linker
def test_a_link_at_the_target_is_never_written_through(tmp_path: Path) -> None:
    root = tmp_path / "out"
    outside = tmp_path / "outside.txt"
    outside.write_text("keep")
    url = "https://example.com/linked"
    with JsonDirExporter(root) as exporter:
        exporter.export(crawled("https://example.com/first"))
        target = article_path(root, url, ".json")
        target.symlink_to(outside)
        with pytest.raises(Exception, match="outside"):
            exporter.export(crawled(url))
    assert outside.read_text() == "keep"


@needs_linker
def test_the_linker_links_only_new_names(tmp_path: Path) -> None:
    linker = NewFileLinker()
    path = tmp_path / "a.json"
    assert linker.link_new(str(tmp_path), str(path), b"first") is True
    assert path.read_bytes() == b"first"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 & ~_umask()
    assert linker.link_new(str(tmp_path), str(path), b"second") is False
    assert path.read_bytes() == b"first"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.json"]
    # a folder it cannot open: nothing written, and it stands aside from then on
    assert linker.link_new(str(tmp_path / "missing"), str(tmp_path / "b.json"), b"x") is None
    assert not linker.enabled
    linker.close()


@needs_linker
def test_a_failed_link_leaves_nothing_and_stands_aside(tmp_path: Path) -> None:
    linker = NewFileLinker()
    folder = tmp_path / "dir"
    folder.mkdir()
    (folder / "sub").mkdir()
    # linking onto a path inside a missing folder fails after the unnamed file was written
    assert linker.link_new(str(folder), str(folder / "nowhere" / "a.json"), b"x") is None
    assert not linker.enabled
    assert sorted(p.name for p in folder.iterdir()) == ["sub"]
    linker.close()


@needs_linker
def test_a_forked_child_links_its_own_files(tmp_path: Path) -> None:
    linker = NewFileLinker()
    assert linker.link_new(str(tmp_path), str(tmp_path / "parent"), b"p") is True
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child
        ok = linker.link_new(str(tmp_path), str(tmp_path / "child"), b"c") is True
        os._exit(0 if ok else 1)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert (tmp_path / "child").read_bytes() == b"c"
    linker.close()


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
