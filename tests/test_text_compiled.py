"""The text extractor's optional C loops (``_ctext``) give what the Python code gives, exactly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import textedges, textfeatures, textlines
from scraper.extractor.textdump import extract_text
from scraper.extractor.textlines import Dump

_ctext = pytest.importorskip("scraper.extractor._ctext", reason="_ctext not built (setup.py)")

TEXT = Path(__file__).resolve().parent.parent / "fixtures" / "text"
# Layouts the line scan and the word lookup branch on: bullets of every kind, numbers, marks
# with no text after them, indents, blank and space-only lines, odd spaces, a non-ASCII slug.
ODD = (
    "  Title of the post\n\n   * first item\n   *\n   o  an o item\n   other line\n"
    "12. numbered\n3) also\n2026 was a year\n²  superscript\n  -   dash item\n   \n"
    "Über die Straße gehen wir, und es ist schön.\u2003Noch ein Satz.\n"
    "Share on Twitter Facebook | Email ©\nCopyright 2026 All rights reserved\n*\n-x\n  o\n"
)


def _dumps() -> list[str]:
    return [ODD, *(p.read_text(encoding="utf-8") for p in sorted(TEXT.glob("*.txt")))]


def _python_only(monkeypatch: pytest.MonkeyPatch) -> None:
    for module in (textlines, textfeatures, textedges):
        monkeypatch.setattr(module, "_ctext", None)
    monkeypatch.setattr(textedges, "_outward", textedges.PYTHON_LOOPS["outward"])
    monkeypatch.setattr(textedges, "_probabilities", textedges.PYTHON_LOOPS["probabilities"])


def test_extract_text_is_the_same_with_and_without_the_c_loops(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    urls = (None, "https://example.org/2026/01/title-of-the-post/", "https://x.org/über-straße")
    compiled = [dataclasses.asdict(extract_text(t, u)) for t in _dumps() for u in urls]
    _python_only(monkeypatch)
    python = [dataclasses.asdict(extract_text(t, u)) for t in _dumps() for u in urls]
    assert compiled == python
    assert sum(bool(a["text"]) for a in python) >= 4  # bodies found, not only empty ones


def test_line_scan_matches_the_python_pass() -> None:
    for text in (*_dumps(), "", "\n", " \n  \n", "* a\n1. b", "x  \ny "):
        normalised = textlines._normalise(text)
        length, stripped, indent, marks = textlines._line_facts(normalised)
        found = _ctext.scan_lines(normalised, textlines._BULLETS, textlines._BULLET_RE.match)
        assert found == (length.tolist(), stripped, indent.tolist(), marks.tolist())


def test_word_codes_match_the_python_lookup() -> None:
    slug = textfeatures.title_slug("https://example.org/share-the-post-title/")
    for text in (*(textlines.split_dump(t).joined for t in _dumps()), "a\u2003the\u00a0b  c"):
        tokens = text.split()
        for use_slug in (False, True):
            lookup = textfeatures._codes_with_slug(slug) if use_slug else textfeatures._CODES
            forms = textfeatures._slug_forms(slug) if use_slug else {}
            passed = _ctext.key_filter([*textfeatures._CODES, *forms])
            expected = [lookup.get(t, 0) for t in tokens]
            found = _ctext.token_codes(text, textfeatures._CODES, forms, passed)
            assert found.tolist() == expected
    # The filter only skips lookups: with every bit set, every word is looked up.
    text = "The share of Über words"
    found = _ctext.token_codes(text, textfeatures._CODES, {}, b"\xff" * 8192).tolist()
    assert found == [textfeatures._CODES.get(t, 0) for t in text.split()]


def test_block_features_with_odd_spaces_inside_blocks(monkeypatch: pytest.MonkeyPatch) -> None:
    # A Dump built by hand may hold spaces other than " " (split_dump's never does).
    texts = ["The\u2003cat and the dog", "Share\u00a0this post", "Copyright © 2026"]
    n = len(texts)
    dump = Dump(texts, *(np.zeros(n, dtype=np.int64) for _ in range(8)))
    slug = frozenset({"cat", "dog"})
    compiled = textfeatures.block_features(dump, slug)
    _python_only(monkeypatch)
    python = textfeatures.block_features(dump, slug)
    assert np.array_equal(compiled.matrix, python.matrix)
    assert np.array_equal(compiled.words, python.words)


def test_edge_loops_match_the_python_loops() -> None:
    rng = np.random.default_rng(5)
    sums = [*rng.normal(scale=20, size=200).tolist(), 30.0, -30.0, 31.0, -31.5, float("nan")]
    assert _ctext.probabilities(sums) == textedges.PYTHON_LOOPS["probabilities"](sums)
    probs = rng.random(50).tolist()
    blocks = list(range(0, 50, 2))
    for words in ([float(w) for w in rng.integers(0, 90, 25)], [int(w) for w in range(25)]):
        c_out: tuple[list, list, list] = ([], [], [])
        py_out: tuple[list, list, list] = ([], [], [])
        _ctext.outward(blocks, words, probs, 123.0, *c_out)
        textedges.PYTHON_LOOPS["outward"](blocks, words, probs, 123.0, *py_out)
        assert c_out == py_out


def test_side_gains_match_the_python_loop() -> None:
    rng = np.random.default_rng(8)
    indices = list(range(40))
    sides = [0] * 10 + [1] * 10 + [2] * 20
    words = rng.integers(0, 120, 40)
    bars = (0.3, 0.3, 0.4)
    for q in (rng.random(40).tolist(), rng.random(40)):
        c_heft: dict[int, float] = {3: 2.5}
        py_heft: dict[int, float] = {3: 2.5}
        found = _ctext.side_gains(indices, sides, q, words, bars, c_heft)
        expected = textedges.PYTHON_LOOPS["side_gains"](indices, sides, q, words, bars, py_heft)
        assert found == expected and c_heft == py_heft


def test_comment_heading_scan_matches_the_python_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.extractor import textdump

    texts = ["Intro", "Long " * 20, "4 Comments", "Kommentare", "Leave a Reply", "x", "2 replies"]
    found = [textdump._first_comment_heading(texts, s, len(texts)) for s in range(len(texts))]
    monkeypatch.setattr(textdump, "_ctext", None)
    expected = [textdump._first_comment_heading(texts, s, len(texts)) for s in range(len(texts))]
    assert found == expected == [2, 2, 2, 3, 4, 6, 6]


def test_char_counts_match_the_byte_counts() -> None:
    for text in (*_dumps(), "© ©\nA, b; c. D!\n\n12 ©©", "\udc80 surrogate ©"):
        dump = textlines.split_dump(text) if "\udc80" not in text else None
        joined = dump.joined or "\n".join(dump.texts) if dump is not None else text
        n = joined.count("\n") + 1
        expected = textfeatures._char_counts(joined, n)
        found = _ctext.char_counts(joined, n)
        assert found.dtype == expected.dtype and np.array_equal(found, expected)
