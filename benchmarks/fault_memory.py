"""Peak memory of the fetcher against hostile bodies: a 100 MB page and a 1 GiB gzip bomb.

Each fetch runs in a fresh child process (so peaks do not mix) against the test suite's fault
server on 127.0.0.1; the child reports its peak RSS (``ru_maxrss``), the Python heap peak
(``tracemalloc``), the outcome and the wall time. A baseline fetch of a small article shows what
the interpreter and libraries cost on their own.

    python benchmarks/fault_memory.py
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

MIB = 1024 * 1024
CASES = (
    ("baseline: small article", "/article/baseline", None),
    ("100 MB body, Content-Length", "/huge", None),
    ("100 MB body, streamed, no length", "/huge?length=0", None),
    ("1 GiB gzip bomb (1 MB on the wire)", "/gzip-bomb", None),
    ("100 MB body accepted (limit 128 MiB)", "/huge?length=0", 128 * MIB),
)


def child(url: str, max_body: int | None) -> None:
    """Fetch ``url`` once and print the figures as JSON."""
    from scraper.config import CrawlConfig
    from scraper.crawler.fetch import Fetcher
    from scraper.errors import ScraperError

    options = {"delay": 0.0, "max_retries": 0}
    if max_body is not None:
        options["max_body_bytes"] = max_body
    config = CrawlConfig(start_urls=(url,), **options)

    async def fetch() -> str:
        fetcher = Fetcher(config)
        try:
            page = await fetcher.fetch(url)
            return f"ok, {len(page.content) / MIB:.1f} MiB body"
        except ScraperError as error:
            return f"{type(error).__name__}: {getattr(error, 'reason', error)}"
        finally:
            await fetcher.aclose()

    tracemalloc.start()
    started = time.perf_counter()
    outcome = asyncio.run(fetch())
    seconds = time.perf_counter() - started
    _, heap_peak = tracemalloc.get_traced_memory()
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # KiB on Linux
    print(
        json.dumps(
            {"outcome": outcome, "seconds": seconds, "rss_peak": rss_peak, "heap_peak": heap_peak}
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--child", metavar="URL", help=argparse.SUPPRESS)
    parser.add_argument("--max-body", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.max_body)
        return

    from faultserver import FaultServer

    print(f"{'case':40} {'peak RSS':>10} {'py heap':>10} {'time':>7}  outcome")
    with FaultServer() as server:
        for label, path, max_body in CASES:
            command = [sys.executable, __file__, "--child", server.base_url + path]
            if max_body is not None:
                command += ["--max-body", str(max_body)]
            result = subprocess.run(command, capture_output=True, text=True, timeout=300)
            if result.returncode != 0:
                print(f"{label:40} failed: {result.stderr.strip()[-300:]}")
                continue
            figures = json.loads(result.stdout.strip().splitlines()[-1])
            print(
                f"{label:40} {figures['rss_peak'] / MIB:8.1f} M {figures['heap_peak'] / MIB:8.1f} M"
                f" {figures['seconds']:6.2f}s  {figures['outcome']}"
            )


if __name__ == "__main__":
    main()
