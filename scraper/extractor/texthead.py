"""Where the article starts: one learned cut of the finished body's head, judged by what it drops.

The edge model judges the blocks near the body's start one at a time. What is kept above an
article's first paragraph (menus, section names, "skip to content", dates and teasers of news
chrome above the headline) is told apart better as a stretch: from the body's first block to a
candidate start, how many blocks carry link markers, how many are short lines or list items,
how much of it is sentences, how the block model rates it against what follows, whether the
byline the metadata reader found sits between it and the rest, whether a news dateline opens
the block it starts at. A small logistic model gives each start among the body's first
``MAX_HEAD`` blocks the probability that dropping what lies above it gains; the body starts at
the most probable one when that clears the bar.

Weights in ``textheadweights.py``, fitted out of fold by ``benchmarks/text_head_study.py``
(round twenty); empty weights leave the body as it is. Round twenty-one (text29): when
``texthead_model.npz`` ships, small boosted trees (the body model's ``TreeModel``) judge the
starts whose logistic score clears ``HEAD_GATE`` (text27's design for the end cut): they combine
what a sum cannot; without the file the logistic sum decides alone, as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from scraper.extractor import textheadweights as _headweights
from scraper.extractor.model import TreeModel, optional_trees
from scraper.extractor.textend import ColumnWeights

# ``head_best`` in C (built from _chead.pyx by setup.py; optional): the same doubles.
try:
    from scraper.extractor import _chead
except ImportError:
    _chead = None

__all__ = [
    "HEAD_FEATURE_NAMES",
    "MAX_HEAD",
    "TREES_PATH",
    "head_best",
    "head_rows",
    "shipped_trees",
    "start_cut",
]

TREES_PATH = Path(__file__).with_name("texthead_model.npz")

MAX_HEAD = 24  # starts among the body's first blocks considered (_chead.pyx's too)
_SHORT = 8  # a block under this many words is a short line
_WINDOW = 8  # kept blocks read just below a start
_DATED_WORDS = 40  # a date in a block this short is its own (a teaser's, a dateline's)
_SENTENCE_ENDS = (".", "!", "?", '"', "”", ")")
_LONG = 20  # a sentence block of this many words is a paragraph
_HEADLINE = (3, 20)  # words of a line that may be a headline (a teaser's, a section's)
_HEADLINE_ENDS = (".", "!", "?", ":", ",", ";")
_DATED_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
# a news dateline opening the first paragraph: "SAN FRANCISCO (AP) —", "BUFFALO, N.Y. -- "
_DATELINE_START_RE = re.compile(r"[A-Z][A-Z .,'’]{2}")  # what the C path tests first
_DATELINE_RE = re.compile(r"[A-Z][A-Z .,'’]{2,40}(?:\([A-Za-z .]{1,20}\))?\s*(?:—|–|--|-|:)\s")
HEAD_FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "drop_share",
    "log_drop_words",
    "log_drop_blocks",
    "drop_link",
    "drop_short",
    "drop_bullet",
    "drop_sentence",
    "drop_p",
    "drop_p_max",
    "drop_dated",
    "drop_repeated",
    "p_at",
    "p_before",
    "p_below",
    "sentence_below",
    "short_below",
    "link_below",
    "gap",
    "log_words_at",
    "log_words_before",
    "sentence_at",
    "heading_before",
    "byline_between",
    "log_body_words",
    "dated_page",
    "bylined",
    "titled",
    "drop_headline",
    "drop_bracket",
    "p_jump",
    "sentence_jump",
    "first_paragraph",
    "log_drop_paragraphs",
    "p_margin",
    "dateline_at",
)


def head_rows(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    page: tuple[bool, bool, bool],
    byline_at: int | None,
    digits: np.ndarray | None = None,
) -> tuple[list[int], list[list[float]]]:
    """Each candidate start ``c`` (the body starts at ``keep[c]``, 1 <= c) and its row.

    ``probs`` .. ``repeated``: per block of the dump; ``page``: whether the page has a date, a
    byline and a title; ``byline_at``: the byline's block (or None); ``digits``: the block
    model's digit ratio, if at hand (an ASCII block without a digit is searched for no date).
    Plain Python, sums in loops: ``_chead.head_best`` adds the same doubles in the same order.
    """
    n = len(keep)
    if n < 2:
        return [], []
    last = min(n - 1, MAX_HEAD)
    reach = min(n, last + _WINDOW)  # blocks read: the candidates and the window below the last
    head = list(keep[:reach])
    w = [float(words[i]) for i in head]
    p = [float(probs[i]) for i in head]
    linked = [float(links[i] > 0) for i in head]
    bulleted = [bool(bullet[i]) for i in head]
    rep = [float(repeated[i]) for i in head]
    kept_texts = [texts[i] for i in head]
    stripped = [t.rstrip() for t in kept_texts]
    short = [float(c < _SHORT) for c in w]
    sentence = [
        float(c >= _SHORT and t.endswith(_SENTENCE_ENDS)) for t, c in zip(stripped, w, strict=True)
    ]
    dated = [
        float(
            c <= _DATED_WORDS
            and (digits is None or digits[i] > 0 or not t.isascii())
            and _DATED_RE.search(t) is not None
        )
        for t, c, i in zip(kept_texts, w, head, strict=True)
    ]
    total = 0.0
    for i in keep:
        total += float(words[i])
    total = total or 1.0
    dated_page, bylined, titled = (float(x) for x in page)
    log1p = math.log1p
    rows: list[list[float]] = []
    d_w = d_link = d_short = d_bullet = d_sent = d_pw = d_dated = d_rep = 0.0
    d_pmax = d_headline = d_bracket = d_long = 0.0
    for c in range(1, last + 1):
        k = c - 1  # the block this start drops last
        wk, text = w[k], stripped[k]
        d_w += wk
        d_link += linked[k]
        d_short += short[k]
        d_bullet += bulleted[k]
        d_sent += sentence[k] * wk
        d_pw += p[k] * wk
        d_dated += dated[k]
        d_rep += rep[k]
        if p[k] > d_pmax:
            d_pmax = p[k]
        if _HEADLINE[0] <= wk <= _HEADLINE[1] and not bulleted[k]:
            d_headline += not text.endswith(_HEADLINE_ENDS)
        d_bracket += text.startswith("[")
        d_long += sentence[k] and wk >= _LONG
        hi = min(reach, c + _WINDOW)
        b_w = b_p = b_s = b_short = b_link = 0.0
        for j in range(c, hi):
            b_w += w[j]
            b_p += p[j]
            b_s += sentence[j] * w[j]
            b_short += short[j]
            b_link += linked[j]
        b_w = b_w or 1.0
        p_below, s_below = b_p / (hi - c), b_s / b_w
        d_words = d_w or 1.0
        first = kept_texts[c]
        rows.append(
            [
                1.0,
                d_w / total,
                log1p(d_w),
                log1p(c),
                d_link / c,
                d_short / c,
                d_bullet / c,
                d_sent / d_words,
                d_pw / d_words,
                d_pmax,
                d_dated / c,
                d_rep / c,
                p[c],
                p[k],
                p_below,
                s_below,
                b_short / (hi - c),
                b_link / (hi - c),
                log1p(head[c] - head[k] - 1),
                log1p(w[c]),
                log1p(wk),
                sentence[c],
                float(wk <= _SHORT and not text.endswith(".")),
                float(byline_at is not None and head[k] < byline_at <= head[c]),
                log1p(total),
                dated_page,
                bylined,
                titled,
                d_headline / c,
                d_bracket / c,
                p_below - d_pw / d_words,
                s_below - d_sent / d_words,
                float(sentence[c] and w[c] >= _LONG and not d_long),
                log1p(d_long),
                p[c] - d_pmax,
                float(
                    _DATELINE_START_RE.match(first) is not None
                    and _DATELINE_RE.match(first) is not None
                ),
            ]
        )
    return list(range(1, last + 1)), rows


_table_weights = ColumnWeights(HEAD_FEATURE_NAMES)


def head_best(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    page: tuple[bool, bool, bool],
    byline_at: int | None,
    weights: Sequence[float],
    digits: np.ndarray | None = None,
    trees: TreeModel | None = None,
    gate: float = 0.0,
) -> tuple[int, float]:
    """The candidate start with the highest weighted sum (the first of equal sums) and that
    sum, (0, -inf) with none: in C when the arrays have the extractor's types, else
    ``head_rows`` @ ``weights`` added in order. With ``trees``: among the starts whose sum
    clears ``gate``, the first of the highest raw tree score and that score."""
    if (
        _chead is not None
        and type(texts) is list
        and type(keep) is list
        and digits is not None
        and words.dtype == links.dtype == np.int64
        and probs.dtype == repeated.dtype == digits.dtype == np.float64
        and bullet.dtype == np.bool_
        and len(keep) >= 2
        and (trees is None or trees._walks_in_c)
    ):
        return _chead.head_best(
            texts, keep, words, probs, links, bullet, repeated, digits,
            weights if type(weights) is tuple else tuple(weights), page,
            -1 if byline_at is None else byline_at, _DATED_RE.search, _DATELINE_RE.match,
            trees, gate,
        )  # fmt: skip
    cands, rows = head_rows(
        texts, probs, words, links, bullet, repeated, keep, page, byline_at, digits
    )
    best, top = 0, -math.inf
    read: list[int] = []
    for c, row in zip(cands, rows, strict=True):
        score = 0.0
        for a, b in zip(weights, row, strict=True):
            score += a * b
        if trees is not None:
            if score > gate:
                read.append(c)
        elif score > top:
            best, top = c, score
    if trees is not None and read:
        raw = _trees_raw(trees, np.array([rows[c - 1][1:] for c in read]))
        at = int(np.argmax(raw))
        best, top = read[at], float(raw[at])
    return best, top


def _trees_raw(trees: TreeModel, matrix: np.ndarray) -> np.ndarray:
    """The trees' raw scores (log-odds) of the rows: leaf values added in tree order, then
    the baseline (``_chead``'s order; numpy's pairwise sum may round otherwise)."""
    node = trees.leaves(np.ascontiguousarray(matrix, dtype=np.float32))
    raw = []
    for leaves in trees._values.take(node).tolist():
        total = 0.0
        for value in leaves:
            total += value
        raw.append(trees.baseline + total)
    return np.array(raw)


@cache
def shipped_trees() -> TreeModel | None:
    """The start cut's boosted trees (``texthead_model.npz``: the rows but the bias column, the
    bar as ``threshold_keep``), read once; None when the file is absent."""
    return optional_trees(TREES_PATH, HEAD_FEATURE_NAMES[1:])


def start_cut(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: list[int],
    page: tuple[bool, bool, bool],
    byline_at: int | None,
    digits: np.ndarray | None = None,
) -> list[int]:
    """``keep`` started at the most probable start-of-article cut when it clears the bar."""
    table = _headweights.HEAD_WEIGHTS  # read per call: tests swap the module's weights
    if not table or len(keep) < 2:
        return keep
    weights = _table_weights(table)
    trees = shipped_trees()
    best, top = head_best(
        texts, probs, words, links, bullet, repeated, keep, page, byline_at, weights, digits,
        trees, _headweights.HEAD_GATE,
    )  # fmt: skip
    bar = _headweights.HEAD_BAR if trees is None else trees.threshold_keep
    if not best or 1.0 / (1.0 + math.exp(-top)) <= bar:
        return keep
    return keep[best:]
