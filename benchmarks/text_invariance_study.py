"""Renderer invariance of the block model: which features shift between renderers, and does
dropping or normalizing them per dump help the renderers no model trained on?

    python benchmarks/text_invariance_study.py collect [--cache C]  # items pickle (1 GB), ~5 min
    python benchmarks/text_invariance_study.py shift                # feature shift per renderer
    python benchmarks/text_invariance_study.py screen --variants base,no-layout [--aeb-folds]
    python benchmarks/text_invariance_study.py blocks --variants base,no-layout  # block LL, AUC

``collect`` computes ``train_text_model.examples`` for every training page (``--extra``'s: aeb
and the wcxb-dev pages outside the report's hosts) in every renderer, trained and held out
(``text_bench.HELD_OUT``), and pickles them. ``shift`` prints, per feature, the word-weighted
mean of body blocks and of other blocks in each renderer, in units of the feature's pooled
standard deviation: a feature whose means move between renderings of the same pages is one an
unseen layout can break. ``screen`` fits the blend block model (logistic + 20 trees, as
shipped) on the four trained renderers with each variant's matrix transform, then runs the
whole extractor (later stages as shipped, reading the untransformed matrix) on the report set
in every renderer; ``--aeb-folds`` also scores aeb per host fold (block model out of fold).
A variant is a transform of a dump's block matrix (``VARIANTS``): columns zeroed (the model
then ignores them: the logistic's weight is 0 under L2, no tree splits on a constant) or
normalized against the dump's own blocks; ``augment`` adds a randomly flattened copy of
each training dump instead (``_flattened``). ``blocks``: block-level log loss and AUC per
renderer, each host fold's blocks scored by the other folds' model. Round twenty-five
(text39): no variant gained (benchmarks/README.md).
"""

from __future__ import annotations

import argparse
import pickle
import sys
import zlib
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    HELD_OUT,
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)
from text_renderer_loo import training_docs  # noqa: E402
from train_text_model import RULE, block_model, examples  # noqa: E402

from scraper import extract_text  # noqa: E402
from scraper.extractor.textfeatures import FEATURE_NAMES  # noqa: E402

ITEMS = Path("/tmp/text39-items.pkl")
COL = {name: index for index, name in enumerate(FEATURE_NAMES)}
Transform = Callable[[np.ndarray], np.ndarray]


def _zeroed(*names: str) -> Transform:
    """The matrix with these columns set to 0 (a model fitted on it ignores them)."""
    columns = [COL[name] for name in names]

    def transform(x: np.ndarray) -> np.ndarray:
        out = x.copy()
        out[:, columns] = 0.0
        return out

    return transform


def _long_median(x: np.ndarray, column: int) -> float:
    """The column's median over the dump's longer blocks (8+ words), else over all."""
    long = x[:, COL["log_words"]] >= np.log1p(8)
    values = x[long, column] if long.any() else x[:, column]
    return float(np.median(values)) if len(values) else 0.0


def _centered(*names: str) -> Transform:
    """Each column minus its median over the dump's long blocks: the dump's own layout (its
    paragraph indent, wrap width) is the zero, so a block reads as indented or wrapped more
    or less than the dump's prose, whatever the renderer's habits."""
    columns = [COL[name] for name in names]

    def transform(x: np.ndarray) -> np.ndarray:
        out = x.copy()
        for column in columns:
            out[:, column] -= _long_median(x, column)
        return out

    return transform


def _lines_per_words(x: np.ndarray) -> np.ndarray:
    """``lines`` as lines per 12 words over the dump's median for long blocks: wrap width out."""
    out = x.copy()
    lines = np.expm1(x[:, COL["lines"]])
    words = np.expm1(x[:, COL["log_words"]])
    rate = lines / np.maximum(words, 1.0)
    long = words >= 8
    base = float(np.median(rate[long])) if long.any() else float(np.median(rate))
    out[:, COL["lines"]] = np.log1p(rate / max(base, 1e-6)) if base > 0 else 0.0
    return out


def _chain(*transforms: Transform) -> Transform:
    def transform(x: np.ndarray) -> np.ndarray:
        for step in transforms:
            x = step(x)
        return x

    return transform


LAYOUT = ("indent", "group_size", "lines")
BULLETS = ("bullet", "prev_bullet", "next_bullet")
LINKS = ("linked", "link_density", "window_linked")
VARIANTS: dict[str, Transform | None] = {
    "base": None,
    "no-indent": _zeroed("indent"),
    "no-lines": _zeroed("lines"),
    "no-group": _zeroed("group_size"),
    "augment": None,  # training dumps plus a randomly flattened copy of each (``_flattened``)
    "no-layout": _zeroed(*LAYOUT),
    "no-bullets": _zeroed(*BULLETS),
    "no-links": _zeroed(*LINKS),
    "center-indent": _centered("indent"),
    "center-layout": _centered(*LAYOUT),
    "lines-rate": _lines_per_words,
    "center-indent-group": _centered("indent", "group_size"),
    "center-layout+rate": _chain(_centered("indent", "group_size"), _lines_per_words),
}


def _flattened(x: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One training dump's matrix as a plainer renderer might have laid it out: each of its
    indentation, wrapping, bullets and link marks removed with even odds (domain
    randomization: the model cannot lean on one layout's cue being there)."""
    out = x.copy()
    if rng.random() < 0.5:  # no indentation
        out[:, COL["indent"]] = 0.0
    if rng.random() < 0.5:  # no wrapping: every block one line
        out[:, COL["lines"]] = np.log1p(1.0)
    if rng.random() < 0.5:  # no bullet glyphs (a missing neighbour still counts as one)
        out[:, [COL[name] for name in BULLETS]] = 0.0
        out[0, COL["prev_bullet"]] = out[-1, COL["next_bullet"]] = 1.0
    if rng.random() < 0.5:  # no link marks
        out[:, [COL[name] for name in LINKS]] = 0.0
    return out


AUGMENTED = ("augment",)


class Transformed:
    """A block model reading the transformed matrix; the later stages keep the raw one."""

    def __init__(self, model: object, transform: Transform) -> None:
        self.model = model
        self.transform = transform

    def scores(self, features: np.ndarray) -> np.ndarray:
        return self.model.scores(np.ascontiguousarray(self.transform(features)))


def collect(cache: Path, bench_dir: Path) -> int:
    every = available_renderers((*RENDERERS, *HELD_OUT))
    items = []
    for doc in training_docs(bench_dir):
        fold = zlib.crc32(host_of(doc["url"]).encode()) % 5
        for renderer in every:
            dump = rendered(cache, renderer, doc)
            if dump is not None:
                x, y, n = examples(dump, doc["gold"], doc["url"])
                items.append((fold, doc["id"], doc["set"], renderer, x, y, n))
    ITEMS.write_bytes(pickle.dumps(items))
    print(f"{len(items)} dumps -> {ITEMS}", file=sys.stderr)
    return 0


def shift() -> int:
    """Per feature and renderer: word-weighted means of body and other blocks (pooled sd units)."""
    items = pickle.loads(ITEMS.read_bytes())
    renderers = [r for r in (*RENDERERS, *HELD_OUT) if any(it[3] == r for it in items)]
    # the same pages in every renderer: only pages every renderer rendered
    have = defaultdict(set)
    for it in items:
        have[it[1]].add(it[3])
    pages = {page for page, rs in have.items() if len(rs) == len(renderers)}
    by = {r: [it for it in items if it[3] == r and it[1] in pages] for r in renderers}
    allx = np.vstack([it[4] for it in items if it[1] in pages])
    sd = allx.std(axis=0) + 1e-9
    print(f"{len(pages)} pages in all {len(renderers)} renderers; means in pooled sd units")
    print("| feature | class | " + " | ".join(renderers) + " | spread |")
    print("|---|---|" + "---|" * (len(renderers) + 1))
    rows = []
    for name, column in COL.items():
        if name == "bias":
            continue
        for label, want in (("body", 1.0), ("other", 0.0)):
            means = []
            for r in renderers:
                x = np.vstack([it[4] for it in by[r]])
                y = np.concatenate([it[5] for it in by[r]])
                w = np.concatenate([np.minimum(it[6], 60) ** 0.8 + 0.5 for it in by[r]])
                pick = y == want
                means.append(float(np.average(x[pick, column], weights=w[pick])) / sd[column])
            rows.append((max(means) - min(means), name, label, means))
    for spread, name, label, means in sorted(rows, reverse=True):
        cells = " | ".join(f"{m:.2f}" for m in means)
        print(f"| {name} | {label} | {cells} | {spread:.2f} |")
    return 0


def blocks(names: list[str]) -> int:
    """Block level, out of fold: each fold's blend (trained renderers of the other folds) scores
    that fold's blocks in every renderer: word-weighted log loss and AUC per renderer."""
    from sklearn.metrics import roc_auc_score

    items = pickle.loads(ITEMS.read_bytes())
    every = [r for r in (*RENDERERS, *HELD_OUT) if any(it[3] == r for it in items)]
    rows = [(it[0], it[1], it[3], it[2], it[4], it[5], it[6]) for it in items if len(it[5])]
    print("| variant | pages | measure | " + " | ".join(every) + " |")
    print("|---|---|---|" + "---|" * len(every))
    for name in names:
        transform = VARIANTS[name]
        got: dict[str, list] = defaultdict(list)
        for fold in range(5):
            train = [it for it in rows if it[0] != fold and it[2] in RENDERERS]
            model = fit_variant(train, transform, name)["trees"]
            for it in rows:
                if it[0] == fold:
                    got[it[2]].append((model.scores(np.ascontiguousarray(it[4])), *it[5:], it[3]))
        for pages in ("all", "aeb"):
            cells = {"LL": [], "AUC": []}
            for r in every:
                keep = [g for g in got[r] if pages == "all" or g[3] == "aeb"]
                p = np.clip(np.concatenate([g[0] for g in keep]), 1e-6, 1 - 1e-6)
                y = np.concatenate([g[1] for g in keep])
                w = np.concatenate([np.minimum(g[2], 60) ** 0.8 + 0.5 for g in keep])
                ll = -np.average(y * np.log(p) + (1 - y) * np.log(1 - p), weights=w)
                cells["LL"].append(f"{ll:.4f}")
                cells["AUC"].append(f"{roc_auc_score(y, p, sample_weight=w):.4f}")
            for measure, values in cells.items():
                print(f"| {name} | {pages} | {measure} | " + " | ".join(values) + " |", flush=True)
    return 0


def fit_variant(items: list, transform: Transform | None, name: str = "") -> dict[str, object]:
    if name in AUGMENTED:
        rng = np.random.default_rng(39)
        items = items + [(*it[:4], _flattened(it[4], rng), *it[5:]) for it in items if len(it[4])]
    if transform is not None:
        items = [(*it[:4], transform(it[4]), *it[5:]) for it in items]
    model = block_model(items, 1.0, "blend")
    if transform is not None:
        model = {"trees": Transformed(model["trees"], transform)}
    return model


def screen(
    cache: Path, bench_dir: Path, names: list[str], aeb: bool, limit: int, skip_report: bool
) -> int:
    every = available_renderers((*RENDERERS, *HELD_OUT))
    items = pickle.loads(ITEMS.read_bytes())
    # train_text_model's item layout: (fold, doc, renderer, dump, x, y, n)
    trained = [(it[0], it[1], it[3], None, it[4], it[5], it[6]) for it in items]
    trained = [it for it in trained if it[2] in RENDERERS]
    if limit:
        keep = sorted({it[1] for it in trained})[:: max(1, len({it[1] for it in trained}) // limit)]
        keep_set = set(keep)
        trained = [it for it in trained if it[1] in keep_set]
    ids, _ = report_selection(bench_dir)
    report = [d for d in load_docs(bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids]
    aeb_docs = load_docs(bench_dir, "aeb", 0, 14) if aeb else []
    dumps = {(doc["id"], r): rendered(cache, r, doc) for doc in report + aeb_docs for r in every}
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    for name in names:
        transform = VARIANTS[name]
        if not skip_report:
            model = fit_variant(trained, transform, name)
            for doc in report:
                for r in every:
                    dump = dumps[(doc["id"], r)]
                    if dump is None:
                        continue
                    text = extract_text(dump, doc["url"], selection=RULE, **model).text
                    f1 = word_f1(doc["gold"], text)
                    scores[(name, r, "all")].append(f1)
                    if doc["page_type"] == "article":
                        scores[(name, r, "articles")].append(f1)
        for fold in range(5) if aeb else ():
            model = fit_variant([it for it in trained if it[0] != fold], transform, name)
            for doc in aeb_docs:
                if zlib.crc32(host_of(doc["url"]).encode()) % 5 != fold:
                    continue
                for r in every:
                    dump = dumps[(doc["id"], r)]
                    if dump is not None:
                        text = extract_text(dump, doc["url"], selection=RULE, **model).text
                        scores[(name, r, "aeb")].append(word_f1(doc["gold"], text))
        print(f"scored: {name}", file=sys.stderr, flush=True)
        print_table(scores, names[: names.index(name) + 1], every)
    return 0


def print_table(scores: dict, names: list[str], every: list[str]) -> None:
    for group in ("all", "articles", "aeb"):
        if not any(scores.get((n, every[0], group)) for n in names):
            continue
        print(f"\n{group}: word F1 (* held out); trained mean / held-out mean")
        heads = " | ".join(r + ("*" if r in HELD_OUT else "") for r in every)
        print(f"| variant | {heads} | trained | held out |")
        print("|---|" + "---|" * (len(every) + 2))
        for n in names:
            cells = [mean(scores[(n, r, group)]) for r in every]
            tr = mean(c for c, r in zip(cells, every, strict=True) if r in RENDERERS)
            ho = [c for c, r in zip(cells, every, strict=True) if r in HELD_OUT]
            line = " | ".join(f"{c:.4f}" for c in cells)
            print(f"| {n} | {line} | {tr:.4f} | {mean(ho) if ho else 0:.4f} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("phase", choices=("collect", "shift", "screen", "blocks"))
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/scraper-text-bench"))
    parser.add_argument("--variants", default="base", help=f"comma list of {', '.join(VARIANTS)}")
    parser.add_argument("--aeb-folds", action="store_true", help="aeb per host fold as well")
    parser.add_argument("--no-report", action="store_true", help="aeb folds only")
    parser.add_argument("--limit", type=int, default=0, help="training pages (0: all)")
    args = parser.parse_args(argv)
    if args.phase == "collect":
        return collect(args.cache, args.bench_dir)
    if args.phase == "shift":
        return shift()
    names = args.variants.split(",")
    if args.phase == "blocks":
        return blocks(names)
    return screen(args.cache, args.bench_dir, names, args.aeb_folds, args.limit, args.no_report)


if __name__ == "__main__":
    raise SystemExit(main())
