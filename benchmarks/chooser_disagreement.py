"""Study (round thirty, lead): does the path chooser gain from where the block trees and the
sequence network disagree?

Since round twenty-nine the body's line scores are a blend of two models that see a page
differently (the trees one line at a time, the network +-16 lines around it). The chooser reads
the blend only. Where the two disagree, the model's path may be less trustworthy than its
blended score says. This script adds four page signals to every alternative's row:
- the share of the page's characters where the two models fall on different sides of 0.5;
- the same share inside the model's own path;
- the mean absolute logit gap over the page's characters;
- the network's mean probability over the model's path, less the trees'.
It then runs ``train_path_choice.py`` unchanged on the rows (its domain folds, refit and
figures), so the printed "now / model" line compares with a plain refit of the same blend.

    python benchmarks/chooser_disagreement.py --trees TREES.npz --net NET.npz -- \\
        --no-save --aeb train --alternatives 1 --oof-scores BLEND.npz

Out-of-fold score files only (each page's trees and network from fits that never saw it). A
study: nothing in ``scraper/`` reads these signals.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_path_choice as chooser_trainer

from scraper.extractor.body import path_candidates
from scraper.extractor.sequence import logit

EXTRA_NAMES = ("disagree_share", "model_disagree_share", "mean_logit_gap", "model_net_minus_trees")


def disagreement(chars: np.ndarray, trees: np.ndarray, net: np.ndarray, model: np.ndarray) -> list:
    """The four signals for one page (``EXTRA_NAMES``), weighted by each line's characters."""
    weight = chars / max(chars.sum(), 1.0)
    differ = (trees > 0.5) != (net > 0.5)
    gap = np.abs(logit(np.clip(trees, 1e-6, 1 - 1e-6)) - logit(np.clip(net, 1e-6, 1 - 1e-6)))
    in_model = weight * model
    model_total = max(in_model.sum(), 1e-9)
    return [
        float((weight * differ).sum()),
        float((in_model * differ).sum() / model_total),
        float((weight * gap).sum()),
        float((in_model * (net - trees)).sum() / model_total),
    ]


def rows_with_disagreement(
    original: Any, trees: dict[str, np.ndarray], net: dict[str, np.ndarray]
) -> Any:
    """``page_rows`` with the signals appended to every alternative's features."""

    def page_rows(score: Any, pages: list[dict], scores: dict[str, np.ndarray]) -> list[dict]:
        rows = original(score, pages, scores)
        by_id = {p["id"]: p for p in pages}
        for row in rows:
            p = by_id[row["id"]]
            key = row["id"]  # the score files name AEB's pages with the same prefix
            lines = p["page"].blocks.lines
            chars = np.array([len(line.text) for line in lines], dtype=np.float64)
            model = np.zeros(len(lines))
            if len(lines):
                candidates = path_candidates(
                    p["page"], scores[row["id"]], chooser_trainer.KEEP_THRESHOLD
                )
                alone = candidates.choices.get("model")
                if alone is not None and alone.kept is not None:
                    model = np.array(alone.kept, dtype=np.float64)
                extra = disagreement(chars, trees[key], net[key], model)
            else:
                extra = [0.0] * len(EXTRA_NAMES)
            row["x"] = np.array([np.concatenate([x, extra]) for x in row["x"]])
        return rows

    return page_rows


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    split = argv.index("--") if "--" in argv else len(argv)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--trees", type=Path, required=True, help="the trees' OOF scores (npz)")
    parser.add_argument("--net", type=Path, required=True, help="the network's OOF scores (npz)")
    args = parser.parse_args(argv[:split])
    trees, net = dict(np.load(args.trees)), dict(np.load(args.net))
    chooser_trainer.page_rows = rows_with_disagreement(chooser_trainer.page_rows, trees, net)
    chooser_trainer.PAGE_FEATURE_NAMES = (*chooser_trainer.PAGE_FEATURE_NAMES, *EXTRA_NAMES)
    return chooser_trainer.main(argv[split + 1 :])


if __name__ == "__main__":
    raise SystemExit(main())
