"""The compiled lowering of the printed texts (``_cmeta.lowered``) changes no byte:
``printed._lowered`` with and without it on random bytes (no-break spaces, lone C2 and A0
bytes, A-Z and the bytes next to them, other UTF-8), every byte value, the fixture pages'
body texts, and ``read_printed``/``printed_signals`` on the fixture pages with the switch on
and off. Skipped where the extension is not built."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest

from scraper.extractor import printed
from scraper.extractor.parse import parse_tree

compiled = pytest.importorskip("scraper.extractor._cmeta")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_NBSP_RE = re.compile("\u00a0".encode())


def _python(text: bytes) -> bytes:
    return _NBSP_RE.sub(b" ", text.lower())


def test_random_bytes() -> None:
    rnd = random.Random(23)
    pieces = [b"\xc2", b"\xa0", b"A", b"Z", b"a", b"z", b"@", b"[", b"`", b"{", b" ", b"\x00"]
    pieces += [b"\xff", "é".encode(), "\u00a0".encode(), "ſ".encode(), "\u212a".encode(), b"Jane"]
    for _ in range(20_000):
        text = b"".join(rnd.choice(pieces) for _ in range(rnd.randrange(0, 40)))
        assert compiled.lowered(text) == _python(text)
    every = bytes(range(256)) * 3 + b"\xc2"
    assert compiled.lowered(every) == _python(every)
    assert compiled.lowered(b"") == b""
    assert compiled.lowered(b"\xc2\xc2\xa0\xa0") == b"\xc2 \xa0"


def _signals(monkeypatch: pytest.MonkeyPatch, on: bool, body, names):  # type: ignore[no-untyped-def]
    monkeypatch.setattr(printed, "COMPILED_LOWERED", on)
    text = printed._text(body)
    marks = list(body.iter("a"))[:30]
    found = printed.read_printed(body, text, body, marks)
    return found.body, found.mark_texts, [printed.printed_signals(found, name) for name in names]


def test_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = sorted(PAGES.rglob("*.html"))
    assert pages
    for path in pages:
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        assert root is not None
        body = root.find("body")
        if body is None:
            continue
        text = printed._text(body)
        assert compiled.lowered(text) == _python(text)
        names = ["Jane Doe", "Admin", " ".join(text.decode("utf-8", "replace").split()[:2])]
        on = _signals(monkeypatch, True, body, names)
        off = _signals(monkeypatch, False, body, names)
        assert on == off
