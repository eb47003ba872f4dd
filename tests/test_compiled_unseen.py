"""The compiled read of the unseen elements' texts (``_cwalks.unseen_texts``) changes no byte:
``printed._joined`` with and without it on the fixture pages (the gather walk's lists and
each page's hidden tags), edge cases (nested SVG text and tails, comments, empty scripts,
non-ASCII, an entity reference) and random pages. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import printed
from scraper.extractor.parse import parse_tree
from scraper.extractor.sources import gather_sources

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _python_join(elements: list[etree._Element]) -> bytes:
    return b"\x00".join(map(printed._own_text, elements)).lower()


def _check(root: etree._Element) -> None:
    lists = [gather_sources(root).unseen, list(root.iter(*printed._HIDDEN_TAGS))]
    for elements in lists:
        assert compiled.unseen_texts(elements, printed._own_text) == _python_join(elements)
        assert printed._joined(elements) == _python_join(elements)


def test_fixture_pages() -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        _check(root)


EDGE_PAGES = [
    "<html><body><script></script><style>A{b:C}</style><svg><title>Ic</title><g><text>Ä"
    "<tspan>B</tspan>tail</text></g>after</svg>tail<noscript><img src=x>Jo <b>Roe</b></noscript>"
    "<template><p>Ké</p><!-- c --><p>D</p></template><textarea>T&amp;x</textarea></body></html>",
    "<html><body><svg></svg><svg><!-- only --></svg><script>a</script><script> </script></body>"
    "</html>",
]


@pytest.mark.parametrize("html", EDGE_PAGES)
def test_edge_cases(html: str) -> None:
    root = parse_tree(html)
    assert root is not None
    _check(root)


def test_entity_reference_goes_to_python() -> None:
    root = parse_tree("<html><body><svg><text>A</text></svg></body></html>")
    assert root is not None
    svg = root.find(".//svg")
    svg.find("text").append(etree.Entity("amp"))
    assert compiled.unseen_texts([svg], printed._own_text) == _python_join([svg])
    calls: list[etree._Element] = []

    def own(element: etree._Element) -> bytes:
        calls.append(element)
        return printed._own_text(element)

    compiled.unseen_texts([svg], own)
    assert calls == [svg]


def test_switch_off_reads_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    root = parse_tree(EDGE_PAGES[0])
    assert root is not None
    elements = gather_sources(root).unseen
    fast = printed._joined(elements)
    monkeypatch.setattr(printed, "COMPILED_UNSEEN", False)
    assert printed._joined(elements) == fast == _python_join(elements)


_PARTS = ["<script>Var X = 'É';</script>", "<style>B{}</style>", "<svg><g>Q<b>R</b>S</g>T</svg>"]
_PARTS += ["<noscript>N<i>M</i></noscript>", "<template>P<!--x-->Z</template>", "text", "<p>p</p>"]
_PARTS += ["<textarea>W</textarea>", "<svg><text>\U0001f600</text></svg>", "<script></script>"]


def test_random_pages() -> None:
    rng = random.Random(30)
    for _ in range(300):
        body = "".join(rng.choice(_PARTS) for _ in range(rng.randint(1, 12)))
        root = parse_tree(f"<html><head>{rng.choice(_PARTS)}</head><body>{body}</body></html>")
        if root is not None:
            _check(root)
