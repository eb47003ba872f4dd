"""Study: block trees trained also on older-markup twins of the dev pages (``markup_era``).

``markup_era.py`` found AEB's body F1 falling on the dev pages rewritten as older pages are
written (HTML5 sections as ``div``, no head data, paragraphs as ``<br>`` runs). Part of that is
the block model's: its features read the sections' tags. Would the trees hold better if they
also learned from each training page's twin rewritten so (``--rewrite``, a ``markup_era``
rewrite name)? Main's protocol: the trainer's examples and labels (``--aeb train --labels
consume-ladder``), its 5 host folds over both sets (decided on the pages, a twin always in its
page's fold), ``choose`` on the held-out pages and on their twins, for trees fitted on the
training pages alone (main) and on them with their twins.

    python benchmarks/markup_augment_study.py --rewrite old_page
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.markup_era import REWRITES, rewritten  # noqa: E402
from benchmarks.train_body_model import (  # noqa: E402
    AEB_PREFIX,
    DEFAULT_SHARED,
    FOLDS,
    KEEP_THRESHOLD,
    as_tree_model,
    both_tables,
    build_examples,
    cache_key,
    cached_examples,
    export,
    fit,
    load_module,
    relabel,
    reweight,
    write_pickle,
)


def twins(docs: list[dict], set_dir: Path, rewrite: str, cache: Path) -> list[dict]:
    """The examples of each page rewritten by ``rewrite``, cached beside the trainer's."""
    path = cache / f"markup-twins-{rewrite}-{set_dir.name}-{cache_key(set_dir)}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            return pickle.load(handle)
    pages = build_examples([{**doc, "html": rewritten(doc["html"], rewrite)} for doc in docs])
    write_pickle(path, pages)
    return pages


def load(shared: Path, cache: Path, rewrite: str) -> tuple[list[dict], list[dict]]:
    """Both sets' pages and their twins, in the trainer's order, AEB's ids prefixed."""
    score = load_module(shared / "score.py", "shared_score")
    pages, doubles = [], []
    for name in ("wcxb-dev", "aeb"):
        set_dir = shared / name
        _, docs = score.load_set(str(set_dir))
        found = cached_examples(docs, set_dir, cache)
        twin_by_id = {p["id"]: p for p in twins(docs, set_dir, rewrite, cache)}
        for page in found:
            twin = twin_by_id.get(page["id"])
            if twin is None:
                continue
            if name == "aeb":
                page = {**page, "id": AEB_PREFIX + page["id"], "type": "aeb"}
                twin = {**twin, "type": "aeb"}
            pages.append(page)
            doubles.append({**twin, "id": page["id"] + "~twin", "domain": page["domain"]})
    return pages, doubles


def main(argv: list[str] | None = None) -> int:
    from sklearn.model_selection import GroupKFold

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=PROJECT_ROOT / "benchmarks/results/cache")
    parser.add_argument("--rewrite", choices=REWRITES, default="old_page")
    parser.add_argument(
        "--twin-weight", type=float, default=1.0, help="the twins' line weights, times this"
    )
    args = parser.parse_args(argv)

    score = load_module(args.shared / "score.py", "shared_score")
    pages, doubles = load(args.shared, args.cache, args.rewrite)
    for group in (pages, doubles):
        relabel(group, "consume-ladder")
        reweight(group, "words")
    for twin in doubles:
        twin["w"] = twin["w"] * args.twin_weight
    print(f"{len(pages)} pages and their twins ({args.rewrite}, x{args.twin_weight})", flush=True)
    groups = [p["domain"] for p in pages]
    scores: dict[str, dict[str, np.ndarray]] = {"main": {}, "with twins": {}}
    splits = GroupKFold(n_splits=FOLDS).split(pages, groups=groups)
    for number, (train, test) in enumerate(splits, start=1):
        trained = [pages[i] for i in train]
        with_twins = trained + [doubles[i] for i in train]
        for name, pool in (("main", trained), ("with twins", with_twins)):
            model = as_tree_model(export(fit(pool), KEEP_THRESHOLD))
            for i in test:
                for p in (pages[i], doubles[i]):
                    scores[name][p["id"]] = model.scores(p["X"])
        print(f"fold {number} done", flush=True)
    for name, found in scores.items():
        for condition, group in (("as is", pages), (args.rewrite, doubles)):
            shown = "  ".join(f"{k} {v:.4f}" for k, v in both_tables(score, group, found).items())
            print(f"trees {name:10s} on pages {condition:10s} {shown}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
