"""Round twenty-seven (issue 11): two structural signals the block model's columns lack, screened
out of fold with ``body_variants.py``'s protocol (same folds, labels, learner, scorer).

    OMP_NUM_THREADS=1 python benchmarks/body_headline_markup.py A -- base --aeb train \
        --labels consume-ladder --scores /tmp/body21/oof-A.npz --page-f1 /tmp/body21/f1-A.json
    # EXTRA: none, A, B, AB or columns (A0,2+B0,1); everything after ``--`` to body_variants.py

(A) where a line sits relative to the page's headline (the first line that repeats the title,
else the first h1): the signed distance in lines and in characters (log-scaled, sign kept) and
which anchor was found (2 title, 1 h1, 0 none: the distances then a sentinel the trees split on).
(B) the markup density of the line's contexts, as in CETD (Sun et al. 2011): elements per
character of the own, parent and grandparent elements, the own and parent composite text
density (characters per element, weighted by the linked characters' and linked elements'
shares) and the share of the own element's elements that are links.

The examples are ``train_body_model.build_examples``' (same pages, order, rows and labels) plus
the new columns, computed while the tree is still at hand, cached under /tmp/body21/cache; the
screen appends the chosen columns to each page's rows.
"""

from __future__ import annotations

import math
import os
import sys
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import body_variants
import train_body_model as trainer

CACHE = Path(os.environ.get("BODY21_CACHE", "/tmp/body21/cache"))
HEADLINE_NAMES = ("head_line_distance", "head_char_distance", "head_anchor")
MARKUP_NAMES = (
    "own_log_tags_per_char",
    "parent_log_tags_per_char",
    "grandparent_log_tags_per_char",
    "own_log_cetd",
    "parent_log_cetd",
    "own_link_tag_share",
)
MISSING = -30.0  # no anchor: below every signed log distance (|d| < 15)
_REPEATS_TITLE = 9  # FEATURE_NAMES' columns read here
_KIND = 6


def signed_log(values: np.ndarray) -> np.ndarray:
    return np.sign(values) * np.log1p(np.abs(values))


def headline_columns(features: np.ndarray, chars: np.ndarray) -> np.ndarray:
    """(n, 3): each line's signed log distance to the headline in lines and characters, and
    the anchor kind (2 the first title repeat, 1 the first h1, 0 none)."""
    n = len(features)
    out = np.empty((n, 3))
    anchors = np.flatnonzero(features[:, _REPEATS_TITLE] > 0)
    kind = 2.0
    if not len(anchors):
        anchors = np.flatnonzero(features[:, _KIND] == 1)
        kind = 1.0
    if not len(anchors):
        out[:, :2] = MISSING
        out[:, 2] = 0.0
        return out
    anchor = int(anchors[0])
    before = np.cumsum(chars) - chars
    out[:, 0] = signed_log(np.arange(n) - anchor)
    out[:, 1] = signed_log(before - before[anchor])
    out[:, 2] = kind
    return out


def subtree_counts(root: Any) -> tuple[dict[Any, int], dict[Any, int]]:
    """Every element's count of elements and of links (``a``) in its subtree, itself included."""
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    tags: dict[Any, int] = {}
    links: dict[Any, int] = {}
    for el in reversed(elements):
        size, anchors = 1, int(el.tag == "a")
        for child in el:
            size += tags.get(child, 0)
            anchors += links.get(child, 0)
        tags[el] = size
        links[el] = anchors
    return tags, links


def _counts_of(el: Any, root: Any, tags: dict, links: dict) -> tuple[int, int]:
    el = root if el is None else el
    if el in tags:
        return tags[el], links[el]
    inner = [x for x in el.iter() if isinstance(x.tag, str)]  # detached by the analysis
    return len(inner), sum(x.tag == "a" for x in inner)


def cetd(
    chars: float, link_chars: float, tags: float, link_tags: float, page_ratio: float
) -> float:
    """CETD's composite text density of one element (Sun et al. 2011), log1p-scaled."""
    if chars <= 0:
        return 0.0
    density = chars / max(tags, 1.0)
    inner = (chars / max(chars - link_chars, 1.0)) * link_chars + page_ratio * chars + math.e
    base = math.log(inner)
    argument = (chars / max(link_chars, 1.0)) * (tags / max(link_tags, 1.0))
    if base <= 1.0 + 1e-9 or argument <= 0:
        return math.log1p(density)
    return math.log1p(density * math.log(argument) / math.log(base))


def markup_columns(blocks: Any, root: Any) -> np.ndarray:
    """(n, 6): the CETD-style markup columns of each line's contexts (``MARKUP_NAMES``)."""
    contexts = blocks.contexts
    n = len(contexts)
    tags, links = subtree_counts(root)
    page_chars = float(sum(len(line.text) for line in blocks.lines))
    page_links = float(sum(line.link_chars for line in blocks.lines))
    ratio = page_links / max(page_chars, 1.0)
    memo: dict[Any, tuple[float, float, float]] = {}

    def per(ctx: Any) -> tuple[float, float, float]:
        if ctx not in memo:
            t, lt = _counts_of(ctx.element, root, tags, links)
            per_char = math.log((t + 1.0) / (ctx.chars + 1.0))
            memo[ctx] = (per_char, cetd(ctx.chars, ctx.links, t, lt, ratio), lt / max(t, 1))
        return memo[ctx]

    out = np.empty((n, len(MARKUP_NAMES)))
    for i, ctx in enumerate(contexts):
        parent = ctx.parent if ctx.parent is not None else ctx
        grand = parent.parent if parent.parent is not None else parent
        own, up, top = per(ctx), per(parent), per(grand)
        out[i] = (own[0], up[0], top[0], own[1], up[1], own[2])
    return out


def study_columns(page: Any, root: Any, features: np.ndarray) -> dict[str, np.ndarray]:
    """A page's ``headline`` and ``markup`` columns (kept aside: ``X`` is the shipped rows)."""
    lines = page.blocks.lines
    chars = np.array([len(line.text) for line in lines], dtype=np.float64)
    return {
        "headline": headline_columns(features, chars) if lines else np.zeros((0, 3)),
        "markup": markup_columns(page.blocks, root) if lines else np.zeros((0, 6)),
    }


_shipped_build = trainer.build_examples


def build_examples(docs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``train_body_model.build_examples``' pages with this study's columns (``study_columns``)."""
    return _shipped_build(docs, study_columns)


_shipped_cached = trainer.cached_examples


def cached_examples(docs: list[dict[str, Any]], set_dir: Path, cache: Path | None) -> list[dict]:
    """This study's examples from its own cache, the chosen extra columns appended to ``X``."""
    trainer.build_examples = build_examples  # the cache key hashes this function's source
    pages = _shipped_cached(docs, set_dir, CACHE)
    chosen = extra_columns(os.environ.get("BODY21_EXTRA", "none"))
    for page in pages:
        parts = [page["X"]]
        for key, columns in chosen:
            parts.append(page[key][:, columns].astype(np.float32))
        page["X"] = np.concatenate(parts, axis=1) if len(parts) > 1 else page["X"]
    return pages


def extra_columns(spec: str) -> list[tuple[str, list[int]]]:
    """``none``, ``A``, ``B``, ``AB``, or a subset such as ``A0,2+B0,1`` (columns of each)."""
    sizes = {"A": ("headline", len(HEADLINE_NAMES)), "B": ("markup", len(MARKUP_NAMES))}
    if spec == "none":
        return []
    if "+" not in spec and set(spec) <= set(sizes):
        return [(sizes[c][0], list(range(sizes[c][1]))) for c in spec]
    chosen = []
    for part in spec.split("+"):
        key, size = sizes[part[0]]
        chosen.append(
            (key, [int(c) for c in part[1:].split(",")] if part[1:] else list(range(size)))
        )
    return chosen


def main(argv: list[str]) -> int:
    extra, rest = argv[0], argv[1:]
    if rest and rest[0] == "--":
        rest = rest[1:]
    os.environ["BODY21_EXTRA"] = extra
    trainer.cached_examples = cached_examples
    return body_variants.main(rest)


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
