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

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache

import numpy as np

from scraper.extractor.textedges import cue_words

__all__ = [
    "SEGMENT_FEATURE_NAMES",
    "SegmentModel",
    "drop_segments",
    "segment_rows",
    "segment_spans",
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
    "overlap",
)
_HEADING_WORDS = 12  # a kept line this short with no sentence ending opens a new run
_PROSE_ENDS = (".", "!", "?", '"', "”", ":", ")")
_SHORT = 5
_PROSE = 20
_DATED_WORDS = 40
_DATED_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_GAP_LOOK = 3  # left-out blocks before a run read for a heading cue
_COLUMNS = (
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


def segment_spans(
    keep: Sequence[int], texts: Sequence[str], words: Sequence[float], indent: Sequence[float]
) -> list[tuple[int, int]]:
    """The kept blocks split into runs: ``(start, end)`` positions in ``keep``."""
    spans: list[tuple[int, int]] = []
    start = 0
    for j in range(1, len(keep)):
        i, prev = keep[j], keep[j - 1]
        text = texts[i]
        if (
            i - prev > 1
            or indent[i] != indent[prev]
            or (words[i] <= _HEADING_WORDS and not text.rstrip().endswith(_PROSE_ENDS))
        ):
            spans.append((start, j))
            start = j
    if keep:
        spans.append((start, len(keep)))
    return spans


def _cue(cues: Mapping[str, float], text: str) -> float:
    return max((cues.get(w, 0.0) for w in cue_words(text)), default=0.0)


def segment_rows(
    keep: Sequence[int],
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    matrix: np.ndarray,
    names: Sequence[str],
    cues: Mapping[str, float],
) -> tuple[list[tuple[int, int]], list[list[float]]]:
    """The body's runs and one feature row each (``SEGMENT_FEATURE_NAMES`` order)."""
    counts = [float(words[i]) for i in keep]
    columns = matrix[np.asarray(keep, dtype=int)][:, [names.index(c) for c in _COLUMNS]].tolist()
    indent = [row[1] for row in columns]
    spans = segment_spans(range(len(keep)), [texts[i] for i in keep], counts, indent)
    # keep-positions are consecutive in the list; gaps in the dump are read from keep itself
    spans = _split_gaps(keep, spans)
    total = sum(counts) or 1.0
    p = [float(probs[i]) for i in keep]
    vocab = [set(cue_words(texts[i])) for i in keep]
    body_vocab: Counter[str] = Counter()
    for v in vocab:
        body_vocab.update(v)
    opening = _means(columns, counts, *spans[0]) if spans else [0.0] * len(_COLUMNS)
    rows = []
    done = 0.0
    for k, (s, e) in enumerate(spans):
        seg_words = counts[s:e]
        w = sum(seg_words)
        n = e - s
        weight = w or 1.0
        means = _means(columns, counts, s, e)
        gap_before = keep[s] - keep[s - 1] - 1 if s else 0
        gap_after = keep[e] - keep[e - 1] - 1 if e < len(keep) else 0
        first = keep[s]
        heading = _cue(cues, texts[first]) if counts[s] <= _HEADING_WORDS else 0.0
        gap_cue = max(
            (
                _cue(cues, texts[i])
                for i in range(max(first - _GAP_LOOK, keep[s - 1] + 1 if s else 0), first)
                if words[i] <= _HEADING_WORDS
            ),
            default=0.0,
        )
        own = max(
            (_cue(cues, texts[keep[j]]) for j in range(s, e) if counts[j] < _PROSE), default=0.0
        )
        dated = sum(
            1
            for j in range(s, e)
            if counts[j] <= _DATED_WORDS and _DATED_RE.search(texts[keep[j]]) is not None
        )
        seg_vocab: Counter[str] = Counter()
        for j in range(s, e):
            seg_vocab.update(vocab[j])
        distinct = [word for word in seg_vocab if len(word) >= 4]
        shared = sum(1 for word in distinct if body_vocab[word] > seg_vocab[word])
        rows.append(
            [
                1.0,
                math.log1p(n),
                math.log1p(w),
                w / total,
                sum(pi * ci for pi, ci in zip(p[s:e], seg_words, strict=True)) / weight,
                min(p[s:e]),
                max(p[s:e]),
                done / total,
                (total - done - w) / total,
                float(k == len(spans) - 1 and k > 0),
                math.log1p(gap_before),
                math.log1p(gap_after),
                heading,
                gap_cue,
                own,
                dated / n,
                sum(1 for c in seg_words if c < _SHORT) / n,
                sum(c for c in seg_words if c >= _PROSE) / weight,
                math.log1p(w / n),
                means[0] - opening[0],
                abs(means[1] - opening[1]),
                *means[2:],
                shared / len(distinct) if distinct else 0.0,
            ]
        )
        done += w
    return spans, rows


def _split_gaps(keep: Sequence[int], spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out = []
    for s, e in spans:
        start = s
        for j in range(s + 1, e):
            if keep[j] - keep[j - 1] > 1:
                out.append((start, j))
                start = j
        out.append((start, e))
    return out


def _means(columns: list[list[float]], counts: list[float], s: int, e: int) -> list[float]:
    weight = sum(counts[s:e]) or 1.0
    return [
        sum(columns[j][c] * counts[j] for j in range(s, e)) / weight for c in range(len(_COLUMNS))
    ]


def segment_probabilities(weights: Sequence[float], rows: list[list[float]]) -> list[float]:
    """Each run's probability of being body text."""
    out = []
    for row in rows:
        z = sum(w * x for w, x in zip(weights, row, strict=True))
        out.append(1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z)))))
    return out


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
