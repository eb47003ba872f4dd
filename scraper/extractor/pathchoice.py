"""A learned per-page choice of which body path to return: ``choose``'s lines or the block
model's lines alone.

``body.choose`` decides by fixed rules (a declared article or a long ladder text bounds the
body, and the model only adds lines to it). Out of fold those rules lose where a service,
documentation, collection or listing page's ladder container is one section of several: there
the model's lines alone score higher. Which case a page is shows in page-level signals: how
much of the page each candidate holds and how much they overlap, how sure the block model is,
whether the page declares an article, its link density and repeated structure. A logistic
regression over those signals (``path_model.npz``, trained out of fold by
``benchmarks/train_path_choice.py``) says whether the model's lines beat ``choose``'s on this
page; only where it is sure (``margin``) are they returned. Numpy only at run time, one dot
product a page; the chooser runs only where the block model ran.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from scraper.extractor.render import Line

PATH_MODEL_PATH = Path(__file__).with_name("path_model.npz")
# The candidate paths, in the order the chooser's models are stored ("now" is ``choose``).
PATHS = ("now", "model")
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
    on the page (standardised features, one dot product each)."""

    mean: np.ndarray  # (features,): the training pages' feature means
    scale: np.ndarray  # (features,): their standard deviations
    coef: np.ndarray  # (alternatives, features), for PATHS[1:] in order
    intercept: np.ndarray  # (alternatives,)
    margin: float  # switch only when the best alternative's probability exceeds this

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        """The probability that each alternative path beats ``choose``'s lines."""
        standard = (features.astype(np.float64) - self.mean) / self.scale
        return 1.0 / (1.0 + np.exp(-(self.coef @ standard + self.intercept)))

    def pick(self, features: np.ndarray) -> int:
        """The index in ``PATHS`` of the path to return for one page's features."""
        probabilities = self.probabilities(features)
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
) -> np.ndarray:
    """The page-level signals (``PAGE_FEATURE_NAMES``) for one page, float32.

    ``masks`` says which of ``lines`` each candidate keeps ("ladder", "now", "model")."""
    n = len(lines)
    chars = np.fromiter((len(line.text) for line in lines), np.float64, n)
    words = np.fromiter((line.text.count(" ") + 1 for line in lines), np.float64, n)
    links = np.fromiter((line.link_chars for line in lines), np.float64, n)
    kinds = [line.kind for line in lines]
    total = max(chars.sum(), 1.0)
    word_total = max(words.sum(), 1.0)
    duplicates = Counter(line.text for line in lines)
    out = [
        float(declared),
        float(gaps),
        pruned_share,
        *(float(branch == index) for index in range(len(BRANCHES))),
        np.log1p(n),
        np.log1p(chars.sum()),
        links.sum() / total,
        words.sum() / max(n, 1),
        float((words <= 4).sum()) / max(n, 1),
        sum(kind == "li" for kind in kinds) / max(n, 1),
        sum(kind.startswith("h") for kind in kinds) / max(n, 1),
        sum(kind == "row" for kind in kinds) / max(n, 1),
        sum(count for count in duplicates.values() if count > 1) / max(n, 1),
        float((scores * words).sum() / word_total),
        float((scores * (1.0 - scores) * words).sum() / word_total),
        float(words[scores >= 0.9].sum() / word_total),
        float(words[(scores > 0.1) & (scores < 0.9)].sum() / word_total),
    ]
    for name in _CANDIDATES:
        mask = masks[name]
        kept = chars[mask].sum()
        where = np.flatnonzero(mask)
        runs = int(mask[0]) + int(np.count_nonzero(mask[1:] & ~mask[:-1])) if n else 0
        out += [
            kept / total,
            np.log1p(kept),
            links[mask].sum() / kept if kept else 0.0,
            float((scores[mask] * chars[mask]).sum() / kept) if kept else 0.0,
            np.log1p(runs),
            (where[-1] - where[0] + 1) / n if len(where) else 0.0,
        ]
    for inner, outer in (
        ("ladder", "model"),
        ("model", "ladder"),
        ("now", "model"),
        ("model", "now"),
    ):
        kept = chars[masks[inner]].sum()
        both = chars[masks[inner] & masks[outer]].sum()
        out.append(both / kept if kept else 0.0)
    return np.asarray(out, dtype=np.float32)


def load_chooser(path: Path) -> PathChooser:
    """Read a chooser file; its feature names must be the ones ``page_features`` computes."""
    with np.load(path, allow_pickle=False) as data:
        names = tuple(str(name) for name in data["feature_names"])
        if names != PAGE_FEATURE_NAMES:
            raise ValueError(f"{path.name} was trained on other features; retrain it")
        return PathChooser(
            mean=data["mean"].astype(np.float64),
            scale=data["scale"].astype(np.float64),
            coef=data["coef"].astype(np.float64).reshape(len(PATHS) - 1, len(names)),
            intercept=data["intercept"].astype(np.float64).reshape(len(PATHS) - 1),
            margin=float(data["margin"]),
        )


@cache
def shipped_chooser() -> PathChooser | None:
    """The chooser shipped with the package, loaded once; None when the file is absent."""
    if not PATH_MODEL_PATH.exists():
        return None
    return load_chooser(PATH_MODEL_PATH)
