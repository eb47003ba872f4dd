"""The block model's leaf values summed inside the heap walk (``_ctext.heap_leaf_sums``,
switch ``model.COMPILED_HEAP_SUMS``) are ``heap_leaf_values(...).sum(axis=1)`` to the bit:
random heaps of 1 to 127 trees and depths 1 to 6 (numpy's pairwise order below 8 trees, at 8,
between blocks of 8), rows in and out of blocks of eight, NaN and values on the thresholds; 128
trees are left to numpy (None); the shipped model's scores are the same with the switch off.
Skipped where the extension is not built."""

from __future__ import annotations

import numpy as np
import pytest

from scraper.extractor import model

ctext = pytest.importorskip("scraper.extractor._ctext")
if not hasattr(ctext, "heap_leaf_sums"):
    pytest.skip("an extension built before round twenty-four", allow_module_level=True)


def _heaps(rng: np.random.Generator, trees: int, depth: int, columns: int) -> tuple:
    inner = (1 << depth) - 1
    feature = rng.integers(0, columns, trees * inner).astype(np.int32)
    threshold = rng.normal(size=trees * inner).astype(np.float32)
    leaf = rng.normal(scale=rng.choice((1e-3, 1.0, 1e3)), size=trees * (inner + 1))
    return feature, threshold, leaf


def _matrix(rng: np.random.Generator, rows: int, columns: int, threshold: np.ndarray) -> np.ndarray:
    matrix = rng.normal(size=(rows, columns)).astype(np.float32)
    if rows and columns:
        flat = matrix.ravel()
        picks = rng.integers(0, flat.size, max(1, flat.size // 10))
        flat[picks] = rng.choice(threshold, len(picks))  # exactly on a threshold
        flat[rng.integers(0, flat.size, max(1, flat.size // 50))] = np.nan
    return matrix


def test_random_heaps_sum_as_numpy() -> None:
    rng = np.random.default_rng(47)
    for trees in (1, 2, 7, 8, 9, 15, 16, 17, 63, 120, 127):
        for depth in (1, 3, 6):
            columns = int(rng.integers(1, 20))
            heaps = _heaps(rng, trees, depth, columns)
            for rows in (0, 1, 7, 8, 9, 17, 64, 203):
                matrix = _matrix(rng, rows, columns, heaps[1])
                sums = ctext.heap_leaf_sums(matrix, *heaps, depth)
                expected = ctext.heap_leaf_values(matrix, *heaps, depth).sum(axis=1)
                assert sums.dtype == expected.dtype and sums.shape == expected.shape
                assert sums.tobytes() == expected.tobytes(), (trees, depth, rows)


def test_many_trees_go_to_numpy() -> None:
    rng = np.random.default_rng(53)
    heaps = _heaps(rng, 128, 2, 4)
    assert ctext.heap_leaf_sums(_matrix(rng, 9, 4, heaps[1]), *heaps, 2) is None
    with pytest.raises(ValueError):
        ctext.heap_leaf_sums(_matrix(rng, 9, 4, heaps[1]), *heaps, 3)


def test_shipped_model_scores_with_the_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    shipped = model.shipped_model()
    if shipped is None or shipped._heaps is None:
        pytest.skip("no shipped model laid out as heaps")
    rng = np.random.default_rng(59)
    width = shipped.feature.max() + 1
    for rows in (1, 5, 8, 33, 250):
        features = rng.normal(scale=3.0, size=(rows, width)).astype(np.float32)
        features[rng.random(features.shape) < 0.3] = 0.0
        found = []
        for flag in (False, True):
            monkeypatch.setattr(model, "COMPILED_HEAP_SUMS", flag)
            found.append(shipped.scores(features).tobytes())
        assert found[0] == found[1]
