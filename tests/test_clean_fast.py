"""``clean.drop_title`` and ``clean_lines``' boilerplate filter, rewritten for speed, keep the
output of the plain per-line loops they replaced (kept here as the reference)."""

from __future__ import annotations

import random

import pytest

from scraper.extractor import clean, vocab
from scraper.extractor.clean import (
    MAX_LINK_DENSITY,
    SHORT_LINE,
    _without_boilerplate,
    clean_lines,
    drop_title,
    normalise_title,
)
from scraper.extractor.render import Line


def _reference_drop_title(lines: list[Line], title: str | None) -> list[Line]:
    wanted = normalise_title(title) if title else ""
    result: list[Line] = []
    for index, line in enumerate(lines):
        if line.kind.startswith("h") and line.kind != "h1" and index > 2:
            result.append(line)
            continue
        if line.kind == "h1" or (index <= 2 and line.kind.startswith("h")):
            heading = normalise_title(line.text)
            repeats_title = bool(wanted) and heading in wanted
            if heading and (repeats_title or (line.kind == "h1" and index <= 2)):
                continue
        result.append(line)
    return result


def _reference_is_boilerplate(line: Line) -> bool:
    if line.kind == "pre":
        return False
    text = line.text
    if line.link_chars and line.link_density > MAX_LINK_DENSITY:
        return True
    return len(text) < SHORT_LINE and vocab.BOILERPLATE_LINE_RE.match(text) is not None


_KINDS = ("p", "p", "li", "h1", "h2", "h3", "h6", "pre", "quote", "row")
_TEXTS = (
    "",
    " ",
    "My Great Post",
    "my great post!",
    "Great",
    "My Great Post: part two",
    "Share this article",
    "share",
    "Related posts",
    "Click to share on Twitter",
    "A paragraph of prose that runs well past the short-line bound of sixty characters.",
    "—",
    "Ünïcode Tïtle",
    "12 34",
)
_TITLES = (None, "", "My Great Post", "My Great Post | Blog", "Ünïcode Tïtle", "—", "12 34 56")


def _random_lines(rng: random.Random) -> list[Line]:
    lines = []
    for _ in range(rng.randrange(0, 12)):
        text = rng.choice(_TEXTS)
        links = rng.choice((0, 0, 1, len(text) // 2, len(text), len(text) + 3))
        lines.append(Line(text, rng.choice(_KINDS), links))
    return lines


def test_drop_title_matches_the_reference_loop() -> None:
    rng = random.Random(27)
    for _ in range(5000):
        lines = _random_lines(rng)
        title = rng.choice(_TITLES)
        assert drop_title(lines, title) == _reference_drop_title(lines, title)


def test_boilerplate_filter_matches_the_reference_test() -> None:
    rng = random.Random(28)
    for _ in range(3000):
        lines = _random_lines(rng)
        expected = [line for line in lines if not _reference_is_boilerplate(line)]
        assert _without_boilerplate(lines) == expected


def test_drop_title_cases() -> None:
    lines = [
        Line("Other heading", "h2"),
        Line("My Great Post", "h1"),
        Line("Body text", "p"),
        Line("My Great Post", "h2"),
        Line("My Great Post", "h1"),
        Line("Another h1", "h1"),
    ]
    kept = drop_title(lines, "My Great Post")
    # first three: a heading repeating the title and any h1 go; later: only an h1 repeating it
    assert [line.text for line in kept] == [
        "Other heading",
        "Body text",
        "My Great Post",
        "Another h1",
    ]
    assert [line.kind for line in drop_title(lines, None)] == ["h2", "p", "h2", "h1", "h1"]


def test_clean_lines_drops_link_lists_and_share_prompts() -> None:
    lines = [
        Line("Intro paragraph of the post.", "p"),
        Line("Share this article", "p"),
        Line("Home About Contact", "p", link_chars=18),
        Line("share", "pre"),
        Line("Closing words.", "p"),
    ]
    kept, dropped = clean_lines(lines, None)
    assert [line.text for line in kept] == [
        "Intro paragraph of the post.",
        "share",
        "Closing words.",
    ]
    assert dropped


def test_the_compiled_filter_keeps_the_python_loops_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_cwalks.without_boilerplate`` (switch ``clean.COMPILED_FILTER``) keeps the very line
    objects the Python loop keeps: densities at the bar (3 of 5 is 0.6, not over it), empty
    texts with links, "pre" lines, texts at ``SHORT_LINE``'s edge."""
    if clean._compiled_without is None:
        pytest.skip("the extension is not built")
    rng = random.Random(29)
    texts = [*_TEXTS, "", "abcde", "x" * (SHORT_LINE - 1), "Share" + " " * (SHORT_LINE - 5)]
    for _ in range(3000):
        lines = []
        for _ in range(rng.randrange(0, 30)):
            text = rng.choice(texts)
            links = rng.choice((0, 1, 3, len(text) * 3 // 5, len(text), len(text) + 2))
            lines.append(Line(text, rng.choice((*_KINDS, "pre")), links))
        found = []
        for flag in (False, True):
            monkeypatch.setattr(clean, "COMPILED_FILTER", flag)
            found.append([id(line) for line in _without_boilerplate(lines)])
        assert found[0] == found[1]
