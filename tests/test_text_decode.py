"""The text dumps' sequence decoder and its gate: the decoded body and when it replaces the body."""

from __future__ import annotations

import numpy as np
import pytest

from scraper.extractor import textdecode
from scraper.extractor.textdecode import (
    GATE_FEATURE_NAMES,
    TREE_FEATURE_NAMES,
    TREE_KIND_NAMES,
    decode_body,
    decoded_keep,
    gate_row,
    tree_row,
)


@pytest.fixture
def logistic_gate(monkeypatch):
    """The logistic gate alone (the shipped trees set aside), as before round twenty-two."""
    monkeypatch.setattr(textdecode, "shipped_trees", lambda: None)


def _viterbi(probs, words, skip, q, gamma, hole) -> np.ndarray:
    """The four-state Viterbi (before, body, hole, after) the decoder stands for, in plain loops."""
    neg = -1e300
    b, i, h, a = 0.0, neg, neg, neg
    back: list[tuple[int, int, int]] = []
    for k in range(len(probs)):
        if skip[k]:
            back.append((1, 2, 3))
            continue
        p = min(max(probs[k], 1e-4), 1 - 1e-4)
        e = min(words[k], 60.0) ** gamma * (np.log(p / (1 - p)) - np.log(q / (1 - q)))
        ni, bi = max((b, 0), (i, 1), (h, 2), key=lambda t: t[0])
        nh, bh = max((i - hole, 1), (h, 2), key=lambda t: t[0])
        na, ba = max((i, 1), (a, 3), key=lambda t: t[0])
        back.append((bi, bh, ba))
        i, h, a = ni + e, nh, na
    state = max((b, 0), (i, 1), (a, 3), key=lambda t: t[0])[1]
    out = np.zeros(len(probs), bool)
    for k in range(len(probs) - 1, -1, -1):
        if state == 0:
            break
        out[k] = state == 1 and not skip[k]
        state = back[k][{1: 0, 2: 1, 3: 2}[state]]
    return out


@pytest.mark.parametrize("hole", [0.0, 3.0, 30.0, 1e9])
def test_the_decoded_body_is_the_viterbi_path(hole: float) -> None:
    rng = np.random.default_rng(7)
    for _ in range(200):
        n = int(rng.integers(1, 40))
        probs = rng.random(n)
        words = rng.integers(1, 80, n).astype(float)
        skip = rng.random(n) < 0.15
        got = decode_body(probs, words, skip, 0.3, 0.8, hole)
        assert (got == _viterbi(probs, words, skip, 0.3, 0.8, hole)).all()


def test_a_low_run_inside_the_body_is_a_hole_only_when_cheaper() -> None:
    probs = np.array([0.05, 0.9, 0.9, 0.1, 0.9, 0.9, 0.05])
    words = np.array([10.0, 40, 40, 5, 40, 40, 10])
    skip = np.zeros(7, bool)
    kept = decode_body(probs, words, skip, 0.3, 0.8, 100.0)
    assert kept.tolist() == [False, True, True, True, True, True, False]  # the hole costs more
    kept = decode_body(probs, words, skip, 0.3, 0.8, 1.0)
    assert kept.tolist() == [False, True, True, False, True, True, False]
    skip[2] = True  # chrome is never body
    assert not decode_body(probs, words, skip, 0.3, 0.8, 100.0)[2]


def test_the_gate_row_reads_how_the_bodies_differ() -> None:
    body = np.array([False, True, True, False])
    decoded = np.array([False, True, True, True])
    words = np.array([5.0, 30, 30, 20])
    probs = np.array([0.1, 0.9, 0.8, 0.6])
    kinds = np.array([[0, 0, 0, 0], [0, 0, 1, 0], [0, 0, 1, 0], [0.5, 1, 0, 1]], float)
    row = dict(zip(GATE_FEATURE_NAMES, gate_row(body, decoded, words, probs, kinds), strict=True))
    assert row["bias"] == 1.0
    assert row["body_in_decoded"] == 1.0 and row["decoded_in_body"] == pytest.approx(60 / 80)
    assert row["added_p"] == pytest.approx(0.6)
    assert row["added_link_density"] == 0.5 and row["added_bullet"] == 1.0


@pytest.mark.usefixtures("logistic_gate")
def test_the_gate_takes_the_decoded_body_only_over_its_bar(monkeypatch) -> None:
    probs = np.array([0.1, 0.9, 0.9, 0.9, 0.1])
    words = np.array([5.0, 40, 40, 40, 5])
    skip = np.zeros(5, bool)
    kinds, cols = np.zeros((5, 4)), np.arange(4)
    monkeypatch.setattr(textdecode._weights, "MAX_BODY_P", 2.0)  # no guard
    monkeypatch.setattr(textdecode._weights, "GATE_WEIGHTS", {"bias": 5.0})
    monkeypatch.setattr(textdecode, "_GATE", np.r_[5.0, np.zeros(len(GATE_FEATURE_NAMES) - 1)])
    assert decoded_keep([1], probs, words, skip, kinds, cols) == [1, 2, 3]
    monkeypatch.setattr(textdecode, "_GATE", np.r_[-5.0, np.zeros(len(GATE_FEATURE_NAMES) - 1)])
    assert decoded_keep([1], probs, words, skip, kinds, cols) == [1]
    monkeypatch.setattr(textdecode._weights, "GATE_WEIGHTS", {})
    assert decoded_keep([1], probs, words, skip, kinds, cols) == [1]  # no weights: the step is off


@pytest.mark.usefixtures("logistic_gate")
def test_a_confident_body_is_never_replaced(monkeypatch) -> None:
    probs = np.array([0.1, 0.9, 0.7, 0.7, 0.1])
    words = np.array([5.0, 40, 40, 40, 5])
    skip = np.zeros(5, bool)
    kinds, cols = np.zeros((5, 4)), np.arange(4)
    monkeypatch.setattr(textdecode._weights, "GATE_WEIGHTS", {"bias": 5.0})
    monkeypatch.setattr(textdecode, "_GATE", np.r_[5.0, np.zeros(len(GATE_FEATURE_NAMES) - 1)])
    monkeypatch.setattr(textdecode._weights, "MAX_BODY_P", 0.95)
    for compiled in (True, False):
        assert decoded_keep([1], probs, words, skip, kinds, cols, compiled) == [1, 2, 3]
    monkeypatch.setattr(textdecode._weights, "MAX_BODY_P", 0.8)  # the body's p is 0.9
    for compiled in (True, False):
        assert decoded_keep([1], probs, words, skip, kinds, cols, compiled) == [1]


@pytest.mark.usefixtures("logistic_gate")
@pytest.mark.skipif(textdecode._compiled is None, reason="_cdecode not built")
@pytest.mark.parametrize("hole", [0.0, 3.0, 30.0, 300.0, 1e9])
def test_the_compiled_decoder_and_gate_match_python(monkeypatch, hole: float) -> None:
    rng = np.random.default_rng(11)
    monkeypatch.setattr(textdecode._weights, "DECODE", {"q": 0.3, "gamma": 0.5, "hole": hole})
    monkeypatch.setattr(textdecode, "_GATE", rng.normal(size=len(GATE_FEATURE_NAMES)))
    cols = np.array([3, 0, 5, 1], np.intp)
    for _ in range(300):
        n = int(rng.integers(1, 60))
        probs = rng.random(n)
        words = rng.integers(1, 90, n).astype(float)
        skip = rng.random(n) < 0.15
        matrix = rng.random((n, 7))
        keep = np.flatnonzero(rng.random(n) < 0.5).tolist()
        dc, fc, sc, zc = textdecode._c_gate(keep, probs, words, skip, matrix, cols)
        dp, fp, sp, zp = textdecode._python_gate(keep, probs, words, skip, matrix, cols)
        assert (dc == dp).all() and fc == fp
        if fp:
            assert sc == pytest.approx(sp, abs=1e-12) and zc == pytest.approx(zp, abs=1e-9)


@pytest.mark.usefixtures("logistic_gate")
@pytest.mark.skipif(textdecode._compiled_keep is None, reason="_cdecode not built")
@pytest.mark.parametrize("max_body_p", [0.5, 0.8, 2.0])
def test_the_one_call_decoder_matches_the_masks_built_in_python(monkeypatch, max_body_p) -> None:
    """``decoded_keep_skipping``'s one C call (masks built in C, integer words read through the
    pow table) = ``decoded_keep`` on masks and float words built in Python, either path."""
    rng = np.random.default_rng(5)
    monkeypatch.setattr(textdecode._weights, "DECODE", {"q": 0.3, "gamma": 0.7, "hole": 3.0})
    monkeypatch.setattr(textdecode._weights, "MAX_BODY_P", max_body_p)
    monkeypatch.setattr(textdecode._weights, "GATE_BAR", 0.5)
    cols = np.array([3, 0, 5, 1], np.intp)
    taken = 0
    for _ in range(400):
        monkeypatch.setattr(textdecode, "_GATE", rng.normal(size=len(GATE_FEATURE_NAMES)))
        n = int(rng.integers(0, 60))
        probs = rng.random(n)
        words = rng.integers(0, 90, n).astype(np.int64)
        chrome = rng.random(n) < 0.15
        matrix = rng.random((n, 7))
        keep = np.flatnonzero(rng.random(n) < 0.5).tolist()
        at = [int(rng.integers(0, n)) if n and rng.random() < 0.5 else None for _ in range(2)]
        got = textdecode.decoded_keep_skipping(keep, probs, words, chrome, at, matrix, cols)
        args = (keep, probs, words, chrome, at, matrix, cols)
        assert textdecode.decoded_keep_skipping(*args, compiled=False) == got
        skip = chrome.copy()
        for i in at:
            if i is not None:
                skip[i] = True
        for compiled in (True, False):
            want = decoded_keep(keep, probs, words.astype(float), skip, matrix, cols, compiled)
            assert got == want
        taken += got != keep
    assert taken > 20


def test_the_tree_row_reads_where_the_bodies_part() -> None:
    body = np.array([False, True, True, True, False, False])
    decoded = np.array([True, True, True, False, True, True])
    words = np.array([10.0, 30, 30, 20, 15, 5])
    probs = np.array([0.4, 0.9, 0.8, 0.3, 0.6, 0.2])
    kinds = np.zeros((6, len(TREE_KIND_NAMES)))
    kinds[:, TREE_KIND_NAMES.index("repeated_in_page")] = [1, 0, 0, 0, 1, 1]
    values = tree_row(body, decoded, words, probs, kinds, 1)
    row = dict(zip(TREE_FEATURE_NAMES, values, strict=True))
    head = gate_row(body, decoded, words, probs, kinds[:, :4])
    assert [row[n] for n in GATE_FEATURE_NAMES] == head.tolist()
    # added: block 0 (10 words, before the body and above the title) and blocks 4-5 (20, after)
    assert row["added_before"] == pytest.approx(10 / 30)
    assert row["added_after"] == pytest.approx(20 / 30)
    assert row["added_above_title"] == pytest.approx(10 / 30)
    assert row["log_added_runs"] == pytest.approx(np.log(3))
    assert row["added_max_run"] == pytest.approx(20 / 30)
    assert row["added_repeated_in_page"] == 1.0 and row["body_repeated_in_page"] == 0.0
    assert row["dropped_p"] == pytest.approx(0.3) and row["body_low_p"] == pytest.approx(20 / 80)
    assert row["body_share"] == pytest.approx(80 / 110)
    assert row["added_low_p"] == pytest.approx(15 / 30)


@pytest.mark.skipif(textdecode._compiled is None, reason="_cdecode not built")
def test_the_compiled_tree_row_matches_python() -> None:
    from scraper.extractor._cdecode import TREE_COLUMNS, decode_gate

    assert len(TREE_FEATURE_NAMES) == TREE_COLUMNS
    rng = np.random.default_rng(3)
    cols = rng.permutation(20)[: len(TREE_KIND_NAMES)].astype(np.intp)
    weights = rng.normal(size=len(GATE_FEATURE_NAMES))
    checked = 0
    for _ in range(400):
        n = int(rng.integers(1, 60))
        probs, words = rng.random(n), rng.integers(0, 90, n).astype(float)
        skip, body = rng.random(n) < 0.15, rng.random(n) < 0.5
        matrix = rng.random((n, 20))
        title = int(rng.integers(-1, n))
        out, row = np.empty(n, np.uint8), np.zeros(len(TREE_FEATURE_NAMES))
        differs, _, _ = decode_gate(probs, words, skip.view(np.uint8), body.view(np.uint8), matrix,
                                    cols, 0.3, 0.5, 3.0, weights, out, row, title)  # fmt: skip
        if differs:
            want = tree_row(body, out.view(bool), words, probs, matrix[:, cols], title)
            assert row == pytest.approx(want, abs=1e-12)
            checked += 1
    assert checked > 100


def test_the_shipped_trees_read_the_tree_row() -> None:
    trees = textdecode.shipped_trees()
    assert trees is not None and 0.5 <= trees.threshold_keep < 1.0
    assert trees._columns <= len(TREE_FEATURE_NAMES) - 1


@pytest.mark.skipif(textdecode._compiled_keep is None, reason="_cdecode not built")
def test_the_trees_gate_is_the_same_in_c_and_python(monkeypatch) -> None:
    """With the shipped trees: the one C call (row and walk in C), ``_c_gate`` (row in C, walk in
    numpy) and the Python path take the same bodies."""
    rng = np.random.default_rng(9)
    monkeypatch.setattr(textdecode._weights, "TREE_MAX_BODY_P", 2.0)
    cols = rng.permutation(20)[: len(TREE_KIND_NAMES)].astype(np.intp)
    taken = 0
    # 1,200 random dumps: the trees refitted on the blend block model (round twenty-three)
    # take fewer of them (16 of the first 600) than text34's did; the bar below keeps the
    # comparison about bodies the gate takes, not only ones it leaves
    for _ in range(1200):
        n = int(rng.integers(0, 60))
        probs = rng.random(n) ** 0.5
        words = rng.integers(0, 90, n).astype(np.int64)
        chrome = rng.random(n) < 0.1
        matrix = rng.random((n, 20))
        keep = np.flatnonzero(rng.random(n) < 0.5).tolist()
        at = [int(rng.integers(0, n)) if n and rng.random() < 0.5 else None for _ in range(2)]
        got = textdecode.decoded_keep_skipping(keep, probs, words, chrome, at, matrix, cols)
        args = (keep, probs, words, chrome, at, matrix, cols)
        assert textdecode.decoded_keep_skipping(*args, compiled=False) == got
        floats = (keep, probs, words.astype(float), chrome, at, matrix, cols)
        assert textdecode.decoded_keep_skipping(*floats, compiled=True) == got
        taken += got != keep
    assert taken > 20
