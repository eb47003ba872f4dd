"""CPU time per page of each extraction stage, one cold pass in a fresh process.

    python benchmarks/stage_times.py                       # first 500 wcxb-dev pages
    python benchmarks/stage_times.py --set aeb --limit 0   # every AEB page

Each stage function is wrapped with a ``process_time`` timer (inclusive: a stage's row holds the
stages it calls). After one warm-up call on a tiny page (it loads the models), one pass over the
pages, as ``extract_bench.py`` makes: the class-string caches start cold, as they do on pages of
sites never seen (a second pass over the same pages would measure warm caches and flatter the
result). CPU time, so machine load changes the figures less than wall time; compare runs of the
same machine state, old and new tree alternately.
"""

from __future__ import annotations

import argparse
import gzip
import json
import logging
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extract_bench import DEFAULT_SHARED, PROJECT_ROOT

# (module, function): the stages and the parts of them worth seeing apart.
STAGES = (
    ("scraper.extractor", "parse_html"),
    ("scraper.extractor", "parse_tree"),  # what extract() parses with
    ("scraper.extractor", "read_metadata"),
    ("scraper.extractor.metadata", "gather_sources"),
    ("scraper.extractor.sources", "walk_marks"),
    ("scraper.extractor.metadata", "_author_found"),  # the author candidates
    ("scraper.extractor.metadata", "_authors"),  # their scoring
    ("scraper.extractor.metadata", "_date_found"),  # the date candidates
    ("scraper.extractor.metadata", "_date_published"),  # their scoring
    ("scraper.extractor.metadata", "_title"),
    ("scraper.extractor", "extract_body"),
    ("scraper.extractor.body", "drop_never_text"),
    ("scraper.extractor.body", "scan_boilerplate"),
    ("scraper.extractor.body", "select_body"),
    ("scraper.extractor.body", "render_lines"),
    ("scraper.extractor.body", "page_blocks"),
    ("scraper.extractor.body", "block_features"),
    ("scraper.extractor", "classify_page"),
)
_WARMUP = "<html><head><title>Warm-up</title></head><body><p>One short paragraph.</p></body></html>"


def _wrap(module: Any, name: str, label: str, spent: Counter[str], calls: Counter[str]) -> None:
    function: Callable[..., Any] = getattr(module, name)

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            spent[label] += time.process_time() - start
            calls[label] += 1

    setattr(module, name, timed)


def add_page_options(parser: argparse.ArgumentParser) -> None:
    """``--shared``, ``--set`` and ``--limit``: which benchmark pages a timing script reads."""
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--set", default="wcxb-dev", help="set name under --shared")
    parser.add_argument("--limit", type=int, default=500, help="first N pages (0: all)")


def load_pages(folder: Path, limit: int) -> list[tuple[str, str | None]]:
    """``(html, url)`` of the set's first ``limit`` pages (0: all), in id order."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for doc_id in sorted(truth)[: limit or None]:
        with gzip.open(folder / "html" / f"{doc_id}.html.gz", "rb") as page:
            pages.append((page.read().decode("utf-8", "replace"), truth[doc_id].get("url")))
    return pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_page_options(parser)
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sys.path.insert(0, str(PROJECT_ROOT))
    import importlib

    import scraper.extractor as extractor

    pages = load_pages(args.shared / args.set, args.limit)
    spent: Counter[str] = Counter()
    calls: Counter[str] = Counter()
    for module_name, name in STAGES:
        module = importlib.import_module(module_name)
        if hasattr(module, name):
            _wrap(module, name, name, spent, calls)
    extractor.extract(_WARMUP, None)  # loads the shipped models, as extract_bench's warm-up call
    spent.clear()
    calls.clear()
    start = time.process_time()
    for html, url in pages:
        extractor.extract(html, url)
    total = time.process_time() - start
    count = len(pages)
    print(f"{args.set}: {count} pages, {total * 1000 / count:.2f} ms CPU per page (one cold pass)")
    for _, name in STAGES:
        if calls[name]:
            print(f"  {name:18s} {spent[name] * 1000 / count:6.3f} ms/page  ({calls[name]} calls)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
