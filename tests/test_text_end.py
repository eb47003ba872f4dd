"""The end-of-article cut of text dumps: what its rows read and where it cuts."""

from __future__ import annotations

import numpy as np

from scraper.extractor import textend
from scraper.extractor.model import trees_from_arrays
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
    monkeypatch.setattr(textend, "shipped_trees", lambda: None)  # the logistic sum alone
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


def test_a_block_without_a_digit_is_not_searched_and_the_scores_stay(monkeypatch) -> None:
    monkeypatch.setattr(textend, "_ctext", None)  # the Python path reads the digit ratio
    rng = np.random.default_rng(5)
    pool = [PROSE, *TAIL, "Posted at 10:42", "Über 2019", "Grüße aus Köln"]
    texts = [pool[i] for i in rng.integers(0, len(pool), 60)]
    b = _blocks(texts, rng.random(60).tolist(), rng.integers(0, 2, 60).tolist())
    digits = np.array([sum(ch.isdigit() for ch in t) / len(t) for t in texts])
    args = {**b, "keep": list(range(0, 60, 2)), "page": (True, True, True), "cues": {}}
    weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
    plain = textend.cut_scores(**args, weights=weights)
    assert textend.cut_scores(**args, weights=weights, digits=digits) == plain


# characters that test the compiled text checks against ``re`` and ``str``: ASCII and other
# decimal digits (Arabic-Indic, full-width, mathematical: 1-, 2- and 4-byte strings), the
# clock's colon, word characters around them, Unicode spaces, the sentence ends, a letter
# whose lower case is longer
_TRICKY = [*'1920:_aZx .)!?"”é', "٢", "２", "𝟘", "\u00a0", "\u2003", "İ", "ab", "Re", "19"]


def _tricky_text(rng: np.random.Generator) -> str:
    parts = rng.choice(len(_TRICKY), int(rng.integers(0, 14)))
    text = "".join(_TRICKY[i] for i in parts)
    if rng.random() < 0.3:  # long enough to count as a sentence, or too long for a date
        text = " ".join([PROSE] * int(rng.integers(1, 4))) + " " + text
    return text


def test_the_compiled_text_checks_match_re_and_str(monkeypatch) -> None:
    """Dates (``_DATED_RE``), sentence ends and headings (``rstrip``), cue words (``_WORD_RE``
    of the lower-cased text): the C path gives the Python path's scores on odd text."""
    if textend._ctext is None:
        return  # not built: the Python loops are the only path
    rng = np.random.default_rng(23)
    cues = {"ab": 0.7, "re": 1.25, "xx": -0.5, "abab": 2.0, "i̇": 0.3}
    for size in (3, 9, 30, MAX_TAIL + 4):
        for _ in range(40):
            texts = [_tricky_text(rng) for _ in range(size + 3)]
            links = rng.integers(0, 2, len(texts)).tolist()
            b = _blocks(texts, rng.random(len(texts)).tolist(), links)
            b["bullet"] = rng.random(len(texts)) < 0.3
            b["repeated"] = rng.random(len(texts))
            keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
            weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
            page = (True, False, True)
            args = {**b, "keep": keep, "page": page, "cues": cues, "weights": weights}
            compiled = textend.cut_scores(**args)
            monkeypatch.setattr(textend, "_ctext", None)
            assert textend.cut_scores(**args) == compiled, texts
            monkeypatch.undo()


def test_the_dated_column_reads_a_year_or_a_clock_time_as_re_does() -> None:
    """Single blocks whose date verdict is known, through the compiled path when built."""
    dated = ["Posted 10:42", "1:05", "In 2019.", "(1999)", "x 2031", "at ２:３０", "２０:１５"]
    undated = ["٢٠١٩", "10:4", "123:45", "a2019", "2019x", "_2019", "1:056", "1899", "20190"]
    weights = [0.0] * len(END_FEATURE_NAMES)
    weights[END_FEATURE_NAMES.index("dated_share")] = 1.0
    for text, want in [(t, 1.0) for t in dated] + [(t, 0.0) for t in undated]:
        texts = [PROSE, PROSE, text]
        b = _blocks(texts, [0.9] * 3, [0] * 3)
        _, scores = textend.cut_scores(**b, keep=[0, 1, 2], page=(False, False, False), cues={},
                                       weights=weights)  # fmt: skip
        assert scores[-1] == want, text


def test_the_compiled_rows_are_the_rows() -> None:
    """``cut_matrix`` (the tree model's rows, filled in C when built) gives ``cut_rows``."""
    rng = np.random.default_rng(17)
    pool = [PROSE, *TAIL, "Posted at 10:42", "A short line", "Why it matters.", "Über 2019"]
    for size in (3, 8, 41, MAX_TAIL + 12):
        texts = [pool[i] for i in rng.integers(0, len(pool), size + 6)]
        b = _blocks(texts, rng.random(len(texts)).tolist(), rng.integers(0, 2, len(texts)).tolist())
        b["bullet"] = rng.random(len(texts)) < 0.3
        b["repeated"] = rng.random(len(texts))
        keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
        args = {**b, "keep": keep, "page": (True, False, True), "cues": {"related": 1.5}}
        weights = rng.normal(size=len(END_FEATURE_NAMES)).tolist()
        cands, scores, rows = textend.cut_matrix(**args, weights=weights)
        slow, expected = cut_rows(**args)
        assert cands == slow.tolist()
        assert np.allclose(rows, expected, rtol=1e-12, atol=1e-12)
        assert scores == textend.cut_scores(**args, weights=weights)[1]


def _stump(column: str, at: float, low: float, high: float, bar: float) -> textend.TreeModel:
    """One tree splitting one column: ``low`` raw score at or under ``at``, ``high`` above."""
    names = END_FEATURE_NAMES[1:]
    arrays = {
        "feature": np.array([[names.index(column), 0, 0]]),
        "threshold": np.array([[at, 0, 0]], dtype=np.float32),
        "left": np.array([[1, 1, 2]]),
        "right": np.array([[2, 1, 2]]),
        "value": np.array([[0.0, low, high]]),
        "baseline": np.array(0.0),
        "depth": np.array(1),
        "threshold_keep": np.array(bar),
        "feature_names": np.array(names),
    }
    return trees_from_arrays(arrays, names)


def test_shipped_trees_cut_where_they_are_surest(monkeypatch) -> None:
    texts = [PROSE] * 6 + TAIL
    b = _blocks(texts, [0.9] * 6 + [0.4] * 4, [0] * 6 + [1] * 4)
    keep = list(range(len(texts)))
    # every cut from "Related posts" on has an all-linked tail (0.88): the first of equal
    # chances, the longest tail, is the cut
    trees = _stump("link_share", 0.99, -3.0, 2.0, 0.75)
    monkeypatch.setattr(textend, "shipped_trees", lambda: trees)
    monkeypatch.setattr("scraper.extractor.textendweights.END_WEIGHTS", {"bias": 1.0})
    monkeypatch.setattr("scraper.extractor.textendweights.END_GATE", 0.0)
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep[:6]
    monkeypatch.setattr(textend, "shipped_trees", lambda: _stump("link_share", 0.99, -3, 1.0, 0.75))
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep  # 0.73: under the bar
    monkeypatch.setattr(textend, "shipped_trees", lambda: trees)
    monkeypatch.setattr("scraper.extractor.textendweights.END_GATE", 1.5)  # the sum rules out all
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep
    gate = {"bias": -2.0, "link_words": 2.0, "outside": 1.0}  # passes the longer linked tails
    monkeypatch.setattr("scraper.extractor.textendweights.END_WEIGHTS", gate)
    monkeypatch.setattr("scraper.extractor.textendweights.END_GATE", -0.5)
    assert end_cut(**b, keep=keep, page=(True, True, True)) == keep[:6]


def test_the_compiled_gated_trees_cut_where_the_python_path_does(monkeypatch) -> None:
    """The shipped trees walked in C on the gated cuts (one pass) and through ``cut_matrix``
    and ``TreeModel.scores`` (the Python path) cut the same bodies at the same place."""
    trees = textend.shipped_trees()
    if textend._ctext is None or trees is None:
        return  # not built or no trees shipped: only the Python path runs
    rng = np.random.default_rng(29)
    pool = [PROSE, *TAIL, "Posted at 10:42", "A short line", "Why it matters.", "Über 2019"]
    cut = 0
    for size in (3, 6, 20, 50, MAX_TAIL + 10):
        for _ in range(30):
            tail = int(rng.integers(0, size + 1))  # prose, then a linked stretch of short lines
            texts = [PROSE] * (size + 8 - tail) + [pool[i] for i in rng.integers(1, 5, tail)]
            links = [0] * (size + 8 - tail) + rng.integers(0, 2, tail).tolist()
            probs = np.r_[rng.uniform(0.6, 1.0, size + 8 - tail), rng.uniform(0.0, 0.6, tail)]
            b = _blocks(texts, probs.tolist(), links)
            b["bullet"] = rng.random(len(texts)) < 0.3
            b["repeated"] = (rng.random(len(texts)) < 0.2).astype(float)
            keep = sorted(rng.choice(len(texts), size, replace=False).tolist())
            monkeypatch.setattr(
                "scraper.extractor.textendweights.END_GATE", float(rng.uniform(-3.0, 0.0))
            )
            page = (bool(rng.integers(2)), bool(rng.integers(2)), True)
            compiled = end_cut(**b, keep=keep, page=page)
            with monkeypatch.context() as m:
                m.setattr(textend, "_ctext", None)
                assert end_cut(**b, keep=keep, page=page) == compiled
            cut += compiled != keep
    assert cut > 0  # some bodies were cut: the comparison saw the trees decide
