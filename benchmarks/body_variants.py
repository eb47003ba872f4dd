"""Out-of-fold trials of the block model's labels, sample weights and learner (round nine).

    OMP_NUM_THREADS=1 python benchmarks/body_variants.py base            # train_body_model's
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py consume         # duplicate-aware labels
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py soft            # soft labels
    OMP_NUM_THREADS=1 python benchmarks/body_variants.py base max_iter=200 max_depth=8

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
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as trainer

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


def training_rows(pages: list[dict], variant: str) -> tuple[np.ndarray, ...]:
    """Features, labels and weights of ``pages`` as the variant fits them."""
    xs, ys, ws = [], [], []
    for page in pages:
        x, y, w = page["X"], page["y"], page["w"]
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
        "--ceiling-only",
        action="store_true",
        help="print the labels' ceiling per page type (no fitting)",
    )
    args = parser.parse_args(argv)
    params = dict(trainer.PARAMS)
    for setting in args.params:
        name, _, value = setting.partition("=")
        if name not in params:
            parser.error(f"{setting}: not a learner setting ({', '.join(params)})")
        params[name] = json.loads(value)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.model_selection import GroupKFold

    score = trainer.load_module(trainer.DEFAULT_SHARED / "score.py", "shared_score")
    set_dir = trainer.DEFAULT_SHARED / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    cache = trainer.PROJECT_ROOT / "benchmarks" / "results" / "cache"
    pages = trainer.cached_examples(docs, set_dir, cache)
    types = set(args.types.split(",")) if args.types else None
    for page in pages:
        lines = page["page"].blocks.lines
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
    groups = [page["domain"] for page in pages]
    rows: list[dict] = []
    scores: dict[str, np.ndarray] = {}
    started = time.perf_counter()
    folds = GroupKFold(n_splits=trainer.FOLDS).split(pages, groups=groups)
    for number, (train, test) in enumerate(folds, start=1):
        x, y, w = training_rows([pages[i] for i in train], args.variant)
        fitted = HistGradientBoostingClassifier(**params).fit(x, y, sample_weight=w)
        model = trainer.as_tree_model(trainer.export(fitted, trainer.KEEP_THRESHOLD))
        for i in test:
            scores[pages[i]["id"]] = model.scores(pages[i]["X"])
        fold_rows = trainer.score_oof(score, [pages[i] for i in test], scores)
        rows += fold_rows
        figures = trainer.table(fold_rows)
        print(
            f"fold {number} ({time.perf_counter() - started:.0f} s): "
            + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()),
            flush=True,
        )
    figures = trainer.table(rows)
    print(f"{args.variant} out of fold: " + "  ".join(f"{k} {v:.4f}" for k, v in figures.items()))
    target = args.scores or Path(f"/tmp/body-variant-{args.variant}.npz")
    np.savez_compressed(target, **scores)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
