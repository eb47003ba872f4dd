"""``block_features``' last columns (neighbours, window means, bits) filled in C
(``_ctext.feature_tail``) are the numpy code's bit for bit, so the block model scores the same."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import extract, features
from scraper.extractor.blocks import N_BITS

_ctext = pytest.importorskip("scraper.extractor._ctext", reason="_ctext not built (setup.py)")
if not hasattr(_ctext, "feature_tail"):
    pytest.skip("_ctext built before the feature tail", allow_module_level=True)

pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")  # NaN and inf in numpy
PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
WIDTH = len(features.FEATURE_NAMES)
TAIL = 16 + 3 + 2 * N_BITS


def _columns(n: int, seed: int) -> tuple[np.ndarray, ...]:
    """Random line columns with odd values (NaN, infinities, signed zeros, huge and tiny)."""
    rng = np.random.default_rng(seed)
    floats = []
    for _ in range(4):
        column = rng.normal(size=n) * rng.choice([1e-30, 0.01, 1.0, 1e6, 1e30], size=n)
        odd = rng.random(n) < 0.1
        column[odd] = rng.choice([np.nan, np.inf, -np.inf, 0.0, -0.0], size=n)[odd]
        floats.append(column)
    bits = [rng.integers(-(2**62), 2**62, size=n, dtype=np.int64) for _ in range(2)]
    return (*floats, *bits)


def _both(n: int, seed: int, monkeypatch: pytest.MonkeyPatch) -> tuple[np.ndarray, np.ndarray]:
    columns = _columns(n, seed)
    compiled = np.full((n, WIDTH), 7.0, dtype=np.float32)
    features._fill_tail(compiled, WIDTH - TAIL, *columns)
    monkeypatch.setattr(features, "COMPILED_TAIL", False)
    plain = np.full((n, WIDTH), 7.0, dtype=np.float32)
    features._fill_tail(plain, WIDTH - TAIL, *columns)
    monkeypatch.setattr(features, "COMPILED_TAIL", True)
    return compiled, plain


@pytest.mark.parametrize("n", [0, 1, 2, 3, 4, 5, 6, 11, 257])
def test_the_tail_is_the_numpy_tail(n: int, monkeypatch: pytest.MonkeyPatch) -> None:
    for seed in range(5):
        compiled, plain = _both(n, seed * 31 + n, monkeypatch)
        assert compiled.tobytes() == plain.tobytes()


def test_columns_numpy_reads_and_c_does_not_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A strided column or another dtype goes to the numpy code: the same result, no error."""
    n = 9
    log_chars, link_density, heur, kinds, inherited, near = _columns(2 * n, 3)
    strided = (log_chars[::2], link_density[:n], heur[:n], kinds[:n], inherited[:n], near[:n])
    wide = (*strided[:3], kinds[:n].astype(np.float32), *strided[4:])
    for columns in (strided, wide):
        compiled = np.zeros((n, WIDTH), dtype=np.float32)
        features._fill_tail(compiled, WIDTH - TAIL, *columns)
        monkeypatch.setattr(features, "COMPILED_TAIL", False)
        plain = np.zeros((n, WIDTH), dtype=np.float32)
        features._fill_tail(plain, WIDTH - TAIL, *columns)
        monkeypatch.setattr(features, "COMPILED_TAIL", True)
        assert compiled.tobytes() == plain.tobytes()


def test_a_wrong_shape_is_refused_before_any_write() -> None:
    out = np.zeros((3, WIDTH), dtype=np.float32)
    columns = _columns(3, 1)
    with pytest.raises(ValueError):
        _ctext.feature_tail(
            out, WIDTH - TAIL + 1, *columns[:4], features._NEIGHBOUR_FILL, *columns[4:], N_BITS
        )
    assert not out.any()


def test_extract_is_the_same_without_the_c_tail(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        compiled = extract(html)
        monkeypatch.setattr(features, "COMPILED_TAIL", False)
        plain = extract(html)
        monkeypatch.setattr(features, "COMPILED_TAIL", True)
        assert compiled == plain, path.name
