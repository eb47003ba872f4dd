"""Where article dumps lose words: precision and recall per renderer, and by position.

    python benchmarks/text_positions.py                  # the report set (unseen sites)
    python benchmarks/text_positions.py --set aeb        # AEB (in the model's training data)

For every article page of the set and every cached rendering (``text_bench.py``'s cache) it
runs ``find_body`` and prints, per renderer, the mean word precision and recall (the shared
bag-of-words metric) and the F1 each would give with the other at 1 (which side the shortfall
is on). Blocks are labelled as ``text_bench.py --errors`` does (gold when their words occur in
the gold text or 60% of their word trigrams do). Lost words (gold blocks left out) are placed
against the kept span: at its start, at its end, or in a hole. Extra words (kept blocks that
are not gold) are placed against the gold span (from the first to the last gold block of 5 or
more words): before it, after it (with the distance in blocks), or inside it; "reflow" counts
kept blocks partly gold (20-60% of trigrams: body and chrome joined in one block).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import text_bench as tb  # noqa: E402

_MIN_SPAN_WORDS = 5  # a gold block this long marks the gold span (not a stray "Home" or "Share")


def _docs(set_name: str) -> list[dict]:
    bench = tb.DEFAULT_BENCH_DIR
    if set_name == "aeb":
        docs = tb.load_docs(bench, "aeb", 0, 99)
    else:  # text_bench.py's default selection: 265 pages of sites the model never saw
        gold = json.loads((bench / "wcxb-dev" / "ground-truth.json").read_text())
        exclude = frozenset(tb.sample_ids(list(gold), 400, tb.TRAIN_SEED))
        seen = tb.training_hosts(bench, 400)
        docs = tb.load_docs(bench, "wcxb-dev", 300, 99, exclude)
        docs = [d for d in docs if tb.host_of(d["url"]) not in seen]
    return [d for d in docs if d["page_type"] == "article"]


def _dump_rows(doc: dict, renderer: str) -> dict | None:
    """One rendering's precision, recall and blocks (index, words, gold share, kept, kind)."""
    from scraper.extractor.textdump import find_body
    from scraper.extractor.textlines import split_dump

    text = tb.rendered(tb.DEFAULT_CACHE, renderer, doc)
    if text is None:
        return None
    gold_words = tb.WORD_RE.findall(doc["gold"].lower())
    gold_bag = Counter(gold_words)
    joined = f" {' '.join(gold_words)} "
    trigrams = {tuple(gold_words[i : i + 3]) for i in range(len(gold_words) - 2)}
    dump = split_dump(text)
    body = find_body(text, doc["url"])
    pred = Counter(tb.WORD_RE.findall("\n".join(body.paragraphs).lower()))
    overlap = sum(min(c, pred[t]) for t, c in gold_bag.items() if t in pred)
    precision = overlap / max(1, sum(pred.values()))
    recall = overlap / max(1, sum(gold_bag.values()))
    kept, at = set(), 0
    for index, block in enumerate(dump.texts):  # the body's paragraphs, in order
        if at < len(body.paragraphs) and block == body.paragraphs[at]:
            kept.add(index)
            at += 1
    blocks = []
    for index, block in enumerate(dump.texts):
        words = tb.WORD_RE.findall(block.lower())
        if not words:
            continue
        share = tb.gold_share(words, joined, trigrams)
        kind = tb._block_kind(dump, index, len(words))
        blocks.append((index, len(words), share, index in kept, kind))
    return {"renderer": renderer, "P": precision, "R": recall, "blocks": blocks}


def _place(rows: list[dict]) -> tuple[Counter, Counter]:
    """Extra words against the gold span, lost words against the kept span."""
    extra, lost = Counter(), Counter()
    for row in rows:
        blocks = row["blocks"]
        gold = [b for b in blocks if b[2] >= 0.6 and b[1] >= _MIN_SPAN_WORDS]
        kept = [b for b in blocks if b[3]]
        if not kept:
            lost["nothing kept"] += sum(b[1] for b in blocks if b[2] >= 0.6)
            continue
        first_kept, last_kept = kept[0][0], kept[-1][0]
        for index, words, share, is_kept, kind in blocks:
            if is_kept and share < 0.6 and gold:
                first, last = gold[0][0], gold[-1][0]
                where = "before" if index < first else "after" if index > last else "inside"
                if where == "after":
                    where += " (50+ blocks)" if index - last >= 50 else " (<50 blocks)"
                extra[where] += words
                if share >= 0.2:
                    extra["(reflow)"] += words
            elif share >= 0.6 and not is_kept:
                where = "start" if index < first_kept else "end" if index > last_kept else "hole"
                lost[where] += words
                lost[f"  {where}: {kind}"] += words
    return extra, lost


def _shares(counts: Counter) -> str:
    total = sum(v for k, v in counts.items() if not k.startswith(("(", " "))) or 1
    top = ", ".join(f"{k.strip()} {v / total:.0%}" for k, v in counts.most_common(10))
    return f"{total} words: {top}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--set", default="wcxb-dev", choices=("wcxb-dev", "aeb"))
    args = parser.parse_args(argv)
    docs = _docs(args.set)
    by_renderer: dict[str, list[dict]] = defaultdict(list)
    for doc in docs:
        for renderer in tb.RENDERERS:
            row = _dump_rows(doc, renderer)
            if row is not None:
                by_renderer[renderer].append(row)
                by_renderer["ALL"].append(row)
    print(f"{args.set}: {len(docs)} article pages")
    print("| renderer | n | F1 | precision | recall | F1 if P=1 | F1 if R=1 |")
    print("|---|---|---|---|---|---|---|")
    for renderer, rows in by_renderer.items():
        f1 = [2 * r["P"] * r["R"] / (r["P"] + r["R"]) if r["P"] + r["R"] else 0.0 for r in rows]
        p1 = mean(2 * r["R"] / (1 + r["R"]) for r in rows)
        r1 = mean(2 * r["P"] / (1 + r["P"]) for r in rows)
        p, r = mean(x["P"] for x in rows), mean(x["R"] for x in rows)
        cells = " | ".join(f"{x:.4f}" for x in (mean(f1), p, r, p1, r1))
        print(f"| {renderer} | {len(rows)} | {cells} |")
    for renderer, rows in by_renderer.items():
        extra, lost = _place(rows)
        print(f"- {renderer}: extra {_shares(extra)}")
        print(f"  lost {_shares(lost)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
