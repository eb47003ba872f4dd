"""A two-byte page's UTF-8 with its ASCII runs copied sixteen characters at a time (round
twenty-four, ``_cwalks.utf8_blocks``, switch ``parse.COMPILED_UTF8_BLOCKS``): the bytes of
``encode("utf-8", "replace")`` for long ASCII runs broken by one wider character at every
offset of a block, random mixes of every width and lone surrogates, text with no ASCII run,
the same for strings of four bytes a character (astral characters, surrogates that would pair),
and the fixture pages; one byte a character is left to Python. Skipped where not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from scraper.extractor import parse

cwalks = pytest.importorskip("scraper.extractor._cwalks")
if not hasattr(cwalks, "utf8_blocks"):
    pytest.skip("an extension built before round twenty-four", allow_module_level=True)

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
_WIDE = ["\x80", "é", "\xff", "\u07ff", "\u0800", "’", "\ud800", "\udfff", "\uffff", "中"]
_CHARACTERS = ["a", " ", "<", "\x00", "\x7f", *_WIDE]


def _same(text: str) -> None:
    assert cwalks.utf8_blocks(text) == text.encode("utf-8", "replace"), repr(text)


def test_a_wide_character_at_every_offset() -> None:
    for wide in [*_WIDE, "’’", "é中\ud800"]:
        for before in range(0, 50):
            for after in range(0, 40, 3):
                _same("a" * before + wide + "b" * after + "’")  # one wide: two bytes a char


def test_random_mixes() -> None:
    rng = random.Random(29)
    for _ in range(20000):
        runs = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.5:
                runs.append("x" * rng.randint(0, 70))
            else:
                runs.append("".join(rng.choice(_CHARACTERS) for _ in range(rng.randint(1, 30))))
        text = "".join(runs) + "中"
        _same(text)
    _same("中" * 1000)  # no ASCII run at all
    _same("’" + "\x7f" * 333 + "\x80")


def test_four_bytes_a_character() -> None:
    rng = random.Random(31)
    wide = [*_CHARACTERS, "\U00010000", "\U0001f600", "\U0010ffff", "\ud83d\ude00"]
    for before in range(0, 40):
        _same("a" * before + "\U0001f600" + "b" * (before % 7))
        _same("a" * before + "\ud83d\ude00" + "b" * 20)  # a pair of lone surrogates: "??"
    for _ in range(20000):
        runs = []
        for _ in range(rng.randint(1, 8)):
            if rng.random() < 0.5:
                runs.append("x" * rng.randint(0, 70))
            else:
                runs.append("".join(rng.choice(wide) for _ in range(rng.randint(1, 30))))
        _same("".join(runs) + "\U0001f600")
    _same("\U0001f600" * 500)


def test_other_widths_go_to_python(monkeypatch: pytest.MonkeyPatch) -> None:
    for text in ("", "plain", "caf\xe9"):
        assert cwalks.utf8_blocks(text) is None
    html = "<html><body><p>" + "Don’t stop " * 20 + "\ud800 — “quoted” 中文</p></body></html>"
    found = []
    for flag in (False, True):
        monkeypatch.setattr(parse, "COMPILED_UTF8_BLOCKS", flag)
        assert parse.utf8_bytes(html) == html.encode("utf-8", "replace")
        found.append(parse.element_text(parse.parse_tree(html)))
    assert found[0] == found[1]


def test_fixture_pages() -> None:
    pages = sorted((FIXTURES / "pages").rglob("*.html"))
    sites = FIXTURES / "sites"
    pages += sorted(sites.rglob("*.html"))[::10] if sites.is_dir() else []
    met = 0
    for path in pages:
        text = path.read_text(encoding="utf-8", errors="replace")
        if cwalks.utf8_blocks(text) is not None:
            _same(text)
            met += 1
    assert met > 0
