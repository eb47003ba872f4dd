"""Where the article ends: one learned cut of the finished body's tail, judged by what follows.

The edge model judges the blocks near the body's end one at a time. What is kept past an
article's end (comments, related posts, share and newsletter boxes, footers) is told apart
better as a stretch: from a candidate cut to the body's end, how many blocks carry link
markers, how many are short lines or list items, how much of it is sentences, how the block
model rates it against the body above, whether a heading or a cue word stands at the cut,
whether blocks were skipped just before it. A small logistic model gives each cut among the
body's last ``MAX_TAIL`` blocks the probability that cutting there gains; the body is cut at
the most probable cut when that clears the bar.

Weights in ``textendweights.py``, fitted out of fold by ``benchmarks/text_tail_study.py``
(round nineteen); empty weights leave the body as it is. Round twenty (text27): when
``textend_model.npz`` ships, small boosted trees (the body model's ``TreeModel``) judge the same
rows: they combine what the logistic sum cannot (a linked tail is chrome after prose, not after
a list). They read only the cuts whose logistic score clears ``END_GATE`` (about one cut in
nine; fewer trees walked, and out of fold no worse than reading all); without the file the
logistic sum decides alone, as before.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from functools import cache, partial
from itertools import repeat
from pathlib import Path

import numpy as np

from scraper.extractor import textedgeweights as _edgeweights
from scraper.extractor import textendweights as _endweights
from scraper.extractor.model import TreeModel, optional_trees

# ``cut_scores`` in C (built from _ctext.pyx by setup.py; optional): the same doubles.
# Not built: the Python loops run.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = [
    "END_FEATURE_NAMES",
    "MAX_TAIL",
    "TREES_PATH",
    "cut_matrix",
    "cut_rows",
    "cut_scores",
    "end_cut",
    "shipped_trees",
]

TREES_PATH = Path(__file__).with_name("textend_model.npz")

MAX_TAIL = 80  # cuts among the body's last blocks considered
_SHORT = 8  # a block under this many words is a short line
_WINDOW = 8  # kept blocks read just above a cut
_CUE_WORDS = 12  # a block this short at the cut is read for cue words
_DATED_WORDS = 40  # a date in a block this short is its own (a comment's, a teaser's)
_SENTENCE_ENDS = (".", "!", "?", '"', "”", ")")
_DATED_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")
_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
END_FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "outside",
    "log_suffix_words",
    "log_suffix_blocks",
    "link_share",
    "link_words",
    "short_share",
    "bullet_share",
    "sentence_words",
    "sentence_above",
    "sentence_drop",
    "p_suffix",
    "p_min",
    "p_at",
    "p_before",
    "p_above",
    "gap",
    "heading_at",
    "cue_at",
    "dated_share",
    "repeated_share",
    "log_words_at",
    "log_words_before",
    "short_run",
    "short_above",
    "bullet_above",
    "link_above",
    "p_above_all",
    "dated_above",
    "sentence_above_all",
    "dated_page",
    "bylined",
    "titled",
)


def _suffix(values: np.ndarray) -> np.ndarray:
    return np.cumsum(values[::-1])[::-1]


def cut_rows(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    page: tuple[bool, bool, bool],
    cues: Mapping[str, float],
) -> tuple[np.ndarray, np.ndarray]:
    """Each candidate cut ``c`` (the body ends before ``keep[c]``) and its feature row.

    ``probs``, ``words``, ``links``, ``bullet``, ``repeated``: per block of the dump;
    ``page``: whether the page has a date, a byline and a title; ``cues``: the edge model's
    cue word scores.
    """
    n = len(keep)
    if n < 3:
        return np.zeros(0, dtype=np.int64), np.zeros((0, len(END_FEATURE_NAMES)))
    at = np.asarray(keep, dtype=np.int64)
    w = words[at].astype(float)
    linked = (links[at] > 0).astype(float)
    bulleted = bullet[at].astype(float)
    p = probs[at].astype(float)
    short = (w < _SHORT).astype(float)
    kept_texts = [texts[i] for i in keep]
    counts = w.tolist()
    ends = _SENTENCE_ENDS
    search = _DATED_RE.search
    sentence = np.array(
        [
            c >= _SHORT and t.rstrip().endswith(ends)
            for t, c in zip(kept_texts, counts, strict=True)
        ],
        dtype=float,
    )
    dated = np.array(
        [
            c <= _DATED_WORDS and search(t) is not None
            for t, c in zip(kept_texts, counts, strict=True)
        ],
        dtype=float,
    )
    rep = repeated[at].astype(float)
    total = w.sum() or 1.0
    cands = np.arange(max(1, n - MAX_TAIL), n)
    m = (n - cands).astype(float)
    s_words = _suffix(w)[cands]
    s_words_0 = np.where(s_words > 0, s_words, 1.0)
    cum = np.concatenate([[0.0], np.cumsum(w)])  # cum[c]: words above cut c
    cum_p = np.concatenate([[0.0], np.cumsum(p)])
    cum_pw = np.concatenate([[0.0], np.cumsum(p * w)])
    cum_sw = np.concatenate([[0.0], np.cumsum(sentence * w)])
    lo = np.maximum(0, cands - _WINDOW)
    above_w = cum[cands] - cum[lo]
    sentence_above = (cum_sw[cands] - cum_sw[lo]) / np.where(above_w > 0, above_w, 1.0)
    sentence_words = _suffix(sentence * w)[cands] / s_words_0
    p_min = np.minimum.accumulate(p[::-1])[::-1][cands]
    heading = np.zeros(len(cands))
    cue = np.zeros(len(cands))
    for r, c in enumerate(cands.tolist()):
        text = kept_texts[c]
        heading[r] = w[c] <= _SHORT and not text.rstrip().endswith(".")
        if w[c] <= _CUE_WORDS:
            found = _WORD_RE.findall(text.lower())[:_SHORT]
            cue[r] = max(map(cues.get, found, repeat(0.0)), default=0.0)
    run = np.zeros(n + 1)
    for c in range(n - 1, int(cands[0]) - 1, -1):  # short blocks in a row from each cut on
        run[c] = run[c + 1] + 1 if short[c] else 0.0
    above = cands.astype(float)
    cum_short, cum_bullet = np.cumsum(short), np.cumsum(bulleted)
    cum_link, cum_dated = np.cumsum(linked), np.cumsum(dated)
    dated_page, bylined, titled = (float(x) for x in page)
    rows = np.column_stack(
        (
            np.ones(len(cands)),
            s_words / total,
            np.log1p(s_words),
            np.log1p(m),
            _suffix(linked)[cands] / m,
            _suffix(linked * w)[cands] / s_words_0,
            _suffix(short)[cands] / m,
            _suffix(bulleted)[cands] / m,
            sentence_words,
            sentence_above,
            sentence_above - sentence_words,
            _suffix(p * w)[cands] / s_words_0,
            p_min,
            p[cands],
            p[cands - 1],
            (cum_p[cands] - cum_p[lo]) / (cands - lo),
            np.log1p(at[cands] - at[cands - 1] - 1),
            heading,
            cue,
            _suffix(dated)[cands] / m,
            _suffix(rep)[cands] / m,
            np.log1p(w[cands]),
            np.log1p(w[cands - 1]),
            np.log1p(run[cands]),
            cum_short[cands - 1] / above,
            cum_bullet[cands - 1] / above,
            cum_link[cands - 1] / above,
            cum_pw[cands] / np.maximum(cum[cands], 1.0),
            cum_dated[cands - 1] / above,
            cum_sw[cands] / np.maximum(cum[cands], 1.0),
            np.full(len(cands), dated_page),
            np.full(len(cands), bylined),
            np.full(len(cands), titled),
        )
    )
    return cands, rows


def _cue(cues: Mapping[str, float], text: str) -> float:
    """The highest cue word score among a short block's first words (0.0 with none)."""
    found = _WORD_RE.findall(text.lower())[:_SHORT]
    return max(map(cues.get, found, repeat(0.0)), default=0.0)


class ColumnWeights:
    """A shipped weight table's values in its model's column order (0.0 for a missing name),
    remembered for the last table by identity: reading the items on every dump costs a few
    microseconds, and a test swapping the module's table gets its own."""

    def __init__(self, names: Sequence[str]) -> None:
        self._names = tuple(names)
        self._table: Mapping[str, float] | None = None
        self._weights: tuple[float, ...] = ()

    def __call__(self, table: Mapping[str, float]) -> tuple[float, ...]:
        if table is not self._table:
            self._weights = tuple(float(table.get(name, 0.0)) for name in self._names)
            self._table = table
        return self._weights


_table_weights = ColumnWeights(END_FEATURE_NAMES)


def cut_scores(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    page: tuple[bool, bool, bool],
    cues: Mapping[str, float],
    weights: Sequence[float],
    digits: np.ndarray | None = None,
) -> tuple[list[int], list[float]]:
    """``cut_rows``' candidates and their rows' weighted sums, in plain Python: a body has a
    few dozen blocks, where numpy's fixed cost per call outweighs its speed (the extractor's
    path; tests hold it to ``cut_rows`` @ weights). Sums run once forward (what lies above a
    cut) and once backward (what follows it)."""
    n = len(keep)
    if n < 3:
        return [], []
    first = max(1, n - MAX_TAIL)
    cands = list(range(first, n))
    if (
        _ctext is not None
        and type(texts) is list
        and type(keep) is list
        and type(cues) is dict
        and words.dtype == links.dtype == np.int64
        and probs.dtype == repeated.dtype == np.float64
        and bullet.dtype == np.bool_
    ):  # the gathers, the text tests and both passes in C
        scores = _ctext.end_cut_scores(
            texts, keep, words, probs, links, bullet.view(np.uint8), repeated, cues,
            tuple(weights), page, first, partial(_cue, cues),
        )  # fmt: skip
        return cands, scores
    at = np.asarray(keep, dtype=np.int64)
    w = words[at].astype(float).tolist()
    linked = (links[at] > 0).tolist()
    bulleted = bullet[at].astype(bool).tolist()
    p = probs[at].astype(float).tolist()
    rep = repeated[at].astype(float).tolist()
    kept_texts = [texts[i] for i in keep]
    ends, search = _SENTENCE_ENDS, _DATED_RE.search
    short = [c < _SHORT for c in w]
    sentence = [
        c >= _SHORT and t.rstrip().endswith(ends) for t, c in zip(kept_texts, w, strict=True)
    ]
    if digits is None:
        dated = [
            c <= _DATED_WORDS and search(t) is not None for t, c in zip(kept_texts, w, strict=True)
        ]
    else:  # no digit (the block model's digit ratio; ASCII text): no date, no regex
        has = (digits[at] > 0).tolist()
        dated = [
            c <= _DATED_WORDS and (d or not t.isascii()) and search(t) is not None
            for t, c, d in zip(kept_texts, w, has, strict=True)
        ]
    get = cues.get
    cue: list[float] = []
    heading: list[bool] = []
    for c in range(first, n):  # what stands at each cut: a heading, a cue word
        text, wc = kept_texts[c], w[c]
        heading.append(wc <= _SHORT and not text.rstrip().endswith("."))
        if wc <= _CUE_WORDS:
            found = _WORD_RE.findall(text.lower())[:_SHORT]
            cue.append(max(map(get, found, repeat(0.0)), default=0.0))
        else:
            cue.append(0.0)
    # forward: sums above each cut (index c: blocks before c)
    cum_w, cum_p, cum_pw, cum_sw = [0.0], [0.0], [0.0], [0.0]
    cum_short, cum_bullet, cum_link, cum_dated = [0], [0], [0], [0]
    for k in range(n):
        cum_w.append(cum_w[-1] + w[k])
        cum_p.append(cum_p[-1] + p[k])
        cum_pw.append(cum_pw[-1] + p[k] * w[k])
        cum_sw.append(cum_sw[-1] + sentence[k] * w[k])
        cum_short.append(cum_short[-1] + short[k])
        cum_bullet.append(cum_bullet[-1] + bulleted[k])
        cum_link.append(cum_link[-1] + linked[k])
        cum_dated.append(cum_dated[-1] + dated[k])
    total = cum_w[n] or 1.0
    (b_bias, b_outside, b_lsw, b_lsb, b_link, b_link_w, b_short, b_bullet, b_sent, b_sent_above,
     b_drop, b_p_suffix, b_p_min, b_p_at, b_p_before, b_p_above, b_gap, b_head, b_cue, b_dated,
     b_rep, b_lw_at, b_lw_before, b_run, b_short_above, b_bullet_above, b_link_above,
     b_p_above_all, b_dated_above, b_sent_above_all, b_dated_page, b_bylined,
     b_titled) = weights  # fmt: skip
    dated_page, bylined, titled = (float(x) for x in page)
    constant = b_bias + b_dated_page * dated_page + b_bylined * bylined + b_titled * titled
    # backward: what follows each cut
    s_w = s_link = s_link_w = s_short = s_bullet = s_sent = s_pw = s_dated = s_rep = 0.0
    p_min = math.inf
    run = 0
    scores: list[float] = []
    log1p = math.log1p
    for c in range(n - 1, first - 1, -1):
        wc = w[c]
        s_w += wc
        s_link += linked[c]
        s_link_w += linked[c] * wc
        s_short += short[c]
        s_bullet += bulleted[c]
        s_sent += sentence[c] * wc
        s_pw += p[c] * wc
        s_dated += dated[c]
        s_rep += rep[c]
        if p[c] < p_min:
            p_min = p[c]
        run = run + 1 if short[c] else 0
        m = n - c
        s_words = s_w if s_w > 0 else 1.0
        lo = c - _WINDOW if c > _WINDOW else 0
        above_w = cum_w[c] - cum_w[lo]
        sentence_above = (cum_sw[c] - cum_sw[lo]) / (above_w if above_w > 0 else 1.0)
        sentence_words = s_sent / s_words
        weight_above = cum_w[c] if cum_w[c] > 1.0 else 1.0
        score = (
            constant
            + b_outside * (s_w / total)
            + b_lsw * log1p(s_w)
            + b_lsb * log1p(m)
            + b_link * (s_link / m)
            + b_link_w * (s_link_w / s_words)
            + b_short * (s_short / m)
            + b_bullet * (s_bullet / m)
            + b_sent * sentence_words
            + b_sent_above * sentence_above
            + b_drop * (sentence_above - sentence_words)
            + b_p_suffix * (s_pw / s_words)
            + b_p_min * p_min
            + b_p_at * p[c]
            + b_p_before * p[c - 1]
            + b_p_above * ((cum_p[c] - cum_p[lo]) / (c - lo))
            + b_gap * log1p(keep[c] - keep[c - 1] - 1)
            + b_head * heading[c - first]
            + b_cue * cue[c - first]
            + b_dated * (s_dated / m)
            + b_rep * (s_rep / m)
            + b_lw_at * log1p(wc)
            + b_lw_before * log1p(w[c - 1])
            + b_run * log1p(run)
            + b_short_above * (cum_short[c] / c)
            + b_bullet_above * (cum_bullet[c] / c)
            + b_link_above * (cum_link[c] / c)
            + b_p_above_all * (cum_pw[c] / weight_above)
            + b_dated_above * (cum_dated[c] / c)
            + b_sent_above_all * (cum_sw[c] / weight_above)
        )
        scores.append(score)
    scores.reverse()
    return cands, scores


def _compiled(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    cues: Mapping[str, float],
) -> bool:
    """Whether ``_ctext.end_cut_scores`` is built and takes these (its types: the extractor's)."""
    return (
        _ctext is not None
        and type(texts) is list
        and type(keep) is list
        and type(cues) is dict
        and words.dtype == links.dtype == np.int64
        and probs.dtype == repeated.dtype == np.float64
        and bullet.dtype == np.bool_
    )


@cache
def shipped_trees() -> TreeModel | None:
    """The end cut's boosted trees (``textend_model.npz``: the rows but the bias column, the
    bar as ``threshold_keep``), read once; None when the file is absent."""
    return optional_trees(TREES_PATH, END_FEATURE_NAMES[1:])


def cut_matrix(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: Sequence[int],
    page: tuple[bool, bool, bool],
    cues: Mapping[str, float],
    weights: Sequence[float],
) -> tuple[list[int], list[float], np.ndarray]:
    """``cut_rows``' candidates, their logistic scores (``weights``) and rows, filled in C by
    ``_ctext.end_cut_scores`` when it is built and the arrays have its types (the extractor's
    path), else ``cut_rows``."""
    n = len(keep)
    if n < 3:
        return [], [], np.zeros((0, len(END_FEATURE_NAMES)))
    first = max(1, n - MAX_TAIL)
    if _compiled(texts, probs, words, links, bullet, repeated, keep, cues):
        rows = np.empty((n - first, len(END_FEATURE_NAMES)))
        scores = _ctext.end_cut_scores(
            texts, keep, words, probs, links, bullet.view(np.uint8), repeated, cues,
            tuple(weights), page, first, partial(_cue, cues), rows,
        )  # fmt: skip
        return list(range(first, n)), scores, rows
    cands, rows = cut_rows(texts, probs, words, links, bullet, repeated, keep, page, cues)
    return cands.tolist(), (rows @ np.asarray(weights, dtype=float)).tolist(), rows


def end_cut(
    texts: Sequence[str],
    probs: np.ndarray,
    words: np.ndarray,
    links: np.ndarray,
    bullet: np.ndarray,
    repeated: np.ndarray,
    keep: list[int],
    page: tuple[bool, bool, bool],
    digits: np.ndarray | None = None,
) -> list[int]:
    """``keep`` cut at the most probable end-of-article cut when it clears the bar.

    ``digits``: the block model's digit ratio per block, if at hand (the Python path does not
    search a block without a digit for a date)."""
    table = _endweights.END_WEIGHTS  # read per call: tests swap the module's weights
    if not table or len(keep) < 3:
        return keep
    weights = _table_weights(table)
    trees = shipped_trees()
    gate = _endweights.END_GATE
    cues = _edgeweights.EDGE_CUES
    if trees is not None and _compiled(texts, probs, words, links, bullet, repeated, keep, cues):
        # one C pass: the logistic scores, and the trees on the cuts over the gate
        first = max(1, len(keep) - MAX_TAIL)
        _, best, raw = _ctext.end_cut_scores(
            texts, keep, words, probs, links, bullet.view(np.uint8), repeated, cues, weights,
            page, first, partial(_cue, cues), None, trees, gate,
        )  # fmt: skip
        if best < 0 or 1.0 / (1.0 + math.exp(-raw)) <= trees.threshold_keep:
            return keep
        return keep[: first + best]
    if trees is not None:  # the trees judge the cuts the logistic sum does not rule out
        cands, scores, rows = cut_matrix(
            texts, probs, words, links, bullet, repeated, keep, page, _edgeweights.EDGE_CUES,
            weights,
        )  # fmt: skip
        read = [k for k, score in enumerate(scores) if score > gate]
        if not read:
            return keep
        chance = trees.scores(rows[read, 1:])
        at = int(np.argmax(chance))
        return keep[: cands[read[at]]] if chance[at] > trees.threshold_keep else keep
    cands, scores = cut_scores(
        texts, probs, words, links, bullet, repeated, keep, page, _edgeweights.EDGE_CUES,
        weights, digits,
    )  # fmt: skip
    top = max(scores)  # the first of equal scores (list.index finds it unless NaN)
    best = scores.index(top) if top == top else max(range(len(scores)), key=scores.__getitem__)
    if 1.0 / (1.0 + math.exp(-scores[best])) <= _endweights.END_BAR:
        return keep
    return keep[: cands[best]]
