"""CPU time of ``read_metadata`` alone in an old and the current tree, page by page, one process.

    python benchmarks/metadata_ab.py --old main                    # the crawl bench's posts
    python benchmarks/metadata_ab.py --old main --set wcxb-dev --limit 300
    python benchmarks/metadata_ab.py --old main --cold             # memos emptied per page

A faster loop than ``speed_ab.py`` for work on the metadata stage: every page is parsed once
per tree, then each tree reads its metadata ``--repeats`` times, old and new alternating page by
page; a page's time is its fastest repeat (load spikes drop out). Pages whose ``Metadata``
differs are counted: a speed change must keep that at 0. The memos of pure string readers
stay warm across pages and repeats, as in a crawl of one site; ``--cold`` empties them before
each page of the current tree, for a set of unrelated pages read once.
"""

from __future__ import annotations

import argparse
import dataclasses
import functools
import importlib
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crawl_bench import post_html
from extract_bench import PROJECT_ROOT
from speed_ab import _old_package
from stage_times import add_page_options, load_pages

_MEMO_MODULES = ("authors", "authorscan", "bylines", "dates")


def _memos(package: str) -> list[Any]:
    """Every ``lru_cache`` of the pure readers in the package's name and date modules."""
    found = []
    for name in _MEMO_MODULES:
        module = importlib.import_module(f"{package}.extractor.{name}")
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, functools._lru_cache_wrapper)
        ]
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision, or a folder with scraper/")
    parser.add_argument("--posts", type=int, default=400, help="crawl bench posts (no --set)")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="empty the memos before each page")
    add_page_options(parser)
    parser.set_defaults(set=None)
    args = parser.parse_args(argv)
    if args.set:
        pages = load_pages(args.shared / args.set, args.limit)
    else:
        pages = [(post_html(n).decode(), f"http://127.0.0.1/post/{n}/") for n in range(args.posts)]
    with tempfile.TemporaryDirectory() as scratch:
        _old_package(args.old, Path(scratch))
        sys.path.insert(0, scratch)
        sys.path.insert(0, str(PROJECT_ROOT))
        trees: dict[str, list[tuple[Any, str | None]]] = {}
        readers: dict[str, Any] = {}
        for name, package in (("new", "scraper"), ("old", "scraper_old")):
            parse = importlib.import_module(f"{package}.extractor.parse").parse_html
            readers[name] = importlib.import_module(f"{package}.extractor.metadata").read_metadata
            trees[name] = [(parse(html), url) for html, url in pages]
        # both trees' memos emptied before each of their pages (the old tree's too: else an old
        # tree with memos of its own would run warm against a cold new one)
        memos = {"new": _memos("scraper"), "old": _memos("scraper_old")} if args.cold else {}
        kept = [i for i, (root, _) in enumerate(trees["new"]) if root is not None]
        best = {name: [float("inf")] * len(kept) for name in trees}
        differ: set[int] = set()
        for repeat in range(args.repeats):
            for slot, index in enumerate(kept):
                results = {}
                for name in ("new", "old") if (slot + repeat) % 2 else ("old", "new"):
                    for memo in memos.get(name, ()):
                        memo.cache_clear()
                    root, url = trees[name][index]
                    start = time.thread_time()
                    results[name] = readers[name](root, url)
                    best[name][slot] = min(best[name][slot], time.thread_time() - start)
                if dataclasses.asdict(results["old"]) != dataclasses.asdict(results["new"]):
                    differ.add(index)
    count = max(len(kept), 1)
    old_ms, new_ms = (sum(best[name]) * 1000 / count for name in ("old", "new"))
    print(
        f"{args.set or 'crawl posts'}: {len(kept)} pages, read_metadata CPU per page (fastest of"
        f" {args.repeats}) old {old_ms:.3f} ms, new {new_ms:.3f} ms, new/old"
        f" {new_ms / max(old_ms, 1e-9):.3f}{' (memos cold)' if args.cold else ''};"
        f" pages whose Metadata differs: {len(differ)}"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
