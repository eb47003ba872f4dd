"""Fit the page-shape article model (``articleshape.py``) out of fold, then ship it.

    python benchmarks/train_meta_model.py <the shipped flags> --twins undeclared \
        --oof-pages /tmp/meta-oof-undeclared.jsonl                # the metadata's verdicts
    python benchmarks/train_article_shape.py --meta-oof /tmp/meta-oof-undeclared.jsonl \
        --oof /tmp/shape-oof.npz [--no-save]                      # folds + shipped

Label: the gold says the page is one article (wcxb-dev's ``article`` type; every AEB page).
Signals: ``articleshape.shape_row`` of the trainer's cached examples (``train_body_model``'s,
the ladder's lines, the page's lines, the URL), so training sees what ``analyse_page`` gives
the model at run time, and ``PageEvidence``: whether the page's metadata gives a date and a
writer. The shape model is asked only of pages whose head types nothing, so that evidence is
read from each page as it would be without its JSON-LD and ``og:type`` (``markup_era``'s
``undeclared`` rewrite): on wcxb-dev, the metadata models' OUT-OF-FOLD verdicts on those twins
(``--meta-oof``: the metadata models are fitted on wcxb-dev, and their in-sample verdicts are
surer than on unseen pages); on AEB, which they never saw, the shipped models' verdicts.
Without ``--meta-oof``, the examples' own in-sample evidence (a quick look only).
The folds are the body's 5 host folds over both sets (``train_path_choice.fold_numbers``,
the same page order); ``--oof`` keeps each page's out-of-fold probability, which
``train_path_choice.py --article-shape`` reads so that the path chooser learns on the
declarations a model that never saw the page's hosts gives it.
The shipped file is the fit on all pages (deterministic: lbfgs from zeros).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.markup_era import rewritten  # noqa: E402
from benchmarks.train_body_model import (  # noqa: E402
    AEB_PREFIX,
    DEFAULT_SHARED,
    cached_examples,
    load_module,
)
from benchmarks.train_path_choice import fold_numbers  # noqa: E402
from scraper.extractor import parse_html  # noqa: E402
from scraper.extractor.articleshape import (  # noqa: E402
    ARTICLE_SHAPE_PATH,
    SHAPE_NAMES,
    PageEvidence,
    load_article_shape,
)
from scraper.extractor.body import page_evidence, shape_signals  # noqa: E402

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


def signals(pages: list[dict], evidence: dict[str, PageEvidence] | None = None) -> np.ndarray:
    """Each page's shape row; ``evidence`` by page id (default: the examples' own)."""
    return np.array(
        [
            shape_signals(p["page"], p["url"], (evidence or {}).get(p["id"], p["evidence"]))
            for p in pages
        ]
    )


def undeclared_evidence(shared: Path, meta_oof: Path) -> dict[str, PageEvidence]:
    """Each page's evidence as if its head typed nothing: wcxb-dev's twins' out-of-fold
    verdicts from ``meta_oof`` (``train_meta_model.py --twins undeclared --oof-pages``), AEB's
    from the shipped metadata on its ``undeclared`` rewrite."""
    given: dict[str, dict[str, bool]] = {}
    twin = "~undeclared"
    for line in meta_oof.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["id"].endswith(twin) and record["field"] in ("authors", "date_published"):
            given.setdefault(record["id"].removesuffix(twin), {})[record["field"]] = record["given"]
    if not given:
        raise SystemExit(
            f"{meta_oof}: no '{twin}' verdicts (run the trainer with --twins undeclared)"
        )
    out = {
        page_id: PageEvidence(
            dated=fields.get("date_published", False), signed=fields.get("authors", False)
        )
        for page_id, fields in given.items()
    }
    score = load_module(shared / "score.py", "shared_score")
    _, docs = score.load_set(str(shared / "aeb"))
    for doc in docs:
        root = parse_html(rewritten(doc["html"], "undeclared"))
        if root is not None:
            out[AEB_PREFIX + doc["id"]] = page_evidence(root, doc["url"])
    return out


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
    parser.add_argument(
        "--meta-oof",
        type=Path,
        help="train_meta_model.py --twins undeclared --oof-pages's file: the metadata's "
        "out-of-fold verdicts on each page without its head's typing (see above)",
    )
    parser.add_argument("--out", type=Path, default=ARTICLE_SHAPE_PATH)
    parser.add_argument("--no-save", action="store_true", help="report the folds only")
    args = parser.parse_args(argv)

    pages = all_examples(args.shared, args.cache)
    evidence = undeclared_evidence(args.shared, args.meta_oof) if args.meta_oof else None
    x = signals(pages, evidence)
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
