"""A real browser's copy (``chromium``) against the lxml approximation of it (``innertext``).

Both are ``text_bench.py --held-out`` renderings of the same pages: ``innertext`` walks lxml's
tree after the HTML standard's innerText steps with no CSS (every ``display:none`` menu and
dialog kept), ``chromium`` is headless Chromium's ``document.body.innerText`` (the page's
inline CSS applied, no external stylesheet fetched). Per set (the report set: 265 pages of
unseen sites; aeb), over the pages both rendered: words in the dump, the gold's words the dump
keeps (recall), the whole dump's word F1, ``extract_text``'s word F1 and the pages on which
each is better; then the dumps' line shapes (long unwrapped lines, tab-separated cells), the
layout traits that could trip a text extractor tuned on 80-column dumps.

    python benchmarks/text_innertext_compare.py --cache /tmp/text41-dumps [--transforms]

``--transforms``: ``extract_text``'s word F1 on each renderer's dumps rewritten in a general
way (cells' tabs as spaces, long lines wrapped at 80 columns, line ends stripped, a blank line
after every line): whether a trait of the browser copy, not the page, costs the extractor
words.
"""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from statistics import mean

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from text_bench import (  # noqa: E402
    DEFAULT_BENCH_DIR,
    WORD_RE,
    cached_dump,
    load_docs,
    ours,
    report_selection,
    word_f1,
)

PAIR = ("innertext", "chromium")


def recall(gold: str, dump: str) -> float:
    """The share of the gold's words (as a bag) that the dump holds."""
    g = Counter(WORD_RE.findall(gold.lower()))
    d = Counter(WORD_RE.findall(dump.lower()))
    total = sum(g.values())
    return sum((g & d).values()) / total if total else 1.0


def line_shape(dump: str) -> dict[str, float]:
    """Share of non-empty lines over 80 / 300 characters, with a tab; mean line length."""
    lines = [line for line in dump.split("\n") if line.strip()]
    if not lines:
        return {"long80": 0.0, "long300": 0.0, "tabs": 0.0, "chars": 0.0}
    return {
        "long80": sum(len(line) > 80 for line in lines) / len(lines),
        "long300": sum(len(line) > 300 for line in lines) / len(lines),
        "tabs": sum("\t" in line for line in lines) / len(lines),
        "chars": mean(len(line) for line in lines),
    }


def compare(name: str, docs: list[dict], cache: Path) -> None:
    rows: dict[str, list[dict[str, float]]] = {r: [] for r in PAIR}
    for doc in docs:
        dumps = {r: cached_dump(cache, r, doc) for r in PAIR}
        if any(d is None for d in dumps.values()):
            continue
        for renderer, dump in dumps.items():
            assert dump is not None
            text = ours(dump, doc["url"])
            rows[renderer].append(
                {
                    "words": len(WORD_RE.findall(dump)),
                    "recall": recall(doc["gold"], dump),
                    "whole": word_f1(doc["gold"], dump),
                    "ours": word_f1(doc["gold"], text),
                    "ours_recall": recall(doc["gold"], text),
                    **line_shape(dump),
                }
            )
    pages = len(rows[PAIR[0]])
    print(f"\n{name}: {pages} pages rendered by both")
    columns = ("words", "recall", "whole", "ours", "ours_recall", "long80", "long300", "tabs")
    print("| renderer | " + " | ".join(columns) + " |")
    print("|---|" + "---|" * len(columns))
    for renderer in PAIR:
        cells = [mean(r[c] for r in rows[renderer]) for c in columns]
        text = [f"{cells[0]:.0f}", *(f"{c:.4f}" for c in cells[1:])]
        print(f"| {renderer} | " + " | ".join(text) + " |")
    fewer = sum(c["words"] < i["words"] for i, c in zip(*rows.values(), strict=True))
    diffs = [c["ours"] - i["ours"] for i, c in zip(*rows.values(), strict=True)]
    up = sum(d > 0.001 for d in diffs)
    down = sum(d < -0.001 for d in diffs)
    print(
        f"chromium keeps fewer words on {fewer} of {pages} pages; extract_text on chromium "
        f"better on {up}, worse on {down} (|diff| > 0.001), mean {mean(diffs):+.4f}"
    )


def _wrap(dump: str) -> str:
    """Every line over 80 characters broken at spaces into lines of at most 80 (as lynx)."""
    out = []
    for line in dump.split("\n"):
        out += textwrap.wrap(line, 80, break_long_words=False) if len(line) > 80 else [line]
    return "\n".join(out)


TRANSFORMS: dict[str, Callable[[str], str]] = {
    "as rendered": lambda dump: dump,
    "tabs as spaces": lambda dump: dump.replace("\t", " "),
    "lines stripped": lambda dump: "\n".join(line.strip() for line in dump.split("\n")),
    "wrapped at 80": _wrap,
    "blank line runs as one": lambda dump: re.sub(r"\n(?:[ \t]*\n)+", "\n\n", dump),
    "every line a paragraph": lambda dump: re.sub(r"\n(?:[ \t]*\n)*", "\n\n", dump),
}


def transforms(name: str, docs: list[dict], cache: Path, renderers: tuple[str, ...]) -> None:
    """Mean word F1 of ``extract_text`` on every renderer's dumps after each transform."""
    print(f"\n{name}: extract_text's word F1 on transformed dumps")
    print("| transform | " + " | ".join(renderers) + " |")
    print("|---|" + "---|" * len(renderers))
    for label, change in TRANSFORMS.items():
        cells = []
        for renderer in renderers:
            scores = []
            for doc in docs:
                dump = cached_dump(cache, renderer, doc)
                if dump is not None:
                    scores.append(word_f1(doc["gold"], ours(change(dump), doc["url"])))
            cells.append(f"{mean(scores):.4f}")
        print(f"| {label} | " + " | ".join(cells) + " |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench-dir", type=Path, default=DEFAULT_BENCH_DIR)
    parser.add_argument("--cache", type=Path, required=True)
    parser.add_argument("--transforms", action="store_true", help="see above")
    parser.add_argument("--renderers", default="lynx,lynx-nolist,w3m,inscriptis,links2,elinks")
    args = parser.parse_args(argv)
    ids, _ = report_selection(args.bench_dir)
    sets = {
        "report set (wcxb-dev, unseen sites)": [
            d for d in load_docs(args.bench_dir, "wcxb-dev", 0, 99) if d["id"] in ids
        ],
        "aeb": load_docs(args.bench_dir, "aeb", 0, 99),
    }
    for name, docs in sets.items():
        compare(name, docs, args.cache)
    if args.transforms:
        every = (*PAIR, *args.renderers.split(","))
        for name, docs in sets.items():
            transforms(name, docs, args.cache, every)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
