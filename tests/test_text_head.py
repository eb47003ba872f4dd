"""The start-of-article cut of text dumps: what its rows read and where it starts the body."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from scraper.extractor import texthead
from scraper.extractor.model import trees_from_arrays
from scraper.extractor.texthead import HEAD_FEATURE_NAMES, MAX_HEAD, head_rows, start_cut

PROSE = (
    "The council voted on the plan after a long debate about the budget, the new roads and the"
    " schools of the district."
)
HEAD = ["Most Popular", "Skip to content", "Posted: Fri 6:45 PM, Feb 16, 2018", "[Social-Fac]"]
DATELINE = (
    "SAN FRANCISCO (AP) — The utility began shutting off power to customers in the north of the"
    " state on Wednesday."
)


def _blocks(texts: list[str], probs: list[float], links: list[int]) -> dict:
    words = np.array([len(t.split()) for t in texts], dtype=np.int64)
    return {
        "texts": texts,
        "probs": np.array(probs, dtype=float),
        "words": words,
        "links": np.array(links, dtype=np.int64),
        "bullet": np.zeros(len(texts), dtype=bool),
        "repeated": np.zeros(len(texts)),
    }


def test_each_start_reads_what_it_drops_and_what_follows() -> None:
    texts = HEAD + [DATELINE] + [PROSE] * 5
    b = _blocks(texts, [0.6] * 4 + [0.9] * 6, [1, 1, 0, 0] + [0] * 6)
    keep = list(range(len(texts)))
    cands, rows = head_rows(**b, keep=keep, page=(True, False, True), byline_at=None)
    assert cands == list(range(1, len(texts)))
    col = {name: np.array([r[i] for r in rows]) for i, name in enumerate(HEAD_FEATURE_NAMES)}
    at = cands.index(4)  # the start at the dateline paragraph
    assert col["drop_link"][at] == 0.5 and col["drop_short"][at] == 1.0
    assert col["drop_dated"][at] == 0.25 and col["drop_bracket"][at] == 0.25
    assert col["dateline_at"][at] == 1.0 and col["first_paragraph"][at] == 1.0
    assert np.isclose(col["p_jump"][at], 0.3) and col["sentence_below"][at] == 1.0
    assert col["dated_page"][at] == 1.0 and col["bylined"][at] == 0.0
    assert col["dateline_at"][cands.index(5)] == 0.0 and col["first_paragraph"][at + 1] == 0.0


def test_only_the_first_blocks_are_start_candidates() -> None:
    texts = [PROSE] * (MAX_HEAD + 20)
    b = _blocks(texts, [0.9] * len(texts), [0] * len(texts))
    cands, rows = head_rows(**b, keep=list(range(len(texts))), page=(False,) * 3, byline_at=None)
    assert cands == list(range(1, MAX_HEAD + 1))
    assert len(rows) == MAX_HEAD and {len(r) for r in rows} == {len(HEAD_FEATURE_NAMES)}


def test_the_body_starts_at_the_most_probable_start_above_the_bar(monkeypatch) -> None:
    texts = HEAD + [PROSE] * 6
    b = _blocks(texts, [0.6] * 4 + [0.9] * 6, [0] * 10)
    keep = list(range(len(texts)))
    weights = {"bias": -3.0, "drop_short": 4.0, "first_paragraph": 2.0}
    monkeypatch.setattr(texthead, "shipped_trees", lambda: None)  # the logistic sum decides
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_WEIGHTS", weights)
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_BAR", 0.75)
    assert start_cut(**b, keep=keep, page=(True, True, True), byline_at=None) == keep[4:]
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_BAR", 0.99)
    assert start_cut(**b, keep=keep, page=(True, True, True), byline_at=None) == keep
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_WEIGHTS", {})
    assert start_cut(**b, keep=keep, page=(True, True, True), byline_at=None) == keep


@pytest.mark.skipif(texthead._chead is None, reason="_chead not built")
def test_the_compiled_scores_are_the_python_rows_doubles(monkeypatch) -> None:
    rng = np.random.default_rng(11)
    pool = [
        PROSE,
        *HEAD,
        DATELINE,
        "Updated 10:42",
        "A short line",
        "WASHINGTON",
        "Why? 1999.",
        "ABC\n- x",
    ]
    for size in (2, 3, 9, 30, MAX_HEAD + 15):
        texts = [pool[i] for i in rng.integers(0, len(pool), size + 10)]
        b = _blocks(texts, rng.random(len(texts)).tolist(), rng.integers(0, 2, len(texts)).tolist())
        b["bullet"] = rng.random(len(texts)) < 0.3
        b["repeated"] = rng.random(len(texts))
        keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
        weights = rng.normal(size=len(HEAD_FEATURE_NAMES)).tolist()
        byline = keep[min(2, size - 1)]
        digits = np.array([float(any(ch.isdigit() for ch in t)) for t in texts])
        fast = texthead.head_best(**b, keep=keep, page=(True, False, True), byline_at=byline,
                                    weights=weights, digits=digits)  # fmt: skip
        monkeypatch.setattr(texthead, "_chead", None)
        slow = texthead.head_best(**b, keep=keep, page=(True, False, True), byline_at=byline,
                                    weights=weights)  # fmt: skip
        monkeypatch.undo()
        _, rows = head_rows(**b, keep=keep, page=(True, False, True), byline_at=byline)
        assert fast == slow  # the same start, the same double
        sums = np.array(rows) @ np.array(weights)
        assert slow[0] == int(np.argmax(sums)) + 1 and np.isclose(slow[1], sums.max(), rtol=1e-9)


def _random_trees(rng: np.random.Generator, count: int, bar: float) -> texthead.TreeModel:
    """``count`` full trees of depth 2 on random columns (the rows but the bias), random
    thresholds and leaf values: a stand-in for ``texthead_model.npz``."""
    names = HEAD_FEATURE_NAMES[1:]
    feature = np.zeros((count, 7), dtype=np.intp)
    feature[:, :3] = rng.integers(0, len(names), (count, 3))
    threshold = np.zeros((count, 7), dtype=np.float32)
    threshold[:, :3] = rng.uniform(0.0, 1.0, (count, 3))
    leaf = np.arange(7)
    arrays = {
        "feature": feature,
        "threshold": threshold,
        "left": np.tile(np.r_[1, 3, 5, leaf[3:]], (count, 1)),
        "right": np.tile(np.r_[2, 4, 6, leaf[3:]], (count, 1)),
        "value": np.c_[np.zeros((count, 3)), rng.normal(0.0, 0.5, (count, 4))],
        "baseline": np.array(-0.3),
        "depth": np.array(2),
        "threshold_keep": np.array(bar),
        "feature_names": np.array(names),
    }
    return trees_from_arrays(arrays, names)


def test_the_trees_read_only_the_gated_starts(monkeypatch) -> None:
    texts = HEAD + [PROSE] * 6
    b = _blocks(texts, [0.6] * 4 + [0.9] * 6, [0] * 10)
    keep = list(range(len(texts)))
    names = HEAD_FEATURE_NAMES[1:]
    stump = {  # one tree: a start dropping only short lines is sure (raw 3), else not (-3)
        "feature": np.array([[names.index("drop_short"), 0, 0]]),
        "threshold": np.array([[0.99, 0, 0]], dtype=np.float32),
        "left": np.array([[1, 1, 2]]),
        "right": np.array([[2, 1, 2]]),
        "value": np.array([[0.0, -3.0, 3.0]]),
        "baseline": np.array(0.0),
        "depth": np.array(1),
        "threshold_keep": np.array(0.75),
        "feature_names": np.array(names),
    }
    trees = trees_from_arrays(stump, names)
    monkeypatch.setattr(texthead, "shipped_trees", lambda: trees)
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_WEIGHTS", {"bias": 1.0})
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_GATE", 0.0)
    page = (True, True, True)
    # starts 1..4 drop only short lines: the first of equal tree scores wins
    assert start_cut(**b, keep=keep, page=page, byline_at=None) == keep[1:]
    gate = {"bias": -1.0, "first_paragraph": 2.0}  # only the start at the first paragraph
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_WEIGHTS", gate)
    assert start_cut(**b, keep=keep, page=page, byline_at=None) == keep[4:]
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_GATE", 1.5)  # none passes
    assert start_cut(**b, keep=keep, page=page, byline_at=None) == keep


@pytest.mark.skipif(texthead._chead is None, reason="_chead not built")
def test_the_compiled_gated_trees_start_where_the_python_path_does(monkeypatch) -> None:
    rng = np.random.default_rng(21)
    pool = [PROSE, *HEAD, DATELINE, "Updated 10:42", "A short line", "WASHINGTON"]
    trees = _random_trees(rng, 40, 0.5)
    decided = 0
    for size in (2, 3, 9, 30, MAX_HEAD + 15):
        for _ in range(20):
            texts = [pool[i] for i in rng.integers(0, len(pool), size + 10)]
            probs = rng.random(len(texts)).tolist()
            b = _blocks(texts, probs, rng.integers(0, 2, len(texts)).tolist())
            b["bullet"] = rng.random(len(texts)) < 0.3
            b["repeated"] = rng.random(len(texts))
            keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
            weights = rng.normal(size=len(HEAD_FEATURE_NAMES)).tolist()
            gate = float(rng.uniform(-2.0, 2.0))
            digits = np.array([float(any(ch.isdigit() for ch in t)) for t in texts])
            args = {**b, "keep": keep, "page": (True, False, True), "byline_at": keep[0]}
            fast = texthead.head_best(
                **args, weights=weights, digits=digits, trees=trees, gate=gate
            )
            with monkeypatch.context() as m:
                m.setattr(texthead, "_chead", None)
                slow = texthead.head_best(**args, weights=weights, trees=trees, gate=gate)
            assert fast == slow  # the same start, the same raw score (the same double)
            decided += fast[0] > 0
    assert decided > 20


def test_the_shipped_trees_start_the_same_bodies_in_c_and_python(monkeypatch) -> None:
    """``texthead_model.npz`` walked in C (``_chead.head_best``) and in numpy (the fallback)
    starts the same bodies at the same block."""
    trees = texthead.shipped_trees()
    if texthead._chead is None or trees is None:
        return  # not built or no trees shipped: only the Python path runs
    # a low bar and gate: these made-up dumps are cut often enough to compare where
    monkeypatch.setattr(texthead, "shipped_trees", lambda: replace(trees, threshold_keep=0.3))
    monkeypatch.setattr("scraper.extractor.textheadweights.HEAD_GATE", -3.0)
    rng = np.random.default_rng(29)
    pool = [PROSE, *HEAD, DATELINE, "Updated 10:42", "A short line", "WASHINGTON"]
    cut = 0
    for size in (2, 5, 12, MAX_HEAD + 10):
        for _ in range(40):
            head = int(rng.integers(0, size + 1))  # chrome lines, then prose
            texts = [pool[i] for i in rng.integers(1, len(pool), head)] + [PROSE] * (size - head)
            probs = np.r_[rng.uniform(0.0, 0.7, head), rng.uniform(0.6, 1.0, size - head)]
            b = _blocks(texts, probs.tolist(), rng.integers(0, 2, size).tolist())
            digits = np.array([float(any(ch.isdigit() for ch in t)) for t in texts])
            keep = list(range(size))
            args = {**b, "keep": keep, "page": (True, bool(rng.integers(2)), True)}
            compiled = start_cut(**args, byline_at=None, digits=digits)
            with monkeypatch.context() as m:
                m.setattr(texthead, "_chead", None)
                assert start_cut(**args, byline_at=None, digits=digits) == compiled
            cut += compiled != keep
    assert cut > 0  # some bodies were started later: the comparison saw the trees decide
