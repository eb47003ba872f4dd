"""The article chunks (``candidates._same_class_cousins``) put in document order and the ancestor
tests read in C (round twenty: ``_cwalks.document_order``, ``_cwalks.reaches``) give what the
Python walks give: fixture pages and random pages of same-class chunks, nested ones included.
Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import candidates
from scraper.extractor.candidates import score_containers
from scraper.extractor.parse import parse_tree
from scraper.extractor.prune import drop_never_text

cwalks = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_PROSE = "A sentence of real prose that runs on, with commas, and more words. " * 4


def _chunk_page(rng: random.Random) -> str:
    """Story chunks sharing a class between ads, some nested in each other, some elsewhere."""
    parts = []
    for _ in range(rng.randrange(2, 9)):
        cls = rng.choice(["story-chunk", "story-chunk extra", "ad-slot", "row", "Story-Chunk"])
        inner = f"<p>{_PROSE}</p>" * rng.randrange(1, 4)
        if rng.random() < 0.3:
            inner += f'<div class="{cls}"><p>{_PROSE}</p><p>{_PROSE}</p></div>'
        wrap = rng.random() < 0.3
        chunk = f'<div class="{cls}">{inner}</div>'
        parts.append(f"<section>{chunk}</section>" if wrap else chunk)
        if rng.random() < 0.5:
            parts.append('<div class="ad-slot"><a href="/x">ad</a></div>')
    return f'<html><body><main><div id="story">{"".join(parts)}</div></main></body></html>'


def _both_ways(root: etree._Element, monkeypatch: pytest.MonkeyPatch) -> int:
    scores = score_containers(root)
    found = 0
    for best in list(scores)[:20]:
        results = []
        for flag in (False, True):
            monkeypatch.setattr(candidates, "COMPILED_CHUNKS", flag)
            results.append(candidates._same_class_cousins(root, best, scores))
        assert results[0] == results[1]
        found += bool(results[0])
        for other in list(scores)[:20]:
            answers = []
            for flag in (False, True):
                monkeypatch.setattr(candidates, "COMPILED_CHUNKS", flag)
                answers.append(candidates._is_descendant(other, best))
            assert answers[0] == answers[1]
    return found


def test_chunks_on_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(2020)
    found = 0
    for _ in range(200):
        root = parse_tree(_chunk_page(rng))
        assert root is not None
        found += _both_ways(root, monkeypatch)
    assert found > 50  # chunks were found, not only empty answers


def test_chunks_on_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        drop_never_text(root)
        _both_ways(root, monkeypatch)


def test_document_order_is_the_iteration_order() -> None:
    rng = random.Random(7)
    root = parse_tree(_chunk_page(rng))
    assert root is not None
    everything = list(root.iter(etree.Element))
    for _ in range(200):
        chosen = rng.sample(everything, rng.randrange(0, 8))
        top = rng.choice(everything)
        expected = [el for el in top.iter() if el in set(chosen)]
        assert cwalks.document_order(top, set(chosen)) == expected
