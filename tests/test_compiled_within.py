"""``PageSources._scan``'s compiled pieces give what their Python twins give:
``_cmeta.marks_within`` the same marks (page order) as ``sources._marks_within`` for every
element of fixture pages and random trees as the scope (None for a scope outside <body>),
``_microdata_marks_of`` the same elements as the Python filter, and ``_scan`` the same
microdata and bylines with the switch on and off. Skipped where the extension is not built."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from lxml import etree

from scraper.extractor import sources
from scraper.extractor.pagemarks import is_microdata_mark
from scraper.extractor.parse import parse_html

compiled = pytest.importorskip("scraper.extractor._cmeta")

PAGES = Path(__file__).resolve().parent.parent / "fixtures" / "pages"


def _random_html(rng: random.Random, depth: int = 0) -> str:
    out = []
    for _ in range(rng.randint(1, 5)):
        kind = rng.random()
        if kind < 0.1:
            out.append("<!--c-->")
        elif kind < 0.3:
            out.append("text")
        else:
            tag = rng.choice(["span", "div", "a", "article", "p", "section"])
            attrs = ""
            if rng.random() < 0.3:
                attrs += f' class="{rng.choice(["author", "byline", "x", "post-author", "a"])}"'
            if rng.random() < 0.2:
                attrs += f' itemprop="{rng.choice(["author", "name", "datePublished"])}"'
            inner = _random_html(rng, depth + 1) if depth < 5 and rng.random() < 0.6 else ""
            out.append(f"<{tag}{attrs}>{inner}</{tag}>")
    return "".join(out)


def _roots() -> list[etree._Element]:
    roots = [parse_html(page.read_text(encoding="utf-8")) for page in sorted(PAGES.rglob("*.html"))]
    rng = random.Random(35)
    for _ in range(300):
        head = '<meta itemprop="name" content="x"><link class="author" href="/a">'
        roots.append(
            parse_html(
                f"<html><head>{head if rng.random() < 0.5 else ''}</head>"
                f"<body>{_random_html(rng)}</body></html>"
            )
        )
    return [root for root in roots if root is not None]


def _checked_scopes(root: etree._Element) -> int:
    page = sources.gather_sources(root)
    marks = page.marks().microdata
    body = root.find("body")
    checked = 0
    for scope in root.iter(etree.Element):
        for given in (body, None):
            want = sources._marks_within(marks, scope, given)
            got = compiled.marks_within(marks, scope, given)
            assert got == want
            checked += 1
        want_head = list(filter(is_microdata_mark, scope.iter(etree.Element)))
        assert sources._microdata_marks_of(scope) == want_head
    return checked


def test_marks_within_and_head_filter_match_python() -> None:
    assert sum(_checked_scopes(root) for root in _roots()) > 5_000


def test_scan_same_with_switch_on_and_off(monkeypatch: pytest.MonkeyPatch) -> None:
    for root in _roots():
        page = sources.gather_sources(root)
        scopes = [root, page.post_scope(), *list(root.iter("div", "article"))[:6]]
        monkeypatch.setattr(sources, "COMPILED_WITHIN", False)
        want = [page._scan(scope) for scope in scopes]
        monkeypatch.setattr(sources, "COMPILED_WITHIN", True)
        assert [page._scan(scope) for scope in scopes] == want


def _random_head(rng: random.Random) -> str:
    keys = ["property", "name", "itemprop", "http-equiv", "content", "rel", "href"]
    values = ["", " ", "og:title", " OG:Type ", "author", "x&amp;y", "É", "Ünï", "a b", "&lt;"]
    values += ["og:type", "og:type", "article", "Article", "ARTİCLE", "articles"]
    rels = ["author", "Canonical", "stylesheet", "icon x", "", " next  prev", "preload"]
    out = []
    for _ in range(rng.randint(0, 12)):
        tag = rng.choice(["meta", "link"])
        attrs = "".join(
            f' {key}="{rng.choice(rels if key == "rel" else values)}"'
            for key in rng.sample(keys, rng.randint(0, 4))
        )
        out.append(f"<{tag}{attrs}>")
    return "".join(out)


def _random_headings(rng: random.Random) -> str:
    out = []
    for _ in range(rng.randint(0, 10)):
        tag = rng.choice(["h1", "h2", "h3", "h4", "h1"])
        attrs = ""
        if rng.random() < 0.4:
            attrs += f' class="{rng.choice(["entry-title", "post_title", "x", "Headline", ""])}"'
        if rng.random() < 0.2:
            attrs += f' itemprop="{rng.choice(["headline", "name", "alternativeHeadline"])}"'
        inner = rng.choice(["T", '<a href="/">Home</a>', '<span><a href="/p">P</a></span>', ""])
        out.append(f"<{tag}{attrs}>{inner} words</{tag}>")
    return "".join(out)


def _gathered(root: etree._Element) -> dict[str, object]:
    page = sources.gather_sources(root)
    keep = ("meta", "links", "h1", "h1s", "logo_titles", "entry_titles", "headings_before_h1")
    return {
        "fields": {name: getattr(page, name) for name in keep},
        "h1_element": page.h1_element,
        "entry_title_element": page.entry_title_element,
        "shape": page.shape,
        "declared": page.declared_article,
        "order": (list(page.meta), list(page.links)),
    }


def test_head_tags_and_headings_same_with_switch_on_and_off(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    rng = random.Random(22)
    roots = _roots()
    for _ in range(400):
        html = f"<html><head>{_random_head(rng)}</head><body>{_random_headings(rng)}</body></html>"
        root = parse_html(html)
        if root is not None:
            roots.append(root)
    heads = ['<meta property="og:type" content="ARTICLE">', '<meta property="og:type">']
    heads += [
        '<meta property="og:type" content="ARTİCLE">',
        '<meta property="OG:type" content="article">',
    ]
    heads += ['<meta name="x" content="y"><meta content="Article" property="og:type">']
    for head in heads:
        root = parse_html(f"<html><head>{head}</head><body><h2>T</h2></body></html>")
        assert root is not None
        roots.append(root)
    assert sum(sources.gather_sources(root).declared_article for root in roots[-5:]) == 2
    for root in roots:
        monkeypatch.setattr(sources, "COMPILED_HEAD_TAGS", False)
        want = _gathered(root)
        monkeypatch.setattr(sources, "COMPILED_HEAD_TAGS", True)
        assert _gathered(root) == want


def _random_marked(rng: random.Random, depth: int = 0) -> str:
    texts = ["By Jo Roe", "May 3, 2024", " 1999 ", "by", "Posted 2020-01-02", "x" * 90 + " 2021"]
    texts += ["Written by Ann", "\u00a0By Al", "Ünï 2023", "", "2019" * 80, "Bo 20", "text"]
    out = []
    for _ in range(rng.randint(1, 5)):
        tag = rng.choice(["span", "div", "a", "p", "script", "svg", "time", "li", "textarea"])
        attrs = ""
        if rng.random() < 0.3:
            attrs += f' class="{rng.choice(["author", "byline", "user-card", "authorName", "x"])}"'
        if rng.random() < 0.15:
            attrs += f' itemprop="{rng.choice(["author", "name", ""])}"'
        if tag == "a" and rng.random() < 0.5:
            attrs += f' rel="{rng.choice(["author", "tag"])}" href="/author/jo-roe"'
        inner = _random_marked(rng, depth + 1) if depth < 4 and rng.random() < 0.5 else ""
        out.append(f"<{tag}{attrs}>{rng.choice(texts)}{inner}</{tag}>{rng.choice(texts)}")
    return "".join(out)


def test_marks_loop_same_with_switch_on_and_off(monkeypatch: pytest.MonkeyPatch) -> None:
    from scraper.extractor import pagemarks

    rng = random.Random(5)
    roots = _roots()
    for _ in range(600):
        root = parse_html(f"<html><body>{_random_marked(rng)}</body></html>")
        if root is not None:
            roots.append(root)
    checked = 0
    for root in roots:
        got = []
        for flag in (False, True):
            monkeypatch.setattr(pagemarks, "COMPILED_LOOP", flag)
            marks = pagemarks.walk_marks(root)
            got.append((marks.authors, marks.dated, marks.tags, marks.microdata))
            got[-1] += (marks.paragraph_chars, marks.complete, marks.comment_area)
        assert got[0] == got[1]
        checked += len(got[0][0]) + len(got[0][1])
    assert checked > 2_000


def test_ld_scripts_keeps_what_the_type_test_keeps() -> None:
    rng = random.Random(9)
    parts = ["ld", "+", "json", "LD", "JSON", "ld+json", "Ld+JsOn", "application/", " ", "İ", "K"]
    types = ["".join(rng.choices(parts, k=rng.randint(0, 5))) for _ in range(3000)]
    types += ["application/ld+json", "APPLICATION/LD+JSON", "ld+jso", "d+json", ""]
    scripts = "".join(f'<script type="{value}">{{}}</script>' for value in types)
    root = parse_html(f"<html><head>{scripts}<script>x</script></head><body></body></html>")
    assert root is not None
    found = list(root.iter("script"))
    want = [e for e in found if "ld+json" in (e.get("type") or "").lower()]
    assert compiled.ld_scripts(found) == want
    assert len(want) > 100
