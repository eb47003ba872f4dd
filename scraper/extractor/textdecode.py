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
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from scraper.extractor import textdecodeweights as _weights

__all__ = [
    "DECODE_ON",
    "GATE_FEATURE_NAMES",
    "GATE_KIND_NAMES",
    "decode_body",
    "decoded_keep",
    "decoded_keep_skipping",
    "gate_row",
]

DECODE_ON = bool(_weights.GATE_WEIGHTS)  # empty gate weights: the step is off
# the block columns the gate reads of the blocks the decoded body adds (``gate_row``'s kinds)
GATE_KIND_NAMES: tuple[str, ...] = ("link_density", "short", "sentence_end", "bullet")

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


_GATE = np.array([_weights.GATE_WEIGHTS.get(n, 0.0) for n in GATE_FEATURE_NAMES])

# The decoder and the gate row in C (built from _cdecode.pyx by setup.py; optional): the same
# decoded blocks and the same sum up to rounding (tests compare the two).
try:
    from scraper.extractor._cdecode import decode_gate as _compiled
    from scraper.extractor._cdecode import decode_keep as _compiled_keep
except ImportError:  # pragma: no cover - the build skipped the extension
    _compiled = _compiled_keep = None


def _python_gate(
    keep: Sequence[int], probs: np.ndarray, words: np.ndarray, skip: np.ndarray,
    matrix: np.ndarray, cols: np.ndarray,
) -> tuple[np.ndarray, bool, float, float]:  # fmt: skip
    """The decoded body, whether it differs, the body's mean probability, the gate's sum."""
    d = _weights.DECODE
    decoded = decode_body(probs, words, skip, d["q"], d["gamma"], d["hole"])
    body = np.zeros(len(probs), bool)
    body[list(keep)] = True
    if (decoded == body).all():
        return decoded, False, 1.0, 0.0
    row = gate_row(body, decoded, words, probs, matrix[:, cols])
    return decoded, True, float(row[8]), float(row @ _GATE)


def _c_gate(
    keep: Sequence[int], probs: np.ndarray, words: np.ndarray, skip: np.ndarray,
    matrix: np.ndarray, cols: np.ndarray,
) -> tuple[np.ndarray, bool, float, float]:  # fmt: skip
    """``_python_gate`` in C (``_cdecode.decode_gate``)."""
    d = _weights.DECODE
    body = np.zeros(len(probs), np.uint8)
    body[list(keep)] = 1
    out = np.empty(len(probs), np.uint8)
    flags = skip.view(np.uint8) if skip.dtype == bool else np.asarray(skip, np.uint8)
    differs, body_p, z = _compiled(
        np.ascontiguousarray(probs, float), np.ascontiguousarray(words, float), flags, body,
        np.asarray(matrix, float), cols, d["q"], d["gamma"], d["hole"], _GATE, out,
    )  # fmt: skip
    return out.view(bool), bool(differs), body_p, z


def decoded_keep(
    keep: Sequence[int],
    probs: np.ndarray,
    words: np.ndarray,
    skip: np.ndarray,
    matrix: np.ndarray,
    cols: np.ndarray,
    compiled: bool = True,
) -> list[int]:
    """``keep``, or the decoded body's blocks when the gate calls them the better body, unless the
    body is a confident one (its word-weighted mean probability ``MAX_BODY_P`` or more: the guard
    against a decoded body that adds a page's worth of comments or teasers to a body that was
    right); ``matrix[:, cols]`` the blocks' ``GATE_KIND_NAMES`` columns."""
    if not _weights.GATE_WEIGHTS:
        return list(keep)
    run = _c_gate if compiled and _compiled is not None else _python_gate
    decoded, differs, body_p, z = run(keep, probs, words, skip, matrix, cols)
    if not differs or body_p >= _weights.MAX_BODY_P:
        return list(keep)
    if 1 / (1 + np.exp(-z)) > _weights.GATE_BAR:
        return np.flatnonzero(decoded).tolist()
    return list(keep)


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
        z, decoded = _compiled_keep(
            keep, probs, words, chrome.view(np.uint8), title_at, byline_at, matrix, cols,
            d["q"], d["gamma"], d["hole"], _GATE, _weights.MAX_BODY_P,
        )  # fmt: skip
        if decoded is not None and 1 / (1 + np.exp(-z)) > _weights.GATE_BAR:
            return decoded
        return list(keep)
    skip = np.array(chrome, dtype=bool)
    for at in skipped:
        if at is not None:
            skip[at] = True
    return decoded_keep(keep, probs, words, skip, matrix, cols, compiled)
