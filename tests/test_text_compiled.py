"""The text extractor's optional C loops (``_ctext``) give what the Python code gives, exactly."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from scraper.extractor import (
    textdump,
    textedges,
    textend,
    textfeatures,
    textlines,
    textmodel,
    textruns,
)
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
    for module in (textlines, textfeatures, textedges, textruns, textdump, textmodel):
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


def test_line_spans_match_the_python_line_passes() -> None:
    # scan_spans, continuations_at and rejoin_spans (split_dump's C path) against the Python
    # line facts, continuations, mark cut and rejoin; each text width, a wide bullet whose cut
    # narrows the text, a number mark that takes the whole line
    widths = ("\u2022 caf\u00e9 one\n\u2022 two\n", "\u2022 wide \u4e2d\n  two", "\U0001f600 x\ny")
    stairs = "".join(f"{' ' * k}step number {k} of a staircase of lines\n" for k in range(12))
    wrapped = "A line of text that runs to the wrap column here\nand goes on in lower case\n"
    cases = (*_dumps(), "", "\n", " \n  \n", "* a\n1. b", "x  \ny ", "12.\n", *widths)
    for text in (*cases, stairs * 3, wrapped * 6):
        normalised = textlines._normalise(text)
        length, stripped, indent, marks = textlines._line_facts(normalised)
        found = _ctext.scan_spans(normalised, textlines._BULLETS, textlines._BULLET_RE.match)
        assert all(column.dtype == np.int64 for column in found)
        lengths, lefts, rights, indents, bullets = (column.tolist() for column in found)
        assert [lengths, indents, bullets] == [length.tolist(), indent.tolist(), marks.tolist()]
        assert [normalised[a:b] for a, b in zip(lefts, rights, strict=True)] == stripped
        rows = np.flatnonzero(length > 0)
        widths_of = length[rows] - indent
        adjacent = (rows[1:] - rows[:-1]) == 1
        for width in (textlines._wrap_width(length[rows]), 0, 20, 45, 80):
            expected = _continuations_at(stripped, length[rows], adjacent, indent, marks, width)
            cont = _ctext.continuations_at(
                normalised, found[1], found[2], length[rows], rows, indent, marks, width
            )
            assert cont.tolist() == expected.tolist()
        expected_cont = textlines._continuations(
            stripped, length[rows], adjacent, indent, marks, widths_of
        )
        starts = np.flatnonzero(~expected_cont)
        cut = [line[mark:] for line, mark in zip(stripped, marks.tolist(), strict=True)]
        for at in (starts, np.arange(0, len(cut), 3, dtype=np.int64)):
            joined = _ctext.rejoin_spans(normalised, found[1], found[2], marks, at)
            assert joined == textlines._rejoin(cut, at)
            assert joined.isascii() == textlines._rejoin(cut, at).isascii()
    with pytest.raises(ValueError):
        one, zero = np.array([0, 5], dtype=np.int64), np.zeros(1, dtype=np.int64)
        _ctext.rejoin_spans("ab", one[:1], one[1:], zero, zero)  # a span past the text's end


def test_line_spans_with_vector_newlines_match_the_python_line_facts() -> None:
    """``scan_spans`` finds and counts newlines a vector of units at a time and tests a line's
    ASCII first character against the bullets' bits (text33): random lines of every length
    with each bullet, number marks (ASCII and not), letters and spaces, at each string width,
    give ``_line_facts``' columns with the number marks read in C."""
    rng = np.random.default_rng(33)
    leads = [*textlines._BULLETS, "12. ", "3) ", "\u0663. ", "\u00b2. ", "a", "O", " ", "  * ", "7"]
    fill = ["word ", "x", " ", "\u00e9", "\u4e2d", "\U0001f600", "-", "1"]
    for _ in range(400):
        lines = []
        for _ in range(int(rng.integers(1, 12))):
            body = "".join(rng.choice(fill, size=int(rng.integers(0, 30))).tolist())
            lines.append(str(rng.choice(leads)) + " " * int(rng.integers(0, 3)) + body)
        text = textlines._normalise("\n".join(lines))
        length, stripped, indent, marks = textlines._line_facts(text)
        found = _ctext.scan_spans(text, textlines._BULLETS, None)
        lengths, lefts, rights, indents, bullets = (column.tolist() for column in found)
        assert [lengths, indents, bullets] == [length.tolist(), indent.tolist(), marks.tolist()]
        assert [text[a:b] for a, b in zip(lefts, rights, strict=True)] == stripped


def test_word_codes_match_the_python_lookup() -> None:
    slug = textfeatures.title_slug("https://example.org/share-the-post-title/")
    for text in (
        *(textlines.split_dump(t).joined for t in _dumps()),
        "a\u2003the\u00a0b  c",
        "\U0001f600 the\u2003share x",
    ):
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


def test_slug_forms_are_the_per_word_forms() -> None:
    """The one-loop ``_slug_forms`` gives ``_slug_codes``' forms and codes, in its order."""
    urls = (
        "https://example.org/share-the-post-title/",
        "https://x.org/2026/01/über-straße-ǆemal-news-and-the-i-x/",
        "https://x.org/a-b",
    )
    for url in urls:
        slug = textfeatures.title_slug(url)
        expected = {w: c for word in slug for w, c in textfeatures._slug_codes(word)}
        found = textfeatures._slug_forms(slug)
        assert list(found.items()) == list(expected.items())


def test_word_tables_follow_the_dicts_given() -> None:
    """``token_codes`` reads the dicts as hash tables (``codes``' kept between calls): other
    dicts, a grown dict, colliding and absent words all give what ``dict.get`` gives."""
    text = "the Über \U0001f600 x  the\u2003über THE a ab ba b a"
    first = {"the": 3, "Über": 5, "\U0001f600": 9, "a": 1}
    second = {"the": 7, "ab": 2, "ba": 4}
    slug = {"THE": 1 << 20, "über": 1 << 20, "x": 1 << 20}
    every = _ctext.key_filter([*first, *second, *slug, "b"])
    for codes in (first, second, first, {**second, "b": 6}, first):
        for forms in ({}, slug):
            found = _ctext.token_codes(text, codes, forms, every).tolist()
            assert found == [codes.get(t, 0) | forms.get(t, 0) for t in text.split()]
    first["x"] = 11  # a dict grown in place is read again
    found = _ctext.token_codes(text, first, {}, every).tolist()
    assert found == [first.get(t, 0) for t in text.split()]


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


def test_feature_columns_match_the_numpy_columns(monkeypatch: pytest.MonkeyPatch) -> None:
    # Bit for bit: every column, with and without a slug, at the edge cases the loops branch on
    # (one block, repeated texts, a title line as anchor, closers after a sentence end).
    crafted = (
        "Title Of The Post\n\nThe post says things. It goes on, and on; and on!\n\nShare\n\n"
        "Share\n\n\u201cQuoted end.\u201d\n\nOdd end…)\n\n  indented, a, b, c\n\n* item\n"
        "* item\n\nCopyright © 2026 | Terms\n",
        "One block only.",
        "\u201d)\n\nx\n",
    )
    slugs = (
        frozenset(),
        textfeatures.title_slug("https://example.org/2026/01/title-of-the-post/"),
        textfeatures.title_slug("https://example.org/the-post-says-things/"),
    )
    dumps = [textlines.split_dump(t) for t in (*crafted, *_dumps())]
    compiled = [textfeatures.block_features(d, s) for d in dumps for s in slugs]
    assert any(f.matrix[:, textfeatures.FEATURE_NAMES.index("is_anchor")].any() for f in compiled)
    _python_only(monkeypatch)
    python = [textfeatures.block_features(d, s) for d in dumps for s in slugs]
    for ours, theirs in zip(compiled, python, strict=True):
        assert ours.matrix.tobytes() == theirs.matrix.tobytes()
        assert np.array_equal(ours.words, theirs.words)


def test_mark_removal_matches_the_regex_passes() -> None:
    # Links next to form controls (a cut marker can make one), every control's spelling,
    # digits of other scripts, five-digit brackets, spaces left at block ends, empty blocks.
    odd = (
        "a [1] b\n\nc [IMG] [ ] [      ] [     ] d [INLINE][LINK][X][Go][Send]\n\n"
        "______ x ___ [Sign up] [Subscribe] [Search] (Submit) (BUTTON) (submit) [BUTTON]\n"
        "[12345] [\u0661\u0662] [[3]IMG] ___[4]___ (sub[5]mit) [[6]]\n [7] \n\n   [8]   \n"
        "* [9] item [10]\n\u00e9 [11] \u4e2d [12]\n",
        "[1]",
        " [1] ",
        "x\n\n[2]\n\ny",
        "[1]\n\n______",
        "\n\n[ ]\n",
        "plain  text   with runs\n\n of spaces ",
        "",
        # one text of each width (the C passes run at the text's own): Latin-1, BMP, astral.
        "caf\u00e9 [1]  [IMG] \u00e9\u00ff\n\n______ \u00e0 [2]\n",
        "\u0100 [1] (Submit)  x\n\u4e2d [\u0663]\n",
        "\U0001f600 [1] [      ]  \U0001f600\n\n[2]\n",
    )
    # Spaces touching a newline, with and without a cut (the C code strips them only after
    # one), a control just after a newline, text without a "[" (its link pass is skipped).
    touching = (
        " a \n b \n c ",
        " a  \n  b ",
        "a \n[1] b\n c",
        "a\n______ b\nc ______\n d",
        "a\n(Submit)\nb",
        "x  y\n\u00e9  \n  \u4e2d",
        "\U0001f600 \n \U0001f600 [2]",
        " ",
        "  \n  ",
        "\n",
    )
    for joined in touching:
        blocks = joined.count("\n") + 1
        ours, links, forms = _ctext.tidy_blocks(joined, blocks)
        theirs, py_links, py_forms = textlines._tidy_blocks(joined, blocks)
        assert (ours, links.tolist(), forms.tolist()) == (
            theirs,
            py_links.tolist(),
            py_forms.tolist(),
        )
    for text in (*odd, *_dumps()):
        normalised = textlines._normalise(textlines.strip_link_list(text))
        for joined in {normalised.replace("\n\n", "\n"), normalised}:
            blocks = joined.count("\n") + 1
            ours, links, forms = _ctext.tidy_blocks(joined, blocks)
            theirs, py_links, py_forms = textlines._tidy_blocks(joined, blocks)
            assert ours == theirs
            assert links.tolist() == py_links.tolist()
            assert forms.tolist() == py_forms.tolist()
    text, links, forms = _ctext.tidy_blocks("a [1] [IMG]\nb", 2)
    assert (text, links.tolist(), forms.tolist()) == ("a\nb", [1, 0], [1, 0])
    with pytest.raises(ValueError):
        _ctext.tidy_blocks("a\nb", 1)


def test_tidy_runs_match_the_python_passes_on_random_text() -> None:
    """``tidy_blocks`` copies runs between the characters it acts on (text25): random text
    dense in those characters (space runs, newlines, link markers, form controls) at each
    string width gives the regex passes' text and counts."""
    rng = np.random.default_rng(25)
    pieces = [" ", "  ", "\n", "[", "]", "[12]", "______", "_", "(", "(Submit)", "[IMG]",
              "[      ]", "ab", "Word", "7", ".", "\u00e9", "\u4e2d", "\U0001f600"]  # fmt: skip
    for size in (1, 2, 5, 20, 80):
        for _ in range(150):
            joined = "".join(rng.choice(pieces, size=size).tolist())
            blocks = joined.count("\n") + 1
            ours, links, forms = _ctext.tidy_blocks(joined, blocks)
            theirs, py_links, py_forms = textlines._tidy_blocks(joined, blocks)
            assert ours == theirs, joined
            assert links.tolist() == py_links.tolist()
            assert forms.tolist() == py_forms.tolist()


def test_tidy_vector_skips_stop_where_the_scalar_scans_do() -> None:
    """``tidy_blocks``' run scans skip clean stretches a vector of code units at a time
    (text33, with SSE2): every unit either pass acts on ("\\n", "[", "_", "(", a space after a
    space, a link or form mark) placed at every offset of long clean text, at each string
    width, and long random text with long clean runs, give the regex passes' text and counts."""
    marks = ["\n", "[3]", "[", "_", "______", "(", "(Submit)", "  ", "   ", "[IMG]", " \n "]
    for wide in ("", "\u00e9", "\u4e2d", "\U0001f600"):
        clean = ("Some words in a sentence" + wide + " and more of them go on here") * 2
        for mark in marks:
            for at in range(0, len(clean) + 1):
                joined = clean[:at] + mark + clean[at:]
                blocks = joined.count("\n") + 1
                ours, links, forms = _ctext.tidy_blocks(joined, blocks)
                theirs, py_links, py_forms = textlines._tidy_blocks(joined, blocks)
                assert ours == theirs, joined
                assert links.tolist() == py_links.tolist()
                assert forms.tolist() == py_forms.tolist()
    rng = np.random.default_rng(33)
    pieces = [" ", "  ", "\n", "[12]", "______", "(Submit)", "[IMG]", "(", "_", "[",
              "a long clean stretch of words", "x" * 40, "\u00e9\u00e9\u00e9 words",
              "\u4e2d\u4e2d text", "\U0001f600 and more"]  # fmt: skip
    for size in (3, 10, 40):
        for _ in range(200):
            joined = "".join(rng.choice(pieces, size=size).tolist())
            blocks = joined.count("\n") + 1
            ours, links, forms = _ctext.tidy_blocks(joined, blocks)
            theirs, py_links, py_forms = textlines._tidy_blocks(joined, blocks)
            assert ours == theirs, joined
            assert links.tolist() == py_links.tolist()
            assert forms.tolist() == py_forms.tolist()


def _repeats_in_c(texts: list[str]) -> list[bool]:
    """``block_facts``' repeated column for ``texts`` (the other inputs are placeholders)."""
    n = len(texts)
    ones = np.ones(n, dtype=np.int64)
    _, _, repeated = _ctext.block_facts(
        texts, np.zeros((n, 9), dtype=np.int64), textfeatures._STOP, ones,
        np.zeros(n, dtype=np.int64), ones, textfeatures._CLOSERS, textfeatures._TERMINAL_CHARS,
    )  # fmt: skip
    return repeated.astype(bool).tolist()


def test_repeated_texts_match_a_count() -> None:
    """``block_facts`` finds repeats by a key of each text's length and ends, comparing
    whole texts only when keys agree (text25): the same flags as counting the texts, for
    equal ends with other middles, other widths, empty texts, and past its comparison
    budget (many unequal texts with equal ends: the dict count takes over)."""
    rng = np.random.default_rng(7)
    words = ["a", "b", "\u00e9", "\u4e2d", "\U0001f600", " ", "Share", "x" * 40]
    cases = [
        [],
        ["", "", "a"],
        ["a" * 40 + "1" + "b" * 40, "a" * 40 + "2" + "b" * 40, "a" * 40 + "1" + "b" * 40],
        ["\u00e9", "\u00e9", "e", "\u4e2d", "\u4e2d\u4e2d", "\u4e2d"],
        ["x" * 40 + f"{k:05d}" + "y" * 40 for k in range(400)] + ["x" * 40 + "00007" + "y" * 40],
    ]
    for _ in range(200):
        size = int(rng.integers(1, 60))
        cases.append(["".join(rng.choice(words, size=int(rng.integers(0, 4))).tolist())
                      for _ in range(size)])  # fmt: skip
    for texts in cases:
        assert _repeats_in_c(texts) == [texts.count(t) > 1 for t in texts]


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
    # and one text of each width: Latin-1, BMP, astral (the loop runs at the text's own)
    widths = ("caf\u00e9 A. \u00ff9\n\u00a9;", "\u2019 B, ?\nx", "\U0001f600 C!\n\n0 \u00a9")
    for text in (*_dumps(), "© ©\nA, b; c. D!\n\n12 ©©", "\udc80 surrogate ©", *widths):
        dump = textlines.split_dump(text) if "\udc80" not in text else None
        joined = dump.joined or "\n".join(dump.texts) if dump is not None else text
        n = joined.count("\n") + 1
        expected = textfeatures._char_counts(joined, n)
        found = _ctext.char_counts(joined, n)
        assert found.dtype == expected.dtype and np.array_equal(found, expected)
    with pytest.raises(ValueError):
        _ctext.char_counts("a\nb", 1)


def test_char_counts_from_block_counters_match_on_random_text() -> None:
    """``char_counts`` gathers a block's counts in local counters, added at its newline
    (text25): random text of every counted class, newline runs and each width gives the
    byte counts, joined and gapped."""
    rng = np.random.default_rng(9)
    pieces = ["\n", "\n\n", " ", "A", "z", "7", ".", "!", ",", ";", "\u00a9", "\u00e9", "\u2019",
              "\U0001f600"]  # fmt: skip
    for size in (1, 3, 10, 60):
        for _ in range(150):
            text = "".join(rng.choice(pieces, size=size).tolist())
            n = text.count("\n") + 1
            expected = textfeatures._char_counts(text, n)
            assert np.array_equal(_ctext.char_counts(text, n), expected), text
            texts = [t for t in text.split("\n") if t]
            if texts:
                expected = textfeatures._char_counts("\n".join(texts), len(texts))
                assert np.array_equal(_ctext.char_counts(text, len(texts), True), expected)


def test_gapped_char_counts_are_the_counts_of_the_blocks_with_text() -> None:
    # the rejoined text with empty blocks still in (newline runs, at either end too) counts
    # as the blocks with text joined again; a dump whose tidied blocks come out empty
    gapped = ("\n\nA b.\n\n\n\u00a9 C, d;\n", "\u2019x\n\nY!", "\U0001f600\n\n9 \n", "a", "\n")
    for text in gapped:
        texts = [t for t in text.split("\n") if t]
        n = len(texts)
        expected = textfeatures._char_counts("\n".join(texts), n)
        assert np.array_equal(_ctext.char_counts(text, n, True), expected)
    emptied = "Intro line here.\n\n[1]\n\nA [2]paragraph of text, with a link.\n\n[3]\n"
    for text in (emptied, *_dumps()):
        dump = textlines.split_dump(text)
        if dump.gapped:
            assert not dump.joined
            n = len(dump.texts)
            expected = textfeatures._char_counts("\n".join(dump.texts), n)
            assert np.array_equal(_ctext.char_counts(dump.gapped, n, True), expected)
    with pytest.raises(ValueError):
        _ctext.char_counts("a\n\nb", 1, True)


def _continuations_at(
    stripped: list[str],
    length: np.ndarray,
    adjacent: np.ndarray,
    indent: np.ndarray,
    marks: np.ndarray,
    width: int,
) -> np.ndarray:
    """The Python rule at a given wrap column (``_wrap_width`` patched)."""
    saved = textlines._wrap_width
    textlines._wrap_width = lambda _length: width  # type: ignore[assignment]
    try:
        return textlines._continuations(stripped, length, adjacent, indent, marks, length - indent)
    finally:
        textlines._wrap_width = saved


def test_cue_scans_match_the_word_pattern() -> None:
    cues = {"comments": 2.0, "related": -1.5, "über": 0.5, "ab": 0.25, "x²": 9.0}
    texts = (
        "4 Comments on Related posts", "ÜBER uns ab_cd x² b2b a ab", "İstanbul Über", "",
        "12 34 56", "Related " + "word " * 40, "a b c d e f related comments", "x" * 90 + " ab",
        "one two Related three", "ab cd " + "y" * 78 + "related more",
    )  # fmt: skip
    for text in texts:
        lowered = text.lower()
        assert _ctext.cue_values(lowered, cues) == [
            cues.get(w, 0.0) for w in textedges._WORD_RE.findall(lowered)
        ]
        expected = max((cues.get(w, 0.0) for w in textedges._first_words(text)), default=0.0)
        assert _ctext.first_cue(text, cues, textedges._HEAD_CHARS, 3) == expected
    # Every character as a word's letter or a separator (the ASCII test is a shortcut).
    every = "".join(chr(code) for code in range(0x3100) if not 0xD800 <= code < 0xE000)
    spaced = " ".join(every)
    for text in (every, spaced, every + "\U0001d400\U0001d401 \U0001f600"):
        words = textedges._WORD_RE.findall(text)
        assert _ctext.cue_values(text, {w: 1.0 for w in words}) == [1.0] * len(words)


def test_cue_filter_follows_the_dicts_given() -> None:
    """``_cue_values`` skips the words its keys' filter rules out: the filter is the dict's
    (rebuilt for another dict or a new size; a non-str key passes every word)."""
    from scraper.extractor.textedgeweights import EDGE_CUES

    text = "share this post about our privacy policy and the comments below ab über"
    words = textedges._WORD_RE.findall(text)
    grown = {"share": 1.0}
    dicts = [EDGE_CUES, {"below": 3.0}, EDGE_CUES, grown, {1: 2.0, "ab": 0.5}, {}]
    for cues in dicts:
        assert _ctext.cue_values(text, cues) == [cues.get(w, 0.0) for w in words]
    grown["über"] = -2.0  # the same dict, one key more
    assert _ctext.cue_values(text, grown) == [grown.get(w, 0.0) for w in words]
    hits = [w for w in words if w in EDGE_CUES]
    assert hits  # the shipped cues are found through the filter


def test_block_hits_match_the_bincounts() -> None:
    slug = textfeatures.title_slug("https://example.org/share-the-post-title/")
    for text in _dumps():
        joined = textlines.split_dump(text).joined
        n = joined.count("\n") + 1
        forms = textfeatures._slug_forms(slug)
        passed = _ctext.key_filter([*textfeatures._CODES, *forms])
        codes = _ctext.token_codes(joined, textfeatures._CODES, forms, passed)
        words = np.array([len(t.split()) for t in joined.split("\n")], dtype=np.int64)
        languages = len(textfeatures._LANGUAGES)
        hits = _ctext.block_hits(codes, words, languages, textfeatures._SLUG_BIT)
        slug_hits, language, *counts = textfeatures._word_hits(codes.copy(), words, n, True)
        assert np.array_equal(hits[:, -1], slug_hits)
        assert language == int(np.argmax(hits[:, :languages].sum(axis=0)))
        assert np.array_equal(hits[:, language], counts[0])
        for k, count in enumerate(counts[1:]):
            assert np.array_equal(hits[:, languages + k], count)
    with pytest.raises(ValueError):
        _ctext.block_hits(np.zeros(3, dtype=np.int32), np.array([1, 1]), 7, 1 << 10)


def test_edge_rows_match_the_python_loops(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.extractor.textdump import edge_inputs

    model = textedges.shipped_edges()
    assert model is not None
    inputs = [edge_inputs(t, "https://example.org/title-of-the-post/") for t in _dumps()]
    cases = [i for i in inputs if i is not None and len(i.keep) >= 2]
    assert cases

    def rows() -> list[tuple[list[int], list[int], list]]:
        found = []
        for case in cases:
            for keep in (case.keep, case.keep[1:-1], case.keep[: len(case.keep) // 2]):
                index, sides, values = textedges.edge_rows(
                    case.blocks, keep, case.limit, model.cues
                )
                found.append((index, sides, values.tolist()))
        return found

    compiled = rows()
    monkeypatch.setattr(textedges, "_ctext", None)
    assert compiled == rows()


def test_judge_edges_matches_the_python_rounds(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.extractor.textdump import edge_inputs

    width = len(textedges.EDGE_FEATURE_NAMES)
    rng = np.random.default_rng(13)
    cues = {"comments": 2.0, "share": 1.5, "related": -1.0, "reply": 0.7, "posted": 0.4}
    models = [textedges.EdgeModel(rng.normal(size=3 * width), cues, 0.4, 0.3, rounds=3)]
    models += [textedges.EdgeModel(rng.normal(size=width), cues, 0.5, None, rounds=4)]
    models.append(textedges.shipped_edges())
    inputs = [edge_inputs(t, u) for t in _dumps() for u in (None, "https://example.org/a-post/")]
    cases = [i for i in inputs if i is not None and i.keep]
    assert cases and all(
        textedges._compiled_path(c.blocks, c.keep, c.chrome, models[0]) for c in cases
    )

    def judged() -> list[tuple[list[int], list[int]]]:
        found = []
        for case in cases:
            n = len(case.texts)
            for keep in (case.keep, case.keep[1:-1], case.keep[:2], case.keep[: n // 3]):
                for limit in (case.limit, n):
                    for model in models:
                        chrome = case.chrome.copy()
                        chrome[::5] = True  # blocks never added past the end
                        body = textedges.judge_edges(case.blocks, list(keep), limit, chrome, model)
                        found.append((list(keep), body))
        return found

    compiled = judged()
    _python_only(monkeypatch)
    monkeypatch.setattr(textedges, "_side_gains", textedges.PYTHON_LOOPS["side_gains"])
    python = judged()
    assert compiled == python
    assert sum(keep != body for keep, body in python) > 20  # edges cut and extended


def test_judge_edges_converts_other_number_types_to_the_same_bodies(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """``_ctext.judge_edges_typed`` reads float64 probabilities and int64 word counts in place;
    a dump whose arrays are other float or integer types takes the same C path, converted
    (float32 probabilities are the same numbers as doubles), and gives the Python rounds'
    bodies on those arrays; counts int64 cannot hold run in Python."""
    from scraper.extractor.textdump import edge_inputs

    width = len(textedges.EDGE_FEATURE_NAMES)
    rng = np.random.default_rng(33)
    cues = {"comments": 2.0, "share": 1.5, "related": -1.0, "reply": 0.7, "posted": 0.4}
    models = [textedges.EdgeModel(rng.normal(size=3 * width), cues, 0.4, 0.3, rounds=3)]
    models.append(textedges.shipped_edges())
    inputs = [edge_inputs(t, u) for t in _dumps() for u in (None, "https://example.org/a-post/")]
    cases = [i for i in inputs if i is not None and i.keep]
    assert cases and all(c.probs.dtype == np.float64 and c.words.dtype == np.int64 for c in cases)
    narrowed = [
        dataclasses.replace(
            c.blocks, probs=c.blocks.probs.astype(np.float32), words=c.blocks.words.astype(np.int32)
        )
        for c in cases
    ]
    assert all(
        textedges._compiled_path(b, c.keep, c.chrome, models[0])
        for b, c in zip(narrowed, cases, strict=True)
    )
    unsigned = dataclasses.replace(cases[0].blocks, words=cases[0].blocks.words.astype(np.uint64))
    assert not textedges._compiled_path(unsigned, cases[0].keep, cases[0].chrome, models[0])

    def judged() -> list[tuple[list[int], list[int]]]:
        found = []
        for blocks, case in zip(narrowed, cases, strict=True):
            n = len(case.texts)
            for keep in (case.keep, case.keep[1:-1], case.keep[: n // 3]):
                for model in models:
                    chrome = case.chrome.copy()
                    chrome[::5] = True
                    body = textedges.judge_edges(blocks, list(keep), n, chrome, model)
                    found.append((list(keep), body))
        return found

    typed = _ctext.judge_edges_typed
    calls: list[int] = []
    monkeypatch.setattr(_ctext, "judge_edges_typed", lambda *a: calls.append(1) or typed(*a))
    compiled = judged()
    assert len(calls) == len(compiled)  # every dump took the C path
    _python_only(monkeypatch)
    monkeypatch.setattr(textedges, "_side_gains", textedges.PYTHON_LOOPS["side_gains"])
    assert compiled == judged()
    assert sum(keep != body for keep, body in compiled) > 10  # edges cut and extended


def test_line_rows_match_the_arrays_and_the_wrap_width() -> None:
    rng = np.random.default_rng(17)
    cases = [np.zeros(0, dtype=np.int64), np.zeros(4, dtype=np.int64), np.array([5, 0, 111, 0])]
    for size in (1, 2, 3, 7, 40, 333):
        for high in (60, 112, 130, 400):
            length = rng.integers(0, high, size)
            length[rng.random(size) < 0.3] = 0
            cases.append(length)
            with_long = length.copy()
            with_long[: min(2, size)] = (200, 150)[: min(2, size)]  # one or two lines past 110
            cases.append(with_long)
    for length in cases:
        length = np.ascontiguousarray(length, dtype=np.int64)
        rows, lengths, width = _ctext.line_rows(
            length, textlines._UNWRAPPED_WIDTH, textlines._UNWRAPPED_SHARE
        )
        expected = np.flatnonzero(length > 0)
        assert rows.tolist() == expected.tolist() and rows.dtype == np.int64
        assert lengths.tolist() == length[expected].tolist()
        assert width == textlines._wrap_width(length[expected])


def test_split_dump_matches_the_numpy_steps(monkeypatch: pytest.MonkeyPatch) -> None:
    fields = ("line", "lines", "indent", "bullet", "links", "forms", "group", "gap_before")

    def split() -> list[list]:
        found = []
        for text in (*_dumps(), "", "\n \n", "a\n\n\nb  [1] ____\n  * c\n[IMG]\n\nd\n"):
            dump = textlines.split_dump(text)
            arrays = [(getattr(dump, f).dtype.str, getattr(dump, f).tolist()) for f in fields]
            found.append([dump.texts, dump.joined, *arrays])
        return found

    compiled = split()
    monkeypatch.setattr(textlines, "_ctext", None)
    assert compiled == split()


def test_best_run_matches_the_python_kadane() -> None:
    from scraper.extractor import textdump

    rng = np.random.default_rng(21)
    for size in (0, 1, 2, 5, 50, 400):
        evidence = rng.normal(size=size) * rng.choice([1.0, 10.0, 0.1], size=size)
        evidence[rng.random(size) < 0.1] = 0.0
        for start, end in ((0, size), (size // 3, size), (1, size - 1), (size // 2, size // 2)):
            if 0 <= start <= end <= size:
                expected = textdump._best_run(evidence[start:end].tolist())
                assert _ctext.best_run(evidence, start, end) == expected
    with pytest.raises(IndexError):
        _ctext.best_run(np.zeros(3), 0, 4)


def test_normalise_matches_the_python_replacements() -> None:
    every = "".join(chr(code) for code in range(0x10000) if not 0xD800 <= code < 0xE000)
    latin = "".join(map(chr, range(256)))  # a one-byte string: the C loop's other width
    odd = (
        "a\r\nb\r\r\nc\r",
        "\r",
        "\r\n",
        "\r\x00\n",
        "\t\x00\x01x",
        "\u200bx",
        "\U0001f600\r\n\u3000",
    )
    for text in (*_dumps(), every, every[::-1], latin, latin[::-1], *odd, "", "plain text\n"):
        assert _ctext.normalise(text) == textlines._normalise(text)
    plain = "nothing to change\n"
    assert _ctext.normalise(plain) is plain


def test_normalise_runs_skip_only_plain_characters() -> None:
    """``normalise`` copies runs of printable ASCII and newlines whole, found a vector of
    units at a time (text33): every code point inside long plain text, and each character the
    normaliser changes at every offset of long text of each width, give the Python result."""
    plain = "Some plain words, and a line\nthat goes on (1-2) ~ "
    for code in (*range(0x3000), *range(0xFEF0, 0x10000), 0x1F600, 0x10FFFF):
        if 0xD800 <= code < 0xE000:
            continue
        text = plain + chr(code) + plain + chr(code) + "\r\n" + plain
        assert _ctext.normalise(text) == textlines._normalise(text), hex(code)
    changed = ["\r", "\r\n", "\t", "\x00", "\x01", "\x0b", "\u00a0", "\u00ad", "\u200b",
               "\u3000", "\ufeff", "\x7f", "\u00e9", "\u2019"]  # fmt: skip
    for wide in ("", "\u00e9", "\u4e2d", "\U0001f600"):
        text = (plain + wide) * 2
        for mark in changed:
            for at in range(len(text) + 1):
                edited = text[:at] + mark + text[at:]
                assert _ctext.normalise(edited) == textlines._normalise(edited), (mark, at)


def test_best_prefix_run_matches_the_numpy_prefix_run() -> None:
    rng = np.random.default_rng(19)
    for size in (0, 1, 2, 5, 50, 400):
        for trial in range(40):
            evidence = rng.normal(size=size) * rng.choice([1.0, 10.0, 0.1], size=size)
            evidence[rng.random(size) < 0.2] = 0.0
            if trial % 2:  # ties: equal prefixes and equal gains
                evidence = np.round(evidence)
            prefix = np.zeros(size + 1)
            np.cumsum(evidence, out=prefix[1:])
            best = textruns._best_in(prefix, 0, size)
            assert _ctext.best_prefix_run(evidence) == (best[:2] if best else ())
    assert _ctext.best_prefix_run(np.array([1.0, np.nan, 2.0])) is None
    assert _ctext.best_prefix_run(np.array([1.0, np.inf])) is None


def test_comment_heads_never_reject_a_heading(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_may_head`` (C and Python) keeps every block ``_COMMENTS_RE`` matches, whatever the
    case or a folded first letter, and the C scan finds what the Python loop finds."""

    words = (
        "comments", "Comment:", "responses", "replies", "Kommentare", "commentaires",
        "comentarios", "commenti", "reacties", "reacciones", "discussion", "leave a comment",
        "post a reply", "add a response", "write a comment", "kommentar schreiben",
        "commentaire laisser", "comentario escribir", "commento lasciare",
        "reactie veröffentlichen",
    )  # fmt: skip
    chars = [chr(c) for c in range(32, 127)] + ["\u212a", "\u017f", "\u0131", "é", "²", "٣"]
    texts = []
    for word in words:
        for variant in (word, word.upper(), word.title(), "12 " + word, "3  " + word.upper()):
            for at in range(3):
                texts += [variant[:at] + c + variant[at + 1 :] for c in chars]
    matched = [t for t in texts if textdump._COMMENTS_RE.match(t)]
    assert len(matched) > 500 and all(map(textdump._may_head, matched))
    assert not textdump._may_head("Contact us") and not textdump._may_head("Re")
    texts += ["Contact", "Read more", "Ab", "C", "Kommentar", "\u212aommentare", "2"]
    found = [textdump._first_comment_heading(texts, s, len(texts)) for s in range(0, 2000, 7)]
    monkeypatch.setattr(textdump, "_ctext", None)
    assert found == [
        textdump._first_comment_heading(texts, s, len(texts)) for s in range(0, 2000, 7)
    ]


def test_byline_first_letters_never_reject_a_byline() -> None:
    tails = (
        "y John Smith", "Y: Jane Doe", "ritten by Ann Lee", "uthor: Bob Ray", "on Karl Marx",
        "ar Jean Luc", "i Mario Rossi", "oor Jan Smit", "v Ole Berg", "osted by Al Gore",
    )  # fmt: skip
    words = ("written by", "posted by", "published by", "words by", "story by", "text by",
             "reported by", "eingestellt von", "geschrieben von", "publié par", "écrit par",
             "publicado por", "escrito por", "scritto di", "pubblicato di", "geschreven door",
             "by", "von", "par", "por", "di", "door", "av", "af", "author:", "autor :")  # fmt: skip
    texts = [c + tail for c in map(chr, range(0x250)) for tail in tails]
    for word in words:
        for variant in (word, word.upper(), word.title()):
            for at in range(2):
                for c in map(chr, [*range(32, 0x250), 0x212A, 0x17F, 0x131, 0x130]):
                    texts.append(variant[:at] + c + variant[at + 1 :] + " Jane Doe")
    matched = [t for t in texts if textdump._byline_name(t) is not None]
    assert len(matched) > 100
    for text in texts:
        if textdump._BYLINE_RE.match(text) or textdump._AUTHOR_LABEL_RE.match(text):
            assert not text[:2].isascii() or text[:2].lower() in textdump._BYLINE_HEADS, text


def test_sigmoid_in_place_is_the_sigmoid() -> None:
    from scraper.extractor import textmodel

    rng = np.random.default_rng(3)
    for size in (0, 1, 7, 33, 1000):
        z = rng.normal(size=size) * 20.0
        expected = textmodel._sigmoid(z)
        assert np.array_equal(
            textmodel._sigmoid_in_place(z.copy()).view(np.uint64), expected.view(np.uint64)
        )


def test_keep_blocks_match_the_numpy_masks(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(8)
    for n in (0, 1, 5, 300):
        forms = rng.integers(0, 2, n) * rng.integers(0, 3, n)
        links = rng.integers(0, 3, n) * (rng.random(n) < 0.4)
        probs = rng.random(n)
        probs[rng.random(n) < 0.1] = 0.3
        probs[rng.random(n) < 0.05] = np.nan
        dump = Dump([], *([np.zeros(n, dtype=np.int64)] * 8))
        dump.forms, dump.links = forms.astype(np.int64), links.astype(np.int64)
        for start, end in ((0, n), (n // 3, n), (n // 2, n // 2), (1, n + 4)):
            if start > end:
                continue
            found = textdump._keep_blocks(dump, probs, start, end, 0.1)
            with monkeypatch.context() as patch:
                patch.setattr(textdump, "_ctext", None)
                expected = textdump._keep_blocks(dump, probs, start, end, 0.1)
            assert found[1] == expected[1]
            assert found[0].dtype == expected[0].dtype and np.array_equal(found[0], expected[0])


def _block_texts() -> list[str]:
    return [text for dump in _dumps() for text in textlines.split_dump(dump).texts]


def test_language_of_is_numpys_argmax_of_the_sums() -> None:
    rng = np.random.default_rng(7)
    for rows in (0, 1, 5, 40):
        for _ in range(50):
            hits = rng.integers(0, 3, size=(rows, 7)).astype(np.int64)
            want = int(np.argmax(hits[:, :4].sum(axis=0)))
            assert _ctext.language_of(hits, 4) == want
    with pytest.raises(ValueError):
        _ctext.language_of(np.zeros((2, 3), dtype=np.int64), 4)


def test_sigmoid_in_place_matches_the_numpy_ufuncs(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = np.random.default_rng(3)
    odd = [np.nan, -np.nan, np.inf, -np.inf, 0.0, -0.0, 30.0, -30.0, 30.000001, -29.99999, 1e-300]
    z = np.concatenate([rng.normal(0, 20, 5000), odd])
    compiled = textmodel._sigmoid_in_place(z.copy())
    monkeypatch.setattr(textmodel, "_ctext", None)
    python = textmodel._sigmoid_in_place(z.copy())
    assert compiled.tobytes() == python.tobytes()  # bit for bit, NaN included


def test_apostrophes_match_the_regexes() -> None:
    texts = _block_texts()
    cases = ["", "'", "a'", "'a", "a'b", "a’b", "_'_", "1'2", "é'ü", "a''b", "a'b'c", "a' b"]
    for text in texts + cases:
        assert _ctext.apostrophes(text) == textdump._apostrophes(text)
    for code in range(0x3100):  # every neighbour on either side, each kind
        char = chr(code)
        for text in (f"a'{char}", f"{char}'a", f"a’{char}", f"{char}’a"):
            assert _ctext.apostrophes(text) == textdump._apostrophes(text)
    keep = list(range(0, len(texts), 2))
    body = "\n".join(texts[k] for k in keep)
    assert _ctext.kept_apostrophes(texts, keep) == textdump._apostrophes(body)


def test_trim_edges_is_the_same_without_the_join(monkeypatch: pytest.MonkeyPatch) -> None:
    curly = "It’s the body’s way, isn’t it, and we’re fine."
    cases = [
        [curly] * 5 + ["Don't click here"],
        ["Don't click here", *([curly] * 5)],
        ["a", "b", "c"],
        [curly, "Plain line", curly, "It's straight", curly],
    ]
    compiled = [textdump._trim_edges(t, list(range(len(t)))) for t in cases]
    monkeypatch.setattr(textdump, "_ctext", None)
    python = [textdump._trim_edges(t, list(range(len(t)))) for t in cases]
    assert compiled == python
    assert compiled[0] == [0, 1, 2, 3, 4] and compiled[1] == [1, 2, 3, 4, 5]


def test_dated_matches_the_regex() -> None:
    search = textedges._DATED_RE.search
    for text in _block_texts():
        assert _ctext.dated(text) == (search(text) is not None)
    for code in range(0x30000):  # every character before, after and inside the two forms
        char = chr(code)
        for text in (
            f"{char}12:30", f"12:30{char}", f"{char}2019", f"2019{char}", f"1{char}:30",
            f"20{char}9", f"{char}:30", f"12:{char}0", f"{char}{char}:{char}{char}",
            f"19{char}{char}",
        ):  # fmt: skip
            assert _ctext.dated(text) == (search(text) is not None), (hex(code), text)
    rng = np.random.default_rng(11)
    alphabet = [*"0123456789:: 1920a_.-/", "\u0663", "\uff11", "\u00b2", "\u2167"]
    for _ in range(20000):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 12))))
        assert _ctext.dated(text) == (search(text) is not None), text


def test_dated_skips_only_units_that_cannot_be_digits() -> None:
    """``_dated`` jumps a vector of units at a time to the next "0"-"9" (or, in two-byte
    text, a unit from U+0660: below it nothing else is decimal) (text33): long texts of each
    width with the two forms at every offset, and every code point as the forms' digits and
    neighbours inside long text, give the regex's verdict; the skip stops at no later unit."""
    search = textedges._DATED_RE.search
    assert [c for c in range(0x660) if chr(c).isdecimal()] == list(range(0x30, 0x3A))
    pads = ("a" * 37, ". " * 19, "\u00e9" * 37, "\u2019 " * 19, "x \u4e2d" * 12, "\U0001f600" * 37)
    forms = ("12:30", "2019", "1:05", "\u0663\u0663:\u0663\u0663", "x2019", "20199", "7", "19")
    for pad in pads:
        for at in range(len(pad) + 1):
            for form in forms:
                text = pad[:at] + form + pad[at:]
                assert _ctext.dated(text) == (search(text) is not None), text
    pad = ". " * 12
    for code in range(0x30000):
        char = chr(code)
        for text in (
            f"{pad}{char}2019{pad}", f"{pad}{char}{char}:{char}{char}{pad}",
            f"{pad}20{char}9{pad}", f"{pad}{char}{pad}12:30",
        ):  # fmt: skip
            assert _ctext.dated(text) == (search(text) is not None), (hex(code), text)
    rng = np.random.default_rng(33)
    alphabet = [*"ab .:019", "\u00e9", "\u2019", "\u0663", "\uff11", "\u065f", "\U0001f600"]
    for _ in range(3000):
        text = "".join(rng.choice(alphabet, size=int(rng.integers(0, 60))))
        assert _ctext.dated(text) == (search(text) is not None), text
        wide = max(map(ord, text), default=0) > 0xFF
        for start in range(len(text) + 1):
            stop = _ctext.digit_skip(text, start)
            assert start <= stop <= len(text)
            assert not any(
                "0" <= c <= "9" or (wide and ord(c) >= 0x660) for c in text[start:stop]
            ), (text, start, stop)


def test_byline_scan_skips_only_blocks_with_no_byline_head() -> None:
    heads = textdump._BYLINE_HEAD_CHARS
    for a in range(0x180):
        for b in (*range(0x80), 0xE9, 0x17F, 0x212A):
            text = chr(a) + chr(b) + " Name"
            head = text[:2]
            may = not (head.isascii() and head.lower() not in textdump._BYLINE_HEADS)
            assert (_ctext.byline_scan([text], [2], 0, 1, 5, 48, heads) == 0) == may, text
    for text, may in (("", False), ("a", False), ("é", True), ("B", False)):
        assert (_ctext.byline_scan([text], [1], 0, 1, 5, 48, heads) == 0) == may
    # a long block stops the scan at or past ``start`` only
    texts, words = ["Hello there", "Long one", "By Jane", "Long again"], [2, 60, 2, 60]
    assert _ctext.byline_scan(texts, words, 0, 4, 2, 48, heads) == 2
    assert _ctext.byline_scan(texts, words, 0, 4, 1, 48, heads) == 1
    assert _ctext.byline_scan(texts, words, 3, 3, 0, 48, heads) == 3


def test_find_byline_is_the_same_with_the_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    found = []
    for compiled in (True, False):
        if not compiled:
            monkeypatch.setattr(textdump, "_ctext", None)
        results = []
        for text in _dumps():
            dump = textlines.split_dump(text)
            words = np.array([len(t.split()) for t in dump.texts], dtype=np.int64)
            blocks = textdump._Blocks(dump, words)
            results += [textdump._find_byline(blocks, start) for start in range(len(dump))]
        found.append(results)
    assert found[0] == found[1]
    assert any(index is not None for index in found[0])


def test_cue_table_returns_what_the_dict_gets() -> None:
    # the keys' table gives the dict's own value objects (an int stays an int, None is 0.0);
    # a dict with a key that is not a str is read through the dict
    cues = {"share": 2, "more": None, "über": 1.5, "ab": 0.25, "kelvin": 3.0}
    text = "share more über ab kelvin sharé shares ab1 über-ab"
    words = textedges._WORD_RE.findall(text)
    want = [0.0 if cues.get(w) is None else cues[w] for w in words]
    assert _ctext.cue_values(text, cues) == want
    assert [type(v) for v in _ctext.cue_values(text, cues)] == [type(v) for v in want]
    mixed = {**cues, 7: 1.0}
    assert _ctext.cue_values(text, mixed) == want
    for other in ({}, {"share": 9.0}):  # another dict: its own table
        assert _ctext.cue_values(text, other) == [other.get(w, 0.0) for w in words]


def test_number_marks_read_in_c_match_the_bullet_pattern() -> None:
    # scan_spans with no match function reads "12. " marks itself: what _BULLET_RE.match ends at
    lines = ["1. a", "12) b", "123. c", "1234. d", "1.", "1. ", "1.x", "1 . x", "١٢. x", "²3. x"]
    lines += ["3)\u3000x", "3.\x1cx", "3.\x0b\x0bx", "9) ", "0.  \u00e9", "12.\u2003\u2003y", "7"]
    rng = np.random.default_rng(5)
    alphabet = [*"0123456789.) x", "\u0661", "\u00b2", "\x0b", "\u2003", "\x85"]
    for _ in range(5000):
        lines.append("1" + "".join(rng.choice(alphabet, size=int(rng.integers(0, 8)))))
    texts = ["\n".join(lines), *_dumps()]
    for text in texts:
        text = textlines._normalise(text)
        by_regex = _ctext.scan_spans(text, textlines._BULLETS, textlines._BULLET_RE.match)
        in_c = _ctext.scan_spans(text, textlines._BULLETS, None)
        for a, b in zip(by_regex, in_c, strict=True):
            assert np.array_equal(a, b)
    for line in lines:  # each line alone, not normalised (odd spaces kept)
        by_regex = _ctext.scan_spans(line, textlines._BULLETS, textlines._BULLET_RE.match)
        in_c = _ctext.scan_spans(line, textlines._BULLETS, None)
        assert all(np.array_equal(a, b) for a, b in zip(by_regex, in_c, strict=True)), line


def test_slug_token_codes_match_the_written_forms() -> None:
    """``slug_token_codes`` (the slug's forms tested by their parts) gives ``token_codes`` with
    the written forms of ``_slug_forms``: every base with every mark, cut and glued marks,
    bases that are known words, non-ASCII text and random tokens over the marks' alphabet."""
    urls = (
        "https://example.org/share-the-post-title/",
        "https://x.org/2026/01/über-straße-ǆemal-news-and-the-i-x/",
        "https://x.org/a-b/its-s",
    )
    rng = np.random.default_rng(28)
    for url in urls:
        slug = textfeatures.title_slug(url)
        forms = textfeatures._slug_forms(slug)
        passed = _ctext.key_filter(forms, textfeatures._CODES_FILTER)
        bases = [f for word in slug for f in (word, word.capitalize(), word.upper())]
        pieces = [*bases, *textfeatures._MARKS, "s", "'", "’", "x", "é", "\U0001f600", "The"]
        texts = [
            " ".join(forms) + " " + " ".join(f + m for f in forms for m in ("s", "’", "::")),
            *(textlines.split_dump(t).joined for t in _dumps()),
        ]
        for _ in range(2000):
            size = int(rng.integers(1, 6))
            texts.append(" ".join("".join(rng.choice(pieces, size=size)) for _ in range(5)))
        for text in texts:
            expected = _ctext.token_codes(text, textfeatures._CODES, forms, passed).tolist()
            found = _ctext.slug_token_codes(
                text, textfeatures._CODES, bases, textfeatures._MARKS, textfeatures._SLUG_BIT,
                textfeatures._CODES_FILTER,
            ).tolist()  # fmt: skip
            assert found == expected, text
    with pytest.raises(ValueError):
        _ctext.slug_token_codes("a", {}, [], ("abc",), 1, textfeatures._CODES_FILTER)


def test_ascii_cue_found_in_place_is_the_dict_lookup() -> None:
    """The end cut's ASCII cue words found in the keys' table (lower-cased as read) score what
    ``textend._cue`` scores: every case, glued and cut words, negative and int values."""
    cues = textedges.shipped_edges().cues
    words = [*cues, *(w.upper() for w in cues), *(w.capitalize() for w in cues)]
    words += ["x", "ab", "1", "_", "a1b", "-", "Zz", "about5", "ABOUTs"]
    rng = np.random.default_rng(29)
    for _ in range(20000):
        glue = str(rng.choice([" ", "", "-", "_", "9"]))
        text = glue.join(rng.choice(words, size=int(rng.integers(0, 12))))
        assert _ctext.ascii_cue(text, cues) == textend._cue(cues, text), text
    other = {"ab": -1.0, "cd": -2.0, "about": 3}
    for text in ("ab cd", "cd ab", "xx cd", "", "12", "ABOUT ab", "Cd Ab ab"):
        assert _ctext.ascii_cue(text, other) == textend._cue(other, text), text


def test_median_by_selection_is_the_sorted_median() -> None:
    """The edge step's medians by selection give ``textedges._median`` (the sorted middle or
    the mean of the two) on runs of equal values, sorted, reversed and random lists."""
    rng = np.random.default_rng(30)
    lists = [[1.0], [2.0, 1.0], [0.0] * 7, list(range(50)), list(range(50, 0, -1))]
    for _ in range(5000):
        size = int(rng.integers(1, 80))
        high = int(rng.choice([2, 5, 60, 1000]))
        lists.append(rng.integers(0, high, size=size).astype(float).tolist())
    lists.append(rng.random(501).tolist())
    for values in lists:
        assert _ctext.median_of_doubles(values) == textedges._median(values), values


def test_cue_values_read_without_lowering_match_the_lowered_text() -> None:
    """The edge cues of an ASCII text read letter by letter lower-cased give ``_cue_values``
    of the lowered text, at every limit; other texts and dicts go through the lowered copy."""
    cues = textedges.shipped_edges().cues
    words = [*cues, *(w.upper() for w in cues), *(w.capitalize() for w in cues)]
    words += ["x", "ab", "1", "_", "a1b", "-", "Zz", "about5", "ABOUTs", "Über", "é"]
    rng = np.random.default_rng(31)
    for _ in range(20000):
        glue = str(rng.choice([" ", "", "-", "_", "9", "’"]))
        text = glue.join(rng.choice(words, size=int(rng.integers(0, 12))))
        expected = _ctext.cue_values(text.lower(), cues)
        assert _ctext.cue_values_of(text, cues) == expected, text
        limit = int(rng.integers(0, 5))
        assert _ctext.cue_values_of(text, cues, limit) == expected[:limit], text
    odd = {"ab": 1.0, 2: 3.0}  # a key that is no str: no table, the dict's lookups
    assert _ctext.cue_values_of("AB cd ab", odd) == _ctext.cue_values("ab cd ab", odd)
