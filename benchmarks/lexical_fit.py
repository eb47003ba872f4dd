"""Fit the lexical score of lines and stack it into the block model honestly (branch ``body8``).

A regularized logistic regression over each line's terms (``lexical_terms.line_terms``) and its
content label gives term weights; a line's lexical score is its log-odds. The vocabulary is the
terms seen on at least ``MIN_DOMAINS`` training domains (a site's own menu words do not
generalize), capped at ``MAX_TERMS`` by domain count. Each page counts once and its lines count
equally (boilerplate lives in short lines, which word-share weights would drown).

Stacking: the score is a feature of the tree model, so the training rows' scores must be out of
fold, as the held-out rows' are. ``nested_columns`` gives the training pages scores from
lexical models fitted on the other inner folds (by domain) and the held-out pages scores from
the model fitted on all the training pages; the shipped model does the same over all pages.
"""

from __future__ import annotations

import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import lexical_terms
from lexical_terms import lexical_scores, line_terms, page_words

MIN_DOMAINS = 5
MAX_TERMS = 6000
C = 0.5
INNER_FOLDS = 4
COLUMN_NAMES = ("lex_score", "lex_window5")


class TermIndex:
    """Every term of every line numbered once; each page's lines as lists of term ids."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}

    def page_ids(self, texts: list[str]) -> list[list[int]]:
        ids = self.ids
        out = []
        for words in page_words(texts):
            row = []
            for term in line_terms(words):
                number = ids.get(term)
                if number is None:
                    number = ids[term] = len(ids)
                row.append(number)
            out.append(row)  # a term twice in a line counts twice, as in lexical_scores
        return out


def prepare(pages: list[dict[str, Any]]) -> TermIndex:
    """Put each page's line term ids in ``page["terms"]`` (once for all fits)."""
    index = TermIndex()
    for page in pages:
        page["terms"] = index.page_ids([line.text for line in page["page"].blocks.lines])
    index.names = {number: term for term, number in index.ids.items()}  # type: ignore[attr-defined]
    return index


def fit_lexical(pages: list[dict[str, Any]], index: TermIndex) -> tuple[dict[str, float], float]:
    """Term weights and bias fitted on ``pages`` (their ``terms`` and labels ``y``)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    seen: dict[int, set[str]] = defaultdict(set)
    for page in pages:
        domain = page["domain"]
        for number in {t for row in page["terms"] for t in row}:
            seen[number].add(domain)
    common = [(len(d), t) for t, d in seen.items() if len(d) >= MIN_DOMAINS]
    common.sort(key=lambda item: (-item[0], item[1]))
    skip = bool(lexical_terms.SHORT_CHARS)
    vocab = {t: column for column, (_, t) in enumerate(common[:MAX_TERMS])}
    indices, indptr, labels, weights = [], [0], [], []
    for page in pages:
        rows = page["terms"]
        if not rows or (skip and not any(rows)):
            continue
        share = 1.0 / (sum(1 for row in rows if row) if skip else len(rows))
        for row, label in zip(rows, page["y"], strict=True):
            if skip and not row:  # with SHORT_CHARS, the lines without terms are not fitted
                continue
            indices += [vocab[t] for t in row if t in vocab]
            indptr.append(len(indices))
            labels.append(int(label))
            weights.append(share)
    matrix = csr_matrix(
        (np.ones(len(indices), dtype=np.float64), indices, indptr), shape=(len(labels), len(vocab))
    )
    matrix.sum_duplicates()
    weight = np.array(weights)
    weight *= len(weight) / weight.sum()
    model = LogisticRegression(C=C, max_iter=300)
    model.fit(matrix, np.array(labels), sample_weight=weight)
    names = index.names  # type: ignore[attr-defined]
    coefs = model.coef_[0]
    terms = {names[t]: float(coefs[column]) for t, column in vocab.items() if coefs[column] != 0}
    return terms, float(model.intercept_[0])


def columns(texts: list[str], weights: dict[str, float], bias: float) -> np.ndarray:
    """The lexical columns of one page's lines (``COLUMN_NAMES``)."""
    n = len(texts)
    out = np.zeros((n, len(COLUMN_NAMES)), dtype=np.float32)
    if n == 0:
        return out
    score = lexical_scores(texts, weights, bias)
    out[:, 0] = score
    padded = np.concatenate([[0.0], np.cumsum(score)])
    index = np.arange(n)
    low, high = np.maximum(index - 2, 0), np.minimum(index + 3, n)
    out[:, 1] = (padded[high] - padded[low]) / (high - low)
    return out


def page_columns(page: dict[str, Any], model: tuple[dict[str, float], float]) -> np.ndarray:
    return columns([line.text for line in page["page"].blocks.lines], *model)


def inner_oof(
    pages: list[dict[str, Any]], index: TermIndex, folds: int = INNER_FOLDS
) -> dict[str, np.ndarray]:
    """Each page's lexical columns from a model fitted on the other inner folds (by domain)."""
    from sklearn.model_selection import GroupKFold

    out: dict[str, np.ndarray] = {}
    groups = [page["domain"] for page in pages]
    for train, test in GroupKFold(n_splits=folds).split(pages, groups=groups):
        model = fit_lexical([pages[i] for i in train], index)
        for i in test:
            out[pages[i]["id"]] = page_columns(pages[i], model)
    return out


def nested_columns(
    train: list[dict[str, Any]], test: list[dict[str, Any]], index: TermIndex
) -> tuple[dict[str, np.ndarray], tuple[dict[str, float], float]]:
    """Inner-out-of-fold columns for ``train``, and for ``test`` the columns of the model
    fitted on all of ``train`` (returned too: the shipped model's lexical weights)."""
    out = inner_oof(train, index)
    model = fit_lexical(train, index)
    for page in test:
        out[page["id"]] = page_columns(page, model)
    return out, model


def save(path: Path, terms: dict[str, float], bias: float) -> None:
    """The lexical weights as the library reads them: terms, their weights, the bias."""
    names = sorted(terms)
    np.savez_compressed(
        path,
        terms=np.array(names),
        weights=np.array([terms[name] for name in names], dtype=np.float32),
        bias=np.array(bias),
    )
