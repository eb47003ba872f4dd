"""Fit the page-shape article model (``articleshape.py``) out of fold, then ship it.

    python benchmarks/train_article_shape.py --oof /tmp/shape-oof.npz          # folds + shipped
    python benchmarks/train_article_shape.py --oof /tmp/shape-oof.npz --no-save

Label: the gold says the page is one article (wcxb-dev's ``article`` type; every AEB page).
Signals: ``articleshape.shape_row`` of the trainer's cached examples (``train_body_model``'s,
the ladder's lines, the page's lines, the URL), so training sees what ``analyse_page`` gives
the model at run time. The folds are the body's 5 host folds over both sets
(``train_path_choice.fold_numbers``, the same page order); ``--oof`` keeps each page's
out-of-fold probability, which ``train_path_choice.py --article-shape`` reads so that the
path chooser learns on the declarations a model that never saw the page's hosts gives it.
The shipped file is the fit on all pages (deterministic: lbfgs from zeros).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_body_model import (  # noqa: E402
    AEB_PREFIX,
    DEFAULT_SHARED,
    cached_examples,
    load_module,
)
from benchmarks.train_path_choice import fold_numbers  # noqa: E402
from scraper.extractor.articleshape import (  # noqa: E402
    ARTICLE_SHAPE_PATH,
    SHAPE_NAMES,
    load_article_shape,
)
from scraper.extractor.body import shape_signals  # noqa: E402

THRESHOLD = 0.5  # the cut: out of fold, 0.5 and 0.7 held AEB alike (benchmarks/README)
C = 1.0


def all_examples(shared: Path, cache: Path | None) -> list[dict]:
    """Both sets' cached examples in the path chooser's order (wcxb-dev, then AEB prefixed)."""
    score = load_module(shared / "score.py", "shared_score")
    pages = []
    for name, prefix in (("wcxb-dev", ""), ("aeb", AEB_PREFIX)):
        _, docs = score.load_set(str(shared / name))
        for page in cached_examples(docs, shared / name, cache):
            if prefix:
                page = {**page, "id": prefix + page["id"], "type": "aeb"}
            pages.append(page)
    return pages


def signals(pages: list[dict]) -> np.ndarray:
    return np.array([shape_signals(p["page"], p["url"]) for p in pages])


def fit(
    x: np.ndarray, labels: np.ndarray, weight: np.ndarray | None = None
) -> dict[str, np.ndarray]:
    """A logistic regression over standardised signals, as the arrays the library reads."""
    from sklearn.linear_model import LogisticRegression

    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=C, max_iter=5000)
    model.fit((x - mean) / scale, labels, sample_weight=weight)
    return {
        "mean": mean,
        "scale": scale,
        "coef": model.coef_[0],
        "intercept": np.array(model.intercept_[0]),
        "threshold": np.array(THRESHOLD),
        "feature_names": np.array(SHAPE_NAMES),
    }


def probabilities(arrays: dict[str, np.ndarray], x: np.ndarray) -> np.ndarray:
    z = ((x - arrays["mean"]) / arrays["scale"]) @ arrays["coef"] + float(arrays["intercept"])
    return 1.0 / (1.0 + np.exp(-z))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=PROJECT_ROOT / "benchmarks/results/cache")
    parser.add_argument("--oof", type=Path, help="write each page's out-of-fold probability")
    parser.add_argument("--out", type=Path, default=ARTICLE_SHAPE_PATH)
    parser.add_argument("--no-save", action="store_true", help="report the folds only")
    args = parser.parse_args(argv)

    pages = all_examples(args.shared, args.cache)
    x = signals(pages)
    labels = np.array([p["type"] in ("article", "aeb") for p in pages])
    folds = np.array(fold_numbers(pages, None))
    oof = np.zeros(len(pages))
    for fold in sorted(set(folds.tolist())):
        held = folds == fold
        oof[held] = probabilities(fit(x[~held], labels[~held]), x[held])
    said = oof >= THRESHOLD
    untyped = np.array([not p["page"].head_typed for p in pages])
    print(
        f"{len(pages)} pages, {int(labels.sum())} articles; out of fold at {THRESHOLD}: "
        f"accuracy {np.mean(said == labels):.3f}, says article on {int(said.sum())} "
        f"({int((said & ~labels).sum())} wrong); pages whose head types nothing: "
        f"{int(untyped.sum())}, said article on {int((said & untyped).sum())} "
        f"({int((said & untyped & ~labels).sum())} wrong)"
    )
    if args.oof is not None:
        np.savez_compressed(args.oof, ids=np.array([p["id"] for p in pages]), probability=oof)
        print(f"wrote {args.oof}")
    if not args.no_save:
        arrays = fit(x, labels)
        np.savez_compressed(args.out, **arrays)
        load_article_shape(args.out)  # the file reads back as the library reads it
        print(f"saved {args.out} ({args.out.stat().st_size} bytes)")
        for name, weight in sorted(
            zip(SHAPE_NAMES, arrays["coef"], strict=True), key=lambda t: -abs(t[1])
        ):
            print(f"  {name:14s} {weight:+.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
