"""More candidates for the path chooser: their oracle, and a chooser among them, out of fold.

    python benchmarks/train_body_model.py --no-save --no-sweeps --oof-scores oof.npz
    python benchmarks/path_candidates.py --oof-scores oof.npz [--examples wcxb.pickle]

A study, not a shipped path (benchmarks/README.md, "round nine"). Where the block model runs,
each page gets, beside ``choose``'s lines ("now") and the model's expected-F1 lines ("model",
the shipped chooser's one alternative): their union, the expected-F1 lines at other priors (the
scores' logit shifted by -1, -0.5, +0.5, +1: the model's expected body size made smaller or
larger), the lines over 0.5, and the ladder's lines. Printed: each candidate's word F1 taken
wherever it adds a line "now" lacks, the oracle of several sets, and a chooser among them
trained as ``train_path_choice.py`` trains its own (one logistic regression per alternative,
label "beats now by ``SWITCH_COST``", weighted by the gain, switch above ``MARGIN``; the 42
page signals plus seven per candidate: its share, the share it adds and drops, the mean score
and link density of what it adds, how many lines it adds, whether any), cross-validated on the
same 5 domain folds, and the same chooser fitted on all pages checked on AEB with the shipped
block model.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_body_model import (  # noqa: E402
    DEFAULT_SHARED,
    FOLDS,
    KEEP_THRESHOLD,
    load_module,
)
from benchmarks.train_path_choice import MARGIN, SWITCH_COST  # noqa: E402
from scraper.extractor.body import (  # noqa: E402
    expected_f1_lines,
    ladder_is_sure,
    lines_to_text,
    path_candidates,
)
from scraper.extractor.clean import drop_title  # noqa: E402
from scraper.extractor.model import shipped_model  # noqa: E402

SHIFTS = (-1.0, -0.5, 0.5, 1.0)
CANDIDATES = ("model", "union", *(f"prior{shift:+.1f}" for shift in SHIFTS), "cut0.5", "ladder")
EXTRA = 7  # signals per candidate


def shifted(scores: np.ndarray, shift: float) -> np.ndarray:
    clipped = np.clip(scores, 1e-6, 1 - 1e-6)
    return 1.0 / (1.0 + np.exp(-(np.log(clipped / (1.0 - clipped)) + shift)))


def page_row(score: Any, p: dict, scores: np.ndarray) -> dict:
    """One page's candidates' F1 and AEB counts, and the signals about each candidate."""
    page = p["page"]
    lines = page.blocks.lines
    runs = bool(lines) and not ladder_is_sure(
        page.declared_article, page.heuristic, page.ladder_share, page.ladder_gaps
    )
    found = path_candidates(page, scores, KEEP_THRESHOLD)
    now = found.choices["now"]
    texts = {"now": lines_to_text(now.lines)}
    extra: dict[str, np.ndarray] = {}
    if runs:
        in_ladder = np.array(page.in_ladder(), dtype=bool)
        now_mask = in_ladder if now.kept is None else np.array(now.kept, dtype=bool)
        model = expected_f1_lines(lines, scores, KEEP_THRESHOLD)
        masks = {"model": model, "union": now_mask | model, "cut0.5": scores >= 0.5}
        for shift in SHIFTS:
            masks[f"prior{shift:+.1f}"] = expected_f1_lines(
                lines, shifted(scores, shift), KEEP_THRESHOLD
            )
        masks["ladder"] = in_ladder
        chars = np.array([len(line.text) for line in lines], dtype=np.float64)
        links = np.array([line.link_chars for line in lines], dtype=np.float64)
        total = max(chars.sum(), 1.0)
        for name, mask in masks.items():
            if not mask.any():
                continue
            kept = [line for line, keep in zip(lines, mask.tolist(), strict=True) if keep]
            texts[name] = lines_to_text(drop_title(kept, page.title))
            adds, drops = mask & ~now_mask, now_mask & ~mask
            added = chars[adds].sum()
            extra[name] = np.array(
                [
                    chars[mask].sum() / total,
                    added / total,
                    chars[drops].sum() / total,
                    (scores[adds] * chars[adds]).sum() / added if added else 0.0,
                    links[adds].sum() / added if added else 0.0,
                    np.log1p(adds.sum()),
                    float(adds.any()),
                ]
            )
    return {
        "type": p["type"],
        "domain": p["domain"],
        "runs": runs,
        "x": found.features[0],  # the model-alone row: the two-path signals
        "extra": extra,
        "f1": {name: score.bow_prf(p["gold"], text)[2] for name, text in texts.items()},
        "aeb": {name: score.aeb_tp_fp_fn(p["gold"], text) for name, text in texts.items()},
    }


def may(row: dict, name: str) -> bool:
    """A candidate may replace "now" only where it adds a line "now" lacks (as the chooser)."""
    return name == "now" or (name in row["extra"] and row["extra"][name][6] > 0)


def f1(row: dict, name: str) -> float:
    return row["f1"].get(name, row["f1"]["now"])


def signals(rows: list[dict], alternatives: list[str]) -> np.ndarray:
    return np.array(
        [
            np.concatenate(
                [row["x"], *(row["extra"].get(name, np.zeros(EXTRA)) for name in alternatives)]
            )
            for row in rows
        ],
        dtype=np.float64,
    )


def fit(rows: list[dict], alternatives: list[str]) -> tuple:
    from sklearn.linear_model import LogisticRegression

    usable = [row for row in rows if row["runs"]]
    X = signals(usable, alternatives)
    mean, scale = X.mean(axis=0), X.std(axis=0)
    scale[scale == 0] = 1.0
    models = []
    for name in alternatives:
        gain = np.array([f1(row, name) - f1(row, "now") for row in usable]) - SWITCH_COST
        keep = (np.abs(gain) > 1e-9) & np.array([may(row, name) for row in usable])
        if len(set((gain[keep] > 0).tolist())) < 2:
            models.append(None)
            continue
        model = LogisticRegression(max_iter=5000)
        model.fit((X[keep] - mean) / scale, gain[keep] > 0, sample_weight=np.abs(gain[keep]))
        models.append(model)
    return mean, scale, models


def pick(fitted: tuple, rows: list[dict], alternatives: list[str]) -> list[str]:
    mean, scale, models = fitted
    standard = (signals(rows, alternatives) - mean) / scale
    out = []
    for index, row in enumerate(rows):
        best, best_p = "now", MARGIN
        for name, model in zip(alternatives, models, strict=True):
            if model is None or not row["runs"] or not may(row, name):
                continue
            probability = model.predict_proba(standard[index : index + 1])[0, 1]
            if probability > best_p:
                best, best_p = name, probability
        out.append(best)
    return out


def show(name: str, rows: list[dict], chosen: list[str]) -> None:
    by_type: dict[str, list[float]] = defaultdict(list)
    for row, choice in zip(rows, chosen, strict=True):
        by_type[row["type"]].append(f1(row, choice))
    figures = {kind: statistics.mean(values) for kind, values in sorted(by_type.items())}
    figures["all"] = statistics.mean(
        f1(row, choice) for row, choice in zip(rows, chosen, strict=True)
    )
    text = "  ".join(f"{kind} {value:.4f}" for kind, value in figures.items())
    print(f"{name}: {text}", flush=True)


def show_aeb(name: str, score: Any, rows: list[dict], chosen: list[str]) -> None:
    token = statistics.mean(f1(row, choice) for row, choice in zip(rows, chosen, strict=True))
    counts = [
        row["aeb"].get(choice, row["aeb"]["now"]) for row, choice in zip(rows, chosen, strict=True)
    ]
    aeb = score.aeb_aggregate(counts)["f1"]
    switched = sum(choice != "now" for choice in chosen)
    print(f"{name} AEB: token F1 {token:.4f}  AEB-F1 {aeb:.4f}  switched {switched}", flush=True)


def main(argv: list[str] | None = None) -> int:
    import pickle

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path, required=True, help="train_body_model's")
    parser.add_argument("--examples", type=Path, help="a wcxb-dev examples pickle to reuse")
    parser.add_argument("--aeb-examples", type=Path, help="an AEB examples pickle to reuse")
    parser.add_argument(
        "--cache", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.model_selection import GroupKFold

    from benchmarks.train_body_model import cached_examples

    score = load_module(args.shared / "score.py", "shared_score")

    def examples(path: Path | None, folder: Path) -> list[dict]:
        if path is not None:
            with path.open("rb") as handle:
                return pickle.load(handle)
        _, docs = score.load_set(str(folder))
        return cached_examples(docs, folder, args.cache)

    oof = dict(np.load(args.oof_scores))
    rows = [
        page_row(score, p, oof[p["id"]]) for p in examples(args.examples, args.shared / "wcxb-dev")
    ]
    model = shipped_model()
    aeb_rows = [
        page_row(score, p, model.scores(p["X"]))
        for p in examples(args.aeb_examples, args.shared / "aeb")
    ]
    show("now (choose)", rows, ["now"] * len(rows))
    for name in CANDIDATES:
        show(f"always {name} where it adds", rows, [name if may(r, name) else "now" for r in rows])
    for subset in (
        ["model"],
        ["model", "union"],
        ["model", "prior-0.5", "prior+0.5"],
        list(CANDIDATES),
    ):
        best = [
            max(["now", *(n for n in subset if may(r, n))], key=lambda n, r=r: f1(r, n))
            for r in rows
        ]
        show(f"oracle now + {subset}", rows, best)
    groups = [row["domain"] for row in rows]
    for alternatives in (
        ["model"],
        ["model", "union"],
        ["model", "prior-0.5", "prior+0.5"],
        list(CANDIDATES),
    ):
        chosen = ["now"] * len(rows)
        for train, test in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
            fitted = fit([rows[i] for i in train], alternatives)
            for i, choice in zip(
                test, pick(fitted, [rows[i] for i in test], alternatives), strict=True
            ):
                chosen[i] = choice
        show(f"chooser among now + {alternatives}, out of fold", rows, chosen)
        show_aeb(
            f"chooser among now + {alternatives}",
            score,
            aeb_rows,
            pick(fit(rows, alternatives), aeb_rows, alternatives),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
