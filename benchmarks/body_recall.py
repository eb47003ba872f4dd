"""Issue 11, branch body11: recall where the ladder's lines stand and the model adds (a study).

Where ``body.choose`` keeps the ladder's lines and adds the lines the model is sure of (the
"ladder + model's adds" branch), service, listing and collection pages lose most of their F1
to recall: the lines the model scores fairly high but under its add threshold are content
there, and teasers on a news story. This study asks whether page-level evidence, learned out
of fold, can tell the two apart: per page, a "generous" candidate (the lines ``choose`` keeps
plus more of the model's lines) replaces ``choose``'s when a logistic regression over the
page's signals (the path chooser's 42, computed with the generous candidate in the "model"
slot, plus what the generous lines add) says it beats them by more than ``--cost``.

Same protocol as the shipped models: the block model's out-of-fold scores over both dev sets
(``train_body_model.py --aeb train --labels consume-ladder --oof-scores``), the same 5 domain
folds (GroupKFold over hosts, wcxb-dev's pages then AEB's), the gate fitted on four folds and
applied to the fifth, the shared scorer's word F1 and AEB-F1. Nothing here changes
``extract()``.

    python benchmarks/body_recall.py --oof-scores benchmarks/results/cache/body_oof.npz
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))

from benchmarks.train_body_model import (  # noqa: E402
    DEFAULT_SHARED,
    FOLDS,
    KEEP_THRESHOLD,
    aeb_pages,
    cached_examples,
    load_module,
)
from scraper.extractor import body  # noqa: E402
from scraper.extractor.body import (  # noqa: E402
    _shown,
    branch_index,
    choose,
    drop_title,
    expected_f1_lines,
    lines_to_text,
)
from scraper.extractor.pathchoice import page_features  # noqa: E402

TYPES = ("article", "documentation", "service", "forum", "product", "collection", "listing")


def generous(page: Any, scores: np.ndarray, now: np.ndarray, how: str) -> np.ndarray:
    """Which lines a generous candidate keeps: ``choose``'s plus more of the model's lines
    (hidden lone lines never; repeats of a kept line's text never)."""
    lines = page.blocks.lines
    if how.startswith("u:"):  # on pages that declare no article only
        if page.declared_article:
            return now.copy()
        how = how[2:]
    if how == "exp":
        extra = expected_f1_lines(lines, scores, KEEP_THRESHOLD)
    elif how.startswith("t"):
        extra = scores >= float(how[1:])
    elif how.startswith("span"):  # the ladder's span only, at a lower score
        extra = np.zeros(len(lines), dtype=bool)
        where = np.flatnonzero(page.in_ladder())
        extra[where[0] : where[-1] + 1] = scores[where[0] : where[-1] + 1] >= float(how[4:])
    elif how.startswith("sec"):  # whole heading-led sections whose mean score is high
        extra = section_lines(lines, scores, now, float(how[3:]))
    else:
        raise ValueError(how)
    extra = extra & _shown(page) & ~now
    seen = {line.text for line, keep in zip(lines, now, strict=True) if keep}
    out = now.copy()
    for index in np.flatnonzero(extra):
        text = lines[index].text
        if text not in seen:
            out[index] = True
            seen.add(text)
    return out


def section_lines(lines: list, scores: np.ndarray, now: np.ndarray, floor: float) -> np.ndarray:
    """The lines of every section (a heading and the lines up to the next heading) whose lines
    outside ``now`` have a word-weighted mean score of at least ``floor`` and a link density
    under 0.5: a page's sections beside the one the ladder found."""
    out = np.zeros(len(lines), dtype=bool)
    starts = [0] + [i for i, line in enumerate(lines) if line.kind.startswith("h") and i > 0]
    bounds = list(zip(starts, [*starts[1:], len(lines)], strict=True))
    for start, end in bounds:
        idx = [i for i in range(start, end) if not now[i]]
        if not idx:
            continue
        words = np.array([lines[i].text.count(" ") + 1 for i in idx], dtype=np.float64)
        chars = sum(len(lines[i].text) for i in idx)
        links = sum(lines[i].link_chars for i in idx)
        if float(scores[idx] @ words) / words.sum() >= floor and links <= 0.5 * max(chars, 1):
            out[idx] = True
    return out


def extra_features(page: Any, scores: np.ndarray, now: np.ndarray, cand: np.ndarray) -> list:
    """What the generous lines add: their share of the page's characters, mean score, link
    density, share of headings and list items, and how many runs they form."""
    lines = page.blocks.lines
    added = cand & ~now
    chars = np.array([len(line.text) for line in lines], dtype=np.float64)
    total = max(chars.sum(), 1.0)
    added_chars = float(chars @ added)
    links = float(sum(lines[i].link_chars for i in np.flatnonzero(added)))
    kinds = [lines[i].kind for i in np.flatnonzero(added)]
    n_added = max(len(kinds), 1)
    runs = int(added[0]) + int(np.count_nonzero(added[1:] & ~added[:-1])) if len(added) else 0
    now_chars = max(float(chars @ now), 1.0)
    return [
        added_chars / total,
        added_chars / now_chars,
        float(scores[added].mean()) if added.any() else 0.0,
        links / added_chars if added_chars else 0.0,
        sum(k.startswith("h") for k in kinds) / n_added,
        sum(k == "li" for k in kinds) / n_added,
        np.log1p(runs),
        np.log1p(int(added.sum())),
    ]


def page_rows(score: Any, pages: list[dict], scores: dict, hows: list[str]) -> list[dict]:
    rows = []
    for p in pages:
        page, s = p["page"], scores[p["id"]]
        choice = choose(page, s, KEEP_THRESHOLD)
        text = lines_to_text(choice.lines)
        base = score.bow_prf(p["gold"], text)
        row: dict[str, Any] = {
            "id": p["id"],
            "type": p["type"],
            "domain": p["domain"],
            "f1": {"now": base[2]},
            "aeb": {"now": score.aeb_tp_fp_fn(p["gold"], text)},
            "x": {},
            "gate": False,
        }
        lines = page.blocks.lines
        if choice.bounded and choice.kept is not None and len(lines):
            row["gate"] = True
            now = np.array(choice.kept, dtype=bool)
            for how in hows:
                cand = generous(page, s, now, how)
                kept = [line for line, keep in zip(lines, cand, strict=True) if keep]
                titled = drop_title(kept, page.title) or kept
                t = lines_to_text(titled)
                row["f1"][how] = score.bow_prf(p["gold"], t)[2]
                row["aeb"][how] = score.aeb_tp_fp_fn(p["gold"], t)
                masks = {"ladder": np.array(page.in_ladder(), dtype=bool), "now": now}
                masks["model"] = cand
                signals = page_features(
                    lines,
                    s,
                    masks,
                    declared=page.declared_article,
                    gaps=page.ladder_gaps,
                    pruned_share=page.ladder_share,
                    branch=branch_index(choice),
                )
                row["x"][how] = np.concatenate(
                    [signals, np.asarray(extra_features(page, s, now, cand), np.float32)]
                )
        rows.append(row)
    return rows


def summary(score: Any, rows: list[dict], picks: list[str]) -> dict[str, float]:
    by_type: dict[str, list[float]] = defaultdict(list)
    triples = []
    for row, pick in zip(rows, picks, strict=True):
        if row["type"] == "aeb":
            by_type["aeb"].append(row["f1"][pick])
            triples.append(row["aeb"][pick])
        else:
            by_type[row["type"]].append(row["f1"][pick])
    out = {t: statistics.mean(by_type[t]) for t in TYPES if by_type[t]}
    web = [v for t in TYPES for v in by_type[t]]
    out["all"] = statistics.mean(web)
    if by_type["aeb"]:
        out["aeb"] = statistics.mean(by_type["aeb"])
        out["aeb_f1"] = score.aeb_aggregate(triples)["f1"]
    return out


def line(name: str, figures: dict[str, float], switched: tuple[int, int] | None = None) -> str:
    keys = ("all", *TYPES, "aeb", "aeb_f1")
    text = f"{name:42s} " + " ".join(f"{figures.get(k, float('nan')):.4f}" for k in keys)
    if switched:
        text += f"  switched {switched[0]} wcxb / {switched[1]} aeb"
    return text


def gated_picks(
    rows: list[dict], folds: list[int], hows: list[str], cost: float, margin: float, c: float
) -> list[str]:
    """Out of fold: per held-out page, the generous candidate whose logistic regression (fitted
    on the other folds' gate pages) is surest it beats ``choose``'s lines, above ``margin``."""
    from sklearn.linear_model import LogisticRegression

    picks = ["now"] * len(rows)
    gate = [i for i, row in enumerate(rows) if row["gate"]]
    for fold in sorted(set(folds)):
        train = [i for i in gate if folds[i] != fold]
        test = [i for i in gate if folds[i] == fold]
        probs = np.zeros((len(test), len(hows)))
        for k, how in enumerate(hows):
            x = np.array([rows[i]["x"][how] for i in train], dtype=np.float64)
            gain = np.array([rows[i]["f1"][how] - rows[i]["f1"]["now"] for i in train])
            y = gain > cost
            w = np.abs(gain - cost) + 1e-6
            mean, scale = x.mean(axis=0), x.std(axis=0)
            scale[scale == 0] = 1.0
            if y.all() or not y.any():
                continue
            model = LogisticRegression(C=c, max_iter=2000)
            model.fit((x - mean) / scale, y, sample_weight=w)
            xt = np.array([rows[i]["x"][how] for i in test], dtype=np.float64)
            probs[:, k] = model.predict_proba((xt - mean) / scale)[:, 1]
        for j, i in enumerate(test):
            best = int(np.argmax(probs[j]))
            if probs[j, best] > margin:
                picks[i] = hows[best]
    return picks


def gated_choice(page: Any, scores: np.ndarray, how: str) -> Any:
    """``choose``'s lines with the generous candidate ``how`` in their place."""
    choice = choose(page, scores, KEEP_THRESHOLD)
    lines = page.blocks.lines
    cand = generous(page, scores, np.array(choice.kept, dtype=bool), how)
    kept = [line for line, keep in zip(lines, cand, strict=True) if keep]
    titled = drop_title(kept, page.title) or kept
    survivors = {id(line) for line in titled}
    mask = [id(line) in survivors for line in lines]
    return body.Choice(titled, mask, frozenset(), bounded=True)


def chooser_oof(score: Any, pages: list[dict], saved: dict, picks: list[str]) -> None:
    """The shipped path chooser's protocol (``train_path_choice.py --aeb train``), refitted out
    of fold with the gated lines as ``choose``'s ("now")."""
    from benchmarks import train_path_choice as tpc

    gated = {id(p["page"]): pick for p, pick in zip(pages, picks, strict=True) if pick != "now"}
    shipped = body.choose

    def patched(page: Any, scores: np.ndarray, threshold: float) -> Any:
        pick = gated.get(id(page))
        if pick is None:
            return shipped(page, scores, threshold)
        return gated_choice(page, scores, pick)

    body.choose = patched
    try:
        rows = tpc.page_rows(score, pages, saved)
    finally:
        body.choose = shipped
    from sklearn.model_selection import GroupKFold

    chosen = [0] * len(rows)
    groups = [row["domain"] for row in rows]
    for train, test in GroupKFold(n_splits=FOLDS).split(rows, groups=groups):
        chooser = tpc.as_chooser(tpc.fit_chooser([rows[i] for i in train], tpc.MARGIN))
        for i, pick in zip(test, tpc.picks(chooser, [rows[i] for i in test]), strict=True):
            chosen[i] = pick
    fake = [
        {"type": row["type"], "f1": {"now": row["f1"][k]}, "aeb": {"now": row["aeb"][k]}}
        for row, k in zip(rows, chosen, strict=True)
    ]
    web = sum(k != 0 and r["type"] != "aeb" for k, r in zip(chosen, rows, strict=True))
    aeb = sum(k != 0 and r["type"] == "aeb" for k, r in zip(chosen, rows, strict=True))
    print(line("  + chooser refitted", summary(score, fake, ["now"] * len(fake)), (web, aeb)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--oof-scores", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=PROJECT_ROOT / "benchmarks/results/cache")
    parser.add_argument("--how", nargs="+", default=["exp", "t0.3", "t0.4", "t0.5", "span0.3"])
    parser.add_argument("--cost", type=float, nargs="+", default=[0.005])
    parser.add_argument("--margin", type=float, nargs="+", default=[0.6, 0.7, 0.75, 0.8])
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument(
        "--chooser",
        nargs=3,
        action="append",
        default=[],
        metavar=("HOWS", "COST", "MARGIN"),
        help="also refit the path chooser out of fold on this gate (HOWS comma-separated)",
    )
    parser.add_argument("--no-gates", action="store_true")
    parser.add_argument("--combined-only", action="store_true", help="gate all --how together")
    args = parser.parse_args(argv)
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    from sklearn.model_selection import GroupKFold

    score = load_module(args.shared / "score.py", "shared_score")
    set_dir = args.shared / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = cached_examples(docs, set_dir, args.cache)
    ns = argparse.Namespace(no_cache=False, cache=args.cache, aeb_weight=1.0)
    pages = pages + aeb_pages(score, args.shared / "aeb", ns)
    saved = dict(np.load(args.oof_scores))
    folds = [0] * len(pages)
    groups = [p["domain"] for p in pages]
    for number, (_, test) in enumerate(GroupKFold(n_splits=FOLDS).split(pages, groups=groups)):
        for i in test:
            folds[i] = number
    rows = page_rows(score, pages, saved, args.how)
    gate = [row for row in rows if row["gate"]]
    print(
        f"{len(rows)} pages, {len(gate)} in the ladder + adds branch (body.DROP_REPEATS "
        f"{body.DROP_REPEATS})"
    )
    print(f"{'':42s} all    " + " ".join(t[:6] for t in TYPES) + " aeb aeb_f1")
    print(line("choose (now)", summary(score, rows, ["now"] * len(rows))))
    for how in args.how:
        picks = [how if row["gate"] else "now" for row in rows]
        print(line(f"always {how}", summary(score, rows, picks)))
    oracle = [max(row["f1"], key=lambda k: row["f1"][k]) if row["gate"] else "now" for row in rows]
    print(line("oracle of the candidates", summary(score, rows, oracle)))
    for spec in [["now", 0, 0], *args.chooser]:
        if spec[0] == "now":
            picks = ["now"] * len(rows)
        else:
            picks = gated_picks(
                rows, folds, spec[0].split(","), float(spec[1]), float(spec[2]), args.c
            )
        print(f"gate {spec}, then the chooser:")
        chooser_oof(score, pages, saved, picks)
    if args.no_gates:
        return 0
    sets = [args.how] if args.combined_only else [[h] for h in args.how] + [args.how]
    for how_set in sets:
        for cost in args.cost:
            for margin in args.margin:
                picks = gated_picks(rows, folds, how_set, cost, margin, args.c)
                web = sum(
                    p != "now" and r["type"] != "aeb" for p, r in zip(picks, rows, strict=True)
                )
                aeb = sum(
                    p != "now" and r["type"] == "aeb" for p, r in zip(picks, rows, strict=True)
                )
                name = f"gate {'+'.join(how_set)} c{cost} m{margin}"
                print(line(name, summary(score, rows, picks), (web, aeb)), flush=True)
                for fold in sorted(set(folds)):
                    held = [i for i in range(len(rows)) if folds[i] == fold]
                    before = summary(score, [rows[i] for i in held], ["now"] * len(held))
                    after = summary(score, [rows[i] for i in held], [picks[i] for i in held])
                    print(f"    fold {fold + 1}: all {before['all']:.4f} -> {after['all']:.4f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
