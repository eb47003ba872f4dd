"""The trees' optional C walk (``_ctext.tree_leaves``) ends on the numpy walk's leaves, so the
block and text models score exactly as without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import extract, model
from scraper.extractor.model import TreeModel, shipped_model
from scraper.extractor.textmodel import shipped_trees

_ctext = pytest.importorskip("scraper.extractor._ctext", reason="_ctext not built (setup.py)")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _models() -> list[TreeModel]:
    found = [m for m in (shipped_model(), shipped_trees()) if m is not None]
    assert found, "no shipped tree model"
    return found


def _matrix(trees: TreeModel, rows: int, seed: int) -> np.ndarray:
    """Random rows, with values equal to the thresholds, NaN, infinities and signed zeros:
    every way a comparison can go."""
    rng = np.random.default_rng(seed)
    width = trees._columns
    matrix = rng.normal(size=(rows, width)) * rng.choice([0.01, 1.0, 1000.0], size=(rows, width))
    at = rng.random((rows, width)) < 0.3  # exactly a threshold the column is tested against
    chosen = rng.choice(trees._threshold, size=(rows, width))
    matrix[at] = chosen[at]
    odd = np.array([np.nan, np.inf, -np.inf, 0.0, -0.0])
    weird = rng.random((rows, width)) < 0.05
    matrix[weird] = rng.choice(odd, size=(rows, width))[weird]
    return matrix


@pytest.mark.parametrize("rows", [0, 1, 2, 3, 4, 5, 7, 8, 9, 257])
def test_c_walk_ends_on_the_numpy_leaves(rows: int) -> None:
    for trees in _models():
        matrix = np.ascontiguousarray(_matrix(trees, rows, rows), dtype=np.float32)
        got = _ctext.tree_leaves(
            matrix, trees._feature, trees._threshold, trees._children, trees._roots, trees.depth
        )
        assert got.dtype == np.intp and got.shape == (rows, len(trees._roots))
        assert np.array_equal(got, trees.leaves(matrix))


def test_scores_are_bit_for_bit_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    for trees in _models():
        for seed, rows in enumerate((1, 6, 130)):
            matrix = _matrix(trees, rows, seed)
            compiled = trees.scores(matrix)
            monkeypatch.setattr(model, "COMPILED_TREES", False)
            plain = trees.scores(matrix)
            monkeypatch.setattr(model, "COMPILED_TREES", True)
            assert compiled.dtype == plain.dtype == np.float64
            assert compiled.tobytes() == plain.tobytes()


def test_a_matrix_too_narrow_still_raises() -> None:
    """The C walk never reads past a row: too few columns go to numpy, which refuses them."""
    for trees in _models():
        narrow = _matrix(trees, 5, 1)[:, : trees._columns - 1]
        with pytest.raises(IndexError):
            trees.scores(narrow)


def test_float64_thresholds_walk_in_numpy(monkeypatch: pytest.MonkeyPatch) -> None:
    """Thresholds not float32 compare in float64 in numpy; the C walk is not used for them."""
    trees = _models()[0]
    wide = TreeModel(
        feature=trees.feature,
        threshold=trees.threshold.astype(np.float64),
        left=trees.left,
        right=trees.right,
        value=trees.value,
        baseline=trees.baseline,
        depth=trees.depth,
        threshold_keep=trees.threshold_keep,
    )
    assert not wide._walks_in_c

    def refuse(*args: object) -> None:
        raise AssertionError("C walk used")

    monkeypatch.setattr(model, "_compiled_leaves", refuse)
    assert len(wide.scores(_matrix(trees, 4, 2))) == 4


def test_extract_is_the_same_without_the_c_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        compiled = extract(html)
        monkeypatch.setattr(model, "COMPILED_TREES", False)
        plain = extract(html)
        monkeypatch.setattr(model, "COMPILED_TREES", True)
        assert compiled == plain, path.name


@pytest.mark.parametrize("rows", [0, 1, 7, 8, 9, 15, 16, 17, 257])
def test_heap_walk_gathers_the_numpy_leaves_values(rows: int) -> None:
    """``_ctext.heap_leaf_values`` (the trees as complete heaps) ends on the numpy walk's
    leaves: the same float64 values in the same (rows, trees) order, NaN and ties included."""
    heap_walk = getattr(_ctext, "heap_leaf_values", None)
    if heap_walk is None:
        pytest.skip("_ctext built before the heap walk")
    for trees in _models():
        heaps = model.heap_arrays(
            trees.feature, trees.threshold, trees.left, trees.right, trees.value, trees.depth
        )
        if heaps is None:
            continue
        matrix = np.ascontiguousarray(_matrix(trees, rows, 100 + rows), dtype=np.float32)
        got = heap_walk(matrix, *heaps, trees.depth)
        want = trees._values.take(trees.leaves(matrix))
        assert got.dtype == want.dtype == np.float64 and got.shape == want.shape
        assert got.tobytes() == want.tobytes()


def test_heap_layout_refuses_what_it_cannot_walk() -> None:
    """Too deep a model, or a path longer than its depth, keeps the child-table walk."""
    trees = shipped_model()
    assert trees is not None
    args = (trees.feature, trees.threshold, trees.left, trees.right, trees.value)
    assert model.heap_arrays(*args, model.MAX_HEAP_DEPTH + 1) is None
    assert model.heap_arrays(*args, trees.depth - 1) is None  # leaves below that depth
    assert model.heap_arrays(*args, trees.depth) is not None


def test_scores_are_the_same_with_and_without_heaps(monkeypatch: pytest.MonkeyPatch) -> None:
    for trees in _models():
        for seed, rows in enumerate((1, 8, 13, 130)):
            matrix = _matrix(trees, rows, 50 + seed)
            heaped = trees.scores(matrix)
            monkeypatch.setattr(model, "COMPILED_HEAPS", False)
            table = trees.scores(matrix)
            monkeypatch.setattr(model, "COMPILED_TREES", False)
            plain = trees.scores(matrix)
            monkeypatch.setattr(model, "COMPILED_TREES", True)
            monkeypatch.setattr(model, "COMPILED_HEAPS", True)
            assert heaped.tobytes() == table.tobytes() == plain.tobytes()


def test_extract_is_the_same_without_the_heap_walk(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        heaped = extract(html)
        monkeypatch.setattr(model, "COMPILED_HEAPS", False)
        table = extract(html)
        monkeypatch.setattr(model, "COMPILED_HEAPS", True)
        assert heaped == table, path.name
