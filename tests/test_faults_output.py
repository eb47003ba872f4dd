"""Output faults: URLs whose file names would escape the output folder, reserved and over-long
names, a read-only output folder, a full disk (a tiny file system, and a write refused by the
kernel's file-size limit), and two crawls started on one output folder at once."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from faultserver import SlowSite

from scraper.errors import ExportError
from scraper.export import JsonDirExporter
from scraper.export.naming import MAX_NAME_BYTES
from scraper.models import Article, CrawledArticle

pytestmark = pytest.mark.timeout(120)

ROOT = Path(__file__).resolve().parent.parent
BLOG = ROOT / "fixtures" / "blog"
EXIT_OUTPUT = 4
EXIT_LOCKED = 5
WINDOWS_RESERVED = {"con", "prn", "aux", "nul"} | {
    f"{p}{i}" for p in ("com", "lpt") for i in range(10)
}


@pytest.fixture(scope="module")
def site() -> Iterator[SlowSite]:
    with SlowSite(BLOG) as server:
        yield server


def item(url: str, text: str = "Some words of an article.") -> CrawledArticle:
    article = Article(url=url, title="t", text=text)
    return CrawledArticle(article, "2024-01-01T00:00:00Z", 200, url, "hash")


def crawl_command(url: str, output: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "scraper",
        "crawl",
        url,
        "-o",
        str(output),
        "--delay",
        "0",
        *extra,
    ]


def run_cli(args: list[str], **options: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=ROOT, capture_output=True, text=True, timeout=90, **options)


def article_files(output: Path) -> list[Path]:
    return [p for p in output.rglob("*") if p.is_file() and ".scraper" not in p.parts]


# --- names -------------------------------------------------------------------------------------

HOSTILE_URLS = [
    "http://example.com/../../../../etc/passwd",
    "http://example.com/%2e%2e/%2e%2e/%2e%2e/etc/shadow",
    "http://example.com/..%2f..%2f..%2fescape",
    "http://example.com/a/..\\..\\..\\windows\\system32",
    "http://../../etc/",
    "http://example.com/%00nul%00byte",
    "http://example.com/~/.ssh/authorized_keys",
    "http://example.com/.hidden",
    "http://example.com/con",
    "http://example.com/NUL.txt",
    "http://example.com/aux/lpt1",
    "http://COM1/",
    "http://example.com/" + "very-long-segment/" * 400,
    "http://example.com/" + "é" * 3000,
    "http://example.com/page?" + "q=" + "x" * 5000,
    "http://example.com/ünïcödé/日本語/путь",
]


@pytest.mark.parametrize("url", HOSTILE_URLS, ids=lambda u: u[7:47])
def test_hostile_urls_map_to_safe_names_inside_the_output(tmp_path: Path, url: str) -> None:
    root = tmp_path / "out"
    with JsonDirExporter(root) as exporter:
        exporter.export(item(url))
    [written] = article_files(tmp_path)
    assert written.resolve().is_relative_to(root.resolve())
    assert len(written.name.encode()) <= MAX_NAME_BYTES
    assert not written.name.startswith(".")
    assert written.name.split(".", 1)[0].lower() not in WINDOWS_RESERVED
    assert written.parent.name.split(".", 1)[0].lower() not in WINDOWS_RESERVED
    assert json.loads(written.read_text("utf-8"))["url"] == url


def test_names_that_collide_get_distinct_files(tmp_path: Path) -> None:
    urls = ["http://example.com/a-b", "http://example.com/a/b", "http://example.com/a_b"]
    with JsonDirExporter(tmp_path) as exporter:
        for url in urls:
            exporter.export(item(url))
    written = article_files(tmp_path)
    assert sorted(json.loads(p.read_text("utf-8"))["url"] for p in written) == sorted(urls)


# --- unwritable and full output ----------------------------------------------------------------


@contextlib.contextmanager
def mounted_tmpfs(path: Path, options: str) -> Iterator[Path]:
    """A real small or read-only file system at ``path`` (needs root; skips otherwise)."""
    path.mkdir(parents=True, exist_ok=True)
    mount = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True
    )
    if mount.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mount.stderr.decode().strip()}")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


@contextlib.contextmanager
def read_only_folder(path: Path) -> Iterator[Path]:
    """chmod for ordinary users; root ignores modes, so for root a read-only tmpfs."""
    if os.geteuid() != 0:
        path.mkdir(parents=True)
        path.chmod(0o555)
        try:
            yield path
        finally:
            path.chmod(0o755)
    else:
        with mounted_tmpfs(path, "ro,size=1m") as mounted:
            yield mounted


def test_read_only_output_folder_is_a_clear_error(site: SlowSite, tmp_path: Path) -> None:
    with read_only_folder(tmp_path / "readonly") as folder:
        result = run_cli(crawl_command(site.url, folder))
    assert result.returncode == EXIT_OUTPUT, result.stderr
    assert "Traceback" not in result.stderr
    assert str(folder) in result.stderr


def test_full_disk_stops_cleanly_and_the_next_run_completes(site: SlowSite, tmp_path: Path) -> None:
    """A 256 KiB file system fills up mid-crawl: a clear error, no half-written article; after
    moving the output to a roomy disk the same command finishes the job."""
    small = tmp_path / "small"
    with mounted_tmpfs(small, "size=256k") as folder:
        result = run_cli(crawl_command(site.url, folder / "out"))
        assert result.returncode == EXIT_OUTPUT, result.stderr
        assert "Traceback" not in result.stderr
        partial = [json.loads(p.read_text("utf-8")) for p in article_files(folder / "out")]
        assert not [p for p in article_files(folder / "out") if p.name.endswith(".tmp")]
        subprocess.run(["cp", "-a", str(folder / "out"), str(tmp_path / "moved")], check=True)
    finished = run_cli(crawl_command(site.url, tmp_path / "moved"))
    assert finished.returncode == 0, finished.stderr
    records = [json.loads(p.read_text("utf-8")) for p in article_files(tmp_path / "moved")]
    assert len(records) > len(partial)
    assert len({r["url"] for r in records}) == len(records)


FAILING_WRITE = textwrap.dedent(
    """
    import resource, signal, sys
    from pathlib import Path
    from scraper.errors import ExportError
    from scraper.export import JsonDirExporter
    from scraper.models import Article, CrawledArticle

    def item(text):
        return CrawledArticle(Article(url="http://example.com/post", text=text), "", 200, "", "")

    root = Path(sys.argv[1])
    with JsonDirExporter(root) as exporter:
        exporter.export(item("small and fine"))
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, resource.RLIM_INFINITY))
    try:
        with JsonDirExporter(root) as exporter:
            exporter.export(item("word " * 100_000))
    except ExportError as error:
        print("ExportError:", error)
    """
)


def test_failing_write_keeps_the_previous_file_whole(tmp_path: Path) -> None:
    """The kernel refuses a write past the file-size limit (EFBIG, as a full disk gives
    ENOSPC): the export fails with ExportError and the earlier version stays intact."""
    result = run_cli([sys.executable, "-c", FAILING_WRITE, str(tmp_path)])
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("ExportError:"), result.stdout + result.stderr
    [written] = article_files(tmp_path)
    assert json.loads(written.read_text("utf-8"))["text"] == "small and fine"


def test_export_error_is_typed_in_process(tmp_path: Path) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the output folder should be")
    with pytest.raises(ExportError), JsonDirExporter(blocker / "out") as exporter:
        exporter.export(item("http://example.com/x"))
    assert blocker.read_text() == "a file where the output folder should be"


# --- two crawls at once ------------------------------------------------------------------------


def test_second_crawl_on_the_same_folder_refuses(site: SlowSite, tmp_path: Path) -> None:
    site.delay = 0.1  # slow enough that the first crawl outlives the second one's start-up
    output = tmp_path / "out"
    first = subprocess.Popen(
        crawl_command(site.url, output, "--quiet"),
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        # Its state exists once it holds the lock (a site this small exports its first article
        # only at the end: its pages are held until its site model is learned).
        deadline = time.monotonic() + 30
        state = output / ".scraper" / "state.sqlite"
        while not state.exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        time.sleep(0.5)  # a few pages in
        assert first.poll() is None, "the first crawl ended before the second started"
        second = run_cli(crawl_command(site.url, output, "--quiet"))
        assert second.returncode == EXIT_LOCKED, second.stderr
        assert "another crawl" in second.stderr
        _, stderr = first.communicate(timeout=90)
        assert first.returncode == 0, stderr
    finally:
        if first.poll() is None:
            first.send_signal(signal.SIGKILL)
    records = [json.loads(p.read_text("utf-8")) for p in article_files(output)]
    assert len({r["url"] for r in records}) == len(records) > 0
