"""Properties of extract() on any input: it returns an Article (or raises only scraper errors),
never recurses into deep trees, and keeps paragraphs it is given."""

from __future__ import annotations

import html as html_lib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scraper import extract
from scraper.errors import ExtractionError
from scraper.extractor import parse_html

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TAGS = ["div", "p", "span", "a", "li", "ul", "table", "td", "tr", "b", "h2", "pre", "br", "nav"]


@st.composite
def tag_soup(draw: st.DrawFn) -> str:
    """Random, often broken, markup: unbalanced tags, attributes, entities, text."""
    pieces = draw(
        st.lists(
            st.one_of(
                st.sampled_from(TAGS).map(lambda t: f"<{t}>"),
                st.sampled_from(TAGS).map(lambda t: f"</{t}>"),
                st.sampled_from(TAGS).map(lambda t: f'<{t} class="share content" id="x">'),
                st.text(max_size=40),
                st.sampled_from(["&amp;", "&#0;", "&#xD800;", "<!--", "-->", "<![CDATA[", "<"]),
            ),
            max_size=60,
        )
    )
    return "".join(pieces)


@FAST
@given(st.text(max_size=300))
def test_any_text_gives_an_article(text: str) -> None:
    article = extract(text, None)
    assert isinstance(article.text, str)


@FAST
@given(st.binary(max_size=400))
def test_any_bytes_gives_an_article(data: bytes) -> None:
    article = extract(data, None)
    assert isinstance(article.text, str)


@FAST
@given(tag_soup())
def test_tag_soup_gives_an_article_with_markdown_and_comments(soup: str) -> None:
    article = extract(soup, "https://example.com/", markdown=True, include_comments=True)
    assert isinstance(article.text, str)
    assert article.markdown is None or isinstance(article.markdown, str)


@FAST
@given(
    st.lists(
        st.text(
            alphabet=st.characters(whitelist_categories=("L", "N"), max_codepoint=0x2FFF),
            min_size=8,
            max_size=30,
        ),
        min_size=3,
        max_size=8,
    )
)
def test_paragraph_words_survive(words: list[str]) -> None:
    sentences = [" ".join([w] * 12) for w in words]
    paragraphs = "".join(f"<p>{html_lib.escape(s)}</p>" for s in sentences)
    article = extract(f"<html><body><article>{paragraphs}</article></body></html>", None)
    for sentence in sentences:
        assert sentence in article.text


def test_extraction_is_deterministic() -> None:
    page = (
        "<html><body><div><p>"
        + "Some words here, in a sentence. " * 20
        + "</p></div></body></html>"
    )
    assert extract(page, None) == extract(page, None)


@pytest.mark.parametrize("depth", [10_000, 50_000])
def test_deep_nesting_does_not_recurse(depth: int) -> None:
    text = "A paragraph at the bottom of a very deep tree, with enough words to count. " * 5
    page = "<html><body>" + "<div>" * depth + f"<p>{text}</p>" + "</div>" * depth + "</body></html>"
    article = extract(page, None, markdown=True, include_comments=True)
    assert isinstance(article.text, str)


def test_big_page_is_handled() -> None:
    paragraph = "<p>" + "Plenty of ordinary words in a long paragraph. " * 40 + "</p>"
    page = "<html><body><article>" + paragraph * 10_000 + "</article></body></html>"
    assert len(page) > 18_000_000
    article = extract(page, None)
    assert article.text.count("\n") >= 9_000


def test_wrong_type_raises_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract(12345, None)  # type: ignore[arg-type]


@pytest.mark.parametrize("junk", ["", "   ", "\x00\x00", "<", "<?xml version='1.0'?>", "<html>"])
def test_junk_input_gives_empty_text(junk: str) -> None:
    assert extract(junk, None).text == ""


def test_xml_declaration_with_encoding_in_str_parses() -> None:
    page = '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>Hello there</p></body></html>'
    root = parse_html(page)
    assert root is not None and "Hello there" in root.text_content()
