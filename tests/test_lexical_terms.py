"""The lexical line score studied for the block model (``benchmarks/lexical_terms.py`` and
``benchmarks/lexical_fit.py``; round eleven, branch ``body8``: not shipped, see
benchmarks/README.md): terms, scores, the stacked columns, the fit and its nesting."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
sys.path.insert(0, str(BENCHMARKS))
lexical_terms = importlib.import_module("lexical_terms")
lexical_fit = importlib.import_module("lexical_fit")


def test_words_fold_case_punctuation_and_digits() -> None:
    words = lexical_terms.page_words(
        ["Posted in News, Updates | 12 comments", "\u201cReply\u201d", "", "Prix : 19,99 \u20ac"]
    )
    assert words == [
        ["posted", "in", "news", "updates", "00", "comments"],
        ["reply"],
        [],
        ["prix", "00", "00", "\u20ac"],
    ]
    assert lexical_terms.page_words([]) == []


def test_words_read_only_the_head_of_a_long_line() -> None:
    (words,) = lexical_terms.page_words(["word " * 100])
    assert len(words) == lexical_terms.MAX_WORDS


def test_terms_are_words_bigrams_first_word_and_short_lines_whole() -> None:
    terms = lexical_terms.line_terms(["read", "more"])
    assert terms == ["read", "more", "read more", "^read", "=read more"]
    assert "=a b c d" not in lexical_terms.line_terms(["a", "b", "c", "d"])
    assert lexical_terms.line_terms([]) == []


def test_scores_add_the_weights_of_a_line_terms() -> None:
    weights = {"reply": -2.0, "=reply": -1.0, "the": 0.5, "00 comments": -3.0}
    scores = lexical_terms.lexical_scores(
        ["Reply", "The story", "12 comments", "Nothing known"], weights, 0.25
    )
    assert scores.tolist() == pytest.approx([-2.75, 0.75, -2.75, 0.25])


def test_columns_hold_the_score_and_its_five_line_mean() -> None:
    columns = lexical_fit.columns(["a", "b", "a", "b", "a", "b"], {"a": 1.0}, 0.0)
    assert columns.shape == (6, len(lexical_fit.COLUMN_NAMES))
    assert columns[:, 0].tolist() == [1.0, 0.0, 1.0, 0.0, 1.0, 0.0]
    assert columns[2, 1] == pytest.approx(3 / 5)
    assert columns[0, 1] == pytest.approx(2 / 3)
    assert lexical_fit.columns([], {}, 0.0).shape == (0, 2)


def _page(number: int, domain: str, texts: list[str], labels: list[int]) -> dict:
    lines = [SimpleNamespace(text=text) for text in texts]
    return {
        "id": f"p{number}",
        "domain": domain,
        "page": SimpleNamespace(blocks=SimpleNamespace(lines=lines)),
        "y": np.array(labels, dtype=np.int8),
    }


def _pool() -> list[dict]:
    pages = []
    for number in range(24):
        domain = f"site{number % 8}.example"
        texts = [
            f"The story of day {number} goes on at length.",
            "Leave a comment",
            "Share this",
            f"Only on {domain}",
        ]
        pages.append(_page(number, domain, texts, [1, 0, 0, 0]))
    return pages


def test_fit_learns_words_that_repeat_across_domains_only() -> None:
    pytest.importorskip("sklearn")
    pages = _pool()
    index = lexical_fit.prepare(pages)
    weights, _ = lexical_fit.fit_lexical(pages, index)
    assert weights["comment"] < 0 < weights["story"]
    assert not any("site3" in term for term in weights)  # one domain's words are not learned


def test_nested_columns_score_training_pages_out_of_fold(tmp_path: Path) -> None:
    pytest.importorskip("sklearn")
    pages = _pool()
    index = lexical_fit.prepare(pages)
    train, test = pages[:18], pages[18:]
    columns, (weights, bias) = lexical_fit.nested_columns(train, test, index)
    assert set(columns) == {page["id"] for page in pages}
    for page in test:  # held-out pages: the model fitted on all training pages
        expected = lexical_fit.page_columns(page, (weights, bias))
        assert np.array_equal(columns[page["id"]], expected)
    assert columns["p0"][0, 0] > columns["p0"][1, 0]  # the story over "Leave a comment"
    path = tmp_path / "lexical.npz"
    lexical_fit.save(path, weights, bias)
    with np.load(path) as data:
        assert dict(zip(data["terms"].tolist(), data["weights"].tolist(), strict=True)) == (
            pytest.approx(weights)
        )
