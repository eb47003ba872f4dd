"""The site model's compiled block walk (``_cblocks.own_texts``) changes no block: the same
elements, texts and links as the Python walk (``blocks._python_blocks``), and with
``placed_texts`` the same places as ``Block.place`` works out, on the fixture pages,
the dev sites' pages, edge cases (comments, processing instructions, icons, code, odd spaces)
and random pages built from the tags the walk tells apart; where it does not model a page
(a namespaced tag, an entity reference) it gives up and the Python walk runs. Skipped where
the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor.parse import parse_tree
from scraper.sitemodel import blocks
from scraper.sitemodel.blocks import page_blocks

compiled = pytest.importorskip("scraper.sitemodel._cblocks")

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _body(root: etree._Element) -> etree._Element:
    body = root.find("body")
    return root if body is None else body


def _same(root: etree._Element) -> bool:
    """Whether the compiled walk agrees with the Python walk (True), or gave up (False)."""
    body = _body(root)
    walked = compiled.own_texts(body)
    plain = [(b.element, b.text, b.links) for b in blocks._python_blocks(body, {})]
    if walked is None:
        return False
    fast = list(walked)  # whitespace collapsed in C: compared as it comes
    assert len(fast) == len(plain)
    for (e1, t1, l1), (e2, t2, l2) in zip(fast, plain, strict=True):
        assert e1 is e2
        assert t1 == t2
        assert l1 == l2
    got = page_blocks(root)
    assert [(b.element, b.text, b.links) for b in got] == plain
    placed = compiled.placed_texts(body, blocks._step_for)
    assert placed is not None
    assert [(e, t, links) for e, t, links, _ in placed] == fast
    lazy = [b.place for b in blocks._python_blocks(body, {})]  # each place when asked for
    assert [place for *_, place in placed] == lazy
    assert [b.place for b in page_blocks(root, placed=True)] == lazy
    return True


def _check(html: str) -> bool:
    root = parse_tree(html)
    assert root is not None
    return _same(root)


PAGES_PER_DEV_SITE = 40  # (the dev archives grow each round: a bounded sample of each)


def test_fixture_and_dev_site_pages() -> None:
    pages = sorted(FIXTURES.glob("pages/**/*.html"))
    for site in sorted(FIXTURES.glob("sites/*/site")):
        pages += sorted(site.glob("**/*.html"))[:PAGES_PER_DEV_SITE]
    assert pages
    walked = 0
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is not None:
            walked += _same(root)
    assert walked >= len(pages) // 2  # the walk models real pages (it is no fallback alone)


@pytest.mark.parametrize(
    "html",
    [
        "<p>one <!-- a comment --> two <?pi x?> three</p>",
        "<div>lead <a href='/x'>link <b>bold</b></a> tail <span><a>no href</a> more</span></div>",
        "<p>icon <a href='/i'><svg><title>Icon</title></svg>Home</a> after</p>",
        "<p>js <span>shown<script>hidden()</script> too</span> end</p>",
        "<li><em>em</em><strong>strong</strong>glued</li>",
        "<div>outer<p>inner</p>after inner<ul><li>item</li></ul>trailing</div>",
        "<pre><span>code</span>\n  <b>more</b> <!-- c --> code</pre>",
        "<p>\u00a0\u3000\u2009</p><p>\u00a0text\u2028more\u0085end</p>",
        "<p>   </p><div>\n\t</div><td>x</td>",
        "<p>caf\u00e9 <a href='/caf\u00e9?q=\u00fc'>\u00fcber</a> \U0001f600</p>",
        "<div><span><a href='/a'>a</a><i><a href='/b'>b</a></i></span>tail</div>",
        "<div><noscript><p>inside noscript</p></noscript>text</div>",
        "<div>x<template><p>t</p></template><math><mi>m</mi></math>y</div>",
        "<article><h1>Title</h1><h7>not a block</h7><header>h</header></article>",
        "<div><a href=''>empty href</a><a href='/x' href='/y'>dup</a></div>",
        "<span>no block at all</span>",
        "<p><![CDATA[cdata]]> text</p>",
        "<div class='post-12 b a c'><p class=''>x</p><span class='k'><p class='z y'>y</p></span>"
        "</div>",
        "<div class='\u00e9t\u00e9 \u0663x  tab\tsep'><p class='caf\u00e9'>accented</p></div>",
        f"<div class='{'c' * 301}'><p>a long class attribute</p></div>",
        "<div><body class='x'><p>a body in the body</p></body></div>",
    ],
)
def test_edge_cases(html: str) -> None:
    assert _check(f"<html><body>{html}</body></html>")


def test_gives_up_on_namespaced_tags() -> None:
    root = etree.fromstring(
        '<html xmlns="http://www.w3.org/1999/xhtml"><body><p>x</p></body></html>'
    )
    assert compiled.own_texts(root[0]) is None
    assert compiled.placed_texts(root[0], blocks._step_for) is None
    assert [b.place for b in page_blocks(root, placed=True)] == [
        b.place for b in blocks._python_blocks(root[0], {})
    ]
    assert [b.text for b in page_blocks(root)] == [
        b.text for b in blocks._python_blocks(root[0], {})
    ]


_TAGS = ["p", "div", "li", "pre", "a", "span", "b", "svg", "script", "title", "h2", "td", "em"]
_CLASSES = ["a", "b", "post-1", "wp-9x", "Z", "\u00e9", "c\u0663", "zz", "entry"]
_TEXTS = ["", " ", "word", "two words", "\n  ", "\u00a0", "caf\u00e9", "x\u3000y", "<!-- c -->"]


def _random_fragment(rng: random.Random, depth: int) -> str:
    parts = []
    for _ in range(rng.randint(0, 4)):
        text = rng.choice(_TEXTS)
        if depth > 0 and rng.random() < 0.6:
            tag = rng.choice(_TAGS)
            href = f" href='/{rng.randint(0, 9)}'" if tag == "a" and rng.random() < 0.7 else ""
            if rng.random() < 0.5:
                href += f" class='{' '.join(rng.sample(_CLASSES, rng.randint(0, 3)))}'"
            inner = _random_fragment(rng, depth - 1)
            parts.append(f"<{tag}{href}>{text}{inner}</{tag}>")
        parts.append(rng.choice(_TEXTS))
    return "".join(parts)


def test_random_pages() -> None:
    rng = random.Random(18)
    for _ in range(400):
        html = f"<html><body>{_random_fragment(rng, 4)}</body></html>"
        root = parse_tree(html)
        if root is not None:
            assert _same(root)
