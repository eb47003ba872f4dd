"""Train the text-dump segment model (``scraper/extractor/textsegmentweights.py``), host-folded.

Stacked on the block and edge models: reads the state ``train_text_edges.py --state F`` keeps
(every training dump with its out-of-fold block model's body), fits the edge model per host
fold as shipped and judges each held-out dump's edges with it (cached in ``--keeps``), so each
body is what the extractor would give on a host neither model saw. Its kept blocks are split
into runs (``textsegments.segment_spans``), each run labelled by its share of gold words; per
fold a logistic model is fitted on the other folds' runs (weighted by their words) and the
held-out bodies are scored with the runs it drops below each bar.

    python benchmarks/train_text_edges.py --state /tmp/edges.pkl --per-side \\
        --thresholds 0.4 --cuts 0.3 --rounds 3 --zone 24      # builds the state
    python benchmarks/train_text_segments.py --state /tmp/edges.pkl --keeps /tmp/keeps.pkl \\
        --bars 0.2,0.3,0.4 [--write --bar 0.3]  # --limit N: a quick check on N dumps
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from statistics import mean

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import word_f1  # noqa: E402
from train_text_edges import edge_cue_tokens, fit_edges, learn_cues  # noqa: E402
from train_text_model import fit  # noqa: E402

from scraper.extractor.textedges import EdgeModel, apply_edges, edge_probabilities  # noqa: E402
from scraper.extractor.textfeatures import FEATURE_NAMES  # noqa: E402
from scraper.extractor.textsegments import (  # noqa: E402
    SEGMENT_FEATURE_NAMES,
    SegmentModel,
    drop_segments,
    segment_rows,
)

WEIGHTS_PATH = ROOT / "scraper" / "extractor" / "textsegmentweights.py"


def judged_keeps(items: list, folds: int, rounds: int) -> dict[int, list[int]]:
    """Each dump's kept blocks after an edge model fitted without its host's fold."""
    from train_text_edges import edges_of

    out = {}
    for fold in range(folds):
        fitted = fit_edges([it for it in items if it["fold"] != fold], 1.0, 0.5, per_side=True)
        model = EdgeModel(fitted.weights, fitted.cues, 0.4, 0.3, rounds)
        for k, item in enumerate(items):
            inputs = item["inputs"]
            if item["fold"] != fold or inputs is None:
                continue
            keep = inputs.keep
            for _ in range(rounds if keep else 0):
                indices, sides, rows = edges_of(item, dict(model.cues), keep)
                if not indices:
                    break
                q = edge_probabilities(model, rows, sides)
                moved = apply_edges(keep, indices, sides, q, inputs.words, 0.4, inputs.chrome, 0.3)
                if moved == keep:
                    break
                keep = moved
            out[k] = keep
        print(f"edge fold {fold} judged", file=sys.stderr)
    return out


def runs_of(item: dict, keep: list[int], cues: dict[str, float]) -> dict:
    """The body's runs: spans, feature rows, gold share and words of each."""
    inputs = item["inputs"]
    spans, rows = segment_rows(
        keep, inputs.texts, inputs.probs, inputs.words, inputs.matrix, FEATURE_NAMES, cues
    )
    y, n = [], []
    for s, e in spans:
        blocks = keep[s:e]
        w = float(sum(inputs.words[i] for i in blocks))
        g = float(sum(inputs.words[i] for i in blocks if item["y"][i] > 0))
        y.append(g / w if w else 0.0)
        n.append(w)
    return {"spans": spans, "x": rows, "y": np.array(y), "n": np.array(n)}


def fit_runs(runs: list[dict], l2: float) -> np.ndarray:
    """The logistic model on every run but each body's opening one, weighted by its words."""
    usable = [r for r in runs if len(r["spans"]) > 1]
    x = np.vstack([r["x"][1:] for r in usable])
    y = np.concatenate([r["y"][1:] for r in usable])
    n = np.concatenate([r["n"][1:] for r in usable])
    return fit(x, y, np.minimum(n, 300.0) ** 0.8 + 0.5, l2)


def kept_after(keep: list[int], runs: dict, weights: np.ndarray, bar: float) -> list[int]:
    """As ``textsegments.drop_segments``, from the precomputed rows."""
    spans = runs["spans"]
    if len(keep) < 2 or len(spans) < 2:
        return keep
    q = 1.0 / (1.0 + np.exp(-np.clip(runs["x"] @ weights, -30, 30)))
    out = list(keep[spans[0][0] : spans[0][1]])
    for (s, e), qk in zip(spans[1:], q[1:], strict=True):
        if qk >= bar:
            out.extend(keep[s:e])
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", type=Path, required=True, help="train_text_edges.py --state")
    parser.add_argument("--keeps", type=Path, help="cache of the edge-judged bodies (pickle)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3, help="edge rounds (as shipped)")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--bars", default="0.2,0.3,0.4", help="drop bars scored (comma list)")
    parser.add_argument("--bar", type=float, default=0.3, help="the bar --write ships")
    parser.add_argument("--limit", type=int, default=0, help="dumps (0: all; a quick check)")
    parser.add_argument("--without", default="", help="features zeroed (comma list; a trial)")
    parser.add_argument(
        "--quick", action="store_true", help="runs read once (own fold's cues; a trial)"
    )
    parser.add_argument("--write", action="store_true")
    parser.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="where --write writes")
    args = parser.parse_args(argv)
    bars = [float(b) for b in args.bars.split(",")]
    dropped = [SEGMENT_FEATURE_NAMES.index(n) for n in args.without.split(",") if n]

    items = pickle.loads(args.state.read_bytes())
    for item in items:
        inputs = item["inputs"]
        item["tokens"] = (
            edge_cue_tokens(inputs.blocks, inputs.keep, inputs.limit) if inputs is not None else []
        )
    if args.keeps and args.keeps.exists():
        keeps = pickle.loads(args.keeps.read_bytes())
    else:
        keeps = judged_keeps(items, args.folds, args.rounds)
        if args.keeps:
            args.keeps.write_bytes(pickle.dumps(keeps))
    usable = [(k, it) for k, it in enumerate(items) if k in keeps]
    if args.limit:
        usable = usable[:: max(1, len(usable) // args.limit)]

    scores: dict[str, dict[str, list[float]]] = defaultdict(lambda: defaultdict(list))
    names = ["edges", *(f"bar {b}" for b in bars)]
    check = 0
    fold_cues = {
        f: learn_cues([it for _, it in usable if it["fold"] != f]) for f in range(args.folds)
    }
    if args.quick:  # one pass: each body's runs read with its own fold's cue list
        runs = {k: runs_of(it, keeps[k], fold_cues[it["fold"]]) for k, it in usable}
    for fold in range(args.folds):
        cues = fold_cues[fold]
        if not args.quick:
            runs = {k: runs_of(it, keeps[k], cues) for k, it in usable}
        for r in runs.values():
            if dropped and len(r["x"]):
                r["x"][:, dropped] = 0.0
        weights = fit_runs([runs[k] for k, it in usable if it["fold"] != fold], args.l2)
        for k, item in (pair for pair in usable if pair[1]["fold"] == fold):
            inputs, doc = item["inputs"], item["doc"]
            keep = keeps[k]
            preds = {"edges": keep}
            for b in bars:
                preds[f"bar {b}"] = kept_after(keep, runs[k], weights, b)
            if check < 50 and not dropped:  # the run-time path gives the same body
                model = SegmentModel(tuple(weights), cues, bars[0])
                args_ = (inputs.texts, inputs.probs, inputs.words, inputs.matrix, FEATURE_NAMES)
                assert drop_segments(keep, *args_, model) == preds[names[1]]
                check += 1
            for name, kept in preds.items():
                f1 = word_f1(doc["gold"], "\n".join(inputs.texts[i] for i in kept))
                for key in (item["renderer"], "ALL", f"type {doc['page_type']}"):
                    scores[key][name].append(f1)
                if doc["page_type"] == "article":
                    scores["ALL articles"][name].append(f1)
        print(f"segment fold {fold} scored", file=sys.stderr)
    print("out-of-fold word F1 (host-folded; block, edge and segment models all out of fold)")
    print("| group | n | " + " | ".join(names) + " |")
    print("|---|---|" + "---|" * len(names))
    for group, cells in sorted(scores.items()):
        row = " | ".join(f"{mean(cells[k]):.4f}" for k in names)
        print(f"| {group} | {len(cells[names[0]])} | {row} |")

    cues = learn_cues([it for _, it in usable])
    weights = fit_runs([runs_of(it, keeps[k], cues) for k, it in usable], args.l2)
    lines = [f'    "{n}": {v:.4f},' for n, v in zip(SEGMENT_FEATURE_NAMES, weights, strict=True)]
    print("\n".join(lines))
    if args.write:
        args.out.write_text(
            '"""Weights of the text-dump segment model, written by'
            ' benchmarks/train_text_segments.py."""\n\n'
            "SEGMENT_WEIGHTS: dict[str, float] = {\n"
            + "\n".join(lines)
            + f"\n}}\n\nSEGMENT_THRESHOLD: float = {args.bar}\n",
            encoding="utf-8",
        )
        print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
