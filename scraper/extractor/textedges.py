"""The body's edges, decided apart: trim or extend the chosen stretch block by block.

Most wrong article dumps are wrong at the run's edges: comments, author bios and teasers
written as prose kept at its end, or the article's last paragraphs left after a stretch of
chrome. The block model judges each block alone; here each block near an edge (the last and
first kept blocks, and the blocks just past the end) is judged again with what the edge knows:
how far it lies from the body's core, the headings between it and the core ("Comments",
"Related", "About the author", learned as a small word list, not written here), the first
model's verdicts around it, its length against the body's. A small logistic model gives each a
probability of being body text; the edge is cut (or extended) where that gains the most
length-weighted evidence, the same rule the run search uses.

Weights and word list in ``textedgeweights.py``, fitted by ``benchmarks/train_text_edges.py``
(host-folded, stacked on out-of-fold block probabilities).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import islice, repeat

import numpy as np

# The edge loops in C (built from _ctext.pyx by setup.py; optional): the same floats, bit for
# bit. Not built: the Python loops below run.
try:
    from scraper.extractor import _ctext
except ImportError:
    _ctext = None

__all__ = [
    "EDGE_FEATURE_NAMES",
    "SIDES",
    "DumpBlocks",
    "EdgeModel",
    "apply_edges",
    "cue_words",
    "edge_cue_tokens",
    "edge_design",
    "edge_probabilities",
    "edge_rows",
    "edge_rows_reference",
    "edge_scores",
    "judge_edges",
    "shipped_edges",
]

# The block model's columns that place a block in the page (prose around it, its position,
# the title anchor): copied into the edge row as they are.
_CONTEXT_COLUMNS = (
    "position",
    "prose_before",
    "prose_after",
    "window_sentences_wide",
    "before_anchor",
    "after_anchor",
    "sentence_end",
    "comma_density",
)
EDGE_FEATURE_NAMES: tuple[str, ...] = (
    "bias",
    "tail",
    "after",
    "logit",
    "log_words",
    "distance",
    "share_outside",
    "cue_between",
    "heading_between",
    "cue_own",
    "cue_first",
    "linked",
    "bullet",
    "neighbour_p",
    "zone_p",
    "length_change",
    "repeated",
    "stopwords",
    "prose",
    "chrome_words",
    "link_density",
    "title_case",
    "dated",
    "min_p_between",
    "headings",
    "cue_tail_on_head",
    # Where the block sits in the page, as the block model's columns say (round ten).
    *(f"block_{name}" for name in _CONTEXT_COLUMNS),
    "indent_change",
)
SIDES = ("head", "tail", "after")
ZONE = 24  # kept blocks examined at each edge (16 before round ten)
AFTER_ZONE = 32  # blocks past the end examined (16 in round six)
_HEADING_WORDS = 8  # a block this short without a full stop can head a section
_DATED_WORDS = 40  # a date in a block this short is its own (a comment's, a teaser's)
_BLOCK_COLUMNS = (
    "repeated_in_page",
    "stopword_ratio",
    "chrome_ratio",
    "link_density",
    "title_case",
)
_CUE_WORDS = 12  # own cue words are read from blocks this short
_FIRST_WORDS = 3
_HEAD_CHARS = 80  # a long block's first words are looked for in this many characters first
_PROSE_WORDS = 20
_PROSE_ENDS = (".", "!", "?", '"', "”")
_WORD_RE = re.compile(r"[^\W\d_]{2,}", re.UNICODE)
# ``_ctext.edge_parts``' word counts and lengths, in its order
_PART_LIMITS = (_CUE_WORDS, _PROSE_WORDS, _DATED_WORDS, _HEAD_CHARS, _FIRST_WORDS)
# A clock time or a year: comments, bios and teasers carry their own dates.
_DATED_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b(?:19|20)\d{2}\b")


@dataclass(frozen=True, slots=True)
class DumpBlocks:
    """A dump's blocks as the edge step reads them, one entry per block in each array: what
    stays the same for every body and round judged on the dump (``keep`` and ``limit`` vary)."""

    texts: Sequence[str]
    probs: np.ndarray  # the block model's probability of body text
    words: np.ndarray  # word counts
    matrix: np.ndarray  # the block model's feature rows
    names: Sequence[str]  # the matrix's column names
    links: np.ndarray
    bullet: np.ndarray


@dataclass(frozen=True, slots=True)
class EdgeModel:
    """The edge model: weights (``EDGE_FEATURE_NAMES`` order), cue word scores, threshold."""

    weights: np.ndarray
    cues: Mapping[str, float]
    threshold: float = 0.5  # blocks past the end are added above it
    cut: float | None = None  # head and tail blocks are cut below it (None: ``threshold``)
    rounds: int = 1  # times the edges are judged, each time around the edges the last one left
    # Each side's weights as floats (the shared ones three times): what ``edge_scores`` reads.
    by_side: tuple[tuple[float, ...], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        values = [float(w) for w in self.weights]
        width = len(EDGE_FEATURE_NAMES)
        parts = [values[s * width : (s + 1) * width] for s in range(3)]
        by_side = tuple(map(tuple, parts)) if len(values) == 3 * width else (tuple(values),) * 3
        object.__setattr__(self, "by_side", by_side)


def cue_words(text: str) -> list[str]:
    """Lower-cased alphabetic words: what the cue word list is keyed by."""
    return _WORD_RE.findall(text.lower())


def _cue(cues: Mapping[str, float], words: Sequence[str]) -> float:
    return max(map(cues.get, words, repeat(0.0)), default=0.0)


def _edge_blocks(keep: Sequence[int], limit: int, words: np.ndarray) -> list[_Edge]:
    """The blocks near the body's edges, each with where it sits against the core."""
    n_keep = len(keep)
    zone = min(ZONE, n_keep // 2)
    kept_words = words[keep].astype(float)
    total = float(kept_words.sum()) or 1.0
    cum = np.concatenate([[0.0], np.cumsum(kept_words)]).tolist()
    found = []
    for k in range(zone):
        found.append(
            _Edge(keep[k], 0, k, keep[k + 1 : zone + 1], cum[k + 1] / total, keep[: k + 1])
        )
    for k in range(zone):
        last = n_keep - 1 - k
        outside = (total - cum[last]) / total
        found.append(_Edge(keep[last], 1, k, keep[n_keep - zone - 1 : last], outside, keep[last:]))
    end = keep[-1]
    for i in range(end + 1, min(limit, end + 1 + AFTER_ZONE)):
        outside = float(words[end + 1 : i + 1].sum()) / total
        between = [*keep[-zone - 1 :], *range(end + 1, i)]
        found.append(_Edge(i, 2, i - end - 1, between, outside, list(range(end + 1, i + 1))))
    return found


@dataclass(frozen=True, slots=True)
class _Edge:
    index: int
    side: int  # 0: the body's head, 1: its tail, 2: past its end
    distance: int  # blocks between it and the edge
    between: Sequence[int]  # blocks between it and the body's core
    outside: float  # share of the body's words from it to the edge
    span: Sequence[int]  # blocks from it to the edge


def _headings(edge: _Edge, texts: Sequence[str], words: np.ndarray) -> list[int]:
    return [j for j in edge.between if words[j] <= _HEADING_WORDS and not texts[j].endswith(".")]


def edge_cue_tokens(
    blocks: DumpBlocks, keep: Sequence[int], limit: int
) -> list[tuple[int, set[str]]]:
    """Each edge block with the words that may cue it: headings between it and the core, its
    own words when it is short. What ``train_text_edges.py`` learns the cue word list from."""
    if len(keep) < 2:
        return []
    texts, words = blocks.texts, blocks.words
    found = []
    for edge in _edge_blocks(keep, limit, words):
        tokens = {w for j in _headings(edge, texts, words) for w in cue_words(texts[j])}
        own = cue_words(texts[edge.index])
        tokens.update(own[:_FIRST_WORDS] if words[edge.index] > _CUE_WORDS else own)
        found.append((edge.index, tokens))
    return found


def edge_rows_reference(
    blocks: DumpBlocks,
    keep: Sequence[int],
    limit: int,
    cues: Mapping[str, float],
) -> tuple[list[int], list[int], np.ndarray]:
    """``edge_rows`` block by block: the definition the fast one must equal (tests compare).

    ``keep``: the body's kept blocks in order; ``limit``: blocks past the end are examined up
    to this index (the dump's end, or where a comment section opens).
    """
    if len(keep) < 2:
        return [], [], np.zeros((0, len(EDGE_FEATURE_NAMES)))
    texts, probs, words, matrix = blocks.texts, blocks.probs, blocks.words, blocks.matrix
    names, links, bullet = blocks.names, blocks.links, blocks.bullet
    edges = _edge_blocks(keep, limit, words)
    median = float(np.median(words[keep]))
    column = {name: matrix[:, names.index(name)] for name in _BLOCK_COLUMNS}
    logits = np.log(np.clip(probs, 1e-4, 1 - 1e-4) / np.clip(1 - probs, 1e-4, 1))
    indent = matrix[:, names.index("indent")]
    body_indent = float(np.median(indent[list(keep)]))
    rows = np.zeros((len(edges), len(EDGE_FEATURE_NAMES)))
    n = len(texts)
    for r, edge in enumerate(edges):
        i = edge.index
        heads = _headings(edge, texts, words)
        own = cue_words(texts[i])
        lo, hi = max(0, i - 1), min(n, i + 2)
        rows[r] = (
            1.0,
            edge.side == 1,
            edge.side == 2,
            logits[i],
            np.log1p(words[i]),
            np.log1p(edge.distance),
            edge.outside,
            max((_cue(cues, cue_words(texts[j])) for j in heads), default=0.0),
            bool(heads),
            _cue(cues, own) if words[i] <= _CUE_WORDS else 0.0,
            _cue(cues, own[:_FIRST_WORDS]),
            links[i] > 0,
            bool(bullet[i]),
            (probs[lo:hi].sum() - probs[i]) / max(1, hi - lo - 1),
            float(probs[list(edge.span)].mean()),
            np.log1p(words[i]) - np.log1p(median),
            column["repeated_in_page"][i],
            column["stopword_ratio"][i],
            words[i] >= _PROSE_WORDS and texts[i].rstrip().endswith(_PROSE_ENDS),
            column["chrome_ratio"][i],
            column["link_density"][i],
            column["title_case"][i],
            words[i] <= _DATED_WORDS and _DATED_RE.search(texts[i]) is not None,
            float(probs[list(edge.span)].min()),
            np.log1p(len(heads)),
            edge.side == 0 and bool(heads),
            *(matrix[i, names.index(c)] for c in _CONTEXT_COLUMNS),
            abs(indent[i] - body_indent),
        )
    return [e.index for e in edges], [e.side for e in edges], rows


def edge_rows(
    blocks: DumpBlocks,
    keep: Sequence[int],
    limit: int,
    cues: Mapping[str, float],
) -> tuple[list[int], list[int], np.ndarray]:
    """The edge blocks (indices), their side (0 head, 1 tail, 2 after) and feature rows as one
    array, for training. ``keep``: the body's kept blocks in order; ``limit``: blocks past the
    end are examined up to this index (the dump's end, or where a comment section opens)."""
    index, sides, rows = _all_rows(_rows_in_two(blocks, keep, limit, cues))
    return index, sides, np.array(rows, dtype=float).reshape(len(rows), len(EDGE_FEATURE_NAMES))


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2


def _first_words(text: str) -> list[str]:
    """A long block's first cue words, read from its head when four words fit there."""
    head = _WORD_RE.findall(text[:_HEAD_CHARS].lower())
    if len(head) > _FIRST_WORDS:  # the third word ended inside the head
        return head[:_FIRST_WORDS]
    return [m.group() for m in islice(_WORD_RE.finditer(text.lower()), _FIRST_WORDS)]


_PastEnd = Callable[[], tuple[list[int], list[int], list]]


def _all_rows(
    parts: tuple[list[int], list[int], list, _PastEnd | None],
) -> tuple[list[int], list[int], list]:
    """``_rows_in_two``'s result with the rows past the end taken too: every edge block's row
    (or weighted sum)."""
    index, sides, values, past_end = parts
    if past_end is None:
        return index, sides, values
    more_index, more_sides, more_values = past_end()
    return index + more_index, sides + more_sides, values + more_values


def _rows_in_two(
    blocks: DumpBlocks,
    keep: Sequence[int],
    limit: int,
    cues: Mapping[str, float],
    memo: _Memo | None = None,
    by_side: tuple[tuple[float, ...], ...] | None = None,
) -> tuple[list[int], list[int], list, _PastEnd | None]:
    """The head and tail blocks' rows, and a function giving the rows past the end: when the
    tail is cut the body is not extended, so ``judge_edges`` asks for those only when it is
    not (``_all_rows`` takes both).

    The edge blocks (indices), their side (0 head, 1 tail, 2 after) and feature rows, built
    as floats in plain Python: a dump has a few dozen edge blocks, and numpy's fixed cost per
    call outweighs its speed at that size. Running sums, means, minima and maxima go from the
    edge inward, zone by zone. ``memo``: what a block's row says of the block alone, kept
    between the rounds of one dump (same texts, probabilities and cues). ``by_side``: each
    side's weights; then each row's weighted sum is returned instead of the row (the same
    products added in the same order as ``sum(map(operator.mul, weights, row))``, without
    building the row: the extractor's path)."""
    n_keep = len(keep)
    if n_keep < 2:
        return [], [], [], None
    texts, matrix, names = blocks.texts, blocks.matrix, blocks.names
    zone = min(ZONE, n_keep // 2)
    end = keep[-1]
    head = keep[: zone + 1]  # the head zone and the block after it
    tail = keep[n_keep - zone - 1 :]  # the block before the tail zone, then the zone
    after = range(end + 1, min(limit, end + 1 + AFTER_ZONE))
    n_after = len(after)
    memo = memo or _Memo()
    if memo.probs_at is None:  # the dump's arrays as plain numbers, once for all rounds
        memo.probs_at = blocks.probs.tolist()
        memo.words_at = blocks.words.tolist()
        memo.floats_at = list(map(float, memo.words_at))
    probs_at = memo.probs_at
    words_at = memo.words_at
    kept_words = list(map(memo.floats_at.__getitem__, keep))  # float(words), read once
    total = sum(kept_words) or 1.0
    get = cues.get
    found = memo.found  # a short block's words' cue scores, read once
    parts = memo.parts
    heads = memo.heads

    # the word scans and the per-block loop in C
    compiled = _ctext is not None and type(cues) is dict and type(texts) is list

    def short_cues(j: int) -> list[float]:
        values = found.get(j)
        if values is None:
            if compiled:
                values = found[j] = _ctext.cue_values(texts[j].lower(), cues)
            else:
                words = _WORD_RE.findall(texts[j].lower())
                values = found[j] = list(map(get, words, repeat(0.0)))
        return values

    def heading_cues(blocks: Sequence[int]) -> tuple[list[bool], list[float]]:
        if compiled:  # the same loop in C
            return _ctext.heading_facts(blocks, heads, found, words_at, texts, cues, _HEADING_WORDS)
        flags, values = [], []
        for j in blocks:
            fact = heads.get(j)
            if fact is None:  # whether it can head a section, and its best cue if so
                flag = words_at[j] <= _HEADING_WORDS and not texts[j].endswith(".")
                fact = heads[j] = (flag, max(short_cues(j), default=0.0) if flag else 0.0)
            flags.append(fact[0])
            values.append(fact[1])
        return flags, values

    h_flag, h_cue = heading_cues(head)
    t_flag, t_cue = heading_cues(tail)
    index: list[int] = []
    sides: list[int] = []
    distance: list[int] = []
    outside: list[float] = []
    count: list[int] = []
    cue_between: list[float] = []
    zone_p: list[float] = []
    min_p: list[float] = []
    # Head block k: headings among head[k + 1:]; its span is head[: k + 1].
    head_count = [0] * zone
    head_max = [0.0] * zone
    running_count, running_max = int(h_flag[zone]), h_cue[zone]
    for k in range(zone - 1, -1, -1):
        head_count[k], head_max[k] = running_count, running_max
        running_count += h_flag[k]
        if h_cue[k] > running_max:  # max(), without the call
            running_max = h_cue[k]
    index += head[:zone]
    _outward(head[:zone], kept_words[:zone], probs_at, total, outside, zone_p, min_p)
    sides += [0] * zone
    distance += range(zone)
    count += head_count
    cue_between += head_max
    # Tail block k (k-th from the end): headings among tail[: zone - k].
    prefix_count, prefix_max = [0], [0.0]
    running_count, running_max = 0, 0.0
    for k, (flag, value) in enumerate(zip(t_flag, t_cue, strict=True)):
        running_count += flag
        if not k or value > running_max:  # the first value, then max() without the call
            running_max = value
        prefix_count.append(running_count)
        prefix_max.append(running_max)
    index += tail[zone:0:-1]  # tail block k (k-th from the end) is tail[zone - k]
    tail_words = kept_words[n_keep - 1 : n_keep - 1 - zone : -1]
    _outward(tail[zone:0:-1], tail_words, probs_at, total, outside, zone_p, min_p)
    count += prefix_count[zone:0:-1]
    cue_between += prefix_max[zone:0:-1]
    sides += [1] * zone
    distance += range(zone)
    if memo.indent is None:
        memo.indent = matrix[:, names.index("indent")].tolist()
    indent = memo.indent
    body_indent = _median(list(map(indent.__getitem__, keep)))
    log_median = math.log1p(_median(kept_words))

    def finish(
        index: list[int],
        sides: list[int],
        distance: list[int],
        outside: list[float],
        count: list[int],
        cue_between: list[float],
        zone_p: list[float],
        min_p: list[float],
    ) -> list:
        """These rows' weighted sums (``by_side``) or rows, their blocks' own columns kept."""
        missing = [i for i in index if i not in parts]
        if missing:  # the block's own columns: the same whichever edge it sits at, in any round
            columns = matrix[np.array(missing)][:, _part_columns(tuple(names))].tolist()
            links_at = blocks.links[missing].tolist()
            bullet_at = blocks.bullet[missing].tolist()
            n = len(texts)
            if compiled:  # the same loop in C
                _ctext.edge_parts(
                    missing, texts, words_at, probs_at, columns, links_at, bullet_at, cues,
                    found, parts, _PART_LIMITS, _PROSE_ENDS, _DATED_RE.search,
                )  # fmt: skip
                missing = []
            for r, i in enumerate(missing):
                text = texts[i]
                count_words = words_at[i]
                if count_words <= _CUE_WORDS:
                    own = short_cues(i)
                    own_cue = max(own, default=0.0)
                    first_cue = max(own[:_FIRST_WORDS], default=0.0)
                else:  # a long block: only its first words are read, so only they are found
                    own_cue = 0.0
                    first_cue = max(map(get, _first_words(text), repeat(0.0)), default=0.0)
                p = probs_at[i]
                left = probs_at[i - 1] if i > 0 else 0.0
                right = probs_at[i + 1] if i < n - 1 else 0.0
                present = (i > 0) + (i < n - 1)
                repeated, stopwords, chrome, link_density, title_case, digits = columns[r][:6]
                part = parts[i] = (
                    math.log(min(max(p, 1e-4), 1 - 1e-4) / min(max(1 - p, 1e-4), 1.0)),
                    math.log1p(count_words),
                    own_cue,
                    first_cue,
                    links_at[r] > 0,
                    bool(bullet_at[r]),
                    (left + right) / max(1.0, present),
                    repeated,
                    stopwords,
                    count_words >= _PROSE_WORDS and text.rstrip().endswith(_PROSE_ENDS),
                    chrome,
                    link_density,
                    title_case,
                    count_words <= _DATED_WORDS
                    and (digits > 0 or not text.isascii())  # no digit: no date (isascii is O(1))
                    and _DATED_RE.search(text) is not None,
                    *columns[r][6:],  # the context columns, then the indent
                )
        if by_side is not None and _ctext is not None:
            return _ctext.weighted_sums(
                index, sides, count, cue_between, distance, outside, zone_p, min_p,
                log_median, body_indent, parts, by_side, _LOG1P,
            )  # fmt: skip
        if by_side is not None:
            between_at = (count, cue_between)
            dynamic = (distance, outside, zone_p, min_p, log_median, body_indent)
            return _weighted_sums(index, sides, between_at, dynamic, parts, by_side)
        rows: list[tuple[float, ...]] = []
        for r, i in enumerate(index):
            side = sides[r]
            part = parts[i]
            logit, log_words, own_cue, first_cue, linked, bulleted, neighbours = part[:7]
            between = count[r]
            row = (
                1.0,
                side == 1,
                side == 2,
                logit,
                log_words,
                math.log1p(distance[r]),
                outside[r],
                cue_between[r],
                between > 0,
                own_cue,
                first_cue,
                linked,
                bulleted,
                neighbours,
                zone_p[r],
                log_words - log_median,
                *part[7:14],
                min_p[r],
                math.log1p(between),
                side == 0 and between > 0,
                *part[14:-1],
                abs(part[-1] - body_indent),
            )
            rows.append(row)
        return rows

    # Past the end, block d: the whole tail zone plus after[:d].
    tail_count, tail_max = prefix_count[-1], max(0.0, *t_cue)

    def past_end() -> tuple[list[int], list[int], list]:
        a_flag, a_cue = heading_cues(after)
        index: list[int] = []
        count: list[int] = []
        cue_between: list[float] = []
        outside: list[float] = []
        zone_p: list[float] = []
        min_p: list[float] = []
        running_count, running_max = tail_count, tail_max
        for d in range(n_after):
            count.append(running_count)
            cue_between.append(running_max)
            running_count += a_flag[d]
            if a_cue[d] > running_max:
                running_max = a_cue[d]
        index += after
        _outward(after, [words_at[i] for i in after], probs_at, total, outside, zone_p, min_p)
        sides = [2] * n_after
        rows = (index, sides, list(range(n_after)), outside, count, cue_between, zone_p, min_p)
        return index, sides, finish(*rows)

    near = (index, sides, distance, outside, count, cue_between, zone_p, min_p)
    return index, sides, finish(*near), past_end if n_after else None


@cache
def _part_columns(names: tuple[str, ...]) -> list[int]:
    """Where the block model's columns an edge row copies sit in its matrix (``names``)."""
    read = [names.index(c) for c in (*_BLOCK_COLUMNS, "digit_ratio", *_CONTEXT_COLUMNS)]
    return [*read, names.index("indent")]


class _Memo:
    """A dump's per-block edge facts, kept between rounds (``judge_edges``)."""

    __slots__ = ("floats_at", "found", "heads", "indent", "parts", "probs_at", "words_at")

    def __init__(self) -> None:
        self.found: dict[int, list[float]] = {}  # a short block's words' cue scores
        self.parts: dict[int, tuple] = {}  # the row columns a block decides alone
        self.heads: dict[int, tuple[bool, float]] = {}  # can it head a section; its cue if so
        self.probs_at: list[float] | None = None  # the dump's arrays as plain numbers
        self.words_at: list[int] | None = None
        self.floats_at: list[float] = []  # words_at as floats
        self.indent: list[float] | None = None


# log1p of a count of blocks (a distance, the headings between): read, not computed, per row
_LOG1P = tuple(math.log1p(k) for k in range(2 * (ZONE + AFTER_ZONE) + 2))


def _weighted_sums(
    index: list[int],
    sides: list[int],
    between_at: tuple[list[int], list[float]],
    dynamic: tuple[list[int], list[float], list[float], list[float], float, float],
    parts: dict[int, tuple],
    by_side: tuple[tuple[float, ...], ...],
) -> list[float]:
    """Each edge row's weighted sum, its products added in ``EDGE_FEATURE_NAMES`` order
    (``sum(map(operator.mul, weights, row))`` bit for bit): rows come side by side, so each
    side's weights are read into names once, and each block's own columns from ``parts``."""
    count, cue_between = between_at
    distance, outside, zone_p, min_p, log_median, body_indent = dynamic
    log1p = _LOG1P
    sums: list[float] = []
    n_rows = len(index)
    start = 0
    for side in range(3):
        stop = start
        while stop < n_rows and sides[stop] == side:
            stop += 1
        (w0, w1, w2, w3, w4, w5, w6, w7, w8, w9, w10, w11, w12, w13, w14, w15, w16, w17, w18,
         w19, w20, w21, w22, w23, w24, w25, w26, w27, w28, w29, w30, w31, w32, w33, w34,
         ) = by_side[side]  # fmt: skip
        # the first three products are the same for every row of a side (added as in the sum)
        base = w0 * 1.0 + w1 * (side == 1) + w2 * (side == 2)
        head = side == 0
        for r in range(start, stop):
            (logit, log_words, own_cue, first_cue, linked, bulleted, neighbours, p7, p8, p9,
             p10, p11, p12, p13, p14, p15, p16, p17, p18, p19, p20, p21, own_indent,
             ) = parts[index[r]]  # fmt: skip
            between = count[r]
            sums.append(
                base
                + w3 * logit
                + w4 * log_words
                + w5 * log1p[distance[r]]
                + w6 * outside[r]
                + w7 * cue_between[r]
                + w8 * (between > 0)
                + w9 * own_cue
                + w10 * first_cue
                + w11 * linked
                + w12 * bulleted
                + w13 * neighbours
                + w14 * zone_p[r]
                + w15 * (log_words - log_median)
                + w16 * p7
                + w17 * p8
                + w18 * p9
                + w19 * p10
                + w20 * p11
                + w21 * p12
                + w22 * p13
                + w23 * min_p[r]
                + w24 * log1p[between]
                + w25 * (head and between > 0)
                + w26 * p14
                + w27 * p15
                + w28 * p16
                + w29 * p17
                + w30 * p18
                + w31 * p19
                + w32 * p20
                + w33 * p21
                + w34 * abs(own_indent - body_indent)
            )
        start = stop
    return sums


def edge_scores(
    blocks: DumpBlocks,
    keep: Sequence[int],
    limit: int,
    model: EdgeModel,
    memo: _Memo | None = None,
) -> tuple[list[int], list[int], list[float]]:
    """``edge_rows`` scored by ``edge_probabilities``, in plain Python: the extractor's path
    (each row's logit summed directly; tests compare the two)."""
    by_side = model.by_side
    args = (blocks, keep, limit, model.cues, memo)
    # the in-place sum reads ``EDGE_FEATURE_NAMES``' layout: a new feature changes it too
    # (tests/test_text_edges.py holds it to ``edge_rows`` summed)
    index, sides, sums = _all_rows(_rows_in_two(*args, by_side))
    return index, sides, _probabilities(sums)


def _probabilities(sums: list[float]) -> list[float]:
    exp = math.exp
    # min(30.0, max(-30.0, z)) without the calls (the same value, NaN included: -30.0)
    return [
        1.0 / (1.0 + exp(-(z if -30.0 <= z <= 30.0 else 30.0 if z > 30.0 else -30.0))) for z in sums
    ]


def judge_edges(
    blocks: DumpBlocks,
    keep: list[int],
    limit: int,
    excluded: Sequence[bool] | np.ndarray,
    model: EdgeModel,
) -> list[int]:
    """The body's blocks after the edge model: ``edge_scores`` then ``apply_edges``, for
    ``model.rounds`` rounds or until the edges stay. A moved edge has new blocks near it (an
    extension that used the whole zone past the end may go on; a cut tail leaves a new one),
    so each round judges the edges the last one left."""
    if _ctext is not None and _compiled_path(blocks, keep, excluded, model):  # the same, in C
        names = tuple(blocks.names)
        # float64 probabilities and int64 counts, read in place (the extractor's arrays are
        # already these: no copy); other float and integer types are the same numbers in them
        probs = np.asarray(blocks.probs, dtype=np.float64)
        words = np.asarray(blocks.words, dtype=np.int64)
        return _ctext.judge_edges_typed(
            blocks.texts, probs, words, blocks.matrix, _part_columns(names),
            names.index("indent"), blocks.links, blocks.bullet.view(np.uint8), keep, limit,
            excluded.view(np.uint8), model.cues, model.by_side, (model.threshold if model.cut
            is None else model.cut,) * 2 + (model.threshold,), model.rounds, _SIZES,
            _PART_LIMITS, _PROSE_ENDS, None, _LOG1P,  # None: ``_DATED_RE`` read in C
        )  # fmt: skip
    memo = _Memo()  # what a block's row says of the block alone: read once for all rounds
    heft: dict[int, float] = {}  # each block's length weight in the gains
    judged: dict[tuple[int, ...], list[int]] = {}  # each body judged so far, and what it gave
    bars = (model.threshold if model.cut is None else model.cut,) * 2 + (model.threshold,)
    cues, by_side = model.cues, model.by_side
    for _ in range(model.rounds):
        seen = tuple(keep)
        moved = judged.get(seen)  # a body met again (edges going back and forth): same verdict
        if moved is None:
            index, sides, sums, past_end = _rows_in_two(blocks, keep, limit, cues, memo, by_side)
            if not index:
                break
            gains, after = _side_gains(index, sides, _probabilities(sums), blocks.words, bars, heft)
            if past_end is not None and not _best_cut([-g for g in gains[1]]):
                # the tail stays, so the body may grow: now the blocks past the end count
                more_index, more_sides, more_sums = past_end()
                q = _probabilities(more_sums)
                more, after = _side_gains(more_index, more_sides, q, blocks.words, bars, heft)
                gains[2].extend(more[2])
            moved = judged[seen] = _edges_moved(keep, gains, after, excluded)
        if moved == keep:
            break
        keep = moved
    return keep


_SIZES = (
    ZONE,
    AFTER_ZONE,
    _HEADING_WORDS,
)  # ``_ctext.judge_edges_typed``' zone sizes, in its order


def _compiled_path(blocks: DumpBlocks, keep: object, excluded: object, model: EdgeModel) -> bool:
    """Whether ``_ctext.judge_edges_typed`` takes this dump: the extractor's types (a list of
    texts, a dict of cues, float/integer/bool arrays); training and hand-made inputs run in
    Python."""
    return (
        type(model.cues) is dict
        and type(blocks.texts) is list
        and type(keep) is list
        and isinstance(blocks.probs, np.ndarray)
        and isinstance(blocks.words, np.ndarray)
        and blocks.probs.dtype.kind == "f"
        and np.can_cast(blocks.words.dtype, np.int64)  # integers int64 holds, all of them
        and all(isinstance(a, np.ndarray) for a in (excluded, blocks.bullet, blocks.links))
        and isinstance(blocks.matrix, np.ndarray)
        and excluded.dtype == np.bool_
        and blocks.bullet.dtype == np.bool_
        and blocks.links.dtype == np.int64
        and blocks.matrix.dtype == np.float64
        and blocks.matrix.ndim == 2
        and excluded.ndim == blocks.bullet.ndim == blocks.links.ndim == 1
    )


def edge_design(rows: np.ndarray, sides: Sequence[int], per_side: bool) -> np.ndarray:
    """The model's input: the rows, or (per side) each row in its side's third of the columns."""
    if not per_side:
        return rows
    width = rows.shape[1]
    design = np.zeros((len(rows), 3 * width))
    for r, side in enumerate(sides):
        design[r, side * width : (side + 1) * width] = rows[r]
    return design


def edge_probabilities(model: EdgeModel, rows: np.ndarray, sides: Sequence[int]) -> np.ndarray:
    """Each edge block's probability of being body text."""
    per_side = len(model.weights) == 3 * rows.shape[1]
    z = edge_design(rows, sides, per_side) @ model.weights
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def apply_edges(
    keep: list[int],
    indices: Sequence[int],
    sides: Sequence[int],
    q: Sequence[float] | np.ndarray,
    words: Sequence[int] | np.ndarray,
    threshold: float,
    excluded: Sequence[bool] | np.ndarray,
    cut: float | None = None,
    *,
    heft: dict[int, float] | None = None,
) -> list[int]:
    """Cut the head and tail, extend past the end, each where it gains the most evidence.

    ``q``: the edge model's body probability per edge block; ``excluded``: blocks never added
    (form controls, linked list items); ``heft``: each block's length weight, filled here and
    read again by the next call with the same ``words`` (``judge_edges``' rounds).
    """
    bars = (threshold if cut is None else cut,) * 2 + (threshold,)  # head, tail, past the end
    gains, after = _side_gains(indices, sides, q, words, bars, {} if heft is None else heft)
    return _edges_moved(keep, gains, after, excluded)


def _side_gains(
    indices: Sequence[int],
    sides: Sequence[int],
    q: Sequence[float] | np.ndarray,
    words: Sequence[int] | np.ndarray,
    bars: tuple[float, float, float],
    heft: dict[int, float],
) -> tuple[tuple[list[float], list[float], list[float]], list[int]]:
    """Each row's gain, split by side in row order (a block sits once on a side), and the
    blocks past the end in order."""
    counts = None
    gains: tuple[list[float], list[float], list[float]] = ([], [], [])
    after: list[int] = []
    for i, s, qi in zip(indices, sides, q, strict=True):
        weight = heft.get(i)
        if weight is None:
            if counts is None:  # plain numbers
                counts = words.tolist() if isinstance(words, np.ndarray) else words
            weight = heft[i] = min(float(counts[i]), 60.0) ** 0.8
        gains[s].append((float(qi) - bars[s]) * weight)
        if s == 2:
            after.append(i)
    return gains, after


def _edges_moved(
    keep: list[int],
    gains: tuple[list[float], list[float], list[float]],
    after: list[int],
    excluded: Sequence[bool] | np.ndarray,
) -> list[int]:
    """The body after its best head cut, tail cut and (with no tail cut) extension."""
    cut_head = _best_cut([-g for g in gains[0]])
    cut_tail = _best_cut([-g for g in gains[1]])
    extend = _best_cut([0.0 if excluded[i] else g for i, g in zip(after, gains[2], strict=True)])
    body = keep[cut_head : len(keep) - cut_tail] if cut_tail else keep[cut_head:]
    if not cut_tail and extend:
        body = body + [i for i in after[:extend] if not excluded[i]]
    return body if body else keep


def _outward(
    blocks: Sequence[int],
    words: Sequence[float],
    probs_at: list[float],
    total: float,
    outside: list[float],
    zone_p: list[float],
    min_p: list[float],
) -> None:
    """For blocks taken outward from an edge, append each one's running share of the body's
    words and the mean and lowest block probability so far (one pass: the edge rows' hot loop)."""
    cum, mean_sum, low = 0.0, 0.0, math.inf
    for k, (i, w) in enumerate(zip(blocks, words, strict=True), 1):
        cum += w
        p = probs_at[i]
        mean_sum += p
        if p < low:  # min(), without the call
            low = p
        outside.append(cum / total)
        zone_p.append(mean_sum / k)
        min_p.append(low)


def _best_cut(values: Sequence[float]) -> int:
    """How many of the first values to take: the prefix with the largest positive sum."""
    best, best_k, total = 0.0, 0, 0.0
    for k, value in enumerate(values, 1):
        total += value
        if total > best:
            best, best_k = total, k
    return best_k


# The Python loops, kept for the tests that hold the compiled ones to them.
PYTHON_LOOPS = {"outward": _outward, "probabilities": _probabilities, "side_gains": _side_gains}
if _ctext is not None:  # the compiled loops: the same floats, less CPU
    _outward = _ctext.outward
    _probabilities = _ctext.probabilities
    _side_gains = _ctext.side_gains


@cache
def shipped_edges() -> EdgeModel | None:
    """The shipped edge model, or None when none is fitted (edges left as the run has them)."""
    from scraper.extractor import textedgeweights
    from scraper.extractor.textedgeweights import EDGE_CUES, EDGE_CUT, EDGE_THRESHOLD, EDGE_WEIGHTS

    if not EDGE_WEIGHTS:
        return None
    names = EDGE_FEATURE_NAMES
    if any(":" in key for key in EDGE_WEIGHTS):  # one model per side
        names = tuple(f"{side}:{name}" for side in SIDES for name in EDGE_FEATURE_NAMES)
    weights = np.array([EDGE_WEIGHTS.get(name, 0.0) for name in names])
    rounds = getattr(textedgeweights, "EDGE_ROUNDS", 1)  # files written before rounds: one
    return EdgeModel(weights, EDGE_CUES, EDGE_THRESHOLD, EDGE_CUT, rounds)
