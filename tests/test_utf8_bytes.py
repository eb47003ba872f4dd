"""A page's UTF-8 bytes for the parser (round twenty-three, ``_cwalks.utf8_replaced``): for a
string of two bytes a character the C encoder gives ``encode("utf-8", "replace")``'s bytes
(ASCII runs four characters at a time, every width of character, lone surrogates as "?");
other widths are left to Python. Skipped where the extension is not built."""

from __future__ import annotations

import random

import pytest

from scraper.extractor import parse

cwalks = pytest.importorskip("scraper.extractor._cwalks")

_CHARACTERS = ["a", " ", "<", "\x00", "\x7f", "\x80", "é", "\xff", "\u07ff", "\u0800", "’"]
_CHARACTERS += ["\ud800", "\udbff", "\udc00", "\udfff", "\ue000", "\uffff", "中"]


def test_two_byte_strings_encode_as_python_does() -> None:
    rng = random.Random(23)
    cases = ["’", "a’", "abcd’", "abc’defgh", "\ud800", "x" * 64 + "\udfff" + "y" * 3]
    for _ in range(20000):
        cases.append("".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(1, 40))))
    met = 0
    for text in cases:
        found = cwalks.utf8_replaced(text)
        if max(map(ord, text)) < 0x100:
            assert found is None  # one byte a character: Python copies it
            continue
        met += 1
        assert found == text.encode("utf-8", "replace"), repr(text)
    assert met > 15000


def test_other_widths_go_to_python() -> None:
    for text in ("", "plain", "caf\xe9", "\U0001f600 and ’"):
        assert cwalks.utf8_replaced(text) is None
        assert parse.utf8_bytes(text) == text.encode("utf-8", "replace")


def test_parse_reads_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    html = "<html><body><p>Don’t \ud800 stop — “quoted” 中文</p></body></html>"
    texts = []
    for flag in (False, True):
        monkeypatch.setattr(parse, "COMPILED_UTF8", flag)
        assert parse.utf8_bytes(html) == html.encode("utf-8", "replace")
        root = parse.parse_tree(html)
        assert root is not None
        texts.append(parse.element_text(root))
    assert texts[0] == texts[1]
