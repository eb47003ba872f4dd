"""Out-of-fold trials of the block model's labels, sample weights and learner (round nine).

    OMP_NUM_THREADS=1 python benchmarks/body_variants.py base            # train_body_model's
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py consume         # duplicate-aware labels
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py soft            # soft labels
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py base max_iter=200 max_depth=8
    # round twenty-six: main's protocol (AEB in the folds and trained on, consume-ladder labels),
    # a regularisation setting, K models averaged (seeds / host subsamples), per-page F1 kept
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py base --aeb train --labels consume-ladder \
        min_samples_leaf=200 max_features=0.5 --bag 3 --hosts 0.8 --page-f1 f1.json
    python benchmarks/body_variants.py base --churn f1-seed0.json f1-seed1.json   # pages moved

Same examples (``train_body_model``'s cache), same 5 domain folds, same ``choose_lines`` and
scorer as ``train_body_model.py --no-save``; only how the fold models are fitted changes. The
out-of-fold block scores go to ``--scores`` (default ``/tmp/body-variant-NAME.npz``) for
``train_path_choice.py --oof-scores``. Labels still come from the gold text alone:

- ``consume``: a gold trigram labels at most as many lines as the gold holds it, in page order
  (a quoted post, a teaser repeating the story, a mobile copy of a menu are content once).
- ``soft``: a line with a share f of its trigrams in the gold (0 < f < 1) is two examples, content
  with weight f and not with weight 1 - f, instead of one hard label at f >= 0.5.
- ``ceiling``: each page's weight times the square of its labels' F1 ceiling (noisy pages count
  less).

``--bag K`` fits K models per fold (tree seeds ``random_state + 1000 * seed + k``; with
``--hosts F`` each on a random share F of the training folds' hosts) and averages their raw
scores: one additive model of K times the trees (``tree_arrays.averaged_tree_arrays``), scored
by the shipped walker. ``--churn A B`` counts the pages two ``--page-f1`` files move by > 0.01.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as trainer
from tree_arrays import averaged_tree_arrays, boosted_tree_arrays

WORD_RE = trainer.WORD_RE
consumed_labels = trainer.consumed_labels
consume_order = trainer.consume_order
VARIANTS = ("base", "consume", "soft", "ceiling")
ORDERS = trainer.CONSUME_ORDERS


def trigram_shares(lines: list[Any], gold: str) -> np.ndarray:
    """Each line's share of word trigrams found in the gold (a short line: 1 if its run is)."""
    gold_words = WORD_RE.findall(gold.lower())
    trigrams = set(zip(gold_words, gold_words[1:], gold_words[2:], strict=False))
    joined = " " + " ".join(gold_words) + " "
    shares = np.zeros(len(lines))
    for index, line in enumerate(lines):
        words = WORD_RE.findall(line.text.lower())
        if len(words) >= 3:
            grams = list(zip(words, words[1:], words[2:], strict=False))
            shares[index] = sum(gram in trigrams for gram in grams) / len(grams)
        elif words:
            shares[index] = float((" " + " ".join(words) + " ") in joined)
    return shares


TYPE_WEIGHTS: dict[str, float] = {}  # --type-weight: a page type's pages count this many times


def training_rows(pages: list[dict], variant: str) -> tuple[np.ndarray, ...]:
    """Features, labels and weights of ``pages`` as the variant fits them."""
    xs, ys, ws = [], [], []
    for page in pages:
        x, y, w = page["X"], page["y"], page["w"]
        w = w * TYPE_WEIGHTS.get(page["type"], 1.0)
        if variant == "soft":
            share = page["share"]
            mixed = (share > 0) & (share < 1)
            xs += [x, x[mixed]]
            ys += [(share > 0).astype(np.int8), np.zeros(int(mixed.sum()), dtype=np.int8)]
            ws += [np.where(mixed, w * share, w), w[mixed] * (1 - share[mixed])]
            continue
        if variant == "ceiling":
            w = w * page["ceiling"] ** 2
        xs.append(x)
        ys.append(y)
        ws.append(w)
    return np.concatenate(xs), np.concatenate(ys), np.concatenate(ws)


def fit_averaged(
    pages: list[dict], variant: str, params: dict[str, Any], bag: int, hosts: float, seed: int
) -> Any:
    """``bag`` models fitted on ``pages`` (each on a random ``hosts`` share of their hosts when
    below 1), averaged as one tree model (the layout the shipped walker reads)."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(seed)
    domains = sorted({page["domain"] for page in pages})
    members = []
    for k in range(bag):
        chosen = pages
        if hosts < 1.0:
            picked = set(rng.choice(domains, size=round(hosts * len(domains)), replace=False))
            chosen = [page for page in pages if page["domain"] in picked]
        x, y, w = training_rows(chosen, variant)
        settings = {**params, "random_state": params["random_state"] + 1000 * seed + k}
        fitted = HistGradientBoostingClassifier(**settings).fit(x, y, sample_weight=w)
        members.append(boosted_tree_arrays(fitted))
    arrays = averaged_tree_arrays(members) if bag > 1 else members[0]
    arrays["threshold_keep"] = np.array(trainer.KEEP_THRESHOLD)
    return trainer.as_tree_model(arrays)


def churn(before: Path, after: Path) -> None:
    """Per page type: the pages ``after`` moves up and down by more than 0.01 F1."""
    old, new = json.loads(before.read_text()), json.loads(after.read_text())
    moved: dict[str, list[int]] = {}
    for page, (kind, f1) in new.items():
        delta = f1 - old[page][1]
        counts = moved.setdefault(kind, [0, 0, 0])
        counts[0] += delta > 0.01
        counts[1] += delta < -0.01
        counts[2] += 1
    for kind, (up, down, pages) in sorted(moved.items()):
        print(f"{kind}: {pages} pages, {up} up, {down} down by > 0.01")
    web = [v for k, v in moved.items() if k != "aeb"]
    print(f"wcxb-dev: {sum(v[0] for v in web)} up, {sum(v[1] for v in web)} down by > 0.01")


def timing(model: Any, pages: list[dict]) -> float:
    """The model's CPU ms a page over ``pages``' feature rows (best of 3)."""
    best = float("inf")
    for _ in range(3):
        started = time.process_time()
        for page in pages:
            model.scores(page["X"])
        best = min(best, time.process_time() - started)
    return best / len(pages) * 1000


def host_folds(pages: list[dict]) -> dict[str, int]:
    """Each page's host fold, 1 to ``trainer.FOLDS`` (GroupKFold over the pages' hosts, as
    ``train_body_model`` splits them)."""
    from sklearn.model_selection import GroupKFold

    split = GroupKFold(n_splits=trainer.FOLDS).split(pages, groups=[p["domain"] for p in pages])
    return {pages[i]["id"]: n for n, (_, test) in enumerate(split, start=1) for i in test}


def main_pages(score: Any, labels: str = "consume-ladder", aeb: bool = True) -> list[dict]:
    """Main's examples from ``train_body_model``'s cache: wcxb-dev, then AEB when it is trained
    on, relabelled by ``labels``."""
    set_dir = trainer.DEFAULT_SHARED / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    cache = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    pages = trainer.cached_examples(docs, set_dir, cache)
    if aeb:
        aeb_args = argparse.Namespace(no_cache=False, cache=cache, aeb_weight=1.0)
        pages = pages + trainer.aeb_pages(score, trainer.DEFAULT_SHARED / "aeb", aeb_args)
    trainer.relabel(pages, labels)
    return pages


def cross_validate(
    score: Any, pages: list[dict], fit: Callable[[list[dict]], Any]
) -> tuple[dict[str, np.ndarray], list[dict], list[dict], Any]:
    """Main's host folds: each page scored by ``fit`` on the other folds' pages, each fold's
    figures printed as it ends. Returns the scores, the wcxb-dev and AEB rows, the last model."""
    rows: list[dict] = []
    aeb_rows: list[dict] = []
    scores: dict[str, np.ndarray] = {}
    started = time.perf_counter()
    folds = host_folds(pages)
    model = None
    for number in range(1, trainer.FOLDS + 1):
        model = fit([page for page in pages if folds[page["id"]] != number])
        held = [page for page in pages if folds[page["id"]] == number]
        for page in held:
            scores[page["id"]] = model.scores(page["X"])
        fold_rows = trainer.score_oof(score, [p for p in held if p["type"] != "aeb"], scores)
        aeb_rows += trainer.score_oof(score, [p for p in held if p["type"] == "aeb"], scores)
        rows += fold_rows
        figures = trainer.table(fold_rows)
        print(
            f"fold {number} ({time.perf_counter() - started:.0f} s): "
            + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()),
            flush=True,
        )
    return scores, rows, aeb_rows, model


def write_page_f1(path: Path, rows: list[dict], aeb_rows: list[dict]) -> None:
    """Each held-out page's type and F1 (``--churn``'s input), AEB pages typed "aeb"."""
    kept = {row["id"]: [row["type"], row["f1"]] for row in rows}
    kept.update({row["id"]: ["aeb", row["f1"]] for row in aeb_rows})
    path.write_text(json.dumps(kept))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("variant", choices=VARIANTS)
    parser.add_argument("params", nargs="*", metavar="NAME=VALUE", help="learner overrides")
    parser.add_argument("--scores", type=Path, help="where to save the out-of-fold scores")
    parser.add_argument(
        "--order",
        choices=ORDERS,
        default="page",
        help="consume: which copy of repeated text takes the gold's trigrams first",
    )
    parser.add_argument(
        "--types",
        help="consume: only on these gold page types (comma-separated; shipped labels elsewhere)",
    )
    parser.add_argument(
        "--repeats",
        choices=("negative", "drop"),
        default="negative",
        help="consume: a line the shipped rule labels content and the consumed labels do not "
        "is a negative example, or left out of training (weight 0)",
    )
    parser.add_argument(
        "--aeb",
        choices=("off", "train"),
        default="off",
        help="AEB's pages in the host folds and trained on (train_body_model.py --aeb train)",
    )
    parser.add_argument(
        "--labels", choices=trainer.LABELS, default="shipped", help="train_body_model's --labels"
    )
    parser.add_argument("--bag", type=int, default=1, help="models averaged per fold")
    parser.add_argument(
        "--hosts",
        type=float,
        default=1.0,
        help="share of the training hosts each bagged model fits",
    )
    parser.add_argument("--seed", type=int, default=0, help="the bag's seeds and host draws")
    parser.add_argument("--page-f1", type=Path, help="keep each page's type and F1 (JSON) here")
    parser.add_argument(
        "--type-weight",
        action="append",
        default=[],
        metavar="TYPE=W",
        help="a gold page type's pages weigh W times in training (repeatable; AEB's type: aeb)",
    )
    parser.add_argument("--churn", type=Path, nargs=2, help="compare two --page-f1 files, exit")
    parser.add_argument(
        "--ceiling-only",
        action="store_true",
        help="print the labels' ceiling per page type (no fitting)",
    )
    args = parser.parse_intermixed_args(argv)
    if args.churn:
        churn(*args.churn)
        return 0
    for setting in args.type_weight:
        kind, _, weight = setting.partition("=")
        TYPE_WEIGHTS[kind] = float(weight)
    from sklearn.ensemble import HistGradientBoostingClassifier

    params = dict(trainer.PARAMS)
    known = HistGradientBoostingClassifier().get_params()
    for setting in args.params:
        name, _, value = setting.partition("=")
        if name not in known:
            parser.error(f"{setting}: not a HistGradientBoostingClassifier setting")
        params[name] = json.loads(value)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")

    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    pages = main_pages(score, args.labels, aeb=args.aeb == "train")
    types = set(args.types.split(",")) if args.types else None
    for page in pages:
        lines = page["page"].blocks.lines
        if page["type"] == "aeb":
            continue
        if args.variant == "consume" and (types is None or page["type"] in types):
            shipped = page["y"]
            order = consume_order(page["page"], shipped, args.order)
            page["y"] = consumed_labels(lines, page["gold"], order)
            if args.repeats == "drop":
                page["w"] = np.where((shipped == 1) & (page["y"] == 0), 0.0, page["w"])
        elif args.variant == "soft":
            page["share"] = trigram_shares(lines, page["gold"])
        elif args.variant == "ceiling":
            kept = [line for line, label in zip(lines, page["y"], strict=True) if label]
            page["ceiling"] = score.bow_prf(page["gold"], trainer.lines_to_text(kept))[2]
    if args.ceiling_only:
        ceilings: dict[str, list[float]] = {}
        for page in pages:
            kept = [
                line
                for line, label in zip(page["page"].blocks.lines, page["y"], strict=True)
                if label
            ]
            f1 = score.bow_prf(page["gold"], trainer.lines_to_text(kept))[2]
            ceilings.setdefault(page["type"], []).append(f1)
            ceilings.setdefault("all", []).append(f1)
        print("label ceiling: " + "  ".join(f"{k} {np.mean(v):.4f}" for k, v in ceilings.items()))
        return 0
    scores, rows, aeb_rows, model = cross_validate(
        score,
        pages,
        lambda trained: fit_averaged(
            trained, args.variant, params, args.bag, args.hosts, args.seed
        ),
    )
    print(f"trees {model.feature.shape[0]}, {timing(model, pages[:300]):.3f} ms a page (300 pages)")
    figures = trainer.table(rows)
    if args.aeb == "train":
        aeb_held = [p for p in pages if p["type"] == "aeb"]
        figures.update(
            {f"aeb_{k}": v for k, v in trainer.aeb_oof_figures(score, aeb_held, scores).items()}
        )
    print(f"{args.variant} out of fold: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    if args.page_f1:
        write_page_f1(args.page_f1, rows, aeb_rows)
    target = args.scores or Path(f"/tmp/body-variant-{args.variant}.npz")
    np.savez_compressed(target, **scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
