"""Block features of an old and the current tree, compared byte for byte page by page.

    python benchmarks/features_ab.py --old main                   # wcxb-dev, AEB, crawl posts
    python benchmarks/features_ab.py --old main --limit 150       # first 150 pages of each set

``speed_ab.py`` counts pages whose ``Article`` differs; a speed change to the block model's
inputs can move a feature by one float32 step without changing the chosen lines on these pages
and still change them on others. Here each page is cut into blocks on every page
(``analyse_page(..., all_blocks=True)``) by both trees, and the feature matrix, the lines and
the hidden-panel counts must be equal. Also prints ``block_features`` CPU per page of each.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from crawl_bench import post_html
from extract_bench import DEFAULT_SHARED, PROJECT_ROOT
from speed_ab import _old_package
from stage_times import load_pages


def _analysers(package: str) -> tuple[Any, Any]:
    parse = importlib.import_module(f"{package}.extractor.parse").parse_tree
    analyse = importlib.import_module(f"{package}.extractor.body").analyse_page
    return parse, analyse


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision, or a folder with scraper/")
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--limit", type=int, default=0, help="first N pages of each set (0: all)")
    parser.add_argument("--posts", type=int, default=300, help="crawl bench posts (0: none)")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    sets = {
        "wcxb-dev": load_pages(args.shared / "wcxb-dev", args.limit),
        "aeb": load_pages(args.shared / "aeb", args.limit),
        "crawl posts": [(post_html(n).decode(), None) for n in range(args.posts)],
    }
    failed = 0
    with tempfile.TemporaryDirectory() as scratch:
        _old_package(args.old, Path(scratch))
        sys.path.insert(0, scratch)
        sys.path.insert(0, str(PROJECT_ROOT))
        trees = {"new": _analysers("scraper"), "old": _analysers("scraper_old")}
        for set_name, pages in sets.items():
            if not pages:
                continue
            differ = 0
            spent = {"new": 0.0, "old": 0.0}
            for index, (html, _) in enumerate(pages):
                seen: dict[str, Any] = {}
                for name in ("new", "old") if index % 2 else ("old", "new"):
                    parse, analyse = trees[name]
                    root = parse(html)
                    if root is None:
                        seen[name] = None
                        continue
                    page = analyse(root, all_blocks=True)
                    start = time.process_time()
                    features = page.features()
                    spent[name] += time.process_time() - start
                    texts = [line.text for line in page.blocks.lines]
                    seen[name] = (features.shape, features.tobytes(), texts, page.hidden)
                differ += seen["new"] != seen["old"]
            failed += differ
            old_ms, new_ms = (spent[name] * 1000 / len(pages) for name in ("old", "new"))
            print(
                f"{set_name}: {len(pages)} pages, block features differ on {differ};"
                f" block_features CPU per page old {old_ms:.3f} ms, new {new_ms:.3f} ms",
                flush=True,
            )
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
