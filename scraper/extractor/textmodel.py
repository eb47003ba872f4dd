"""Block features -> content probability: a small logistic model, one matrix product a dump.

It reads a block's own features and its neighbours'. An optional second stage re-reads each
block with the first one's verdicts around it (mean probability over 1, 3 and 8 blocks each
side, the blocks just before and after); it runs only when ``CONTEXT_WEIGHTS`` is non-empty.

The weights live in ``textweights.py``, written by ``benchmarks/train_text_model.py`` from
dumps of the dev benchmark pages rendered by lynx, w3m and inscriptis (host-folded, so the
reported quality is on sites the model never saw).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import numpy as np

from scraper.extractor.model import TreeModel, trees_from_arrays
from scraper.extractor.textfeatures import FEATURE_NAMES
from scraper.extractor.textweights import CONTEXT_WEIGHTS, WEIGHTS

# The sigmoid's elementwise steps in C (built from _ctext.pyx by setup.py; optional); not
# built, numpy's ufuncs run: the same doubles either way.
try:
    from scraper.extractor import _ctext
except ImportError:  # pragma: no cover - the compiled helpers are optional
    _ctext = None

__all__ = [
    "CONTEXT_NAMES",
    "TREES_PATH",
    "content_probabilities",
    "context_rows",
    "first_stage",
    "shipped_trees",
    "tree_model",
]

TREES_PATH = Path(__file__).with_name("text_model.npz")

CONTEXT_NAMES: tuple[str, ...] = ("p", "p_window_1", "p_window_3", "p_window_8", "p_prev", "p_next")
_CONTEXT_WIDTHS = (1, 3, 8)
_WEIGHT_ROW = np.array([WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES])
_CONTEXT_ROW = np.array(
    [CONTEXT_WEIGHTS.get(name, 0.0) for name in (*FEATURE_NAMES, *CONTEXT_NAMES)]
)


def tree_model(arrays: Mapping[str, np.ndarray]) -> TreeModel:
    """Boosted trees from their arrays (``benchmarks/train_text_model.py --model trees``)."""
    return trees_from_arrays(arrays, FEATURE_NAMES, keep=0.5)


@cache
def shipped_trees() -> TreeModel | None:
    """The shipped tree model, loaded once; None when absent (the logistic weights decide)."""
    if not TREES_PATH.exists():
        return None
    with np.load(TREES_PATH, allow_pickle=False) as data:
        return tree_model({name: data[name] for name in data.files})


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def _sigmoid_in_place(z: np.ndarray) -> np.ndarray:
    """``_sigmoid`` written over ``z`` (a new float64 array of the caller's): the same ufuncs
    in the same order, without an array allocated per step."""
    if _ctext is not None and z.flags.c_contiguous and z.ndim == 1:
        # clip and negate, then 1 / (1 + e) in C loops (exact IEEE steps, no ufunc call
        # overhead); the exponential stays numpy's (its SIMD ``exp`` may round unlike libm's)
        _ctext.clip_negate(z, 30.0)
        np.exp(z, out=z)
        _ctext.one_over_one_plus(z)
        return z
    np.clip(z, -30.0, 30.0, out=z)
    np.negative(z, out=z)
    np.exp(z, out=z)
    z += 1.0
    return np.divide(1.0, z, out=z)


def first_stage(matrix: np.ndarray, weights: Sequence[float] | np.ndarray) -> np.ndarray:
    z = matrix @ np.asarray(weights, dtype=float)
    return _sigmoid_in_place(z) if type(z) is np.ndarray and z.dtype == np.float64 else _sigmoid(z)


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
    weights: Sequence[float] | np.ndarray | None = None,
    context_weights: Sequence[float] | np.ndarray | None = None,
    trees: TreeModel | None = None,
) -> np.ndarray:
    """The probability that each block belongs to the article body.

    ``trees`` or ``weights`` replace the shipped model (for training); by default the shipped
    tree model decides when present, else the logistic weights.
    """
    if weights is None:
        trees = trees or shipped_trees()
        if trees is not None:
            return trees.scores(matrix) if len(matrix) else np.zeros(0)
        weights = _WEIGHT_ROW
    probs = first_stage(matrix, weights)
    second = _CONTEXT_ROW if context_weights is None else np.asarray(context_weights, float)
    if not len(probs) or not second.any():
        return probs
    return _sigmoid(np.hstack((matrix, context_rows(probs))) @ second)
