"""A second reading of the body: the block probabilities decoded as one sequence, and a gate.

The body steps (stretch chooser, selection rules, edge model, end and start cut) are tuned on
articles; on documentation, service pages, listings and forums they keep too little. Read as
one sequence, the block model's probabilities give a second body: the single stretch (with
holes) that maximises ``sum min(words, 60) ** gamma * (logit(p) - logit(q))`` over its blocks,
each hole costing ``hole`` (the Viterbi of before / body / hole / after, over runs of blocks
of one sign). Chrome, the title and the byline are never body. A small logistic
gate, reading how the two bodies differ (sizes, overlap, the added blocks' probability, links,
short lines, sentences and list items), takes the decoded body when it calls it the better.

Parameters and gate weights in ``textdecodeweights.py``, fitted out of fold by
``benchmarks/text_decode_study.py`` (round twenty-one); empty gate weights leave the body as is.
When ``textdecode_model.npz`` is shipped (round twenty-two), boosted trees decide instead of the
logistic sum: they read ``tree_row``, the gate's row and more of where the bodies part (the
body's and the dropped blocks' make-up, the added words' place and runs, low-probability shares),
with their own bar and body-probability guard (``TREE_MAX_BODY_P``); the logistic's cases are
the simple ones, the trees find the larger bodies worth taking on service, documentation and
listing pages that one weighted sum could not tell from a page of comments.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path

import numpy as np

from scraper.extractor import textdecodeweights as _weights
from scraper.extractor.model import TreeModel, optional_trees

TREES_PATH = Path(__file__).with_name("textdecode_model.npz")

__all__ = [
    "DECODE_ON",
    "GATE_FEATURE_NAMES",
    "GATE_KIND_NAMES",
    "TREE_FEATURE_NAMES",
    "TREE_KIND_NAMES",
    "decode_body",
    "decoded_keep",
    "decoded_keep_skipping",
    "gate_row",
    "tree_row",
]

DECODE_ON = bool(_weights.GATE_WEIGHTS)  # empty gate weights: the step is off
# the block columns the gate reads of the blocks the decoded body adds (``gate_row``'s kinds)
GATE_KIND_NAMES: tuple[str, ...] = ("link_density", "short", "sentence_end", "bullet")
# the block columns the trees read too, of the added, the body's and the dropped blocks
TREE_KIND_NAMES: tuple[str, ...] = (
    *GATE_KIND_NAMES,
    "stopword_ratio",
    "comma_density",
    "title_case",
    "digit_ratio",
    "chrome_ratio",
    "repeated_in_page",
    "linked",
    "copyright",
    "phrase_list",
    "separators",
)

GATE_FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "log_body_words",
    "log_decoded_words",
    "log_words_ratio",
    "body_in_decoded",
    "decoded_in_body",
    "log_body_blocks",
    "log_decoded_blocks",
    "body_p",
    "added_p",
    "added_link_density",
    "added_short",
    "added_sentence_end",
    "added_bullet",
)
# the trees' row (round twenty-two, text34): the gate's row, then where the two bodies part
TREE_FEATURE_NAMES: tuple[str, ...] = (
    *GATE_FEATURE_NAMES,
    *(f"added_{n}" for n in TREE_KIND_NAMES[len(GATE_KIND_NAMES) :]),
    *(f"body_{n}" for n in TREE_KIND_NAMES),
    *(f"dropped_{n}" for n in GATE_KIND_NAMES),
    "dropped_p",
    "added_before",
    "added_after",
    "added_above_title",
    "log_added_runs",
    "added_max_run",
    "body_share",
    "body_low_p",
    "decoded_p",
    "added_low_p",
)


def decode_body(
    probs: np.ndarray, words: np.ndarray, skip: np.ndarray, q: float, gamma: float, hole: float
) -> np.ndarray:
    """The decoded body as a mask: the best-scoring stretch of the blocks not skipped, a run of
    blocks under ``q`` inside it kept unless a hole (cost ``hole``) is cheaper."""
    out = np.zeros(len(probs), bool)
    idx = np.flatnonzero(~skip)
    if not len(idx):
        return out
    p = np.clip(probs[idx], 1e-4, 1 - 1e-4)
    e = np.minimum(words[idx], 60.0) ** gamma * (np.log(p / (1 - p)) - np.log(q / (1 - q)))
    pos = e > 0
    if not pos.any():
        return out
    starts = np.flatnonzero(np.r_[True, pos[1:] != pos[:-1]])
    ends = np.r_[starts[1:], len(e)].tolist()
    sums = np.add.reduceat(e, starts).tolist()
    starts = starts.tolist()
    # The Viterbi over runs of one sign (no run is ever split: a hole or the body's ends move to
    # a run's edge without loss): before, body, hole, after; a hole costs ``hole`` to open.
    neg = -1e300
    b_, i_, h_, a_ = 0.0, neg, neg, neg
    back: list[tuple[int, int, int]] = []
    for v in sums:
        if b_ >= i_ and b_ >= h_:
            ni, bi = b_, 0
        elif i_ >= h_:
            ni, bi = i_, 1
        else:
            ni, bi = h_, 2
        nh, bh = (i_ - hole, 1) if i_ - hole >= h_ else (h_, 2)
        na, ba = (i_, 1) if i_ >= a_ else (a_, 3)
        back.append((bi, bh, ba))
        i_, h_, a_ = ni + v, nh, na
    state = 0 if b_ >= i_ and b_ >= a_ else 1 if i_ >= a_ else 3
    r = len(sums) - 1
    while r >= 0 and state:
        if state == 1:
            out[idx[starts[r] : ends[r]]] = True
        state = back[r][(state - 1) if state < 3 else 2]
        r -= 1
    return out


def gate_row(
    body: np.ndarray,
    decoded: np.ndarray,
    words: np.ndarray,
    probs: np.ndarray,
    kinds: np.ndarray,
) -> np.ndarray:
    """How the two bodies differ (``GATE_FEATURE_NAMES``); ``kinds`` the blocks' link density,
    short, sentence end and bullet columns."""
    row = np.zeros(len(GATE_FEATURE_NAMES))
    row[0] = 1.0
    wp, wd = float(words[body].sum()), float(words[decoded].sum())
    wb = float(words[body & decoded].sum())
    only = decoded & ~body
    wo = float(words[only].sum())
    kind = (kinds[only] * words[only, None]).sum(0) / max(wo, 1.0)
    row[1:] = [
        np.log1p(wp),
        np.log1p(wd),
        np.log1p(wd) - np.log1p(wp),
        wb / max(wp, 1.0),
        wb / max(wd, 1.0),
        np.log1p(body.sum()),
        np.log1p(decoded.sum()),
        float((probs[body] * words[body]).sum()) / max(wp, 1.0),
        float((probs[only] * words[only]).sum()) / max(wo, 1.0),
        *kind,
    ]
    return row


def tree_row(
    body: np.ndarray,
    decoded: np.ndarray,
    words: np.ndarray,
    probs: np.ndarray,
    kinds: np.ndarray,
    title_at: int = -1,
) -> np.ndarray:
    """``TREE_FEATURE_NAMES``: ``gate_row`` on the first kinds, then the other kinds' word-weighted
    means over the added blocks, all kinds' over the body, the gate kinds' and the probability's
    over the blocks only the body keeps; where the added words sit (before the body's first
    block, after its last, above the title at ``title_at``, -1 none), in how many runs and the
    longest run's share; the body's share of the dump's words and of its words under p 0.5, the
    decoded body's mean p and the added words' share under p 0.5. ``kinds`` holds the blocks'
    ``TREE_KIND_NAMES`` columns."""
    g = len(GATE_KIND_NAMES)
    head = gate_row(body, decoded, words, probs, kinds[:, :g])
    only = decoded & ~body
    drop = body & ~decoded
    wo = max(float(words[only].sum()), 1.0)
    wp = max(float(words[body].sum()), 1.0)
    wr = max(float(words[drop].sum()), 1.0)

    def means(mask: np.ndarray, cols: np.ndarray, total: float) -> list[float]:
        return ((cols[mask] * words[mask, None]).sum(0) / total).tolist()

    at = np.arange(len(body))
    first = np.flatnonzero(body)
    before = after = 0.0
    if len(first):
        before = float(words[only & (at < first[0])].sum()) / wo
        after = float(words[only & (at > first[-1])].sum()) / wo
    above = float(words[only & (at < title_at)].sum()) / wo if title_at >= 0 else 0.0
    edges = np.flatnonzero(np.diff(np.r_[0, only.astype(np.int8), 0]))
    runs = [float(words[s:e].sum()) for s, e in zip(edges[::2], edges[1::2], strict=True)]
    wd = max(float(words[decoded].sum()), 1.0)
    tail = [
        *means(only, kinds[:, g:], wo),
        *means(body, kinds, wp),
        *means(drop, kinds[:, :g], wr),
        float((probs[drop] * words[drop]).sum()) / wr,
        before,
        after,
        above,
        np.log1p(len(runs)),
        max(runs, default=0.0) / wo,
        float(words[body].sum()) / max(float(words.sum()), 1.0),
        float(words[body & (probs < 0.5)].sum()) / wp,
        float((probs[decoded] * words[decoded]).sum()) / wd,
        float(words[only & (probs < 0.5)].sum()) / wo,
    ]
    return np.r_[head, tail]


_GATE = np.array([_weights.GATE_WEIGHTS.get(n, 0.0) for n in GATE_FEATURE_NAMES])


@cache
def shipped_trees() -> TreeModel | None:
    """The gate's boosted trees (``textdecode_model.npz``: ``tree_row`` but the bias column, the
    bar as ``threshold_keep``), read once; None when the file is absent (the logistic decides)."""
    return optional_trees(TREES_PATH, TREE_FEATURE_NAMES[1:])


def trees_raw(trees: TreeModel, row: np.ndarray) -> float:
    """The trees' raw score (log-odds) of one tree row: leaf values added in tree order, then
    the baseline (``_cdecode``'s order)."""
    node = trees.leaves(np.ascontiguousarray(row[None, 1:], dtype=np.float32))[0]
    total = 0.0
    for value in trees._values.take(node).tolist():
        total += value
    return trees.baseline + total


# The decoder and the gate row in C (built from _cdecode.pyx by setup.py; optional): the same
# decoded blocks and the same sum up to rounding (tests compare the two).
try:
    from scraper.extractor._cdecode import decode_gate as _compiled
    from scraper.extractor._cdecode import decode_keep as _compiled_keep
except ImportError:  # pragma: no cover - the build skipped the extension
    _compiled = _compiled_keep = None


def _python_gate(
    keep: Sequence[int], probs: np.ndarray, words: np.ndarray, skip: np.ndarray,
    matrix: np.ndarray, cols: np.ndarray, trees: TreeModel | None = None, title_at: int = -1,
) -> tuple[np.ndarray, bool, float, float]:  # fmt: skip
    """The decoded body, whether it differs, the body's mean probability, the gate's sum (with
    ``trees``: the trees' raw score of ``tree_row``; ``cols`` then ``TREE_KIND_NAMES``')."""
    d = _weights.DECODE
    decoded = decode_body(probs, words, skip, d["q"], d["gamma"], d["hole"])
    body = np.zeros(len(probs), bool)
    body[list(keep)] = True
    if (decoded == body).all():
        return decoded, False, 1.0, 0.0
    kinds = matrix[:, cols]
    if trees is not None:
        row = tree_row(body, decoded, words, probs, kinds, title_at)
        return decoded, True, float(row[8]), trees_raw(trees, row)
    row = gate_row(body, decoded, words, probs, kinds[:, : len(GATE_KIND_NAMES)])
    return decoded, True, float(row[8]), float(row @ _GATE)


def _c_gate(
    keep: Sequence[int], probs: np.ndarray, words: np.ndarray, skip: np.ndarray,
    matrix: np.ndarray, cols: np.ndarray, trees: TreeModel | None = None, title_at: int = -1,
) -> tuple[np.ndarray, bool, float, float]:  # fmt: skip
    """``_python_gate`` in C (``_cdecode.decode_gate``; the trees walked here)."""
    d = _weights.DECODE
    body = np.zeros(len(probs), np.uint8)
    body[list(keep)] = 1
    row = np.zeros(len(TREE_FEATURE_NAMES)) if trees is not None else None
    out = np.empty(len(probs), np.uint8)
    flags = skip.view(np.uint8) if skip.dtype == bool else np.asarray(skip, np.uint8)
    differs, body_p, z = _compiled(
        np.ascontiguousarray(probs, float), np.ascontiguousarray(words, float), flags, body,
        np.asarray(matrix, float), cols, d["q"], d["gamma"], d["hole"], _GATE, out,
        row, title_at,
    )  # fmt: skip
    if trees is not None and differs:
        z = trees_raw(trees, row)
    return out.view(bool), bool(differs), body_p, z


def decoded_keep(
    keep: Sequence[int],
    probs: np.ndarray,
    words: np.ndarray,
    skip: np.ndarray,
    matrix: np.ndarray,
    cols: np.ndarray,
    compiled: bool = True,
    title_at: int = -1,
) -> list[int]:
    """``keep``, or the decoded body's blocks when the gate calls them the better body, unless the
    body is a confident one (its word-weighted mean probability ``MAX_BODY_P`` or more: the guard
    against a decoded body that adds a page's worth of comments or teasers to a body that was
    right); ``matrix[:, cols]`` the blocks' ``TREE_KIND_NAMES`` columns (the logistic reads
    the first four). With the shipped trees they decide (their bar, ``TREE_MAX_BODY_P``)."""
    if not _weights.GATE_WEIGHTS:
        return list(keep)
    trees = shipped_trees()
    run = _c_gate if compiled and _compiled is not None else _python_gate
    decoded, differs, body_p, z = run(keep, probs, words, skip, matrix, cols, trees, title_at)
    cap, bar = _caps(trees)
    if not differs or body_p >= cap:
        return list(keep)
    if 1 / (1 + np.exp(-z)) > bar:
        return np.flatnonzero(decoded).tolist()
    return list(keep)


def _caps(trees: TreeModel | None) -> tuple[float, float]:
    """The guard's cap on the body's mean probability and the gate's bar: the trees' or the
    logistic's."""
    if trees is not None:
        return _weights.TREE_MAX_BODY_P, trees.threshold_keep
    return _weights.MAX_BODY_P, _weights.GATE_BAR


def decoded_keep_skipping(
    keep: list[int],
    probs: np.ndarray,
    words: np.ndarray,
    chrome: np.ndarray,
    skipped: Sequence[int | None],
    matrix: np.ndarray,
    cols: np.ndarray,
    compiled: bool = True,
) -> list[int]:
    """``decoded_keep`` with the skip mask ``chrome`` plus the blocks at ``skipped`` (None: no
    block); in one C call (``_cdecode.decode_keep``: the masks built there, no arrays made a
    dump) when the arrays are the extractor's own types, else the masks built here."""
    if not _weights.GATE_WEIGHTS:
        return list(keep)
    if (
        compiled
        and _compiled_keep is not None
        and probs.dtype == np.float64
        and words.dtype == np.int64
        and chrome.dtype == bool
        and matrix.dtype == np.float64
        and probs.flags.c_contiguous
        and words.flags.c_contiguous
        and chrome.flags.c_contiguous
        and len(skipped) == 2
    ):
        d = _weights.DECODE
        title_at, byline_at = (-1 if at is None else at for at in skipped)
        trees = shipped_trees()
        cap, bar = _caps(trees)
        z, decoded = _compiled_keep(
            keep, probs, words, chrome.view(np.uint8), title_at, byline_at, matrix, cols,
            d["q"], d["gamma"], d["hole"], _GATE, cap, trees,
        )  # fmt: skip
        if decoded is not None and 1 / (1 + np.exp(-z)) > bar:
            return decoded
        return list(keep)
    skip = np.array(chrome, dtype=bool)
    for at in skipped:
        if at is not None:
            skip[at] = True
    title = -1 if skipped[0] is None else skipped[0]
    return decoded_keep(keep, probs, words, skip, matrix, cols, compiled, title)
