"""Block features -> content probability: a logistic model in plain Python.

The weights live in ``textweights.py``, written by ``benchmarks/train_text_model.py`` from
dumps of the dev benchmark pages rendered by lynx, w3m and inscriptis (host-folded, so the
reported quality is on sites the model never saw). Plain Python keeps text extraction free of
numpy at run time and fast: a few dozen multiply-adds per block.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from scraper.extractor.textfeatures import FEATURE_NAMES
from scraper.extractor.textweights import WEIGHTS

__all__ = ["content_probabilities", "logit"]

_WEIGHT_ROW: tuple[float, ...] = tuple(WEIGHTS.get(name, 0.0) for name in FEATURE_NAMES)


def logit(row: Sequence[float], weights: Sequence[float] = _WEIGHT_ROW) -> float:
    return sum(w * x for w, x in zip(weights, row, strict=True))


def content_probabilities(
    rows: Sequence[Sequence[float]], weights: Sequence[float] = _WEIGHT_ROW
) -> list[float]:
    """The probability that each block belongs to the article body."""
    out = []
    for row in rows:
        z = max(-30.0, min(30.0, logit(row, weights)))
        out.append(1.0 / (1.0 + math.exp(-z)))
    return out
