"""How much does refitting the block model on uninformative changes of its data move the report set?

A yardstick for refits (text40, text42): the blend block model (``train_text_model.block_model``,
as ``text_renderer_loo.py`` fits it) is refitted on the trained renderers' training dumps with a
random share of the training PAGES dropped (no information: a different draw each time), the
later stages as shipped, and the report set (265 pages of unseen sites) is scored per renderer
and page type each time. The spread of those fits is the noise a refit's deltas must clear.

    python benchmarks/text_invariance_study.py collect     # the training items (text39's pickle)
    python benchmarks/text_refit_variance.py --draws 4 --drop 0.05 --out S      # S: the scores
    python benchmarks/text_refit_variance.py --first 5 --draws 4 --seeds 1,2 --out S   # add to S

Rows: ``shipped`` (main's models as they are), ``full`` (the block model refit on every page:
equals shipped only on the dumps it was fitted on), ``drop k`` (draw k), ``seed s`` (every
page, the trees' ``random_state`` s: it draws the 200,000 rows their bin edges are read from).
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path
from statistics import mean, pstdev

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    HELD_OUT,
    RENDERERS,
    cached_dump,
    load_docs,
    report_selection,
    word_f1,
)
from text_invariance_study import ITEMS, fit_variant  # noqa: E402
from train_text_model import RULE, TREE_PARAMS  # noqa: E402

from scraper import extract_text  # noqa: E402

Scores = dict[tuple[str, str, str], float]  # (fit, renderer, doc id) -> word F1


def trained_items() -> list:
    """text39's items, trained renderers only, in ``train_text_model``'s layout."""
    items = pickle.loads(ITEMS.read_bytes())
    return [(it[0], it[1], it[3], None, it[4], it[5], it[6]) for it in items if it[3] in RENDERERS]


def dropped(items: list, share: float, draw: int) -> list:
    """The items without a random ``share`` of their pages (all renderings of a page go)."""
    pages = sorted({it[1] for it in items})
    rng = np.random.default_rng(1000 + draw)
    gone = set(rng.choice(pages, size=round(share * len(pages)), replace=False).tolist())
    return [it for it in items if it[1] not in gone]


def score(name: str, model: dict, report: list, dumps: dict, every: list, out: Scores) -> None:
    for doc in report:
        for r in every:
            dump = dumps[(doc["id"], r)]
            if dump is not None:
                text = extract_text(dump, doc["url"], selection=RULE, **model).text
                out[(name, r, doc["id"])] = word_f1(doc["gold"], text)
    print(f"scored: {name}", file=sys.stderr, flush=True)


def group_mean(scores: Scores, name: str, renderers: list, ids: set) -> float:
    return mean(v for (n, r, i), v in scores.items() if n == name and r in renderers and i in ids)


def print_tables(scores: Scores, report: list, every: list) -> None:
    fits = list(dict.fromkeys(k[0] for k in scores))
    draws = [f for f in fits if f not in ("shipped", "full")]
    groups = {"all": {d["id"] for d in report}}
    groups["articles"] = {d["id"] for d in report if d["page_type"] == "article"}
    for kind in sorted({d["page_type"] for d in report} - {"article"}):
        groups[kind] = {d["id"] for d in report if d["page_type"] == kind}
    trained = [r for r in every if r in RENDERERS]
    views = [("trained four", trained), (f"all {len(every)}", every), *[(r, [r]) for r in trained]]
    for label, rs in views:
        print(f"\nreport set, {label}: word F1; spread over the {len(draws)} perturbed fits")
        print("| group | pages | " + " | ".join(fits) + " | min | max | sd | max - min |")
        print("|---|---|" + "---|" * (len(fits) + 4))
        for group, ids in groups.items():
            cells = {f: group_mean(scores, f, rs, ids) for f in fits}
            spread = [cells[f] for f in draws]
            line = " | ".join(f"{cells[f]:.4f}" for f in fits)
            low, high = min(spread), max(spread)
            stats = f"{low:.4f} | {high:.4f} | {pstdev(spread):.4f} | {high - low:.4f}"
            print(f"| {group} | {len(ids)} | {line} | {stats} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/scraper-text-bench"))
    parser.add_argument("--draws", type=int, default=4)
    parser.add_argument("--drop", type=float, default=0.05, help="share of training pages dropped")
    parser.add_argument("--first", type=int, default=1, help="first draw (> 1: add to --out's)")
    parser.add_argument("--seeds", default="", help="tree seeds to fit on every page (1,2)")
    parser.add_argument("--out", type=Path, help="keep every page's scores (pickle)")
    parser.add_argument("--tables", action="store_true", help="only print --out's tables")
    args = parser.parse_args(argv)
    every = [r for r in (*RENDERERS, *HELD_OUT) if (args.cache / r).is_dir()]
    ids, _ = report_selection(args.bench_dir)
    report = [d for d in load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids]
    if args.tables:
        print_tables(pickle.loads(args.out.read_bytes()), report, every)
        return 0
    dumps = {(doc["id"], r): cached_dump(args.cache, r, doc) for doc in report for r in every}
    scores: Scores = {}
    items = trained_items()
    fits: dict[str, list] = {}
    if args.first > 1:  # more draws for an earlier run's scores
        scores = pickle.loads(args.out.read_bytes())
    else:
        score("shipped", {}, report, dumps, every, scores)
        fits["full"] = items
    last = args.first + args.draws
    fits |= {f"drop {k}": dropped(items, args.drop, k) for k in range(args.first, last)}
    seeds = [int(seed) for seed in args.seeds.split(",") if seed]
    for name, used in [*fits.items(), *((f"seed {seed}", items) for seed in seeds)]:
        if name.startswith("seed"):
            TREE_PARAMS["random_state"] = int(name.split()[1])
        score(name, fit_variant(used, None), report, dumps, every, scores)
        if args.out:
            args.out.write_bytes(pickle.dumps(scores))
    print_tables(scores, report, every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
