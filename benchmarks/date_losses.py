"""Where dates lose out of fold: each page's loss, and what the ranker's wrong picks are.

    OMP_NUM_THREADS=1 python benchmarks/train_meta_model.py <shipped command> \\
        --fields date_published --cache /tmp/meta.json --oof-pages /tmp/oof.jsonl [--fold-salt a]
    OMP_NUM_THREADS=1 python benchmarks/date_losses.py /tmp/meta.json /tmp/oof.jsonl \\
        [--fold-salt a] [--list]

The date counterpart of ``author_losses.py`` (same filing: no candidate; no right candidate;
the ranker picks a wrong one while a right one exists; the page gate withholds a right pick;
invented), with the date ranker refitted on the same domain folds (trees, as shipped). For
the ranker's wrong picks it also says how the wrong day relates to the right one, from the
candidates' own features: the pick is later (a modified day against the published one), a
day labelled "Updated" on the page, the declared one (JSON-LD / meta) against a printed one,
a date printed outside the post's block. ``--list`` prints each lost page with its gold
day and its candidates' days and sources, to read the forms the collector misses.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from author_losses import add_inputs, load_inputs, loss, ranker_picks, source

FIELD = "date_published"


def wrong_kind(page: dict, pick: int) -> str:
    """How the ranker's wrong day relates to the right one (first match)."""
    cands = page["fields"][FIELD]
    keys = page["keys"][FIELD]
    picked, _, _ = cands[pick]
    right = next(i for i, (_, ok, _) in enumerate(cands) if ok)
    later = keys[pick] > keys[right]
    if picked.get("shown_updated"):
        return "pick labelled Updated"
    if picked.get("modified_agrees") and later:
        return "pick is the modified day (later)"
    if picked.get("declared_agrees") and not cands[right][0].get("declared_agrees"):
        return "pick declared, right only printed" + (" (later)" if later else " (earlier)")
    if not picked.get("declared_agrees") and cands[right][0].get("declared_agrees"):
        return "right declared, pick printed" + (" (later)" if later else " (earlier)")
    if picked.get("copyright_after") == 0 and picked.get("copyright_gap") == 0 and later:
        return "pick later, not declared"
    return "other " + ("later" if later else "earlier")


def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    add_inputs(ap)
    ap.add_argument("--list", action="store_true", help="print each lost page's candidates")
    args = ap.parse_args()
    pages, gold, verdicts = load_inputs(args, FIELD)
    picks = ranker_picks(pages, FIELD)
    counts: Counter[str] = Counter()
    kinds: dict[str, Counter[str]] = defaultdict(Counter)
    sources: dict[str, Counter[str]] = defaultdict(Counter)
    wrong: Counter[str] = Counter()
    for page in pages:
        pick = picks.get(page["id"])
        outcome = loss(page, verdicts[page["id"]], pick, FIELD)
        counts[outcome] += 1
        kinds[outcome][page["type"]] += 1
        if outcome in ("right", "empty"):
            continue
        cands = page["fields"][FIELD]
        if args.list:
            days = [
                f"{day}{'*' if ok else ''}{'<' if i == pick else ''} {source(f)}"
                for i, ((f, ok, _), day) in enumerate(zip(cands, page["keys"][FIELD], strict=True))
            ]
            print(f"{page['id']} {outcome:<28} gold {gold[page['id']].get(FIELD)}: {days}")
        if pick is None:
            continue
        sources[outcome][source(cands[pick][0])] += 1
        if outcome.startswith("ranker wrong"):
            right = next(f for f, ok, _ in cands if ok)
            sources[outcome + " (the right one's)"][source(right)] += 1
            wrong[wrong_kind(page, pick)] += 1
    for outcome, n in counts.most_common():
        print(f"{outcome:<30} {n:4}  {dict(kinds[outcome].most_common())}")
    print("source of the pick:")
    for outcome, by_source in sources.items():
        print(f"  {outcome:<40} {dict(by_source.most_common(6))}")
    print("the ranker's wrong picks:", dict(wrong.most_common()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
