"""Issue 11 study: a learned page type, stacked on the path chooser and the block model.

    OMP_NUM_THREADS=1 python benchmarks/page_type_study.py --oof-scores /tmp/comb1.npz
    OMP_NUM_THREADS=1 python benchmarks/page_type_study.py --oof-scores /tmp/comb1.npz --block \
        --save-scores /tmp/typed.npz        # also refit the block model's 5 folds (slow)

Same pages and the same 5 domain folds as ``train_body_model.py --aeb train`` (wcxb-dev's pages
then AEB's, GroupKFold over their hosts; AEB's pages are articles). A gradient-boosted
classifier over ``scraper.extractor.pagetype``'s page columns predicts the page type; its
out-of-fold accuracy per type is printed first. Its class probabilities are then stacked:

- on the path chooser (``train_path_choice.py``'s logistic regression, its page features plus
  the probabilities), with ``--oof-scores`` the block scores the chooser reads;
- with ``--block``, on the block model (each line gets its page's probabilities as columns),
  the fold models refitted with ``--labels consume-ladder`` as shipped.

Stacking needs nested probabilities: a page held out in outer fold k gets the probabilities of
a classifier that never saw fold k; the training pages of fold k get inner out-of-fold
probabilities (GroupKFold over the four training folds' hosts), so the second stage is trained
on probabilities as noisy as those it meets on held-out pages.
"""

from __future__ import annotations

import argparse
import logging
import pickle
import sys
import time
import warnings
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as trainer
import train_path_choice as chooser_trainer

from scraper.extractor.pagetype import PAGE_TYPE_FEATURE_NAMES, page_type_features

TYPES = ("article", "documentation", "service", "forum", "product", "collection", "listing")
CLASSIFIER = {
    "max_iter": 60,
    "learning_rate": 0.15,
    "max_depth": 4,
    "max_leaf_nodes": 15,
    "max_bins": 64,
    "min_samples_leaf": 10,
    "l2_regularization": 1.0,
    "random_state": 0,
    "early_stopping": False,
}


def load_pages(args: argparse.Namespace, score: Any) -> list[dict]:
    """wcxb-dev's then AEB's page examples (ids prefixed, type "aeb"), each with its URL."""
    pages = []
    for name, pickled, prefix in (
        ("wcxb-dev", args.examples, ""),
        ("aeb", args.aeb_examples, trainer.AEB_PREFIX),
    ):
        folder = args.shared / name
        _, docs = score.load_set(str(folder))
        urls = {doc["id"]: doc["url"] for doc in docs}
        if pickled is not None:
            with pickled.open("rb") as handle:
                found = pickle.load(handle)
        else:
            found = trainer.cached_examples(docs, folder, args.cache)
        for page in found:
            page["url"] = urls.get(page["id"])
            if prefix:
                page["id"] = prefix + page["id"]
                page["type"] = "aeb"
            pages.append(page)
    return pages


def features(page: dict) -> np.ndarray:
    analysis = page["page"]
    return page_type_features(
        analysis.blocks.lines,
        page["X"],
        url=page["url"],
        ladder_share=analysis.ladder_share,
        ladder_gaps=analysis.ladder_gaps,
        declared_article=analysis.declared_article,
        heuristic_lines=len(analysis.heuristic),
        hidden=analysis.hidden,
    )


def fit_predict(F: np.ndarray, y: np.ndarray, train: np.ndarray, test: np.ndarray) -> np.ndarray:
    """Class probabilities (columns in ``TYPES`` order) of ``test`` from a fit on ``train``."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    model = HistGradientBoostingClassifier(**CLASSIFIER)
    model.fit(F[train], y[train])
    probabilities = np.zeros((len(test), len(TYPES)))
    probabilities[:, model.classes_] = model.predict_proba(F[test])
    return probabilities


def nested_probabilities(
    F: np.ndarray, y: np.ndarray, groups: list[str], folds: list[tuple[np.ndarray, np.ndarray]]
) -> tuple[np.ndarray, list[np.ndarray]]:
    """Outer out-of-fold probabilities, and per outer fold its training pages' inner ones."""
    from sklearn.model_selection import GroupKFold

    outer = np.zeros((len(y), len(TYPES)))
    inner_by_fold = []
    for train, test in folds:
        outer[test] = fit_predict(F, y, train, test)
        inner = np.zeros((len(y), len(TYPES)))
        train_groups = [groups[i] for i in train]
        for inner_train, inner_test in GroupKFold(n_splits=4).split(train, groups=train_groups):
            inner[train[inner_test]] = fit_predict(F, y, train[inner_train], train[inner_test])
        inner_by_fold.append(inner)
    return outer, inner_by_fold


def report_classifier(y: np.ndarray, outer: np.ndarray, kinds: list[str]) -> None:
    predicted = outer.argmax(axis=1)
    print(f"page type out of fold: accuracy {np.mean(predicted == y):.3f} over {len(y)} pages")
    confusion: dict[str, Counter] = defaultdict(Counter)
    for kind, guess in zip(kinds, predicted, strict=True):
        confusion[kind][TYPES[guess]] += 1
    print("  true \\ predicted: " + " ".join(f"{t[:5]:>5}" for t in TYPES) + "   recall")
    for kind in (*TYPES, "aeb"):
        row = confusion[kind]
        total = sum(row.values())
        right = row["article" if kind == "aeb" else kind]
        cells = " ".join(f"{row[t]:>5}" for t in TYPES)
        print(f"  {kind:>13}: {cells}   {right / total:.3f} ({total})")


def chooser_figures(
    score: Any, rows: list[dict], folds: list, extra: list[np.ndarray] | None, outer: Any
) -> dict[str, dict[str, float]]:
    """The chooser out of fold, its features alone (``extra`` None) or with the probabilities."""
    chosen = [0] * len(rows)
    for number, (train, test) in enumerate(folds):

        def with_types(index: int, table: np.ndarray) -> dict:
            row = dict(rows[index])
            row["x"] = np.concatenate([row["x"], table[index]])
            return row

        if extra is None:
            trained = [rows[i] for i in train]
            held = [rows[i] for i in test]
        else:
            trained = [with_types(i, extra[number]) for i in train]
            held = [with_types(i, outer) for i in test]
        model = chooser_trainer.as_chooser(chooser_trainer.fit_chooser(trained, MARGIN))
        for i, pick in zip(test, chooser_trainer.picks(model, held), strict=True):
            chosen[i] = pick
    web = [(row, pick) for row, pick in zip(rows, chosen, strict=True) if row["type"] != "aeb"]
    aeb = [(row, pick) for row, pick in zip(rows, chosen, strict=True) if row["type"] == "aeb"]
    return {
        "wcxb": chooser_trainer.table([r for r, _ in web], [p for _, p in web]),
        "aeb": chooser_trainer.aeb_table(score, [r for r, _ in aeb], [p for _, p in aeb]),
    }


MARGIN = chooser_trainer.MARGIN


def show(name: str, figures: dict[str, dict[str, float]]) -> None:
    for part, values in figures.items():
        print(f"{name} [{part}]: " + "  ".join(f"{k} {v:.3f}" for k, v in values.items()))


def block_scores(
    pages: list[dict], folds: list, outer: np.ndarray, inner: list[np.ndarray]
) -> dict[str, np.ndarray]:
    """Out-of-fold block scores of fold models whose lines carry their page's probabilities."""

    def typed(index: int, table: np.ndarray) -> dict:
        page = pages[index]
        columns = np.repeat(table[index][None, :], len(page["y"]), axis=0).astype(np.float32)
        return {"X": np.hstack([page["X"], columns]), "y": page["y"], "w": page["w"]}

    scores = {}
    for number, (train, test) in enumerate(folds):
        started = time.perf_counter()
        model = trainer.as_tree_model(
            trainer.export(trainer.fit([typed(i, inner[number]) for i in train]), 0.5)
        )
        for i in test:
            scores[pages[i]["id"]] = model.scores(typed(i, outer)["X"])
        print(f"block fold {number + 1}: {time.perf_counter() - started:.0f} s", flush=True)
    return scores


def typed_choose(
    score: Any, pages: list[dict], scores: dict[str, np.ndarray], outer: np.ndarray, words: list
) -> None:
    """``choose`` alone, each ``CHOOSE_SWEEP`` setting applied only on the pages the classifier
    (out of fold) calls something other than an article, beside the shipped constants."""
    other = {page["id"] for page, row in zip(pages, outer, strict=True) if row.argmax() != 0}
    print(f"typed choose: {len(other)} pages predicted not articles", flush=True)
    sweeps = {"shipped constants": {}} | {
        name: settings
        for name, settings in trainer.CHOOSE_SWEEP.items()
        if not words or any(word in name for word in words)
    }
    for name, settings in sweeps.items():
        shipped = {key: getattr(trainer.body, key) for key in settings}
        typed_scores = {}
        rows = []
        for page in pages:
            if page["id"] in other:
                for key, value in settings.items():
                    setattr(trainer.body, key, value)
            if page["type"] == "aeb":
                typed_scores[page["id"]] = page
            else:
                rows += trainer.score_oof(score, [page], scores)
            for key, value in shipped.items():
                setattr(trainer.body, key, value)
        figures = trainer.table(rows)
        aeb = []
        for page in typed_scores.values():
            if page["id"] in other:
                for key, value in settings.items():
                    setattr(trainer.body, key, value)
            text = trainer.lines_to_text(
                trainer.choose_lines(page["page"], scores[page["id"]], trainer.KEEP_THRESHOLD)
            )
            for key, value in shipped.items():
                setattr(trainer.body, key, value)
            aeb.append(
                (score.bow_prf(page["gold"], text)[2], score.aeb_tp_fp_fn(page["gold"], text))
            )
        figures["aeb_token_f1"] = float(np.mean([f1 for f1, _ in aeb]))
        figures["aeb_f1"] = score.aeb_aggregate([t for _, t in aeb])["f1"]
        print(f"typed {name}: " + "  ".join(f"{k} {v:.3f}" for k, v in figures.items()), flush=True)


def typed_rows(
    score: Any,
    pages: list[dict],
    scores: dict[str, np.ndarray],
    outer: np.ndarray,
    name: str,
    gate: float = 1.0,
) -> list[dict]:
    """The chooser's rows with ``CHOOSE_SWEEP[name]`` set on predicted non-articles only (and
    only where the article probability is below ``gate``)."""
    settings = trainer.CHOOSE_SWEEP[name]
    shipped = {key: getattr(trainer.body, key) for key in settings}
    rows = []
    for page, probabilities in zip(pages, outer, strict=True):
        if probabilities.argmax() != 0 and probabilities[0] < gate:
            for key, value in settings.items():
                setattr(trainer.body, key, value)
        rows += chooser_trainer.page_rows(score, [page], scores)
        for key, value in shipped.items():
            setattr(trainer.body, key, value)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=trainer.DEFAULT_SHARED)
    parser.add_argument("--examples", type=Path, help="a wcxb-dev examples pickle to reuse")
    parser.add_argument("--aeb-examples", type=Path, help="an AEB examples pickle to reuse")
    parser.add_argument(
        "--cache", type=Path, default=trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    )
    parser.add_argument("--oof-scores", type=Path, required=True, help="the shipped block scores")
    parser.add_argument("--block", action="store_true", help="also refit the block model folds")
    parser.add_argument("--save-scores", type=Path, help="with --block: its out-of-fold scores")
    parser.add_argument("--columns", type=Path, help="keep the page columns here (.npy) and reuse")
    parser.add_argument(
        "--block-iter",
        type=int,
        default=trainer.PARAMS["max_iter"],
        help="with --block: boosting rounds (fewer for a cheap paired A/B with --block-baseline)",
    )
    parser.add_argument(
        "--block-baseline", action="store_true", help="with --block: zero page-type columns"
    )
    parser.add_argument("--probabilities", type=Path, help="keep the nested ones here and reuse")
    parser.add_argument(
        "--typed-choose",
        nargs="*",
        metavar="WORDS",
        help="choose sweeps (names holding WORDS) applied on predicted non-articles only",
    )
    parser.add_argument("--oracle", action="store_true", help="also the gold type (a bound)")
    parser.add_argument(
        "--typed-setting", metavar="NAME", help="a CHOOSE_SWEEP setting on predicted non-articles"
    )
    parser.add_argument(
        "--article-gate",
        type=float,
        default=1.0,
        help="with --typed-setting: only where the article probability is below this",
    )
    parser.add_argument("--no-chooser", action="store_true", help="the classifier's figures only")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.model_selection import GroupKFold

    score = trainer.load_module(args.shared / "score.py", "shared_score")
    started = time.perf_counter()
    pages = load_pages(args, score)
    trainer.relabel(pages, "consume-ladder")
    kinds = [page["type"] for page in pages]
    y = np.array([TYPES.index("article" if kind == "aeb" else kind) for kind in kinds])
    if args.columns is not None and args.columns.exists():
        F = np.load(args.columns)
    else:
        F = np.array([features(page) for page in pages])
        if args.columns is not None:
            np.save(args.columns, F)
    groups = [page["domain"] for page in pages]
    folds = list(GroupKFold(n_splits=trainer.FOLDS).split(pages, groups=groups))
    print(
        f"{len(pages)} pages, {F.shape[1]} page columns ({len(PAGE_TYPE_FEATURE_NAMES)} named), "
        f"{time.perf_counter() - started:.0f} s"
    )
    if args.probabilities is not None and args.probabilities.exists():
        saved = np.load(args.probabilities)
        outer, inner = saved["outer"], [saved[f"inner{k}"] for k in range(len(folds))]
    else:
        outer, inner = nested_probabilities(F, y, groups, folds)
        if args.probabilities is not None:
            tables = {f"inner{k}": table for k, table in enumerate(inner)}
            np.savez_compressed(args.probabilities, outer=outer, **tables)
    report_classifier(y, outer, kinds)
    print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    if not args.no_chooser:
        shipped_scores = dict(np.load(args.oof_scores))
        if args.typed_setting:
            rows = typed_rows(
                score, pages, shipped_scores, outer, args.typed_setting, args.article_gate
            )
        else:
            rows = chooser_trainer.page_rows(score, pages, shipped_scores)
        show("chooser, shipped features", chooser_figures(score, rows, folds, None, outer))
        show("chooser + page type", chooser_figures(score, rows, folds, inner, outer))
        if args.oracle:  # a diagnostic bound: the gold page type, one-hot, on every page
            gold = np.eye(len(TYPES))[y]
            figures = chooser_figures(score, rows, folds, [gold] * len(folds), gold)
            show("chooser + GOLD page type (oracle)", figures)
        print(f"({time.perf_counter() - started:.0f} s)", flush=True)
    if args.typed_choose is not None:
        typed_choose(score, pages, dict(np.load(args.oof_scores)), outer, args.typed_choose)
    if args.block:
        trainer.PARAMS["max_iter"] = args.block_iter
        if args.block_baseline:  # the same learner without the page type (constant columns)
            outer, inner = np.zeros_like(outer), [np.zeros_like(table) for table in inner]
        scores = block_scores(pages, folds, outer, inner)
        if args.save_scores:
            np.savez_compressed(args.save_scores, **scores)
        print(
            "block + page type, choose: "
            + "  ".join(
                f"{k} {v:.3f}" for k, v in trainer.both_tables(score, pages, scores).items()
            )
        )
        rows = chooser_trainer.page_rows(score, pages, scores)
        show("block + page type, chooser", chooser_figures(score, rows, folds, None, outer))
        show(
            "block + page type, chooser + page type",
            chooser_figures(score, rows, folds, inner, outer),
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
