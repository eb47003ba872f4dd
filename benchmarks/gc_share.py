"""The garbage collector's share of extract(), per generation, in one fresh process.

    python benchmarks/gc_share.py                       # first 400 wcxb-dev pages, this tree
    python benchmarks/gc_share.py --root /work/base34   # another built copy (run both in turn)

A full (generation 2) collection walks every tracked object in the process, most of them made at
import time, so its cost follows the heap the package leaves after it loads; generations 0 and 1
follow the page's own container churn. ``gc.callbacks`` times each collection; the tracked count
is ``len(gc.get_objects())`` after the models load. Each copy must run in its own process (the
A/B scripts load both packages in one heap, so they cannot see a heap difference).
"""

from __future__ import annotations

import argparse
import gc
import logging
import sys
import time
import warnings
from collections import Counter
from pathlib import Path

from extract_bench import PROJECT_ROOT
from stage_times import add_page_options, load_pages


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_page_options(parser)
    parser.add_argument("--root", type=Path, default=PROJECT_ROOT, help="a built scraper copy")
    parser.set_defaults(limit=400)
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    pages = load_pages(args.shared / args.set, args.limit)
    sys.path.insert(0, str(args.root))
    from scraper import extract

    extract("<html><body><p>Warm-up: the models load here.</p></body></html>", None)
    gc.collect()
    print(f"tracked objects after import and warm-up: {len(gc.get_objects())}")
    seconds: Counter[int] = Counter()
    runs: Counter[int] = Counter()
    start = [0.0]

    def timer(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            start[0] = time.perf_counter()
        else:
            seconds[info["generation"]] += time.perf_counter() - start[0]
            runs[info["generation"]] += 1

    gc.callbacks.append(timer)
    total = 0.0
    for html, url in pages:
        began = time.perf_counter()
        extract(html, url)
        total += time.perf_counter() - began
    gc.callbacks.remove(timer)
    count = len(pages)
    spent = sum(seconds.values())
    print(
        f"{count} pages: extract {total / count * 1e3:.3f} ms a page, collector "
        f"{spent / count * 1e3:.3f} ms a page ({spent / total:.1%})"
    )
    for generation in sorted(runs):
        print(
            f"  gen{generation}: {runs[generation]} collections, "
            f"{seconds[generation] / runs[generation] * 1e3:.2f} ms each, "
            f"{seconds[generation] / count * 1e3:.3f} ms a page"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
