"""CPU time of ``extract_text()`` in an old and the current tree, dump by dump in one process.

    python benchmarks/text_ab.py --old HEAD~1                  # a git revision of this repository
    python benchmarks/text_ab.py --old /tmp/base --limit 400   # a folder holding a scraper/ package

``speed_ab.py`` for the text extractor: both trees extract every dump cached by
``text_bench.py`` (``--cache``, the trained renderers unless ``--renderers`` names others, taken
in turn so a ``--limit`` keeps each renderer's share; the page URL read from the set's gold),
one right after the other (who goes first alternates), best of ``--repeat`` per dump, so load
hits both alike. It also counts the dumps whose ``Article`` differs: a speed-only change keeps
it at 0.
"""

from __future__ import annotations

import argparse
import dataclasses
import importlib
import itertools
import json
import logging
import sys
import tempfile
import time
import warnings
from pathlib import Path
from typing import Any

from speed_ab import _old_package
from text_bench import DEFAULT_BENCH_DIR, DEFAULT_CACHE, RENDERERS, ROOT


def cached_dumps(
    cache: Path, bench_dir: Path, limit: int, renderers: tuple[str, ...] = RENDERERS
) -> list[tuple[str, str | None, str]]:
    """(text, url, name) of the cached dumps of ``renderers``, one of each renderer in turn (so
    ``limit`` > 0, which keeps that many, times every renderer alike, not the first folder)."""
    urls: dict[tuple[str, str], str | None] = {}
    for set_name in ("aeb", "wcxb-dev"):
        path = bench_dir / set_name / "ground-truth.json"
        if path.exists():
            gold = json.loads(path.read_text(encoding="utf-8"))
            urls.update({(set_name, i): r.get("url") for i, r in gold.items()})
    folders = [sorted((cache / name).glob("*.txt")) for name in renderers]
    paths = [path for turn in itertools.zip_longest(*folders) for path in turn if path]
    found = []
    for path in paths[:limit] if limit else paths:
        set_name, _, rest = path.stem.partition("_")
        doc_id = rest.rsplit("_", 1)[0]
        found.append((path.read_text(encoding="utf-8"), urls.get((set_name, doc_id)), str(path)))
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--old", required=True, help="git revision, or a folder with scraper/")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--limit", type=int, default=0, help="dumps (0: all cached)")
    parser.add_argument(
        "--renderers", nargs="+", default=list(RENDERERS), help="cache folders to time"
    )
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--show", type=int, default=5, help="name this many differing dumps")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    dumps = cached_dumps(args.cache, args.bench_dir, args.limit, tuple(args.renderers))
    with tempfile.TemporaryDirectory() as scratch:
        _old_package(args.old, Path(scratch))
        sys.path.insert(0, scratch)
        sys.path.insert(0, str(ROOT))
        new: Any = importlib.import_module("scraper.extractor.textdump")
        old: Any = importlib.import_module("scraper_old.extractor.textdump")
        for module in (old, new):  # loads the shipped models, outside the timings
            module.extract_text("Warm-up.\n\nOne short paragraph of text.\n", None)
        spent = {"old": 0.0, "new": 0.0}
        differ: list[str] = []
        for index, (text, url, name) in enumerate(dumps):
            best = {"old": float("inf"), "new": float("inf")}
            results = {}
            for _ in range(args.repeat):
                for side in ("old", "new") if index % 2 else ("new", "old"):
                    module = old if side == "old" else new
                    start = time.process_time()
                    results[side] = module.extract_text(text, url)
                    best[side] = min(best[side], time.process_time() - start)
            for side in spent:
                spent[side] += best[side]
            if dataclasses.asdict(results["old"]) != dataclasses.asdict(results["new"]):
                differ.append(name)
    count = max(len(dumps), 1)
    old_ms, new_ms = (spent[side] * 1000 / count for side in ("old", "new"))
    print(
        f"{len(dumps)} dumps, CPU per dump (best of {args.repeat}) old {old_ms:.3f} ms, "
        f"new {new_ms:.3f} ms, new/old {new_ms / max(old_ms, 1e-9):.3f}; "
        f"dumps whose Article differs: {len(differ)}"
    )
    for name in differ[: args.show]:
        print(f"  differs: {name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
