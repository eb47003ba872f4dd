"""Study: the body block model as a logistic regression, and its blend with the boosted trees.

    python benchmarks/train_body_model.py --no-save --no-sweeps --aeb train \
        --labels consume-ladder --oof-scores trees.npz           # the trees' out-of-fold scores
    python benchmarks/body_blend_study.py --oof-scores trees.npz --out-dir DIR
    python benchmarks/train_path_choice.py --no-save --aeb train --oof-scores DIR/blend.npz

On the text-dump side the mean of a logistic's and the trees' probabilities beat either alone
(text35). Here, on exactly ``train_body_model.py``'s protocol (the cached page examples of
wcxb-dev and AEB, consume-ladder labels, word-share weights, 5 ``GroupKFold`` host folds over
both sets), a logistic regression over the same line features (standardised on the training
part, clipped at ``CLIP`` deviations) is fitted per fold and scores the held-out pages. Then,
through ``choose_lines`` as shipped: the trees, the logistic, their mean (weight 0.5), and a
weight on the trees picked per fold among ``--weights`` on the OTHER folds' pages only (their
out-of-fold scores; the held-out fold is never read). Block-level weighted log loss and AUC too.
The blended scores go to ``DIR`` (same ids as ``--oof-scores``) for ``train_path_choice.py``.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks import train_body_model as trainer  # noqa: E402
from scraper.extractor.body import choose_lines, lines_to_text  # noqa: E402

CLIP = 10.0  # standardised features beyond this many deviations are clipped (heavy tails)
WEIGHTS = (0.25, 0.5, 0.75)  # the trees' weight in the blend (the logistic's is 1 - w)


def transformed(X: np.ndarray, log: bool) -> np.ndarray:
    """The features as the logistic reads them: as they are, or signed ``log1p`` (counts and
    lengths have long tails a linear model cannot bend)."""
    X = np.asarray(X, dtype=np.float64)
    return np.sign(X) * np.log1p(np.abs(X)) if log else X


def fit_logistic(pages: list[dict[str, Any]], c: float, log: bool) -> dict[str, np.ndarray]:
    """A weighted logistic regression on standardised, clipped features: its arrays."""
    from sklearn.linear_model import LogisticRegression

    X = transformed(np.concatenate([p["X"] for p in pages]), log)
    y = np.concatenate([p["y"] for p in pages])
    w = np.concatenate([p["w"] for p in pages])
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    Z = np.clip((X - mean) / scale, -CLIP, CLIP)
    model = LogisticRegression(C=c, max_iter=500)
    model.fit(Z, y, sample_weight=w / w.mean())
    return {
        "mean": mean,
        "scale": scale,
        "coef": model.coef_[0].astype(np.float64),
        "intercept": np.array(float(model.intercept_[0])),
        "log": np.array(log),
    }


def logistic_scores(arrays: dict[str, np.ndarray], X: np.ndarray) -> np.ndarray:
    """The probability of content per line (what a run-time reader would compute)."""
    if len(X) == 0:
        return np.zeros(0)
    X = transformed(X, bool(arrays["log"]))
    z = np.clip((X - arrays["mean"]) / arrays["scale"], -CLIP, CLIP)
    return 1.0 / (1.0 + np.exp(-(z @ arrays["coef"] + float(arrays["intercept"]))))


def page_results(score: Any, pages: list[dict], scores: dict[str, np.ndarray]) -> list[tuple]:
    """Each page's word F1 (token F1 for AEB) and AEB's tp/fp/fn, through ``choose_lines``."""
    out = []
    for p in pages:
        text = lines_to_text(choose_lines(p["page"], scores[p["id"]], trainer.KEEP_THRESHOLD))
        triple = score.aeb_tp_fp_fn(p["gold"], text) if p["type"] == "aeb" else None
        out.append((score.bow_prf(p["gold"], text)[2], triple))
    return out


def figures(
    score: Any, pages: list[dict], results: list[tuple], fold_of: np.ndarray
) -> dict[str, float]:
    """wcxb-dev's all, per type and per fold; AEB's token F1 and AEB-F1."""
    by_type: dict[str, list[float]] = defaultdict(list)
    by_fold: dict[int, list[float]] = defaultdict(list)
    triples, aeb_f1s = [], []
    for p, (f1, triple), fold in zip(pages, results, fold_of, strict=True):
        if p["type"] == "aeb":
            aeb_f1s.append(f1)
            triples.append(triple)
            continue
        by_type[p["type"]].append(f1)
        by_fold[int(fold)].append(f1)
    out = {"all": statistics.mean(f for fs in by_type.values() for f in fs)}
    out.update({t: statistics.mean(fs) for t, fs in sorted(by_type.items())})
    out["aeb_token"] = statistics.mean(aeb_f1s)
    out["aeb_f1"] = score.aeb_aggregate(triples)["f1"]
    out.update({f"fold{k + 1}": statistics.mean(fs) for k, fs in sorted(by_fold.items())})
    return out


def block_metrics(pages: list[dict], scores: dict[str, np.ndarray]) -> dict[str, float]:
    """Weighted log loss and AUC over the lines of ``pages``."""
    from sklearn.metrics import log_loss, roc_auc_score

    y = np.concatenate([p["y"] for p in pages])
    w = np.concatenate([p["w"] for p in pages])
    s = np.clip(np.concatenate([scores[p["id"]] for p in pages]), 1e-7, 1 - 1e-7)
    return {"LL": log_loss(y, s, sample_weight=w), "AUC": roc_auc_score(y, s, sample_weight=w)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=trainer.DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path, required=True, help="the trees' (trainer's)")
    parser.add_argument("--out-dir", type=Path, required=True)
    parser.add_argument(
        "--cache", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    parser.add_argument("--c", type=float, default=1.0, help="the logistic's inverse penalty")
    parser.add_argument("--log", action="store_true", help="signed log1p before standardising")
    parser.add_argument(
        "--weights",
        type=float,
        nargs="+",
        default=WEIGHTS,
        help="the trees' weights the per-fold pick chooses among (1.0: the trees alone)",
    )
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.model_selection import GroupKFold

    score = trainer.load_module(args.shared / "score.py", "shared_score")
    set_dir = args.shared / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = trainer.cached_examples(docs, set_dir, args.cache)
    ns = argparse.Namespace(no_cache=False, cache=args.cache, aeb_weight=1.0)
    pages = pages + trainer.aeb_pages(score, args.shared / "aeb", ns)
    trainer.relabel(pages, "consume-ladder")
    folds = list(
        GroupKFold(n_splits=trainer.FOLDS).split(pages, groups=[p["domain"] for p in pages])
    )
    fold_of = np.zeros(len(pages), dtype=int)
    saved = args.out_dir / "logistic.npz"
    linear: dict[str, np.ndarray] = dict(np.load(saved)) if saved.exists() else {}
    for number, (train, test) in enumerate(folds):
        fold_of[test] = number
        if saved.exists():
            continue
        arrays = fit_logistic([pages[i] for i in train], args.c, args.log)
        for i in test:
            linear[pages[i]["id"]] = logistic_scores(arrays, pages[i]["X"])
        print(f"fold {number + 1}: logistic fitted", flush=True)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    np.savez_compressed(saved, **linear)
    while not args.oof_scores.exists():  # the trainer may still be fitting the trees' folds
        time.sleep(10)
    time.sleep(2)
    trees = dict(np.load(args.oof_scores))

    def blend(weight: float) -> dict[str, np.ndarray]:
        return {k: weight * trees[k] + (1.0 - weight) * linear[k] for k in linear}

    web = [p for p in pages if p["type"] != "aeb"]
    aeb = [p for p in pages if p["type"] == "aeb"]
    for name, subset in (("wcxb-dev", web), ("AEB", aeb)):
        for label, scores in (("trees", trees), ("logistic", linear), ("blend 0.5", blend(0.5))):
            m = block_metrics(subset, scores)
            print(f"block {name} {label}: LL {m['LL']:.4f}  AUC {m['AUC']:.4f}", flush=True)
    # every page's F1 at every weight once; the per-fold pick reads the other folds' pages
    grid = sorted({0.0, *args.weights, 1.0})  # every weight scored once; 0: logistic, 1: trees
    results = {w: page_results(score, pages, blend(w)) for w in grid}
    picked: dict[str, np.ndarray] = {}
    picked_results: list[tuple] = [()] * len(pages)
    for number in range(trainer.FOLDS):
        others = fold_of != number
        best = max(
            args.weights,
            key=lambda w: float(
                np.mean([r[0] for r, o in zip(results[w], others, strict=True) if o])
            ),
        )
        print(f"fold {number + 1}: trees' weight {best} (picked on the other folds)", flush=True)
        mixed = blend(best)
        for i in np.flatnonzero(fold_of == number):
            picked[pages[i]["id"]] = mixed[pages[i]["id"]]
            picked_results[i] = results[best][i]
    np.savez_compressed(args.out_dir / "blend.npz", **blend(0.5))
    np.savez_compressed(args.out_dir / "picked.npz", **picked)
    for weight in args.weights:
        np.savez_compressed(args.out_dir / f"blend{weight}.npz", **blend(weight))
    rows = {f"trees' weight {w}": results[w] for w in grid}
    rows["weight picked per fold"] = picked_results
    for label, found in rows.items():
        out = figures(score, pages, found, fold_of)
        print(f"{label}: " + "  ".join(f"{k} {v:.4f}" for k, v in out.items()), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
