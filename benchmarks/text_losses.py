"""Where text-dump articles lose and keep words out of fold: loss classes and their headroom.

Reads the stacked state ``train_text_edges.py --state F`` keeps (every training dump with its
out-of-fold block model's body and block labels), fits the edge model per host fold as the
trainer does, and for article dumps prints:

- the out-of-fold word F1 and what it would be with gold verdicts on one class of blocks only
  (before the body's first kept block, inside its span, after its last one): the headroom;
- lost words (gold blocks left out) and extra words (kept blocks not gold) by position, block
  kind (bullet, link-marked, prose of 20+ words, 5-19 words, shorter), distance from the edge
  (within the edge model's zones or farther) and renderer;
- the body before the edge model split into head stretch (kept before its first gold block),
  holes (non-gold kept blocks between gold ones, by run length) and tail stretch, with the
  stretches longer than the edge zone.

    python benchmarks/train_text_edges.py --state /tmp/edges.pkl --per-side \\
        --thresholds 0.4 --cuts 0.3 --rounds 2          # builds the state (and reports)
    python benchmarks/text_losses.py --state /tmp/edges.pkl [--limit N]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from collections import defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import word_f1  # noqa: E402
from train_text_edges import edge_cue_tokens, edges_of, fit_edges  # noqa: E402

from scraper.extractor import textedges  # noqa: E402
from scraper.extractor.textedges import EdgeModel, apply_edges, edge_probabilities  # noqa: E402

POSITIONS = ("before", "inside", "after")


def judged(item: dict, model: EdgeModel) -> list[int]:
    """The kept blocks after the edge model's rounds (as ``train_text_edges.body_text``)."""
    inputs = item["inputs"]
    keep = inputs.keep
    for _ in range(model.rounds if keep else 0):
        indices, sides, rows = edges_of(item, dict(model.cues), keep)
        if not indices:
            break
        q = edge_probabilities(model, rows, sides)
        moved = apply_edges(
            keep, indices, sides, q, inputs.words, model.threshold, inputs.chrome, model.cut
        )
        if moved == keep:
            break
        keep = moved
    return keep


def kind_of(inputs: object, i: int) -> str:
    words = inputs.words[i]  # type: ignore[attr-defined]
    if inputs.bullet[i]:  # type: ignore[attr-defined]
        return "bullet"
    if inputs.links[i]:  # type: ignore[attr-defined]
        return "linked"
    return "prose" if words >= 20 else "5-19 words" if words >= 5 else "<5 words"


def classify(item: dict, keep: list[int], acc: dict, scores: dict) -> None:
    inputs, y, gold = item["inputs"], item["y"], item["doc"]["gold"]
    texts, renderer = inputs.texts, item["renderer"]
    kept = set(keep)
    lo, hi = (keep[0], keep[-1]) if keep else (0, -1)
    position = ["before" if i < lo else "after" if i > hi else "inside" for i in range(len(texts))]
    scores["as judged"].append(word_f1(gold, "\n".join(texts[i] for i in keep)))
    for fixed in (*((p,) for p in POSITIONS), POSITIONS):
        body = [t for i, t in enumerate(texts) if (y[i] > 0 if position[i] in fixed else i in kept)]
        scores["gold on " + "+".join(fixed)].append(word_f1(gold, "\n".join(body)))
    rank = {i: r for r, i in enumerate(keep)}
    for i, text in enumerate(texts):
        if (i in kept) == (y[i] > 0) or not text:
            continue
        what, where, words = ("extra" if i in kept else "lost"), position[i], inputs.words[i]
        if where == "before":
            zone = "within zone" if keep[0] - i <= textedges.ZONE else "beyond zone"
        elif where == "after":
            zone = "within zone" if i - hi <= textedges.AFTER_ZONE else "beyond zone"
        elif i in rank:
            near = min(rank[i], len(keep) - 1 - rank[i]) < textedges.ZONE
            zone = "within zone" if near else "beyond zone"
        else:
            zone = "dropped inside"
        for key in (
            (what, where),
            (what, where, kind_of(inputs, i)),
            (what, where, zone),
            (what, where, renderer),
        ):
            acc[key] += words
        if where == "after" and what == "lost" and i >= inputs.limit:
            acc[(what, where, "past the limit (comment heading, rules)")] += words


def stretches(item: dict, acc: dict) -> None:
    """The body before the edge model: non-gold kept words by where they sit against gold."""
    inputs, y = item["inputs"], item["y"]
    keep, words = inputs.keep, inputs.words
    gold = [i for i in keep if y[i] > 0]
    if not gold:
        acc["no gold block kept"] += sum(words[i] for i in keep)
        return
    first, last = gold[0], gold[-1]
    head = [i for i in keep if i < first]
    tail = [i for i in keep if i > last]
    acc["head stretch"] += sum(words[i] for i in head)
    acc["tail stretch"] += sum(words[i] for i in tail)
    if len(head) > textedges.ZONE:
        acc["head stretch, longer than the zone"] += sum(words[i] for i in head)
    if len(tail) > textedges.ZONE:
        acc["tail stretch, longer than the zone"] += sum(words[i] for i in tail)
    run: list[int] = []
    for i in [*keep, None]:
        if i is not None and first < i < last and y[i] == 0:
            run.append(i)
            continue
        if run:
            size = "1" if len(run) == 1 else "2-4" if len(run) < 5 else "5+"
            acc[f"holes (runs of {size} blocks)"] += sum(words[j] for j in run)
        run = []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--state", type=Path, required=True, help="train_text_edges.py --state")
    parser.add_argument("--limit", type=int, default=0, help="dumps (0: all; a quick check)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--threshold", type=float, default=0.4)
    parser.add_argument("--cut", type=float, default=0.3)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    items = [it for it in pickle.loads(args.state.read_bytes()) if it["inputs"] is not None]
    if args.limit:
        items = items[: args.limit]
    for item in items:
        inputs = item["inputs"]
        item["tokens"] = edge_cue_tokens(inputs.blocks, inputs.keep, inputs.limit)
    acc: dict = defaultdict(float)
    before: dict = defaultdict(float)
    scores: dict = defaultdict(list)
    for fold in range(args.folds):
        held = [it for it in items if it["fold"] == fold and it["doc"]["page_type"] == "article"]
        if not held:
            continue
        fitted = fit_edges([it for it in items if it["fold"] != fold], 1.0, 0.5, per_side=True)
        model = EdgeModel(fitted.weights, fitted.cues, args.threshold, args.cut, args.rounds)
        for item in held:
            classify(item, judged(item, model), acc, scores)
            stretches(item, before)
    print(f"article dumps: {len(scores['as judged'])}")
    for name, values in scores.items():
        print(f"  word F1 {name}: {mean(values):.4f}")
    totals = {
        what: sum(v for k, v in acc.items() if len(k) == 2 and k[0] == what)
        for what in ("lost", "extra")
    }
    print(f"lost words {totals['lost']:.0f}, extra words {totals['extra']:.0f}")
    for key in sorted(acc, key=lambda k: (k[0], len(k), -acc[k])):
        print(f"  {' / '.join(key)}: {acc[key]:.0f} ({acc[key] / (totals[key[0]] or 1):.3f})")
    print("extra words of the body before the edge model, against its gold blocks")
    for key, value in sorted(before.items()):
        print(f"  {key}: {value:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
