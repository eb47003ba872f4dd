"""Is a page one article when its head says nothing? A guess from the page's shape.

A page that declares itself an article (``og:type``, a JSON-LD article @type) has its story
bounded by the ladder's lines, so the teasers and link lists around a news story stay out.
Older pages declare nothing: on AEB with the declaration removed, out of fold, the body's
token F1 falls from 0.984 to 0.957 (``benchmarks/declared_study.py``). For a page whose head
types nothing at all (no ``og:type``, no JSON-LD), a logistic regression over signals every
page has (the ladder's text, the page's lines, the URL's shape, and whether the page's
metadata found a publication date and a writer: articles are dated and signed, a thread's
posts and a shop's items are not one post's) stands in for the declaration. It is fitted on
the dev sets' gold page types by ``benchmarks/train_article_shape.py`` and shipped as
``article_shape.npz`` (numpy only).
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np

from scraper.extractor.render import Line

__all__ = [
    "ARTICLE_SHAPE_PATH",
    "SHAPE_NAMES",
    "ArticleShape",
    "PageEvidence",
    "load_article_shape",
    "shape_row",
    "shipped_article_shape",
]

ARTICLE_SHAPE_PATH = Path(__file__).with_name("article_shape.npz")
SHAPE_NAMES = (
    "ladder_chars",
    "ladder_share",
    "ladder_gaps",
    "ladder_lines",
    "ladder_prose",
    "ladder_links",
    "page_lines",
    "page_links",
    "url_depth",
    "url_slug",
    "url_hyphens",
    "url_digits",
    "url_page",
    "url_root",
    "page_prose_runs",
    "ladder_prose_of_page",
    "page_headings",
    "page_dated",
    "page_signed",
)
_PROSE_KINDS = frozenset(("p", "quote", "pre"))
_DATE_OR_ID_RE = re.compile(r"\d{4,}|/\d{1,2}/")
_PAGE_SUFFIXES = (".html", ".htm", ".php", ".aspx")


def shape_row(
    ladder: Sequence[Line],
    lines: Sequence[Line],
    gaps: bool,
    url: str | None,
    evidence: PageEvidence,
) -> np.ndarray:
    """The signals a page without head data still has: how long and how prose-like the
    ladder's text is, how much of the page it holds, how linked the page is, the URL's
    shape (a story's slug or dated path against a section's short one), and ``evidence``."""
    ladder_chars = sum(len(line.text) for line in ladder)
    page_chars = max(sum(len(line.text) for line in lines), 1)
    try:
        parts_of_url = urlsplit(url) if url else None
    except ValueError:  # a URL that does not parse says nothing
        parts_of_url = None
    path = parts_of_url.path if parts_of_url is not None else ""
    parts = [part for part in path.split("/") if part]
    slug = parts[-1] if parts else ""
    prose = [_is_prose(line) for line in lines]
    runs = sum(
        1 for index, flag in enumerate(prose) if flag and (index == 0 or not prose[index - 1])
    )
    page_prose = sum(len(line.text) for line, flag in zip(lines, prose, strict=True) if flag)
    ladder_prose = sum(len(line.text) for line in ladder if _is_prose(line))
    headings = sum(1 for line in lines if line.kind.startswith("h"))
    return np.array(
        [
            math.log1p(ladder_chars),
            min(ladder_chars / page_chars, 1.0),
            float(gaps),
            math.log1p(len(ladder)),
            sum(line.kind in _PROSE_KINDS for line in ladder) / max(len(ladder), 1),
            sum(line.link_chars for line in ladder) / max(ladder_chars, 1),
            math.log1p(len(lines)),
            sum(line.link_chars for line in lines) / page_chars,
            float(len(parts)),
            math.log1p(len(slug)),
            float(slug.count("-")),
            float(bool(_DATE_OR_ID_RE.search(path))),
            float(slug.endswith(_PAGE_SUFFIXES)),
            float(parts_of_url is not None and bool(parts_of_url.netloc) and not parts),
            math.log1p(runs),
            min(ladder_prose / max(page_prose, 1), 1.0),
            headings / max(len(lines), 1),
            float(evidence.dated),
            float(evidence.signed),
        ]
    )


@dataclass(frozen=True, slots=True)
class PageEvidence:
    """What the page's metadata decided (``extract()``'s own date and author models, which
    weigh bylines and printed dates, not only head data): it gave a publication date, it
    named a writer."""

    dated: bool = False
    signed: bool = False


def _is_prose(line: Line) -> bool:
    """A paragraph of prose: a paragraph-kind line that is mostly not links."""
    return line.kind in _PROSE_KINDS and line.link_chars * 2 <= len(line.text)


@dataclass(frozen=True, slots=True)
class ArticleShape:
    """A logistic regression over standardised ``shape_row`` signals, and its cut."""

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, row: np.ndarray) -> float:
        z = float(np.dot((row - self.mean) / self.scale, self.coef)) + self.intercept
        return 1.0 / (1.0 + math.exp(-max(min(z, 50.0), -50.0)))

    def says_article(self, row: np.ndarray) -> bool:
        return self.probability(row) >= self.threshold


def load_article_shape(path: Path) -> ArticleShape:
    with np.load(path) as arrays:
        names = tuple(str(name) for name in arrays["feature_names"])
        if names != SHAPE_NAMES:
            raise ValueError(f"{path}: signals {names} are not this version's {SHAPE_NAMES}")
        return ArticleShape(
            mean=arrays["mean"].astype(np.float64),
            scale=arrays["scale"].astype(np.float64),
            coef=arrays["coef"].astype(np.float64),
            intercept=float(arrays["intercept"]),
            threshold=float(arrays["threshold"]),
        )


@cache
def shipped_article_shape() -> ArticleShape | None:
    """The shipped model, read once; None when the package ships none."""
    if not ARTICLE_SHAPE_PATH.exists():
        return None
    return load_article_shape(ARTICLE_SHAPE_PATH)
