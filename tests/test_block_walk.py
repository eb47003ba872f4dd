"""The block model's page walk and feature columns, spelled out for speed, against plain code.

``blocks.page_blocks`` keeps the renderer's state in local variables rather than calling
``render._Walker`` per event, and ``features.block_features`` counts characters for all lines at
once with numpy, and ``model.TreeModel`` walks all trees for all rows at once: each must give
exactly what the plain version gives.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import vocab
from scraper.extractor.blocks import Context, element_bits, page_blocks
from scraper.extractor.body import analyse_page
from scraper.extractor.features import _char_counts
from scraper.extractor.model import shipped_model
from scraper.extractor.parse import parse_html
from scraper.extractor.prune import PLACEHOLDER_TAG, drop_never_text
from scraper.extractor.render import _SPECIAL_TAGS, ACTIONS, Line, render_lines

PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "pages").glob("*.html"))

# Every tag the walker treats specially, comments, a left-out element and a placeholder.
TRICKY = """<html><body><div class="wrap"><h2>Heading <a href="/x">link</a></h2>
<p>First <b>bold</b> and <a href="/a">a link</a> tail.<br>After break<br></p>
<!-- a comment --> text after the comment
<pre>code line 1
  code line 2<br>line 3</pre>
<blockquote><p>Quoted <i>words</i></p>loose quote text</blockquote>
<ol><li>one</li><li>two<ul><li>nested</li></ul></li></ol>
<table><tr><th>A</th><th>B</th></tr><tr><td>1</td><td>2<br>3</td></tr></table>
<figure><img src="x.png"><figcaption>Caption left out</figcaption></figure>
<span class="note">span text</span> tail text <x-pruned>placeholder</x-pruned> after
<dl><dt>term</dt><dd>definition</dd></dl></div>final words</body></html>"""


# What the renderer gave for TRICKY before its walk was spelled out in local variables.
TRICKY_LINES = [
    ("Heading link", "h2", 4, 0, 0, False),
    ("First bold and a link tail.", "p", 6, 0, 0, False),
    ("After break", "p", 0, 0, 0, False),
    ("text after the comment", "p", 0, 0, 0, False),
    ("code line 1\n  code line 2\nline 3", "pre", 0, 0, 0, False),
    ("Quoted words", "quote", 0, 0, 0, False),
    ("loose quote text", "quote", 0, 0, 0, False),
    ("one", "li", 0, 0, 1, False),
    ("two", "li", 0, 0, 2, False),
    ("nested", "li", 0, 1, 0, False),
    ("A \ue000 B", "row", 0, 0, 0, True),
    ("1 \ue000 2", "row", 0, 0, 0, False),
    ("3", "p", 0, 0, 0, False),
    ("span text tail text after", "p", 0, 0, 0, False),
    ("term", "p", 0, 0, 0, False),
    ("definition", "p", 0, 0, 0, False),
    ("final words", "p", 0, 0, 0, False),
]


def _rows(lines: list[Line]) -> list[tuple[object, ...]]:
    return [(ln.text, ln.kind, ln.link_chars, ln.depth, ln.ordinal, ln.header_row) for ln in lines]


@pytest.mark.parametrize("source", [*PAGES, None], ids=[*(p.stem for p in PAGES), "tricky"])
def test_page_blocks_renders_the_lines_render_lines_renders(source: Path | None) -> None:
    root = parse_html(TRICKY if source is None else source.read_text(encoding="utf-8"))
    assert root is not None
    drop_never_text(root)
    body = root.find("body")
    body.text = None  # the walk starts inside <body>; render_lines reads its text too
    blocks = page_blocks(root, vocab.SKIP_RENDER_TAGS)
    expected = render_lines([body], vocab.SKIP_RENDER_TAGS)
    assert _rows(blocks.lines) == _rows(expected)
    assert len(blocks.contexts) == len(blocks.lines) > 0
    if source is None:
        texts = [line.text for line in blocks.lines]
        assert "Caption left out" not in " ".join(texts)
        assert "placeholder" not in " ".join(texts)
        assert PLACEHOLDER_TAG not in " ".join(texts)


@pytest.mark.parametrize("source", [*PAGES, None], ids=[*(p.stem for p in PAGES), "tricky"])
def test_context_totals_count_lines_of_the_element_and_two_levels_below(
    source: Path | None,
) -> None:
    root = parse_html(TRICKY if source is None else source.read_text(encoding="utf-8"))
    assert root is not None
    drop_never_text(root)
    blocks = page_blocks(root, vocab.SKIP_RENDER_TAGS)
    chars: dict[int, int] = {}
    links: dict[int, int] = {}
    counts: dict[int, int] = {}
    seen: dict[int, Context] = {}
    for line, context in zip(blocks.lines, blocks.contexts, strict=True):
        node: Context | None = context
        for _ in range(3):
            if node is None:
                break
            seen[id(node)] = node
            chars[id(node)] = chars.get(id(node), 0) + len(line.text)
            links[id(node)] = links.get(id(node), 0) + line.link_chars
            counts[id(node)] = counts.get(id(node), 0) + 1
            node = node.parent
    for key, node in seen.items():
        assert (node.chars, node.links, node.lines) == (chars[key], links[key], counts[key])


def test_char_counts_match_str_count() -> None:
    texts = [
        "Plain words, with commas. And dots.",
        "Ünïcödé – “quoted” 2024-01-31 at 10:45!",
        "x",
        "999 digits 0123456789",
        "emoji 😀 and a lone surrogate \ud800 end?",
        "ends with a curly quote’",
        "tab\tand nbsp\u00a0are not spaces",
    ]
    chars = np.array([len(text) for text in texts], dtype=np.float64)
    spaces, dots, commas, digits, ends = _char_counts(texts, chars)
    assert spaces.tolist() == [text.count(" ") for text in texts]
    assert dots.tolist() == [text.count(".") for text in texts]
    assert commas.tolist() == [text.count(",") for text in texts]
    assert digits.tolist() == [sum(map(text.count, "0123456789")) for text in texts]
    assert ends.tolist() == [float(text[-1] in ".!?:;\"')”’") for text in texts]


def test_tree_scores_match_a_plain_walk_of_each_tree() -> None:
    model = shipped_model()
    assert model is not None
    root = parse_html(PAGES[0].read_text(encoding="utf-8"))
    assert root is not None
    page = analyse_page(root, all_blocks=True)
    matrix = page.features()
    expected = []
    for row in matrix:
        raw = model.baseline
        for tree in range(model.feature.shape[0]):
            node = 0
            for _ in range(model.depth):
                goes_left = row[model.feature[tree, node]] <= model.threshold[tree, node]
                node = model.left[tree, node] if goes_left else model.right[tree, node]
            raw += model.value[tree, node]
        expected.append(1.0 / (1.0 + np.exp(-raw)))
    assert np.allclose(model.scores(matrix), expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("source", [*PAGES, None], ids=[*(p.stem for p in PAGES), "tricky"])
def test_context_signals_are_read_from_the_element_and_its_ancestors(source: Path | None) -> None:
    root = parse_html(TRICKY if source is None else source.read_text(encoding="utf-8"))
    assert root is not None
    drop_never_text(root)
    blocks = page_blocks(root, vocab.SKIP_RENDER_TAGS)
    for context in blocks.contexts[::-1]:  # the deepest first: nothing known yet above them
        expected = 0
        node: Context | None = context
        while node is not None:
            expected |= element_bits(node.element, node.element.tag)
            node = node.parent
        assert context.inherited == expected
        assert context.own == element_bits(context.element, context.element.tag)


def test_render_lines_keeps_its_lines_on_every_special_tag() -> None:
    root = parse_html(TRICKY)
    assert root is not None
    drop_never_text(root)
    assert _rows(render_lines([root.find("body")], vocab.SKIP_RENDER_TAGS)) == TRICKY_LINES
    assert set(ACTIONS) == _SPECIAL_TAGS  # every tag the walkers treat specially has an action
