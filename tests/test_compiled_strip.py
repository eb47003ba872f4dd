"""``drop_never_text`` with its wrapper test read in C before stripping
(``_cwalks.wrapped_chars``, one strip where the test says no) leaves the same tree as the two
Python passes, on the fixture pages, on edge cases (pages served inside wrappers, nested and
stripped wrappers, tails) and on random pages; the counts are the Python ones. Skipped where
the extension is not built."""

from __future__ import annotations

import copy
import random
from pathlib import Path

import pytest
from lxml import etree
from randompages import random_page

from scraper.extractor import prune, vocab
from scraper.extractor.parse import element_text, parse_tree
from scraper.extractor.prune import drop_never_text, wrapped_text_chars

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _counts(top: etree._Element) -> tuple[int, int] | None:
    return compiled.wrapped_chars(top, prune._INVISIBLE_NAMES, prune._STRUCTURAL_NAMES)


def _same(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> bytes:
    top = root.find("body")
    top = top if top is not None else root
    counts = _counts(top)
    stripped = copy.deepcopy(top)  # the tree the Python test reads
    etree.strip_elements(stripped, *vocab.INVISIBLE_TAGS, with_tail=False)
    plain = copy.deepcopy(root)
    monkeypatch.setattr(prune, "COMPILED_STRIP", False)
    drop_never_text(plain)
    monkeypatch.setattr(prune, "COMPILED_STRIP", True)
    drop_never_text(root)
    assert etree.tostring(root) == etree.tostring(plain)
    if counts is not None:
        assert counts == (wrapped_text_chars(stripped), len(element_text(stripped)))
    return etree.tostring(root)


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> bytes:
    root = parse_tree(html if "<html>" in html else f"<html><body>{html}</body></html>")
    assert root is not None
    return _same(root, monkeypatch)


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is not None:
            _same(root, monkeypatch)


_STORY = "<p>" + "A sentence of the story. " * 30 + "</p>"


@pytest.mark.parametrize(
    "html",
    [
        _STORY,
        f"<nav>{_STORY}</nav>",  # a page served inside a wrapper: the wrapper stays
        f"<noscript>{_STORY}</noscript><p>short</p>",
        f"<nav>{_STORY}</nav>" + "<p>other text</p>" * 20,
        f"<nav><script>var x = 1;</script>{_STORY}</nav>tail",
        f"<aside><nav>{_STORY}</nav>{_STORY}</aside>",  # nested wrappers: counted once
        f"<nav></nav>{_STORY}<footer>© 2024</footer>",
        f"<svg><nav>{_STORY}</nav></svg>text",  # a wrapper inside a stripped element
        f"<div><script>x</script>tail one<style>y</style>tail two{_STORY}</div>",
        f"<nav>{'é' * 600}</nav>",
        f"<nav>{' ' * 600}</nav>",
        "<p>tiny</p><nav>menu</nav>",
        "<html><head><title>t</title></head><nav>" + _STORY + "</nav></html>",  # no <body>?
    ],
)
def test_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(html, monkeypatch)


def test_wrapped_page_keeps_its_wrapper(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _check(f"<nav><script>s</script>{_STORY}</nav>", monkeypatch)
    assert b"<nav>" in out and b"<script>" not in out


def test_unmodelled_trees_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(f"<html><body>{_STORY}<nav>menu</nav></body></html>")
    assert root is not None
    etree.SubElement(root.find("body"), "{urn:x}nav").text = "x"
    assert _counts(root.find("body")) is None
    _same(root, monkeypatch)
    root = parse_tree(f"<html><body>{_STORY}</body></html>")
    assert root is not None
    root.find("body/p").append(etree.Entity("amp"))
    assert _counts(root.find("body")) is None
    _same(root, monkeypatch)


_TAGS = ["p", "div", "nav", "aside", "footer", "script", "svg", "noscript", "span", "button"]
_TAGS += ["label", "menu", "style", "video", "section", "input"]
_TEXTS = ["", " ", "word", "é" * 50, "A sentence of prose. " * 8, "\n"]


def _element(rng: random.Random) -> tuple[str, str]:
    tag = rng.choice(_TAGS)
    return tag, f"<{tag}>{rng.choice(_TEXTS)}"


def _random_page(rng: random.Random) -> str:
    return random_page(rng, _element, after_close=lambda rng: rng.choice(_TEXTS))


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    for _ in range(400):
        _check(_random_page(rng), monkeypatch)


def test_counts_multibyte_text_at_every_word_offset() -> None:
    """The code-point count reads eight UTF-8 bytes at a time: texts of every length up to
    a few words, with one- to four-byte characters at every offset, count as ``len()``."""
    rng = random.Random(22)
    alphabet = ["a", " ", "\n", "é", "ß", "\u00a0", "€", "中", "\u2028", "😀", "\U0001d11e"]
    for length in range(0, 40):
        for _ in range(6):
            text = "".join(rng.choice(alphabet) for _ in range(length))
            inner = "".join(rng.choice(alphabet) for _ in range(rng.randrange(20)))
            root = parse_tree(f"<html><body><div>x{text}<nav>{inner}</nav></div></body></html>")
            assert root is not None
            body = root.find("body")
            nav = body.find(".//nav")
            assert _counts(body) == (len(element_text(nav)), len(element_text(body)))
