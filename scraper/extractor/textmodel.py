"""Block features -> content probability: a small logistic model, one matrix product a dump.

It reads a block's own features and its neighbours'. An optional second stage re-reads each
block with the first one's verdicts around it (mean probability over 1, 3 and 8 blocks each
side, the blocks just before and after); it runs only when ``CONTEXT_WEIGHTS`` is non-empty.

The weights live in ``textweights.py``, written by ``benchmarks/train_text_model.py`` from
dumps of the dev benchmark pages rendered by lynx, w3m and inscriptis (host-folded, so the
reported quality is on sites the model never saw).

Two optional files replace the logistic alone: ``text_model.npz``, boosted trees that decide by
themselves, or ``text_blend.npz``, boosted trees whose probability is averaged with the
logistic's (the blend: the trees' ranking, nearer the logistic's calibration; round twenty-two,
text35/text36). Neither present, the logistic decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import Protocol

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
    "BLEND_PATH",
    "CONTEXT_NAMES",
    "TREES_PATH",
    "BlendModel",
    "BlockModel",
    "content_probabilities",
    "context_rows",
    "first_stage",
    "shipped_blend",
    "shipped_model",
    "shipped_trees",
    "tree_model",
]

TREES_PATH = Path(__file__).with_name("text_model.npz")
BLEND_PATH = Path(__file__).with_name("text_blend.npz")

CONTEXT_NAMES: tuple[str, ...] = ("p", "p_window_1", "p_window_3", "p_window_8", "p_prev", "p_next")
_CONTEXT_WIDTHS = (1, 3, 8)
_WEIGHT_ROW = np.array([WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES])
_CONTEXT_ROW = np.array(
    [CONTEXT_WEIGHTS.get(name, 0.0) for name in (*FEATURE_NAMES, *CONTEXT_NAMES)]
)


def tree_model(arrays: Mapping[str, np.ndarray]) -> TreeModel:
    """Boosted trees from their arrays (``benchmarks/train_text_model.py --model trees``)."""
    return trees_from_arrays(arrays, FEATURE_NAMES, keep=0.5)


def _trees_file(path: Path) -> TreeModel | None:
    """The boosted trees ``path`` holds; None when the file is absent."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        return tree_model({name: data[name] for name in data.files})


@cache
def shipped_trees() -> TreeModel | None:
    """The shipped tree model, loaded once; None when absent (the logistic weights decide)."""
    return _trees_file(TREES_PATH)


class BlockModel(Protocol):
    """What scores a dump's block matrix in place of the logistic weights."""

    def scores(self, features: np.ndarray) -> np.ndarray: ...


class BlendModel:
    """The logistic's and the trees' probabilities averaged, block by block.

    Out of fold (text35, 5 host folds) the blend ranks blocks nearly as well as the trees (AUC
    0.916 vs 0.922; the logistic 0.898) with a loss nearer the logistic's calibration, and it
    was the better page-level input of the two.
    """

    __slots__ = ("trees", "weights")

    def __init__(self, weights: Sequence[float] | np.ndarray, trees: TreeModel) -> None:
        self.weights = np.asarray(weights, dtype=float)
        self.trees = trees

    def scores(self, features: np.ndarray) -> np.ndarray:
        quick = self.trees.quick if _ctext is not None else None
        if (
            quick is not None
            and type(features) is np.ndarray
            and features.dtype == np.float64
            and features.ndim == 2
            and features.flags.c_contiguous
            and features.shape[1] >= len(self.weights)
        ):
            # one C call for both curves' exponents (the trees by leaf masks), one numpy
            # ``exp``, one C call for the curves and their average: the doubles of the steps
            # below without the float32 matrix, the (blocks, trees) leaf array and ten ufuncs
            z = features @ self.weights
            if type(z) is np.ndarray and z.dtype == np.float64 and z.flags.c_contiguous:
                exps = _ctext.blend_exponents(z, features, quick, self.trees.baseline)
                return _ctext.blend_average(np.exp(exps, out=exps))
        probs = first_stage(features, self.weights)
        probs += self.trees.scores(features)
        probs *= 0.5
        return probs


@cache
def shipped_blend() -> BlendModel | None:
    """The shipped blend (``BLEND_PATH``'s trees with the shipped logistic); None when absent."""
    trees = _trees_file(BLEND_PATH)
    return None if trees is None else BlendModel(_WEIGHT_ROW, trees)


def shipped_model() -> BlockModel | None:
    """The shipped replacement of the logistic alone: the trees, else the blend, else None."""
    return shipped_trees() or shipped_blend()


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
    trees: BlockModel | None = None,
) -> np.ndarray:
    """The probability that each block belongs to the article body.

    ``trees`` (a ``TreeModel`` or ``BlendModel``) or ``weights`` replace the shipped model (for
    training); by default the shipped trees or blend decide when present, else the logistic.
    """
    if weights is None:
        trees = trees or shipped_model()
        if trees is not None:
            return trees.scores(matrix) if len(matrix) else np.zeros(0)
        weights = _WEIGHT_ROW
    probs = first_stage(matrix, weights)
    second = _CONTEXT_ROW if context_weights is None else np.asarray(context_weights, float)
    if not len(probs) or not second.any():
        return probs
    return _sigmoid(np.hstack((matrix, context_rows(probs))) @ second)
