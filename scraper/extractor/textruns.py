"""Which stretch of a text dump is the article: candidate runs, described and ranked as wholes.

Block by block the model says how content-like each block is; the body is a contiguous run of
blocks. The run with the largest summed evidence is usually right, but when a page has two
prose-like stretches (the article and a long comment thread, an excerpt list, a sidebar of
teasers) the sums alone pick the wrong one and the whole page is lost. So the few best
disjoint runs (the best one, then the best ones left and right of it) and the spans joining the
best to its neighbours are each described as a whole (their share of the page's prose, their
words, link and bullet shares, where they sit against the title line and in the page) and a
small linear ranker (``textweights.RUN_WEIGHTS``, trained host-folded by
``benchmarks/train_text_runs.py``) picks one. With no ranker weights it picks the largest sum,
describing no other candidate: as shipped, since no ranker trained so far beat the largest sum
out of fold (the best candidate would gain 0.027 word F1: docs/benchmarks.md, round five).
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence

import numpy as np

from scraper.extractor.textfeatures import FEATURE_NAMES, BlockFeatures
from scraper.extractor.textlines import Dump
from scraper.extractor.textweights import RUN_WEIGHTS

# The no-ranker run in C (built from _ctext.pyx by setup.py; optional): the same span.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = ["RUN_FEATURE_NAMES", "candidate_runs", "choose_run", "run_features"]

RUN_FEATURE_NAMES: tuple[str, ...] = (
    "top",
    "joined",
    "relative_sum",
    "log_words",
    "word_share",
    "prose_share",
    "mean_prob",
    "linked_share",
    "bullet_share",
    "chrome_ratio",
    "stopword_ratio",
    "start",
    "end",
    "log_blocks",
    "after_anchor",
    "before_anchor",
    "holds_anchor",
    "longest_block",
)
_MAX_RUNS = 4  # disjoint runs considered
_THRESHOLDS = (0.3, 0.4, 0.6, 0.7)  # content thresholds of the looser and stricter runs
_ANCHOR_GAP = 4  # blocks between the title line and a run that starts "just after" it
_PROSE_WORDS = 20
_COLUMN = {name: FEATURE_NAMES.index(name) for name in FEATURE_NAMES}
_RUN_ROW = np.array([RUN_WEIGHTS.get(name, 0.0) for name in RUN_FEATURE_NAMES])
_RANKED = bool(_RUN_ROW.any())  # the shipped ranker has weights (tested once, not per dump)

Run = tuple[int, int, float]  # [start, end) and the run's summed evidence


def _best_in(prefix: np.ndarray, low: int, high: int) -> Run | None:
    """The run of blocks ``[low, high)`` with the largest positive sum (Kadane's, in numpy).

    ``prefix``: the cumulative evidence with a leading zero. Ties go as in a left-to-right scan:
    the first end reaching the best sum, the latest start before it.
    """
    if high <= low:
        return None
    part = prefix[low : high + 1]
    lows = np.minimum.accumulate(part)
    gains = part - lows
    end = int(np.argmax(gains))
    if gains[end] <= 0:
        return None
    before = part[: end + 1]
    start = end - int(np.argmin(before[::-1]))
    return low + start, low + end, float(gains[end])


def candidate_runs(
    evidence: np.ndarray,
    probs: np.ndarray | None = None,
    lengths: np.ndarray | None = None,
    limit: int = _MAX_RUNS,
) -> list[Run]:
    """The best run first, then the best disjoint runs left and right of the chosen ones.

    Then the spans from the best run to the nearest other run on each side (a body cut in two
    by a widget) and, given ``probs`` and ``lengths`` (blocks' weights in the sum), the best
    runs at stricter and looser content thresholds (a body cut short, or run on into chrome);
    each span once, with its summed ``evidence``.
    """
    prefix = np.zeros(len(evidence) + 1)
    np.cumsum(evidence, out=prefix[1:])
    first = _best_in(prefix, 0, len(evidence))
    if first is None:
        return [(0, 0, 0.0)]
    runs = [first]
    queue: list[tuple[float, int, Run]] = []
    for low, high in ((0, first[0]), (first[1], len(evidence))):
        found = _best_in(prefix, low, high)
        if found is not None:
            heapq.heappush(queue, (-found[2], found[0], found))
    while queue and len(runs) < limit:
        _, _, run = heapq.heappop(queue)
        runs.append(run)
        for low, high in (
            (_bound_left(runs, run[0]), run[0]),
            (run[1], _bound_right(runs, run[1], len(evidence))),
        ):
            found = _best_in(prefix, low, high)
            if found is not None:
                heapq.heappush(queue, (-found[2], found[0], found))
    start, end = first[0], first[1]
    spans = [(start, end)]
    before = [r for r in runs[1:] if r[1] <= start]
    after = [r for r in runs[1:] if r[0] >= end]
    if before:
        low = max(before, key=lambda r: r[1])[0]
        spans.append((low, end))
    if after:
        high = min(after, key=lambda r: r[0])[1]
        spans.append((start, high))
    if probs is not None and lengths is not None:
        shifted = np.zeros(len(evidence) + 1)
        for threshold in _THRESHOLDS:
            np.cumsum((probs - threshold) * lengths, out=shifted[1:])
            found = _best_in(shifted, 0, len(evidence))
            if found is not None:
                spans.append(found[:2])
    seen = {r[:2] for r in runs}
    for span in spans[1:]:
        if span not in seen:
            seen.add(span)
            runs.append((span[0], span[1], float(prefix[span[1]] - prefix[span[0]])))
    return runs


def _bound_left(runs: Sequence[Run], at: int) -> int:
    return max((r[1] for r in runs if r[1] <= at), default=0)


def _bound_right(runs: Sequence[Run], at: int, n: int) -> int:
    return min((r[0] for r in runs if r[0] >= at), default=n)


def run_features(
    runs: Sequence[Run], probs: np.ndarray, features: BlockFeatures, dump: Dump
) -> np.ndarray:
    """One ``RUN_FEATURE_NAMES`` row per candidate run, from cumulative sums over the blocks."""
    matrix = features.matrix
    n = len(probs)
    words = features.words.astype(float)
    prose = words * ((words >= _PROSE_WORDS) & (matrix[:, _COLUMN["sentences"]] > 0))
    per_block = np.column_stack(
        (
            words,
            prose,
            words * probs,
            words * (dump.links > 0),
            words * dump.bullet,
            words * matrix[:, _COLUMN["chrome_ratio"]],
            words * matrix[:, _COLUMN["stopword_ratio"]],
        )
    )
    prefix = np.zeros((n + 1, per_block.shape[1]))
    np.cumsum(per_block, axis=0, out=prefix[1:])
    totals = np.maximum(prefix[-1], 1.0)
    anchors = np.flatnonzero(matrix[:, _COLUMN["is_anchor"]] > 0)
    anchor = int(anchors[0]) if len(anchors) else -1
    starts = np.array([r[0] for r in runs])
    ends = np.array([r[1] for r in runs])
    sums = np.array([r[2] for r in runs])
    inside = prefix[ends] - prefix[starts]
    run_words = np.maximum(inside[:, 0], 1.0)
    longest = [words[s:e].max() if e > s else 0.0 for s, e in zip(starts, ends, strict=True)]
    rows = np.zeros((len(runs), len(RUN_FEATURE_NAMES)))
    rows[0, 0] = 1.0
    top_start, top_end = starts[0], ends[0]
    rows[:, 1] = (starts <= top_start) & (ends >= top_end) & (ends - starts > top_end - top_start)
    rows[:, 2] = sums / max(float(sums.max()), 1e-9)
    rows[:, 3] = np.log1p(inside[:, 0])
    rows[:, 4] = inside[:, 0] / totals[0]
    rows[:, 5] = inside[:, 1] / totals[1] if prefix[-1, 1] > 0 else 0.0
    rows[:, 6:11] = inside[:, 2:7] / run_words[:, None]
    rows[:, 11] = starts / max(1, n)
    rows[:, 12] = ends / max(1, n)
    rows[:, 13] = np.log1p(ends - starts)
    if anchor >= 0:
        rows[:, 14] = (starts > anchor) & (starts - anchor <= _ANCHOR_GAP)
        rows[:, 15] = ends <= anchor
        rows[:, 16] = (starts <= anchor) & (anchor < ends)
    rows[:, 17] = np.log1p(longest)
    return rows


def choose_run(
    evidence: np.ndarray,
    probs: np.ndarray,
    lengths: np.ndarray,
    features: BlockFeatures,
    dump: Dump,
    weights: Sequence[float] | None = None,
) -> tuple[int, int]:
    """The candidate the ranker scores highest (the largest sum when it has no weights)."""
    row = _RUN_ROW if weights is None else np.asarray(weights, dtype=float)
    # no ranker: the largest sum, without describing the other candidates
    if not (_RANKED if weights is None else row.any()):
        if _ctext is not None and evidence.dtype == np.float64 and evidence.flags.c_contiguous:
            span = _ctext.best_prefix_run(evidence)  # None: a prefix is not finite
            if span is not None:
                return span or (0, 0)
        prefix = np.zeros(len(evidence) + 1)
        np.cumsum(evidence, out=prefix[1:])
        best = _best_in(prefix, 0, len(evidence))
        return (best[0], best[1]) if best is not None else (0, 0)
    runs = candidate_runs(evidence, probs, lengths)
    if len(runs) == 1:
        return runs[0][0], runs[0][1]
    scores = run_features(runs, probs, features, dump) @ row
    best = runs[int(np.argmax(scores))]
    return best[0], best[1]
