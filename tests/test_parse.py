"""The parse stage: a decoded page is parsed as UTF-8 whatever it declares, and the fast text
helper gives exactly what lxml's ``text_content()`` gives."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from test_extract_robustness import tag_soup

from scraper import extract
from scraper.extractor import parse_html
from scraper.extractor.parse import element_text
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
