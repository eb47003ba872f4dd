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
    python benchmarks/train_text_runs.py --model blend --write   # stacked on the blend's folds

Same pages as ``train_text_model.py --extra``: aeb, and every wcxb-dev page outside
``text_bench.py``'s report hosts (those stay unseen, by site).
"""

from __future__ import annotations

import argparse
import pickle
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
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)
from train_text_model import (  # noqa: E402
    BLOCK_MODELS,
    RULE,
    add_data_args,
    block_model,
    examples,
    fit,
)

from scraper.extractor.textdump import candidate_bodies  # noqa: E402
from scraper.extractor.textruns import RUN_FEATURE_NAMES  # noqa: E402

WEIGHTS_PATH = ROOT / "scraper" / "extractor" / "textweights.py"
_RUN_BLOCK = re.compile(r"\n# The stretch ranker.*", re.DOTALL)


def expected_f1_loss(
    beta: np.ndarray, groups: list[tuple[np.ndarray, np.ndarray]], l2: float, anchor: np.ndarray
) -> tuple[float, np.ndarray]:
    """Minus the mean F1 the ranker's softmax choice expects, plus L2 towards ``anchor``."""
    gap = beta - anchor
    loss = 0.5 * l2 * float(gap @ gap)
    grad = l2 * gap
    for x, f1 in groups:
        z = x @ beta
        z -= z.max()
        p = np.exp(z)
        p /= p.sum()
        expected = float(p @ f1)
        loss -= expected / len(groups)
        grad -= (x.T @ (p * (f1 - expected))) / len(groups)
    return loss, grad


def fit_ranker(dumps: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """The ranker's weights from (candidate rows, candidate F1s) per dump.

    Starts from "take the largest sum" (a sharp weight on ``top``) and moves only as far as
    the expected F1 of its softmax choice rises; L2 pulls towards that start.
    """
    groups = [(x, f1) for x, f1 in dumps if len(f1) > 1 and f1.max() - f1.min() > 1e-6]
    start = np.zeros(len(RUN_FEATURE_NAMES))
    start[RUN_FEATURE_NAMES.index("top")] = _SHARP
    scale = len(groups) / max(1, len(dumps))  # the loss is a mean over the dumps that matter
    done = minimize(
        expected_f1_loss,
        start,
        args=(groups, l2 * scale / 1000, start),
        jac=True,
        method="L-BFGS-B",
    )
    return done.x


def fit_switch(dumps: list[tuple[np.ndarray, np.ndarray]], l2: float) -> np.ndarray:
    """A logistic model of "this candidate beats the largest-sum one", on feature differences.

    The ``top`` column's difference is always -1, so its weight is the model's bias; a
    candidate's score minus the top one's is then the model's log-odds, and the run-time
    argmax switches away from the largest sum only where the model says it pays.
    """
    rows, labels, weights = [], [], []
    for x, f1 in dumps:
        if len(f1) < 2:
            continue
        rows.append(x[1:] - x[0])
        labels.append(f1[1:] > f1[0] + 0.01)
        weights.append(np.abs(f1[1:] - f1[0]) + 0.01)
    return fit(np.vstack(rows), np.concatenate(labels).astype(float), np.concatenate(weights), l2)


_SHARP = 8.0  # the start's weight on the largest-sum candidate: its softmax all but picks it


def stacked_candidates(args: argparse.Namespace, rule: dict[str, float]) -> list[tuple]:
    """Per dump: fold, page type, renderer, candidate rows and their F1s (out-of-fold models)."""
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
    cands = []
    for fold in range(args.folds):
        model = block_model([it for it in items if it[0] != fold], args.l2, args.model)
        for _, doc, renderer, dump, *_ in (it for it in items if it[0] == fold):
            found = candidate_bodies(dump, doc["url"], selection=rule, **model)
            if not found:
                continue
            x = np.vstack([row for row, _ in found])
            f1 = np.array([word_f1(doc["gold"], "\n".join(b.paragraphs)) for _, b in found])
            cands.append((fold, doc["page_type"], renderer, x, f1))
    return cands


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_args(parser)
    parser.add_argument("--ranker-l2", type=float, default=1.0)
    parser.add_argument("--limit", type=int, default=0, help="use only this many pages (0: all)")
    parser.add_argument("--penalty", type=float, default=RULE["penalty"], help="run rule's")
    parser.add_argument("--candidates", type=Path, help="cache the stacked candidates here")
    parser.add_argument("--objective", choices=("switch", "expected"), default="switch")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--model", choices=BLOCK_MODELS, default="linear", help="the out-of-fold block model"
    )
    args = parser.parse_args(argv)
    rule = {**RULE, "penalty": args.penalty}

    if args.candidates and args.candidates.exists():
        with args.candidates.open("rb") as handle:
            cands = pickle.load(handle)
    else:
        cands = stacked_candidates(args, rule)
        if args.candidates:
            with args.candidates.open("wb") as handle:
                pickle.dump(cands, handle)
    print(f"candidates per dump: {mean(len(c[4]) for c in cands):.2f}", file=sys.stderr)

    fitter = fit_switch if args.objective == "switch" else fit_ranker
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for fold in range(args.folds):
        weights = fitter([(c[3], c[4]) for c in cands if c[0] != fold], args.ranker_l2)
        for _, page_type, renderer, x, f1 in (c for c in cands if c[0] == fold):
            picked = f1[int(np.argmax(x @ weights))]
            groups = [renderer, "ALL"] + (["ALL articles"] if page_type == "article" else [])
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

    weights = fitter([(c[3], c[4]) for c in cands], args.ranker_l2)
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
