"""Leave one renderer out: does a block model trained on more renderings read unseen ones better?

The block model (the logistic and its 20 trees, blended as shipped: ``train_text_model.py
--model blend``) is fitted on the training pages (aeb and the wcxb-dev pages outside
``text_bench.py``'s report sites) rendered by a subset of renderers, then the whole extractor
runs on the report set (265 pages of sites never trained on) rendered by every renderer, the
held-out ones (``text_bench.HELD_OUT``) included. The later stages (edges, cuts, decoder) stay
as shipped: only the block model sees fewer or more renderings.

    python benchmarks/text_renderer_loo.py --cache /tmp/text38-dumps [--limit N]
    python benchmarks/text_renderer_loo.py --cache /tmp/text38-dumps --aeb-folds

``--aeb-folds``: aeb is in the shipped block model's training data, so its trained renderers'
figures are in sample and the held-out ones' are not. This fits the block model (the four
trained renderers) per host fold, as ``train_text_model.py`` folds, and scores each fold's aeb
pages in every rendering: all renderers out of fold (the later stages still as shipped).

Fits: the four trained renderers (the shipped data; its scores match the shipped model's to
the digit, measured), each of them left out (three renderers), and the four plus the
held-out ones but one (that one left out). Prints word F1 per renderer and fit, all pages and
articles; a cell for a renderer left out of that fit is marked ``*``.
"""

from __future__ import annotations

import argparse
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    HELD_OUT,
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)
from train_text_model import RULE, block_model, examples  # noqa: E402

from scraper import extract_text  # noqa: E402


def training_docs(bench_dir: Path, sample: int = 400, seed: int = 14) -> list[dict]:
    """``train_text_model.py --extra``'s pages (aeb, wcxb-dev outside the report's hosts)."""
    docs = load_docs(bench_dir, "aeb", 0, seed)
    docs += load_docs(bench_dir, "wcxb-dev", sample, seed)
    report_ids, report_hosts = report_selection(bench_dir, train_sample=sample)
    taken = frozenset(report_ids | {doc["id"] for doc in docs})
    more = load_docs(bench_dir, "wcxb-dev", 0, seed, taken)
    return docs + [doc for doc in more if host_of(doc["url"]) not in report_hosts]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, required=True, help="text_bench.py --held-out's")
    parser.add_argument("--limit", type=int, default=0, help="training pages (0: all)")
    parser.add_argument("--aeb-folds", action="store_true", help="aeb out of fold (see above)")
    args = parser.parse_args(argv)
    every = available_renderers((*RENDERERS, *HELD_OUT))
    docs = training_docs(args.bench_dir)
    if args.limit:
        docs = docs[:: max(1, len(docs) // args.limit)]
    if args.aeb_folds:
        return aeb_folds(args.cache, docs, every)
    items = []  # (fold, doc, renderer, dump, x, y, n): train_text_model's item
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % 5
        for renderer in every:
            dump = rendered(args.cache, renderer, doc)
            if dump is not None:
                items.append((fold, doc, renderer, dump, *examples(dump, doc["gold"], doc["url"])))
    print(f"{len(items)} training dumps of {len(docs)} pages", file=sys.stderr)
    fits: dict[str, tuple[str, ...]] = {"trained 4": RENDERERS}
    for left in RENDERERS:
        fits[f"4 - {left}"] = tuple(r for r in RENDERERS if r != left)
    for left in HELD_OUT:
        others = tuple(r for r in HELD_OUT if r != left)
        fits[f"4 + {len(others)} (not {left})"] = (*RENDERERS, *others)
    ids, _ = report_selection(args.bench_dir)
    report = [d for d in load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids]
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for name, used in fits.items():
        model = block_model([it for it in items if it[2] in used], 1.0, "blend")
        for doc in report:
            for renderer in every:
                dump = rendered(args.cache, renderer, doc)
                if dump is None:
                    continue
                f1 = word_f1(
                    doc["gold"], extract_text(dump, doc["url"], selection=RULE, **model).text
                )
                scores[(name, renderer, "all")].append(f1)
                if doc["page_type"] == "article":
                    scores[(name, renderer, "articles")].append(f1)
        print(f"fitted and scored: {name}", file=sys.stderr, flush=True)
    for group in ("all", "articles"):
        print(f"\nreport set ({group}), word F1; * = renderer not in that fit's training")
        print("| fit | " + " | ".join(every) + " |")
        print("|---|" + "---|" * len(every))
        for name, used in fits.items():
            cells = [
                f"{mean(scores[(name, r, group)]):.4f}{'' if r in used else '*'}" for r in every
            ]
            print(f"| {name} | " + " | ".join(cells) + " |")
    return 0


def aeb_folds(cache: Path, docs: list[dict], every: list[str]) -> int:
    """aeb's word F1 per renderer, each page scored by the block model of the other folds."""
    items = []
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % 5
        for renderer in RENDERERS:
            dump = rendered(cache, renderer, doc)
            if dump is not None:
                items.append((fold, doc, renderer, dump, *examples(dump, doc["gold"], doc["url"])))
    scores: dict[str, list[float]] = defaultdict(list)
    for fold in range(5):
        model = block_model([it for it in items if it[0] != fold], 1.0, "blend")
        for doc in docs:
            if doc["set"] != "aeb" or zlib.crc32(host_of(doc["url"]).encode()) % 5 != fold:
                continue
            for renderer in every:
                dump = rendered(cache, renderer, doc)
                if dump is not None:
                    text = extract_text(dump, doc["url"], selection=RULE, **model).text
                    scores[renderer].append(word_f1(doc["gold"], text))
        print(f"fold {fold} done", file=sys.stderr, flush=True)
    print("\naeb, block model out of fold (host-folded), word F1")
    print("| renderer | n | F1 |\n|---|---|---|")
    for renderer in every:
        print(f"| {renderer} | {len(scores[renderer])} | {mean(scores[renderer]):.4f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
