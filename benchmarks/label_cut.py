"""What bounds the line model's label ceiling: how the page is cut into blocks (issue 11, body14).

The block model can only keep or drop whole lines (``blocks.page_blocks``), so its best
possible text on a page is the lines its training labels call content (the "label ceiling",
``train_body_model.py --breakdown``). This script measures, per wcxb-dev page type and with
the training script's own labelling (``--labels consume-ladder`` by default), three ways the
cut itself loses words:

- (a) gold words that land in NO block: the cutter never emits them. Each such word is then
  looked for in the text the cutter skips, in this order: the never-text elements
  ``prune.drop_never_text`` removes (structural: nav/aside/footer/dialog/menu; form controls:
  button/label/select/option/textarea; script/style/noscript/template), ``<figcaption>``
  (``vocab.SKIP_RENDER_TAGS``), attribute values (alt, title, aria-label, content, value,
  placeholder), ``<head>``, the rest of the page's text (found there but not in any line), or
  nowhere in the HTML (the gold's own words).
- (b) mixed blocks: a line with more than 30% of its words gold and more than 30% not (a word
  is gold when one of the line's trigrams holding it is a gold trigram; a line under three
  words is gold or not as a whole, as in the labels).
- (c) repeated gold: gold trigrams emitted in more lines than the gold holds them.

For each type it prints the label ceiling's mean F1 and what it would be with each bucket
removed: "emitted" (precision 1, recall = the gold words some line emits: only (a) is left),
"split" (each mixed line replaced by its gold words alone, the other labels kept: what a
perfect finer cut of the mixed lines would give; it also brings in the gold words of mixed
lines labelled not content, some of them copies), "dedup" (the labelled lines' words beyond the
gold's counts removed) and both. What "both" leaves below "emitted" is the labelling rule's
own misses (whole lines of gold labelled not content, or chrome lines labelled content).
Nothing is trained and nothing cached: 5-15 minutes for wcxb-dev on the shared box.

    python benchmarks/label_cut.py [--set wcxb-dev] [--limit N] [--json out.json]
"""

from __future__ import annotations

import argparse
import copy
import json
import re
import statistics
import sys
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_body_model import (  # noqa: E402
    DEFAULT_SHARED,
    consume_order,
    consumed_labels,
    line_labels,
    load_module,
)
from scraper.extractor import vocab  # noqa: E402
from scraper.extractor.body import analyse_page, ladder_bounds  # noqa: E402
from scraper.extractor.parse import parse_html  # noqa: E402

WORD_RE = re.compile(r"\w+")
MIXED_SHARE = 0.3  # a line is mixed when over this share of its words is gold AND not gold
# Where a word the cutter never emits may be, looked up in this order.
SOURCES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("structural tags", ("nav", "aside", "footer", "dialog", "menu")),
    ("form controls", ("button", "label", "select", "option", "textarea")),
    ("script/style/noscript", ("script", "style", "noscript", "template", "iframe")),
    ("figcaption", tuple(sorted(vocab.SKIP_RENDER_TAGS))),
)
ATTRIBUTES = ("alt", "title", "aria-label", "content", "value", "placeholder")
KINDS = ("p", "li", "row", "quote", "pre")  # a mixed line's kind (headings as "h")
CAUSES = (*(name for name, _ in SOURCES), "attributes", "head", "page text", "nowhere")


def words(text: str) -> list[str]:
    return WORD_RE.findall(text.lower())


def grams(tokens: list[str], n: int) -> set[tuple[str, ...]]:
    return set(zip(*(tokens[i:] for i in range(n)), strict=False))


def source_grams(root: Any) -> dict[str, tuple[set, set]]:
    """The trigrams and bigrams of each text the block cutter skips, from the unpruned tree."""
    body = root.find("body")
    top = body if body is not None else root
    out: dict[str, tuple[set, set]] = {}
    for name, tags in SOURCES:
        tokens: list[str] = []
        for el in top.iter(*tags):
            tokens += ["\0", *words(" ".join(el.itertext()))]
        out[name] = (grams(tokens, 3), grams(tokens, 2))
    tokens = []
    for el in root.iter():
        for attribute in ATTRIBUTES:
            value = el.get(attribute) if isinstance(el.tag, str) else None
            if value:
                tokens += ["\0", *words(value)]
    out["attributes"] = (grams(tokens, 3), grams(tokens, 2))
    head = root.find("head")
    tokens = words(" ".join(head.itertext())) if head is not None else []
    out["head"] = (grams(tokens, 3), grams(tokens, 2))
    tokens = words(" ".join(top.itertext()))
    out["page text"] = (grams(tokens, 3), grams(tokens, 2))
    return out


def covered(gold: list[str], tri: set, bi: set, uni: set) -> list[bool]:
    """Which gold words a text holds: one of the trigrams around the word, else one of its
    bigrams, else (``uni``: the words of its one- and two-word lines) the word itself."""
    n = len(gold)
    out = []
    for i, word in enumerate(gold):
        hit = any(tuple(gold[j : j + 3]) in tri for j in range(max(0, i - 2), min(i + 1, n - 2)))
        if not hit:
            hit = any(tuple(gold[j : j + 2]) in bi for j in range(max(0, i - 1), min(i + 1, n - 1)))
        out.append(hit or word in uni)
    return out


def gold_marks(line_words: list[str], gold_tri: set, joined: str) -> list[bool]:
    """Which words of a line are gold (see the module docstring)."""
    if len(line_words) < 3:
        return [(" " + " ".join(line_words) + " ") in joined] * len(line_words)
    marks = [False] * len(line_words)
    for j in range(len(line_words) - 2):
        if tuple(line_words[j : j + 3]) in gold_tri:
            marks[j] = marks[j + 1] = marks[j + 2] = True
    return marks


def f1(gold: Counter, kept: Counter) -> float:
    ng, nk = sum(gold.values()), sum(kept.values())
    if ng == 0:
        return 1.0 if nk == 0 else 0.0
    overlap = sum((gold & kept).values())
    return 2 * overlap / (ng + nk) if overlap else 0.0


def measure(doc: dict[str, Any], labels: str) -> dict[str, Any] | None:
    """One page's buckets and ceilings (None when the page does not parse)."""
    root = parse_html(doc["html"])
    if root is None:
        return None
    original = copy.deepcopy(root)
    page = analyse_page(root, all_blocks=True)
    lines = page.blocks.lines if page.blocks is not None else []
    gold = words(doc["gold"])
    gold_count = Counter(gold)
    gold_tri = grams(gold, 3)
    joined = " " + " ".join(gold) + " "
    shipped = line_labels(lines, doc["gold"])
    if labels == "shipped":
        y = shipped
    else:
        y = consumed_labels(lines, doc["gold"], consume_order(page, shipped, labels))
    per_line = [words(line.text) for line in lines]
    tri: set = set()
    bi: set = set()
    uni: set = set()
    emitted_tri: Counter = Counter()
    for tokens in per_line:
        tri |= grams(tokens, 3)
        bi |= grams(tokens, 2)
        emitted_tri.update(zip(tokens, tokens[1:], tokens[2:], strict=False))
        if len(tokens) < 3:
            uni |= set(tokens)
    emitted = covered(gold, tri, bi, uni)
    missing = [i for i, hit in enumerate(emitted) if not hit]
    causes: Counter = Counter()
    if missing:
        sources = source_grams(original)
        for cause in CAUSES:
            if cause == "nowhere" or not missing:
                continue
            s_tri, s_bi = sources[cause]
            hits = covered(gold, s_tri, s_bi, set())
            found = [i for i in missing if hits[i]]
            causes[cause] += len(found)
            missing = [i for i in missing if not hits[i]]
        causes["nowhere"] += len(missing)
    # (b) mixed lines, and the ceilings
    ceiling: Counter = Counter()
    split: Counter = Counter()
    mixed_words = mixed_gold = mixed_lines = 0
    mixed_labelled = 0
    chrome_mixed = chrome_pure = lost_mixed = lost_pure = 0
    kinds: Counter = Counter()
    for line, tokens, label in zip(lines, per_line, y, strict=True):
        if not tokens:
            continue
        marks = gold_marks(tokens, gold_tri, joined)
        share = sum(marks) / len(tokens)
        mixed = MIXED_SHARE < share < 1 - MIXED_SHARE
        if label:
            ceiling.update(tokens)
            chrome = len(tokens) - sum(marks)
            if mixed:
                chrome_mixed += chrome
            else:
                chrome_pure += chrome
        elif mixed:
            lost_mixed += sum(marks)
        else:
            lost_pure += sum(marks)
        if mixed:
            mixed_lines += 1
            mixed_words += len(tokens)
            mixed_gold += sum(marks)
            mixed_labelled += bool(label)
            kind = line.kind if line.kind in KINDS else "h" if line.kind[0] == "h" else "other"
            kinds[kind] += len(tokens)
            kinds["links"] += len(tokens) if line.link_chars else 0
            split.update(t for t, m in zip(tokens, marks, strict=True) if m)
        elif label:
            split.update(tokens)
    # (c) repeated gold: trigrams emitted more often than the gold holds them
    gold_tri_count = Counter(zip(gold, gold[1:], gold[2:], strict=False))
    repeated = sum(
        max(0, emitted_tri[g] - c) for g, c in gold_tri_count.items() if emitted_tri[g] > c
    )
    n_gold = max(len(gold), 1)
    n_kept = max(sum(ceiling.values()), 1)
    excess = sum((ceiling - gold_count).values())
    unmatched = len(gold) - sum((ceiling & gold_count).values())
    not_emitted = len(gold) - sum(emitted)
    recall_emitted = sum(emitted) / n_gold
    return {
        "type": doc["page_type"] or "article",
        "bounded": ladder_bounds(page.declared_article, page.heuristic),
        # the ceiling's losses: kept words beyond the gold (share of the kept words) as chrome
        # words of mixed and of other labelled lines, the rest copies; gold words not kept
        # (share of the gold) as never emitted, in unlabelled mixed lines, the rest elsewhere
        "p_chrome_mixed": chrome_mixed / n_kept,
        "p_chrome_pure": chrome_pure / n_kept,
        "p_copies": max(0, excess - chrome_mixed - chrome_pure) / n_kept,
        "r_not_emitted": not_emitted / n_gold,
        "r_mixed_unlabelled": lost_mixed / n_gold,
        "r_other": max(0, unmatched - not_emitted - lost_mixed) / n_gold,
        "gold": len(gold),
        "words": sum(len(t) for t in per_line),
        "lines": len(lines),
        "a_missing": 1 - recall_emitted if gold else 0.0,
        "causes": {k: v / n_gold for k, v in causes.items()},
        "b_mixed_lines": mixed_lines / max(len(lines), 1),
        "b_mixed_gold": mixed_gold / n_gold,
        "b_mixed_words": mixed_words / max(sum(len(t) for t in per_line), 1),
        "b_mixed_labelled": mixed_labelled / max(mixed_lines, 1),
        "b_kinds": {k: v / max(mixed_words, 1) for k, v in kinds.items()},
        "c_repeated": repeated / max(len(gold_tri_count), 1),
        "ceiling": f1(gold_count, ceiling),
        "emitted": 2 * recall_emitted / (1 + recall_emitted) if gold else 1.0,
        "split": f1(gold_count, split),
        "dedup": f1(gold_count, ceiling & gold_count) if gold else f1(gold_count, ceiling),
        "split_dedup": f1(gold_count, split & gold_count) if gold else f1(gold_count, split),
    }


COLUMNS = (
    ("ceiling", "label ceiling F1"),
    ("p_chrome_pure", "P lost: chrome in labelled unmixed lines"),
    ("p_chrome_mixed", "P lost: chrome in labelled mixed lines"),
    ("p_copies", "P lost: repeated copies, other"),
    ("r_not_emitted", "R lost: (a) never emitted"),
    ("r_mixed_unlabelled", "R lost: gold in unlabelled mixed lines"),
    ("r_other", "R lost: other (unlabelled gold lines)"),
    ("split", "mixed lines split"),
    ("dedup", "precision made perfect"),
    ("split_dedup", "both"),
    ("emitted", "every emitted gold word"),
    ("a_missing", "(a) gold in no block"),
    ("b_mixed_gold", "(b) gold in mixed lines"),
    ("b_mixed_words", "(b) page words in mixed lines"),
    ("b_mixed_labelled", "(b) mixed lines labelled content"),
    ("c_repeated", "(c) gold trigrams repeated"),
)


def summarise(rows: list[dict[str, Any]], only: str = "all") -> dict[str, dict[str, float]]:
    """Mean of every measure per page type (``only="unbounded"``: the pages where the ladder
    does not bound the body, where ``body.choose`` lets the model decide)."""
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if only == "unbounded" and row["bounded"]:
            continue
        by_type[row["type"]].append(row)
        by_type["all"].append(row)
    out = {}
    for kind, group in sorted(by_type.items(), key=lambda kv: (kv[0] == "all", -len(kv[1]))):
        cell: dict[str, float] = {"pages": len(group)}
        for key, _ in COLUMNS:
            cell[key] = statistics.mean(r[key] for r in group)
        for cause in CAUSES:
            cell["a: " + cause] = statistics.mean(r["causes"].get(cause, 0.0) for r in group)
        mixed = [r for r in group if r["b_mixed_words"] > 0]
        for name in (*KINDS, "h", "other", "links"):
            cell["b: " + name] = statistics.mean(
                r["b_kinds"].get(name, 0.0) for r in mixed or [{"b_kinds": {}}]
            )
        out[kind] = cell
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--set", default="wcxb-dev")
    parser.add_argument("--limit", type=int)
    parser.add_argument("--labels", default="ladder", help="consume order, or 'shipped'")
    parser.add_argument("--json", type=Path, help="write the per-page rows and the table here")
    parser.add_argument("--rows", type=Path, help="re-summarise the rows a --json run wrote")
    args = parser.parse_args(argv)
    score = load_module(args.shared / "score.py", "shared_score")
    _, docs = score.load_set(str(args.shared / args.set), limit=args.limit)
    if args.rows:
        rows = json.loads(args.rows.read_text())["rows"]
    else:
        rows = [row for doc in docs if (row := measure(doc, args.labels)) is not None]
    keys = [*COLUMNS, *(("a: " + c, "(a) in " + c) for c in CAUSES)]
    keys += [("b: " + k, f"(b) mixed words in {k} lines") for k in (*KINDS, "h", "other", "links")]
    for only in ("all", "unbounded"):
        table = summarise(rows, only)
        names = list(table)
        print(f"\n{only} pages")
        print("| measure | " + " | ".join(f"{n} ({int(table[n]['pages'])})" for n in names) + " |")
        print("|---" * (len(names) + 1) + "|")
        for key, label in keys:
            print(f"| {label} | " + " | ".join(f"{table[n][key]:.3f}" for n in names) + " |")
    if args.json:
        args.json.write_text(json.dumps({"table": table, "rows": rows}, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
