"""A learned per-page choice of which body path to return: ``choose``'s lines, the block
model's lines alone, or, where the ladder's lines stand, ``choose``'s lines widened by the
model's own choice.

``body.choose`` decides by fixed rules (a declared article or a long ladder text bounds the
body, and the model only adds lines to it). Out of fold those rules lose where a service,
documentation, collection or listing page's ladder container is one section of several: there
the model's lines alone score higher. Which case a page is shows in page-level signals: how
much of the page each candidate holds and how much they overlap, how sure the block model is,
whether the page declares an article, its link density and repeated structure. A logistic
regression over those signals (``path_model.npz``, trained out of fold by
``benchmarks/train_path_choice.py``) says whether the model's lines beat ``choose``'s on this
page; only where it is sure (``margin``) are they returned. A second regression, over the same
signals computed with the widened lines in the model's place, says the same of ``choose``'s
lines plus the model's expected-F1 lines on pages where the ladder's lines stand (service,
listing and collection pages that declare an article lose recall there, news stories gain
teasers: a fixed rule cannot tell them apart). The surest alternative above the margin wins.
Numpy only at run time, one dot product per alternative; the chooser runs only where the block
model ran. The shipped file (round twenty-nine) weighs the model's lines alone only: with the
block scores blended with the sequence network (``sequence.py``) the widened alternative's
switches cost AEB's news stories more than they gained (``benchmarks/README.md``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from functools import cache
from operator import attrgetter
from pathlib import Path

import numpy as np

from scraper.extractor import features
from scraper.extractor.render import Line

PATH_MODEL_PATH = Path(__file__).with_name("path_model.npz")
_KIND = attrgetter("kind")
# The candidate paths, in the order the chooser's models are stored ("now" is ``choose``,
# "model" the model's lines alone, "widened" ``choose``'s lines plus the model's own choice where
# the ladder's lines stand). A chooser file may hold fewer alternatives: the rest never win.
PATHS = ("now", "model", "widened")
BRANCHES = ("ladder stands", "ladder + adds", "model decides", "ladder fallback")
_CANDIDATES = ("ladder", "now", "model")
PAGE_FEATURE_NAMES: tuple[str, ...] = (
    "declared_article",
    "ladder_gaps",
    "ladder_pruned_share",
    *(f"branch_{index}" for index in range(len(BRANCHES))),
    "log_lines",
    "log_chars",
    "page_link_density",
    "mean_words_per_line",
    "short_line_share",
    "list_item_share",
    "heading_share",
    "row_share",
    "duplicate_share",
    "expected_share",
    "uncertainty",
    "sure_share",
    "unsure_share",
    *(
        f"{name}_{what}"
        for name in _CANDIDATES
        for what in ("share", "log_chars", "link_density", "mean_score", "runs", "span")
    ),
    "ladder_in_model",
    "model_in_ladder",
    "now_in_model",
    "model_in_now",
)


@dataclass(frozen=True, slots=True)
class PathChooser:
    """A logistic regression per alternative path: the probability it beats ``choose``'s lines
    on the page (standardised features, one dot product each). Each alternative reads its own
    row of signals: the page's, with that alternative in the "model" candidate's place."""

    mean: np.ndarray  # (alternatives, features) or (features,): the training pages' means
    scale: np.ndarray  # the same shape: their standard deviations
    coef: np.ndarray  # (alternatives, features), for PATHS[1:] in order
    intercept: np.ndarray  # (alternatives,)
    margin: float  # switch only when the best alternative's probability exceeds this

    @property
    def alternatives(self) -> int:
        """How many of ``PATHS[1:]`` this chooser weighs (an older file weighs fewer)."""
        return int(self.coef.shape[0])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each alternative path beats ``choose``'s lines; ``features``
        is one row per alternative (a single row serves them all)."""
        standard = (np.atleast_2d(features).astype(np.float64) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-((self.coef * standard).sum(axis=1) + self.intercept)))

    def pick(self, features: np.ndarray, available: np.ndarray | None = None) -> int:
        """The index in ``PATHS`` of the path to return for one page's features; an
        alternative not ``available`` on the page (it keeps nothing new) never wins."""
        probabilities = self.probabilities(features)
        if available is not None:
            probabilities = np.where(available, probabilities, 0.0)
        best = int(np.argmax(probabilities))
        return best + 1 if probabilities[best] > self.margin else 0


def page_features(
    lines: list[Line],
    scores: np.ndarray,
    masks: dict[str, np.ndarray],
    *,
    declared: bool,
    gaps: bool,
    pruned_share: float,
    branch: int,
    reading: features.LineReading | None = None,
) -> np.ndarray:
    """The page-level signals (``PAGE_FEATURE_NAMES``) for one page, float32.

    ``masks`` says which of ``lines`` each candidate keeps ("ladder", "now", "model");
    ``reading``: the lines' ``features.line_reading``, when the caller has it."""
    n = len(lines)
    if not n:  # nothing to choose between (``choose_path`` never asks)
        return np.zeros(len(PAGE_FEATURE_NAMES), dtype=np.float32)
    if reading is not None:  # the block features' own reading: the same counts
        _, columns, counts = reading
        chars, links, words = columns[0], columns[1], columns[3] + 1.0
    else:
        texts = [line.text for line in lines]
        # the lines' characters, spaces and link characters in one C pass when built (the block
        # features' own reading: the same counts); None for an empty line
        columns = (
            features._compiled_lines(lines, texts, features._KIND_CODES, "")
            if features.COMPILED_FEATURES and features._compiled_lines is not None
            else None
        )
        if columns is not None:
            chars, links, words = columns[0], columns[1], columns[3] + 1.0
        else:
            chars = np.fromiter(map(len, texts), np.float64, n)
            words = np.fromiter((text.count(" ") for text in texts), np.float64, n) + 1.0
            links = np.fromiter((line.link_chars for line in lines), np.float64, n)
        counts = Counter(texts)
    return _page_features(
        lines, scores, masks, declared, gaps, pruned_share, branch, chars, links, words, counts
    )


def _page_features(
    lines: list[Line],
    scores: np.ndarray,
    masks: dict[str, np.ndarray],
    declared: bool,
    gaps: bool,
    pruned_share: float,
    branch: int,
    chars: np.ndarray,
    links: np.ndarray,
    words: np.ndarray,
    counts: Counter[str],
) -> np.ndarray:
    """``page_features`` on the lines' characters, link characters, words and text counts."""
    n = len(lines)
    kinds = Counter(map(_KIND, lines))
    repeated = sum(count for count in counts.values() if count > 1)
    headings = sum(count for kind, count in kinds.items() if kind.startswith("h"))
    # per-line quantities as rows, summed over the page and over each candidate in two calls
    weighted = scores * words
    quantities = np.stack(
        (
            chars,
            links,
            scores * chars,
            words,
            weighted,
            weighted * (1.0 - scores),
            words * (scores >= 0.9),
            words * ((scores > 0.1) & (scores < 0.9)),
            words <= 4,
        )
    )
    page = quantities.sum(axis=1).tolist()
    total, word_total, per_line = max(page[0], 1.0), max(page[3], 1.0), 1.0 / max(n, 1)
    out = [
        float(declared),
        float(gaps),
        pruned_share,
        *(float(branch == index) for index in range(len(BRANCHES))),
        math.log1p(n),
        math.log1p(page[0]),
        page[1] / total,
        page[3] * per_line,
        page[8] * per_line,
        kinds["li"] * per_line,
        headings * per_line,
        kinds["row"] * per_line,
        repeated * per_line,
        page[4] / word_total,
        page[5] / word_total,
        page[6] / word_total,
        page[7] / word_total,
    ]
    stacked = np.stack([masks[name] for name in _CANDIDATES])
    sums = (stacked @ quantities[:3].T).tolist()  # per candidate: chars, links, score * chars
    starts = (stacked[:, 0] + np.count_nonzero(stacked[:, 1:] & ~stacked[:, :-1], axis=1)).tolist()
    first = np.argmax(stacked, axis=1).tolist()
    last = (n - 1 - np.argmax(stacked[:, ::-1], axis=1)).tolist()
    for row in range(len(_CANDIDATES)):
        kept, link_chars, score_chars = sums[row]
        out += [
            kept / total,
            math.log1p(kept),
            link_chars / kept if kept else 0.0,
            score_chars / kept if kept else 0.0,
            math.log1p(starts[row]),
            (last[row] - first[row] + 1) / n if kept else 0.0,
        ]
    index = {name: row for row, name in enumerate(_CANDIDATES)}
    for inner, outer in (
        ("ladder", "model"),
        ("model", "ladder"),
        ("now", "model"),
        ("model", "now"),
    ):
        inside = sums[index[inner]][0]
        both = float(chars @ (stacked[index[inner]] & stacked[index[outer]]))
        out.append(both / inside if inside else 0.0)
    return np.asarray(out, dtype=np.float32)


def load_chooser(path: Path) -> PathChooser:
    """Read a chooser file; its feature names must be the ones ``page_features`` computes, and
    it weighs at most ``PATHS[1:]`` (a file of fewer alternatives weighs the first ones)."""
    with np.load(path, allow_pickle=False) as data:
        names = tuple(str(name) for name in data["feature_names"])
        if names != PAGE_FEATURE_NAMES:
            raise ValueError(f"{path.name} was trained on other features; retrain it")
        coef = data["coef"].astype(np.float64).reshape(-1, len(names))
        if not 1 <= len(coef) < len(PATHS):
            raise ValueError(f"{path.name} weighs {len(coef)} alternatives, not {PATHS[1:]}")
        return PathChooser(
            mean=data["mean"].astype(np.float64).reshape(-1, len(names)),
            scale=data["scale"].astype(np.float64).reshape(-1, len(names)),
            coef=coef,
            intercept=data["intercept"].astype(np.float64).reshape(len(coef)),
            margin=float(data["margin"]),
        )


@cache
def shipped_chooser() -> PathChooser | None:
    """The chooser shipped with the package, loaded once; None when the file is absent."""
    if not PATH_MODEL_PATH.exists():
        return None
    return load_chooser(PATH_MODEL_PATH)
