"""The text block model's optional blend (``textmodel.BlendModel``, ``text_blend.npz``): the
logistic's and the trees' probabilities averaged, read only when its file is present."""

from __future__ import annotations

import numpy as np
import pytest

from scraper.extractor import model, textmodel
from scraper.extractor.model import TreeModel
from scraper.extractor.textfeatures import FEATURE_NAMES

try:
    from scraper.extractor import _ctext
except ImportError:  # pragma: no cover - the compiled helpers are optional
    _ctext = None


def _stump(column: int, threshold: float, low: float, high: float) -> TreeModel:
    """One tree of one split: ``low`` at or under ``threshold`` in ``column``, else ``high``."""
    return TreeModel(
        feature=np.array([[column, 0, 0]]),
        threshold=np.array([[threshold, 0.0, 0.0]], dtype=np.float32),
        left=np.array([[1, 1, 2]]),
        right=np.array([[2, 1, 2]]),
        value=np.array([[0.0, low, high]]),
        baseline=0.0,
        depth=1,
        threshold_keep=0.5,
    )


def _matrix(rows: int = 40) -> np.ndarray:
    rng = np.random.default_rng(3)
    return rng.normal(size=(rows, len(FEATURE_NAMES)))


def test_the_blend_is_the_mean_of_the_logistic_and_the_trees() -> None:
    weights = np.random.default_rng(4).normal(size=len(FEATURE_NAMES))
    trees = _stump(2, 0.0, -2.0, 1.5)
    x = _matrix()
    blended = textmodel.content_probabilities(x, trees=textmodel.BlendModel(weights, trees))
    alone = 0.5 * (textmodel.first_stage(x, weights) + trees.scores(x))
    assert np.allclose(blended, alone, rtol=0, atol=1e-15)
    blend = textmodel.BlendModel(weights, trees)
    assert textmodel.content_probabilities(x[:0], trees=blend).size == 0


def test_no_blend_file_leaves_the_logistic_alone(monkeypatch, tmp_path) -> None:
    monkeypatch.setattr(textmodel, "BLEND_PATH", tmp_path / "absent.npz")
    monkeypatch.setattr(textmodel, "shipped_trees", lambda: None)
    textmodel.shipped_blend.cache_clear()
    try:
        x = _matrix()
        assert textmodel.shipped_model() is None
        assert np.array_equal(
            textmodel.content_probabilities(x), textmodel.first_stage(x, textmodel._WEIGHT_ROW)
        )
    finally:
        textmodel.shipped_blend.cache_clear()


def test_a_blend_file_averages_its_trees_with_the_shipped_logistic(monkeypatch, tmp_path) -> None:
    trees = _stump(5, 0.1, -1.0, 2.0)
    path = tmp_path / "text_blend.npz"
    names = np.array(FEATURE_NAMES)
    np.savez(
        path,
        feature=trees.feature, threshold=trees.threshold, left=trees.left, right=trees.right,
        value=trees.value, baseline=np.array(0.0), depth=np.array(1), feature_names=names,
    )  # fmt: skip
    monkeypatch.setattr(textmodel, "BLEND_PATH", path)
    monkeypatch.setattr(textmodel, "shipped_trees", lambda: None)
    textmodel.shipped_blend.cache_clear()
    try:
        x = _matrix()
        expected = 0.5 * (textmodel.first_stage(x, textmodel._WEIGHT_ROW) + trees.scores(x))
        assert isinstance(textmodel.shipped_model(), textmodel.BlendModel)
        assert np.allclose(textmodel.content_probabilities(x), expected, rtol=0, atol=1e-15)
    finally:
        textmodel.shipped_blend.cache_clear()


def _uneven() -> TreeModel:
    """Two trees of depth 3, one with a leaf at depth 1 (the heap pads below it)."""
    return TreeModel(
        feature=np.array([[1, 0, 4, 0, 0, 7, 0], [3, 6, 0, 2, 0, 0, 0]]),
        threshold=np.array(
            [[0.2, 0.0, -0.5, 0.0, 0.0, 1.0, 0.0], [0.0, 0.3, 0.0, -0.1, 0.0, 0.0, 0.0]],
            dtype=np.float32,
        ),
        left=np.array([[1, 1, 3, 3, 4, 4, 6], [1, 3, 2, 5, 4, 5, 6]]),
        right=np.array([[2, 1, 5, 3, 4, 6, 6], [2, 4, 2, 6, 4, 5, 6]]),
        value=np.array(
            [[0.0, -1.5, 0.0, 0.25, -0.75, 0.0, 2.0], [0.0, 0.0, 0.5, 0.0, -0.25, -2.0, 1.0]]
        ),
        baseline=0.1,
        depth=3,
        threshold_keep=0.5,
    )


@pytest.mark.parametrize("rows", [0, 1, 7, 8, 9, 16, 33, 257])
def test_the_compiled_blend_is_the_numpy_blend_to_the_bit(monkeypatch, rows: int) -> None:
    """``_ctext.blend_exponents`` (the trees by leaf masks, both curves' exponents in one array)
    and ``blend_average`` give the doubles of the numpy steps: NaN, values on a threshold,
    shallow leaves and the shipped 20 trees included."""
    if getattr(_ctext, "blend_exponents", None) is None:
        pytest.skip("_ctext built before the leaf-mask scorer")
    rng = np.random.default_rng(rows)
    weights = rng.normal(size=len(FEATURE_NAMES)) * 3.0
    x = _matrix(rows)
    x[rng.random(x.shape) < 0.05] = np.nan
    x[:, 1] = np.where(rng.random(rows) < 0.3, np.float32(0.2), x[:, 1])  # on the threshold
    x[rng.random(x.shape) < 0.05] = 40.0  # the logistic's clip
    shipped = textmodel.shipped_blend()
    for trees in (_stump(2, 0.0, -2.0, 1.5), _uneven(), *([shipped.trees] if shipped else [])):
        blend = textmodel.BlendModel(weights, trees)
        assert trees.quick is not None
        compiled = blend.scores(x)
        monkeypatch.setattr(model, "COMPILED_TREES", False)
        assert trees.quick is None
        plain = blend.scores(x)
        monkeypatch.setattr(model, "COMPILED_TREES", True)
        assert compiled.dtype == plain.dtype == np.float64
        assert compiled.tobytes() == plain.tobytes()


def test_the_leaf_masks_end_on_the_walks_leaves() -> None:
    """``model.quick_arrays``: per row and tree, the lowest leaf the failed tests leave is
    where the numpy walk ends (by value: a padded leaf's copies hold one value)."""
    trees = _uneven()
    assert trees._heaps is not None
    starts, features, thresholds, masks, values, leaves = model.quick_arrays(*trees._heaps, 3)
    assert leaves == 8 and list(starts) == [0, 3, 6]  # 3 tests a tree: the padding left out
    x = np.ascontiguousarray(_matrix(300), dtype=np.float32)
    walked = trees._values.take(trees.leaves(x))
    for row in range(len(x)):
        for tree in range(2):
            bits = 0xFFFFFFFF
            for test in range(starts[tree], starts[tree + 1]):
                if not x[row, features[test]] <= thresholds[test]:
                    bits &= int(masks[test])
            lowest = (bits & -bits).bit_length() - 1
            assert values[tree * leaves + lowest] == walked[row, tree]
