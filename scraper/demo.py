"""``scraper demo``: crawl the bundled demo blog from a local server, no internet needed.

The demo archive is ``fixtures/blog/`` in a source checkout, shipped in the package as
``scraper._demo_site`` so that a plain ``pip install .`` still has it.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from scraper.config import CrawlConfig
from scraper.errors import InputError
from scraper.export.atomic import ensure_dir
from scraper.export.pipeline import crawl_to
from scraper.export.writers import JsonDirExporter
from scraper.progress import CrawlProgress, wants_live_display

if TYPE_CHECKING:
    from scraper.crawler.crawl import CrawlStats

__all__ = ["demo_site_path", "run_demo"]

_SOURCE_CHECKOUT_SITE = Path(__file__).resolve().parent.parent / "fixtures" / "blog"
_INSTALLED_SITE = Path(__file__).resolve().parent / "_demo_site"  # a data-only package
_SHOWN_ARTICLES = 10
_DEMO_MARKER = "demo-output"


def demo_site_path() -> Path:
    """The demo archive folder: the checkout's ``fixtures/blog``, else the installed copy."""
    for candidate in (_SOURCE_CHECKOUT_SITE, _INSTALLED_SITE):
        if (candidate / "index.html").is_file():
            return candidate
    raise InputError("the demo archive is missing from this installation (reinstall scraper)")


@dataclass(frozen=True, slots=True)
class _Found:
    title: str
    date: str
    words: int
    path: Path


class _ListingExporter(JsonDirExporter):
    """The JSON exporter, remembering what it wrote so the demo can show it."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.found: list[_Found] = []

    def write(self, record: dict[str, Any]) -> None:
        super().write(record)
        assert self.last_path is not None
        self.found.append(_describe(record, self.last_path))


def run_demo(output_dir: Path, *, quiet: bool = False, out: IO[str] | None = None) -> int:
    """Serve the demo blog, crawl it into ``output_dir``, print what was found and where."""
    from scraper.site_server import serve_site

    stream = out or sys.stdout
    site = demo_site_path()
    _clear_previous_demo(output_dir)
    exporter = _ListingExporter(output_dir)
    progress = CrawlProgress(live=wants_live_display(quiet=quiet), quiet=quiet)
    with serve_site(site) as server:
        base_url = server.url
        config = CrawlConfig(start_urls=(base_url,), output_dir=output_dir, delay=0, fresh=True)
        with progress:
            stats = crawl_to(config, exporter, on_progress=progress.update)
    progress.summary(stats)
    print(_report(base_url, output_dir, exporter.found, stats), file=stream, flush=True)
    return 1 if stats.failed else 0


def _clear_previous_demo(output_dir: Path) -> None:
    """Each run shows exactly the archive: remove the last demo's output, and nothing else.

    Only a folder that a demo run marked as its own is removed, never a real crawl's output.
    """
    marker = output_dir / ".scraper" / _DEMO_MARKER
    if output_dir.exists() and any(output_dir.iterdir()):
        if not marker.is_file():
            raise InputError(f"{output_dir} is not empty and not a demo output; choose another -o")
        shutil.rmtree(output_dir)
    ensure_dir(marker.parent)
    marker.write_text("Written by 'scraper demo': the next demo run replaces this folder.\n")


def _describe(record: Mapping[str, Any], path: Path) -> _Found:
    return _Found(
        title=str(record.get("title") or record.get("url") or "untitled"),
        date=str(record.get("date_published") or "")[:10],
        words=int(record.get("word_count") or 0),
        path=path,
    )


def _report(base_url: str, output_dir: Path, found: list[_Found], stats: CrawlStats) -> str:
    folders = sorted({item.path.parent for item in found})
    lines = [
        f"Crawled the demo blog served at {base_url}",
        f"  {stats.fetched} pages fetched, {len(found)} articles exported, "
        f"{stats.skipped} pages skipped (listings, feeds, out of scope), {stats.failed} failed",
        "",
        "Articles:",
    ]
    newest_first = sorted(found, key=lambda f: f.title)
    newest_first.sort(key=lambda f: f.date or "0", reverse=True)
    for item in newest_first[:_SHOWN_ARTICLES]:
        date = f"{item.date}  " if item.date else ""
        lines.append(f"  {date}{item.title}  ({item.words} words)")
    if len(found) > _SHOWN_ARTICLES:
        lines.append(f"  … and {len(found) - _SHOWN_ARTICLES} more")
    lines.append("")
    for folder in folders or [output_dir]:
        lines.append(f"Written to {folder}/ (one JSON file per article)")
    lines.append(f"Try: jq -r .title {output_dir}/*/*.json")
    return "\n".join(lines)
