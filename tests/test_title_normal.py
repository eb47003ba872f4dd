"""``_cwalks.title_normal``: an ASCII text's ``clean.normalise_title`` form made in C, pinned
against the Python function, and the two callers that use it (the block features' title
repeats, the scan's slug words) with their switches flipped."""

from __future__ import annotations

import random
import string

import numpy as np
import pytest

from scraper.extractor import features, prune
from scraper.extractor.clean import normalise_title

_cwalks = pytest.importorskip("scraper.extractor._cwalks")


def _texts(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    ascii_chars = string.printable + "\x00\x01\x7f_"
    mixed = ascii_chars + "éÀßİıΣσςﬁ\u00a0\u2019\u3000"
    texts = ["", " ", "_", "__a__", "Hello, World!", "ABC_def--12 3", "a\tb\nc", "\x00\x7f A"]
    texts += ["Respond-to-review-comments", "respond_to_review", "ÀB", "Straße", "İstanbul"]
    for _ in range(count):
        alphabet = ascii_chars if rng.random() < 0.8 else mixed
        texts.append("".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60))))
    return texts


def test_title_normal_as_normalise_title() -> None:
    """Every ASCII edge (digits, "_", control characters, runs of separators) and non-ASCII
    text (through the fallback) gives ``normalise_title``'s string."""
    for text in _texts(5, 30_000):
        assert _cwalks.title_normal(normalise_title, text) == normalise_title(text), text


def test_title_normal_hands_other_text_to_the_fallback() -> None:
    """Only ASCII text is read in C: anything else is what the given function returns."""
    seen: list[str] = []

    def fallback(text: str) -> str:
        seen.append(text)
        return "fallback"

    assert _cwalks.title_normal(fallback, "Plain ASCII") == "plain ascii"
    assert _cwalks.title_normal(fallback, "Café") == "fallback"
    assert _cwalks.title_normal(fallback, "\u2019quoted\u2019") == "fallback"
    assert seen == ["Café", "\u2019quoted\u2019"]


def test_slug_words_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """``prune._slug_words`` gives the same word lists with the C form and without it."""
    texts = _texts(7, 5_000)
    monkeypatch.setattr(prune, "COMPILED_SLUG", False)
    plain = [prune._slug_words(text) for text in texts]
    monkeypatch.setattr(prune, "COMPILED_SLUG", True)
    assert [prune._slug_words(text) for text in texts] == plain


def test_repeats_title_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The block features' title-repeat column is the same with the C normal form and with
    ``normalise_title`` called back, on random titles and lines of every kind."""
    rng = random.Random(3)
    pool = _texts(9, 600)
    for _ in range(300):
        title = rng.choice([*pool[:40], "The Big Story: Part 2", "A title, with words"])
        texts = [rng.choice(pool) or "x" for _ in range(12)]
        texts += [title, title.upper(), title[:5], "  " + title + "!"]
        kinds = np.array([float(rng.randint(0, 10)) for _ in texts], dtype=np.float64)
        monkeypatch.setattr(features, "COMPILED_TITLE_NORMAL", False)
        plain = features._repeats_title(texts, kinds, title)
        monkeypatch.setattr(features, "COMPILED_TITLE_NORMAL", True)
        fast = features._repeats_title(texts, kinds, title)
        assert fast.tobytes() == plain.tobytes(), (title, texts)


def test_may_hold_flood_as_the_python_loop(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_cwalks.may_hold_flood`` answers as ``parse._may_hold_flood``'s loop on random bytes
    with small blocks (runs across blocks, "<" or ">" at the edges, no bracket at all) and on
    page-sized floods."""
    from scraper.extractor import parse

    rng = random.Random(4)
    alphabets = [b"<>=ab", b"a=b ", b"<a =>xxxxxxxxxxxx", b"====<>"]
    cases: list[tuple[bytes, int, int]] = []
    for _ in range(20_000):
        alphabet = rng.choice(alphabets)
        data = bytes(rng.choice(alphabet) for _ in range(rng.randint(0, 80)))
        cases.append((data, rng.choice([1, 2, 3, 4, 8, 16]), rng.choice([0, 1, 2, 3, 5])))
    flood = b'<div class="x" ' + b" ".join(b"a%d=1" % i for i in range(400)) + b">text</div>"
    for page in (flood, b"<p>" + b"x" * 9000 + b"</p>", b"x" * 9000, b"<" + b"=" * 9000):
        cases.append((page * 3, parse._BLOCK_BYTES, parse.MAX_ATTRIBUTES))
    answers = []
    for data, block, most in cases:
        monkeypatch.setattr(parse, "_BLOCK_BYTES", block)
        monkeypatch.setattr(parse, "MAX_ATTRIBUTES", most)
        monkeypatch.setattr(parse, "COMPILED_FLOOD", False)
        plain = parse._may_hold_flood(data)
        monkeypatch.setattr(parse, "COMPILED_FLOOD", True)
        assert parse._may_hold_flood(data) is plain, (data, block, most)
        answers.append(plain)
    assert any(answers) and not all(answers)


def _section_page(rng: random.Random) -> str:
    """A random page of sections with slug ids, headings that repeat them or not, nesting,
    non-ASCII and entity-laden headings, and siblings of other tags in between."""
    words = ["respond", "to", "review", "Comments", "share", "a", "Ça", "naïve", "x1", "_"]

    def slug() -> str:
        chosen = [rng.choice(words) for _ in range(rng.randint(0, 4))]
        return rng.choice(["-", "_", " ", "--", "."]).join(chosen)

    def heading(ident: str) -> str:
        text = ident.replace("-", " ") if rng.random() < 0.6 else slug()
        text = rng.choice(["", "&amp; ", "<b>", " ", "1. "]) + text + rng.choice(["", "!", "é"])
        if "<b>" in text:
            text += "</b>"
        level = rng.randint(1, 7)
        tag = f"h{level}" if level <= 6 else "p"
        return f"<{tag}>{text}</{tag}>"

    parts = []
    for _ in range(rng.randint(1, 8)):
        tag = rng.choice(["section", "div", "h2", "span"])
        ident = slug()
        attr = f' id="{ident}"' if rng.random() < 0.85 else ""
        inner = heading(ident) if tag != "h2" else ident.replace("-", " ")
        if rng.random() < 0.3:
            inner = f"<div><p>lead</p>{inner}</div>"
        parts.append(f"<{tag}{attr}>{inner}<p>body text</p></{tag}>")
        if rng.random() < 0.2:
            parts.append("<!-- c --><p>between</p>")
    return "<html><body><main>" + "".join(parts) + "</main></body></html>"


def test_document_section_as_the_python_test(monkeypatch: pytest.MonkeyPatch) -> None:
    """``_cwalks.document_section`` answers as ``prune.is_document_section`` wherever it
    answers (None hands a case to Python), on 600 random pages' elements with an id."""
    from scraper.extractor.parse import parse_tree

    rng = random.Random(21)
    answered = handed = agreed_true = 0
    for _ in range(600):
        root = parse_tree(_section_page(rng))
        assert root is not None
        for el in root.iter("*"):
            if el.get("id") is None:
                continue
            monkeypatch.setattr(prune, "COMPILED_SECTION", False)
            plain = prune.is_document_section(el)
            fast = _cwalks.document_section(el)
            if fast is None:
                handed += 1
                continue
            answered += 1
            agreed_true += fast
            assert fast is plain, (el.tag, el.get("id"))
            monkeypatch.setattr(prune, "COMPILED_SECTION", True)
            assert prune.is_document_section(el) is plain
    assert answered > 1000 and handed > 0 and agreed_true >= 10


def test_page_title_sources_as_the_python_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """``body.page_title`` with ``_cwalks.title_sources`` gives the Python reads' title on
    random heads: og:title / twitter:title metas (empty, blank, without content, after other
    metas), metas in the body, no <head>, a <title> in the body or none."""
    from scraper.extractor import body
    from scraper.extractor.parse import parse_tree

    rng = random.Random(8)
    metas = [
        '<meta property="og:title" content="Open Graph Title">',
        '<meta name="twitter:title" content="Card title">',
        '<meta property="og:title" content="   ">',
        '<meta property="og:title" content="">',
        '<meta property="og:title">',
        '<meta name="og:title" content="by name">',
        '<meta property="twitter:title" content="by property">',
        '<meta name="description" content="words">',
        '<meta property="og:title" content=" Café\u2019s  title ">',
    ]
    titles = ["<title>Page title</title>", "<title> </title>", "<title></title>", ""]
    seen = set()
    for _ in range(1500):
        head = "".join(rng.choice(metas) for _ in range(rng.randint(0, 4)))
        head += rng.choice(titles)
        inside = "".join(rng.choice(metas) for _ in range(rng.randint(0, 2)))
        inside += rng.choice(titles)
        page = rng.choice(
            [
                f"<html><head>{head}</head><body><p>x</p>{inside}</body></html>",
                f"<html><body><p>x</p>{inside}</body></html>",
                f"{head}<p>text</p>",
            ]
        )
        root = parse_tree(page)
        if root is None:
            continue
        monkeypatch.setattr(body, "COMPILED_TITLE_SOURCES", False)
        plain = body.page_title(root)
        monkeypatch.setattr(body, "COMPILED_TITLE_SOURCES", True)
        assert _cwalks.title_sources(root) is not None
        assert body.page_title(root) == plain, page
        seen.add(plain)
    assert {"Open Graph Title", "Card title", "Page title", None} <= seen
