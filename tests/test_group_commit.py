"""Group commits: the frontier commits many steps at once and the exporter flushes its files once
per group, with the old guarantee: a kill never loses an article the state records as exported,
and resuming gives the uninterrupted crawl's output.

The crawl test SIGKILLs a real ``scraper crawl`` of a generated 240-post blog (served from a
folder on 127.0.0.1, no delay, so groups are large and the kills land inside one) at several
moments. After each kill, every URL the committed state marks exported has its file, whole and
naming that URL; after the last resume the output equals an uninterrupted crawl's.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from scraper.crawler.frontier import Frontier, NewURL
from scraper.errors import ExportError
from scraper.export import article_path
from scraper.models import Article, CrawledArticle
from scraper.site_server import SiteServer

pytestmark = pytest.mark.timeout(300)

POSTS = 240
WORDS = [
    "trust",
    "story",
    "price",
    "niche",
    "value",
    "reader",
    "habit",
    "growth",
    "offer",
    "plan",
    "team",
    "idea",
    "week",
]
ROOT = Path(__file__).resolve().parent.parent


def item(url: str) -> CrawledArticle:
    return CrawledArticle(Article(url=url, title="T", text="Body."), "2024-01-01", 200, url, "h")


# --- the frontier's groups -----------------------------------------------------------------


def committed_exported(path: Path) -> list[str]:
    """What another connection (a crash's survivor) sees: committed rows only."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        return [r[0] for r in db.execute("SELECT url FROM urls WHERE exported = 1 ORDER BY id")]


def test_deliveries_commit_only_after_before_commit_ran(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    frontier = Frontier(path, group=1000)
    flushed: list[int] = []
    frontier.before_commit = lambda: flushed.append(frontier.uncommitted)
    frontier.begin_run()
    frontier.add([NewURL("https://x.org/a"), NewURL("https://x.org/b")])
    for _ in range(2):
        row = frontier.claim()
        assert row is not None
        frontier.finish(row, status="done", article=item(row.url), article_hash="h")
    while (pending := frontier.next_pending()) is not None:
        frontier.delivered(pending[0])
    assert frontier.uncommitted > 0
    assert committed_exported(path) == []  # still one open group
    frontier.commit()
    assert flushed and flushed[0] > 0  # the flush ran first, with the group still open
    assert committed_exported(path) == ["https://x.org/a", "https://x.org/b"]
    frontier.close()


def test_a_failed_flush_leaves_the_deliveries_unrecorded(tmp_path: Path) -> None:
    path = tmp_path / "state.sqlite"
    frontier = Frontier(path, group=1000)

    def fail() -> None:
        raise ExportError("disk full")

    frontier.before_commit = fail
    frontier.begin_run()
    frontier.commit()
    frontier.add([NewURL("https://x.org/a")])
    row = frontier.claim()
    assert row is not None
    frontier.finish(row, status="done", article=item(row.url), article_hash="h")
    pending = frontier.next_pending()
    assert pending is not None
    frontier.delivered(pending[0])
    with pytest.raises(ExportError):
        frontier.close()
    assert committed_exported(path) == []
    again = Frontier(path)
    assert again.next_pending() is None or again.count("claimed") == 0
    again.close()


def test_without_before_commit_each_delivery_commits_at_once(tmp_path: Path) -> None:
    """A library consumer keeps the articles itself: a kill re-delivers at most one."""
    path = tmp_path / "state.sqlite"
    frontier = Frontier(path, group=1000)
    frontier.begin_run()
    frontier.add([NewURL("https://x.org/a")])
    row = frontier.claim()
    assert row is not None
    frontier.finish(row, status="done", article=item(row.url), article_hash="h")
    pending = frontier.next_pending()
    assert pending is not None
    frontier.delivered(pending[0])
    assert committed_exported(path) == ["https://x.org/a"]
    frontier.close()


# --- a real crawl, killed mid-group ----------------------------------------------------------


def write_blog(root: Path) -> None:
    rng = random.Random(7)
    links = "".join(f'<li><a href="/posts/{n}/">Post {n}</a></li>' for n in range(POSTS))
    (root / "index.html").write_text(
        f"<!DOCTYPE html><html><head><title>Blog</title></head><body><ul>{links}</ul></body></html>"
    )
    for n in range(POSTS):
        folder = root / "posts" / str(n)
        folder.mkdir(parents=True)
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(WORDS) for _ in range(60)).capitalize() + ".</p>"
            for _ in range(5)
        )
        title = f"Post {n}: {' '.join(rng.sample(WORDS, 3))}"
        (folder / "index.html").write_text(
            f'<!DOCTYPE html><html lang="en"><head><title>{title}</title>'
            '<meta property="og:type" content="article"></head><body><article>'
            f"<h1>{title}</h1><p>By Group Writer, 2024-03-0{n % 9 + 1}</p>{paragraphs}"
            '</article><a href="/">Home</a></body></html>'
        )


@pytest.fixture(scope="module")
def blog(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SiteServer]:
    root = tmp_path_factory.mktemp("group-blog")
    write_blog(root)
    server = SiteServer(root).start()
    yield server
    server.stop()


def start_crawl(url: str, output: Path) -> subprocess.Popen[bytes]:
    command = [sys.executable, "-m", "scraper", "crawl", url, "-o", str(output)]
    command += ["--delay", "0", "--concurrency", "8", "--per-host", "8", "--quiet"]
    return subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def finish(process: subprocess.Popen[bytes]) -> None:
    _, stderr = process.communicate(timeout=240)
    assert process.returncode in (0, 1), stderr.decode(errors="replace")


def article_files(output: Path) -> dict[str, dict[str, object]]:
    return {
        p.relative_to(output).as_posix(): json.loads(p.read_text("utf-8"))
        for p in output.glob("*/*.json")
        if not p.name.startswith(".") and not p.parent.name.startswith(".")  # the crawl state
    }


def kill_after_files(process: subprocess.Popen[bytes], output: Path, files: int) -> bool:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and process.poll() is None:
        if sum(1 for _ in output.glob("[!.]*/*.json")) >= files:
            break
        time.sleep(0.002)
    running = process.poll() is None
    with contextlib.suppress(ProcessLookupError):
        os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)
    return running


def check_nothing_exported_is_missing(output: Path) -> int:
    """Every URL the committed state marks exported has its whole file, naming that URL."""
    state = output / ".scraper" / "state.sqlite"
    if not state.exists():
        return 0
    with contextlib.closing(sqlite3.connect(state)) as db:
        urls = [r[0] for r in db.execute("SELECT url FROM urls WHERE exported = 1")]
    for url in urls:
        path = article_path(output, url, ".json")
        assert path.is_file(), f"{url} recorded as exported, but {path} is missing"
        assert json.loads(path.read_text("utf-8"))["url"] == url
    return len(urls)


def test_sigkill_mid_group_loses_nothing_recorded_and_resumes_identically(
    blog: SiteServer, tmp_path: Path
) -> None:
    reference = tmp_path / "reference"
    finish(start_crawl(blog.url, reference))
    expected = article_files(reference)
    assert len(expected) == POSTS

    output = tmp_path / "killed"
    landed = 0
    for files in (1, 30, 90, 150, 200):
        if kill_after_files(start_crawl(blog.url, output), output, files):
            landed += 1
        recorded = check_nothing_exported_is_missing(output)
        on_disk = len(article_files(output))
        print(f"killed after {files} files: {recorded} recorded exported, {on_disk} on disk")
    assert landed >= 3

    finish(start_crawl(blog.url, output))
    actual = article_files(output)
    assert sorted(actual) == sorted(expected)
    for name, record in expected.items():
        stable = {k: v for k, v in record.items() if k != "fetched_at"}
        assert {k: v for k, v in actual[name].items() if k != "fetched_at"} == stable, name
    assert check_nothing_exported_is_missing(output) == len(expected)
    assert not [p for p in output.rglob("*.tmp")]
