"""A cold ASCII class/id string's verdict in C (round twenty, ``_cwalks.ascii_verdict``) is
``attr_verdict`` of its digit-free key: each pattern read as the finite set of strings it
matches (``vocab.expanded_words``), the taxonomy tokens taken out as ``_TAXONOMY_TOKEN_RE.sub``
does, the key tests in ``attr_verdict``'s order. Pinned on the fixture pages' class/id strings,
strings glued from the patterns' own strings and separators, and random strings; any other
string gives -1 (the Python reading). Skipped where the extension is not built."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import prune, vocab
from scraper.extractor.parse import parse_tree

cwalks = pytest.importorskip("scraper.extractor._cwalks")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_DIGITS = re.compile("[0-9]+")
_REGEXES = {
    "hard": vocab.HARD_BOILERPLATE_ATTR_RE,
    "camel": vocab.CAMEL_BOILERPLATE_ATTR_RE,
    "boilerplate": vocab.BOILERPLATE_ATTR_RE,
    "content": vocab.CONTENT_ATTR_RE,
    "comments": vocab.COMMENTS_ATTR_RE,
    "strong": vocab.STRONG_CONTENT_ATTR_RE,
    "embed": vocab.EMBED_ATTR_RE,
}


def _fixture_words() -> list[str]:
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


def _glued(rng: random.Random, count: int) -> list[str]:
    """Strings of the patterns' strings (cut, upper-cased), taxonomy words and keys, glued
    with the separators the edges, the taxonomy and the digit key read."""
    pieces = [word for _, _, words in vocab.ATTR_VERDICT_WORDS for word in words]
    pieces += [*prune._TAXONOMY_WORDS, "x", "a", "twitter", "instagram", "articleBody"]
    separators = [" ", "-", "_", ":", ".", "", "", "\t", "\n", "\x1c", "\x0b", "7", "42", "/"]
    found = []
    for _ in range(count):
        text = ""
        for _ in range(rng.randrange(1, 6)):
            piece = rng.choice(pieces)
            cut = rng.random()
            if cut < 0.1:
                piece = piece[1:]
            elif cut < 0.2:
                piece = piece[:-1]
            elif cut < 0.35:
                piece = piece.upper()
            text += piece + rng.choice(separators)
        found.append(text if rng.random() < 0.5 else text[:-1])
    return found


def _random(rng: random.Random, count: int) -> list[str]:
    alphabet = "abcdegilmnoprstuxy-_:. 0123456789\t\n\x0b\x0c\r\x1c\x1f"
    return [
        "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 24))) for _ in range(count)
    ]


def _strings() -> list[str]:
    rng = random.Random(2024)
    edge_cases = ["", " ", "tag-x", " tag-x y", "\ttag-a\tcomments", "x category-y sidebar"]
    edge_cases += ["tag-", "cat-share", "share cat-", "format-aside entry-content", "Author-Box"]
    edge_cases += ["twitter-tweet share", "embed-social", "comments2", "nav1", "ads", "ad"]
    return _fixture_words() + _glued(rng, 30000) + _random(rng, 20000) + edge_cases


def test_expanded_words_are_what_the_patterns_match() -> None:
    for name, _edge, words in vocab.ATTR_VERDICT_WORDS:
        regex = _REGEXES[name]
        for word in words:
            assert regex.search(word), (name, word)
    assert vocab.expanded_words("comments?|author-?(?:bio|box)?") == (
        "author",
        "author-",
        "author-bio",
        "author-box",
        "authorbio",
        "authorbox",
        "comment",
        "comments",
    )
    for bad in ("ads*", "a+b", "x{2}", "[ab]", r"a\sb", "(ab)", "a)b", "(?:ab", "^ab"):
        with pytest.raises(ValueError):
            vocab.expanded_words(bad)


def test_ascii_verdict_is_attr_verdict() -> None:
    plain = prune.attr_verdict.__wrapped__  # type: ignore[attr-defined]
    met = set()
    for text in _strings():
        verdict = cwalks.ascii_verdict(prune._VERDICT_WORDS, text)
        assert verdict == plain(_DIGITS.sub("", text)), text
        met.add(verdict)
    assert met == set(range(6))  # every verdict was met


def test_other_strings_go_to_python() -> None:
    for text in ("caf\u00e9 share", "\u017fhare", "K\u212a", "a\x00b", "share" * 200, "x\u00a0ad"):
        assert cwalks.ascii_verdict(prune._VERDICT_WORDS, text) == -1, text


def test_words_verdict_with_and_without_c(monkeypatch: pytest.MonkeyPatch) -> None:
    strings = [*_strings()[:20000], "caf\u00e9 share", "share" * 200]
    found = []
    for flag in (False, True):
        monkeypatch.setattr(prune, "COMPILED_VERDICT", flag)
        prune._RAW_VERDICTS.clear()
        found.append([prune.words_verdict(text) for text in strings])
    assert found[0] == found[1]


def test_hidden_style_is_the_regex() -> None:
    rng = random.Random(7)
    pieces = ["display", "DISPLAY", "Visibility", "visibility", ":", " ", "\t", "\x1c", "none"]
    pieces += ["NONE", "hidden", "Hidden", "block", ";", "x", "disp", "lay", "hid", "den"]
    for _ in range(20000):
        style = "".join(rng.choice(pieces) for _ in range(rng.randrange(0, 8)))
        expected = vocab.HIDDEN_STYLE_RE.search(style) is not None
        assert cwalks.hidden_style(style) == int(expected), style
    for style in ("d\u0131splay:none", "\u017ftyle", "display:none \u00e9"):
        assert cwalks.hidden_style(style) == -1


@pytest.mark.parametrize("switch", ["COMPILED_ATTENTION", "COMPILED_PAIRS"])
def test_scan_with_and_without_the_walk_deciding(
    switch: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The pre-walk passing over quiet attention attributes, and handing over the elements the
    loop would only record as (element, verdict), leaves the scan's lists as they are: fixture
    pages, whose elements carry style, role, aria-hidden and itemprop, classes and ids."""
    pairs = 0
    for path in sorted(PAGES.rglob("*.html")):
        html = path.read_text(encoding="utf-8", errors="replace")
        results = []
        for flag in (False, True):
            root = parse_tree(html)
            assert root is not None
            prune.drop_never_text(root)
            monkeypatch.setattr(prune, switch, flag)
            scan = prune.scan_boilerplate(root, strict=True)
            results.append([[root.getroottree().getpath(el) for el in part] for part in scan])
        assert results[0] == results[1], path
        found = cwalks.attributed(
            root,
            prune._LEAF_TAGS,
            vocab.SOFT_DROP_TAGS,
            prune._RAW_VERDICTS,
            prune.KEEP,
            prune.words_verdict,
            prune._ROLE_NAMES,
            True,
        )
        pairs += sum(isinstance(item, tuple) for item in found)
    assert pairs > 0  # the walk did decide elements


def test_ascii_verdict_at_the_end_of_the_string() -> None:
    """Every pattern string, and each of its prefixes, at the very end of a string (the prefix
    test reads the text's next four bytes, NULs past its end): the verdict is the regexes'."""
    plain = prune.attr_verdict.__wrapped__  # type: ignore[attr-defined]
    for _, _, words in vocab.ATTR_VERDICT_WORDS:
        for word in words:
            for size in range(2, len(word) + 1):
                for text in (word[:size], f"x-{word[:size]}", f"a {word[:size]}"):
                    verdict = cwalks.ascii_verdict(prune._VERDICT_WORDS, text)
                    assert verdict == plain(_DIGITS.sub("", text)), text


def test_scan_with_and_without_cold_verdicts_in_c(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pre-walk judging a cold ASCII class/id string itself (``ColdVerdicts``) gives the
    scan's lists and fills the memo as the call back into ``words_verdict`` does: the fixture
    pages, each scanned from an empty memo, and a page of glued and non-ASCII strings."""
    rng = random.Random(5)
    glued = "".join(
        f"<div class='{text}'><p>x</p></div>" for text in _glued(rng, 300) if "'" not in text
    )
    pages = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(PAGES.rglob("*.html"))]
    pages.append(f"<html><body>{glued}<div class='caf\u00e9 share'>y</div></body></html>")
    for html in pages:
        results = []
        for flag in (False, True):
            root = parse_tree(html)
            assert root is not None
            prune.drop_never_text(root)
            monkeypatch.setattr(prune, "COMPILED_COLD", flag)
            prune._RAW_VERDICTS.clear()
            scan = prune.scan_boilerplate(root, strict=True)
            paths = [[root.getroottree().getpath(el) for el in part] for part in scan]
            results.append((paths, dict(prune._RAW_VERDICTS)))
        assert results[0] == results[1]
    cold = prune._COLD_VERDICTS
    assert cold is not None and cold.memo is prune._RAW_VERDICTS
    assert cold("share") == prune.words_verdict("share")
