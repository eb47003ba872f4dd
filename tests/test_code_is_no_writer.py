"""Inline code names identifiers, never people (round fifty-six: a compiler blog's sentence
"By the end of type checking, we've graduated it to <code>TypedVar</code>:" gave the post the
writer "TypedVar"; a release note's links to the manual's events, each a ``<code>``, were read
as profile links naming six writers). A scanned element's names must be printed outside its
``<code>``, ``<kbd>``, ``<samp>`` and ``<var>``."""

from __future__ import annotations

from lxml import etree, html

from scraper import extract
from scraper.extractor.authorscan import _text_outside_code
from scraper.extractor.metadata import trace_metadata
from scraper.extractor.parse import parse_tree

BODY = "".join(
    f"<p>Part {i}: the compiler lowers each expression into the intermediate form, checks the"
    " types it infers against the ones declared, and reports what does not match.</p>"
    for i in range(6)
)


def _page(middle: str) -> str:
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Lowering</title>'
        "</head><body><article><h1>Lowering the base implementation</h1>"
        f"<p>March 3, 2024</p>{BODY}{middle}{BODY}</article></body></html>"
    )


def test_a_sentences_by_before_inline_code_names_no_writer() -> None:
    page = _page(
        "<p>By the end of type checking, we\u2019ve graduated it to <code>TypedVar</code>:</p>"
    )
    assert extract(page, "https://example.org/posts/lowering/").authors == ()


def test_linked_identifiers_in_code_are_no_profile_links() -> None:
    events = ", ".join(
        f'<a href="https://example.org/doc/user/autocmd.html#{name}"><code>{name}</code></a>'
        for name in ("TabNew", "TabNewEntered", "TabClosed")
    )
    page = _page(f"<p>Three new autocommand events have been added: {events}.</p>")
    url = "https://example.org/news/2015/04/"
    assert extract(page, url).authors == ()
    _, trace = trace_metadata(parse_tree(page), url)  # not even as a withheld candidate
    assert not {"TabNew", "TabClosed"} & {text for _, text in trace.candidates.get("authors", [])}


def test_a_byline_beside_inline_code_keeps_its_writer() -> None:
    page = _page("")
    page = page.replace(
        "<p>March 3, 2024</p>", '<p class="byline">By <a href="/authors/jo/">Jo Roe</a></p>'
    )
    assert extract(page, "https://example.org/posts/lowering/").authors == ("Jo Roe",)


def test_the_text_outside_code_keeps_tails_and_skips_code_at_any_depth() -> None:
    element = html.fragment_fromstring(
        "<p>moved to <code>TypedVar<b>inner</b></code>: done <b>Jo <i>Roe</i></b><!-- c --> end</p>"
    )
    assert _text_outside_code(element) == "moved to : done Jo Roe end"
    deep = etree.Element("div")
    node = deep
    for _ in range(5000):  # no recursion limit on a hostile page's nesting
        node = etree.SubElement(node, "span")
    node.text = "Jo Roe"
    etree.SubElement(node, "code").text = "x"
    assert _text_outside_code(deep) == "Jo Roe"
