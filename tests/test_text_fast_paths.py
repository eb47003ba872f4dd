"""The text path's fast paths, each pinned to the plain computation it replaced."""

from __future__ import annotations

import operator
import sys

import numpy as np

from scraper.extractor.textlines import (
    _SPACE_RUN_RE,
    _normalise,
    _rejoin,
    _right_stripped_lines,
    _wrap_width,
)


def _random_texts(rng: np.random.Generator, count: int, alphabet: list[str]) -> list[str]:
    return ["".join(rng.choice(alphabet, size=int(rng.integers(0, 12)))) for _ in range(count)]


def test_a_normalised_dumps_only_whitespace_is_the_space_and_the_line_end() -> None:
    # What lets ``_right_stripped_lines`` skip the per-line strip: every character str.rstrip
    # would take is a space or a line end once normalised.
    spaces = [chr(code) for code in range(sys.maxunicode + 1) if chr(code).isspace()]
    assert len(spaces) > 20
    for space in spaces:
        normalised = _normalise(f"a{space}b")
        assert {c for c in normalised if c.isspace()} <= {" ", "\n"}, repr(space)


def test_right_stripped_lines_equal_each_line_stripped() -> None:
    rng = np.random.default_rng(9)
    alphabet = ["a", " ", "\n", "\t", "\xa0", "\u2003", "\r", "\x0b", "\u3000", "\x85", "é"]
    texts = ["", " ", "\n", "a \n", "a\n ", "a", " a", "a\n\nb  "]
    texts += [_normalise(t) for t in _random_texts(rng, 3000, alphabet)]
    for text in texts:
        assert _right_stripped_lines(text) == list(map(str.rstrip, text.split("\n"))), repr(text)


def _wrap_width_by_sorting(length: np.ndarray) -> int:
    """``_wrap_width`` as first written: the whole sorted array, then the element."""
    lengths = np.sort(length[length > 0])
    if not len(lengths):
        return 0
    long_lines = int((lengths > 110).sum())
    if long_lines > 0.05 * len(lengths) or long_lines >= 3:
        return 0
    body = lengths[len(lengths) // 2 :]
    return int(body[min(len(body) - 1, int(len(body) * 0.97))])


def test_the_wrap_width_by_partition_equals_the_sorted_definition() -> None:
    rng = np.random.default_rng(4)
    checked = 0
    for size in [*range(0, 40), *rng.integers(40, 3000, size=300).tolist()]:
        length = rng.integers(0, 100, size=size)
        if size:  # up to three long lines (URLs): three or a large share leave no width
            length[rng.integers(0, size, size=int(rng.integers(0, 4)))] = 150
        width = _wrap_width(length)
        assert width == _wrap_width_by_sorting(length)
        checked += width > 0
    assert checked > 200


def test_rejoin_equals_each_line_with_its_separator_added_then_joined() -> None:
    rng = np.random.default_rng(6)
    for _ in range(500):
        lines = _random_texts(rng, int(rng.integers(1, 40)), ["a", "b", "é", "’", "."])
        cont = rng.random(len(lines)) < 0.6
        cont[0] = bool(rng.integers(0, 2))  # the first separator is dropped whatever it is
        separators = ["\n" if not joined else " " for joined in cont.tolist()]
        expected = "".join(map(operator.add, separators, lines))[1:]
        assert _rejoin(lines, np.flatnonzero(~cont)) == expected


def test_one_pass_over_space_runs_equals_replacing_pairs_until_none_is_left() -> None:
    rng = np.random.default_rng(8)
    for text in [
        "",
        " ",
        "  ",
        "a  b",
        "a" + " " * 17 + "b\n  c",
        *_random_texts(rng, 3000, [" ", " ", "a", "\n"]),
    ]:
        expected = text.replace("        ", " ")
        while "  " in expected:
            expected = expected.replace("  ", " ")
        assert _SPACE_RUN_RE.sub(" ", text) == expected
