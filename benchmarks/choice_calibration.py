"""Where the block model decides, is its expected-F1 choice fooled by its own scores? (a study)

    OMP_NUM_THREADS=1 python benchmarks/choice_calibration.py --oof-from /work/cache/body_oof.npz

Reads the out-of-fold block scores ``train_body_model.py --aeb train --labels consume-ladder
--oof-scores`` saved (5 domain folds over wcxb-dev and AEB) and the cached page examples, and
re-scores ``body.choose`` with the scores mapped before ``expected_f1_lines``, only where the
model decides (the ladder-plus-adds branch keeps its raw scores). Every map is fitted NESTED:
for the pages of fold k, only on the pages of the other folds (never on the fold scored):

- calibration: Platt (logistic on the score's logit), isotonic, and a logistic on the logit
  and six page statistics (share of the page's words at >= 0.5 and >= 0.9, between 0.2 and
  0.8, the mean score, lines and words), with and without their products with the logit;
  fitted on the word-weighted lines of the pages where the model decides (or of all pages);
- one global map ``sigmoid(a * logit(s) + b)`` picked by the training folds' mean word F1;
- a per-page shift ``b`` (ridge regression, one per shift, of the F1 gain over 18 page
  statistics; the largest predicted gain above a margin wins);
- clusters: the chosen lines cut into runs at gaps of more than ``gap`` unchosen lines, and
  the runs whose expected true words are under ``share`` of the largest run's dropped;
- near repeats: a chosen line whose normalised text, or all of whose word trigrams, an
  earlier chosen line holds, dropped as ``DROP_REPEATS`` drops exact copies.

Also prints the scores' reliability (label rate by score bin) and where the wrong kept words
sit by score. Nothing here is shipped; benchmarks/README.md ("branch body10") has the figures.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

PROJECT_ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT_ROOT))
sys.path.insert(0, str(PROJECT_ROOT / "benchmarks"))

import train_body_model as tbm  # noqa: E402

from scraper.extractor import body  # noqa: E402
from scraper.extractor.body import choose, lines_to_text  # noqa: E402

Map = Callable[[list[Any], np.ndarray], np.ndarray]
TYPES = ("article", "documentation", "service", "forum", "product", "collection", "listing")
WORD_RE = re.compile(r"\w+")
RAW_EXPECTED_F1 = body.expected_f1_lines
RAW_ADDS = body._ladder_and_sure_lines
RAW_REPEATS = body._drop_repeats
STATE: dict[str, Any] = {"map": None, "off": False}
AEB_SCORE: list[Any] = []  # the shared scorer module, for AEB-F1


def mapped_expected_f1(lines: list[Any], scores: np.ndarray, threshold: float) -> np.ndarray:
    """``expected_f1_lines`` on the mapped scores (raw inside the ladder-plus-adds branch),
    then, with ``STATE["clusters"]`` set, only the runs of chosen lines near the main one."""
    if STATE["off"] or not len(lines):
        return RAW_EXPECTED_F1(lines, scores, threshold)
    raw = scores
    if STATE["map"] is not None:
        scores = STATE["map"](lines, scores)
    chosen = RAW_EXPECTED_F1(lines, scores, threshold)
    if STATE.get("clusters") and chosen.any():
        gap, share = STATE["clusters"]
        expected = raw * words_of(lines)
        where = np.flatnonzero(chosen)
        runs = np.split(where, np.flatnonzero(np.diff(where) > gap + 1) + 1)
        mass = np.array([expected[run].sum() for run in runs])
        for run, run_mass in zip(runs, mass, strict=True):
            if run_mass < share * mass.max():
                chosen[run] = False
    return chosen


def raw_adds(page: Any, blocks: Any, scores: np.ndarray) -> Any:
    STATE["off"] = True
    try:
        return RAW_ADDS(page, blocks, scores)
    finally:
        STATE["off"] = False


body.expected_f1_lines = mapped_expected_f1
body._ladder_and_sure_lines = raw_adds


def load(shared: Path, oof_from: Path) -> tuple[Any, list[dict[str, Any]], np.ndarray]:
    """Both sets' cached examples, consume-ladder labels, domain folds, the saved scores."""
    from sklearn.model_selection import GroupKFold

    score = tbm.load_module(shared / "score.py", "shared_score")
    cache = PROJECT_ROOT / "benchmarks" / "results" / "cache"
    _, docs = score.load_set(str(shared / "wcxb-dev"))
    pages = tbm.cached_examples(docs, shared / "wcxb-dev", cache)
    args = argparse.Namespace(no_cache=False, cache=cache, aeb_weight=1.0)
    pages = pages + tbm.aeb_pages(score, shared / "aeb", args)
    tbm.relabel(pages, "consume-ladder")
    fold_of = np.zeros(len(pages), dtype=int)
    folds = GroupKFold(n_splits=tbm.FOLDS).split(pages, groups=[p["domain"] for p in pages])
    for number, (_, test) in enumerate(folds):
        fold_of[test] = number
    saved = dict(np.load(oof_from))
    for p in pages:
        p.pop("X")
        p["s"] = saved[p["id"]]
        p["gold_words"] = Counter(score.word_tokens(p["gold"]))
    return score, pages, fold_of


def page_f1(score: Any, p: dict[str, Any]) -> tuple[float, float, float, Any, Any]:
    """Precision, recall, word F1 (the shared scorer's ``bow_prf``, gold counted once),
    ``choose``'s choice, and on AEB the scorer's shingle counts for AEB-F1."""
    choice = choose(p["page"], p["s"], tbm.KEEP_THRESHOLD)
    gold = p["gold_words"]
    text = lines_to_text(choice.lines)
    got = Counter(score.word_tokens(text))
    triple = score.aeb_tp_fp_fn(p["gold"], text) if p["type"] == "aeb" else None
    n_gold, n_got = sum(gold.values()), sum(got.values())
    if not n_gold or not n_got:
        same = float(n_gold == n_got)
        return same, same, same, choice, triple
    overlap = sum(min(count, got[word]) for word, count in gold.items() if word in got)
    precision, recall = overlap / n_got, overlap / n_gold
    f1 = 2 * precision * recall / (precision + recall) if overlap else 0.0
    return precision, recall, f1, choice, triple


def words_of(lines: list[Any]) -> np.ndarray:
    return np.fromiter((line.text.count(" ") + 1 for line in lines), np.float64, len(lines))


def logit(scores: np.ndarray) -> np.ndarray:
    clipped = np.clip(scores, 1e-4, 1 - 1e-4)
    return np.log(clipped / (1 - clipped))


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def score_stats(lines: list[Any], scores: np.ndarray) -> np.ndarray:
    """Six page statistics of the score distribution, by words."""
    words = words_of(lines)
    total = max(words.sum(), 1.0)
    return np.array(
        [
            words[scores >= 0.5].sum() / total,
            words[scores >= 0.9].sum() / total,
            words[(scores > 0.2) & (scores < 0.8)].sum() / total,
            (words * scores).sum() / total,
            np.log1p(len(lines)) / 8.0,
            np.log1p(total) / 10.0,
        ]
    )


def design(lines: list[Any], scores: np.ndarray, kind: str) -> np.ndarray:
    z = logit(scores)[:, None]
    if kind == "platt":
        return z
    stats = np.repeat(score_stats(lines, scores)[None, :], len(scores), axis=0)
    return np.hstack([z, stats] if kind == "stats" else [z, stats, z * stats])


def fit_map(train: list[dict[str, Any]], kind: str) -> Map:
    """A calibration fitted on the training pages' word-weighted lines (labels: consume-ladder)."""
    from sklearn.isotonic import IsotonicRegression
    from sklearn.linear_model import LogisticRegression

    y = np.concatenate([p["y"] for p in train])
    weight = np.concatenate([p["w"] for p in train])
    if kind == "isotonic":
        fitted = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip")
        fitted.fit(np.concatenate([p["s"] for p in train]), y, sample_weight=weight)
        grid = np.linspace(0.0, 1.0, 101)
        table = fitted.predict(grid)
        return lambda lines, scores: np.interp(scores, grid, table)
    x = np.vstack([design(p["page"].blocks.lines, p["s"], kind) for p in train])
    logistic = LogisticRegression(C=1.0, max_iter=2000).fit(x, y, sample_weight=weight)
    coef, intercept = logistic.coef_[0], logistic.intercept_[0]
    return lambda lines, scores: sigmoid(design(lines, scores, kind) @ coef + intercept)


def affine(a: float, b: float) -> Map:
    return lambda lines, scores: sigmoid(a * logit(scores) + b)


def report(name: str, pages: list[dict[str, Any]], fold_of: np.ndarray, rows: list[tuple]) -> None:
    by_type: dict[str, list[float]] = defaultdict(list)
    for p, row in zip(pages, rows, strict=True):
        by_type[p["type"]].append(row[2])
    web = [row for p, row in zip(pages, rows, strict=True) if p["type"] != "aeb"]
    triples = [row[4] for row in rows if row[4] is not None]
    folds = [
        np.mean([rows[i][2] for i in np.flatnonzero(fold_of == k) if pages[i]["type"] != "aeb"])
        for k in range(tbm.FOLDS)
    ]
    print(
        f"{name:34s} all {np.mean([r[2] for r in web]):.4f} P {np.mean([r[0] for r in web]):.4f}"
        f" AEB {np.mean(by_type['aeb']):.4f} / {AEB_SCORE[0].aeb_aggregate(triples)['f1']:.4f} | "
        + " ".join(f"{kind[:4]} {np.mean(by_type[kind]):.4f}" for kind in TYPES)
        + " | folds "
        + " ".join(f"{f:.4f}" for f in folds),
        flush=True,
    )


def nested(score: Any, pages: list[dict], fold_of: np.ndarray, base: list, fit: Callable) -> list:
    """Each fold's pages re-scored with a map ``fit`` made from the other folds' pages."""
    rows = list(base)
    for k in range(tbm.FOLDS):
        STATE["map"] = fit([p for p, f in zip(pages, fold_of, strict=True) if f != k])
        for i in np.flatnonzero(fold_of == k):
            rows[i] = page_f1(score, pages[i])
        STATE["map"] = None
    return rows


def near_repeats(normalise: bool, contained: int) -> Callable:
    """``_drop_repeats`` that also drops a line whose normalised text (lower case, words) or,
    from ``contained`` words up, all of whose word trigrams an earlier chosen line holds."""

    def drop(lines: list[Any], chosen: list[bool]) -> frozenset[int]:
        seen: set[str] = set()
        grams: set[tuple[str, ...]] = set()
        repeats = []
        for index, (line, keep) in enumerate(zip(lines, chosen, strict=True)):
            if not keep:
                continue
            words = WORD_RE.findall(line.text.lower())
            key = " ".join(words) if normalise else line.text
            trigrams = set(zip(words, words[1:], words[2:], strict=False))
            inside = bool(contained and len(words) >= contained and trigrams <= grams)
            if words and (key in seen or inside):
                chosen[index] = False
                repeats.append(index)
            else:
                seen.add(key)
                grams |= trigrams
        return frozenset(repeats)

    return drop


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--oof-from", type=Path, required=True)
    parser.add_argument("--shared", type=Path, default=tbm.DEFAULT_SHARED)
    args = parser.parse_args()
    import warnings

    warnings.simplefilter("ignore")
    score, pages, fold_of = load(args.shared, args.oof_from)
    AEB_SCORE.append(score)
    base = [page_f1(score, p) for p in pages]
    decides = np.array([not row[3].bounded and row[3].kept is not None for row in base])
    for p, flag in zip(pages, decides, strict=True):
        p["decides"] = bool(flag)
    report("choose (main)", pages, fold_of, base)

    chosen = [p for p, d in zip(pages, decides, strict=True) if d and p["type"] != "aeb"]
    s = np.concatenate([p["s"] for p in chosen])
    y = np.concatenate([p["y"] for p in chosen]).astype(bool)
    words = np.concatenate([words_of(p["page"].blocks.lines) for p in chosen])
    kept = np.concatenate(
        [
            np.array(row[3].kept, bool)
            for row, p in zip(base, pages, strict=True)
            if p["decides"] and p["type"] != "aeb"
        ]
    )
    page_share = np.concatenate(
        [words_of(p["page"].blocks.lines) / words_of(p["page"].blocks.lines).sum() for p in chosen]
    )
    print(f"where the model decides on wcxb-dev ({len(chosen)} pages), by score:")
    for low, high in ((0, 0.3), (0.3, 0.5), (0.5, 0.7), (0.7, 0.9), (0.9, 1.01)):
        m = (s >= low) & (s < high)
        print(
            f"  {low:.1f}-{min(high, 1.0):.1f}: label rate {np.average(y[m], weights=words[m]):.3f}"
            f" mean score {np.average(s[m], weights=words[m]):.3f}; page-words kept wrong"
            f" {page_share[m & kept & ~y].sum():.1f},"
            f" kept right {page_share[m & kept & y].sum():.1f},"
            f" missed {page_share[m & ~kept & y].sum():.1f}"
        )

    for kind in ("platt", "isotonic", "stats", "stats_x"):
        for where in ("decides", "all"):

            def fit(train: list[dict], kind: str = kind, where: str = where) -> Map:
                return fit_map([p for p in train if where == "all" or p["decides"]], kind)

            rows_now = nested(score, pages, fold_of, base, fit)
            report(f"calibrated {kind} (fit on {where} pages)", pages, fold_of, rows_now)

    grid = [(a, b) for a in (0.7, 1.0, 1.4, 2.0) for b in (-1.5, -1.0, -0.6, -0.3, 0.0, 0.3, 0.6)]
    f1 = np.zeros((len(pages), len(grid)))
    f1[:] = np.array([row[2] for row in base])[:, None]
    for j, (a, b) in enumerate(grid):
        STATE["map"] = affine(a, b)
        for i in np.flatnonzero(decides):
            f1[i, j] = page_f1(score, pages[i])[2]
        STATE["map"] = None
    web = np.array([p["type"] != "aeb" for p in pages])
    for j, (a, b) in enumerate(grid):
        if a == 1.0 or b == -0.3:
            print(
                f"  map a={a} b={b:+.1f}: all {f1[web, j].mean():.4f} AEB {f1[~web, j].mean():.4f}"
            )
    rows = np.array([row[2] for row in base])
    for k in range(tbm.FOLDS):
        j = int(np.argmax(f1[fold_of != k].mean(0)))
        rows[fold_of == k] = f1[fold_of == k, j]
    print(
        f"global map picked on the other folds: all {rows[web].mean():.4f}"
        f" AEB {rows[~web].mean():.4f}"
    )
    print(f"per-page oracle of the {len(grid)} maps: all {f1[web].max(1).mean():.4f}")
    per_page_shift(pages, fold_of, decides, f1, grid, web)

    for gap, share_of_main in ((3, 0.05), (3, 0.1), (3, 0.2), (10, 0.1), (10, 0.2), (30, 0.1)):
        STATE["clusters"] = (gap, share_of_main)
        rows_now = [page_f1(score, p) for p in pages]
        STATE["clusters"] = None
        report(f"clusters (gap {gap}, share {share_of_main})", pages, fold_of, rows_now)

    for normalise, contained in ((True, 0), (False, 3), (True, 3), (True, 6)):
        body._drop_repeats = near_repeats(normalise, contained)
        rows_now = [page_f1(score, p) for p in pages]
        body._drop_repeats = RAW_REPEATS
        report(f"near repeats (norm {normalise}, >= {contained})", pages, fold_of, rows_now)
    return 0


def per_page_shift(
    pages: list[dict],
    fold_of: np.ndarray,
    decides: np.ndarray,
    f1: np.ndarray,
    grid: list,
    web: np.ndarray,
) -> None:
    """A shift ``b`` (a = 1) per page, picked by ridge regressions of each shift's F1 gain
    over page statistics fitted on the other folds' pages where the model decides."""
    from sklearn.linear_model import Ridge
    from sklearn.preprocessing import StandardScaler

    base_j = grid.index((1.0, 0.0))
    shifts = [grid.index((1.0, b)) for b in (-1.0, -0.6, -0.3, 0.3, 0.6)]
    x = np.zeros((len(pages), 8))
    for i in np.flatnonzero(decides):
        p = pages[i]
        lines, scores = p["page"].blocks.lines, p["s"]
        if not len(lines):
            continue
        words = words_of(lines)
        links = np.array([line.link_density for line in lines])
        items = np.array([line.kind == "li" for line in lines], dtype=bool)
        x[i] = np.concatenate(
            [
                score_stats(lines, scores),
                [(words * links).sum() / words.sum(), words[items].sum() / words.sum()],
            ]
        )
    for alpha, margin in ((10.0, 0.0), (100.0, 0.0), (100.0, 0.01)):
        rows = f1[:, base_j].copy()
        for k in range(tbm.FOLDS):
            train = decides & (fold_of != k)
            test = np.flatnonzero(decides & (fold_of == k))
            scale = StandardScaler().fit(x[train])
            gains = np.array(
                [
                    Ridge(alpha=alpha)
                    .fit(scale.transform(x[train]), f1[train, j] - f1[train, base_j])
                    .predict(scale.transform(x[test]))
                    for j in shifts
                ]
            )
            best = gains.argmax(0)
            for t, i in enumerate(test):
                if gains[best[t], t] > margin:
                    rows[i] = f1[i, shifts[best[t]]]
        print(
            f"per-page shift (ridge {alpha}, margin {margin}):"
            f" all {rows[web].mean():.4f} AEB {rows[~web].mean():.4f}"
        )


if __name__ == "__main__":
    raise SystemExit(main())
