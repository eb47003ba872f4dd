"""Shared test fixtures: the fixture blog served on 127.0.0.1, scripted servers, fast configs."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from scraper.config import CrawlConfig
from scraper.models import Article
from scraper.site_server import SiteServer

sys.path.insert(0, str(Path(__file__).resolve().parent))

from servers import ScriptedServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
BLOG = FIXTURES / "blog"


def load_make_blog() -> ModuleType:
    """fixtures/make_blog.py, the generator of the fixture blog (not a package module)."""
    spec = importlib.util.spec_from_file_location("make_blog", FIXTURES / "make_blog.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("make_blog", module)
    spec.loader.exec_module(module)
    return module


def fast_config(start: str, output_dir: Path, **changes: Any) -> CrawlConfig:
    """A crawl config for tests: no politeness pauses, quick backoff, short timeouts."""
    options: dict[str, Any] = {
        "start_urls": (start,),
        "output_dir": output_dir,
        "delay": 0.0,
        "backoff_base": 0.01,
        "backoff_max": 0.05,
        "connect_timeout": 5.0,
        "read_timeout": 5.0,
        "concurrency": 4,
        "per_host_concurrency": 4,
    }
    options.update(changes)
    return CrawlConfig(**options)


def write_pages(root: Path, pages: dict[str, str]) -> None:
    """A site folder of test pages: each HTML text at its path under ``root``."""
    for path, html in pages.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(html, "utf-8")


def crawled(site: Path, output_dir: Path) -> dict[str, Article]:
    """What a crawl of ``site`` (served on 127.0.0.1) exports, by each page's path in it
    ("2023/06/post/"): what a site-model test checks page by page."""
    from scraper import crawl  # (the crawler's imports only where a test crawls)

    with SiteServer(site) as server:
        items = list(crawl(fast_config(server.url, output_dir)))
        base = server.url.rstrip("/") + "/"
    return {i.final_url.removeprefix(base): i.article for i in items}


def crawled_posts(site: Path, output_dir: Path) -> dict[str, Article]:
    """``crawled``'s articles (``page_kind`` "article")."""
    return {
        path: article
        for path, article in crawled(site, output_dir).items()
        if article.page_kind == "article"
    }


@pytest.fixture(scope="session")
def make_blog() -> ModuleType:
    return load_make_blog()


@pytest.fixture(scope="session")
def blog_server() -> Iterator[SiteServer]:
    """The committed fixture blog, read-only, served for the whole session."""
    with SiteServer(BLOG) as server:
        yield server


@pytest.fixture
def blog_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture blog that a test may change."""
    target = tmp_path / "site"
    shutil.copytree(BLOG, target)
    return target


@pytest.fixture
def scripted() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server
