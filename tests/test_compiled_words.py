"""The class/id word paths in C (round sixteen) give what the Python paths give:
``_cwalks.literal_mask`` (which of ``attr_verdict``'s patterns may match, from their literal
words, ``vocab.literal_words``), ``_cwalks.without_digits`` (the memo key) and
``_cwalks.hidden_counts`` (``body.hidden_lines``' loop). Pinned on the fixture pages' class/id
strings, strings made of the vocabulary's words, random strings (non-ASCII and digits
included) and random pages. Skipped where the extension is not built."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree
from randompages import random_page

from scraper.extractor import blocks, body, prune, vocab
from scraper.extractor.blocks import page_blocks
from scraper.extractor.body import hidden_lines
from scraper.extractor.parse import parse_tree
from scraper.extractor.prune import drop_never_text

cwalks = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_PATTERNS = {
    "hard": vocab.HARD_BOILERPLATE_ATTR_RE,
    "camel": vocab.CAMEL_BOILERPLATE_ATTR_RE,
    "boilerplate": vocab.BOILERPLATE_ATTR_RE,
    "content": vocab.CONTENT_ATTR_RE,
}


def _fixture_words() -> list[str]:
    """Every class, id and "class id" string of the fixture pages."""
    found: set[str] = set()
    for path in sorted(PAGES.rglob("*.html")):
        root = parse_tree(path.read_text(encoding="utf-8", errors="replace"))
        if root is None:
            continue
        for el in root.iter(etree.Element):
            cls, ident = el.get("class"), el.get("id")
            found.update(word for word in (cls, ident) if word is not None)
            if cls is not None and ident is not None:
                found.add(f"{cls} {ident}")
    return sorted(found)


def _vocabulary_words(rng: random.Random, count: int) -> list[str]:
    """Class strings made of the patterns' words, their literal words, parts of them and
    layout words, joined by the separators the token edges read."""
    pieces = [w for words in vocab.ATTR_PATTERN_WORDS.values() for w in words]
    pieces += ["header", "masthead", "comments", "ads", "postmetadata", "advertisement"]
    pieces += ["entry-content", "post-body", "sharedaddy", "jp-relatedposts", "sidebar-1"]
    pieces += ["wrap", "row", "col-md-8", "x", "shar", "relate", "Share", "ÉTÉ", "ſhare"]
    pieces += list(vocab.LAYOUT_CLASSES)
    separators = [" ", "-", "_", ":", ".", "", "  ", "1"]
    found = []
    for _ in range(count):
        parts = [rng.choice(pieces) for _ in range(rng.randrange(1, 5))]
        text = parts[0]
        for part in parts[1:]:
            text += rng.choice(separators) + part
        found.append(text)
    return found


def _random_strings(rng: random.Random, count: int) -> list[str]:
    alphabet = "abcdemnoprstuy-_ :.0123456789Aé\u0663\u00a0ß\U0001f600"
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 30))) for _ in range(count)
    ]


def _all_strings() -> list[str]:
    rng = random.Random(16)
    strings = _fixture_words() + _vocabulary_words(rng, 4000) + _random_strings(rng, 2000)
    return strings + [s.lower() for s in strings]


def test_literal_words_are_in_every_match() -> None:
    for name, pattern in _PATTERNS.items():
        words = vocab.ATTR_PATTERN_WORDS[name]
        edge = name in vocab.ATTR_EDGE_PATTERNS
        for text in _all_strings():
            for match in pattern.finditer(text):
                if edge:  # the match starts with one of the words
                    assert text.startswith(words, match.start()), (name, text, match.group())
                else:
                    assert any(word in text for word in words), (name, text, match.group())


def test_literal_words_of_a_pattern() -> None:
    assert vocab.literal_words(r"ads?|advert(?:ising)?|share|sharing|shareaholic") == (
        "ad",
        "share",
        "sharing",
    )
    assert vocab.literal_words(r"author-?(?:bio|box)|co+l|xx{2}y") == ("author", "co", "x")
    assert vocab.literal_words(r"ads?|header|adsense", edge=True) == ("ad", "header")
    with pytest.raises(ValueError):
        vocab.literal_words(r"(?:a|b)c|d")
    with pytest.raises(ValueError):
        cwalks.WordTable([(1, "a", False)])  # one character: not indexed by two


def _occurs(word: str, text: str, edge: bool) -> bool:
    """``word`` in ``text``; with ``edge``, where a token starts (the edge patterns' rule)."""
    start = text.find(word)
    while start >= 0:
        if not edge or start == 0 or text[start - 1] in "_-:." or text[start - 1].isspace():
            return True
        start = text.find(word, start + 1)
    return False


def test_mask_is_the_words_that_occur() -> None:
    bits = dict(prune._PATTERN_BITS)
    strings = [*_all_strings(), "x\u00a0ad", "x\x1cad", "x\x85post", "\tpost", "read"]
    for text in strings:
        if any(ord(char) > 255 for char in text):
            assert cwalks.literal_mask(prune._WORD_TABLE, text) == prune._ALL_PATTERNS
            continue
        expected = 0
        for name, words in vocab.ATTR_PATTERN_WORDS.items():
            edge = name in vocab.ATTR_EDGE_PATTERNS
            if any(_occurs(word, text, edge) for word in words):
                expected |= bits[name]
        assert cwalks.literal_mask(prune._WORD_TABLE, text) == expected, text


def test_attr_verdict_with_and_without_the_mask(monkeypatch: pytest.MonkeyPatch) -> None:
    plain = prune.attr_verdict.__wrapped__  # type: ignore[attr-defined]
    strings = _all_strings()
    monkeypatch.setattr(prune, "COMPILED_WORDS", False)
    expected = [plain(text) for text in strings]
    monkeypatch.setattr(prune, "COMPILED_WORDS", True)
    assert [plain(text) for text in strings] == expected
    assert len(set(expected)) == 6  # every verdict was met


def test_without_digits() -> None:
    digits = re.compile("[0-9]+")
    for text in [*_all_strings(), "", "123", "post-1234", "a1b2c3\U0001f6009"]:
        assert cwalks.without_digits(text) == digits.sub("", text), text


def test_memo_key_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    keys: list[str] = []
    for flag in (False, True):
        monkeypatch.setattr(prune, "COMPILED_WORDS", flag)
        seen: list[str] = []

        def record(key: str, seen: list[str] = seen) -> int:
            seen.append(key)
            return 0

        for text in ("post-1234 entry", "\u0663\u0664 x", "a1", "plain"):
            prune.memo_without_digits({}, text, record)
        keys.append("|".join(seen))
    assert keys[0] == keys[1]


def _hidden_both_ways(html: str, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    results = []
    for flag in (False, True):
        root = parse_tree(html)
        assert root is not None
        drop_never_text(root)
        found = page_blocks(root, vocab.SKIP_RENDER_TAGS)
        monkeypatch.setattr(body, "COMPILED_HIDDEN", flag)
        monkeypatch.setattr(blocks, "COMPILED_CLASS_ID", flag)
        monkeypatch.setattr(blocks, "COMPILED_ATTENTION", flag)
        monkeypatch.setattr(blocks, "COMPILED_MISSED_BITS", flag)
        results.append(hidden_lines(found))
    assert results[0] == results[1]
    return results[0]


def test_hidden_lines_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        _hidden_both_ways(path.read_text(encoding="utf-8", errors="replace"), monkeypatch)


_TAGS = ["div", "section", "ul", "li", "p", "h2", "td", "span", "a", "details"]
_ATTRS = ["", ' class="sidebar"', ' id="comments"', ' class="entry-content" id="post-12"']
_ATTRS += [" hidden", ' aria-hidden="true"', ' style="display:none"', ' class="tab" hidden']
_ATTRS += [' itemprop="articleBody"', ' data-x="1"', ' class=""', ' id="related-2"']


def test_hidden_lines_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(16)
    counted = 0
    for _ in range(300):
        html = random_page(rng, _hidden_element)
        counted += sum(_hidden_both_ways(html, monkeypatch))
    assert counted  # hidden panels were met


_MIXED = ["", ' class="share"', ' id="post-7"', ' class="entry-content" id="main"', ' data-x="1"']
_MIXED += [
    ' class="sidebar" data-id="3"',
    ' id="related" title="t"',
    ' class="x" style="color:red"',
]
_MIXED += [' class="tab" hidden', ' role="navigation" data-a="b"', ' itemprop="text" class="c"']
_MIXED += [' class="" id=""', ' class="widget-9 promo" lang="en"', ' id="comments" dir="ltr"']
_MIXED += [' class="nav" aria-hidden="true"', ' title="x"', ' class="author-bio" data-q="1"']
_MIXED += [' style="DISPLAY :\tNone" class="x"', ' style="visibility:visible" id="y"']
_MIXED += [' role="Navigation" class="x"', ' role="main" class="post"', ' role="" id="z"']
_MIXED += [' aria-hidden="false" class="x"', ' itemprop="articleBody" class="c"', ' style=""']
_MIXED += [' itemprop="name" class="sidebar"', ' style="d\u0131splay:none"', ' role="men\u00fc"']
_MIXED += [' style="color:red" role="note" itemprop="x" aria-hidden="no" class="wrap" id="m"']
_MIXED_TAGS = ["div", "section", "p", "li", "ul", "span", "a", "header", "form", "td", "table"]


def _hidden_element(rng: random.Random) -> tuple[str, str]:
    tag = rng.choice(_TAGS)
    return tag, f"<{tag}{rng.choice(_ATTRS)}>text {rng.randrange(9)}"


def _mixed_element(rng: random.Random) -> tuple[str, str]:
    tag = rng.choice(_MIXED_TAGS)
    words = " ".join(rng.choice(["word", "text", "more words here"]) for _ in range(3))
    return tag, f"<{tag}{rng.choice(_MIXED)}>{words}"


def _mixed_page(rng: random.Random) -> str:
    return random_page(rng, _mixed_element, elements=(3, 50))


def _scan_both_ways(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """The scan with the cold strings judged in the C walk against the Python loop, each run
    on a cold memo (every string judged where the code under test judges it)."""
    root = parse_tree(html)
    assert root is not None
    drop_never_text(root)
    results = []
    for flag in (False, True):
        prune._RAW_VERDICTS.clear()
        monkeypatch.setattr(prune, "COMPILED_WORDS", flag)
        monkeypatch.setattr(prune, "COMPILED_SCAN", flag)
        monkeypatch.setattr(prune, "COMPILED_VERDICT", flag)
        monkeypatch.setattr(prune, "COMPILED_ATTENTION", flag)
        monkeypatch.setattr(prune, "COMPILED_PAIRS", flag)
        results.append(prune.scan_boilerplate(root, strict=True))
    for field in prune.Scan._fields:
        ours, theirs = getattr(results[1], field), getattr(results[0], field)
        assert len(ours) == len(theirs), field
        assert all(a is b for a, b in zip(ours, theirs, strict=True)), field


def _bits_both_ways(html: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every context's ``own``/``inherited`` with class/id elements read in C (cold memos)
    against the lazy properties."""
    found = []
    for flag in (False, True):
        blocks._ATTR_BITS.clear()
        root = parse_tree(html)
        assert root is not None
        drop_never_text(root)
        contexts = page_blocks(root, vocab.SKIP_RENDER_TAGS).contexts
        monkeypatch.setattr(blocks, "COMPILED_BITS", flag)
        monkeypatch.setattr(blocks, "COMPILED_CLASS_ID", flag)
        monkeypatch.setattr(blocks, "COMPILED_ATTENTION", flag)
        monkeypatch.setattr(blocks, "COMPILED_MISSED_BITS", flag)
        blocks.read_bits(contexts)
        found.append([(c.own, c.inherited) for c in contexts])
    assert found[0] == found[1]


def test_scan_and_bits_fixture_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    for path in sorted(PAGES.rglob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        _scan_both_ways(html, monkeypatch)
        _bits_both_ways(html, monkeypatch)


def test_scan_and_bits_random_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(1616)
    for _ in range(300):
        html = _mixed_page(rng)
        _scan_both_ways(html, monkeypatch)
        _bits_both_ways(html, monkeypatch)


def test_group_bits_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    """``blocks._group_bits`` read in C (``first_match_bits``) against the regex's ``findall``,
    on every string above and strings made of the group words (prefixes of each other,
    glued, after letters, digits and hyphens)."""
    plain = blocks._group_bits.__wrapped__  # type: ignore[attr-defined]
    rng = random.Random(160)
    group_words = list(blocks._WORD_GROUP)
    glued = []
    for _ in range(4000):
        parts = [
            rng.choice([*group_words, "x", "-", "1", " ", "é", "Ad", "POST"]) for _ in range(5)
        ]
        glued.append(rng.choice(["", " ", "_"]).join(parts))
    strings = [*_all_strings(), *glued, "posted", "adsads", "sidebar-ad", "postedpost", "aside"]
    monkeypatch.setattr(blocks, "COMPILED_GROUPS", False)
    expected = [plain(text) for text in strings]
    monkeypatch.setattr(blocks, "COMPILED_GROUPS", True)
    assert [plain(text) for text in strings] == expected
    assert len(set(expected)) > 100


def test_raw_group_bits_against_the_memo_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_cwalks.raw_first_match_bits`` (a raw string's digits dropped and ASCII letters
    lowered in C) is ``_group_bits(without_digits(words))`` on every ASCII string, -1 on every
    other; and ``attr_bits`` gives the same bits with ``COMPILED_RAW_GROUPS`` on and off (and
    with ``COMPILED_GROUPS`` off), on the strings above, upper-case and digit-laden ones, and
    strings longer than the C stack buffer."""
    plain = blocks._group_bits.__wrapped__  # type: ignore[attr-defined]
    rng = random.Random(230)
    group_words = list(blocks._WORD_GROUP)
    made = []
    for _ in range(3000):
        parts = [
            rng.choice([*group_words, "AD", "Post", "9", "2024", "-", " ", "_", "é", "x"])
            for _ in range(rng.randint(1, 8))
        ]
        made.append("".join(parts))
    long = " ".join(rng.choice(group_words).upper() + str(rng.randint(0, 99)) for _ in range(90))
    strings = [*_all_strings(), *made, long, long.lower(), "", "123", "Side9Bar", "A" * 300]
    assert any(len(text) > 256 and text.isascii() for text in strings)
    table = blocks._GROUP_TABLE
    for text in strings:
        found = cwalks.raw_first_match_bits(table, text)
        if text.isascii():
            assert found == plain(cwalks.without_digits(text).lower()), text
        else:
            assert found == -1, text
    got = {}
    for raw, groups in ((True, True), (False, True), (False, False)):
        monkeypatch.setattr(blocks, "COMPILED_RAW_GROUPS", raw)
        monkeypatch.setattr(blocks, "COMPILED_GROUPS", groups)
        blocks._ATTR_BITS.clear()
        blocks._GROUP_BITS.clear()
        blocks._group_bits.cache_clear()  # type: ignore[attr-defined]
        got[raw, groups] = [blocks.attr_bits(text) for text in strings]
    assert got[True, True] == got[False, True] == got[False, False]
    assert len(set(got[True, True])) > 100
