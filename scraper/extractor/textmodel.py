"""Block features -> content probability: a small logistic model, one matrix product a dump.

It reads a block's own features and its neighbours'. An optional second stage re-reads each
block with the first one's verdicts around it (mean probability over 1, 3 and 8 blocks each
side, the blocks just before and after); it runs only when ``CONTEXT_WEIGHTS`` is non-empty.

The weights live in ``textweights.py``, written by ``benchmarks/train_text_model.py`` from
dumps of the dev benchmark pages rendered by lynx, w3m and inscriptis (host-folded, so the
reported quality is on sites the model never saw).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scraper.extractor.textfeatures import FEATURE_NAMES
from scraper.extractor.textweights import CONTEXT_WEIGHTS, WEIGHTS

__all__ = ["CONTEXT_NAMES", "content_probabilities", "context_rows", "first_stage"]

CONTEXT_NAMES: tuple[str, ...] = ("p", "p_window_1", "p_window_3", "p_window_8", "p_prev", "p_next")
_CONTEXT_WIDTHS = (1, 3, 8)
_WEIGHT_ROW = np.array([WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES])
_CONTEXT_ROW = np.array(
    [CONTEXT_WEIGHTS.get(name, 0.0) for name in (*FEATURE_NAMES, *CONTEXT_NAMES)]
)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def first_stage(matrix: np.ndarray, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    return _sigmoid(matrix @ np.asarray(weights, dtype=float))


def context_rows(probs: np.ndarray) -> np.ndarray:
    """Each block's neighbourhood as the first model sees it (``CONTEXT_NAMES`` columns)."""
    n = len(probs)
    prefix = np.zeros(n + 1)
    np.cumsum(probs, out=prefix[1:])
    index = np.arange(n)
    columns = [probs]
    for width in _CONTEXT_WIDTHS:
        low, high = np.maximum(index - width, 0), np.minimum(index + width + 1, n)
        columns.append((prefix[high] - prefix[low]) / (high - low))
    columns.append(np.concatenate(([0.0], probs[:-1])))
    columns.append(np.concatenate((probs[1:], [0.0])))
    return np.column_stack(columns)


def content_probabilities(
    matrix: np.ndarray,
    weights: Sequence[float] | np.ndarray = _WEIGHT_ROW,
    context_weights: Sequence[float] | np.ndarray | None = None,
) -> np.ndarray:
    """The probability that each block belongs to the article body."""
    probs = first_stage(matrix, weights)
    second = _CONTEXT_ROW if context_weights is None else np.asarray(context_weights, float)
    if not len(probs) or not second.any():
        return probs
    return _sigmoid(np.hstack((matrix, context_rows(probs))) @ second)
