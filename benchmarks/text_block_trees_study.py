"""The text-dump block model as boosted trees against the logistic, host-folded (a study).

``train_text_model.py --model trees`` fits trees in place of the logistic block model, but it
prints only the trees' page F1 next to the shipped (in-sample) weights. This script fits the
logistic, the trees (``TREE_PARAMS``) and their blend (the two probabilities averaged) in every
host fold (5, crc32 of the host, as ``train_text_model.py --extra`` does) and reports, out of
fold:

* block level: weighted log loss (the training weights) and AUC (weighted and by block) of the
  models' probabilities against the blocks' labels;
* page level: word F1 of ``extract_text`` with each block model and the downstream stack as
  shipped (stretch ranker, edges, end/start cuts, decoder and its gate), per set (aeb,
  wcxb-dev) and page type.

Then all are fitted on every training page and run on ``text_bench.py``'s report set (unseen
sites). The downstream models were fitted on the *logistic's* probabilities (the ranker and
edges on out-of-fold ones, the cuts and decoder on the shipped model's), and on these training
pages, so the out-of-fold page figures favour the logistic: the trees feed the stack a
distribution it never saw.

    python benchmarks/text_block_trees_study.py [--only-fold 0] [--no-report]
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from collections import defaultdict
from pathlib import Path
from statistics import mean

import numpy as np

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
    RULE,
    add_data_args,
    examples,
    fit_trees,
    sample_weight,
    tune,
)

from scraper.extractor.textdump import extract_text  # noqa: E402
from scraper.extractor.textmodel import first_stage, tree_model  # noqa: E402

MODELS = ("linear", "trees", "blend")


class Blend:
    """The two block models' probabilities averaged (``content_probabilities`` calls the
    ``trees`` argument's ``scores``): trees' ranking, nearer the logistic's calibration."""

    def __init__(self, weights: list[float], trees: object) -> None:
        self.weights, self.trees = weights, trees

    def scores(self, x: np.ndarray) -> np.ndarray:
        return 0.5 * (first_stage(x, self.weights) + self.trees.scores(x))  # type: ignore[attr-defined]


def training_items(args: argparse.Namespace, renderers: list[str]) -> list[tuple]:
    """``train_text_model.py --extra``'s items: (fold, doc, renderer, dump, x, y, n)."""
    docs = load_docs(args.bench_dir, "aeb", 0, args.seed)
    docs += load_docs(args.bench_dir, "wcxb-dev", args.sample, args.seed)
    report_ids, report_hosts = report_selection(args.bench_dir, train_sample=args.sample)
    taken = frozenset(report_ids | {doc["id"] for doc in docs})
    more = load_docs(args.bench_dir, "wcxb-dev", 0, args.seed, taken)
    docs += [doc for doc in more if host_of(doc["url"]) not in report_hosts]
    items = []
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % args.folds
        for renderer in renderers:
            dump = rendered(args.cache, renderer, doc)
            if dump is not None:
                items.append((fold, doc, renderer, dump, *examples(dump, doc["gold"], doc["url"])))
    return items


def fitted(training: list[tuple], l2: float) -> dict[str, dict]:
    """Both block models fitted on ``training``, as ``extract_text`` keyword arguments."""
    beta, _ = tune(training, l2, 1)
    trees = tree_model(fit_trees(training))
    blend = Blend(list(beta), trees)
    return {"linear": {"weights": list(beta)}, "trees": {"trees": trees}, "blend": {"trees": blend}}


def block_probs(models: dict[str, dict], x: np.ndarray) -> dict[str, np.ndarray]:
    probs = {"linear": first_stage(x, models["linear"]["weights"])}
    for name in MODELS[1:]:
        probs[name] = models[name]["trees"].scores(x) if len(x) else np.zeros(0)
    return probs


def log_loss(y: np.ndarray, p: np.ndarray, w: np.ndarray) -> float:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return float(-(w * (y * np.log(p) + (1 - y) * np.log(1 - p))).sum() / w.sum())


def auc(y: np.ndarray, p: np.ndarray, w: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p, sample_weight=w))


def page_scores(
    models: dict[str, dict], items: list[tuple], scores: dict[str, dict[str, list[float]]]
) -> None:
    """Each item's word F1 under both models into ``scores[group][model]``."""
    for _, doc, _renderer, dump, *_ in items:
        groups = ("ALL", f"{doc['set']} ALL", f"{doc['set']} {doc['page_type']}")
        for name in MODELS:
            text = extract_text(dump, doc["url"], selection=RULE, **models[name]).text
            f1 = word_f1(doc["gold"], text)
            for group in groups:
                scores[group][name].append(f1)


def print_pages(title: str, scores: dict[str, dict[str, list[float]]]) -> None:
    print(
        f"\n{title}\n| group | dumps | " + " | ".join(MODELS) + " | trees - linear "
        "| blend - linear |\n|---|---|---|---|---|---|---|"
    )
    for group in sorted(scores):
        f1 = {name: mean(scores[group][name]) for name in MODELS}
        cells = [f"{f1[m]:.4f}" for m in MODELS]
        cells += [f"{f1[m] - f1['linear']:+.4f}" for m in ("trees", "blend")]
        print(f"| {group} | {len(scores[group]['linear'])} | " + " | ".join(cells) + " |")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_args(parser)
    parser.add_argument("--only-fold", type=int, help="this one fold only (a quick check)")
    parser.add_argument("--no-report", action="store_true", help="skip the report set")
    args = parser.parse_args(argv)
    renderers = available_renderers(RENDERERS)
    started = time.time()
    items = training_items(args, renderers)
    print(f"{len(items)} dumps, {time.time() - started:.0f}s", file=sys.stderr)

    blocks: dict[str, dict[str, list[np.ndarray]]] = defaultdict(lambda: defaultdict(list))
    pages: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    folds = range(args.folds) if args.only_fold is None else [args.only_fold]
    for fold in folds:
        models = fitted([it for it in items if it[0] != fold], args.l2)
        held = [it for it in items if it[0] == fold]
        for it in held:
            if not len(it[5]):
                continue
            probs = block_probs(models, it[4])
            for group in ("ALL", f"{it[1]['set']} ALL", f"{it[1]['set']} {it[1]['page_type']}"):
                blocks[group]["y"].append(it[5])
                blocks[group]["w"].append(sample_weight(it[6]))
                for name in MODELS:
                    blocks[group][name].append(probs[name])
        page_scores(models, held, pages)
        print(f"fold {fold} done, {time.time() - started:.0f}s", file=sys.stderr)

    print("out-of-fold block level (host-folded): weighted log loss, AUC weighted / by block")
    print(
        "| group | blocks | "
        + " | ".join(f"{m} {what}" for what in ("LL", "AUC w", "AUC") for m in MODELS)
        + " |\n|---|---|"
        + "---|" * 3 * len(MODELS)
    )
    for group in sorted(blocks):
        y = np.concatenate(blocks[group]["y"])
        w = np.concatenate(blocks[group]["w"])
        p = {name: np.concatenate(blocks[group][name]) for name in MODELS}
        ones = np.ones_like(w)
        if len(set(y)) < 2:
            continue
        cells = [log_loss(y, p[m], w) for m in MODELS] + [auc(y, p[m], w) for m in MODELS]
        cells += [auc(y, p[m], ones) for m in MODELS]
        print(f"| {group} | {len(y)} | " + " | ".join(f"{c:.4f}" for c in cells) + " |")
    print_pages("out-of-fold page word F1, downstream stack as shipped", pages)

    if not args.no_report:
        models = fitted(items, args.l2)
        report_ids, _ = report_selection(args.bench_dir, train_sample=args.sample)
        docs = [d for d in load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in report_ids]
        report = []
        for doc in docs:
            for renderer in renderers:
                dump = rendered(args.cache, renderer, doc)
                if dump is not None:
                    report.append((0, doc, renderer, dump))
        scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
        page_scores(models, report, scores)
        print_pages(f"report set ({len(docs)} pages, unseen sites), fitted on all", scores)
    print(f"{time.time() - started:.0f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
