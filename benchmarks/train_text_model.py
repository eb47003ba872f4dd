"""Train the text-dump block model (``scraper/extractor/textweights.py``), host-folded.

Uses the dumps ``benchmarks/text_bench.py`` renders (lynx, lynx -nolist, w3m, inscriptis) of
the dev benchmark pages. Each block is labelled content when its word sequence occurs in the
page's gold ``articleBody`` (or most of its word trigrams do). A logistic regression (numpy,
L2, Newton steps, blocks weighted by their length since the metric counts words) is fitted;
pages are folded by host so a site's pages never sit on both sides of a split, and the
out-of-fold word F1 of the whole extractor is printed against the current shipped weights.

    python benchmarks/train_text_model.py --extra            # report out-of-fold, do not write
    python benchmarks/train_text_model.py --extra --write    # also write textweights.py

``--extra`` (how the shipped weights were fitted) adds every wcxb-dev page whose host is not in
``text_bench.py``'s report set, so that set stays pages and sites the model never saw.
``--rules`` scores changes to the selection rule out of fold (e.g. ``negative=0.7``).
``--model blend --write`` writes the logistic (``textweights.py``) and the trees averaged with it
(``text_blend.npz``, read by ``textmodel.shipped_blend``); ``--model linear --write`` leaves a
blend file in place: delete it to ship the logistic alone.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import zlib
from collections import defaultdict
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    DEFAULT_CACHE,
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)

from benchmarks.tree_arrays import boosted_tree_arrays  # noqa: E402
from scraper.extractor.textdump import extract_text  # noqa: E402
from scraper.extractor.textfeatures import FEATURE_NAMES, block_features, title_slug  # noqa: E402
from scraper.extractor.textlines import split_dump  # noqa: E402
from scraper.extractor.textmodel import (  # noqa: E402
    BLEND_PATH,
    CONTEXT_NAMES,
    TREES_PATH,
    BlendModel,
    context_rows,
    first_stage,
    tree_model,
)

WORD_RE = re.compile(r"\w+", re.UNICODE)
WEIGHTS_PATH = ROOT / "scraper" / "extractor" / "textweights.py"


def label(block_text: str, gold_joined: str, gold_trigrams: set[tuple[str, ...]]) -> int:
    words = WORD_RE.findall(block_text.lower())
    if not words:
        return 0
    if f" {' '.join(words)} " in gold_joined:
        return 1
    if len(words) >= 6:
        grams = [tuple(words[i : i + 3]) for i in range(len(words) - 2)]
        return int(sum(g in gold_trigrams for g in grams) >= 0.6 * len(grams))
    return 0


def examples(
    dump: str, gold: str, url: str | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Features, labels and word counts of one dump's blocks."""
    blocks = split_dump(dump)
    if not len(blocks):
        return np.zeros((0, len(FEATURE_NAMES))), np.zeros(0), np.zeros(0)
    gold_words = WORD_RE.findall(gold.lower())
    joined = f" {' '.join(gold_words)} "
    trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
    x = block_features(blocks, title_slug(url)).matrix
    y = np.array([label(text, joined, trigrams) for text in blocks.texts], dtype=float)
    n = np.array([len(WORD_RE.findall(text)) for text in blocks.texts], dtype=float)
    return x, within_body(y, n), n


def within_body(y: np.ndarray, n: np.ndarray) -> np.ndarray:
    """Short blocks count as content only between the first and last long content block.

    A menu item such as "Home" is found somewhere in most gold texts; outside the span of the
    body's real paragraphs such a match is chance, and training on it would teach the model
    that short navigation is content.
    """
    long_hits = np.where((y > 0) & (n >= 8))[0]
    out = np.zeros_like(y)
    if len(long_hits):
        low, high = max(0, long_hits[0] - 1), long_hits[-1] + 2
        out[low:high] = y[low:high]
    return out


def sample_weight(n: np.ndarray) -> np.ndarray:
    """Blocks count by their length (the metric counts words), short ones still a little."""
    return np.minimum(n, 60) ** 0.8 + 0.5


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = 1.0) -> np.ndarray:
    """Weighted L2 logistic regression by Newton's method (the bias is not penalised)."""
    beta = np.zeros(x.shape[1])
    penalty = np.full(x.shape[1], l2)
    penalty[0] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(x @ beta, -30, 30)))
        grad = x.T @ (w * (p - y)) + penalty * beta
        hess = (x * (w * p * (1 - p))[:, None]).T @ x + np.diag(penalty + 1e-6)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-6:
            break
    return beta


# The run's rule, picked host-folded on these pages: thresholds 0.4/0.45/0.5/0.55 gave article
# F1 0.873/0.878/0.873/0.863 (all pages 0.799/0.794/0.779/0.760); exponent 0.6-1.0 and
# keep_min 0.1-0.2 moved it by less than 0.002. With --extra (1,360 pages): negative 0.5/0.7
# (chrome inside the run made cheaper) gave articles 0.879/0.884 vs 0.889, threshold 0.4 0.880.
# 0.5 ships: at 0.45 the --extra weights run on past a share column into a "recent posts" list
# on the w3m dump of the seed page (tests/test_text_renderers.py). A cost per block (penalty)
# keeps a run from crossing a menu of near-neutral short items: 0.2/0.5/1.0 cost all pages
# 0.010/0.028/0.067 out of fold (articles 0.002/0.013/0.044); 0.05 ships with the prose-position
# features, whose model otherwise ran from a w3m fixture post's menu (the site-lines test).
RULE = {"threshold": 0.5, "exponent": 0.8, "penalty": 0.05, "keep_min": 0.1}


def context_matrix(x: np.ndarray, beta: np.ndarray) -> np.ndarray:
    """The second model's input: the block's features plus the first model's neighbourhood."""
    probs = first_stage(x, beta)
    return np.hstack([x, context_rows(probs).reshape(len(x), -1)])


def tune(items: list, l2: float, stages: int) -> tuple[np.ndarray, np.ndarray]:
    """Fit the block model, then (two stages) the context model on its in-sample verdicts.

    Host-folded, the second stage did not beat the first alone (article F1 0.868 vs 0.873), so
    one stage ships; the context model is kept here to be re-tried with new features.
    """
    usable = [it for it in items if len(it[5])]
    y = np.concatenate([it[5] for it in usable])
    w = np.concatenate([sample_weight(it[6]) for it in usable])
    beta = fit(np.vstack([it[4] for it in usable]), y, w, l2)
    if stages == 1:
        return beta, np.zeros(len(FEATURE_NAMES) + len(CONTEXT_NAMES))
    context = fit(np.vstack([context_matrix(it[4], beta) for it in usable]), y, w, l2)
    return beta, context


# Boosted trees (``--model trees``): few and shallow, so scoring a dump's blocks stays a
# handful of array gathers. No early stopping and a fixed seed: training is deterministic.
TREE_PARAMS = {  # what text_blend.npz ships (round twenty-three): 20 trees at 0.4
    "max_iter": 20,
    "max_depth": 4,
    "max_leaf_nodes": 12,
    "learning_rate": 0.4,
    "l2_regularization": 1.0,
    "min_samples_leaf": 40,
    "early_stopping": False,
    "random_state": 0,
}


def fit_trees(items: list) -> dict[str, np.ndarray]:
    """Fit the boosted trees on the items' blocks; their arrays, as shipped."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    usable = [it for it in items if len(it[5])]
    x = np.vstack([it[4] for it in usable])
    y = np.concatenate([it[5] for it in usable])
    w = np.concatenate([sample_weight(it[6]) for it in usable])
    model = HistGradientBoostingClassifier(**TREE_PARAMS)
    model.fit(x.astype(np.float32), y, sample_weight=w)
    return {**boosted_tree_arrays(model), "feature_names": np.array(FEATURE_NAMES)}


BLOCK_MODELS = ("linear", "trees", "blend")


def block_model(training: list, l2: float, kind: str = "linear") -> dict[str, object]:
    """A block model fitted on ``training``'s items, as ``extract_text``/``find_body`` keyword
    arguments: ``weights`` for the logistic (one stage), ``trees`` for the trees or the blend.
    The stacked trainers (runs, edges, the cut and decoder collects) call it per host fold."""
    if kind == "trees":
        return {"trees": tree_model(fit_trees(training))}
    beta = list(tune(training, l2, 1)[0])
    if kind == "blend":
        return {"trees": BlendModel(beta, tree_model(fit_trees(training)))}
    return {"weights": beta}


def extra_items(
    bench_dir: Path = DEFAULT_BENCH_DIR,
    cache: Path = DEFAULT_CACHE,
    sample: int = 400,
    seed: int = 14,
    folds: int = 5,
) -> list[tuple]:
    """``--extra``'s training items: (fold, doc, renderer, dump, x, y, n), host-folded."""
    docs = load_docs(bench_dir, "aeb", 0, seed)
    docs += load_docs(bench_dir, "wcxb-dev", sample, seed)
    report_ids, report_hosts = report_selection(bench_dir, train_sample=sample)
    taken = frozenset(report_ids | {doc["id"] for doc in docs})
    more = load_docs(bench_dir, "wcxb-dev", 0, seed, taken)
    docs += [doc for doc in more if host_of(doc["url"]) not in report_hosts]
    items = []
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % folds
        for renderer in available_renderers(RENDERERS):
            dump = rendered(cache, renderer, doc)
            if dump is not None:
                items.append((fold, doc, renderer, dump, *examples(dump, doc["gold"], doc["url"])))
    return items


def fold_block_models(
    kind: str, path: Path | None = None, folds: int = 5, l2: float = 1.0
) -> dict[int | str, dict[str, object]]:
    """Per host fold (crc32 of the host, as ``--extra``), the block model fitted on the other
    folds' ``--extra`` items, and under "all" on every item (the shipped fit): what the
    stacked collects score each training dump with, so the later stages learn from verdicts as
    uncertain as the ones new sites get. Kept as plain arrays in ``path`` (a pickle) once fitted.
    """
    import pickle

    if path is not None and path.exists():
        raw = pickle.loads(path.read_bytes())
    else:
        items = extra_items(folds=folds)
        raw = {}
        for fold in (*range(folds), "all"):
            training = [it for it in items if it[0] != fold]
            beta = tune(training, l2, 1)[0] if kind != "trees" else None
            arrays = fit_trees(training) if kind != "linear" else None
            raw[fold] = (beta, arrays)
            print(f"block model {kind} fold {fold} fitted", file=sys.stderr)
        if path is not None:
            path.write_bytes(pickle.dumps(raw))
    models: dict[int | str, dict[str, object]] = {}
    for fold, (beta, arrays) in raw.items():
        if kind == "linear":
            models[fold] = {"weights": list(beta)}
        elif kind == "trees":
            models[fold] = {"trees": tree_model(arrays)}
        else:
            models[fold] = {"trees": BlendModel(list(beta), tree_model(arrays))}
    return models


def ranker_block() -> str:
    """The stretch ranker's part of the weights file, kept as it is (train_text_runs.py's)."""
    text = WEIGHTS_PATH.read_text(encoding="utf-8")
    at = text.find("\n# The stretch ranker")
    return text[at:] if at >= 0 else ""


def add_data_args(parser: argparse.ArgumentParser) -> None:
    """The options every text trainer shares: where the pages and their dumps are, which
    pages (sample, seed), how many host folds, and the block model's L2."""
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE)
    parser.add_argument("--sample", type=int, default=400)
    parser.add_argument("--seed", type=int, default=14)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--l2", type=float, default=1.0, help="block model's L2")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_args(parser)
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--no-folds", action="store_true", help="fit on all pages only")
    parser.add_argument("--only-fold", type=int, help="score this one fold only (a quick check)")
    parser.add_argument(
        "--extra",
        action="store_true",
        help="also train on every other wcxb-dev page whose host is not in text_bench.py's "
        "report set (that set stays unseen: its pages and sites)",
    )
    parser.add_argument(
        "--without",
        default="",
        help="also fit and score (out of fold) a linear model without these features "
        "(comma list of FEATURE_NAMES): what they add",
    )
    parser.add_argument("--stages", type=int, choices=(1, 2), default=1)
    parser.add_argument("--model", choices=BLOCK_MODELS, default="linear")
    parser.add_argument(
        "--thresholds", default="", help="also score these selection thresholds (comma list)"
    )
    parser.add_argument(
        "--rules",
        default="",
        help="also score these selection rules: ';'-separated key=value,... changes to RULE "
        "(e.g. 'negative=0.5;negative=0.7,threshold=0.4')",
    )
    args = parser.parse_args(argv)
    thresholds = [float(t) for t in args.thresholds.split(",") if t]
    variants = {f"t={value}": {**RULE, "threshold": value} for value in thresholds}
    for text in filter(None, args.rules.split(";")):
        change = {k: float(v) for k, v in (item.split("=") for item in text.split(","))}
        variants[text] = {**RULE, **change}

    renderers = available_renderers(RENDERERS)
    docs = load_docs(args.bench_dir, "aeb", 0, args.seed)
    docs += load_docs(args.bench_dir, "wcxb-dev", args.sample, args.seed)  # text_bench leaves out
    if args.extra:
        report_ids, report_hosts = report_selection(args.bench_dir, train_sample=args.sample)
        taken = frozenset(report_ids | {doc["id"] for doc in docs})
        more = load_docs(args.bench_dir, "wcxb-dev", 0, args.seed, taken)
        docs += [doc for doc in more if host_of(doc["url"]) not in report_hosts]
    items = []  # (fold, doc, renderer, dump, x, y, w)
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % args.folds
        for renderer in renderers:
            dump = rendered(args.cache, renderer, doc)
            if dump is None:
                continue
            x, y, w = examples(dump, doc["gold"], doc["url"])
            items.append((fold, doc, renderer, dump, x, y, w))
    print(f"{len(items)} dumps of {len(docs)} pages", file=sys.stderr)

    dropped = [FEATURE_NAMES.index(name) for name in filter(None, args.without.split(","))]
    keep_columns = np.ones(len(FEATURE_NAMES))
    keep_columns[dropped] = 0.0
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    folds = range(0 if args.no_folds else args.folds)
    for fold in folds if args.only_fold is None else [args.only_fold]:
        training = [it for it in items if it[0] != fold]
        if args.model != "linear":
            model = block_model(training, args.l2, args.model)
        else:
            beta, context = tune(training, args.l2, args.stages)
            model = {"weights": list(beta), "context_weights": list(context)}
        reduced = None
        if dropped:
            masked = [(*it[:4], it[4] * keep_columns, *it[5:]) for it in training]
            reduced = list(tune(masked, args.l2, 1)[0])
        for _, doc, renderer, dump, *_ in (it for it in items if it[0] == fold):
            learned = extract_text(dump, doc["url"], selection=RULE, **model).text
            shipped = extract_text(dump, doc["url"]).text
            preds = [("learned", learned), ("shipped", shipped), ("whole", dump)]
            if reduced is not None:
                pred = extract_text(dump, doc["url"], selection=RULE, weights=reduced).text
                preds.append(("without", pred))
            for name, rule in variants.items():
                preds.append((name, extract_text(dump, doc["url"], selection=rule, **model).text))
            for name, pred in preds:
                f1 = word_f1(doc["gold"], pred)
                scores[renderer][name].append(f1)
                scores["ALL"][name].append(f1)
                scores[f"type {doc['page_type']}"][name].append(f1)
                if doc["page_type"] == "article":
                    scores["ALL articles"][name].append(f1)
    print("out-of-fold word F1 (host-folded)")
    names = ["whole", "shipped", "learned", *(["without"] if dropped else []), *variants]
    print("| renderer | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for renderer, cells in scores.items():
        n = len(cells["learned"])
        row = " | ".join(f"{mean(cells[k]):.3f}" for k in names)
        print(f"| {renderer} | {n} | {row} |")

    if args.model == "trees":
        if args.write:
            np.savez_compressed(TREES_PATH, **fit_trees(items))
            WEIGHTS_PATH.write_text(
                WEIGHTS_PATH.read_text(encoding="utf-8").split("SELECTION")[0]
                + "SELECTION: dict[str, float] = "
                + json.dumps(RULE)
                + "\n"
                + ranker_block(),
                encoding="utf-8",
            )
            print(f"wrote {TREES_PATH}", file=sys.stderr)
        return 0

    beta, context = tune(items, args.l2, args.stages)
    if args.model == "blend" and args.write:
        np.savez_compressed(BLEND_PATH, **fit_trees(items))
        print(f"wrote {BLEND_PATH}", file=sys.stderr)
    lines = [f'    "{name}": {value:.4f},' for name, value in zip(FEATURE_NAMES, beta, strict=True)]
    names = (*FEATURE_NAMES, *CONTEXT_NAMES)
    second = [
        f'    "{name}": {value:.4f},' for name, value in zip(names, context, strict=True) if value
    ]
    print("\n".join(lines + second))
    if args.write:
        WEIGHTS_PATH.write_text(
            '"""Weights of the text-dump block model, written by benchmarks/train_text_model.py.'
            '"""\n\nWEIGHTS: dict[str, float] = {\n'
            + "\n".join(lines)
            + "\n}\n\nCONTEXT_WEIGHTS: dict[str, float] = "
            + ("{\n" + "\n".join(second) + "\n}" if second else "{}")
            + "\n\nSELECTION: dict[str, float] = "
            + json.dumps(RULE)
            + "\n"
            + ranker_block(),
            encoding="utf-8",
        )
        print(f"wrote {WEIGHTS_PATH}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
