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

For each alternative path (the block model's lines alone, its expected-F1 choice; and, where
the ladder's lines stand and the model adds, ``choose``'s lines widened by that choice), a
logistic regression over standardised page features (computed with that alternative in the
"model" candidate's place) learns whether it beats ``choose``'s lines on a page by more than
``SWITCH_COST``: weight the F1 difference less that cost, so the fit minimizes the F1 lost by
wrong switches and ties teach it to stay. Pages where the ladder is sure (the model never runs
there) are not examples and never switch. At run time the surest alternative is returned when
its probability exceeds ``--margin`` and it holds a line ``choose``'s lack (a choice inside
``choose``'s lines only drops text). The model-alone regression trains on every page where the
model runs; the widened one on the pages where it adds a line (the only pages it is asked on).

``--widen exp t0.4 sec0.5`` (a study: the folds only, in one pass over the pages) compares
widened paths: ``choose``'s lines plus the model's expected-F1 lines (``exp``, the library's
default), plus every line scored >= 0.4 (``t0.4``, ``body.WIDEN_SCORE``), plus whole
heading-led sections scored >= 0.5 on average (``sec0.5``, ``body_recall.section_lines``; not
in the library). ``--fold-salt S`` adds a second split of the chooser's folds (domains hashed
with the salt into 5 groups) to show a pick is not fold noise. ``--rows FILE`` keeps the
per-page rows (the slow part) for a rerun.

The shipped chooser is trained on all wcxb-dev pages (out-of-fold block scores) and checked on
AEB (never trained on) with the shipped block model (blended with the shipped sequence network,
``sequence_model.npz``, when present, as ``extract`` scores): it replaces ``path_model.npz``
only when AEB holds ``--aeb-floor``, else it is saved as
``benchmarks/results/path_model.rejected.npz`` and the script exits 1.

With ``--aeb score|train`` (read block scores saved by ``train_body_model.py --aeb ...
--oof-scores``), AEB's pages join the same domain folds: ``score`` holds them out and never
trains on them, ``train`` trains on them too; AEB's out-of-fold token F1 and AEB-F1 are printed
beside wcxb-dev's table, and with ``train`` the shipped chooser is fitted on both sets.
"""

from __future__ import annotations

import argparse
import hashlib
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
from scraper.extractor import body  # noqa: E402
from scraper.extractor.articleshape import shipped_article_shape  # noqa: E402
from scraper.extractor.body import (  # noqa: E402
    ladder_is_sure,
    lines_to_text,
    path_candidates,
    redeclare,
    shape_may_declare,
    shape_signals,
)
from scraper.extractor.model import load_model, shipped_model  # noqa: E402
from scraper.extractor.pathchoice import (  # noqa: E402
    PAGE_FEATURE_NAMES,
    PATH_MODEL_PATH,
    PATHS,
    PathChooser,
    load_chooser,
)
from scraper.extractor.sequence import block_scores  # noqa: E402

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
    """Per page: whether the chooser runs there, each alternative's features and whether it
    may switch, and each path's F1 and AEB counts (a path the page lacks copies "now")."""
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
                "available": np.array(candidates.available) & (not sure),
                "x": candidates.features,
                "f1": np.array(f1s),
                "aeb": counts,
            }
        )
    return rows


def declare_by_shapes(pages: list[dict], says: dict[str, bool]) -> int:
    """Declare, in place, the pages whose head types nothing and whose shape ``says`` (by page
    id) is one article, as ``analyse_page`` does with the shipped shape model; how many."""
    count = 0
    for p in pages:
        if shape_may_declare(p["page"]) and says.get(p["id"], False):
            redeclare(p["page"], True)
            count += 1
    return count


def shipped_shape_says(pages: list[dict]) -> dict[str, bool]:
    """What the shipped shape model says of each page (none: nothing)."""
    shape = shipped_article_shape()
    if shape is None:
        return {}
    return {
        p["id"]: shape.says_article(shape_signals(p["page"], p["url"], p["evidence"]))
        for p in pages
    }


def widen_variants(
    score: Any, pages: list[dict], scores: dict[str, np.ndarray], rows: list[dict], hows: list[str]
) -> None:
    """Per page (in place), the widened path of each study variant ``how``: its F1, AEB
    counts, signals and whether it may switch, under ``row["widen"][how]``."""
    from benchmarks.body_recall import section_lines

    slot = PATHS.index("widened") - 1
    for p, row in zip(pages, rows, strict=True):
        row["widen"] = {}
        page, page_scores = p["page"], scores[p["id"]]
        if not row["runs"]:
            continue
        lines = page.blocks.lines
        now, _, masks, _ = body._paths(page, page_scores, KEEP_THRESHOLD, widen=False)
        chosen = body.expected_f1_lines(lines, page_scores, KEEP_THRESHOLD)
        for how in hows:
            if how == "exp":
                extra = chosen
            elif how.startswith("t"):
                extra = page_scores >= float(how[1:])
            elif how.startswith("sec") and now.kept is not None:
                extra = section_lines(lines, page_scores, np.array(now.kept), float(how[3:]))
            else:
                extra = np.zeros(len(lines), dtype=bool)
            wide = body.widened(page, now, extra)
            if wide is None:
                continue
            text = lines_to_text(wide.lines)
            wanted = tuple(index == slot for index in range(len(PATHS) - 1))
            x = body._page_signals(page, page_scores, masks, now, wide, wanted)[slot]
            adds = bool(np.any(np.array(wide.kept) & ~masks["now"]))
            row["widen"][how] = (
                score.bow_prf(p["gold"], text)[2],
                score.aeb_tp_fp_fn(p["gold"], text),
                x,
                adds,
            )


def with_variant(rows: list[dict], how: str) -> list[dict]:
    """The rows with the widened path replaced by the study variant ``how``'s."""
    slot = PATHS.index("widened")
    out = []
    for row in rows:
        row = {**row, "f1": row["f1"].copy(), "aeb": list(row["aeb"]), "x": row["x"].copy()}
        row["available"] = row["available"].copy()
        found = row.get("widen", {}).get(how)
        if found is None:
            row["f1"][slot], row["aeb"][slot] = row["f1"][0], row["aeb"][0]
            row["x"][slot - 1] = 0.0
            row["available"][slot - 1] = False
        else:
            row["f1"][slot], row["aeb"][slot], row["x"][slot - 1], adds = found
            row["available"][slot - 1] = adds and row["runs"]
        out.append(row)
    return out


def fit_chooser(
    rows: list[dict], margin: float, alternatives: int = len(PATHS) - 1
) -> dict[str, np.ndarray]:
    """One logistic regression per alternative path (label: it beats ``choose``'s lines by
    ``SWITCH_COST``; weight: by how much), as the arrays ``load_chooser`` reads. The model
    alone learns on every page where the model runs; later alternatives on the pages where
    they add a line."""
    from sklearn.linear_model import LogisticRegression

    means, scales, coefs, intercepts = [], [], [], []
    for index in range(1, alternatives + 1):
        usable = [
            row for row in rows if row["runs"] and (index == 1 or row["available"][index - 1])
        ]
        X = np.array([row["x"][index - 1] for row in usable], dtype=np.float64)
        mean = X.mean(axis=0)
        scale = X.std(axis=0)
        scale[scale == 0] = 1.0
        standard = (X - mean) / scale
        gain = np.array([row["f1"][index] - row["f1"][0] for row in usable]) - SWITCH_COST
        keep = np.abs(gain) > 1e-9
        model = LogisticRegression(C=C, max_iter=5000)
        model.fit(standard[keep], gain[keep] > 0, sample_weight=np.abs(gain[keep]))
        means.append(mean)
        scales.append(scale)
        coefs.append(model.coef_[0])
        intercepts.append(model.intercept_[0])
    return {
        "mean": np.array(means),
        "scale": np.array(scales),
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
    """The path picked on each page (0, ``choose``'s, where no alternative may switch)."""
    out = []
    for row in rows:
        available = row["available"][: chooser.alternatives]
        x = row["x"][: chooser.alternatives]
        out.append(chooser.pick(x, available) if available.any() else 0)
    return out


def fold_numbers(rows: list[dict], salt: str | None) -> list[int]:
    """Each page's chooser fold: GroupKFold over hosts (the block model's folds), or with a
    ``salt`` the hosts hashed into ``FOLDS`` groups (a second split, to see fold noise)."""
    from sklearn.model_selection import GroupKFold

    groups = [row["domain"] for row in rows]
    if salt is not None:
        return [
            int(hashlib.sha256(f"{salt}:{group}".encode()).hexdigest(), 16) % FOLDS
            for group in groups
        ]
    numbers = [0] * len(rows)
    for number, (_, test) in enumerate(GroupKFold(n_splits=FOLDS).split(rows, groups=groups)):
        for i in test:
            numbers[i] = number
    return numbers


def out_of_fold(
    rows: list[dict], folds: list[int], margin: float, alternatives: int, train_aeb: bool
) -> list[int]:
    """The path a chooser fitted on the other folds picks on each page."""
    chosen = [0] * len(rows)
    for fold in sorted(set(folds)):
        trained = [row for row, number in zip(rows, folds, strict=True) if number != fold]
        if not train_aeb:
            trained = [row for row in trained if row["type"] != "aeb"]
        chooser = as_chooser(fit_chooser(trained, margin, alternatives))
        test = [i for i, number in enumerate(folds) if number == fold]
        for i, pick in zip(test, picks(chooser, [rows[i] for i in test]), strict=True):
            chosen[i] = pick
    return chosen


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


def fold_report(
    score: Any, rows: list[dict], chosen: list[int], folds_too: bool
) -> dict[str, float]:
    """wcxb-dev's figures per type for the paths ``chosen``, AEB's beside them, how many
    pages each path took, and (``folds_too``) the web pages' F1 per domain fold."""
    web = [(row, pick) for row, pick in zip(rows, chosen, strict=True) if row["type"] != "aeb"]
    figures = table([row for row, _ in web], [pick for _, pick in web])
    aeb = [(row, pick) for row, pick in zip(rows, chosen, strict=True) if row["type"] == "aeb"]
    if aeb:
        held = aeb_table(score, [row for row, _ in aeb], [pick for _, pick in aeb])
        figures["aeb_token"], figures["aeb_f1"] = held["token_f1"], held["aeb_f1"]
    for index, name in enumerate(PATHS[1:], start=1):
        figures[f"n_{name}"] = sum(1 for _, pick in web if pick == index)
        figures[f"n_aeb_{name}"] = sum(1 for _, pick in aeb if pick == index)
    if folds_too:
        numbers = fold_numbers(rows, None)
        for fold in range(FOLDS):
            held_web = [
                row["f1"][pick]
                for (row, pick), number in zip(zip(rows, chosen, strict=True), numbers, strict=True)
                if number == fold and row["type"] != "aeb"
            ]
            figures[f"fold{fold + 1}"] = statistics.mean(held_web)
    return figures


def show(name: str, figures: dict[str, float]) -> None:
    print(f"{name}: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()), flush=True)


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
    parser.add_argument(
        "--alternatives",
        type=int,
        choices=range(1, len(PATHS)),
        default=len(PATHS) - 1,
        help="how many of the paths after choose's the saved chooser weighs (1: the model's only)",
    )
    parser.add_argument(
        "--fold-margins", type=float, nargs="+", help="report the folds at these margins"
    )
    parser.add_argument("--widen", nargs="+", default=[], help="study variants: exp t0.4 sec0.5")
    parser.add_argument("--fold-salt", help="also report a second, salted split of the folds")
    parser.add_argument("--rows", type=Path, help="keep (or reuse) the per-page rows here")
    parser.add_argument("--no-save", action="store_true", help="report the folds only")
    parser.add_argument(
        "--article-shape",
        type=Path,
        help="train_article_shape.py --oof's file: pages whose head types nothing are declared "
        "where a shape model that never saw their hosts says article (as the library does)",
    )
    parser.add_argument("--shape-threshold", type=float, default=0.5, help="its cut")
    parser.add_argument(
        "--as-undeclared",
        action="store_true",
        help="a study: every page as if its head typed nothing (older markup), chooser refitted so",
    )
    parser.add_argument("--out", type=Path, default=PATH_MODEL_PATH)
    parser.add_argument(
        "--block-model",
        type=Path,
        help="check AEB with this block model (a train_body_model.py --out file) instead of "
        "the shipped one: a chooser is only as safe as the block model it will run beside",
    )
    parser.add_argument("--report", type=Path, help="write the figures as JSON here")
    parser.add_argument(
        "--page-f1",
        type=Path,
        help="keep each page's type and F1 under the out-of-fold chooser (domain folds, every "
        "path, --margin) as JSON here (body_variants.py --churn compares two)",
    )
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
    if args.as_undeclared:
        for p in pages:  # as if no head typed any page: older markup (a study)
            p["page"].head_typed = False
            redeclare(p["page"], False)
    if args.article_shape is not None:
        with np.load(args.article_shape) as found:
            cut = found["probability"] >= args.shape_threshold
            says = dict(zip(found["ids"].tolist(), cut.tolist(), strict=True))
        print(f"declared by their shape (out of fold): {declare_by_shapes(pages, says)} pages")
    oof_scores = dict(np.load(args.oof_scores))
    if args.rows is not None and args.rows.exists():
        with args.rows.open("rb") as handle:
            all_rows = pickle.load(handle)
    else:
        all_rows = page_rows(score, pages, oof_scores)
        if args.widen:
            widen_variants(score, pages, oof_scores, all_rows, args.widen)
        if args.rows is not None:
            with args.rows.open("wb") as handle:
                pickle.dump(all_rows, handle)
    rows = [row for row in all_rows if row["type"] != "aeb"]
    print(
        f"{len(rows)} pages, the model runs on {sum(row['runs'] for row in rows)}, "
        + ", ".join(
            f"{name} adds to choose's on {sum(bool(row['available'][i]) for row in rows)}"
            for i, name in enumerate(PATHS[1:])
        )
    )
    report: dict[str, Any] = {}
    train_aeb = args.aeb == "train"
    splits = [("domain folds", None)]
    if args.fold_salt is not None:
        splits.append((f"salted folds ({args.fold_salt})", args.fold_salt))
    variants: list[str | None] = [None, *args.widen] if args.widen else [None]
    for variant in variants:
        some_rows = all_rows if variant is None else with_variant(all_rows, variant)
        tag = "" if variant is None else f" [widened = {variant}]"
        for split, salt in splits:
            folds = fold_numbers(some_rows, salt)
            for margin in args.fold_margins or [args.margin]:
                for alternatives in range(1, len(PATHS)):
                    if variant is not None and alternatives == 1:
                        continue  # the two-path chooser does not read the variant
                    name = f"{split}, {' / '.join(PATHS[: alternatives + 1])}, m{margin}{tag}"
                    chosen = out_of_fold(some_rows, folds, margin, alternatives, train_aeb)
                    report[name] = fold_report(score, some_rows, chosen, salt is None)
                    full = alternatives == len(PATHS) - 1 and margin == args.margin
                    if args.page_f1 and full and salt is None and variant is None:
                        kept = {
                            row["id"]: [row["type"], float(row["f1"][pick])]
                            for row, pick in zip(some_rows, chosen, strict=True)
                        }
                        args.page_f1.write_text(json.dumps(kept))
    web_chosen = [0] * len(rows)
    report["choose (now)"] = table(rows, web_chosen)
    oracle = [int(np.argmax(row["f1"])) if row["available"].any() else 0 for row in rows]
    report["oracle (best path per page)"] = table(rows, oracle)
    for index, name in enumerate(PATHS[1:], start=1):
        report[f"always {name} where it may switch"] = table(
            rows, [index if row["available"][index - 1] else 0 for row in rows]
        )
    if args.aeb != "off":
        held_rows = [row for row in all_rows if row["type"] == "aeb"]
        report["aeb out of fold (choose)"] = aeb_table(score, held_rows, [0] * len(held_rows))
    for name, figures in report.items():
        show(name, figures)

    status = 0
    if not args.no_save:
        arrays = fit_chooser(
            all_rows if args.aeb == "train" else rows, args.margin, args.alternatives
        )
        chooser = as_chooser(arrays)
        report["in sample (chooser)"] = table(rows, picks(chooser, rows))
        show("in sample (chooser, OOF block scores)", report["in sample (chooser)"])
        aeb_dir = args.shared / "aeb"
        aeb_pages = examples(args.aeb_examples, aeb_dir)
        declare_by_shapes(aeb_pages, shipped_shape_says(aeb_pages))
        model = shipped_model() if args.block_model is None else load_model(args.block_model)
        # the scores the library will give: the trees blended with the shipped network, if any
        aeb_scores = {p["id"]: block_scores(model, p["X"]) for p in aeb_pages}
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
