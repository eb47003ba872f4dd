"""Block features for the body model: one row of numbers per rendered line of the page.

What a line says by itself (length, link share, punctuation, kind), where it sits (depth,
position, the text and link totals of its element and two ancestors), what its element and
ancestors are called (tag and class/id word groups, as bits), whether the heuristic ladder kept
it, its neighbours, and a few page-level totals. The names in ``FEATURE_NAMES`` document the
columns; the training script and the model file carry them so a mismatch is caught at load.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import partial
from itertools import chain

import numpy as np

from scraper.extractor.blocks import N_BITS, Context, PageBlocks
from scraper.extractor.clean import normalise_title
from scraper.extractor.render import Line

# The per-line and per-context columns in C (``_ctext.line_columns`` / ``context_columns``,
# built by setup.py; optional): the same numbers, without a Python step per line and context.
try:
    from scraper.extractor._ctext import context_columns as _compiled_contexts
    from scraper.extractor._ctext import heuristic_flags as _compiled_flags
    from scraper.extractor._ctext import line_columns as _compiled_lines
    from scraper.extractor._ctext import repeats_title as _compiled_repeats
except (ImportError, TypeError, ValueError):  # not built, or built for another numpy
    _compiled_contexts = _compiled_flags = _compiled_lines = _compiled_repeats = None
COMPILED_FEATURES = True
try:  # an extension built before round twenty-four reads the contexts by attribute only
    from scraper.extractor._cwalks import slotted_context_columns as _slotted_contexts
except (ImportError, TypeError, ValueError):
    _slotted_contexts = None
# ``block_features``' context columns with the contexts' fields read at their slots
# (``_cwalks.slotted_context_columns``, beside the walk that fills them): the same table
# without ~4,000 attribute look-ups a page.
COMPILED_CONTEXT_SLOTS = True
try:  # likewise
    from scraper.extractor._cwalks import count_columns as _compiled_counts
except (ImportError, TypeError, ValueError):
    _compiled_counts = None
# ``block_features``' duplicate-count and ladder-flag columns filled in one C loop
# (``_cwalks.count_columns``) instead of ``fromiter`` over a ``map`` and ``np.array``.
COMPILED_COUNTS = True
try:  # an extension built before round twenty-two has no tail filler
    from scraper.extractor._ctext import feature_tail as _compiled_tail
except ImportError:
    _compiled_tail = None
# ``block_features``' neighbour, window-mean and bit columns filled in one C loop
# (``_ctext.feature_tail``: copies, sums and one division a row; the numpy columns' bits)
COMPILED_TAIL = True
# An ASCII line's normal form (``clean.normalise_title``) in C (``_cwalks.title_normal``; other
# text goes to ``normalise_title``): ~35 calls a page, a regex substitution and a split each.
try:
    from scraper.extractor._cwalks import title_normal as _compiled_title_normal
except (ImportError, TypeError, ValueError):  # not built
    _compiled_title_normal = None
COMPILED_TITLE_NORMAL = True
_fast_normal = partial(_compiled_title_normal, normalise_title) if _compiled_title_normal else None

_KIND_CODES = {"p": 0, "h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_KIND_CODES.update({"li": 7, "quote": 8, "pre": 9, "row": 10})
_SENTENCE_END = frozenset(".!?:;\"')”’")
_SENTENCE_END_CHARS = "".join(sorted(_SENTENCE_END))  # the same, for ``_ctext.line_columns``

_LINE_NAMES = (
    "log_chars",
    "log_words",
    "link_density",
    "dots_per_word",
    "commas_per_word",
    "ends_sentence",
    "kind",
    "is_heading",
    "in_heuristic",
    "repeats_title",
    "depth",
    "mean_word_length",
    "upper_share",
    "log_duplicates",
    "digit_share",
)
_CONTEXT_NAMES = tuple(
    f"{level}_{what}"
    for level in ("own", "parent", "grandparent")
    for what in ("log_chars", "link_density", "log_lines", "heuristic_share", "log_repeats")
)
_PAGE_NAMES = (
    "position",
    "char_position",
    "page_log_chars",
    "page_log_lines",
    "page_heuristic_share",
    "page_log_heuristic_chars",
    "page_link_density",
)
_NEIGHBOUR_NAMES = tuple(
    f"{side}{step}_{what}"
    for side, step in (("prev", 1), ("next", 1), ("prev", 2), ("next", 2))
    for what in ("log_chars", "link_density", "in_heuristic", "kind")
)
_WINDOW_NAMES = ("window5_heuristic", "window11_heuristic", "window5_link_density")
_BIT_NAMES = tuple(f"anc_bit{i}" for i in range(N_BITS)) + tuple(
    f"near_bit{i}" for i in range(N_BITS)
)
FEATURE_NAMES: tuple[str, ...] = (
    _LINE_NAMES + _CONTEXT_NAMES + _PAGE_NAMES + _NEIGHBOUR_NAMES + _WINDOW_NAMES + _BIT_NAMES
)
# The columns of a context's totals (chars, links, lines, heuristic chars, repeats) that are
# logged and those divided by its characters, in ``_CONTEXT_NAMES``'s order.
_CONTEXT_LOGS = [0, 2, 4]
_CONTEXT_SHARES = [1, 3]
_NEIGHBOUR_FILL = np.array([0.0, 0.0, 0.0, -1.0])  # a missing neighbour's four values


def heuristic_flags(lines: list[Line], heuristic: list[Line]) -> list[bool]:
    """Which page lines the heuristic ladder also kept (matched by text, in order of use)."""
    if COMPILED_FEATURES and _compiled_flags is not None:
        return _compiled_flags(lines, heuristic)  # the loop below, in C
    wanted = Counter(line.text for line in heuristic)
    flags = []
    for line in lines:
        count = wanted.get(line.text, 0)
        if count:
            wanted[line.text] = count - 1
        flags.append(count > 0)
    return flags


def block_features(
    blocks: PageBlocks,
    heuristic: list[Line],
    title: str | None,
    in_heur: list[bool] | None = None,
    reading: LineReading | None = None,
) -> np.ndarray:
    """The feature matrix (lines x ``FEATURE_NAMES``), float32. ``in_heur``: the lines'
    ``heuristic_flags``, ``reading``: their ``line_reading``, when the caller has them."""
    lines = blocks.lines
    contexts = blocks.contexts
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    if in_heur is None:
        in_heur = heuristic_flags(lines, heuristic)
    texts, columns, duplicates = line_reading(lines) if reading is None else reading
    chars, links, kinds, spaces, dots, commas, digits, ends, uppers = columns
    words = spaces + 1.0
    digit_share = np.where(chars < 400, digits / chars, 0.0)
    dup, heur = _count_columns(texts, duplicates, in_heur)
    repeats_title = _repeats_title(texts, kinds, title)
    slotted = None
    if COMPILED_FEATURES and COMPILED_CONTEXT_SLOTS and _slotted_contexts is not None:
        slotted = _slotted_columns(contexts, texts, in_heur)
    if slotted is not None:
        table, depth, inherited, near = slotted
    elif COMPILED_FEATURES and _compiled_contexts is not None:
        table, depth, inherited, near = _compiled_contexts(contexts, texts, in_heur)
    else:
        table, depth, inherited, near = _context_columns(contexts, texts, heur)
    levels_safe = np.maximum(table[:, 0], 1.0)[:, None]
    context_table = np.empty_like(table)
    context_table[:, _CONTEXT_LOGS] = np.log1p(table[:, _CONTEXT_LOGS])
    context_table[:, _CONTEXT_SHARES] = table[:, _CONTEXT_SHARES] / levels_safe

    total = chars.sum()
    safe_chars = np.maximum(chars, 1.0)
    link_density = np.minimum(links / safe_chars, 1.0)
    heur_total = float((chars * heur).sum())
    before = np.cumsum(chars) - chars
    log_chars = np.log1p(chars)
    out = np.empty((n, len(FEATURE_NAMES)), dtype=np.float32)  # filled block by block
    line_cols = [
        log_chars,
        np.log1p(words),
        link_density,
        dots / words,
        commas / words,
        ends,
        kinds,
        ((kinds >= 1) & (kinds <= 6)).astype(np.float64),
        heur,
        repeats_title,
        depth,
        chars / words,
        uppers,
        np.log(dup),
        digit_share,
    ]
    column = len(line_cols)
    out[:, :column] = np.array(line_cols).T  # one (columns, n) copy: no column_stack per column
    # each line's own, parent and grandparent columns, side by side
    out[:, column : column + 15] = context_table.reshape(3, n, 5).transpose(1, 0, 2).reshape(n, 15)
    column += 15
    out[:, column] = np.arange(n) / n
    out[:, column + 1] = before / max(total, 1.0)
    out[:, column + 2 : column + 7] = (
        np.log1p(total),
        np.log1p(n),
        heur_total / max(total, 1.0),
        np.log1p(heur_total),
        links.sum() / max(total, 1.0),
    )
    column += 7
    _fill_tail(out, column, log_chars, link_density, heur, kinds, inherited, near)
    return out


def _fill_tail(
    out: np.ndarray,
    column: int,
    log_chars: np.ndarray,
    link_density: np.ndarray,
    heur: np.ndarray,
    kinds: np.ndarray,
    inherited: np.ndarray,
    near: np.ndarray,
) -> None:
    """``out``'s columns from ``column`` on: the neighbours', the window means and the bits.
    In C when built (``_ctext.feature_tail``, the same bits; ~90 us a page of numpy calls on
    small arrays); the numpy code below otherwise, or for arrays it does not take."""
    if COMPILED_TAIL and _compiled_tail is not None:
        try:
            _compiled_tail(
                out,
                column,
                log_chars,
                link_density,
                heur,
                kinds,
                _NEIGHBOUR_FILL,
                inherited,
                near,
                N_BITS,
            )
            return
        except (ValueError, TypeError):  # another dtype or layout: checked before any write
            pass
    n = len(out)
    # neighbours: rows of (log chars, link density, in heuristic, kind), padded with the fill
    # values two rows each side; the previous line, the next, the second previous, second next
    padded = np.empty((n + 4, 4), dtype=np.float64)
    padded[:2] = padded[n + 2 :] = _NEIGHBOUR_FILL
    padded[2 : n + 2] = np.array((log_chars, link_density, heur, kinds)).T
    for offset in (1, 3, 0, 4):
        out[:, column : column + 4] = padded[offset : offset + n]
        column += 4
    near_rows = _window_bounds(n, 2)  # the same rows for both radius-2 means
    out[:, column] = _window_mean(heur, 2, near_rows)
    out[:, column + 1] = _window_mean(heur, 5)
    out[:, column + 2] = _window_mean(link_density, 2, near_rows)
    column += 3
    bit_positions = np.arange(N_BITS, dtype=np.int64)
    out[:, column : column + N_BITS] = (inherited[:, None] >> bit_positions) & 1
    out[:, column + N_BITS :] = (near[:, None] >> bit_positions) & 1


# A page's lines read once: their texts, ``line_columns``' nine columns and the texts' counts
# (``block_features`` and the path chooser's ``page_features`` both read them)
LineReading = tuple[list[str], Sequence[np.ndarray], Counter[str]]


def line_reading(lines: list[Line]) -> LineReading:
    """The lines' texts, their nine columns (characters, link characters, kind code, spaces,
    dots, commas, digits, sentence end, upper-case start; in C when built) and the count of
    each text. The columns are read, never written, by their users."""
    texts = [line.text for line in lines]
    compiled = COMPILED_FEATURES and _compiled_lines is not None
    columns = _compiled_lines(lines, texts, _KIND_CODES, _SENTENCE_END_CHARS) if compiled else None
    if columns is None:
        columns = _line_columns(lines, texts)
    return texts, columns, Counter(texts)


def _line_columns(lines: list[Line], texts: list[str]) -> tuple[np.ndarray, ...]:
    """Per line: characters, link characters, kind code, spaces, dots, commas, digits,
    sentence end, upper-case start (``_ctext.line_columns`` computes the same in C)."""
    n = len(lines)
    chars = np.fromiter(map(len, texts), np.float64, n)
    links = np.fromiter((line.link_chars for line in lines), np.float64, n)
    kind_code = _KIND_CODES.get
    kinds = np.fromiter((kind_code(line.kind, 0) for line in lines), np.float64, n)
    spaces, dots, commas, digits, ends = _char_counts(texts, chars)
    uppers = np.fromiter((text[0].isupper() for text in texts), np.float64, n)
    return chars, links, kinds, spaces, dots, commas, digits, ends, uppers


def _context_columns(
    contexts: list[Context], texts: list[str], heur: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The (3n, 5) totals of each line's element, parent and grandparent, and the contexts'
    depths, ``inherited`` and ``near`` bits (``_ctext.context_columns`` computes the same)."""
    heur_chars: dict[Context, int] = {}
    for i in np.flatnonzero(heur).tolist():
        size = len(texts[i])
        node = contexts[i]
        for _ in range(3):
            if node is None:
                break
            heur_chars[node] = heur_chars.get(node, 0) + size
            node = node.parent
    # each line's element, its parent and grandparent (the root stands for missing ones);
    # totals are read once per distinct element, then looked up per line in C (``map``)
    levels = [contexts]
    for _ in range(2):
        levels.append([node.parent if node.parent is not None else node for node in levels[-1]])
    heur_of = heur_chars.get
    totals = {
        node: (node.chars, node.links, node.lines, heur_of(node, 0), node.repeats())
        for node in dict.fromkeys(chain.from_iterable(levels))
    }
    # one table for the three levels (rows: all lines' elements, then parents, grandparents):
    # each numpy call then runs once per page, not once per level and column
    table = np.array(list(map(totals.__getitem__, chain.from_iterable(levels))), np.float64)
    depth = np.array([ctx.depth for ctx in contexts], dtype=np.float64)
    inherited = np.array([ctx.inherited for ctx in contexts], dtype=np.int64)
    near = np.array(
        [ctx.own | (ctx.parent.own if ctx.parent is not None else 0) for ctx in contexts],
        dtype=np.int64,
    )
    return table, depth, inherited, near


def _count_columns(
    texts: list[str], duplicates: Counter[str], in_heur: list[bool]
) -> tuple[np.ndarray, np.ndarray]:
    """Each line's text count and ladder flag as float64 columns (in C when built)."""
    n = len(texts)
    if COMPILED_FEATURES and COMPILED_COUNTS and _compiled_counts is not None:
        dup = np.empty(n, dtype=np.float64)
        heur = np.empty(n, dtype=np.float64)
        if _compiled_counts(texts, duplicates, in_heur, dup, heur):
            return dup, heur
    dup = np.fromiter(map(duplicates.__getitem__, texts), np.float64, n)
    return dup, np.array(in_heur, dtype=np.float64)


def _slotted_columns(
    contexts: list[Context], texts: list[str], in_heur: list[bool]
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None:
    """``_context_columns``' four arrays, filled by ``_cwalks.slotted_context_columns``;
    None when a context is not of the block walk's slotted type (read by attribute then)."""
    n = len(contexts)
    table = np.empty((3 * n, 5), dtype=np.float64)
    depth = np.empty(n, dtype=np.float64)
    inherited = np.empty(n, dtype=np.int64)
    near = np.empty(n, dtype=np.int64)
    if not _slotted_contexts(contexts, texts, in_heur, table, depth, inherited, near):
        return None
    return table, depth, inherited, near


def _window_bounds(n: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
    """Each row's window: the first row in it and the row after its last."""
    index = np.arange(n)
    return np.maximum(index - radius, 0), np.minimum(index + radius + 1, n)


def _window_mean(
    column: np.ndarray, radius: int, bounds: tuple[np.ndarray, np.ndarray] | None = None
) -> np.ndarray:
    """Mean of ``column`` over the rows within ``radius`` of each row (``bounds``: that
    radius's ``_window_bounds``, when the caller has them)."""
    padded = np.concatenate([[0.0], np.cumsum(column)])
    low, high = _window_bounds(len(column), radius) if bounds is None else bounds
    return (padded[high] - padded[low]) / (high - low)


_SENTENCE_END_CODES = np.array(sorted(map(ord, _SENTENCE_END)), dtype=np.uint32)


_FEW_LINES = 16  # up to this many lines, ``str.count`` per line beats numpy's fixed costs
_ASCII_DIGITS = str.maketrans("", "", "0123456789")


def _char_counts(texts: list[str], chars: np.ndarray) -> tuple[np.ndarray, ...]:
    """Per line: its spaces, dots, commas and ASCII digits, and whether its last character
    ends a sentence. All lines' code points in one array and running sums read at each line's
    end and start count what ``str.count`` would, with no Python call per line and character;
    a page of few lines (a short post) counts with ``str.count``, which costs less there. The
    last character is tested in Python (``np.isin`` costs ~30 us a call)."""
    n = len(texts)
    if n > _FEW_LINES or not all(texts):
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        ends = np.cumsum(chars).astype(np.intp)
        starts = ends - chars.astype(np.intp)
        counts = []
        for mask in (codes == 32, codes == 46, codes == 44, (codes >= 48) & (codes <= 57)):
            running = np.concatenate([[0], np.cumsum(mask, dtype=np.int64)])
            counts.append((running[ends] - running[starts]).astype(np.float64))
        if not all(texts):  # an empty line reads its neighbour's last code point, as it did
            return (*counts, np.isin(codes[ends - 1], _SENTENCE_END_CODES).astype(np.float64))
    else:
        counts = [
            np.fromiter([text.count(" ") for text in texts], np.float64, n),
            np.fromiter([text.count(".") for text in texts], np.float64, n),
            np.fromiter([text.count(",") for text in texts], np.float64, n),
            np.fromiter(
                [len(text) - len(text.translate(_ASCII_DIGITS)) for text in texts], np.float64, n
            ),
        ]
    last = np.fromiter([text[-1] in _SENTENCE_END for text in texts], np.float64, n)
    return (*counts, last)


def _repeats_title(texts: list[str], kinds: np.ndarray, title: str | None) -> np.ndarray:
    """1.0 for the lines that repeat the page title (headings and short lines whose start is
    in it, normalised as ``clean.drop_title`` compares them)."""
    out = np.zeros(len(texts), dtype=np.float64)
    wanted_title = normalise_title(title) if title else ""
    if not wanted_title:
        return out
    title_folded = title.casefold() if title else ""
    if COMPILED_FEATURES and _compiled_repeats is not None:
        normal = _fast_normal if COMPILED_TITLE_NORMAL and _fast_normal else normalise_title
        return _compiled_repeats(texts, kinds, wanted_title, title_folded, normal)
    for i, (text, kind) in enumerate(zip(texts, kinds.tolist(), strict=True)):
        size = len(text)
        if size < 300 and (1 <= kind <= 6 or (size < 120 and text[:4].casefold() in title_folded)):
            normal = normalise_title(text)
            out[i] = float(bool(normal) and normal in wanted_title)
    return out
