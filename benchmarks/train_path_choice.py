"""Train the per-page path chooser (``scraper/extractor/pathchoice.py``) out of fold, then ship it.

    python benchmarks/train_body_model.py --no-save --oof-scores oof.npz   # block scores first
    python benchmarks/train_path_choice.py --oof-scores oof.npz             # folds + shipped
    python benchmarks/train_path_choice.py --oof-scores oof.npz --no-save   # folds report only

Stacking, as the block model is reported: the page-level features read the block model's
scores, and those are its OUT-OF-FOLD scores (``train_body_model.py --oof-scores``: for a page
of fold k, a block model that never saw fold k scored it). The chooser is cross-validated on
the same 5 domain folds (GroupKFold over the pages' hosts, same page order): a chooser trained
on 4 folds picks the path on the fifth's pages, and the shared scorer's word F1 of the text it
picks is reported per page type beside ``choose``'s alone. (The block scores of the chooser's
training pages come from block models that saw the held-out fold; the held-out pages' own
features never did.)

For the alternative path (the block model's lines alone, its expected-F1 choice), a logistic
regression over standardised page features learns whether it beats ``choose``'s lines on a page
by more than ``SWITCH_COST``: weight the F1 difference less that cost, so the fit minimizes the
F1 lost by wrong switches and ties teach it to stay. Pages where the ladder is sure (the model
never runs there) are not examples and never switch. At run time the model's lines are returned
when that probability exceeds ``--margin`` and they hold a line ``choose``'s lack (a choice
inside ``choose``'s lines only drops text; all pages where the model runs are training examples).

The shipped chooser is trained on all wcxb-dev pages (out-of-fold block scores) and checked on
AEB (never trained on) with the shipped block model: it replaces ``path_model.npz`` only when
AEB holds ``--aeb-floor``, else it is saved as ``benchmarks/results/path_model.rejected.npz``
and the script exits 1.

With ``--aeb score|train`` (read block scores saved by ``train_body_model.py --aeb ...
--oof-scores``), AEB's pages join the same domain folds: ``score`` holds them out and never
trains on them, ``train`` trains on them too; AEB's out-of-fold token F1 and AEB-F1 are printed
beside wcxb-dev's table, and with ``train`` the shipped chooser is fitted on both sets.
"""

from __future__ import annotations

import argparse
import json
import logging
import pickle
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
    AEB_FLOOR,
    AEB_PREFIX,
    DEFAULT_SHARED,
    FOLDS,
    KEEP_THRESHOLD,
    cached_examples,
    load_module,
)
from scraper.extractor.body import (  # noqa: E402
    ladder_is_sure,
    lines_to_text,
    path_candidates,
)
from scraper.extractor.model import load_model, shipped_model  # noqa: E402
from scraper.extractor.pathchoice import (  # noqa: E402
    PAGE_FEATURE_NAMES,
    PATH_MODEL_PATH,
    PATHS,
    PathChooser,
    load_chooser,
)

# Switch only when the model's lines are this likely to beat ``choose``'s: AEB's declared news
# stories (never trained on) are where a wrong switch costs most, and wcxb-dev's articles,
# where both paths tie, do not teach that; 0.7 and 0.75 both hold AEB (see benchmarks/README).
MARGIN = 0.75
# A switch must gain this much F1 to count as a win: the ties (566 of 1,253 pages) then teach
# the chooser to stay, instead of carrying no weight.
SWITCH_COST = 0.005
# Inverse regularisation strength of the logistic regression over standardised features.
C = 1.0
REJECTED_PATH = PROJECT_ROOT / "benchmarks" / "results" / "path_model.rejected.npz"


def page_rows(score: Any, pages: list[dict], scores: dict[str, np.ndarray]) -> list[dict]:
    """Per page: whether the chooser runs there, its features, and each path's F1 and
    AEB counts (a path the page lacks, as "model" keeping nothing, copies "now")."""
    rows = []
    for p in pages:
        page, page_scores = p["page"], scores[p["id"]]
        sure = not page.blocks.lines or ladder_is_sure(
            page.declared_article, page.heuristic, page.ladder_share, page.ladder_gaps
        )
        candidates = path_candidates(page, page_scores, KEEP_THRESHOLD)
        f1s, counts = [], []
        for name in PATHS:
            choice = candidates.choices.get(name, candidates.choices["now"])
            text = lines_to_text(choice.lines)
            f1s.append(score.bow_prf(p["gold"], text)[2])
            counts.append(score.aeb_tp_fp_fn(p["gold"], text))
        rows.append(
            {
                "id": p["id"],
                "type": p["type"],
                "domain": p["domain"],
                "runs": not sure,
                "may_switch": not sure and candidates.model_adds,
                "x": candidates.features,
                "f1": np.array(f1s),
                "aeb": counts,
            }
        )
    return rows


def fit_chooser(rows: list[dict], margin: float) -> dict[str, np.ndarray]:
    """One logistic regression per alternative path (label: it beats ``choose``'s lines by
    ``SWITCH_COST``; weight: by how much), as the arrays ``load_chooser`` reads."""
    from sklearn.linear_model import LogisticRegression

    usable = [row for row in rows if row["runs"]]
    X = np.array([row["x"] for row in usable], dtype=np.float64)
    mean = X.mean(axis=0)
    scale = X.std(axis=0)
    scale[scale == 0] = 1.0
    standard = (X - mean) / scale
    coefs, intercepts = [], []
    for index in range(1, len(PATHS)):
        gain = np.array([row["f1"][index] - row["f1"][0] for row in usable]) - SWITCH_COST
        keep = np.abs(gain) > 1e-9
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit(standard[keep], gain[keep] > 0, sample_weight=np.abs(gain[keep]))
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return {
        "mean": mean,
        "scale": scale,
        "coef": np.array(coefs),
        "intercept": np.array(intercepts),
        "feature_names": np.array(PAGE_FEATURE_NAMES),
        "margin": np.array(margin),
    }


def as_chooser(arrays: dict[str, np.ndarray]) -> PathChooser:
    """The chooser ``load_chooser`` would read from these arrays."""
    return PathChooser(
        mean=arrays["mean"],
        scale=arrays["scale"],
        coef=arrays["coef"],
        intercept=arrays["intercept"],
        margin=float(arrays["margin"]),
    )


def picks(chooser: PathChooser, rows: list[dict]) -> list[int]:
    return [chooser.pick(row["x"]) if row["may_switch"] else 0 for row in rows]


def table(rows: list[dict], chosen: list[int]) -> dict[str, float]:
    by_type: dict[str, list[float]] = defaultdict(list)
    for row, pick in zip(rows, chosen, strict=True):
        by_type[row["type"]].append(row["f1"][pick])
    out = {kind: statistics.mean(values) for kind, values in sorted(by_type.items())}
    out["all"] = statistics.mean(row["f1"][pick] for row, pick in zip(rows, chosen, strict=True))
    return out


def aeb_table(score: Any, rows: list[dict], chosen: list[int]) -> dict[str, float]:
    triples = [row["aeb"][pick] for row, pick in zip(rows, chosen, strict=True)]
    return {
        "token_f1": statistics.mean(
            row["f1"][pick] for row, pick in zip(rows, chosen, strict=True)
        ),
        "aeb_f1": score.aeb_aggregate(triples)["f1"],
        "switched": sum(1 for pick in chosen if pick),
    }


def show(name: str, figures: dict[str, float]) -> None:
    print(f"{name}: " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--oof-scores", type=Path, required=True, help="train_body_model's")
    parser.add_argument("--examples", type=Path, help="a wcxb-dev examples pickle to reuse")
    parser.add_argument("--aeb-examples", type=Path, help="an AEB examples pickle to reuse")
    parser.add_argument(
        "--cache", type=Path, default=PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    parser.add_argument("--margin", type=float, default=MARGIN)
    parser.add_argument("--no-save", action="store_true", help="report the folds only")
    parser.add_argument("--out", type=Path, default=PATH_MODEL_PATH)
    parser.add_argument(
        "--block-model",
        type=Path,
        help="check AEB with this block model (a train_body_model.py --out file) instead of "
        "the shipped one: a chooser is only as safe as the block model it will run beside",
    )
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    parser.add_argument("--aeb-floor", type=float, nargs=2, default=AEB_FLOOR)
    parser.add_argument(
        "--aeb",
        choices=("off", "score", "train"),
        default="off",
        help="AEB's pages in the folds (as train_body_model.py --aeb: the oof file must hold them)",
    )
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.model_selection import GroupKFold

    score = load_module(args.shared / "score.py", "shared_score")
    set_dir = args.shared / "wcxb-dev"

    def examples(path: Path | None, folder: Path) -> list[dict]:
        if path is not None:
            with path.open("rb") as handle:
                return pickle.load(handle)
        _, docs = score.load_set(str(folder))
        return cached_examples(docs, folder, args.cache)

    pages = examples(args.examples, set_dir)
    if args.aeb != "off":
        for page in examples(args.aeb_examples, args.shared / "aeb"):
            page["id"] = AEB_PREFIX + page["id"]
            page["type"] = "aeb"
            pages.append(page)
    oof_scores = dict(np.load(args.oof_scores))
    all_rows = page_rows(score, pages, oof_scores)
    rows = [row for row in all_rows if row["type"] != "aeb"]
    print(
        f"{len(rows)} pages, the model runs on {sum(row['runs'] for row in rows)}, "
        f"its lines add to choose's on {sum(row['may_switch'] for row in rows)}"
    )
    report: dict[str, Any] = {}
    all_chosen = [0] * len(all_rows)
    groups = [row["domain"] for row in all_rows]
    for train, test in GroupKFold(n_splits=FOLDS).split(all_rows, groups=groups):
        trained = [all_rows[i] for i in train]
        if args.aeb != "train":
            trained = [row for row in trained if row["type"] != "aeb"]
        chooser = as_chooser(fit_chooser(trained, args.margin))
        for i, pick in zip(test, picks(chooser, [all_rows[i] for i in test]), strict=True):
            all_chosen[i] = pick
    chosen = [pick for row, pick in zip(all_rows, all_chosen, strict=True) if row["type"] != "aeb"]
    if args.aeb != "off":
        aeb_held = [
            (row, pick)
            for row, pick in zip(all_rows, all_chosen, strict=True)
            if row["type"] == "aeb"
        ]
        held_rows = [row for row, _ in aeb_held]
        report["aeb out of fold (choose)"] = aeb_table(score, held_rows, [0] * len(held_rows))
        report["aeb out of fold (chooser)"] = aeb_table(
            score, held_rows, [pick for _, pick in aeb_held]
        )
    report["choose (now)"] = table(rows, [0] * len(rows))
    report["out of fold (chooser)"] = table(rows, chosen)
    oracle = [int(np.argmax(row["f1"])) if row["may_switch"] else 0 for row in rows]
    report["oracle (best path per page)"] = table(rows, oracle)
    for index, name in enumerate(PATHS[1:], start=1):
        report[f"always {name} where it may switch"] = table(
            rows, [index if row["may_switch"] else 0 for row in rows]
        )
    report["switches"] = {name: chosen.count(i) for i, name in enumerate(PATHS)}
    for name, figures in report.items():
        show(name, figures)

    status = 0
    if not args.no_save:
        arrays = fit_chooser(all_rows if args.aeb == "train" else rows, args.margin)
        chooser = as_chooser(arrays)
        report["in sample (chooser)"] = table(rows, picks(chooser, rows))
        show("in sample (chooser, OOF block scores)", report["in sample (chooser)"])
        aeb_dir = args.shared / "aeb"
        aeb_pages = examples(args.aeb_examples, aeb_dir)
        model = shipped_model() if args.block_model is None else load_model(args.block_model)
        aeb_scores = {p["id"]: model.scores(p["X"]) for p in aeb_pages}
        aeb_rows = page_rows(score, aeb_pages, aeb_scores)
        report["aeb (choose)"] = aeb_table(score, aeb_rows, [0] * len(aeb_rows))
        report["aeb (chooser)"] = aeb_table(score, aeb_rows, picks(chooser, aeb_rows))
        show("AEB choose", report["aeb (choose)"])
        show("AEB chooser", report["aeb (chooser)"])
        floors = dict(zip(("token_f1", "aeb_f1"), args.aeb_floor, strict=True))
        short = [k for k, floor in floors.items() if report["aeb (chooser)"][k] < floor]
        target = args.out
        if short and target == PATH_MODEL_PATH:
            target = REJECTED_PATH
            target.parent.mkdir(parents=True, exist_ok=True)
            print(f"AEB below the floor ({', '.join(short)}): not shipped")
            status = 1
        np.savez_compressed(target, **arrays)
        load_chooser(target)  # the file reads back as the library reads it
        print(f"saved {target} ({target.stat().st_size} bytes)")
    if args.report:
        args.report.write_text(json.dumps(report, indent=1))
    return status


if __name__ == "__main__":
    raise SystemExit(main())
