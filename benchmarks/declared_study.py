"""Study: the body path on pages that do not declare themselves an article (older markup).

``markup_era.py`` showed the body's AEB figure resting on the page's own declaration
(``og:type`` / JSON-LD @type, ``body.declares_article``): with it removed, AEB falls from
0.987 to 0.974 in sample, while wcxb-dev barely moves. Older news pages have no such head
data. This study measures that out of fold, on main's protocol (the cached examples, an
out-of-fold blend's scores, the path chooser refitted on the same 5 host folds), for:

- ``as is``: each page's own declaration (main);
- ``stripped``: no page declares (what a 2005 page says);

and for decision rules that stand in for the declaration:

- ``main``: the page's declaration only; ``every page declared``;
- ``oracle``: declared, or the gold says article (the ceiling of a page-kind stand-in);
  ``oracle of the two ways``: each page the way that scores better on it;
- ``learned T``: declared, or a logistic over the page's shape (``articleshape.shape_row``:
  the ladder's text, the page's lines, the URL; no head data) says article with probability
  >= T, fitted on the other folds' pages (label: the gold's page type);
- ``silent: ...``: the same, asked only where the head types nothing (what ships), over the
  shape alone or with the path chooser's page signals too;
- ``article+signals[+head]``: the shape and the chooser's signals [and the page's own
  declaration as a column, each page seen as is and stripped] in place of the declaration;
- ``outcome gate``: a logistic learnt on which way wins on the page, weighted by how much.

Each rule's paths are scored with the path chooser refitted on that rule's rows.

    python benchmarks/declared_study.py --oof-scores /tmp/body24/blend-s0-student48.npz
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
import sys
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_article_shape import all_examples, signals  # noqa: E402
from benchmarks.train_body_model import DEFAULT_SHARED, load_module  # noqa: E402
from benchmarks.train_path_choice import (  # noqa: E402
    MARGIN,
    as_chooser,
    fit_chooser,
    fold_numbers,
    page_rows,
    picks,
)
from scraper.extractor.body import redeclare  # noqa: E402


def learned_probabilities(
    pages: list[dict], shapes: np.ndarray, folds: list[int], head: np.ndarray | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Each page's out-of-fold probability of being an article (gold label), as is and with
    the head stripped. With ``head`` (the page's own declaration as a column) the fit sees
    each page twice, as is and stripped."""
    from sklearn.linear_model import LogisticRegression

    labels = np.array([p["type"] in ("article", "aeb") for p in pages])
    folds_array = np.array(folds)
    if head is not None:
        full, bare = np.hstack([shapes, head]), np.hstack([shapes, np.zeros_like(head)])
    else:
        full = bare = shapes
    as_is, stripped = np.zeros(len(pages)), np.zeros(len(pages))
    for fold in sorted(set(folds)):
        train = folds_array != fold
        X = np.vstack([full[train], bare[train]]) if head is not None else full[train]
        y = np.concatenate([labels[train]] * (2 if head is not None else 1))
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=5000)
        model.fit((X - mean) / scale, y)
        held = ~train
        as_is[held] = model.predict_proba((full[held] - mean) / scale)[:, 1]
        stripped[held] = model.predict_proba((bare[held] - mean) / scale)[:, 1]
    return as_is, stripped


def outcome_gate(
    x: np.ndarray, head: np.ndarray | None, gain: np.ndarray, folds: list[int]
) -> tuple[np.ndarray, np.ndarray]:
    """Out of fold, the probability that the declared way beats the undeclared one on a page
    (label: the sign of ``gain``, weight: its size), as is and with the head stripped. With
    ``head`` (the page's own declaration as a column) the fit sees each page twice, as is and
    stripped, so it also learns what to do without it."""
    from sklearn.linear_model import LogisticRegression

    folds_array = np.array(folds)
    as_is, stripped = np.zeros(len(x)), np.zeros(len(x))
    if head is not None:
        full, bare = np.hstack([x, head]), np.hstack([x, np.zeros_like(head)])
    else:
        full = bare = x
    for fold in sorted(set(folds)):
        train = (folds_array != fold) & (np.abs(gain) > 1e-9)
        X = np.vstack([full[train], bare[train]]) if head is not None else full[train]
        y = np.concatenate([gain[train], gain[train]]) if head is not None else gain[train]
        mean, scale = X.mean(axis=0), X.std(axis=0)
        scale[scale == 0] = 1.0
        model = LogisticRegression(C=1.0, max_iter=5000)
        model.fit((X - mean) / scale, y > 0, sample_weight=np.abs(y))
        held = folds_array == fold
        as_is[held] = model.predict_proba((full[held] - mean) / scale)[:, 1]
        stripped[held] = model.predict_proba((bare[held] - mean) / scale)[:, 1]
    return as_is, stripped


def with_declared(pages: list[dict], declared: list[bool]) -> list[dict]:
    """The pages as ``analyse_page`` gives them when declared as given (``body.redeclare``:
    the flag and the ladder's share; every other field the same)."""
    out = []
    for p, flag in zip(pages, declared, strict=True):
        page = dataclasses.replace(p["page"])
        redeclare(page, flag)
        out.append({**p, "page": page})
    return out


def chooser_picks(train_rows: list[dict], test_rows: list[dict], folds: list[int]) -> list[int]:
    """The path a chooser fitted on ``train_rows`` of the other folds picks on ``test_rows``."""
    chosen = [0] * len(test_rows)
    for fold in sorted(set(folds)):
        trained = [row for row, number in zip(train_rows, folds, strict=True) if number != fold]
        chooser = as_chooser(fit_chooser(trained, MARGIN, 1))
        held = [i for i, number in enumerate(folds) if number == fold]
        for i, pick in zip(held, picks(chooser, [test_rows[i] for i in held]), strict=True):
            chosen[i] = pick
    return chosen


def figures(score: Any, rows: list[dict], chosen: list[int]) -> dict[str, float]:
    by_type: dict[str, list[float]] = {}
    for row, pick in zip(rows, chosen, strict=True):
        by_type.setdefault(row["type"], []).append(float(row["f1"][pick]))
    out = {kind: statistics.mean(values) for kind, values in sorted(by_type.items())}
    web = [v for kind, values in by_type.items() if kind != "aeb" for v in values]
    out["all"] = statistics.mean(web)
    triples = [
        row["aeb"][pick] for row, pick in zip(rows, chosen, strict=True) if row["type"] == "aeb"
    ]
    out["aeb_f1"] = score.aeb_aggregate(triples)["f1"]
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path, required=True)
    parser.add_argument("--cache", type=Path, default=PROJECT_ROOT / "benchmarks/results/cache")
    parser.add_argument("--thresholds", type=float, nargs="+", default=[0.5, 0.7, 0.9])
    args = parser.parse_args(argv)

    score = load_module(args.shared / "score.py", "shared_score")
    pages = all_examples(args.shared, args.cache)
    silent = [not p["page"].head_typed for p in pages]
    scores = dict(np.load(args.oof_scores))
    own = [p["page"].declared_article for p in pages]
    gold_article = [p["type"] in ("article", "aeb") for p in pages]
    shapes = signals(pages)
    folds = fold_numbers([{"domain": p["domain"]} for p in pages], None)
    probability = learned_probabilities(pages, shapes, folds)[0]
    labels = np.array(gold_article)
    for t in args.thresholds:
        said = probability >= t
        print(
            f"learned >= {t}: says article on {int(said.sum())} pages, right on "
            f"{int((said & labels).sum())}, wrong on {int((said & ~labels).sum())}; "
            f"undeclared pages it says: {int((said & ~np.array(own)).sum())}"
        )

    rows_true = page_rows(score, with_declared(pages, [True] * len(pages)), scores)
    rows_false = page_rows(score, with_declared(pages, [False] * len(pages)), scores)

    def run(decided: list[bool]) -> tuple[dict[str, float], list[float]]:
        rows = [t if d else f for t, f, d in zip(rows_true, rows_false, decided, strict=True)]
        chosen = chooser_picks(rows, rows, folds)
        kept = [float(row["f1"][pick]) for row, pick in zip(rows, chosen, strict=True)]
        return figures(score, rows, chosen), kept

    def show(name: str, decided: list[bool]) -> list[float]:
        found, kept = run(decided)
        print(f"{name:28s} " + "  ".join(f"{k} {v:.4f}" for k, v in found.items()), flush=True)
        return kept

    show("main, as is", own)
    f1_false = np.array(show("main, stripped (none declared)", [False] * len(pages)))
    f1_true = np.array(show("every page declared", [True] * len(pages)))
    show("oracle (gold article), as is", [a or b for a, b in zip(own, gold_article, strict=True)])
    show("oracle (gold article), stripped", gold_article)
    show("oracle of the two ways", list(f1_true > f1_false))
    for t in args.thresholds:
        show(
            f"learned article {t}, as is",
            [a or b for a, b in zip(own, probability >= t, strict=True)],
        )
        show(f"learned article {t}, stripped", list(probability >= t))
    page_signals = np.array([row["x"][0] for row in rows_false])
    owned = np.array(own, dtype=float)[:, None]
    gain = f1_true - f1_false
    wide = np.hstack([shapes, page_signals])
    print(f"pages whose head types nothing: {sum(silent)}")
    shape_only = learned_probabilities(pages, shapes, folds)[0]
    with_signals = learned_probabilities(pages, wide, folds)[0]
    for tag, chance in (("silent: shape", shape_only), ("silent: shape+signals", with_signals)):
        for t in args.thresholds:
            said = chance >= t
            decided = [a or (q and b) for a, q, b in zip(own, silent, said, strict=True)]
            show(f"{tag} {t}, as is", decided)
            show(f"{tag} {t}, stripped", list(said))
    for tag, head in (("article+signals", None), ("article+signals+head", owned)):
        chance = learned_probabilities(pages, wide, folds, head)
        for t in args.thresholds:
            show(f"{tag} {t}, as is", list(chance[0] >= t))
            show(f"{tag} {t}, stripped", list(chance[1] >= t))
    as_is, _ = outcome_gate(wide, None, gain, folds)
    for t in args.thresholds:
        show(f"outcome gate {t}", list(as_is >= t))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
