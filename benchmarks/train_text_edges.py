"""Train the text-dump edge model (``scraper/extractor/textedgeweights.py``), host-folded.

Stacked on the block model: every training dump is scored by a block model fitted on the
other folds' hosts (``train_text_model.py``'s fit, same pages and labels), its body chosen as
the extractor does, and each block near the body's edges (first and last kept blocks, blocks
just past the end) becomes an example labelled by the gold text. Per fold, a cue word list
(words of headings between an edge block and the body's core, and of short edge blocks, with
their smoothed log-odds of marking non-body text; only words seen on many hosts) and a
logistic model are fitted on the other folds and the whole extractor is scored on the fold:
the out-of-fold word F1 with and without the edge model, same block model.

    python benchmarks/train_text_edges.py            # report out of fold, do not write
    python benchmarks/train_text_edges.py --write    # also write textedgeweights.py
    # as shipped (round ten: head/tail zones of 24 blocks, textedges.ZONE, 32 past the end,
    # AFTER_ZONE; three rounds; the edge rows read the block model's placing columns):
    python benchmarks/train_text_edges.py --state /tmp/edges.pkl --per-side \
        --thresholds 0.4 --cuts 0.3 --rounds 3 --zone 24 --write
    # stacked on the blend block model (``--model blend``; train_text_model.py --model blend)
"""

from __future__ import annotations

import argparse
import json
import pickle
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
    RENDERERS,
    available_renderers,
    host_of,
    load_docs,
    rendered,
    report_selection,
    word_f1,
)
from train_text_model import (  # noqa: E402
    BLOCK_MODELS,
    RULE,
    add_data_args,
    block_model,
    examples,
    fit,
    fold_block_models,
    sample_weight,
)

from scraper.extractor import textedges  # noqa: E402
from scraper.extractor.textdump import edge_inputs  # noqa: E402
from scraper.extractor.textedges import (  # noqa: E402
    EDGE_FEATURE_NAMES,
    SIDES,
    EdgeModel,
    apply_edges,
    edge_cue_tokens,
    edge_design,
    edge_probabilities,
    edge_rows,
)

WEIGHTS_PATH = ROOT / "scraper" / "extractor" / "textedgeweights.py"
MIN_HOSTS = 20  # a cue word must be seen on this many hosts' edge blocks
MAX_CUES = 300
SMOOTHING = 2.0


def learn_cues(items: list, min_hosts: int = MIN_HOSTS) -> dict[str, float]:
    """Word -> smoothed log-odds that an edge block it cues is not body text (positive only)."""
    counts: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0])
    hosts: dict[str, set[str]] = defaultdict(set)
    totals = [0.0, 0.0]
    for item in items:
        for index, tokens in item["tokens"]:
            gold = int(item["y"][index] > 0)
            totals[gold] += 1
            for word in tokens:
                counts[word][gold] += 1
                hosts[word].add(item["host"])
    prior = np.log((totals[0] + SMOOTHING) / (totals[1] + SMOOTHING))
    scored = {}
    for word, (bad, good) in counts.items():
        if len(hosts[word]) < min_hosts:
            continue
        odds = np.log((bad + SMOOTHING) / (good + SMOOTHING)) - prior
        if odds > 0.5:
            scored[word] = (float(min(odds, 4.0)), bad + good)
    best = sorted(scored, key=lambda w: -scored[w][0] * np.sqrt(scored[w][1]))[:MAX_CUES]
    return {word: round(scored[word][0], 3) for word in sorted(best)}


def rows_of(
    item: dict, cues: dict[str, float], per_side: bool = False
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    indices, sides, rows = edges_of(item, cues)
    rows = edge_design(rows, sides, per_side)
    y = item["y"][indices] if indices else np.zeros(0)
    n = item["inputs"].words[indices].astype(float) if indices else np.zeros(0)
    return rows, y, n


def edges_of(
    item: dict, cues: dict[str, float], keep: list[int] | None = None
) -> tuple[list[int], list[int], np.ndarray]:
    inputs = item["inputs"]
    return edge_rows(inputs.blocks, inputs.keep if keep is None else keep, inputs.limit, cues)


def body_text(item: dict, model: EdgeModel | None, oracle: bool = False) -> str:
    """The body the extractor gives with this edge model (as ``textdump._decide_edges``)."""
    inputs = item["inputs"]
    if inputs is None:
        return ""
    keep = inputs.keep
    for _ in range(model.rounds if model is not None and keep else 0):
        indices, sides, rows = edges_of(item, dict(model.cues), keep)
        if not indices:
            break
        q = edge_probabilities(model, rows, sides)
        if oracle:  # the gold labels for the model's verdicts: what edges alone could give
            q = item["y"][indices]
        moved = apply_edges(
            keep, indices, sides, q, inputs.words, model.threshold, inputs.chrome, model.cut
        )
        if moved == keep:
            break
        keep = moved
    return "\n".join(inputs.texts[i] for i in keep)


def fit_edges(
    items: list, l2: float, threshold: float, min_hosts: int = MIN_HOSTS, per_side: bool = False
) -> EdgeModel:
    cues = learn_cues(items, min_hosts)
    parts = [rows_of(item, cues, per_side) for item in items if item["inputs"] is not None]
    x = np.vstack([p[0] for p in parts if len(p[0])])
    y = np.concatenate([p[1] for p in parts])
    w = np.concatenate([sample_weight(p[2]) for p in parts])
    return EdgeModel(fit(x, y, w, l2), cues, threshold)


def stacked_items(args: argparse.Namespace) -> list[dict]:
    """Every training dump with its out-of-fold block model's body and labels."""
    renderers = available_renderers(RENDERERS)
    docs = load_docs(args.bench_dir, "aeb", 0, args.seed)
    docs += load_docs(args.bench_dir, "wcxb-dev", args.sample, args.seed)
    report_ids, report_hosts = report_selection(args.bench_dir, train_sample=args.sample)
    taken = frozenset(report_ids | {doc["id"] for doc in docs})
    more = load_docs(args.bench_dir, "wcxb-dev", 0, args.seed, taken)
    docs += [doc for doc in more if host_of(doc["url"]) not in report_hosts]
    if args.limit:
        docs = docs[: args.limit]
    items = []
    for doc in docs:
        fold = zlib.crc32(host_of(doc["url"]).encode()) % args.folds
        for renderer in renderers:
            dump = rendered(args.cache, renderer, doc)
            if dump is None:
                continue
            x, y, w = examples(dump, doc["gold"], doc["url"])
            items.append(
                {
                    "fold": fold,
                    "doc": doc,
                    "renderer": renderer,
                    "dump": dump,
                    "host": host_of(doc["url"]),
                    "y": y,
                    "model_rows": (fold, doc, renderer, dump, x, y, w),
                }
            )
    print(f"{len(items)} dumps of {len(docs)} pages", file=sys.stderr)

    block_models: dict = {}
    if args.fold_models:  # kept per-fold models (train_text_model.fold_block_models)
        block_models = fold_block_models(args.model, args.fold_models, args.folds)
    for fold in range(args.folds if not block_models else 0):  # fitted on the other folds
        training = [it["model_rows"] for it in items if it["fold"] != fold]
        block_models[fold] = block_model(training, 1.0, args.model)
    for item in items:  # out-of-fold block probabilities, the body before the edge model
        model = block_models[item["fold"]]
        inputs = edge_inputs(item["dump"], item["doc"]["url"], selection=RULE, **model)
        item["inputs"] = inputs
    print("block models and bodies ready", file=sys.stderr)
    for item in items:
        item.pop("model_rows")
        item["dump"] = None
        item["doc"] = {key: item["doc"][key] for key in ("id", "url", "gold", "page_type")}
    return items


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    add_data_args(parser)
    parser.add_argument("--limit", type=int, default=0, help="pages (0: all; a quick check)")
    parser.add_argument("--thresholds", default="0.5", help="edge thresholds scored (comma list)")
    parser.add_argument("--cuts", default="", help="also score these head/tail cut bars")
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where --write writes")
    parser.add_argument("--state", type=Path, help="keep the stacked bodies here (pickle)")
    parser.add_argument("--zone", type=int, help="edge blocks examined (textedges.ZONE; a trial)")
    parser.add_argument("--after-zone", type=int, help="blocks past the end (AFTER_ZONE; a trial)")
    parser.add_argument("--rounds", type=int, default=1, help="edge rounds (EdgeModel.rounds)")
    parser.add_argument("--per-side", action="store_true", help="one model per edge side")
    parser.add_argument("--oracle", action="store_true", help="also score gold edge verdicts")
    parser.add_argument("--min-hosts", type=int, default=MIN_HOSTS)
    parser.add_argument(
        "--model", choices=BLOCK_MODELS, default="linear", help="the out-of-fold block model"
    )
    parser.add_argument("--fold-models", type=Path, help="kept per-fold block models (pickle)")
    args = parser.parse_args(argv)
    if args.zone:
        textedges.ZONE = args.zone
    if args.after_zone:
        textedges.AFTER_ZONE = args.after_zone
    thresholds = [float(t) for t in args.thresholds.split(",")]
    cuts = [float(c) for c in args.cuts.split(",") if c]

    if args.state and args.state.exists():
        items = pickle.loads(args.state.read_bytes())
    else:
        items = stacked_items(args)
        if args.state:
            args.state.write_bytes(pickle.dumps(items))
    for item in items:  # what the cue word list is learned from
        inputs = item["inputs"]
        item["tokens"] = (
            edge_cue_tokens(inputs.blocks, inputs.keep, inputs.limit) if inputs is not None else []
        )
    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    for fold in range(args.folds):
        model = fit_edges(
            [it for it in items if it["fold"] != fold], args.l2, 0.5, args.min_hosts, args.per_side
        )
        for item in (it for it in items if it["fold"] == fold):
            doc = item["doc"]
            preds = [("no edges", body_text(item, None))]
            if args.oracle:
                preds.append(("oracle", body_text(item, model, oracle=True)))
            for c in cuts:
                edges = EdgeModel(model.weights, model.cues, thresholds[0], c, args.rounds)
                preds.append((f"cut {c}", body_text(item, edges)))
            for t in thresholds:
                preds.append(
                    (
                        f"edges {t}",
                        body_text(item, EdgeModel(model.weights, model.cues, t, None, args.rounds)),
                    )
                )
            for name, pred in preds:
                f1 = word_f1(doc["gold"], pred)
                for key in (item["renderer"], "ALL", f"type {doc['page_type']}"):
                    scores[key][name].append(f1)
                if doc["page_type"] == "article":
                    scores["ALL articles"][name].append(f1)
    names = [
        "no edges",
        *(["oracle"] if args.oracle else []),
        *(f"edges {t}" for t in thresholds),
        *(f"cut {c}" for c in cuts),
    ]
    print("out-of-fold word F1 (host-folded, block model and edge model both out of fold)")
    print("| group | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group, cells in sorted(scores.items()):
        row = " | ".join(f"{mean(cells[k]):.3f}" for k in names)
        print(f"| {group} | {len(cells[names[0]])} | {row} |")

    model = fit_edges(items, args.l2, thresholds[0], args.min_hosts, args.per_side)
    names = EDGE_FEATURE_NAMES
    if args.per_side:
        names = tuple(f"{side}:{name}" for side in SIDES for name in EDGE_FEATURE_NAMES)
    lines = [f'    "{n}": {v:.4f},' for n, v in zip(names, model.weights, strict=True)]
    print("\n".join(lines))
    print(f"{len(model.cues)} cue words: {', '.join(sorted(model.cues, key=model.cues.get)[-40:])}")
    if args.write:
        args.out.write_text(
            '"""Weights of the text-dump edge model, written by benchmarks/train_text_edges.py."""'
            "\n\nEDGE_WEIGHTS: dict[str, float] = {\n"
            + "\n".join(lines)
            + "\n}\n\n# Cue words: log-odds that an edge block they head or open is not body.\n"
            + "EDGE_CUES: dict[str, float] = "
            + json.dumps(model.cues, ensure_ascii=False, indent=4)
            + f"\n\nEDGE_THRESHOLD: float = {thresholds[0]}\n"
            + f"EDGE_CUT: float | None = {cuts[0] if cuts else None}\n"
            + f"EDGE_ROUNDS: int = {args.rounds}\n",
            encoding="utf-8",
        )
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
