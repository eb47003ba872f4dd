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
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_article_shape import (  # noqa: E402
    all_examples,
    fit,
    probabilities,
    signals,
)
from benchmarks.train_body_model import DEFAULT_SHARED, load_module  # noqa: E402
from benchmarks.train_path_choice import (  # noqa: E402
    MARGIN,
    fold_numbers,
    fold_report,
    out_of_fold,
    page_rows,
)
from scraper.extractor.body import redeclare  # noqa: E402


def oof_logistic(
    x: np.ndarray,
    labels: np.ndarray,
    folds: list[int],
    weight: np.ndarray | None = None,
    head: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Each page's out-of-fold probability from ``train_article_shape.fit`` (pages of weight 0
    left out of the fit), as is and with the head stripped. With ``head`` (the page's own
    declaration as a column) the fit sees each page twice, as is and stripped."""
    folds_array = np.array(folds)
    if head is not None:
        full, bare = np.hstack([x, head]), np.hstack([x, np.zeros_like(head)])
    else:
        full = bare = x
    as_is, stripped = np.zeros(len(x)), np.zeros(len(x))
    for fold in sorted(set(folds)):
        train = folds_array != fold
        if weight is not None:
            train &= weight > 1e-9
        copies = 2 if head is not None else 1
        X = np.vstack([full[train], bare[train]]) if head is not None else full[train]
        arrays = fit(
            X,
            np.concatenate([labels[train]] * copies),
            None if weight is None else np.concatenate([weight[train]] * copies),
        )
        held = folds_array == fold
        as_is[held] = probabilities(arrays, full[held])
        stripped[held] = probabilities(arrays, bare[held])
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
    labels = np.array(gold_article)
    probability = oof_logistic(shapes, labels, folds)[0]
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
        chosen = out_of_fold(rows, folds, MARGIN, 1, train_aeb=True)
        kept = [float(row["f1"][pick]) for row, pick in zip(rows, chosen, strict=True)]
        return fold_report(score, rows, chosen, folds_too=False), kept

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
    with_signals = oof_logistic(wide, labels, folds)[0]
    for tag, chance in (("silent: shape", probability), ("silent: shape+signals", with_signals)):
        for t in args.thresholds:
            said = chance >= t
            decided = [a or (q and b) for a, q, b in zip(own, silent, said, strict=True)]
            show(f"{tag} {t}, as is", decided)
            show(f"{tag} {t}, stripped", list(said))
    for tag, head in (("article+signals", None), ("article+signals+head", owned)):
        chance = oof_logistic(wide, labels, folds, head=head)
        for t in args.thresholds:
            show(f"{tag} {t}, as is", list(chance[0] >= t))
            show(f"{tag} {t}, stripped", list(chance[1] >= t))
    as_is, _ = oof_logistic(wide, gain > 0, folds, weight=np.abs(gain))
    for t in args.thresholds:
        show(f"outcome gate {t}", list(as_is >= t))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
