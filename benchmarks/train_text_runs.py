"""Train the text-dump stretch ranker (``RUN_WEIGHTS`` in ``scraper/extractor/textweights.py``).

The block model scores blocks; the body is one contiguous run of them. ``textruns`` proposes a
few candidate runs per dump and describes each as a whole; this script learns which to pick.
Candidates come from block models that never saw the dump (stacking: per host fold, the block
model is fitted on the other folds), so the ranker learns from verdicts as uncertain as the
ones it meets on new sites. Each candidate is scored by the word F1 of the body it gives; a
listwise softmax ranker (numpy/scipy, L2) is fitted to pick the best, each dump weighted by how
much the choice matters there (best minus worst F1). Ranker quality is reported out of fold by
host, next to the largest-sum choice and the oracle (the best candidate every time).

    python benchmarks/train_text_runs.py            # out-of-fold report
    python benchmarks/train_text_runs.py --write    # also write RUN_WEIGHTS

Same pages as ``train_text_model.py --extra``: aeb, and every wcxb-dev page outside
``text_bench.py``'s report hosts (those stay unseen, by site).
"""

from __future__ import annotations

import argparse
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from statistics import mean

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    DEFAULT_CACHE,
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)
from train_text_model import RULE, examples, tune  # noqa: E402

from scraper.extractor.textdump import candidate_bodies  # noqa: E402
from scraper.extractor.textruns import RUN_FEATURE_NAMES  # noqa: E402

WEIGHTS_PATH = ROOT / "scraper" / "extractor" / "textweights.py"
_RUN_BLOCK = re.compile(r"\n# The stretch ranker.*", re.DOTALL)


def softmax_loss(
    beta: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray, float]], l2: float
) -> tuple[float, np.ndarray]:
    """Weighted cross-entropy of each dump's softmax over candidates against its best one."""
    loss = 0.5 * l2 * float(beta @ beta)
    grad = l2 * beta.copy()
    for x, target, weight in groups:
        z = x @ beta
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        loss -= weight * float(np.log(max(float(p @ target), 1e-12)))
        grad += weight * (x.T @ (p - target))
    return loss, grad


def fit_ranker(dumps: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """The ranker's weights from (candidate rows, candidate F1s) per dump."""
    groups = []
    for x, f1 in dumps:
        if len(f1) < 2 or f1.max() - f1.min() < 1e-6:
            continue  # every choice is as good: nothing to learn here
        target = (f1 >= f1.max() - 1e-9).astype(float)
        groups.append((x, target / target.sum(), float(f1.max() - f1.min())))
    start = np.zeros(len(RUN_FEATURE_NAMES))
    start[RUN_FEATURE_NAMES.index("top")] = 1.0
    done = minimize(softmax_loss, start, args=(groups, l2), jac=True, method="L-BFGS-B")
    return done.x


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0, help="block model's L2")
    parser.add_argument("--ranker-l2", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=0, help="use only this many pages (0: all)")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)

    renderers = available_renderers(RENDERERS)
    docs = load_docs(args.bench_dir, "aeb", 0, args.seed)
    docs += load_docs(args.bench_dir, "wcxb-dev", args.sample, args.seed)
    report_ids, report_hosts = report_selection(args.bench_dir, train_sample=args.sample)
    taken = frozenset(report_ids | {doc["id"] for doc in docs})
    more = load_docs(args.bench_dir, "wcxb-dev", 0, args.seed, taken)
    docs += [doc for doc in more if host_of(doc["url"]) not in report_hosts]
    if args.limit:
        docs = docs[:: max(1, len(docs) // args.limit)]
    items = []  # (fold, doc, renderer, dump, x, y, w): as train_text_model.py
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % args.folds
        for renderer in renderers:
            dump = rendered(args.cache, renderer, doc)
            if dump is not None:
                items.append((fold, doc, renderer, dump, *examples(dump, doc["gold"], doc["url"])))
    print(f"{len(items)} dumps of {len(docs)} pages", file=sys.stderr)

    # Candidates from a block model that never saw the dump's host (stacking).
    cands: list[tuple[int, dict, str, np.ndarray, np.ndarray]] = []
    for fold in range(args.folds):
        beta, _ = tune([it for it in items if it[0] != fold], args.l2, 1)
        for _, doc, renderer, dump, *_ in (it for it in items if it[0] == fold):
            found = candidate_bodies(dump, doc["url"], weights=list(beta), selection=RULE)
            if not found:
                continue
            x = np.vstack([row for row, _ in found])
            f1 = np.array([word_f1(doc["gold"], "\n".join(b.paragraphs)) for _, b in found])
            cands.append((fold, doc, renderer, x, f1))
    print(f"candidates per dump: {mean(len(c[4]) for c in cands):.2f}", file=sys.stderr)

    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for fold in range(args.folds):
        weights = fit_ranker([(c[3], c[4]) for c in cands if c[0] != fold], args.ranker_l2)
        for _, doc, renderer, x, f1 in (c for c in cands if c[0] == fold):
            picked = f1[int(np.argmax(x @ weights))]
            groups = [renderer, "ALL"] + (["ALL articles"] if doc["page_type"] == "article" else [])
            for group in groups:
                scores[group]["largest sum"].append(float(f1[0]))
                scores[group]["ranker"].append(float(picked))
                scores[group]["oracle"].append(float(f1.max()))
    names = ["largest sum", "ranker", "oracle"]
    print("out-of-fold word F1 (host-folded; candidates from out-of-fold block models)")
    print("| group | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group, cells in scores.items():
        row = " | ".join(f"{mean(cells[k]):.3f}" for k in names)
        print(f"| {group} | {len(cells['ranker'])} | {row} |")

    weights = fit_ranker([(c[3], c[4]) for c in cands], args.ranker_l2)
    lines = [f'    "{n}": {v:.4f},' for n, v in zip(RUN_FEATURE_NAMES, weights, strict=True)]
    print("\n".join(lines))
    if args.write:
        head = _RUN_BLOCK.sub("", WEIGHTS_PATH.read_text(encoding="utf-8")).rstrip("\n")
        WEIGHTS_PATH.write_text(
            head
            + "\n\n# The stretch ranker (textruns), written by benchmarks/train_text_runs.py.\n"
            + "RUN_WEIGHTS: dict[str, float] = {\n"
            + "\n".join(lines)
            + "\n}\n",
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
