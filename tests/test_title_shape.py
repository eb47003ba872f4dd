"""The title ranker's per-candidate shortcuts give the features of the plain loops."""

from __future__ import annotations

import random

from scraper.extractor import titles
from scraper.extractor.titles import _features, _letter_counts, _page_kind, _page_kind_marks


def _loop_counts(text: str) -> tuple[int, int]:
    letters = [char for char in text if char.isalpha()]
    return len(letters), sum(map(str.isupper, letters))


def test_letter_counts_match_the_character_loop() -> None:
    rng = random.Random(7)
    texts = ["", "abc", "ABC def 123 -- x", "Ärger über Öl", "ǅungla", "A\u00aaB", "ΣΑΣ σας"]
    texts += ["".join(chr(rng.randrange(128)) for _ in range(40)) for _ in range(3000)]
    texts += ["".join(chr(rng.randrange(0x250)) for _ in range(30)) for _ in range(1000)]
    for text in texts:
        assert _letter_counts(text) == _loop_counts(text), text


def test_page_kind_marks_read_the_page_once() -> None:
    page = {"page:url:post": 1.0, "page:catalogue": 0.5, "page:h1_late": 1.0, "page:url:docs": 1.0}
    marks = {"whole:h1": 1.0, "rest:title": 1.0}
    crossed = _page_kind_marks(marks, _page_kind(page))
    assert list(crossed) == [
        "whole:h1&post",
        "whole:h1&shop",
        "whole:h1&plain",
        "whole:h1&h1_main",
        "whole:h1&docs",
        "rest:title&post",
        "rest:title&shop",
        "rest:title&plain",
        "rest:title&h1_main",
        "rest:title&docs",
        "h1_late",
    ]
    assert crossed["whole:h1&shop"] == 0.5 and crossed["whole:h1&plain"] == 0.0
    assert _page_kind_marks({"part:og": 1.0}, _page_kind(page)) == {}


def test_features_alone_equal_features_given_the_page_share() -> None:
    sources = [
        ("title", "Pruning Roses in WINTER | Garden Blog"),
        ("h1", "Pruning Roses in WINTER"),
    ]
    choice = titles.choose_title(
        sources, ["Garden Blog"], "garden.example", page={"page:url:post": 1.0}
    )
    seen = [("title", "pruning roses in winter garden blog", frozenset())]
    alone = _features(
        "pruning roses in winter",
        "Pruning Roses in WINTER",
        {"pruning roses in winter": 2.0, "garden blog": 1.0},
        {"whole:h1": 1.0},
        "pruning roses in winter",
        {"garden blog"},
        [],
        seen,
        {"page:url:post": 1.0},
    )
    assert alone["upper_ratio"] == 8 / 20 and alone["whole:h1&post"] == 1.0
    assert choice.title == "Pruning Roses in WINTER"
