"""The end-of-article cut of text dumps: what its rows read and where it cuts."""

from __future__ import annotations

import numpy as np

from scraper.extractor import textend
from scraper.extractor.textend import END_FEATURE_NAMES, MAX_TAIL, cut_rows, end_cut

PROSE = "The council voted on the plan after a long debate about the budget and the schools."
TAIL = ["Related posts", "Share on Facebook", "Share on Twitter", "Newsletter sign up 2024"]


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


def test_each_cut_reads_what_follows_it() -> None:
    texts = [PROSE] * 6 + TAIL
    b = _blocks(texts, [0.9] * 6 + [0.4] * 4, [0] * 6 + [1] * 4)
    keep = list(range(len(texts)))
    cands, rows = cut_rows(**b, keep=keep, page=(True, False, True), cues={"related": 2.0})
    assert cands.tolist() == list(range(1, len(texts)))
    col = {name: rows[:, i] for i, name in enumerate(END_FEATURE_NAMES)}
    at = cands.tolist().index(6)  # the cut before "Related posts"
    assert col["link_share"][at] == 1.0 and col["short_share"][at] == 1.0
    assert col["cue_at"][at] == 2.0 and col["heading_at"][at] == 1.0
    assert col["sentence_words"][at] == 0.0 and col["sentence_above"][at] == 1.0
    assert col["dated_share"][at] == 0.25  # the newsletter line's year
    assert np.isclose(col["p_suffix"][at], 0.4) and np.isclose(col["p_above_all"][at], 0.9)
    assert col["dated_page"][at] == 1.0 and col["bylined"][at] == 0.0


def test_only_the_last_blocks_are_cut_candidates() -> None:
    texts = [PROSE] * (MAX_TAIL + 20)
    b = _blocks(texts, [0.9] * len(texts), [0] * len(texts))
    cands, rows = cut_rows(**b, keep=list(range(len(texts))), page=(False, False, False), cues={})
    assert cands.tolist() == list(range(20, MAX_TAIL + 20))
    assert rows.shape == (MAX_TAIL, len(END_FEATURE_NAMES))


def test_the_body_is_cut_at_the_most_probable_cut_above_the_bar(monkeypatch) -> None:
    texts = [PROSE] * 6 + TAIL
    b = _blocks(texts, [0.9] * 6 + [0.4] * 4, [0] * 6 + [1] * 4)
    keep = list(range(len(texts)))
    weights = {"bias": -2.0, "link_share": 4.0, "outside": 2.0}  # the longest linked tail
    monkeypatch.setattr("scraper.extractor.textendweights.END_WEIGHTS", weights)
    monkeypatch.setattr("scraper.extractor.textendweights.END_BAR", 0.75)
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep[:6]
    monkeypatch.setattr("scraper.extractor.textendweights.END_BAR", 0.99)
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep
    monkeypatch.setattr("scraper.extractor.textendweights.END_WEIGHTS", {})
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep
    assert textend.MAX_TAIL == MAX_TAIL


def test_the_extractors_scores_equal_the_rows_weighted(monkeypatch) -> None:
    rng = np.random.default_rng(7)
    pool = [PROSE, *TAIL, "Posted at 10:42", "A short line", "Why it matters."]
    for size in (3, 5, 12, 40, MAX_TAIL + 15):
        texts = [pool[i] for i in rng.integers(0, len(pool), size + 10)]
        b = _blocks(texts, rng.random(len(texts)).tolist(), rng.integers(0, 2, len(texts)).tolist())
        b["bullet"] = rng.random(len(texts)) < 0.3
        b["repeated"] = rng.random(len(texts))
        keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
        weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
        cues = {"related": 1.5, "share": -0.5}
        cands, rows = cut_rows(**b, keep=keep, page=(True, False, True), cues=cues)
        fast, scores = textend.cut_scores(**b, keep=keep, page=(True, False, True), cues=cues,
                                          weights=weights)  # fmt: skip
        assert fast == cands.tolist()
        assert np.allclose(scores, rows @ np.array(weights), rtol=1e-9, atol=1e-9)


def test_the_compiled_passes_give_the_python_loops_doubles(monkeypatch) -> None:
    if textend._ctext is None:
        return  # not built: the Python loops are the only path
    rng = np.random.default_rng(11)
    pool = [PROSE, *TAIL, "Posted at 10:42", "A short line", "Why it matters."]
    for size in (3, 7, 33, MAX_TAIL + 9):
        texts = [pool[i] for i in rng.integers(0, len(pool), size + 5)]
        b = _blocks(texts, rng.random(len(texts)).tolist(), rng.integers(0, 2, len(texts)).tolist())
        b["bullet"] = rng.random(len(texts)) < 0.3
        b["repeated"] = rng.random(len(texts))
        keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
        weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
        page = (bool(size % 2), True, False)
        args = {**b, "keep": keep, "page": page, "cues": {"related": 1.5}, "weights": weights}
        compiled = textend.cut_scores(**args)
        monkeypatch.setattr(textend, "_ctext", None)
        assert textend.cut_scores(**args) == compiled
        monkeypatch.undo()


def test_a_block_without_a_digit_is_not_searched_and_the_scores_stay() -> None:
    rng = np.random.default_rng(5)
    pool = [PROSE, *TAIL, "Posted at 10:42", "Über 2019", "Grüße aus Köln"]
    texts = [pool[i] for i in rng.integers(0, len(pool), 60)]
    b = _blocks(texts, rng.random(60).tolist(), rng.integers(0, 2, 60).tolist())
    digits = np.array([sum(ch.isdigit() for ch in t) / len(t) for t in texts])
    args = {**b, "keep": list(range(0, 60, 2)), "page": (True, True, True), "cues": {}}
    weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
    plain = textend.cut_scores(**args, weights=weights)
    assert textend.cut_scores(**args, weights=weights, digits=digits) == plain
