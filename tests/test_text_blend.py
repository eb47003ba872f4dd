"""The text block model's optional blend (``textmodel.BlendModel``, ``text_blend.npz``): the
logistic's and the trees' probabilities averaged, read only when its file is present."""

from __future__ import annotations

import numpy as np

from scraper.extractor import textmodel
from scraper.extractor.model import TreeModel
from scraper.extractor.textfeatures import FEATURE_NAMES


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
