"""The words of a line as terms for a learned lexical score (issue 11, branch ``body8``).

Boilerplate speaks a vocabulary that repeats across sites ("reply", "share", "read more",
"posted in", "0 comments", a price, a date alone) and so does prose; the line model's other
features never read a word. A line's terms: the lower-cased words of its first ``HEAD_CHARS``
characters (punctuation split off, ASCII digits folded to 0 so "12 comments" and "3 comments"
are one term), at most ``MAX_WORDS`` of them, their bigrams, its first word marked, and a short
line (up to three words) whole. A lexical score is a bias plus the weights of the terms it
holds (a logistic regression's log-odds): one dict look-up a term. The page's text is folded
with one ``translate`` (a call per line costs ten times more), then split per line.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from itertools import pairwise, repeat

import numpy as np

MAX_WORDS = 12
HEAD_CHARS = 120
# 0: every line has terms; N: only lines of at most N characters (boilerplate's lines are
# short; a longer line's score is the bias alone, and it is left out of the fit)
SHORT_CHARS = 0
_SEPARATOR = "\x00"  # never in parsed text; not whitespace to ``str.split``
_PUNCTUATION = string.punctuation + (
    "\u2018\u2019\u201c\u201d\u2013\u2014\u2026\u00ab\u00bb\u00b7\u2022\u00a0"
    "\u00bf\u00a1\u3001\u3002\uff0c\uff1a"
)
_FOLD = str.maketrans({**dict.fromkeys(_PUNCTUATION, " "), **dict.fromkeys(string.digits, "0")})


def page_words(texts: list[str]) -> list[list[str]]:
    """Each line's folded words (see the module docstring)."""
    if not texts:
        return []
    if SHORT_CHARS:
        texts = [text if len(text) <= SHORT_CHARS else "" for text in texts]
    joined = _SEPARATOR.join([text[:HEAD_CHARS] for text in texts]).lower().translate(_FOLD)
    return [line.split()[:MAX_WORDS] for line in joined.split(_SEPARATOR)]


def line_terms(words: list[str]) -> list[str]:
    """The terms of one line's folded words."""
    if not words:
        return []
    terms = [*words, *map(" ".join, pairwise(words)), "^" + words[0]]
    if len(words) <= 3:
        terms.append("=" + " ".join(words))
    return terms


def lexical_scores(texts: list[str], weights: Mapping[str, float], bias: float) -> np.ndarray:
    """Each line's lexical log-odds: ``bias`` plus the weights of its terms."""
    get = weights.get
    return np.fromiter(
        (bias + sum(map(get, line_terms(words), repeat(0.0))) for words in page_words(texts)),
        np.float64,
        len(texts),
    )
