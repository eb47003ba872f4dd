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
try:  # an extension built before round twenty-two has no heap walk
    from scraper.extractor._ctext import heap_leaf_values as _compiled_heap_values
except ImportError:
    _compiled_heap_values = None
try:  # an extension built before round twenty-four has no summing walk
    from scraper.extractor._ctext import heap_leaf_sums as _compiled_heap_sums
except ImportError:
    _compiled_heap_sums = None
try:  # an extension built before round twenty-three has no leaf-mask scorer
    from scraper.extractor._ctext import QuickLayout as _QuickLayout
except ImportError:
    _QuickLayout = None

# ``TreeModel.scores`` walks the trees in C (``_ctext.tree_leaves``) when it is built.
COMPILED_TREES = True
# ... and, under it, on the trees laid out as complete heaps (``_ctext.heap_leaf_values``: no
# child table to read, the leaf values gathered in the walk): the same leaves, so the same sums.
COMPILED_HEAPS = True
# ... and each row's leaf values summed in that walk, in numpy's pairwise order
# (``_ctext.heap_leaf_sums``): no (rows, trees) array, no ``sum`` call. The same doubles.
COMPILED_HEAP_SUMS = True
# The deepest trees laid out as heaps (``2 ** depth`` leaves a tree): deeper ones walk as before.
MAX_HEAP_DEPTH = 10
# The deepest trees ``_ctext.blend_exponents`` scores by leaf masks (a tree's leaves in 32 bits)
# and the most trees it sums.
MAX_QUICK_DEPTH = 5
MAX_QUICK_TREES = 64

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
    # ``heap_arrays``' (feature, threshold, leaf value) for the C heap walk; None: not laid out
    _heaps: tuple[np.ndarray, np.ndarray, np.ndarray] | None = field(
        init=False, repr=False, compare=False
    )
    # ``quick_arrays``' tests and leaves held by a ``_ctext.QuickLayout`` for
    # ``_ctext.blend_exponents``, laid out on first use (only the text blend reads them)
    _quick: object | None = field(init=False, repr=False, compare=False)
    _quick_tried: bool = field(init=False, repr=False, compare=False)

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
        heaps = None
        # (float64 leaf values only: the heap walk gathers them as float64, as ``take`` does them)
        if self._walks_in_c and self._values.dtype == np.float64 and _compiled_heap_values:
            heaps = heap_arrays(
                self.feature, self.threshold, self.left, self.right, self.value, self.depth
            )
        object.__setattr__(self, "_heaps", heaps)
        object.__setattr__(self, "_quick", None)
        object.__setattr__(self, "_quick_tried", False)

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
            heaps = self._heaps
            if COMPILED_HEAPS and heaps is not None and matrix.shape[1] >= 1:
                if COMPILED_HEAP_SUMS and _compiled_heap_sums is not None:
                    sums = _compiled_heap_sums(matrix, *heaps, self.depth)
                    if sums is not None:  # None: 128 trees or more (numpy sums them below)
                        raw = self.baseline + sums
                        return 1.0 / (1.0 + np.exp(-raw))
                # the same float64 leaf values, in the same (rows, trees) order: the same sums
                found = _compiled_heap_values(matrix, *heaps, self.depth)
            else:
                node = _compiled_leaves(
                    matrix, self._feature, self._threshold, self._children, self._roots, self.depth
                )
                found = self._values.take(node)
        else:
            found = self._values.take(self.leaves(matrix))
        raw = self.baseline + found.sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    @property
    def quick(self) -> object | None:
        """The trees as ``_ctext.blend_exponents`` reads them (a ``_ctext.QuickLayout`` of
        ``quick_arrays``); None when not laid out (no heaps, deeper than ``MAX_QUICK_DEPTH``,
        more than ``MAX_QUICK_TREES`` trees, the scorer not built)."""
        if not self._quick_tried:
            heaps = self._heaps
            quick = None
            if (
                heaps is not None
                and self.depth <= MAX_QUICK_DEPTH
                and self.feature.shape[0] <= MAX_QUICK_TREES
                and _QuickLayout is not None
            ):
                quick = _QuickLayout(*quick_arrays(*heaps, self.depth))
            object.__setattr__(self, "_quick", quick)
            object.__setattr__(self, "_quick_tried", True)
        return self._quick if COMPILED_TREES else None

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


def heap_arrays(
    feature: np.ndarray,
    threshold: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    value: np.ndarray,
    depth: int,
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """The trees (node arrays of shape (trees, nodes), a leaf its own child) as complete heaps
    of ``depth`` levels for ``_ctext.heap_leaf_values``: per tree the inner nodes' feature
    (int32) and threshold (float32), node ``i``'s children at ``2 * i + 1`` and ``2 * i + 2``,
    then the ``2 ** depth`` leaf values (float64). A leaf reached before ``depth`` steps is
    padded below with column-0 tests whose both ways end on its value, as the numpy walk stays
    on it. None: too deep (``MAX_HEAP_DEPTH``), a path longer than ``depth``, a negative or
    too large feature on an inner node: the walk by child table runs."""
    if depth < 1 or depth > MAX_HEAP_DEPTH:
        return None
    trees = feature.shape[0]
    inner = (1 << depth) - 1
    heap_feature = np.zeros((trees, inner), dtype=np.int32)
    heap_threshold = np.zeros((trees, inner), dtype=np.float32)
    heap_value = np.zeros((trees, inner + 1), dtype=np.float64)
    for tree in range(trees):
        stack = [(0, 0)]  # (heap slot, node)
        while stack:
            slot, node = stack.pop()
            is_leaf = left[tree, node] == node and right[tree, node] == node
            if slot >= inner:  # ``depth`` steps taken: the walk must end here
                if not is_leaf:
                    return None
                heap_value[tree, slot - inner] = value[tree, node]
                continue
            if is_leaf:
                stack.append((2 * slot + 1, node))
                stack.append((2 * slot + 2, node))
                continue
            tested = int(feature[tree, node])
            if not 0 <= tested < 2**31 - 1:
                return None
            heap_feature[tree, slot] = tested
            heap_threshold[tree, slot] = threshold[tree, node]
            stack.append((2 * slot + 1, int(left[tree, node])))
            stack.append((2 * slot + 2, int(right[tree, node])))
    return heap_feature.ravel(), heap_threshold.ravel(), heap_value.ravel()


QuickTrees = tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, int]


def quick_arrays(
    heap_feature: np.ndarray, heap_threshold: np.ndarray, heap_value: np.ndarray, depth: int
) -> QuickTrees:
    """``heap_arrays``' trees as ``_ctext.blend_exponents`` reads them: (each tree's first
    test, the tests' feature, threshold and leaf mask, the leaf values, leaves a tree).

    A test failed clears the leaves of its left subtree from a row's mask; the lowest leaf
    left is where the walk ends (QuickScorer). A heap slot whose leaves all hold one value is
    left out (the padding below a shallow leaf among them): whichever of them the mask keeps,
    the value is the walk's."""
    inner = (1 << depth) - 1
    leaves = inner + 1
    trees = len(heap_feature) // inner
    starts, features, thresholds, masks = [0], [], [], []
    for tree in range(trees):
        values = heap_value[tree * leaves : (tree + 1) * leaves]
        for slot in range(inner):
            level = (slot + 1).bit_length() - 1
            span = 1 << (depth - level)  # the leaves under this slot
            low = (slot - ((1 << level) - 1)) * span
            if np.all(values[low : low + span] == values[low]):
                continue
            features.append(int(heap_feature[tree * inner + slot]))
            thresholds.append(heap_threshold[tree * inner + slot])
            masks.append(~(((1 << (span >> 1)) - 1) << low) & 0xFFFFFFFF)
        starts.append(len(features))
    return (
        np.array(starts, dtype=np.intp),
        np.array(features, dtype=np.int32),
        np.array(thresholds, dtype=np.float32),
        np.array(masks, dtype=np.uint32),
        np.ascontiguousarray(heap_value, dtype=np.float64),
        leaves,
    )


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
