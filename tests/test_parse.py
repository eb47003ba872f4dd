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
