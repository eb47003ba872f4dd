"""The shipped block model: gradient-boosted trees stored as arrays, evaluated with numpy.

Trained by ``benchmarks/train_body_model.py`` (scikit-learn, an optional extra); here only the
arrays are read, once, from ``body_model.npz`` beside this module. All trees are walked at once
for all blocks of a page: one gather per tree level, no Python loop over blocks or trees.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy as np

from scraper.extractor.features import FEATURE_NAMES

# The trees' walk in C (built from _ctext.pyx by setup.py; optional): the same leaves, so the
# same scores. Not built, or built for another Python: the numpy walk runs.
try:
    from scraper.extractor._ctext import tree_leaves as _compiled_leaves
except ImportError:
    _compiled_leaves = None

# ``TreeModel.scores`` walks the trees in C (``_ctext.tree_leaves``) when it is built.
COMPILED_TREES = True

MODEL_PATH = Path(__file__).with_name("body_model.npz")


@dataclass(frozen=True, slots=True)
class TreeModel:
    """Trees padded to one node count: node arrays of shape (trees, nodes)."""

    feature: np.ndarray  # int: feature index tested at the node
    threshold: np.ndarray  # float: go left when value <= threshold
    left: np.ndarray  # int: child indices (a leaf points to itself)
    right: np.ndarray
    value: np.ndarray  # float: leaf value (raw score)
    baseline: float
    depth: int  # the deepest leaf's depth: the number of steps to walk
    threshold_keep: float  # the probability above which a block is kept

    # The node arrays flattened with global node numbers (1-D ``take`` is much cheaper than
    # 2-D indexing), built once: ``children`` holds each node's left then right child.
    _feature: np.ndarray = field(init=False, repr=False, compare=False)
    _threshold: np.ndarray = field(init=False, repr=False, compare=False)
    _children: np.ndarray = field(init=False, repr=False, compare=False)
    _values: np.ndarray = field(init=False, repr=False, compare=False)
    _roots: np.ndarray = field(init=False, repr=False, compare=False)
    _columns: int = field(init=False, repr=False, compare=False)  # the fewest columns read
    _walks_in_c: bool = field(init=False, repr=False, compare=False)  # float32 thresholds

    def __post_init__(self) -> None:
        trees, width = self.feature.shape
        offsets = np.arange(trees, dtype=np.intp) * width
        left = (self.left + offsets[:, None]).ravel()
        right = (self.right + offsets[:, None]).ravel()
        flat = {
            "_feature": np.ascontiguousarray(self.feature, dtype=np.intp).ravel(),
            "_threshold": np.ascontiguousarray(self.threshold).ravel(),
            "_children": np.stack([left, right], axis=1).ravel().astype(np.intp),
            "_values": np.ascontiguousarray(self.value).ravel(),
            "_roots": offsets,
        }
        for name, array in flat.items():
            object.__setattr__(self, name, array)
        object.__setattr__(self, "_columns", int(self.feature.max(initial=-1)) + 1)
        # the C walk compares float32 with float32, as numpy does for float32 thresholds only
        object.__setattr__(self, "_walks_in_c", self._threshold.dtype == np.float32)

    def scores(self, features: np.ndarray) -> np.ndarray:
        """The probability that each row (block) is main content.

        All trees for all rows at once, one step down per loop: a node's child is
        ``children[2 * node + goes_right]`` (a leaf is its own child)."""
        rows = features.shape[0]
        if rows == 0:
            return np.zeros(0)
        matrix = np.ascontiguousarray(features, dtype=np.float32)
        compiled = COMPILED_TREES and _compiled_leaves is not None and self._walks_in_c
        if compiled and matrix.ndim == 2 and matrix.shape[1] >= self._columns:
            node = _compiled_leaves(
                matrix, self._feature, self._threshold, self._children, self._roots, self.depth
            )
        else:
            node = self.leaves(matrix)
        raw = self.baseline + self._values.take(node).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    def leaves(self, matrix: np.ndarray) -> np.ndarray:
        """The node each tree ends on for each row, shape (rows, trees): the numpy walk (the
        fallback of ``_ctext.tree_leaves``, which finds the same nodes)."""
        feature = self._feature
        threshold = self._threshold
        children = self._children
        values = matrix.ravel()
        row_base = (np.arange(matrix.shape[0], dtype=np.intp) * matrix.shape[1])[:, None]
        node = np.repeat(self._roots[None, :], matrix.shape[0], axis=0)
        for _ in range(self.depth):
            goes_right = ~(values.take(row_base + feature.take(node)) <= threshold.take(node))
            node = children.take(node * 2 + goes_right)
        return node


def trees_from_arrays(
    arrays: Mapping[str, np.ndarray], expected: tuple[str, ...], keep: float | None = None
) -> TreeModel:
    """Trees from a model file's arrays, refusing ones trained on other features than
    ``expected`` (a stale file would otherwise score the wrong columns silently)."""
    names = tuple(str(name) for name in arrays["feature_names"])
    if names != expected:
        raise ValueError("the tree model was trained on other features; retrain it")
    return TreeModel(
        feature=arrays["feature"].astype(np.intp),
        threshold=arrays["threshold"].astype(np.float32),
        left=arrays["left"].astype(np.intp),
        right=arrays["right"].astype(np.intp),
        value=arrays["value"].astype(np.float64),
        baseline=float(arrays["baseline"]),
        depth=int(arrays["depth"]),
        threshold_keep=float(arrays["threshold_keep"]) if keep is None else keep,
    )


def optional_trees(path: Path, expected: tuple[str, ...]) -> TreeModel | None:
    """A cut's optional boosted trees (the bar stored as ``threshold_keep``); None when the
    file is absent, so the step's logistic weights decide alone."""
    if not path.exists():
        return None
    with np.load(path, allow_pickle=False) as data:
        return trees_from_arrays(data, expected)


def load_model(path: Path) -> TreeModel:
    """Read a model file; its feature names must be the ones ``features.py`` computes."""
    with np.load(path, allow_pickle=False) as data:
        try:
            return trees_from_arrays(data, FEATURE_NAMES)
        except ValueError:
            raise ValueError(f"{path.name} was trained on other features; retrain it") from None


@cache
def shipped_model() -> TreeModel | None:
    """The model shipped with the package, loaded once; None when the file is absent."""
    if not MODEL_PATH.exists():
        return None
    return load_model(MODEL_PATH)
