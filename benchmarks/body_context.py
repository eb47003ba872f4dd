"""Issue 11, branch body13: precision where the line model decides, from the context of scores.

Where ``body.choose`` lets the block model decide, its expected-F1 choice takes lines one by one
by their own scores, so lines scored high in isolation (related products, footer blurbs,
sidebars) are kept wherever they are. Two ways to bring in the region the body sits in, both
read from the FIRST-stage out-of-fold scores (``train_body_model.py --oof-scores``):

- ``stack``: a second-stage line model (small boosted trees) whose features are the line's own
  first-stage score and the scores of its context: windows of neighbouring lines, the lines
  under each of its element's ancestors (the DOM subtree), the densest run of chosen lines and
  the densest subtree, plus a few of the line's own features. Trained out of fold on the same 5
  domain folds (fold k's second stage never sees fold k); its scores replace the first stage's
  where the model decides.
- ``region``: no fitting; the subtree that holds most of the chosen lines' expected
  true words, and the chosen lines outside it dropped unless scored very high (body10 tried
  the same with contiguous runs of lines).

The tree is not in the cached examples: ``--ancestry`` reads a pickle of each line's ancestor
contexts, written by ``--capture`` (``analyse_page(all_blocks=True)`` on every page of both
sets, 4 minutes on the loaded box); the lines are checked against the cached examples' texts.

    OMP_NUM_THREADS=1 python benchmarks/body_context.py --oof-scores oof.npz \
        --ancestry ancestry.pickle --capture --where --region 0.6:0.9 0.8:0.9
    OMP_NUM_THREADS=1 python benchmarks/body_context.py --oof-scores oof.npz \
        --ancestry ancestry.pickle --stack --save-blend blend.npz
    OMP_NUM_THREADS=1 python benchmarks/body_context.py --oof-scores oof.npz \
        --ancestry ancestry.pickle --mix-from blend.npz --mix 0.3 0.6
"""

from __future__ import annotations

import argparse
import logging
import pickle
import statistics
import sys
import time
import warnings
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import train_body_model as tbm

from scraper.extractor.body import choose, expected_f1_lines, lines_to_text
from scraper.extractor.features import FEATURE_NAMES

KEEP = tbm.KEEP_THRESHOLD
LEVELS = (1, 2, 3, 4, 6, 8)  # ancestors (above the line's own element) whose subtree is read
OWN_COLUMNS = (
    "log_chars",
    "link_density",
    "kind",
    "in_heuristic",
    "position",
    "own_log_repeats",
    "parent_log_repeats",
    "grandparent_link_density",
    "page_heuristic_share",
    "log_duplicates",
)
RUN_GAP = 3  # chosen lines at most this many unchosen lines apart are one run


def _words(page: Any) -> np.ndarray:
    lines = page.blocks.lines
    return np.fromiter((line.text.count(" ") + 1 for line in lines), np.float64, len(lines))


def _window(values: np.ndarray, weights: np.ndarray, radius: int) -> np.ndarray:
    """Weighted mean of ``values`` over the lines within ``radius`` of each line."""
    n = len(values)
    num = np.concatenate([[0.0], np.cumsum(values * weights)])
    den = np.concatenate([[0.0], np.cumsum(weights)])
    index = np.arange(n)
    low, high = np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)
    return (num[high] - num[low]) / np.maximum(den[high] - den[low], 1e-9)


def _runs(chosen: np.ndarray, gap: int) -> np.ndarray:
    """Run number of each chosen line (chosen lines at most ``gap`` unchosen lines apart share
    one); -1 for the lines not chosen."""
    run = np.full(len(chosen), -1)
    current, last = -1, -(10**9)
    for i in np.flatnonzero(chosen).tolist():
        if i - last > gap + 1:
            current += 1
        run[i] = current
        last = i
    return run


def context_features(page: Any, X: np.ndarray, s: np.ndarray, chains: list[tuple]) -> np.ndarray:
    """The second stage's features of every line of one page (see the module's docstring)."""
    n = len(s)
    words = _words(page)
    expected = s * words
    chosen = expected_f1_lines(page.blocks.lines, s, KEEP)
    mass = expected[chosen].sum() or 1.0
    logit = np.log(np.clip(s, 1e-4, 1 - 1e-4) / np.clip(1 - s, 1e-4, 1))
    cols = [s, logit, chosen.astype(np.float64)]
    for radius in (1, 2, 5, 12):
        cols.append(_window(s, words, radius))
    cols.append(_window(chosen.astype(np.float64), np.ones(n), 5))
    # rank of the line's score in the page, page totals
    order = np.argsort(-s, kind="stable")
    rank = np.empty(n)
    rank[order] = np.arange(n)
    cols.append(rank / max(n, 1))
    page_mean = float((s * words).sum() / words.sum())
    cols += [np.full(n, page_mean), np.full(n, chosen.mean()), np.full(n, np.log1p(n))]
    # runs of chosen lines: the line's run's share of the chosen mass, distance to the densest
    runs = _runs(chosen, RUN_GAP)
    run_mass = defaultdict(float)
    for i in np.flatnonzero(chosen).tolist():
        run_mass[runs[i]] += expected[i]
    best = max(run_mass, key=run_mass.get) if run_mass else -1
    inside = np.flatnonzero(runs == best) if best >= 0 else np.array([], dtype=int)
    if len(inside):
        first, last = inside[0], inside[-1]
        index = np.arange(n)
        dist = np.where(index < first, first - index, np.where(index > last, index - last, 0))
    else:
        dist = np.full(n, n)
    cols.append(np.log1p(dist))
    cols.append(np.array([run_mass.get(r, 0.0) / mass for r in runs.tolist()]))
    cols.append(np.full(n, run_mass.get(best, 0.0) / mass))
    # subtrees: per ancestor level, the word-weighted mean score of the lines under it, its share
    # of the chosen mass, and its share of the page's lines
    under: dict[int, list[int]] = defaultdict(list)
    depth: dict[int, int] = {}
    for i, chain in enumerate(chains):
        for level, key in enumerate(chain):
            under[key].append(i)
            depth[key] = len(chain) - level
    stats = {}
    for key, rows in under.items():
        rows_a = np.array(rows)
        w = words[rows_a]
        stats[key] = (
            float((s[rows_a] * w).sum() / w.sum()),
            float(expected[rows_a][chosen[rows_a]].sum() / mass),
            len(rows) / n,
        )
    region = dense_region(chains, chosen, expected, 0.6)  # the densest subtree
    for level in LEVELS:
        got = [stats[c[min(level, len(c) - 1)]] for c in chains]
        cols += [np.array(col) for col in zip(*got, strict=True)]
    cols.append(np.array([float(region in c) for c in chains]))
    cols.append(np.full(n, stats[region][2] if region is not None else 1.0))
    own = X[:, [FEATURE_NAMES.index(name) for name in OWN_COLUMNS]].astype(np.float64)
    return np.column_stack([*cols, own]).astype(np.float32)


def load(args: argparse.Namespace) -> tuple[Any, list[dict], dict[str, np.ndarray]]:
    logging.disable(logging.CRITICAL)
    warnings.simplefilter("ignore")
    score = tbm.load_module(args.shared / "score.py", "shared_score")
    set_dir = args.shared / "wcxb-dev"
    _, docs = score.load_set(str(set_dir))
    pages = tbm.cached_examples(docs, set_dir, args.cache)
    ns = argparse.Namespace(no_cache=False, cache=args.cache, aeb_weight=1.0)
    pages = pages + tbm.aeb_pages(score, args.shared / "aeb", ns)
    tbm.relabel(pages, "consume-ladder")
    saved = dict(np.load(args.oof_scores))
    return score, pages, saved


def folds(pages: list[dict]) -> list[np.ndarray]:
    from sklearn.model_selection import GroupKFold

    groups = [p["domain"] for p in pages]
    return [test for _, test in GroupKFold(n_splits=tbm.FOLDS).split(pages, groups=groups)]


def decides(page: Any, s: np.ndarray) -> bool:
    choice = choose(page, s, KEEP)
    return not choice.bounded and choice.kept is not None


def figures(score: Any, pages: list[dict], scores: dict[str, np.ndarray]) -> dict[str, float]:
    rows = defaultdict(list)
    f1s, triples, ps = [], [], []
    for p in pages:
        text = lines_to_text(tbm.choose_lines(p["page"], scores[p["id"]], KEEP))
        if p["type"] == "aeb":
            f1s.append(score.bow_prf(p["gold"], text)[2])
            triples.append(score.aeb_tp_fp_fn(p["gold"], text))
            continue
        precision, _, f1 = score.bow_prf(p["gold"], text)
        rows[p["type"]].append(f1)
        rows["all"].append(f1)
        ps.append(precision)
    out = {k: statistics.mean(v) for k, v in sorted(rows.items())}
    out["P"] = statistics.mean(ps)
    out["aeb_token"] = statistics.mean(f1s)
    out["aeb_f1"] = score.aeb_aggregate(triples)["f1"]
    return out


def show(name: str, figs: dict[str, float]) -> None:
    print(f"{name}: " + "  ".join(f"{k} {v:.4f}" for k, v in figs.items()), flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=tbm.DEFAULT_SHARED)
    parser.add_argument("--cache", type=Path, default=tbm.PROJECT_ROOT / "benchmarks/results/cache")
    parser.add_argument("--oof-scores", type=Path, required=True)
    parser.add_argument("--ancestry", type=Path, required=True)
    parser.add_argument(
        "--capture", action="store_true", help="write --ancestry first (parses both sets)"
    )
    parser.add_argument("--where", action="store_true", help="kept words in / out of the region")
    parser.add_argument("--stack", action="store_true", help="fit the second stage out of fold")
    parser.add_argument("--train-on", choices=("all", "decides"), default="all")
    parser.add_argument("--region", nargs="*", default=[], metavar="SHARE:KEEP")
    parser.add_argument("--save-blend", type=Path, help="write the blended scores here")
    parser.add_argument("--iter", type=int, default=150)
    parser.add_argument(
        "--mix-from",
        type=Path,
        help="a --save-blend file: re-score mixes of its second-stage scores with the first's",
    )
    parser.add_argument("--mix", type=float, nargs="*", default=[0.5, 1.0], metavar="ALPHA")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.capture:
        capture_ancestry(args.shared, args.ancestry)
    score, pages, saved = load(args)
    with args.ancestry.open("rb") as handle:
        ancestry = pickle.load(handle)
    for p in pages:
        texts = [line.text for line in p["page"].blocks.lines]
        if ancestry[p["id"]]["texts"] != texts:
            raise SystemExit(f"{p['id']}: the ancestry's lines differ from the cached examples")
        p["chains"] = ancestry[p["id"]]["chains"]
    print(f"{len(pages)} pages loaded ({time.perf_counter() - started:.0f} s)", flush=True)
    base = {p["id"]: saved[p["id"]] for p in pages}
    show("choose (main)", figures(score, pages, base))
    decided = {p["id"] for p in pages if len(base[p["id"]]) and decides(p["page"], base[p["id"]])}
    print(f"model decides on {len(decided)} pages", flush=True)
    if args.where:
        where_wrong(pages, base, decided)
    if args.mix_from:
        second = dict(np.load(args.mix_from))
        for alpha in args.mix:
            blended = dict(base)
            for pid in decided:
                blended[pid] = _mix(base[pid], second[pid], alpha)
            show(f"mix {alpha} (logits)", figures(score, pages, blended))
            blended = dict(base)
            for pid in decided:
                blended[pid] = np.minimum(base[pid], _mix(base[pid], second[pid], alpha))
            show(f"mix {alpha}, lowered only", figures(score, pages, blended))
    for setting in args.region:
        share, keep = map(float, setting.split(":"))
        blended = dict(base)
        for p in pages:
            if p["id"] in decided:
                blended[p["id"]] = region_scores(p, base[p["id"]], share, keep)
        show(f"region {setting}", figures(score, pages, blended))
    if args.stack:
        from sklearn.ensemble import HistGradientBoostingClassifier

        feats = {}
        for p in pages:
            s = base[p["id"]]
            if len(s):
                feats[p["id"]] = context_features(p["page"], p["X"], s, p["chains"])
        print(f"features ({time.perf_counter() - started:.0f} s)", flush=True)
        blended = dict(base)
        for number, test in enumerate(folds(pages), start=1):
            held = {pages[i]["id"] for i in test}
            train = [
                p
                for p in pages
                if p["id"] not in held
                and p["id"] in feats
                and (args.train_on == "all" or p["id"] in decided)
            ]
            model = HistGradientBoostingClassifier(
                max_iter=args.iter, max_depth=5, learning_rate=0.1, random_state=0
            )
            model.fit(
                np.concatenate([feats[p["id"]] for p in train]),
                np.concatenate([p["y"] for p in train]),
                sample_weight=np.concatenate([p["w"] for p in train]),
            )
            for i in test:
                pid = pages[i]["id"]
                if pid in decided:
                    blended[pid] = model.predict_proba(feats[pid])[:, 1]
            print(f"fold {number} ({time.perf_counter() - started:.0f} s)", flush=True)
        show(f"stack ({args.train_on})", figures(score, pages, blended))
        if args.save_blend:
            np.savez_compressed(args.save_blend, **blended)
    return 0


def _logit(s: np.ndarray) -> np.ndarray:
    s = np.clip(s, 1e-4, 1 - 1e-4)
    return np.log(s / (1 - s))


def _mix(first: np.ndarray, second: np.ndarray, alpha: float) -> np.ndarray:
    """``alpha`` of the second stage's logit and the rest of the first's, as a probability."""
    return 1.0 / (1.0 + np.exp(-(alpha * _logit(second) + (1 - alpha) * _logit(first))))


def dense_region(
    chains: list[tuple], chosen: np.ndarray, expected: np.ndarray, share: float
) -> int | None:
    """The deepest ancestor context holding ``share`` of the chosen lines' expected true words
    (``expected``: score x words), or None when nothing is chosen."""
    mass = expected[chosen].sum()
    if mass <= 0:
        return None
    held: dict[int, float] = defaultdict(float)
    depth: dict[int, int] = {}
    for i in np.flatnonzero(chosen).tolist():
        chain = chains[i]
        for level, key in enumerate(chain):
            held[key] += expected[i]
            depth[key] = len(chain) - level
    return max((k for k, v in held.items() if v >= share * mass), key=depth.get)


def region_scores(p: dict, s: np.ndarray, share: float, keep: float) -> np.ndarray:
    """Scores with the chosen lines outside the densest subtree (``dense_region``) lowered to
    0 unless >= ``keep``; the expected-F1 choice then runs again on them."""
    chosen = expected_f1_lines(p["page"].blocks.lines, s, KEEP)
    region = dense_region(p["chains"], chosen, s * _words(p["page"]), share)
    if region is None:
        return s
    out = s.copy()
    for i in np.flatnonzero(chosen).tolist():
        if region not in p["chains"][i] and s[i] < keep:
            out[i] = 0.0
    return out


def where_wrong(pages: list[dict], base: dict[str, np.ndarray], decided: set[str]) -> None:
    """Where the model decides: the kept words labelled wrong and right, inside and outside
    the densest subtree, as page-shares of words summed per page type (body10's unit)."""
    for share in (0.5, 0.6, 0.8):
        cells: dict[str, np.ndarray] = defaultdict(lambda: np.zeros(4))
        for p in pages:
            if p["id"] not in decided:
                continue
            s = base[p["id"]]
            words = _words(p["page"])
            chosen = expected_f1_lines(p["page"].blocks.lines, s, KEEP)
            region = dense_region(p["chains"], chosen, s * words, share)
            for i in np.flatnonzero(chosen).tolist():
                inside = region in p["chains"][i]
                cell = (2 if p["y"][i] else 0) + (0 if inside else 1)
                cells[p["type"]][cell] += words[i] / words.sum()
        for kind, cell in sorted(cells.items()):
            print(
                f"where, region share {share}, {kind}: kept wrong inside / outside "
                f"{cell[0]:.1f} / {cell[1]:.1f}, right inside / outside "
                f"{cell[2]:.1f} / {cell[3]:.1f}"
            )


def capture_ancestry(shared: Path, target: Path) -> None:
    """Each page line's ancestor contexts (int ids, its own element first) and its text, for
    both sets, keyed like the examples (AEB ids prefixed): the cached examples drop the tree."""
    from scraper.extractor.body import analyse_page
    from scraper.extractor.parse import parse_html

    score = tbm.load_module(shared / "score.py", "shared_score")
    out = {}
    for name, prefix in (("wcxb-dev", ""), ("aeb", tbm.AEB_PREFIX)):
        _, docs = score.load_set(str(shared / name))
        for doc in docs:
            root = parse_html(doc["html"])
            if root is None:
                continue
            page = analyse_page(root, all_blocks=True)
            ids: dict[int, int] = {}
            chains = []
            for ctx in page.blocks.contexts:
                chain = []
                node = ctx
                while node is not None:
                    chain.append(ids.setdefault(id(node), len(ids)))
                    node = node.parent
                chains.append(tuple(chain))
            texts = [line.text for line in page.blocks.lines]
            out[prefix + doc["id"]] = {"chains": chains, "texts": texts}
    with target.open("wb") as handle:
        pickle.dump(out, handle, protocol=pickle.HIGHEST_PROTOCOL)


if __name__ == "__main__":
    raise SystemExit(main())
