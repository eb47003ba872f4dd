"""The package imports what a crawl needs and no more: httpx comes without its command-line
client (click, rich, pygments), whose ``httpx.main`` still works, imported on its first call;
rich comes only with a live progress display. Each check runs in a fresh interpreter, as other
tests import these modules in this one."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(code: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_the_cli_imports_neither_httpx_command_line_client_nor_rich() -> None:
    code = (
        "import sys, scraper.cli\n"
        "print(sorted(m for m in ('httpx._main', 'click', 'rich', 'pygments') if m in sys.modules))"
    )
    assert run(code) == "[]"


def test_httpx_main_is_the_real_command_when_called() -> None:
    code = (
        "import sys, scraper.crawler, httpx\n"
        "assert 'httpx._main' not in sys.modules\n"
        "try:\n"
        "    httpx.main(['--help'])\n"
        "except SystemExit as exit:\n"
        "    print(exit.code, 'httpx._main' in sys.modules)\n"
    )
    assert run(code).endswith("0 True")


def test_extract_alone_leaves_the_crawl_stack_unimported() -> None:
    """``import scraper`` + ``extract()`` load no crawler stack (tracked objects every full
    collection walks); ``scraper.crawl`` still imports it on first access."""
    code = (
        "import sys, scraper\n"
        "scraper.extract('<html><body><p>Hello, world.</p></body></html>')\n"
        "heavy = ('httpx', 'aiohttp', 'scraper.crawler', 'multiprocessing', 'charset_normalizer')\n"
        "print(sorted(m for m in heavy if m in sys.modules))\n"
        "from scraper import Crawler, crawl\n"
        "print(Crawler.__module__, crawl is scraper.crawl, 'httpx._main' in sys.modules)\n"
    )
    assert run(code).splitlines() == ["[]", "scraper.crawler.crawl True False"]


def test_a_live_display_still_draws_with_rich() -> None:
    code = (
        "import io, sys\n"
        "from scraper.progress import CrawlProgress\n"
        "stream = io.StringIO()\n"
        "with CrawlProgress(live=True, stderr=stream) as progress:\n"
        "    pass\n"
        "print('rich' in sys.modules)\n"
    )
    assert run(code) == "True"
