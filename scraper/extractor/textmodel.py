"""Block features -> content probability: a small logistic model in plain Python.

It reads a block's own features and its neighbours'. An optional second stage re-reads each
block with the first one's verdicts around it (mean probability over 1, 3 and 8 blocks each
side, the blocks just before and after); it runs only when ``CONTEXT_WEIGHTS`` is non-empty,
and ships empty because host-folded it did not beat the first stage alone.

The weights live in ``textweights.py``, written by ``benchmarks/train_text_model.py`` from
dumps of the dev benchmark pages rendered by lynx, w3m and inscriptis (host-folded, so the
reported quality is on sites the model never saw). Plain Python keeps text extraction free
of numpy at run time: a few dozen multiply-adds per block.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Sequence

from scraper.extractor.textfeatures import FEATURE_NAMES
from scraper.extractor.textweights import CONTEXT_WEIGHTS, WEIGHTS

__all__ = ["CONTEXT_NAMES", "content_probabilities", "context_rows", "first_stage"]

CONTEXT_NAMES: tuple[str, ...] = ("p", "p_window_1", "p_window_3", "p_window_8", "p_prev", "p_next")
_CONTEXT_WIDTHS = (1, 3, 8)
_WEIGHT_ROW: tuple[float, ...] = tuple(WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES)
_CONTEXT_ROW: tuple[float, ...] = tuple(
    CONTEXT_WEIGHTS.get(name, 0.0) for name in (*FEATURE_NAMES, *CONTEXT_NAMES)
)


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def first_stage(rows: Sequence[Sequence[float]], weights: Sequence[float]) -> list[float]:
    return [_sigmoid(sum(map(operator.mul, weights, row))) for row in rows]


def context_rows(probs: Sequence[float]) -> list[list[float]]:
    """Each block's neighbourhood as the first model sees it (``CONTEXT_NAMES`` order)."""
    n = len(probs)
    prefix = [0.0]
    for p in probs:
        prefix.append(prefix[-1] + p)
    rows = []
    for i, p in enumerate(probs):
        row = [p]
        for width in _CONTEXT_WIDTHS:
            low, high = max(0, i - width), min(n, i + width + 1)
            row.append((prefix[high] - prefix[low]) / (high - low))
        row.append(probs[i - 1] if i else 0.0)
        row.append(probs[i + 1] if i + 1 < n else 0.0)
        rows.append(row)
    return rows


def content_probabilities(
    rows: Sequence[Sequence[float]],
    weights: Sequence[float] = _WEIGHT_ROW,
    context_weights: Sequence[float] | None = None,
) -> list[float]:
    """The probability that each block belongs to the article body."""
    probs = first_stage(rows, weights)
    second = _CONTEXT_ROW if context_weights is None else context_weights
    if not any(second):
        return probs
    return [
        _sigmoid(sum(map(operator.mul, second, [*row, *ctx])))
        for row, ctx in zip(rows, context_rows(probs), strict=True)
    ]
