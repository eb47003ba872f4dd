"""Fuzzing the extractor with mutated real pages and hostile structures.

Complements test_extract_robustness.py (properties of well-formed input): here the input is a
real fixture page broken at random (truncated, bytes flipped, tag soup spliced in, slices
duplicated or deleted, deep nesting injected) and documents built to hurt a parser (50,000
nested elements, huge text nodes, attribute floods, scripts only). Every call must return an
``Article`` (``extract`` raises only for a wrong argument type), be deterministic, serialise to
JSON, and finish within ``CALL_LIMIT_SECONDS`` (a guard against hangs, not a speed check).
"""

from __future__ import annotations

import json
import random
import signal
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from faultserver import PARAGRAPHS, article_html
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper import Article, extract

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CALL_LIMIT_SECONDS = 20
MUTANTS_PER_PAGE = 60
MAX_SEED_PAGES = 6
PAGE_KINDS = {"article", "listing", "other"}
MARKER = "zqxjkmarker"

RUNS: Counter[str] = Counter()


@pytest.fixture(scope="module", autouse=True)
def report_input_counts() -> Iterator[None]:
    """Prints how many generated inputs ran, per family, for the closing report (``-s``)."""
    yield
    print(f"\nextractor fuzz inputs: {dict(RUNS)} total={sum(RUNS.values())}")


class CallHung(Exception):
    """One extract() call ran past CALL_LIMIT_SECONDS."""


def _on_alarm(signum: int, frame: object) -> None:
    raise CallHung(f"extract() ran longer than {CALL_LIMIT_SECONDS} s")


def checked_extract(
    document: str | bytes, counter: str, *, twice: bool = False, **options: bool
) -> Article:
    """extract() under an alarm, with the invariants every result must satisfy; ``twice``
    also checks that a second call gives the same result (no hidden state)."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(CALL_LIMIT_SECONDS)
    try:
        first = extract(document, "https://fuzz.example/post/1", **options)
        second = extract(document, "https://fuzz.example/post/1", **options) if twice else first
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(first, Article)
    assert first == second, "extract() is not deterministic"
    assert first.page_kind in PAGE_KINDS
    assert isinstance(first.text, str)
    assert "\x00" not in first.text
    json.dumps(first.to_dict())
    RUNS[counter] += 1
    return first


def seed_pages() -> list[tuple[str, bytes]]:
    """The repository's real fixture pages (whatever exists) plus a generated article."""
    paths = sorted(FIXTURES.glob("**/*.html"))
    paths = paths[:: max(1, len(paths) // MAX_SEED_PAGES)][:MAX_SEED_PAGES]
    pages = [(p.relative_to(FIXTURES).as_posix(), p.read_bytes()) for p in paths]
    pages.append(("generated-article", article_html("Generated article").encode()))
    return pages


# --- the mutation fuzzer -----------------------------------------------------------------------

TAG_SOUP = (
    b"<div",
    b"</p>",
    b"<p><b><i>",
    b"</div></div></div>",
    b"<table><tr><td>",
    b"<!--",
    b"-->",
    b"<![CDATA[",
    b"<script>",
    b"</script>",
    b"<style>",
    b"<svg><foreignObject><math>",
    b"<html><body>",
    b"&#0;&#xD800;&#99999999;&amp",
    b'<a href="javascript:alert(1)" onclick="',
    b"<meta charset='utf-16'>",
    b"<?xml version='1.0' encoding='ebcdic'?>",
    b"\x00\xff\xfe\xef\xbb\xbf",
    b"<noscript><template><iframe srcdoc='<p>x</p>'>",
)


def _truncate(data: bytes, rng: random.Random) -> bytes:
    return data[: rng.randrange(len(data) + 1)]


def _flip_bytes(data: bytes, rng: random.Random) -> bytes:
    buffer = bytearray(data)
    for _ in range(rng.randint(1, 40)):
        if buffer:
            buffer[rng.randrange(len(buffer))] = rng.randrange(256)
    return bytes(buffer)


def _splice_soup(data: bytes, rng: random.Random) -> bytes:
    for _ in range(rng.randint(1, 12)):
        at = rng.randrange(len(data) + 1)
        data = data[:at] + rng.choice(TAG_SOUP) + data[at:]
    return data


def _duplicate_slice(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) + 1)
    end = min(len(data), start + rng.randint(1, 4000))
    return data[:end] + data[start:end] * rng.randint(2, 20) + data[end:]


def _delete_slice(data: bytes, rng: random.Random) -> bytes:
    start = rng.randrange(len(data) + 1)
    return data[:start] + data[start + rng.randint(1, 5000) :]


def _inject_nesting(data: bytes, rng: random.Random) -> bytes:
    tag = rng.choice([b"div", b"span", b"b", b"li", b"td", b"blockquote"])
    depth = rng.choice([300, 3000, 20_000])
    closed = rng.random() < 0.5
    block = b"<" + tag + b">"
    injected = block * depth + (b"</" + tag + b">") * depth if closed else block * depth
    at = rng.randrange(len(data) + 1)
    return data[:at] + injected + data[at:]


def _strip_markup(data: bytes, rng: random.Random) -> bytes:
    return data.replace(b"<", b"", rng.randint(1, 200))


def _reencode(data: bytes, rng: random.Random) -> bytes:
    text = data.decode("utf-8", "replace")
    codec = rng.choice(["utf-16", "utf-16-le", "cp1252", "latin-1", "utf-32", "koi8-r"])
    return text.encode(codec, "replace")


MUTATIONS: tuple[Callable[[bytes, random.Random], bytes], ...] = (
    _truncate,
    _flip_bytes,
    _splice_soup,
    _duplicate_slice,
    _delete_slice,
    _inject_nesting,
    _strip_markup,
    _reencode,
)


def mutants(data: bytes, seed: int, count: int) -> Iterator[bytes]:
    """``count`` mutants of ``data``, each one to three stacked mutations, reproducible."""
    rng = random.Random(seed)
    for _ in range(count):
        mutant = data
        for mutation in rng.sample(MUTATIONS, rng.randint(1, 3)):
            mutant = mutation(mutant, rng)
        yield mutant


@pytest.mark.parametrize(("name", "page"), seed_pages(), ids=lambda v: str(v)[:40])
def test_mutated_real_pages_never_crash_or_hang(name: str, page: bytes) -> None:
    for index, mutant in enumerate(mutants(page, seed=len(page), count=MUTANTS_PER_PAGE)):
        as_bytes = bool(index % 2)
        document: str | bytes = mutant if as_bytes else mutant.decode("utf-8", "replace")
        options = {"markdown": index % 3 == 0, "include_comments": True}
        checked_extract(document, "mutation", twice=index % 4 == 0, **options)


def test_unmutated_seed_pages_still_give_their_text() -> None:
    """The fuzzer's baseline: the generated article's prose comes out intact."""
    article = checked_extract(article_html("Baseline").encode(), "baseline")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text


# --- hostile structures ------------------------------------------------------------------------

PROSE = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)


def _page(body: str, head: str = "<title>Hostile</title>") -> str:
    return f"<!doctype html><html><head>{head}</head><body>{body}</body></html>"


HOSTILE: dict[str, str | bytes] = {
    "50k-nested-divs": _page("<div>" * 50_000 + PROSE + "</div>" * 50_000),
    "50k-unclosed-divs": _page("<div>" * 50_000 + PROSE),
    "50k-nested-inline": _page("<b><i>" * 25_000 + PROSE),
    "20k-nested-tables": _page("<table><tr><td>" * 20_000 + PROSE),
    "50k-nested-lists": _page("<ul><li>" * 25_000 + PROSE),
    "100k-siblings": _page("<div><span>x</span></div>" * 100_000 + PROSE),
    "5mb-text-node": _page("<p>" + "lorem ipsum " * 440_000 + "</p>"),
    "one-5mb-word": _page("<p>" + "a" * 5_000_000 + "</p>"),
    "20k-attributes": _page("<div " + " ".join(f"a{i}='{i}'" for i in range(20_000)) + ">x</div>"),
    "scripts-only": "<html><head>"
    + "<script>var x = 1;</script>" * 5_000
    + "</head><body>"
    + "<script>document.write('<p>hi</p>')</script>" * 5_000
    + "</body></html>",
    "huge-comment": _page("<!--" + "-" * 2_000_000 + PROSE),
    "unterminated-cdata": _page("<![CDATA[" + PROSE * 1000),
    "10k-json-ld": _page(
        "",
        "<script type='application/ld+json'>" + "[" * 10_000 + "]" * 10_000 + "</script>",
    ),
    "broken-json-ld": _page(PROSE, '<script type=\'application/ld+json\'>{"@type": "Arti'),
    "many-meta-tags": _page(PROSE, "<meta name='author' content='x'>" * 50_000),
    "control-chars": _page("<p>" + "".join(chr(c) for c in range(32)) * 1000 + "</p>" + PROSE),
    "lone-surrogates": _page("<p>\ud800\udfff\ud83d</p>" + PROSE),
    "null-bytes": ("<html><body>" + PROSE + "</body></html>").encode().replace(b"p>", b"p>\0"),
    "utf16-bom-utf8-body": b"\xff\xfe" + _page(PROSE).encode(),
    "utf8-bom-declares-latin1": b"\xef\xbb\xbf" + _page(PROSE, "<meta charset='latin-1'>").encode(),
    "unknown-charset": _page(PROSE, "<meta charset='x-no-such-charset'>").encode(),
    "only-whitespace": " \n\t\r " * 10_000,
    "only-doctype": "<!doctype html>",
    "xml-declaration-and-bom": b"\xef\xbb\xbf<?xml version='1.0'?>" + _page(PROSE).encode(),
    "frameset": "<html><frameset><frame src='a'><frame src='b'></frameset></html>",
    "random-binary": random.Random(1).randbytes(200_000),
    "pdf-bytes": b"%PDF-1.7\n" + random.Random(2).randbytes(100_000),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_structure_is_survived(name: str) -> None:
    checked_extract(HOSTILE[name], "hostile")


def test_pages_of_only_scripts_give_no_text() -> None:
    article = checked_extract(HOSTILE["scripts-only"], "hostile")
    assert article.text == ""
    assert article.page_kind != "article"


def test_deep_nesting_around_the_article_keeps_its_text() -> None:
    """50,000 nested containers around the prose: the prose must survive, not be cut off."""
    article = checked_extract(HOSTILE["50k-nested-divs"], "hostile")
    assert PARAGRAPHS[0] in article.text


def test_deep_junk_before_the_article_does_not_hide_it() -> None:
    """A hostile 50,000-deep widget before the article must not swallow the article."""
    junk = "<aside>" + "<div>" * 50_000 + "x" + "</div>" * 50_000 + "</aside>"
    article = checked_extract(_page(junk + f"<article>{PROSE}</article>"), "hostile")
    for paragraph in PARAGRAPHS:
        assert paragraph in article.text


# --- hypothesis: generated documents -----------------------------------------------------------

TAGS = ["div", "p", "span", "article", "section", "a", "b", "ul", "li", "table", "td", "h2"]
TAGS += ["script", "style", "nav", "footer", "pre", "br", "img", "template", "svg", "noscript"]

texts = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=0, max_size=40
)
attributes = st.dictionaries(
    st.sampled_from(["class", "id", "href", "src", "lang", "data-x", "style", "onclick"]),
    texts,
    max_size=3,
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    def render(parts: tuple[str, dict[str, str], list[str], bool]) -> str:
        tag, attrs, inner, closed = parts
        rendered = "".join(f' {k}="{v.replace(chr(34), "&quot;")}"' for k, v in attrs.items())
        return f"<{tag}{rendered}>{''.join(inner)}" + (f"</{tag}>" if closed else "")

    return st.tuples(
        st.sampled_from(TAGS), attributes, st.lists(children, max_size=5), st.booleans()
    ).map(render)


documents = st.recursive(texts, _element, max_leaves=60).map(
    lambda body: f"<html><head><title>t</title></head><body>{body}</body></html>"
)

FUZZ_SETTINGS = settings(
    max_examples=200,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@FUZZ_SETTINGS
@given(documents, st.booleans())
def test_generated_documents_never_crash(document: str, markdown: bool) -> None:
    checked_extract(document, "hypothesis-html", twice=True, markdown=markdown)


@settings(FUZZ_SETTINGS, max_examples=1000)
@given(st.binary(max_size=4000), st.sampled_from([None, "utf-8", "latin-1", "bogus", "utf-16"]))
def test_arbitrary_bytes_never_crash(data: bytes, encoding: str | None) -> None:
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.alarm(CALL_LIMIT_SECONDS)
    try:
        article = extract(data, encoding=encoding)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert isinstance(article, Article)
    json.dumps(article.to_dict())
    RUNS["hypothesis-bytes"] += 1


@FUZZ_SETTINGS
@given(documents, texts)
def test_script_and_style_content_never_reaches_the_text(document: str, prose: str) -> None:
    hidden = (
        f"<script>var {MARKER} = 1;</script><style>.{MARKER} {{}}</style>"
        f"<template><p>{MARKER} template</p></template>"
    )
    page = document.replace("<body>", f"<body>{hidden}<p>{prose}</p>", 1)
    article = checked_extract(page, "hypothesis-hidden")
    assert MARKER not in article.text
