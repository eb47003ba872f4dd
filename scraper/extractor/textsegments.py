"""The segment model for text dumps: the body's kept blocks judged again, run by run.

After the edge step the body still holds stretches the block model is sure of but the gold
leaves out: comments with no heading, teasers, a "related" box or a caption run in the middle.
One block at a time they read like the article; as a unit they do not (a run of short dated
lines, its own heading, typeset or worded unlike the body's opening). So the kept blocks are
split into runs (at a heading-like line, where blocks were left out between two kept ones, and
where the indent changes), each run is described as a whole, and a logistic model (weights in
``textsegmentweights.py``, fitted by ``benchmarks/train_text_segments.py`` on out-of-fold block
and edge verdicts) drops the runs it judges not body. The body's opening run always stays.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import repeat

import numpy as np

from scraper.extractor.textedges import cue_words

__all__ = [
    "SEGMENT_FEATURE_NAMES",
    "SegmentModel",
    "drop_segments",
    "segment_rows",
    "segment_starts",
    "shipped_segments",
]

SEGMENT_FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_blocks",
    "log_words",
    "word_share",
    "mean_p",
    "min_p",
    "max_p",
    "words_before",
    "words_after",
    "is_tail",
    "log_gap_before",
    "log_gap_after",
    "heading_cue",
    "gap_cue",
    "own_cue",
    "dated_share",
    "short_share",
    "prose_share",
    "log_mean_words",
    "stopword_gap",
    "indent_gap",
    "sentence_end",
    "link_density",
    "bullet",
    "title_case",
    "digit_ratio",
    "chrome_ratio",
    "repeated",
    "comma_density",
)
_HEADING_WORDS = 12  # a kept line this short with no sentence ending opens a new run
_PROSE_ENDS = (".", "!", "?", '"', "”", ":", ")")
_SHORT = 5
_PROSE = 20
_DATED_WORDS = 40
_DATED_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_GAP_LOOK = 3  # left-out blocks before a run read for a heading cue
_COLUMNS = (  # the first two are compared with the opening run's; the rest are plain means
    "stopword_ratio",
    "indent",
    "sentence_end",
    "link_density",
    "bullet",
    "title_case",
    "digit_ratio",
    "chrome_ratio",
    "repeated_in_page",
    "comma_density",
)


@dataclass(frozen=True, slots=True)
class SegmentModel:
    """Weights (``SEGMENT_FEATURE_NAMES`` order), cue word scores, and the drop bar."""

    weights: tuple[float, ...]
    cues: Mapping[str, float]
    threshold: float = 0.3  # a run is dropped below this probability of being body


def segment_starts(
    keep: np.ndarray, words: np.ndarray, indent: np.ndarray, ended: np.ndarray
) -> np.ndarray:
    """Where the kept blocks' runs start (positions in ``keep``): after left-out blocks, where
    the indent changes, and at a short line with no sentence ending (a heading)."""
    if len(keep) < 2:
        return np.zeros(min(len(keep), 1), dtype=int)
    breaks = (
        (np.diff(keep) > 1) | (np.diff(indent) != 0) | ((words[1:] <= _HEADING_WORDS) & ~ended[1:])
    )
    return np.concatenate(([0], np.flatnonzero(breaks) + 1))


def segment_rows(
    keep: Sequence[int],
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    matrix: np.ndarray,
    names: Sequence[str],
    cues: Mapping[str, float],
) -> tuple[list[tuple[int, int]], np.ndarray]:
    """The body's runs (``(start, end)`` positions in ``keep``) and one feature row each
    (``SEGMENT_FEATURE_NAMES`` order): per-run sums over the kept blocks, no loop over blocks
    but for the short ones' cue words and dates."""
    at = np.asarray(keep, dtype=int)
    n = len(at)
    if not n:
        return [], np.zeros((0, len(SEGMENT_FEATURE_NAMES)))
    counts = words[at].astype(float)
    columns = matrix[at][:, [names.index(c) for c in _COLUMNS]]
    starts = segment_starts(at, counts, columns[:, 1], columns[:, 2] > 0)
    ends = np.append(starts[1:], n)
    k = len(starts)
    blocks = (ends - starts).astype(float)
    seg_words = np.add.reduceat(counts, starts)
    weight = np.maximum(seg_words, 1.0)
    total = max(float(counts.sum()), 1.0)
    p = probs[at]
    means = np.add.reduceat(columns * counts[:, None], starts) / weight[:, None]
    done = np.concatenate(([0.0], np.cumsum(seg_words)[:-1]))
    gaps = np.append(np.diff(at) - 1, 0)  # left-out blocks after each kept one
    gap_before = np.concatenate(([0], gaps[ends[:-1] - 1]))
    gap_after = gaps[ends - 1]
    short_rows = np.flatnonzero(counts < _PROSE).tolist()
    seg_of = np.repeat(np.arange(k), ends - starts)
    own = np.zeros(k)
    dated = np.zeros(k)
    for j in short_rows:
        i = int(at[j])
        text = texts[i]
        s = seg_of[j]
        score = _cue(cues, text)
        if score > own[s]:
            own[s] = score
        if _DATED_RE.search(text) is not None:
            dated[s] += 1
    for j in np.flatnonzero((counts >= _PROSE) & (counts <= _DATED_WORDS)).tolist():
        if _DATED_RE.search(texts[int(at[j])]) is not None:
            dated[seg_of[j]] += 1
    heading = np.zeros(k)
    gap_cue = np.zeros(k)
    for s, j in enumerate(starts.tolist()):
        first = int(at[j])
        if counts[j] <= _HEADING_WORDS:
            heading[s] = _cue(cues, texts[first])
        if s and gap_before[s]:
            low = max(first - _GAP_LOOK, int(at[j - 1]) + 1)
            gap_cue[s] = max(
                (_cue(cues, texts[i]) for i in range(low, first) if words[i] <= _HEADING_WORDS),
                default=0.0,
            )
    short = np.add.reduceat((counts < _SHORT).astype(float), starts)
    prose = np.add.reduceat(np.where(counts >= _PROSE, counts, 0.0), starts)
    opening = means[0]
    rows = np.column_stack(
        (
            np.ones(k),
            np.log1p(blocks),
            np.log1p(seg_words),
            seg_words / total,
            np.add.reduceat(p * counts, starts) / weight,
            np.minimum.reduceat(p, starts),
            np.maximum.reduceat(p, starts),
            done / total,
            (total - done - seg_words) / total,
            (np.arange(k) == k - 1) & (k > 1),
            np.log1p(gap_before),
            np.log1p(gap_after),
            heading,
            gap_cue,
            own,
            dated / blocks,
            short / blocks,
            prose / weight,
            np.log1p(seg_words / blocks),
            means[:, 0] - opening[0],
            np.abs(means[:, 1] - opening[1]),
            means[:, 2:],
        )
    )
    spans = list(zip(starts.tolist(), ends.tolist(), strict=True))
    return spans, rows


def _cue(cues: Mapping[str, float], text: str) -> float:
    return max(map(cues.get, cue_words(text), repeat(0.0)), default=0.0)


def segment_probabilities(weights: Sequence[float], rows: np.ndarray) -> np.ndarray:
    """Each run's probability of being body text."""
    z = rows @ np.asarray(weights, dtype=float)
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def drop_segments(
    keep: list[int],
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    matrix: np.ndarray,
    names: Sequence[str],
    model: SegmentModel,
) -> list[int]:
    """The body without the runs the model judges not body (the opening run always stays)."""
    if len(keep) < 2:
        return keep
    spans, rows = segment_rows(keep, texts, probs, words, matrix, names, model.cues)
    if len(spans) < 2:
        return keep
    q = segment_probabilities(model.weights, rows)
    out = list(keep[spans[0][0] : spans[0][1]])
    for (s, e), qk in zip(spans[1:], q[1:], strict=True):
        if qk >= model.threshold:
            out.extend(keep[s:e])
    return out


@cache
def shipped_segments() -> SegmentModel | None:
    """The shipped segment model, or None when none is fitted (the body left as it is)."""
    from scraper.extractor.textedgeweights import EDGE_CUES
    from scraper.extractor.textsegmentweights import SEGMENT_THRESHOLD, SEGMENT_WEIGHTS

    if not SEGMENT_WEIGHTS:
        return None
    weights = tuple(SEGMENT_WEIGHTS[name] for name in SEGMENT_FEATURE_NAMES)
    return SegmentModel(weights, EDGE_CUES, SEGMENT_THRESHOLD)
