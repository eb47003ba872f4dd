"""Side-by-side extraction benchmark: scraper vs trafilatura and readability-lxml, one run.

    python benchmarks/extract_bench.py                      # the AEB set in ../shared/benchmarks
    python benchmarks/extract_bench.py --set PATH --worst 20
    python benchmarks/extract_bench.py --peers trafilatura  # fewer peers, faster

Quality uses the metric functions of the shared ``score.py`` (imported by path, so the figures
match it exactly): mean token P/R/F1 and the AEB-style shingle F1. Speed is documents per second
of the extractor calls alone, in this process, after one warm-up call, with the extractors
interleaved document by document so machine load hits them alike; the lxml parse-only rate is
the floor any lxml-based extractor pays. Compare speeds as ratios within one run.
"""

from __future__ import annotations

import argparse
import importlib.util
import logging
import sys
import warnings
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# ../shared beside the project (a worktree one level deeper finds it one level further up)
DEFAULT_SHARED = next(
    (
        folder / "shared" / "benchmarks"
        for folder in (PROJECT_ROOT.parent, PROJECT_ROOT.parent.parent)
        if (folder / "shared" / "benchmarks").is_dir()
    ),
    PROJECT_ROOT.parent / "shared" / "benchmarks",
)

Extractor = Callable[[str, str | None], str]
PARSE_ONLY = "lxml parse only"


def load_module(path: Path, name: str) -> ModuleType:
    """Import a module from a file path (score.py and baselines.py are not a package)."""
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"cannot import {path}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scraper_extractor() -> Extractor:
    sys.path.insert(0, str(PROJECT_ROOT))
    from scraper import extract

    return lambda html, url: extract(html, url).text


def parse_only() -> Extractor:
    sys.path.insert(0, str(PROJECT_ROOT))
    from scraper.extractor.parse import parse_html

    def run(html: str, url: str | None) -> str:
        parse_html(html)
        return ""

    return run


def measure_interleaved(
    score: ModuleType, extractors: dict[str, Extractor], docs: list[dict[str, Any]]
) -> dict[str, dict[str, Any]]:
    """Score every extractor with score.py's own run() and summarize(), one document at a time.

    Each document goes through all extractors in turn, so a busy machine slows them alike and
    the speed ratios stay fair (score.py runs one extractor over the whole set instead).
    """
    for extract in extractors.values():
        extract(score.WARMUP_HTML, None)
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in extractors}
    seconds = dict.fromkeys(extractors, 0.0)
    for doc in docs:
        for name, extract in extractors.items():
            doc_rows, elapsed = score.run(extract, [doc], timeout=0)
            rows[name].extend(doc_rows)
            seconds[name] += elapsed
    results = {}
    for name, name_rows in rows.items():
        summary = score.summarize(name_rows)
        summary["docs_per_sec"] = len(name_rows) / seconds[name] if seconds[name] else float("inf")
        summary["rows"] = name_rows
        results[name] = summary
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="shared benchmarks")
    parser.add_argument("--set", default="aeb", help="set name under --shared, or a path")
    parser.add_argument("--worst", type=int, default=15, help="list our N worst pages")
    parser.add_argument("--limit", type=int, help="only the first N documents")
    parser.add_argument(
        "--peers",
        default="trafilatura,readability_lxml",
        help="comma-separated functions of the shared baselines.py ('' for none)",
    )
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")

    shared = args.shared.resolve()
    score = load_module(shared / "score.py", "shared_score")
    set_path = Path(args.set)
    set_dir = set_path if set_path.exists() else shared / args.set
    _, docs = score.load_set(str(set_dir), args.limit)
    print(f"set {set_dir} ({len(docs)} documents)\n")

    extractors: dict[str, Extractor] = {"scraper": scraper_extractor()}
    peers = [name for name in args.peers.split(",") if name]
    if peers:
        baselines = load_module(shared / "baselines.py", "shared_baselines")
        for name in peers:
            extractors[name] = getattr(baselines, name)

    extractors[PARSE_ONLY] = parse_only()
    results = measure_interleaved(score, extractors, docs)
    parse = results.pop(PARSE_ONLY)

    print(f"| {'extractor':<18} |   P   |   R   |  F1   | AEB-F1 | docs/s |")
    print(f"|{'-' * 20}|-------|-------|-------|--------|--------|")
    for name, res in results.items():
        print(
            f"| {name:<18} | {res['precision']:.3f} | {res['recall']:.3f} | {res['f1']:.3f} "
            f"| {res['aeb']['f1']:.3f}  | {res['docs_per_sec']:6.1f} |"
        )
    blank = "|       " * 3 + "|        "
    print(f"| {'lxml parse only':<18} {blank}| {parse['docs_per_sec']:6.1f} |")

    ours = results["scraper"]["docs_per_sec"]
    for name, res in results.items():
        if name != "scraper":
            print(f"\nspeed: scraper is {ours / res['docs_per_sec']:.1f}x {name}")

    worst = sorted(results["scraper"]["rows"], key=lambda row: row["f1"])[: args.worst]
    print(f"\nscraper's {len(worst)} worst pages (id, F1, P, R):")
    for row in worst:
        print(f"  {row['id']}  F1={row['f1']:.3f}  P={row['p']:.3f}  R={row['r']:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
