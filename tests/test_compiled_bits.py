"""``blocks.read_bits`` in C (``_cwalks.context_bits``) fills every context's signals as the
lazy ``own`` and ``inherited`` properties do: the same bits for each line's context and for
every ancestor, on the fixture pages and on pages of attribute-less, classed, hidden and
role-carrying elements. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from randompages import random_page

from scraper.extractor import blocks, vocab
from scraper.extractor.blocks import Context, page_blocks, read_bits
from scraper.extractor.parse import parse_tree
from scraper.extractor.prune import drop_never_text

pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _all(contexts: list[Context]) -> list[Context]:
    seen: dict[int, Context] = {}
    for context in contexts:
        node: Context | None = context
        while node is not None and id(node) not in seen:
            seen[id(node)] = node
            node = node.parent
    return list(seen.values())


def _check(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(html)
    assert root is not None
    drop_never_text(root)
    contexts = page_blocks(root, vocab.SKIP_RENDER_TAGS).contexts
    lazy = [(c.own, c.inherited) for c in contexts]  # the properties, context by context
    lazy_all = [(c.own, c.inherited) for c in _all(contexts)]
    root = parse_tree(html)
    drop_never_text(root)
    contexts = page_blocks(root, vocab.SKIP_RENDER_TAGS).contexts
    monkeypatch.setattr(blocks, "COMPILED_BITS", True)
    read_bits(contexts)
    assert [(c._own, c._inherited) for c in contexts] == lazy
    assert [(c._own, c._inherited) for c in _all(contexts)] == lazy_all


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        _check(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


_TAGS = ["div", "section", "article", "main", "ul", "li", "p", "h2", "table", "tr", "td"]
_TAGS += ["header", "form", "figure", "pre", "blockquote", "dl", "span", "a"]
_ATTRS = ["", ' class="sidebar"', ' id="comments"', ' class="entry-content" id="post-12"']
_ATTRS += [" hidden", ' aria-hidden="true"', ' style="display:none"', ' role="navigation"']
_ATTRS += [' itemprop="articleBody"', ' data-x="1"', ' class=""', ' class="share social"']


def test_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(13)
    for _ in range(300):
        _check(random_page(rng, _element), monkeypatch)


def _element(rng: random.Random) -> tuple[str, str]:
    tag = rng.choice(_TAGS)
    return tag, f"<{tag}{rng.choice(_ATTRS)}>text {rng.randrange(9)}"


def test_python_fallback_fills_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body><div class='a'><p hidden>x</p><section><p>y</p></section></div>"
    root = parse_tree(html)
    contexts = page_blocks(root).contexts
    monkeypatch.setattr(blocks, "COMPILED_BITS", False)
    read_bits(contexts)
    plain = [(c._own, c._inherited) for c in _all(contexts)]
    root = parse_tree(html)
    contexts = page_blocks(root).contexts
    monkeypatch.setattr(blocks, "COMPILED_BITS", True)
    read_bits(contexts)
    assert [(c._own, c._inherited) for c in _all(contexts)] == plain
    assert any(inherited & (1 << blocks.HIDDEN_BIT) for _, inherited in plain)
