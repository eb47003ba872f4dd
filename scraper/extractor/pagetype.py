"""Page-level signals for a learned page type (article, documentation, service, forum, product,
collection, listing): a study of issue 11, not used by ``extract()`` yet.

Items of the same shape are content on a listing, a collection or a thread and furniture on a
product page, and a line's own features cannot tell which page it is on. These columns describe
the whole page from what the body decision already computes (the block feature matrix, the
ladder's share, the declared article) plus the URL path's shape, so a small classifier over
them costs one pass of column means a page. ``benchmarks/page_type_study.py`` trains it out of
fold and measures whether its class probabilities help the block model or the path chooser.
"""

from __future__ import annotations

import math
import re
from urllib.parse import urlsplit

import numpy as np

from scraper.extractor.features import FEATURE_NAMES
from scraper.extractor.render import Line

# Generic words of URL paths that name a kind of page (no host names): each is one 0/1 column.
PATH_WORDS: tuple[str, ...] = (
    "tag",
    "tags",
    "category",
    "categories",
    "product",
    "products",
    "shop",
    "store",
    "item",
    "forum",
    "forums",
    "thread",
    "threads",
    "topic",
    "topics",
    "community",
    "questions",
    "discussion",
    "docs",
    "doc",
    "documentation",
    "guide",
    "help",
    "support",
    "api",
    "reference",
    "blog",
    "news",
    "article",
    "articles",
    "post",
    "posts",
    "services",
    "service",
    "solutions",
    "collections",
    "collection",
    "catalog",
    "search",
    "archive",
    "author",
    "page",
)
_URL_NAMES = (
    "url_depth",
    "url_numeric_segments",
    "url_longest_digits",
    "url_has_query",
    "url_ends_slash",
    "url_has_extension",
    "url_last_words",
    *(f"url_word_{word}" for word in PATH_WORDS),
)
_PAGE_NAMES = (
    "ladder_share",
    "ladder_gaps",
    "declared_article",
    "hidden_share",
    "log_heuristic_lines",
    "price_line_share",
    "date_line_share",
    "log_price_lines",
    "log_date_lines",
    "chars_std",
)
_REPEAT_COLUMNS = (
    "log_duplicates",
    "own_log_repeats",
    "parent_log_repeats",
    "grandparent_log_repeats",
)
PAGE_TYPE_FEATURE_NAMES: tuple[str, ...] = (
    *_PAGE_NAMES,
    *_URL_NAMES,
    *(f"wmean_{name}" for name in FEATURE_NAMES),
    *(f"repeated_{name}" for name in _REPEAT_COLUMNS),
)
_REPEAT_INDEX = [FEATURE_NAMES.index(name) for name in _REPEAT_COLUMNS]
_LOG_CHARS = FEATURE_NAMES.index("log_chars")
_WORD_RE = re.compile(r"\w+")
_PATH_WORD_RE = re.compile(r"[a-z]+")
_PRICE_RE = re.compile(r"[$€£¥]\s?\d|\d[\d.,]*\s?(?:[$€£¥]|usd|eur|gbp)\b", re.IGNORECASE)
_DATE_RE = re.compile(
    r"\b(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|"
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|"
    r"\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]* \d{4})\b",
    re.IGNORECASE,
)


def url_features(url: str | None) -> list[float]:
    """The URL path's shape: depth, numeric ids, an extension, and which generic words it holds."""
    parts = urlsplit(url or "")
    segments = [segment for segment in parts.path.lower().split("/") if segment]
    digits = [len(run) for run in re.findall(r"\d+", parts.path)]
    last = segments[-1] if segments else ""
    words = set(_PATH_WORD_RE.findall(parts.path.lower()))
    return [
        float(len(segments)),
        float(sum(segment.isdigit() for segment in segments)),
        float(max(digits, default=0)),
        float(bool(parts.query)),
        float(parts.path.endswith("/")),
        float("." in last),
        float(len(re.split(r"[-_]+", last.rsplit(".", 1)[0])) if last else 0),
        *(float(word in words) for word in PATH_WORDS),
    ]


def page_type_features(
    lines: list[Line],
    X: np.ndarray,
    *,
    url: str | None,
    ladder_share: float,
    ladder_gaps: bool,
    declared_article: bool,
    heuristic_lines: int,
    hidden: list[int] | None,
) -> np.ndarray:
    """One row of ``PAGE_TYPE_FEATURE_NAMES`` for a page (its lines and block features ``X``)."""
    n = len(lines)
    if n == 0:
        return np.zeros(len(PAGE_TYPE_FEATURE_NAMES), dtype=np.float64)
    texts = [line.text for line in lines]
    words = np.maximum([len(_WORD_RE.findall(text)) for text in texts], 1.0)
    weights = words / words.sum()
    prices = sum(1 for text in texts if len(text) < 80 and _PRICE_RE.search(text))
    dates = sum(1 for text in texts if len(text) < 120 and _DATE_RE.search(text))
    hidden_share = sum(1 for count in hidden if count) / n if hidden else 0.0
    page = [
        ladder_share,
        float(ladder_gaps),
        float(declared_article),
        hidden_share,
        math.log1p(heuristic_lines),
        prices / n,
        dates / n,
        math.log1p(prices),
        math.log1p(dates),
        float(X[:, _LOG_CHARS].std()),
    ]
    values = X.astype(np.float64)
    repeated = (values[:, _REPEAT_INDEX] > 0).mean(axis=0)
    return np.concatenate([page, url_features(url), weights @ values, repeated])
