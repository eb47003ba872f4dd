"""The parse stage: a decoded page is parsed as UTF-8 whatever it declares, the fast text
helper gives exactly what lxml's ``text_content()`` gives, and ``extract()``'s plain-element
tree is the same tree as ``parse_html``'s, extracted the same."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree
from lxml.html import HtmlElement
from test_extract_robustness import tag_soup

from scraper import extract
from scraper.extractor import extract_tree, parse_html
from scraper.extractor.parse import element_text, parse_tree
from scraper.extractor.prune import drop_never_text

PARAGRAPH = "Zürich’s café owners — and their “crème brûlée” — welcomed the new rules this week."


def _page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head>{head}</head><body><article><p>{PARAGRAPH}</p>{body}</article></body></html>"
    )


def test_text_after_a_nul_is_kept() -> None:
    root = parse_html(_page(body="<p>before\x00after the NUL byte</p>"))
    assert root is not None
    assert "beforeafter the NUL byte" in element_text(root)


def test_a_decoded_page_ignores_its_meta_charset() -> None:
    # The str is already decoded: a Latin-1 declaration must not re-decode its UTF-8 bytes.
    root = parse_html(_page(head='<meta charset="iso-8859-1">'))
    assert root is not None
    assert PARAGRAPH in element_text(root)


def test_an_xml_declaration_with_an_encoding_is_ignored_too() -> None:
    page = '<?xml version="1.0" encoding="windows-1252"?>' + _page()
    assert PARAGRAPH in extract(page).text


def test_lone_surrogates_do_not_break_the_parse() -> None:
    root = parse_html(_page(body="<p>broken \ud800 surrogate</p>"))
    assert root is not None
    assert "broken ? surrogate" in element_text(root)


def test_whitespace_only_input_has_no_tree() -> None:
    assert parse_html(" \n\t ") is None


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_element_text_equals_text_content(markup: str) -> None:
    root = parse_html(f"<div>{markup}</div><p>tail<b>bold</b>after</p>")
    if root is None:
        return
    for element in root.iter():
        assert element_text(element) == element.text_content()


def test_never_text_elements_go_and_their_tails_stay() -> None:
    root = parse_html(
        "<html><body><nav><a href='/'>Home</a></nav>kept tail<script>var x;</script>"
        "<p>Text<button>Share</button> and more</p></body></html>"
    )
    assert root is not None
    drop_never_text(root)
    assert [el.tag for el in root.iter()] == ["html", "body", "p"]
    assert " ".join(element_text(root).split()) == "kept tailText and more"


def _thinned_by_regex(data: bytes) -> bytes:
    """What ``_thin_attribute_floods`` gives with no precheck: the regex over the whole page."""
    from scraper.extractor import parse

    def thin(match):  # type: ignore[no-untyped-def]
        attributes = match.group(2)
        if attributes.count(b"=") <= parse.MAX_ATTRIBUTES:
            return match.group(0)
        kept = parse._ATTRIBUTE_RE.findall(attributes)[: parse.MAX_ATTRIBUTES]
        return b"<" + match.group(1) + b" " + b" ".join(kept) + b">"

    return parse._LONG_TAG_RE.sub(thin, data)


def test_the_flood_precheck_never_spares_a_page_the_regex_would_thin() -> None:
    """Long tags at every offset around the precheck's blocks, with attribute counts on both
    sides of the limit, and long runs of text with many "=" that are no tag at all."""
    from scraper.extractor.parse import MAX_ATTRIBUTES, _thin_attribute_floods

    pages = []
    for count in (MAX_ATTRIBUTES - 1, MAX_ATTRIBUTES, MAX_ATTRIBUTES + 1, 3000):
        attributes = b" ".join(b'data-a%d="%d"' % (n, n) for n in range(count))
        for offset in (0, 1, 4095, 4096, 4097, 8191, 8192, 12_000):
            lead = b"<p>" + b"x" * offset + b"</p>"
            pages.append(lead + b"<div " + attributes + b">text</div>")
            pages.append(lead + b"<div " + b"y" * 9000 + b" " + attributes + b"/>")
            pages.append(lead + b"<div " + attributes)  # never closed
            pages.append(lead + b"<script>" + b"a=1;" * count + b"</script>")
    changed = 0
    for page in pages:
        expected = _thinned_by_regex(page)
        assert _thin_attribute_floods(page) == expected
        changed += expected != page
    assert changed > 0


PAGES = sorted((Path(__file__).resolve().parent.parent / "fixtures" / "pages").glob("*.html"))


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(tag_soup())
def test_the_plain_tree_is_the_html_tree(markup: str) -> None:
    page = f"<html><head><title>t</title></head><body><div>{markup}</div></body></html>"
    html_root, plain_root = parse_html(page), parse_tree(page)
    assert (html_root is None) == (plain_root is None)
    if html_root is not None and plain_root is not None:
        assert isinstance(html_root, HtmlElement) and not isinstance(plain_root, HtmlElement)
        assert etree.tostring(html_root) == etree.tostring(plain_root)


@pytest.mark.parametrize("path", PAGES, ids=lambda path: path.stem)
def test_extract_on_a_plain_tree_equals_extract_tree_on_an_html_tree(path: Path) -> None:
    page = path.read_text(encoding="utf-8")
    url = "https://example.org/post"
    for markdown in (False, True):
        expected = extract_tree(parse_html(page), url, markdown=markdown, include_comments=True)
        assert extract(page, url, markdown=markdown, include_comments=True) == expected


_NO_BODY_TAG = (
    "<!doctype html><html lang=en><meta charset=utf-8><title>Up to 4GB · V8</title>"
    "<link href=/main.css rel=stylesheet><script>1</script><!-- c -->"
    "<header id=header><a href=/>V8</a></header><main><article><h1>Up to 4GB</h1>"
    "<p>Some text of the post.</p><footer><p>Posted by Andreas Haas.</p></footer></article>"
    "</main><script>2</script>"
)


@pytest.mark.parametrize("parse", [parse_html, parse_tree])
def test_a_page_without_head_and_body_tags_has_its_body_where_a_browser_opens_it(parse) -> None:
    # minifiers leave both tags out, as HTML allows: libxml2 kept <header>, <main> and all in
    # the <head>, where nothing is read as a reader's
    root = parse(_NO_BODY_TAG)
    assert root is not None
    assert [child.tag for child in root] == ["head", "body"]
    head_tags = [child.tag for child in root.find("head") if isinstance(child.tag, str)]
    assert head_tags == ["meta", "title", "link", "script"]
    assert [child.tag for child in root.find("body")] == ["header", "main", "script"]


def test_a_page_without_a_body_tag_names_its_writer() -> None:
    article = extract(_NO_BODY_TAG, url="https://v8.dev/blog/4gb-wasm-memory")
    assert article.authors == ("Andreas Haas",)


def test_a_head_holding_only_head_elements_is_left_alone() -> None:
    root = parse_html(
        "<html><head><title>T</title><noscript><link></noscript></head><body><p>x</p></body></html>"
    )
    assert root is not None
    assert [child.tag for child in root.find("body")] == ["p"]
    assert [child.tag for child in root.find("head")] == ["title", "noscript"]


def test_an_element_before_the_body_tag_opens_the_body() -> None:
    root = parse_html(
        "<html><head><title>T</title><header id=banner>Hi</header></head>"
        "<body><p>x</p></body></html>"
    )
    assert root is not None
    assert [child.get("id") or child.tag for child in root.find("body")] == ["banner", "p"]
