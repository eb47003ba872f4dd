"""The body model's block features with their per-line and per-context columns read in C
(``_ctext.line_columns``, ``_ctext.context_columns``) are the Python code's bit for bit: on the
fixture pages (fresh trees each way, so the lazy ``own`` / ``inherited`` bits are read by the
code under test), on random lines (Unicode digits and capitals, astral characters, every
sentence end) and on random context trees. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import features
from scraper.extractor.blocks import Context
from scraper.extractor.body import analyse_page
from scraper.extractor.parse import parse_tree
from scraper.extractor.render import Line

compiled = pytest.importorskip("scraper.extractor._ctext")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PAGES = FIXTURES / "pages"
SITES = FIXTURES / "sites"  # the dev sites' built pages, where they are linked in
KINDS = ("p", "h1", "h2", "h3", "h6", "li", "quote", "pre", "row", "other")
CHARS = " .,0123456789aZÀéßΣσ٣۵ﾟ𝐀😀!?:;\"')”’\u00a0\u2003-"


def _page_features(html: str, compiled_on: bool, monkeypatch: pytest.MonkeyPatch) -> np.ndarray:
    monkeypatch.setattr(features, "COMPILED_FEATURES", compiled_on)
    root = parse_tree(html)
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    assert page.blocks is not None
    return page.features()


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    pages += sorted(SITES.rglob("*.html"))[::6] if SITES.is_dir() else []
    read = 0
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        plain = _page_features(html, False, monkeypatch)
        fast = _page_features(html, True, monkeypatch)
        assert fast.dtype == plain.dtype and fast.shape == plain.shape
        assert fast.tobytes() == plain.tobytes(), path.name
        read += len(plain) > 0
    assert read >= 6


def _random_text(rng: random.Random) -> str:
    return "".join(rng.choice(CHARS) for _ in range(rng.randint(1, 60)))


def test_line_columns_on_random_lines() -> None:
    rng = random.Random(7)
    for n in (1, 2, 5, 16, 17, 40, 200):
        lines = [Line(_random_text(rng), rng.choice(KINDS), rng.randint(0, 80)) for _ in range(n)]
        texts = [line.text for line in lines]
        fast = compiled.line_columns(
            lines, texts, features._KIND_CODES, features._SENTENCE_END_CHARS
        )
        plain = features._line_columns(lines, texts)
        assert fast.shape == (9, n)
        for row, column in zip(fast, plain, strict=True):
            assert row.tobytes() == np.asarray(column, dtype=np.float64).tobytes()


def test_line_columns_leave_an_empty_line_to_python() -> None:
    lines = [Line("One."), Line(""), Line("Two")]
    texts = [line.text for line in lines]
    assert compiled.line_columns(lines, texts, features._KIND_CODES, ".") is None


def _random_contexts(rng: random.Random, count: int) -> list[Context]:
    root = Context(None, None, 0)
    nodes = [root]
    for _ in range(count):
        parent = rng.choice(nodes)
        node = Context(None, parent, parent.depth + 1, rng.choice(("div a", "div b", "p ", "li x")))
        node.chars = rng.randint(0, 500)
        node.links = rng.randint(0, 100)
        node.lines = rng.randint(0, 9)
        if rng.random() < 0.5:  # some bits already read, others left to the lazy properties
            node._own = rng.randint(0, 1 << 20)
        nodes.append(node)
    return nodes


def test_context_columns_on_random_trees() -> None:
    rng = random.Random(11)
    for size in (1, 3, 30, 300):
        nodes = _random_contexts(rng, size)
        n = rng.randint(1, 3 * size)
        contexts = [rng.choice(nodes) for _ in range(n)]
        texts = [_random_text(rng) for _ in range(n)]
        flags = [rng.random() < 0.4 for _ in range(n)]
        plain = features._context_columns(contexts, texts, np.array(flags, dtype=np.float64))
        fast = compiled.context_columns(contexts, texts, flags)
        for a, b in zip(fast, plain, strict=True):
            assert a.dtype == b.dtype and a.shape == b.shape
            assert a.tobytes() == b.tobytes()


_TAGS = ("div", "section", "article", "p", "ul", "li", "h2", "h3", "a", "span", "table", "tr", "td")
_CLASSES = (
    "",
    "post",
    "entry-content",
    "sidebar",
    "nav menu",
    "comment",
    "share",
    "footer",
    "card",
)


def _random_page(rng: random.Random) -> str:
    parts = ["<html><head><title>", _random_text(rng), "</title></head><body>"]
    open_tags: list[str] = []
    for _ in range(rng.randint(5, 120)):
        roll = rng.random()
        if roll < 0.45 or not open_tags:
            tag = rng.choice(_TAGS)
            cls = rng.choice(_CLASSES)
            parts.append(f'<{tag} class="{cls}">' if cls else f"<{tag}>")
            open_tags.append(tag)
        elif roll < 0.75:
            parts.append(_random_text(rng).replace("<", " "))
        else:
            parts.append(f"</{open_tags.pop()}>")
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    parts.append("</body></html>")
    return "".join(parts)


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(3)
    read = 0
    for _ in range(300):
        html = _random_page(rng)
        plain = _page_features(html, False, monkeypatch)
        fast = _page_features(html, True, monkeypatch)
        assert fast.tobytes() == plain.tobytes() and fast.shape == plain.shape
        read += len(plain) > 0
    assert read > 200


def test_heuristic_flags_on_random_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    words = ("A", "B", "C", "Menu", "Posted by X", "Ä", "😀")
    for size in (0, 1, 4, 30, 200):
        lines = [Line(rng.choice(words)) for _ in range(size)]
        heuristic = [Line(rng.choice(words)) for _ in range(rng.randint(0, size + 3))]
        monkeypatch.setattr(features, "COMPILED_FEATURES", False)
        plain = features.heuristic_flags(lines, heuristic)
        monkeypatch.setattr(features, "COMPILED_FEATURES", True)
        fast = features.heuristic_flags(lines, heuristic)
        assert fast == plain and all(type(flag) is bool for flag in fast)


def test_path_choice_page_features_read_the_same_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.extractor import pathchoice

    rng = random.Random(9)
    for n in (1, 3, 17, 120):
        lines = [Line(_random_text(rng), rng.choice(KINDS), rng.randint(0, 30)) for _ in range(n)]
        if n == 3:
            lines[1] = Line("")  # an empty line: the Python reading
        scores = np.array([rng.random() for _ in range(n)])
        masks = {
            name: np.array([rng.random() < 0.5 for _ in range(n)])
            for name in pathchoice._CANDIDATES
        }
        found = []
        for flag in (False, True):
            monkeypatch.setattr(features, "COMPILED_FEATURES", flag)
            found.append(
                pathchoice.page_features(
                    lines, scores, masks, declared=True, gaps=False, pruned_share=0.3, branch=1
                ).tobytes()
            )
        assert found[0] == found[1]


def _title_case(title: str | None, texts: list[str], kinds: list[float]) -> None:
    array = np.array(kinds, dtype=np.float64)
    features.COMPILED_FEATURES = False
    try:
        plain = features._repeats_title(texts, array, title)
    finally:
        features.COMPILED_FEATURES = True
    fast = features._repeats_title(texts, array, title)
    assert fast.dtype == plain.dtype and fast.tobytes() == plain.tobytes(), (title, texts)


def test_repeats_title_as_the_python_loop() -> None:
    """``_ctext.repeats_title`` (the ASCII prefix test in C) flags the lines the Python loop
    flags: casefolds that grow (ß, ﬁ) or differ from ``lower`` (İ, Σ), prefixes shorter than
    four characters, the 120/300 character bounds, headings and other kinds, odd titles."""
    titles = ["The Big Story: Part 2", "STRASSE ﬁnal", "Straße", "İstanbul", "ΣΟΦΙΑ", "a", "?!"]
    texts = ["The Big Story", "the b", "Th", "T", "STR", "Straße", "straSSE final", "İst", "σοφ"]
    texts += ["x" * 119, "The " + "x" * 116, "The " + "x" * 200, "The " + "x" * 296, "big story"]
    for title in [*titles, None, ""]:
        for kind in (0.0, 1.0, 6.0, 7.0, 10.0):
            _title_case(title, texts, [kind] * len(texts))
    rng = random.Random(11)
    alphabet = "aAbBsSßtT İıΣσς ﬁ:2"
    for _ in range(400):
        title = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 8))) for _ in range(20)]
        kinds = [float(rng.choice((0, 1, 3, 6, 7, 9))) for _ in texts]
        _title_case(title, texts, kinds)
