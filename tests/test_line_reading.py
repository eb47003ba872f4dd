"""The page lines read once (``features.line_reading``, ``PageAnalysis.reading()``) give the
path chooser's signals and the expected-F1 cut exactly what they computed from the lines."""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import body, features
from scraper.extractor.model import shipped_model
from scraper.extractor.parse import parse_tree
from scraper.extractor.pathchoice import page_features, shipped_chooser
from scraper.extractor.render import Line

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _pages() -> list[body.PageAnalysis]:
    found = []
    for path in sorted(PAGES.rglob("*.html")):
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is not None:
            page = body.analyse_page(root, all_blocks=True)
            if page.blocks is not None and page.blocks.lines:
                found.append(page)
    assert found
    return found


def _random_lines(rng: random.Random, n: int) -> list[Line]:
    words = ["a", "b.", "c,", "12", "Zed", "é", " ", "  ", "x y", "\u00a0", "\U0001f600", "."]
    lines = []
    for _ in range(n):
        text = "".join(rng.choice(words) for _ in range(rng.randint(1, 12)))
        kind = rng.choice(["p", "h1", "h3", "li", "row", "pre", "quote"])
        lines.append(Line(text, kind, rng.randint(0, len(text))))
    for _ in range(n // 4):  # repeated texts
        lines.append(rng.choice(lines))
    return lines


def test_signals_and_cut_are_the_same_with_the_reading() -> None:
    model = shipped_model()
    if model is None:
        pytest.skip("no shipped block model")
    for page in _pages():
        lines = page.blocks.lines
        scores = model.scores(page.features())
        masks = {
            "ladder": np.array(page.in_ladder(), dtype=bool),
            "now": scores >= 0.5,
            "model": scores >= 0.3,
        }
        args = {"declared": page.declared_article, "gaps": page.ladder_gaps, "branch": 1}
        plain = page_features(lines, scores, masks, pruned_share=0.4, **args)
        read = page_features(lines, scores, masks, pruned_share=0.4, reading=page.reading(), **args)
        assert plain.tobytes() == read.tobytes()
        for threshold in (0.2, 0.5, 0.8):
            cut = body.expected_f1_lines(lines, scores, threshold)
            assert np.array_equal(
                cut, body.expected_f1_lines(lines, scores, threshold, body._spaces(page))
            )


def test_random_lines_read_as_before() -> None:
    rng = random.Random(7)
    for n in (1, 2, 5, 17, 40, 200):
        lines = _random_lines(rng, n)
        scores = np.array([rng.random() for _ in lines])
        masks = {
            name: scores >= cut for name, cut in (("ladder", 0.7), ("now", 0.5), ("model", 0.2))
        }
        reading = features.line_reading(lines)
        texts, columns, counts = reading
        assert texts == [line.text for line in lines]
        assert counts == Counter(texts)
        assert np.array_equal(columns[3], [text.count(" ") for text in texts])
        args = {"declared": True, "gaps": False, "pruned_share": 0.1, "branch": 2}
        plain = page_features(lines, scores, masks, **args)
        assert (
            plain.tobytes()
            == page_features(lines, scores, masks, reading=reading, **args).tobytes()
        )
        cut = body.expected_f1_lines(lines, scores, 0.5)
        assert np.array_equal(cut, body.expected_f1_lines(lines, scores, 0.5, columns[3]))


def test_the_reading_is_not_written() -> None:
    page = _pages()[0]
    columns = page.reading()[1]
    before = [np.array(column, copy=True) for column in columns]
    model = shipped_model()
    if model is not None:
        body.choose_path(
            page, model.scores(page.features()), model.threshold_keep, shipped_chooser()
        )
    assert page.reading()[1] is columns
    assert all(np.array_equal(a, b) for a, b in zip(before, columns, strict=True))
