"""The compiled container vote (``_cwalks.container_scores``) changes no result:
``score_containers`` gives the same dict (the same elements, in the same order, with the same
float bits) with and without it, on the fixture pages (raw and pruned, from every scored
element as the root), on edge cases (Unicode whitespace, tails, inline children, code, the
pruning placeholder) and on random pages; where it does not model the tree it gives None and
the Python loop runs. Skipped where the extension is not built."""

from __future__ import annotations

import random
import struct
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import candidates, vocab
from scraper.extractor.candidates import score_containers
from scraper.extractor.parse import parse_tree
from scraper.extractor.prune import (
    PLACEHOLDER_TAG,
    PruneLog,
    drop_never_text,
    scan_boilerplate,
    swap_out,
)

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _bits(scores: dict[etree._Element, float]) -> list[tuple[int, bytes]]:
    return [(id(el), struct.pack("<d", value)) for el, value in scores.items()]


def _same(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> dict[etree._Element, float]:
    monkeypatch.setattr(candidates, "COMPILED_SCORES", False)
    plain = score_containers(root)
    monkeypatch.setattr(candidates, "COMPILED_SCORES", True)
    fast = compiled.container_scores(
        root, PLACEHOLDER_TAG.encode(), candidates.MAX_CODE_WEIGHT, candidates.ANCESTOR_WEIGHTS
    )
    assert fast is not None
    assert _bits(fast) == _bits(plain)  # the same elements, order and float bits
    assert _bits(score_containers(root)) == _bits(plain)
    return plain


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> dict[etree._Element, float]:
    root = parse_tree(html if "<html>" in html else f"<html><body>{html}</body></html>")
    assert root is not None
    return _same(root, monkeypatch)


def test_the_compiled_thresholds_are_the_python_ones() -> None:
    """The C vote spells these numbers out: a change here must change ``_cwalks.pyx`` too."""
    assert candidates.MIN_PARAGRAPH_CHARS == 25
    assert set(candidates._SCORED_TAGS) == {
        *("p", "pre", "blockquote", "td", "dd", "li", "div", "section", "span", "article"),
        *("font", "h2", "h3"),
    }
    assert {"div", "section", "span", "article", "font"} == candidates._OWN_TEXT_TAGS
    assert {"td", "li", "dd", "blockquote"} == candidates._NESTING_TAGS
    assert {"pre", "code"} == candidates._CODE_TAGS
    assert {
        *("span", "font", "b", "i", "em", "strong", "a", "u", "small", "big"),
    } == candidates._INLINE_TAGS


def test_fixture_pages_raw_pruned_and_from_every_root(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    scored = 0
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        root = parse_tree(html)
        if root is None:
            continue
        scored += len(_same(root, monkeypatch))
        drop_never_text(root)
        scan = scan_boilerplate(root, strict=True)
        swap_out(root, scan.comments + scan.boilerplate, PruneLog())  # placeholders in the tree
        _same(root, monkeypatch)
        for el in root.iter(*candidates._SCORED_TAGS):
            _same(el, monkeypatch)  # a scope: votes still reach its ancestors
    assert scored > 100


_WHITESPACE = [" ", "\n", "\t", "\xa0", "\u3000", "\u2028", "\x1c", "\x85", "\u200b", "\ufeff"]


@pytest.mark.parametrize(
    "html",
    [
        "<p>" + "word " * 10 + "</p>",
        "<div>" + "x" * 59 + "</div>",
        "<div>" + "x" * 60 + "</div>",
        "<div>" + "x " * 30 + "</div>",  # 60 raw, 59 collapsed
        "<div>" + "\xa0x" * 40 + "</div>",
        "<div>" + "\u3000ab" * 25 + "</div>",
        "<div>" + "é" * 70 + "</div>",
        "<div>" + "😀" * 70 + "</div>",
        "<div>a<b>" + "b" * 70 + "</b></div>",  # an inline child without a tail: its text
        "<div>a<b>" + "b" * 70 + "</b> </div>",  # with a tail: the tail only
        "<div>a<span>" + "s" * 70 + "</span></div>",  # not in the short inline list
        "<div>a<!-- c -->" + "t" * 70 + "</div>",
        "<div><em></em>" + "t " * 40 + "<i>x</i></div>",
        "<span>" + "s" * 80 + "</span>",  # a lone span: its nearest block is the body
        "<div><span><font>" + "f" * 90 + "</font></span></div>",
        "<pre><span>" + "code " * 30 + "</span></pre>",  # a highlighted code line
        "<pre>" + "line of code\n" * 60 + "</pre>",  # capped at MAX_CODE_WEIGHT
        "<p>" + "<a href='#'>link text here</a> " * 4 + "and some prose</p>",
        "<p>Some prose with <a href='#'>a <a>nested</a> link</a> inside it all</p>",
        "<li><p>" + "item " * 20 + "</p></li>",
        "<li>" + "item " * 20 + "</li>",
        "<td>" + "cell " * 20 + "</td>",
        "<h2>" + "heading " * 10 + "</h2>",
        "<h3>" + " ".join(_WHITESPACE) * 5 + "x" * 30 + "</h3>",
        "<dd>" + "\n\n   " + "d" * 26 + "  \n</dd>",
        "<blockquote>" + "q" * 24 + "\u2003</blockquote>",
        "<p>" + "".join(_WHITESPACE) * 4 + "</p>",
        "<article><section><div><p>" + "deep " * 40 + "</p></div></section></article>",
        f"<div><{PLACEHOLDER_TAG}></{PLACEHOLDER_TAG}><p>" + "p " * 40 + "</p></div>",
    ],
)
def test_edge_cases(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    _check(html, monkeypatch)


def test_placeholder_stops_the_votes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Votes do not cross a pruned element's placeholder (the element is back in the page)."""
    html = "<html><body><div><section><div><p>" + "w " * 40 + "</p></div></section></div>"
    root = parse_tree(html)
    assert root is not None
    section = root.find(".//section")
    section.tag = PLACEHOLDER_TAG
    scores = _same(root, monkeypatch)
    assert [el.getparent() for el in scores] == [section]  # the inner div only


def test_unmodelled_trees_fall_back(monkeypatch: pytest.MonkeyPatch) -> None:
    """A namespaced element or an entity reference: None, and the Python loop answers."""
    for make in (
        lambda body: etree.SubElement(body, "{urn:x}b"),
        lambda body: body.find("p").append(etree.Entity("amp")),
    ):
        root = parse_tree("<html><body><p>" + "prose " * 20 + "</p></body></html>")
        assert root is not None
        make(root.find("body"))
        args = (PLACEHOLDER_TAG.encode(), candidates.MAX_CODE_WEIGHT, candidates.ANCESTOR_WEIGHTS)
        assert compiled.container_scores(root, *args) is None
        monkeypatch.setattr(candidates, "COMPILED_SCORES", False)
        plain = score_containers(root)
        monkeypatch.setattr(candidates, "COMPILED_SCORES", True)
        assert _bits(score_containers(root)) == _bits(plain)


_TAGS = ["p", "div", "span", "font", "a", "b", "em", "li", "ul", "td", "pre", "code", "h2"]
_TAGS += ["h3", "section", "article", "blockquote", "dd", "small", "i", "strong"]
_WORDS = ["word", "prose", "é", "日本語", "a", "", "\xa0", "\u2009", "x" * 30, "link"]


def _random_text(rng: random.Random) -> str:
    return "".join(
        rng.choice(_WORDS) + rng.choice([*_WHITESPACE, "", ""]) for _ in range(rng.randrange(12))
    )


def _random_page(rng: random.Random) -> str:
    parts = []
    open_tags: list[str] = []
    for _ in range(rng.randrange(5, 120)):
        if open_tags and rng.random() < 0.35:
            parts.append(f"</{open_tags.pop()}>{_random_text(rng)}")
            continue
        tag = rng.choice(_TAGS)
        parts.append(f"<{tag}>{_random_text(rng)}")
        if rng.random() < 0.1:
            parts.append("<!-- note -->")
        open_tags.append(tag)
    parts.extend(f"</{tag}>" for tag in reversed(open_tags))
    return "<html><body>" + "".join(parts) + "</body></html>"


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    total = 0
    for _ in range(400):
        root = parse_tree(_random_page(rng))
        assert root is not None
        total += len(_same(root, monkeypatch))
        for el in list(root.iter(*vocab.PARAGRAPH_TAGS))[:3]:
            _same(el, monkeypatch)
    assert total > 400  # the pages vote: the comparisons are not of empty dicts
