"""The C walks make their ``Line`` and ``Context`` objects by writing the slots directly
(``_cwalks._Slots``), as ``object.__new__`` plus the dataclass ``__init__`` / ``setattr`` per
slot make them: the same type and values (``Line`` equality, every context slot), and the type
is called (or ``setattr`` used) for any class the direct writes would not model. A line's
words are joined in C as ``" ".join("".join(parts).split())`` joins them, at the same width.
Skipped where the extension is not built."""

from __future__ import annotations

import dataclasses
import random
import sys
from pathlib import Path
from typing import ClassVar

import pytest

from scraper.extractor import blocks, render
from scraper.extractor.blocks import Context, page_blocks
from scraper.extractor.parse import parse_tree
from scraper.extractor.render import Line

compiled = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_CONTEXT_SLOTS = ("element", "_own", "_inherited", "parent", "depth", "chars", "links", "lines")


def _walk(html: str, compiled_on: bool, monkeypatch: pytest.MonkeyPatch) -> blocks.PageBlocks:
    monkeypatch.setattr(blocks, "COMPILED_BLOCKS", compiled_on)
    root = parse_tree(html)
    assert root is not None
    return page_blocks(root)


def test_lines_and_contexts_equal_the_python_walks(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        html = path.read_text(encoding="utf-8", errors="replace")
        plain = _walk(html, False, monkeypatch)
        fast = _walk(html, True, monkeypatch)
        assert all(type(line) is Line for line in fast.lines)
        assert fast.lines == plain.lines
        assert len(fast.contexts) == len(plain.contexts)
        for a, b in zip(fast.contexts, plain.contexts, strict=True):
            while a is not None and b is not None:
                assert type(a) is Context
                assert a.element.tag == b.element.tag
                assert (a.depth, a.chars, a.links, a.lines, a._own, a._inherited) == (
                    b.depth,
                    b.chars,
                    b.links,
                    b.lines,
                    b._own,
                    b._inherited,
                )
                assert (a.signature, a.children) == (b.signature, b.children)
                a, b = a.parent, b.parent
            assert a is None and b is None


def test_the_shipped_classes_are_written_directly() -> None:
    compiled.block_walk  # noqa: B018 (the module is built)
    root = parse_tree("<html><body><div class='a'><p>One.</p><pre>x</pre></div></body></html>")
    assert root is not None
    page_blocks(root)
    ready = {key[0]: slots.ready for key, slots in compiled._SLOTS_MEMO.items()}
    assert ready[Line] and ready[Context]


@dataclasses.dataclass(slots=True, frozen=True)
class _FrozenLine:
    text: str
    kind: str = "p"
    link_chars: int = 0
    depth: int = 0
    ordinal: int = 0
    header_row: bool = False


@dataclasses.dataclass(slots=True)
class _CountedLine:
    text: str
    kind: str = "p"
    link_chars: int = 0
    depth: int = 0
    ordinal: int = 0
    header_row: bool = False
    made: ClassVar[list[int]] = [0]

    def __post_init__(self) -> None:
        _CountedLine.made[0] += 1


@dataclasses.dataclass(slots=True)
class _ReorderedLine:
    kind: str
    text: str
    link_chars: int = 0
    depth: int = 0
    ordinal: int = 0
    header_row: bool = False


class _DictContext(Context):  # a subclass without __slots__: it has a __dict__
    pass


@pytest.mark.parametrize("cls", [_FrozenLine, _CountedLine, _ReorderedLine])
def test_other_line_classes_are_called(cls: type) -> None:
    if cls is _FrozenLine:  # its own __setattr__
        assert not compiled._Slots(cls, compiled._LINE_FIELDS).ready
    html = "<html><body><p>One <a href='/x'>two</a>.</p><ol><li>three</li></ol><pre>4</pre>"
    root = parse_tree(html + "</body></html>")
    assert root is not None
    _CountedLine.made[0] = 0
    lines = compiled.render_walk(
        root.find("body"), frozenset(), render.ACTIONS, cls, render.CODES, render.CELL_SEPARATOR
    )
    assert lines is not None and len(lines) == 3
    assert all(type(line) is cls for line in lines)
    if cls is _CountedLine:
        assert _CountedLine.made[0] == 3  # __post_init__ ran: the type was called
    expected = [  # what calling the type with the walk's six values gives
        cls(x.text, x.kind, x.link_chars, x.depth, x.ordinal, x.header_row)
        for x in render.render_lines([root.find("body")])
    ]
    assert lines == expected


def test_a_context_class_with_a_dict_is_set_attribute_by_attribute() -> None:
    assert not compiled._Slots(_DictContext, _CONTEXT_SLOTS).ready
    root = parse_tree("<html><body><div class='a'><p>One.</p></div></body></html>")
    assert root is not None
    body = root.find("body")
    walked = compiled.block_walk(
        body,
        _DictContext(body, None, 0),
        frozenset({blocks.PLACEHOLDER_TAG}),
        render.ACTIONS,
        blocks._INLINE_TAGS,
        Line,
        _DictContext,
        render.CODES,
        render.CELL_SEPARATOR,
    )
    assert walked is not None
    lines, contexts = walked
    assert [line.text for line in lines] == ["One."]
    assert type(contexts[0]) is _DictContext and contexts[0].element.tag == "p"
    assert contexts[0].parent.signature == "div a" and contexts[0].depth == 2


_SPACES = [chr(c) for c in range(0x110000) if chr(c).isspace()]
_OTHERS = ["a", "Z", "\x01", "\x7f", "é", "\xff", "Ā", "中", "\ue000", "😀", "\U0010ffff", "."]


def test_joined_words_is_split_and_join() -> None:
    rng = random.Random(13)
    cases = [[], [""], [" "], ["\u3000"], ["a\u3000b"], ["\xa0x\xa0"], ["\x85"], ["\x01 \x02"]]
    for _ in range(3000):
        parts = [
            "".join(
                rng.choice(_SPACES if rng.random() < 0.4 else _OTHERS)
                for _ in range(rng.randint(0, 8))
            )
            for _ in range(rng.randint(0, 5))
        ]
        cases.append(parts)
    for parts in cases:
        expected = " ".join("".join(parts).split())
        found = compiled.joined_words(parts)
        assert found == expected
        # the same width as join makes it (an ASCII result is an ASCII str, and so on)
        assert found.encode("utf-8", "surrogatepass") == expected.encode("utf-8", "surrogatepass")
        assert sys.getsizeof(found) == sys.getsizeof(expected)


def test_joined_words_narrow_and_two_byte_parts() -> None:
    """The one-pass paths (parts one byte a character; one or two bytes), short lines on the
    stack and long ones past its 1,024 characters, match split-and-join and its width."""
    rng = random.Random(17)
    narrow_spaces = [c for c in _SPACES if ord(c) < 256]
    narrow = ["a", "Z", "\x01", "\x7f", "é", "\xff", "."]
    two_byte_spaces = [c for c in _SPACES if ord(c) < 0x10000]
    two_byte = [*narrow, "Ā", "中", "\ue000", "\uffff"]
    cases: list[list[str]] = [["x" * 1024], [" " * 2000], ["a " * 700], ["\xa0b" * 600, "中"]]
    for spaces, others in ((narrow_spaces, narrow), (two_byte_spaces, two_byte)):
        for _ in range(2000):
            size = rng.choice((8, 300, 1500))
            cases.append(
                [
                    "".join(
                        rng.choice(spaces if rng.random() < 0.4 else others)
                        for _ in range(rng.randint(0, size))
                    )
                    for _ in range(rng.randint(0, 4))
                ]
            )
    for parts in cases:
        expected = " ".join("".join(parts).split())
        found = compiled.joined_words(parts)
        assert found == expected
        assert sys.getsizeof(found) == sys.getsizeof(expected)


def test_a_top_context_of_another_class_is_read_by_attribute() -> None:
    """The walk reads and adds to its own contexts' slots in place; a top context of another
    class (here one with a ``__dict__``) gets the same totals, depths and child counts through
    its attributes."""
    html = "<html><body><div class='a'><p>One <a href='/x'>two</a>.</p></div><p>Three.</p>"
    root = parse_tree(html + "</body></html>")
    assert root is not None
    body = root.find("body")
    found = []
    for top in (Context(body, None, 5), _DictContext(body, None, 5)):
        walked = compiled.block_walk(
            body,
            top,
            frozenset({blocks.PLACEHOLDER_TAG}),
            render.ACTIONS,
            blocks._INLINE_TAGS,
            Line,
            Context,
            render.CODES,
            render.CELL_SEPARATOR,
        )
        assert walked is not None
        lines, contexts = walked
        assert all(type(context) is Context for context in contexts)
        found.append(
            (
                [line.text for line in lines],
                (top.chars, top.links, top.lines, top.children),
                [(c.depth, c.chars, c.links, c.lines, c.children) for c in contexts],
                [(c.parent.depth, c.parent.chars, c.parent.lines) for c in contexts],
            )
        )
    assert found[0] == found[1]
    assert found[0][1] == (len("One two.") + len("Three."), len("two"), 2, {"div a": 1, "p ": 1})
    assert found[0][2][0] == (7, len("One two."), 3, 1, None)


def test_context_bits_read_slots_and_attributes_alike() -> None:
    """``context_bits`` reads and writes the walk's own contexts in their slots, and any other
    class's by attribute: the same bits for the same page."""
    html = (
        "<html><body><div class='post-body' id='main'><p>One <a href='/x'>two</a>.</p>"
        "<div hidden><p>Tab.</p></div></div><nav class='menu'><p>Home</p></nav></body></html>"
    )
    found = []
    for cls in (Context, _DictContext):
        root = parse_tree(html)
        assert root is not None
        body = root.find("body")
        walked = compiled.block_walk(
            body,
            cls(body, None, 0),
            frozenset({blocks.PLACEHOLDER_TAG}),
            render.ACTIONS,
            blocks._INLINE_TAGS,
            Line,
            cls,
            render.CODES,
            render.CELL_SEPARATOR,
        )
        assert walked is not None
        contexts = walked[1]
        compiled.context_bits(contexts, blocks.TAG_BITS, blocks.element_bits)
        chains = []
        for context in contexts:
            chain = []
            node = context
            while node is not None:
                chain.append((node._own, node._inherited))
                node = node.parent
            chains.append(chain)
        found.append(chains)
    assert found[0] == found[1]
    assert all(own >= 0 and inherited >= 0 for chain in found[0] for own, inherited in chain)
