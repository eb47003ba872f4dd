"""Where authors lose out of fold: each page's loss, by page type and by candidate source.

    OMP_NUM_THREADS=1 python benchmarks/train_meta_model.py <shipped command> --fields authors \\
        --cache /tmp/meta.json --oof-pages /tmp/oof.jsonl [--fold-salt a]
    OMP_NUM_THREADS=1 python benchmarks/author_losses.py /tmp/meta.json /tmp/oof.jsonl \\
        [--fold-salt a]

``--oof-pages`` says, per page, whether the out-of-fold model gave a name and whether it was
right; it does not say which candidate the ranker picked. This script refits the author ranker
on the same domain folds (the trainer's ``fit_any``, trees as shipped) to recompute each held-out
page's pick, then files every page with a gold name under one loss: no candidate at all; no
right candidate (given or withheld); the ranker picks a wrong one while a right one exists
(given or withheld); the ranker picks a right one and the page gate withholds it. Pages without
a gold name are "invented" when given one. It prints the counts by page type, and the source of
the picked candidate (and of the first right one, where the ranker is wrong) per loss.
``--show PREFIX`` also lists each page whose loss starts with PREFIX ("ranker wrong", "no
right"): its gold name, and every candidate's source and names, the pick marked ``*`` and the
right ones ``OK``, for reading the forms a loss takes (round fourteen, branch ``author12``).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_meta_model as tm  # (a sibling script, not a package)

FIELD = "authors"


def source(features: dict[str, float]) -> str:
    """The candidate's source ("json-ld author", "scan class"), from its ``src:`` feature."""
    return ",".join(sorted(name[4:] for name in features if name.startswith("src:"))) or "?"


def ranker_picks(pages: list[dict], field: str = FIELD) -> dict[str, int]:
    """Each page's ``field`` pick by a ranker fitted without its fold (trusted ones win)."""
    tm.TREES = (field,)
    names = tm.feature_names(pages, field)
    picks: dict[str, int] = {}
    for fold in range(tm.FOLDS):
        fitted = tm.fit_any(field, [p for p in pages if p["fold"] != fold], names)
        for page in pages:
            cands = page["fields"][field]
            if page["fold"] != fold or not cands:
                continue
            trusted = [i for i, (f, _, _) in enumerate(cands) if f.get(tm.TRUSTED)]
            if trusted:
                picks[page["id"]] = trusted[0]
                continue
            scores = tm.raw_scores(fitted, tm.matrix([f for f, _, _ in cands], names))
            picks[page["id"]] = int(np.argmax(scores))
    return picks


def loss(page: dict, verdict: dict, pick: int | None, field: str = FIELD) -> str:
    """The page's ``field`` outcome: right, empty (no gold, none given) or where it lost."""
    cands = page["fields"][field]
    if not page["gold"][field]:
        return "invented" if verdict["given"] else "empty"
    if verdict["right"]:
        return "right"
    if not cands:
        return "no candidate"
    if not any(ok for _, ok, _ in cands):
        return "no right candidate, " + ("given" if verdict["given"] else "withheld")
    if pick is not None and cands[pick][1]:
        return "gate withholds a right pick"
    return "ranker wrong, " + ("given" if verdict["given"] else "withheld")


def show(page: dict, outcome: str, pick: int | None, gold: str | None) -> None:
    """One page's gold name and candidates (source, names), the pick ``*``, the right ``OK``."""
    print(f"== {page['id']} [{outcome}] {page['type']}: gold {gold!r}")
    values = page.get("values", {}).get(FIELD) or ["?"] * len(page["fields"][FIELD])
    rows = zip(page["fields"][FIELD], values, strict=True)
    for index, ((features, ok, _), names) in enumerate(rows):
        mark = "*" if index == pick else " "
        print(f"  {mark}{'OK' if ok else '  '} {source(features):<24} {names}")


def add_inputs(ap: argparse.ArgumentParser) -> None:
    """The trainer's outputs a loss study reads (shared with ``date_losses.py``)."""
    ap.add_argument("cache", type=Path, help="the trainer's --cache file")
    ap.add_argument("oof_pages", type=Path, help="the trainer's --oof-pages file (same split)")
    ap.add_argument("--fold-salt", default="")
    ap.add_argument("--set", default="/work/shared/benchmarks/wcxb-dev", type=Path)


def load_inputs(
    args: argparse.Namespace, field: str = FIELD
) -> tuple[list[dict], dict[str, dict], dict[str, dict]]:
    """The cached pages (folds re-salted if asked), the set's gold and ``field``'s verdicts."""
    pages = json.loads(args.cache.read_text(encoding="utf-8"))
    gold = json.loads((args.set / "ground-truth.json").read_text(encoding="utf-8"))
    if args.fold_salt:
        for page in pages:
            page["fold"] = tm.fold_of(gold[page["id"]].get("url"), args.fold_salt)
    verdicts = {}
    for line in args.oof_pages.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["field"] == field:
            verdicts[record["id"]] = record
    return pages, gold, verdicts


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_inputs(ap)
    ap.add_argument("--show", action="append", default=[], metavar="PREFIX")
    args = ap.parse_args()
    pages, gold, verdicts = load_inputs(args)
    picks = ranker_picks(pages)
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, Counter[str]] = defaultdict(Counter)
    for page in pages:
        pick = picks.get(page["id"])
        outcome = loss(page, verdicts[page["id"]], pick)
        counts[outcome] += 1
        kinds[outcome][page["type"]] += 1
        if any(outcome.startswith(prefix) for prefix in args.show):
            show(page, outcome, pick, gold[page["id"]].get("author"))
        if pick is None or outcome in ("right", "empty"):
            continue
        cands = page["fields"][FIELD]
        sources[outcome][source(cands[pick][0])] += 1
        if outcome.startswith("ranker wrong"):
            right = next(f for f, ok, _ in cands if ok)
            sources[outcome + " (the right one's)"][source(right)] += 1
    for outcome, n in counts.most_common():
        print(f"{outcome:<30} {n:4}  {dict(kinds[outcome].most_common())}")
    print("source of the pick:")
    for outcome, by_source in sources.items():
        print(f"  {outcome:<40} {dict(by_source.most_common(6))}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
