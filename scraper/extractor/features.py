"""Block features for the body model: one row of numbers per rendered line of the page.

What a line says by itself (length, link share, punctuation, kind), where it sits (depth,
position, the text and link totals of its element and two ancestors), what its element and
ancestors are called (tag and class/id word groups, as bits), whether the heuristic ladder kept
it, its neighbours, and a few page-level totals. The names in ``FEATURE_NAMES`` document the
columns; the training script and the model file carry them so a mismatch is caught at load.
"""

from __future__ import annotations

import math
from collections import Counter
from itertools import chain

import numpy as np

from scraper.extractor.blocks import N_BITS, Context, PageBlocks
from scraper.extractor.clean import normalise_title
from scraper.extractor.render import Line

_KIND_CODES = {"p": 0, "h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_KIND_CODES.update({"li": 7, "quote": 8, "pre": 9, "row": 10})
_SENTENCE_END = frozenset(".!?:;\"')”’")

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
# Repeated items (a listing's cards, a thread's posts, a product page's related products): the
# nearest and the outermost ancestor (up to ``_ITEM_LEVELS`` up) that is one of 3+ siblings of
# the same tag and class holding text, and what that item group and the line's FIELD in it (the
# same path of tag+class below the item) look like across the items.
_ITEM_WHAT = (
    "levels",
    "log_members",
    "group_share",
    "group_rank",
    "group_link_density",
    "group_heuristic_share",
    "log_item_lines",
    "length_spread",
    "line_position",
    "first_line",
    "line_share",
    "field_coverage",
    "field_distinct",
    "field_log_chars",
    "field_link_density",
)
_ITEM_NAMES = tuple(f"item{which}_{what}" for which in ("near", "far") for what in _ITEM_WHAT)
FEATURE_NAMES: tuple[str, ...] = (
    _LINE_NAMES
    + _CONTEXT_NAMES
    + _PAGE_NAMES
    + _NEIGHBOUR_NAMES
    + _WINDOW_NAMES
    + _BIT_NAMES
    + _ITEM_NAMES
)
_ITEM_LEVELS = 6
_ITEM_MIN_MEMBERS = 3
_ITEM_KEYS: dict[str, str] = {}


def _item_key(signature: str) -> str:
    """An element's tag and first class word without its digits: sibling items share it where
    their full class strings differ (``menu-item-123``, ``post-45 status-publish``)."""
    key = _ITEM_KEYS.get(signature)
    if key is None:
        tag, _, classes = signature.partition(" ")
        words = classes.split()
        first = words[0].translate(_ASCII_DIGITS_OUT) if words else ""
        key = _ITEM_KEYS[signature] = f"{tag} {first}"
    return key


# The columns of a context's totals (chars, links, lines, heuristic chars, repeats) that are
# logged and those divided by its characters, in ``_CONTEXT_NAMES``'s order.
_CONTEXT_LOGS = [0, 2, 4]
_CONTEXT_SHARES = [1, 3]
_ASCII_DIGITS_OUT = str.maketrans("", "", "0123456789")
_NEIGHBOUR_FILL = np.array([0.0, 0.0, 0.0, -1.0])  # a missing neighbour's four values


def heuristic_flags(lines: list[Line], heuristic: list[Line]) -> list[bool]:
    """Which page lines the heuristic ladder also kept (matched by text, in order of use)."""
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
) -> np.ndarray:
    """The feature matrix (lines x ``FEATURE_NAMES``), float32. ``in_heur``: the lines'
    ``heuristic_flags`` when the caller has them already."""
    lines = blocks.lines
    contexts = blocks.contexts
    n = len(lines)
    if n == 0:
        return np.zeros((0, len(FEATURE_NAMES)), dtype=np.float32)
    if in_heur is None:
        in_heur = heuristic_flags(lines, heuristic)
    texts = [line.text for line in lines]
    chars = np.fromiter(map(len, texts), np.float64, n)
    links = np.fromiter((line.link_chars for line in lines), np.float64, n)
    kind_code = _KIND_CODES.get
    kinds = np.fromiter((kind_code(line.kind, 0) for line in lines), np.float64, n)
    spaces, dots, commas, digits, ends = _char_counts(texts, chars)
    words = spaces + 1.0
    digit_share = np.where(chars < 400, digits / chars, 0.0)
    duplicates = Counter(texts)
    dup = np.fromiter(map(duplicates.__getitem__, texts), np.float64, n)
    uppers = np.fromiter((text[0].isupper() for text in texts), np.float64, n)
    repeats_title = _repeats_title(texts, kinds, title)
    heur = np.array(in_heur, dtype=np.float64)
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
    levels_safe = np.maximum(table[:, 0], 1.0)[:, None]
    context_table = np.empty_like(table)
    context_table[:, _CONTEXT_LOGS] = np.log1p(table[:, _CONTEXT_LOGS])
    context_table[:, _CONTEXT_SHARES] = table[:, _CONTEXT_SHARES] / levels_safe
    depth = np.array([ctx.depth for ctx in contexts], dtype=np.float64)
    inherited = np.array([ctx.inherited for ctx in contexts], dtype=np.int64)
    near = np.array(
        [ctx.own | (ctx.parent.own if ctx.parent is not None else 0) for ctx in contexts],
        dtype=np.int64,
    )

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
    out[:, column + N_BITS : column + 2 * N_BITS] = (near[:, None] >> bit_positions) & 1
    column += 2 * N_BITS
    out[:, column:] = _item_columns(texts, contexts, chars, links, heur, [ln.kind for ln in lines])
    return out


def _item_columns(
    texts: list[str],
    contexts: list[Context],
    chars: np.ndarray,
    links: np.ndarray,
    heur: np.ndarray,
    kinds: list[str],
) -> np.ndarray:
    """The ``_ITEM_NAMES`` columns: each line's repeated item (nearest and outermost), the item
    group's size, share and shape, and the line's field across the group's items.

    Why: items of one shape are content on a listing, a collection or a thread and furniture on
    a product page (related products, reviews); what tells them apart is how the items look as
    a group (how much of the page, how alike in length, how linked) and what the line is inside
    its item (its title, a field whose text every item repeats such as "Add to cart", a long
    varying description)."""
    n = len(texts)
    width = len(_ITEM_WHAT)
    out = np.zeros((n, 2 * width), dtype=np.float64)
    # each line's chain of elements, its own first, up to _ITEM_LEVELS ancestors
    chains: list[list[Context]] = []
    members: dict[tuple[int, str], dict[int, Context]] = {}
    for ctx in contexts:
        chain_ = []
        node: Context | None = ctx
        while node is not None and node.parent is not None and len(chain_) <= _ITEM_LEVELS:
            chain_.append(node)
            key = (id(node.parent), _item_key(node.signature))
            group = members.get(key)
            if group is None:
                members[key] = {id(node): node}
            else:
                group[id(node)] = node
            node = node.parent
        chains.append(chain_)
    total = max(float(chars.sum()), 1.0)
    char_list = chars.tolist()
    link_list = links.tolist()
    heur_list = heur.tolist()
    picks: list[list[int]] = [[-1, -1] for _ in range(n)]
    for i, chain_ in enumerate(chains):
        levels = [
            level
            for level, node in enumerate(chain_)
            if len(members[(id(node.parent), _item_key(node.signature))]) >= _ITEM_MIN_MEMBERS
        ]
        if levels:
            picks[i] = [levels[0], levels[-1]]
    for which in range(2):
        base = which * width
        # per item (the chosen ancestor): its lines in page order; per group: its items
        item_lines: dict[int, list[int]] = {}
        item_group: dict[int, tuple[int, str]] = {}
        fields: dict[int, tuple] = {}
        for i in range(n):
            level = picks[i][which]
            if level < 0:
                continue
            chain_ = chains[i]
            item = chain_[level]
            item_lines.setdefault(id(item), []).append(i)
            item_group[id(item)] = (id(item.parent), _item_key(item.signature))
            fields[i] = (
                tuple(_item_key(node.signature) for node in chain_[:level]),
                kinds[i],
            )
        if not item_lines:
            continue
        group_items: dict[tuple[int, str], list[int]] = {}
        for item_id, key in item_group.items():
            group_items.setdefault(key, []).append(item_id)
        group_stats: dict[tuple[int, str], tuple[float, ...]] = {}
        for key, items in group_items.items():
            rows = [i for item_id in items for i in item_lines[item_id]]
            sizes = [sum(char_list[i] for i in item_lines[item_id]) for item_id in items]
            group_chars = float(sum(sizes))
            safe = max(group_chars, 1.0)
            mean = group_chars / len(items)
            spread = (sum((size - mean) ** 2 for size in sizes) / len(items)) ** 0.5
            group_stats[key] = (
                math.log1p(len(items)),
                group_chars / total,
                sum(link_list[i] for i in rows) / safe,
                sum(char_list[i] for i in rows if heur_list[i]) / safe,
                math.log1p(len(rows) / len(items)),
                spread / max(mean, 1.0),
            )
        largest = max(stats[1] for stats in group_stats.values())
        # per field of a group: the items holding it, its texts, chars and link chars
        field_stats: dict[tuple, list] = {}
        for i, field in fields.items():
            item = chains[i][picks[i][which]]
            key = (item_group[id(item)], field)
            stats = field_stats.get(key)
            if stats is None:
                stats = field_stats[key] = [set(), set(), 0.0, 0.0, 0]
            stats[0].add(id(item))
            stats[1].add(texts[i])
            stats[2] += char_list[i]
            stats[3] += link_list[i]
            stats[4] += 1
        for item_id, rows in item_lines.items():
            key = item_group[item_id]
            members_, share, link_density, heur_share, log_lines, spread = group_stats[key]
            item_total = max(float(sum(char_list[i] for i in rows)), 1.0)
            count = len(rows)
            n_items = len(group_items[key])
            for position, i in enumerate(rows):
                stats = field_stats[(key, fields[i])]
                out[i, base : base + width] = (
                    picks[i][which] + 1,
                    members_,
                    share,
                    share / max(largest, 1e-9),
                    link_density,
                    heur_share,
                    log_lines,
                    spread,
                    position / count,
                    float(position == 0),
                    char_list[i] / item_total,
                    len(stats[0]) / n_items,
                    len(stats[1]) / stats[4],
                    math.log1p(stats[2] / stats[4]),
                    stats[3] / max(stats[2], 1.0),
                )
    return out


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
    for i, (text, kind) in enumerate(zip(texts, kinds.tolist(), strict=True)):
        size = len(text)
        if size < 300 and (1 <= kind <= 6 or (size < 120 and text[:4].casefold() in title_folded)):
            normal = normalise_title(text)
            out[i] = float(bool(normal) and normal in wanted_title)
    return out
