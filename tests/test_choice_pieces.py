"""Round twenty-two, branch speed36: the author and date choice's cheaper pieces give what their
reference forms give. ``_cmeta.date_context`` (``datescan._context`` in C) the same answer as
``datescan._python_context`` for every element of fixture pages and random trees (footers,
articles, asides, off and skipped tags, comments, taxonomy and "has-" classes, a namespaced
tag, a comment); ``metadata._author_support``, ``_author_features`` and
``_name_signals`` the same features, in the same order, as the generator forms they replace.
The C test is skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import datescan, metadata
from scraper.extractor.parse import parse_html
from scraper.extractor.titles import loose

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"
_CLASSES = [
    "post-date",
    "date",
    "comment",
    "comments",
    "has-comments",
    "related",
    "sidebar",
    "widget",
    "category-news tag-comments",
    "meta",
    "entry-meta",
    "published",
    "x&amp;y",
    "",
]
_TAGS = ["div", "span", "article", "main", "aside", "footer", "nav", "form", "blockquote", "p"]


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(1, 4)):
        kind = rng.random()
        if kind < 0.08:
            out.append("<!--c-->")
        elif kind < 0.25:
            out.append("May 3, 2024")
        elif kind < 0.28:
            out.append("<svg><text>x</text></svg>")
        else:
            tag = rng.choice(_TAGS)
            attrs = ""
            if rng.random() < 0.5:
                attrs += f' class="{rng.choice(_CLASSES)}"'
            if rng.random() < 0.3:
                attrs += f' id="{rng.choice(_CLASSES)}"'
            inner = _random_html(rng, depth + 1) if depth < 6 and rng.random() < 0.7 else ""
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


def _roots() -> list:
    roots = [parse_html(page.read_text(encoding="utf-8")) for page in sorted(PAGES.rglob("*.html"))]
    rng = random.Random(36)
    roots += [parse_html(f"<html><body>{_random_html(rng)}</body></html>") for _ in range(400)]
    return [root for root in roots if root is not None]


def test_date_context_matches_the_proxy_walk() -> None:
    pytest.importorskip("scraper.extractor._cmeta")
    assert datescan._compiled_date_context is not None and datescan.COMPILED_CONTEXT
    checked = 0
    answers = set()
    for root in _roots():
        for element in root.iter():
            expected = datescan._python_context(element)
            assert datescan._context(element) == expected
            answers.add(expected)
            checked += 1
    assert checked > 10_000
    assert None in answers and len(answers) >= 5  # the walk's branches are all reached


def test_date_context_hands_unmodelled_nodes_to_python() -> None:
    pytest.importorskip("scraper.extractor._cmeta")
    root = parse_html('<html><body><article><div class="x"><span>May 3</span></div></article>')
    assert root is not None
    span = next(root.iter("span"))
    comment = etree.Comment("c")
    span.append(comment)
    spaced = etree.SubElement(span, "{urn:x}date")  # a namespaced tag
    bits = datescan._compiled_date_context
    args = (datescan._SKIPPED_BYTES, datescan._OFF_BYTES, datescan._own_words_verdict, 0, {})
    assert bits(comment, *args) == -2
    assert bits(spaced, *args) == -2
    assert bits(span, *args) == 2  # in the <article>, no hint, no side column
    for element in (comment, spaced, span):
        assert datescan._context(element) == datescan._python_context(element)


def _generator_support(found, keys):  # the round-twenty-one form, the reference
    shown = [not source.startswith(metadata._DECLARING_PREFIXES) for source, _, _ in found]
    in_post = [
        bool(extra.get("scan:in_post")) or source in ("byline element", "byline text")
        for source, _, extra in found
    ]
    near = [source in ("scan name line", "byline element", "byline text") for source, _, _ in found]
    people = min(len({frozenset(key) for key, seen in zip(keys, shown, strict=True) if seen}), 6)
    bylined = [
        (near[j] or in_post[j]) and shown[j] and metadata._person_shaped(names[0])
        for j, (_, names, _) in enumerate(found)
    ]
    out = []
    for index, own in enumerate(keys):
        others = [j for j, key in enumerate(keys) if j != index and key & own]
        mates = [index, *others]
        rivals = [j for j, key in enumerate(keys) if not key & own]
        out.append(
            {
                "agree:shown": min(sum(1 for j in others if shown[j]), 4) / 4.0,
                "agree:declared": min(sum(1 for j in others if not shown[j]), 4) / 4.0,
                "agree:in_post": float(any(in_post[j] for j in mates)),
                "agree:near_title": float(any(near[j] for j in mates)),
                "shown": float(shown[index]),
                "shown_any": float(any(shown[j] for j in mates)),
                "shown_people": people / 6.0,
                "rival:bylined": float(any(bylined[j] for j in rivals)),
                "rival:declared": float(any(not shown[j] for j in rivals)),
            }
        )
    return out


_SOURCES = [
    "json-ld author",
    "meta author",
    "byline element",
    "byline text",
    "scan name line",
    "scan author box",
    "microdata author",
]
_NAMES = ["Jane Doe", "jane doe", "Acme News", "J. Roe", "admin", "Staff", "Bob2", "Ünal Öz", "x-y"]


def test_author_support_and_features_match_the_generator_forms() -> None:
    rng = random.Random(7)
    labels = ["acme", "acmenews"]
    for _ in range(3000):
        found = []
        for _ in range(rng.randint(1, 7)):
            names = tuple(rng.sample(_NAMES, rng.randint(1, 2)))
            extra = {"scan:in_post": 1.0} if rng.random() < 0.3 else {}
            found.append((rng.choice(_SOURCES), names, extra))
        keys = [{loose(name) for name in names} for _, names, _ in found]
        if rng.random() < 0.1:
            keys[0] = set()  # (an empty key: the candidate is its own rival)
        got = metadata._author_support(found, keys)
        want = _generator_support(found, keys)
        assert [list(row.items()) for row in got] == [list(row.items()) for row in want]
        for index, (source, names, _) in enumerate(found):
            features = metadata._author_features(
                index, source, names, keys, {"acme news"}, "jane doe wins", {"p": 1.0}
            )
            own = keys[index]
            assert features["agree"] == min(sum(1 for o in keys if o & own) - 1, 4) / 2.0
            assert features["has_digit"] == float(any(map(str.isdigit, names[0])))
            key = loose(names[0])
            assert features["in_title"] == float(bool(key) and key in "jane doe wins")
            signals = metadata._name_signals(names[0], {"acme", "news"}, labels)
            words = loose(names[0]).split()
            assert signals["name:site_word"] == float(any(w in {"acme", "news"} for w in words))
            assert signals["name:org_word"] == float(
                any(w in metadata._ORGANISATION_WORDS for w in words)
            )


def test_has_digit_on_wide_digits() -> None:
    for text in ["abc", "a1", "x\u00b2", "\u0663", "Jane", "", "J\u00f6rg 3"]:
        assert metadata._has_digit(text) == any(map(str.isdigit, text))


def test_declared_days_read_lazily_give_the_same_order() -> None:
    from scraper.extractor.dates import day_order_page
    from scraper.extractor.sources import gather_sources

    pages = [
        '<html lang="en"><head><meta property="article:published_time" content="2023-10-03">'
        "</head><body><p>Posted 03/10/2023</p><p>On 09.10.2024</p></body></html>",
        '<html lang="en-GB"><body><p>Posted 03/10/2023</p></body></html>',
        "<html><body><p>May 3, 2024</p></body></html>",
    ]
    roots = [parse_html(page) for page in pages] + _roots()[:40]
    for root in roots:
        if root is None:
            continue
        sources = gather_sources(root)
        texts = [text for text, _, _ in sources.marks().dated]
        eager = day_order_page(texts, sources.html_lang, metadata._machine_days(sources))
        lazy = metadata._DeclaredDays(sources)
        assert day_order_page(texts, sources.html_lang, lazy) == eager
    first = gather_sources(roots[0])
    assert day_order_page(
        [t for t, _, _ in first.marks().dated], "en", metadata._DeclaredDays(first)
    ) == day_order_page(["Posted 03/10/2023"], "en", {"2023-10-03"})
    assert "2023-10-03" in metadata._DeclaredDays(first) and len(metadata._DeclaredDays(first)) == 1


def test_month_prefilter_keeps_every_written_date() -> None:
    from scraper.extractor import dates

    def reference(text: str) -> str | None:  # ``_from_words`` without the prefilter
        saved = dates._ANY_MONTH_RE
        dates._ANY_MONTH_RE = None
        try:
            return dates._from_words(text)
        finally:
            dates._ANY_MONTH_RE = saved

    assert dates._ANY_MONTH_RE is not None
    rng = random.Random(11)
    names = [*dates._MONTHS, "Σep", "MAY", "Août", "MÄRZ", "İan", "xyz", "Mayo."]
    texts = ["Posted May 3, 2024", "3 juil. 2021", "04-AGO-2021", "2023 Jan 7", "12/03/2024"]
    for _ in range(20000):
        name = rng.choice(names)
        name = name.upper() if rng.random() < 0.3 else name.title() if rng.random() < 0.3 else name
        day, year = rng.randint(0, 40), rng.choice(["2024", "1999", "24", "20245"])
        form = rng.choice(
            ["{n} {d}, {y}", "{d} {n} {y}", "{y} {n} {d}", "{d}-{n}-{y}", "{n}{d}{y}"]
        )
        texts.append(rng.choice(["", "By x ", "Σ "]) + form.format(n=name, d=day, y=year))
    found = 0
    for text in texts:
        expected = reference(text)
        assert dates._from_words(text) == expected, text
        found += expected is not None
    assert found > 2000
